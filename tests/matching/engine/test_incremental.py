"""upsert/remove keep the index consistent with a fresh build."""

from hypothesis import given, settings
from hypothesis import strategies as st

from helix.matching.engine import Doc, Matcher

TEXTS = [
    ("Fugas de agua potable", "Detección de fugas en la red de agua potable rural."),
    ("Luminarias LED", "Recambio de alumbrado público a LED con telegestión."),
    ("Reciclaje", "Puntos limpios y reciclaje de vidrio y cartón."),
    ("Bus tracking", "Real-time GPS tracking of buses and arrival times."),
    ("Compostaje", "Composteras domiciliarias para residuos orgánicos."),
    ("Cámaras", "Televigilancia con cámaras de seguridad y analítica de video."),
]
QUERIES = [
    Doc("Q1", "Agua", "Se pierde agua potable por fugas."),
    Doc("Q2", "Basura", "Reciclaje de residuos orgánicos y vidrio."),
    Doc("Q3", "Micros", "Micros atrasadas, sin información de llegada."),
]


def test_upsert_adds_replaces_and_remove_deletes():
    m = Matcher(embeddings=False)
    m.build([Doc("S1", *TEXTS[0]), Doc("S2", *TEXTS[1])])
    assert len(m) == 2
    m.upsert(Doc("S3", *TEXTS[3]))
    assert len(m) == 3
    assert [r.id for r in m.query(QUERIES[2])][0] == "S3"
    # Replace S3 with a text about recycling: it must stop matching buses.
    m.upsert(Doc("S3", *TEXTS[2]))
    assert len(m) == 3
    assert "S3" not in [r.id for r in m.query(QUERIES[2])]
    assert [r.id for r in m.query(QUERIES[1])][0] == "S3"
    m.remove("S3")
    m.remove("unknown")
    assert len(m) == 2
    assert "S3" not in [r.id for r in m.query(QUERIES[1])]


def ranking(m):
    return [[(r.id, round(r.score, 3)) for r in m.query(q)] for q in QUERIES]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["S1", "S2", "S3", "S4"]), st.integers(-1, len(TEXTS) - 1)), max_size=12))
def test_any_edit_sequence_ranks_like_a_fresh_build(ops):
    """Invariant: after any sequence of upserts/removes, results equal those of building from scratch."""
    m = Matcher(embeddings=False)
    m.build([Doc("S1", *TEXTS[0])])
    state = {"S1": Doc("S1", *TEXTS[0])}
    for doc_id, text in ops:
        if text < 0:
            m.remove(doc_id)
            state.pop(doc_id, None)
        else:
            doc = Doc(doc_id, *TEXTS[text])
            m.upsert(doc)
            state[doc_id] = doc
    fresh = Matcher(embeddings=False)
    fresh.build(state.values())
    assert len(m) == len(fresh)
    assert ranking(m) == ranking(fresh)
    m.compact()
    assert ranking(m) == ranking(fresh)
