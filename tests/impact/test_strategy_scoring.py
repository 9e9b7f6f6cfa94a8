from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helix.impact.strategy.scoring import Candidate, Weights, haversine_km, scenario, score

counts = st.integers(min_value=0, max_value=10_000)
candidates = st.builds(
    Candidate,
    key=st.uuids().map(str),
    name=st.text(alphabet="abcdefgh", min_size=1, max_size=4),
    population=st.integers(min_value=0, max_value=8_000_000),
    maturity=st.one_of(st.none(), st.floats(min_value=0, max_value=4)),
    open_challenges=counts,
    municipalities=counts,
    municipalities_reached=counts,
    partners=counts,
    universities=counts,
    companies=counts,
    activities=st.integers(min_value=0, max_value=3),
    centroid=st.one_of(st.none(), st.tuples(st.floats(-56, -17), st.floats(-76, -66))),
)
weights = st.builds(Weights, *(st.floats(min_value=0, max_value=10) for _ in range(3)))


def rank_of(ranked, key):
    return next(s.rank for s in ranked if s.candidate.key == key)


@settings(deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(candidates, min_size=1, max_size=8, unique_by=lambda c: c.key), weights, st.data())
def test_more_need_never_lowers_the_rank(places, w, data):
    i = data.draw(st.integers(min_value=0, max_value=len(places) - 1))
    target = places[i]
    more = st.sampled_from(["open_challenges", "population", "not_reached", "maturity"])
    change = data.draw(more)
    extra = data.draw(st.integers(min_value=1, max_value=5_000))
    if change == "open_challenges":
        needier = replace(target, open_challenges=target.open_challenges + extra)
    elif change == "population":
        needier = replace(target, population=target.population + extra)
    elif change == "not_reached":
        needier = replace(target, municipalities=target.municipalities + extra)
    else:  # lower maturity is more need
        needier = replace(target, maturity=max(0.0, (target.maturity if target.maturity is not None else 0.0) - 1))
        if target.maturity is None:
            needier = replace(target, maturity=0.0)  # known lowest maturity ≥ unknown (0.5 need)
    before = rank_of(score(places, w), target.key)
    after = rank_of(score([*places[:i], needier, *places[i + 1 :]], w), target.key)
    assert after <= before


def test_components_on_a_small_hand_built_case():
    active = Candidate(
        "1",
        "Valparaíso",
        population=100,
        open_challenges=2,
        municipalities=10,
        municipalities_reached=5,
        partners=4,
        universities=2,
        companies=10,
        activities=3,
        maturity=2.0,
        centroid=(-33.0, -71.6),
    )
    empty = Candidate(
        "2",
        "Ñuble",
        population=50,
        open_challenges=4,
        municipalities=20,
        partners=0,
        universities=1,
        companies=5,
        activities=0,
        centroid=(-36.6, -72.1),
    )
    ranked = score([active, empty], Weights(need=1, opportunity=0, cost=0))
    assert [s.candidate.name for s in ranked] == ["Ñuble", "Valparaíso"]
    nuble = ranked[0]
    # need = (low maturity 0.5 unknown + challenges 4/4 + population 50/100 + not reached 20/20) / 4
    assert nuble.need == pytest.approx((0.5 + 1 + 0.5 + 1) / 4, abs=1e-4)
    assert nuble.opportunity == pytest.approx((0 + 0.5 + 0.5) / 3, abs=1e-4)
    assert nuble.cost == pytest.approx((1 + 1) / 2, abs=1e-4)
    assert nuble.distance_km == pytest.approx(haversine_km((-36.6, -72.1), (-33.0, -71.6)), abs=1e-4)
    assert 395 < nuble.distance_km < 405
    valpo = ranked[1]
    assert valpo.need == pytest.approx((0.5 + 0.5 + 1 + 0.25) / 4, abs=1e-4) and valpo.cost == 0
    # with cost weighed heavily, the active region comes first
    assert score([active, empty], Weights(need=1, opportunity=1, cost=10))[0].candidate.name == "Valparaíso"
    assert scenario([active, empty]) == {
        "places": 2,
        "new_places": 1,
        "municipalities_to_reach": 25,
        "population": 150,
        "open_challenges": 6,
        "partners": 4,
    }


def test_negative_weights_are_refused():
    with pytest.raises(ValueError):
        Weights(need=-1)
