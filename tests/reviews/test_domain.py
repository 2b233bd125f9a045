"""The pure rules of reviews: quarters, the re-check of the quadrant (did it change, did risk
rise), the frozen scorecard and the timeline summary. No database."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnerbook.performance import domain as performance
from partnerbook.reviews import domain
from partnerbook.reviews.domain import Position

TODAY = dt.date(2026, 6, 15)
QUADRANTS = [None, *domain.QUADRANT_LABELS]


def test_the_last_complete_quarter_is_the_one_before_today():
    assert domain.last_complete_quarter(TODAY) == dt.date(2026, 1, 1)
    assert domain.last_complete_quarter(dt.date(2026, 1, 1)) == dt.date(2025, 10, 1)
    assert domain.recent_quarters(TODAY, 3) == [
        dt.date(2026, 4, 1), dt.date(2026, 1, 1), dt.date(2025, 10, 1),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-Q1", dt.date(2026, 1, 1)),
        ("2025-Q4", dt.date(2025, 10, 1)),
        (" 2026-Q3 ", dt.date(2026, 7, 1)),
    ],
)
def test_it_reads_a_quarter(text, expected):
    assert domain.parse_quarter(text) == expected
    assert domain.quarter_key(expected) == text.strip()


@pytest.mark.parametrize("text", ["2026-Q5", "2026-Q0", "2026-03", "Q1 2026", "", None, "1899-Q1"])
def test_it_refuses_what_is_not_a_quarter(text):
    assert domain.parse_quarter(text) is None


def test_a_future_quarter_or_a_day_that_is_no_quarter_start_cannot_be_reviewed():
    assert domain.quarter_problem(dt.date(2026, 7, 1), TODAY) is not None
    assert domain.quarter_problem(dt.date(2026, 2, 1), TODAY) is not None
    assert domain.quarter_problem(dt.date(2026, 4, 1), TODAY) is None  # under way
    assert domain.quarter_problem(dt.date(2026, 1, 1), TODAY) is None


def test_a_review_is_held_from_the_quarters_start_up_to_today():
    start = dt.date(2026, 1, 1)
    assert "before the quarter began" in domain.held_on_problem(dt.date(2025, 12, 31), start, TODAY)
    assert "future" in domain.held_on_problem(dt.date(2026, 6, 16), start, TODAY)
    assert domain.held_on_problem(start, start, TODAY) is None
    assert domain.held_on_problem(TODAY, start, TODAY) is None


def test_the_first_review_compares_with_itself_so_nothing_changed_or_rose():
    check = domain.recheck(None, Position("avoid", 80.0))

    assert check.first and check.before == check.after
    assert not check.quadrant_changed and not check.risk_rose
    assert check.summary.startswith("First review: the supplier is placed Avoid")


def test_a_higher_risk_score_means_risk_rose():
    check = domain.recheck(Position("strategic", 20.0), Position("strategic", 30.5))

    assert check.risk_rose and not check.quadrant_changed
    assert "Quadrant unchanged (Strategic); risk score 20 → 30.5" in check.summary
    assert "mitigation plan is needed" in check.summary


def test_a_move_to_a_high_risk_quadrant_means_risk_rose_even_with_a_lower_score():
    # An override can place a supplier without its score moving.
    check = domain.recheck(Position("operational", 40.0), Position("avoid", 35.0))

    assert check.quadrant_changed and check.risk_rose
    assert check.summary.startswith("Quadrant changed from Operational to Avoid")


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (Position("opportunistic", 70.0), Position("strategic", 30.0)),  # safer
        (Position("strategic", 30.0), Position("operational", 30.0)),  # less value, same risk
        (Position("avoid", 70.0), Position("opportunistic", 70.0)),  # both high risk
        (Position(None, None), Position("avoid", 80.0)),  # nothing to compare with
        (Position("strategic", None), Position("strategic", 60.0)),
    ],
)
def test_no_rise_without_a_higher_score_or_a_riskier_quadrant(before, after):
    assert not domain.recheck(before, after).risk_rose


def test_a_change_from_not_placed_is_shown_as_a_change():
    check = domain.recheck(Position(None, None), Position("strategic", 10.0))

    assert check.quadrant_changed
    assert check.summary.startswith("Quadrant changed from not placed to Strategic")
    assert "risk score unknown → 10" in check.summary


@given(
    st.sampled_from(QUADRANTS), st.none() | st.floats(0, 100),
    st.sampled_from(QUADRANTS), st.none() | st.floats(0, 100),
)  # fmt: skip
def test_risk_rose_is_exactly_a_higher_score_or_a_move_to_the_high_risk_side(qb, rb, qa, ra):
    before, after = Position(qb, rb), Position(qa, ra)
    higher = rb is not None and ra is not None and ra > rb
    riskier = (
        qb is not None and qa is not None
        and qb in ("strategic", "operational") and qa in ("opportunistic", "avoid")
    )  # fmt: skip

    assert domain.risk_rose(before, after) == (higher or riskier)
    assert not domain.risk_rose(after, after)


def test_points_are_trimmed_and_kept_once():
    assert domain.parse_points("- Keep stock\n\n  Keep stock \n• New forecast") == [
        "Keep stock", "New forecast",
    ]  # fmt: skip
    assert domain.points_problem(["x" * 301]) is not None
    assert domain.points_problem(["x"] * 31) is not None
    assert domain.points_problem(["x"] * 30) is None


def test_an_action_cannot_be_due_before_the_review():
    assert domain.due_problem(dt.date(2026, 4, 19), dt.date(2026, 4, 20)) is not None
    assert domain.due_problem(dt.date(2026, 4, 20), dt.date(2026, 4, 20)) is None
    assert domain.due_problem(None, dt.date(2026, 4, 20)) is None


ON_TIME = performance.Kpi("on_time", "On-time", "on_time", "higher", "%", 95, 95, 85, 30)
COST = performance.Kpi("cost_variance", "Cost variance", "cost_variance", "lower", "%", 0, 2, 5, 10)


def test_the_frozen_scorecard_keeps_every_kpi_with_its_light_and_explanation():
    periods = [
        performance.PeriodData(dt.date(2025, 10, 1), performance.DeliveryTotals(10, 10, 10, 10)),
        performance.PeriodData(dt.date(2026, 1, 1), performance.DeliveryTotals(20, 18, 20, 20)),
    ]
    card = performance.scorecard([ON_TIME, COST], periods, performance.QUARTER)
    ratings = {"payment_on_time": 4, "fairness": 2}
    customer = performance.customer_score(dt.date(2026, 1, 1), ratings)

    frozen = domain.freeze_scorecard(card, "2026-04-20T10:00:00+00:00", True, customer)

    assert frozen["label"] == "2026 Q1" and frozen["start"] == "2026-01-01"
    on_time, cost = frozen["kpis"]
    assert on_time["value"] == 90.0 and on_time["display"] == "90 %"
    assert on_time["light"] == "yellow" and on_time["trend"] == "worse"
    assert on_time["explanation"].startswith("On-time 90 % (18 of 20 lines) against a 95 % target")
    assert cost["value"] is None and cost["light"] is None
    assert frozen["no_data"] == ["Cost variance"]
    assert frozen["overall"] == 50.0 and frozen["standing"] == "watch"
    assert frozen["previous_overall"] == 100.0
    assert frozen["customer"]["score"] == 50.0
    assert domain.light_counts(frozen) == {"green": 0, "yellow": 1, "red": 0}


def test_the_timeline_summary_names_score_decisions_and_successes():
    notes = domain.interaction_notes(
        "2026 Q1", 82.25, "good", ["Keep two weeks of stock"], ["No rejects"],
        "Steady quarter.", "New planner.", "Quadrant unchanged (Strategic).",
    )  # fmt: skip

    assert (
        notes.splitlines()[0] == "Quarterly business review of 2026 Q1: overall score 82.2 (Good)."
    )
    assert "Decisions: Keep two weeks of stock." in notes
    assert "Successes: No rejects." in notes
    assert "The supplier's comments: New planner." in notes
    assert len(domain.interaction_notes("Q", None, None, [], [], "x" * 30_000, "", "")) == 20_000
