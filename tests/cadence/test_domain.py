"""The pure rules: the proposed cadence and its reasons, due dates, occurrences, gaps."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnerbook.cadence import domain
from partnerbook.cadence.domain import ProposalInputs, propose

D = dt.date


def kinds(proposal):
    return {i.kind: i for i in proposal.items}


def test_new_partnership_gets_weekly_operational_call_and_full_rhythm():
    proposal = propose(ProposalInputs(model="partnership", months_active=4, quadrant="strategic"))
    found = kinds(proposal)
    assert set(found) == set(domain.KINDS)
    assert found["weekly_operational"].interval_days == 7
    assert found["monthly_performance"].interval_days == 30
    assert found["annual_health_check"].interval_days == 365
    assert proposal.volatile
    assert any("New: active for 4 month(s)" in r for r in proposal.reasons)


def test_stable_mature_partnership_meets_quarterly_without_weekly_call():
    proposal = propose(
        ProposalInputs(
            model="partnership", months_active=40, maturity_stage="strategic", complexity=2
        )
    )
    found = kinds(proposal)
    assert "weekly_operational" not in found
    assert found["monthly_performance"].interval_days == 91
    assert found["quarterly_strategic"].interval_days == 91
    assert not proposal.volatile
    assert any(r.startswith("Stable and mature") for r in proposal.reasons)


def test_early_maturity_stage_counts_as_new_even_when_old():
    proposal = propose(
        ProposalInputs(model="partnership", months_active=60, maturity_stage="cooperative")
    )
    assert "weekly_operational" in kinds(proposal)
    assert any("Early maturity stage: cooperative" in r for r in proposal.reasons)


def test_complex_supply_gets_weekly_call_even_when_transactional():
    proposal = propose(
        ProposalInputs(model="transactional", months_active=50, maturity_stage="strategic",
                       complexity=5)
    )  # fmt: skip
    found = kinds(proposal)
    assert set(found) == {"weekly_operational", "monthly_performance"}
    assert any("complexity 5 of 5" in r for r in proposal.reasons)


def test_stable_transactional_supplier_gets_quarterly_performance_review_only():
    proposal = propose(
        ProposalInputs(model="transactional", months_active=30, maturity_stage="collaborative")
    )
    assert [(i.kind, i.interval_days) for i in proposal.items] == [("monthly_performance", 91)]
    assert "annual_health_check" not in kinds(proposal)


def test_strategic_quadrant_brings_executives_to_the_strategic_review():
    found = kinds(propose(ProposalInputs(model="partnership", quadrant="strategic")))
    assert found["quarterly_strategic"].our_level == "executive"
    found = kinds(propose(ProposalInputs(model="partnership", quadrant="operational")))
    assert found["quarterly_strategic"].our_level == "management"


def test_avoid_quadrant_keeps_effort_low():
    proposal = propose(ProposalInputs(model="transactional", quadrant="avoid", months_active=2))
    assert [(i.kind, i.interval_days) for i in proposal.items] == [("monthly_performance", 91)]


def test_every_proposed_item_says_why_and_uses_known_channels():
    for model in ("partnership", "transactional", None):
        for months in (2, 40):
            proposal = propose(ProposalInputs(model=model, months_active=months))
            assert proposal.reasons
            for item in proposal.items:
                assert item.reason
                assert set(item.channels) <= set(domain.CHANNELS)


def test_due_status_counts_from_last_held_or_from_creation():
    never = domain.due_status(30, D(2026, 1, 1), None, D(2026, 3, 2))
    assert never.next_due == D(2026, 1, 31) and never.days_overdue == 30 and never.overdue
    held = domain.due_status(30, D(2026, 1, 1), D(2026, 2, 20), D(2026, 3, 2))
    assert held.next_due == D(2026, 3, 22) and not held.overdue and held.days_overdue == 0


def test_due_day_itself_is_not_overdue():
    status = domain.due_status(7, D(2026, 1, 1), D(2026, 1, 10), D(2026, 1, 17))
    assert status.next_due == D(2026, 1, 17) and not status.overdue


def test_last_held_takes_only_matching_channels():
    latest = {"call": D(2026, 5, 1), "email": D(2026, 6, 1)}
    assert domain.last_held_on(("call", "meeting"), latest) == D(2026, 5, 1)
    assert domain.last_held_on(("meeting",), latest) is None


def test_occurrences_roll_a_past_start_forward_and_stay_in_the_window():
    tz = dt.UTC
    start = dt.datetime(2026, 1, 5, 9, 0, tzinfo=tz)
    window = (dt.datetime(2026, 2, 1, tzinfo=tz), dt.datetime(2026, 3, 1, tzinfo=tz))
    found = domain.occurrences(start, 7, *window)
    assert found[0] == dt.datetime(2026, 2, 2, 9, 0, tzinfo=tz)
    assert all(window[0] <= f < window[1] for f in found)
    assert len(found) == 4


@given(
    offset=st.integers(min_value=-2000, max_value=2000),
    interval=st.integers(min_value=1, max_value=400),
)
def test_next_occurrence_is_the_first_start_not_before_now(offset, interval):
    now = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)
    start = now + dt.timedelta(days=offset, hours=3)
    found = domain.next_occurrence(start, interval, now)
    assert found >= now
    assert found - dt.timedelta(days=interval) < now or found == start
    assert (found - start) % dt.timedelta(days=interval) == dt.timedelta(0)


def test_compare_flags_gaps_of_two_points_or_more():
    ours = {"trust": 5, "openness": 4, "reciprocity": 3, "communication": 2,
            "joint_problem_solving": 4}  # fmt: skip
    theirs = {"trust": 3, "openness": 3, "reciprocity": 3, "communication": 4,
              "joint_problem_solving": 4}  # fmt: skip
    comparison = domain.compare(ours, theirs)
    gaps = {r.question: (r.gap, r.flagged) for r in comparison.rows}
    assert gaps["trust"] == (2, True)
    assert gaps["openness"] == (1, False)
    assert gaps["communication"] == (-2, True)
    assert comparison.flagged == ("trust", "communication")
    assert comparison.complete


def test_compare_without_the_other_side_flags_nothing():
    comparison = domain.compare({"trust": 5}, {})
    assert not comparison.flagged and not comparison.complete
    assert comparison.rows[0].gap is None


def test_occurrences_refuse_a_zero_interval():
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    with pytest.raises(ValueError):
        domain.occurrences(now, 0, now, now + dt.timedelta(days=1))
