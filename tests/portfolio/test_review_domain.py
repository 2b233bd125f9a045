"""The review's pure rules: how each input moves a suggestion, the cut-offs, the guard and
the getting-started plan's grouping (no database)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from partnerbook.portfolio import domain
from partnerbook.portfolio.domain import AttentionRow, ReviewInputs

STRONG = ReviewInputs(
    quadrant="strategic", recommended_model="partnership", chosen_model="partnership",
    health_score=82, health_light="green", health_as_of="2026-11-01",
    performance_score=91.0, performance_light="green", performance_period="2026 Q3",
    roi=Decimal("1.40"), roi_explanation="Benefits 70,000 against 50,000 of effort.",
)  # fmt: skip


def _points(suggestion: domain.Suggestion) -> dict[str, int]:
    return {r.input: r.points for r in suggestion.reasons}


def test_a_strong_strategic_partner_is_suggested_invest_with_every_input_explained():
    suggestion = domain.suggest(STRONG)
    assert suggestion.decision == domain.INVEST
    assert _points(suggestion) == {
        "quadrant": 2, "engagement_model": 1, "health": 1, "performance": 1, "economics": 1,
    }  # fmt: skip
    assert suggestion.points == 6
    assert "ROI 140 %" in suggestion.reasons[-1].finding
    assert "total +6 ≥ +2 → invest" in suggestion.explanation


def test_an_avoid_supplier_with_red_lights_is_suggested_phase_out():
    inputs = ReviewInputs(
        quadrant="avoid", recommended_model="transactional", chosen_model="transactional",
        health_score=30, health_light="red", performance_score=40.0, performance_light="red",
        roi=Decimal("-0.2"),
    )  # fmt: skip
    suggestion = domain.suggest(inputs)
    assert suggestion.decision == domain.PHASE_OUT
    assert suggestion.points == -5


def test_nothing_known_suggests_maintain_and_names_every_missing_input():
    suggestion = domain.suggest(ReviewInputs(economics_available=False))
    assert suggestion.decision == domain.MAINTAIN
    assert suggestion.points == 0
    assert all(r.missing for r in suggestion.reasons)
    assert "Not known yet: value-risk quadrant, engagement model" in suggestion.explanation
    assert "not recorded in this installation" in suggestion.reasons[-1].finding


def test_a_missing_roi_counts_as_zero_and_says_why():
    reason = domain.economics_reason(ReviewInputs(roi=None, roi_explanation="No hours logged."))
    assert reason.points == 0 and reason.missing
    assert "No ROI yet" in reason.finding and "No hours logged." in reason.finding


def test_an_over_invested_transactional_supplier_loses_a_point():
    reason = domain.model_reason(
        ReviewInputs(recommended_model="transactional", chosen_model="partnership")
    )
    assert reason.points == -1
    assert "more relationship effort" in reason.finding


def test_a_partnership_run_as_transactional_gains_a_point():
    reason = domain.model_reason(
        ReviewInputs(recommended_model="partnership", chosen_model="transactional")
    )
    assert reason.points == 1


def test_each_light_moves_health_and_performance_by_one():
    for light, points in (("green", 1), ("yellow", 0), ("red", -1)):
        assert (
            domain.health_reason(ReviewInputs(health_score=50, health_light=light)).points == points
        )
        perf = ReviewInputs(performance_score=50.0, performance_light=light)
        assert domain.performance_reason(perf).points == points


def test_an_overridden_quadrant_says_a_manager_set_it():
    reason = domain.quadrant_reason(
        ReviewInputs(quadrant="opportunistic", quadrant_overridden=True)
    )
    assert reason.points == 1 and "set by a manager" in reason.finding


_light = st.sampled_from([None, "green", "yellow", "red"])
_inputs = st.builds(
    ReviewInputs,
    quadrant=st.sampled_from([None, "strategic", "operational", "opportunistic", "avoid"]),
    recommended_model=st.sampled_from([None, "partnership", "transactional"]),
    chosen_model=st.sampled_from([None, "partnership", "transactional"]),
    health_score=st.one_of(st.none(), st.integers(0, 100)),
    health_light=_light,
    performance_score=st.one_of(st.none(), st.floats(0, 100)),
    performance_light=_light,
    roi=st.one_of(st.none(), st.decimals(-5, 5, places=2)),
    economics_available=st.booleans(),
)


@given(_inputs)
def test_the_suggestion_always_follows_the_sum_of_its_reasons(inputs):
    suggestion = domain.suggest(inputs)
    assert suggestion.points == sum(r.points for r in suggestion.reasons)
    assert len(suggestion.reasons) == 5
    if suggestion.points >= domain.INVEST_FROM:
        assert suggestion.decision == domain.INVEST
    elif suggestion.points <= domain.PHASE_OUT_AT:
        assert suggestion.decision == domain.PHASE_OUT
    else:
        assert suggestion.decision == domain.MAINTAIN
    assert all(r.points == 0 for r in suggestion.reasons if r.missing)


@given(_inputs)
def test_a_better_health_light_never_lowers_the_suggestion(inputs):
    order = [domain.PHASE_OUT, domain.MAINTAIN, domain.INVEST]
    worse = domain.suggest(
        ReviewInputs(**{**vars(inputs), "health_score": 10, "health_light": "red"})
    )
    better = domain.suggest(
        ReviewInputs(**{**vars(inputs), "health_score": 90, "health_light": "green"})
    )
    assert order.index(better.decision) >= order.index(worse.decision)


# --- the guard ------------------------------------------------------------------------------


def _row(pk, owner="Ben", quadrant="strategic", model="partnership", decision=""):
    return AttentionRow(pk, f"Supplier {pk}", owner, quadrant, model, decision)


def test_the_guard_counts_partnerships_invested_in_or_strategic_but_not_phased_out():
    rows = [
        _row(1),  # strategic partnership, undecided
        _row(2, quadrant="operational", decision="invest"),  # invest on a partnership
        _row(3, quadrant="operational", decision="maintain"),  # not counted
        _row(4, model="transactional", decision="invest"),  # not a partnership
        _row(5, decision="phase_out"),  # being phased out
    ]
    guard = domain.attention_guard(rows, owner_limit=5, team_limit=5)
    assert guard.counted == {
        1: "partnership in the strategic quadrant", 2: "invest decision on a partnership",
    }  # fmt: skip
    assert guard.total == 2 and not guard.warnings


def test_the_guard_warns_per_owner_and_for_the_team_above_the_limits():
    rows = [_row(i, owner="Ben") for i in range(4)] + [_row(10 + i, owner="") for i in range(2)]
    guard = domain.attention_guard(rows, owner_limit=3, team_limit=5)
    assert guard.per_owner == {"Ben": 4, domain.NO_OWNER: 2}
    assert [w.who for w in guard.warnings] == ["Ben", "The team"]
    assert guard.warnings[0].count == 4 and guard.warnings[0].limit == 3
    assert "6 strategic partners" in guard.warnings[1].message
    assert "Limits: 3 per relationship owner, 5 for the team" in guard.explanation


def test_the_guard_is_quiet_at_the_limit():
    rows = [_row(i) for i in range(5)]
    assert not domain.attention_guard(rows, owner_limit=5, team_limit=5).warnings


@given(st.lists(st.tuples(st.sampled_from(["A", "B", ""]), st.booleans()), max_size=30),
       st.integers(1, 10), st.integers(1, 10))  # fmt: skip
def test_the_guard_counts_add_up(spec, owner_limit, team_limit):
    rows = [
        _row(i, owner=o, quadrant="strategic" if s else "avoid") for i, (o, s) in enumerate(spec)
    ]
    guard = domain.attention_guard(rows, owner_limit, team_limit)
    assert guard.total == sum(guard.per_owner.values()) == sum(1 for _, s in spec if s)
    assert any(w.who == "The team" for w in guard.warnings) == (guard.total > team_limit)


# --- the plan -------------------------------------------------------------------------------


def test_the_plan_groups_items_by_week_and_points_at_the_first_open_one():
    items = [
        domain.PlanItem("criteria", 1, "Criteria", True, "found"),
        domain.PlanItem("alignment", 1, "Triangle", True, "found"),
        domain.PlanItem("matrix", 2, "Matrix", False, "missing", "/portfolio/review/"),
        domain.PlanItem("playbook", 3, "Playbook", True, "found"),
    ]
    weeks = domain.plan_weeks(items)
    assert [w.week for w in weeks] == [1, 2, 3, 4]
    assert [w.done for w in weeks] == [True, False, True, True]
    assert domain.next_step(weeks).key == "matrix"
