"""The vetting scorecard maths: weighted totals, median and spread, the must-have filter
and the deterministic, explained ranking. No database."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from partnerbook.sourcing import domain
from partnerbook.sourcing.domain import (
    CandidateInput,
    EvaluationInput,
    ScoredCriterion,
    evaluation_total,
    median,
    must_have_check,
    rank,
    score_candidate,
)

CRITERIA = [
    ScoredCriterion(1, "Certifications", True),
    ScoredCriterion(2, "Capacity", False, 30),
    ScoredCriterion(3, "Cultural fit", False, 10),
]


def ev(who, scores=None, met=None, pk=None):
    return EvaluationInput(pk or hash(who) % 1000, who, scores or {}, met or {})


def test_weighted_total_is_weight_times_score_over_the_maximum():
    total = evaluation_total(CRITERIA, ev("Ann", {2: 4, 3: 2}, {1: True}))
    # (30*4 + 10*2) / (40*5) * 100 = 140 / 200 * 100
    assert total.total == 70.0 and total.complete and total.missing == []
    assert [c.points for c in total.contributions] == [60.0, 10.0]
    assert "Capacity 4/5 × 30 = 60" in total.explanation


def test_missing_criteria_count_but_mark_the_evaluation_incomplete():
    total = evaluation_total(CRITERIA, ev("Ann", {2: 5}))
    assert total.total == 100.0  # only what was scored counts
    assert not total.complete
    assert total.missing == ["Cultural fit", "Certifications"]
    assert "Incomplete: not scored Cultural fit, Certifications" in total.explanation


def test_no_weighted_score_gives_no_total():
    assert evaluation_total(CRITERIA, ev("Ann", met={1: True})).total is None


def test_median_and_spread_across_evaluators():
    assert median([]) is None and median([3.0]) == 3.0
    assert median([10.0, 30.0, 20.0]) == 20.0 and median([10.0, 20.0]) == 15.0
    score = score_candidate(
        CRITERIA,
        CandidateInput(7, "Acme", [ev("Ann", {2: 5, 3: 5}), ev("Bob", {2: 3, 3: 1}),
                                   ev("Cy", {2: 4, 3: 4})]),
    )  # fmt: skip
    assert [t.total for t in score.totals] == [100.0, 50.0, 80.0]
    assert score.median == 80.0 and score.spread == 50.0 and score.evaluators == 3
    capacity = next(c for c in score.criteria if c.name == "Capacity")
    assert capacity.median_score == 4 and capacity.contribution == 60.0
    assert any("Median 80 across 3 evaluators; spread 50" in line for line in score.lines)


def test_must_have_fails_naming_which_and_by_whom():
    check = must_have_check(CRITERIA, [ev("Ann", met={1: True}), ev("Bob", met={1: False})])
    assert check.status == domain.MUST_HAVE_FAIL
    assert check.reasons == ["Certifications: not met according to Bob."]


def test_must_have_passes_only_when_each_is_marked_met_and_none_not_met():
    assert must_have_check(CRITERIA, [ev("Ann", met={1: True}), ev("Bob")]).status == "pass"
    unknown = must_have_check(CRITERIA, [ev("Ann", {2: 3})])
    assert unknown.status == "unknown" and "Certifications" in unknown.reasons[0]
    assert must_have_check([ScoredCriterion(2, "Capacity", False, 5)], []).status == "pass"


def _score(pk, name, evaluations):
    return score_candidate(CRITERIA, CandidateInput(pk, name, evaluations))


def test_ranking_order_and_the_rule_that_separates_each_rank():
    failing = _score(1, "Fail Co", [ev("Ann", {2: 5, 3: 5}, {1: False})])
    unknown = _score(2, "Unknown Co", [ev("Ann", {2: 5, 3: 5})])
    high = _score(3, "High Co", [ev("Ann", {2: 4, 3: 4}, {1: True})])
    narrow = _score(4, "Narrow Co", [ev("Ann", {2: 3, 3: 3}, {1: True}), ev("Bob", {2: 3, 3: 3})])
    wide = _score(5, "Wide Co", [ev("Ann", {2: 5, 3: 5}, {1: True}), ev("Bob", {2: 1, 3: 1})])
    ranked = rank([failing, unknown, wide, narrow, high])
    assert [r.score.supplier for r in ranked] == [
        "High Co", "Narrow Co", "Wide Co", "Unknown Co", "Fail Co"
    ]  # fmt: skip
    assert [r.rank for r in ranked] == [1, 2, 3, 4, 5]
    assert ranked[0].reason.startswith("First: must-haves met, highest median 80")
    assert ranked[1].reason.startswith("Lower median: 60 against 80")
    assert ranked[2].reason.startswith("Same median; wider spread between evaluators: 80")
    assert ranked[3].reason.startswith("Must-have filter: must-haves not yet confirmed")
    assert ranked[4].reason.startswith("Must-have filter: a must-have is not met")


def test_ties_go_to_more_evaluators_then_name_then_id():
    two = _score(9, "Zed", [ev("Ann", {2: 3, 3: 3}, {1: True}), ev("Bob", {2: 3, 3: 3})])
    one_b = _score(8, "beta", [ev("Ann", {2: 3, 3: 3}, {1: True})])
    one_a = _score(7, "Alpha", [ev("Ann", {2: 3, 3: 3}, {1: True})])
    twin = _score(6, "alpha", [ev("Ann", {2: 3, 3: 3}, {1: True})])
    ranked = rank([one_b, one_a, two, twin])
    assert [r.score.candidate_id for r in ranked] == [9, 6, 7, 8]
    assert "fewer evaluators: 1 against 2" in ranked[1].reason
    assert "by name" not in ranked[2].reason and "added later" in ranked[2].reason
    assert "by name" in ranked[3].reason


_evaluation = st.builds(
    lambda who, scores, met: EvaluationInput(who, f"E{who}", scores, met),
    st.integers(1, 4),
    st.dictionaries(st.sampled_from([2, 3]), st.integers(0, 5), max_size=2),
    st.dictionaries(st.just(1), st.booleans(), max_size=1),
)
_candidates = st.lists(
    st.tuples(st.sampled_from(["Acme", "acme", "Beta", "Gamma"]),
              st.lists(_evaluation, max_size=3, unique_by=lambda e: e.evaluator_id)),
    max_size=8,
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(_candidates, st.randoms(use_true_random=False))
def test_ranking_does_not_depend_on_input_order(candidates, rnd: random.Random):
    scores = [_score(pk, name, evs) for pk, (name, evs) in enumerate(candidates, start=1)]
    shuffled = list(scores)
    rnd.shuffle(shuffled)
    first = [(r.rank, r.score.candidate_id, r.reason) for r in rank(scores)]
    second = [(r.rank, r.score.candidate_id, r.reason) for r in rank(shuffled)]
    assert first == second
    # Evaluators given in another order give the same scores too.
    for pk, (name, evs) in enumerate(candidates, start=1):
        assert _score(pk, name, list(reversed(evs))) == _score(pk, name, evs)
