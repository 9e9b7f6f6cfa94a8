"""Scoring on hand-computed examples (the pure module) and through a submitted response."""

from hypothesis import given
from hypothesis import strategies as st

from helix.surveys import scoring
from helix.surveys.scoring import ScoredQuestion

QUESTIONS = [
    ScoredQuestion("m1", "maturity", dimension="governance", area="strategy"),
    ScoredQuestion("l1", "likert", dimension="governance", area="competences"),
    ScoredQuestion("y1", "yes_no", dimension="people", area="strategy"),
    ScoredQuestion("s1", "single", dimension="people", area="citizens", option_scores={"a": 0.0, "b": 0.5}),
    ScoredQuestion("x1", "multiple", dimension="economy", option_scores={"p": 0.34, "q": 0.34, "r": 0.34}),
    ScoredQuestion("r1", "ranking"),
    ScoredQuestion("n1", "number", dimension="economy"),
]


def test_hand_computed_example():
    answers = {"m1": 3, "l1": 4, "y1": True, "s1": "b", "x1": ["p", "q"], "r1": ["a", "b", "c"], "n1": 99.0}
    scores = scoring.score_response(QUESTIONS, answers)
    # governance: mean(3/4, (4-1)/4) = 0.75 → 3.0; people: mean(1, 0.5) = 0.75 → 3.0; economy: 0.68 → 2.72
    assert scores["dimensions"] == {"governance": 3.0, "people": 3.0, "economy": 2.72}
    # strategy: mean(0.75, 1) → 3.5; competences: 0.75 → 3.0; citizens: 0.5 → 2.0
    assert scores["areas"] == {"strategy": 3.5, "competences": 3.0, "citizens": 2.0}
    assert scores["overall"] == 2.91  # (3 + 3 + 2.72) / 3 = 2.9066…
    assert scores["level"] == 2


def test_unanswered_questions_do_not_lower_a_score():
    scores = scoring.score_response(QUESTIONS, {"m1": 4})
    assert scores["dimensions"] == {"governance": 4.0}
    assert scores["overall"] == 4.0 and scores["level"] == 4
    assert scoring.score_response(QUESTIONS, {})["overall"] is None


def test_medians_strongest_weakest_and_rankings():
    assert scoring.medians([{"a": 1.0, "b": 2.0}, {"a": 3.0}, {"a": 2.5, "b": 4.0}]) == {"a": 2.5, "b": 3.0}
    strongest, weakest = scoring.strongest_and_weakest({"a": 1.0, "b": 3.0, "c": 2.0, "d": 1.0}, n=2)
    assert weakest == ["a", "d"] and strongest == ["b", "c"]
    summary = scoring.ranking_summary([["x", "y", "z"], ["y", "x", "w"], ["y", "z", "x"]], respondents=4)
    assert summary["y"] == {"count": 3, "share": 0.75, "average_rank": 1.33}
    assert summary["x"] == {"count": 3, "share": 0.75, "average_rank": 2.0}
    assert summary["w"] == {"count": 1, "share": 0.25, "average_rank": 3.0}


@given(st.dictionaries(st.sampled_from(["m1", "l1"]), st.integers(1, 4)))
def test_scores_stay_on_the_0_to_4_scale(answers):
    scores = scoring.score_response(QUESTIONS, answers)
    assert all(0 <= v <= 4 for v in scores["dimensions"].values())
    assert scores["level"] is None or 0 <= scores["level"] <= 4
