"""Text analysis: folding, language guess, place names, abbreviation expansion, concept lookup."""

from helix.matching.engine.analysis import analyse
from helix.matching.engine.places import strip_places
from helix.matching.engine.text import fold, guess_language, words
from helix.matching.engine.thesaurus import default_thesaurus


def test_fold_and_words():
    assert fold("Ñuñoa TELEMETRÍA über") == "nunoa telemetria uber"
    assert words("¡Agua-potable, rural!") == ["agua", "potable", "rural"]


def test_language_guess():
    assert guess_language(words("The sensors report over a mesh network for the city")) == "en"
    assert guess_language(words("Los sensores informan por una red de la comuna")) == "es"
    assert guess_language([]) == "es"


def test_place_names_are_removed_so_they_do_not_look_like_topics():
    assert strip_places(words("Micros en Puente Alto y Puerto Montt")) == ["micros", "en", "y"]
    concepts = analyse("Micros atrasadas en Puente Alto", "", "", (), default_thesaurus()).concepts
    assert "bus-delays" in concepts
    assert "rural-roads" not in concepts  # "puente" of Puente Alto


def test_abbreviations_expand_into_concepts_and_lexical_terms():
    a = analyse("Problemas en el APR", "El CESFAM y la OMIL", "", (), default_thesaurus())
    assert {"rural-drinking-water", "primary-care", "employment-services"} <= set(a.concepts)
    assert "potabl" in a.lexical  # "agua potable rural" stems joined the lexical bag


def test_english_and_spanish_wording_share_concepts():
    th = default_thesaurus()
    es = analyse("Basurales en la población", "Tiran basura en sitios eriazos", "", (), th).concepts
    en = analyse("Illegal dumping detection", "Cameras spot fly-tipping hotspots", "", (), th).concepts
    assert "illegal-dumping" in es and "illegal-dumping" in en


def test_shipped_thesaurus_is_broad_and_consistent():
    import csv
    from pathlib import Path

    th = default_thesaurus()
    taxonomy = Path(__file__).resolve().parents[3] / "helix" / "network" / "data" / "taxonomy.csv"
    with open(taxonomy, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    codes = {row["code"] for row in rows}
    assert len(th) >= 200
    for concept in th.concepts.values():
        assert concept.topic in codes, concept.id
        assert all(r in th.concepts for r in concept.related), concept.id
    covered = {c.topic for c in th.concepts.values()}
    topics = {row["code"] for row in rows if row["kind"] == "topic"}
    assert topics <= covered
