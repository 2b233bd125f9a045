"""The KPI definitions, lights, scores and standing, without a database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnerbook.performance import domain
from partnerbook.performance.domain import Delivery, DeliveryTotals, Kpi, PeriodData

DAY = date(2026, 3, 10)
ON_TIME = Kpi("on_time", "On-time", "on_time", "higher", "%", 95, 95, 85, 30)
DEFECTS = Kpi("defect_ppm", "Defects", "defect_ppm", "lower", "ppm", 500, 1000, 5000, 10)
COST = Kpi("cost_variance", "Cost variance", "cost_variance", "lower", "%", 0, 2, 5, 20)

days = st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31))
quantities = st.floats(min_value=0, max_value=1e6, allow_nan=False)
deliveries = st.builds(
    Delivery,
    promised_on=days,
    promised_qty=quantities,
    received_on=st.none() | days,
    received_qty=quantities,
    rejected_qty=st.just(0.0),
)


@given(st.lists(deliveries, max_size=40))
def test_on_time_stays_within_0_and_100_for_any_input(lines):
    rate = domain.on_time_rate(domain.delivery_totals(lines))

    assert rate is None or 0 <= rate <= 100


@given(st.lists(deliveries.map(lambda d: replace(d, received_on=None)), max_size=20))
def test_a_period_without_received_lines_has_no_data(lines):
    totals = domain.delivery_totals(lines)

    assert domain.on_time_rate(totals) is None
    assert domain.in_full_rate(totals) is None
    assert domain.acceptance_rate(totals) is None
    assert domain.defect_ppm(totals) is None


@given(st.lists(deliveries, max_size=30), days, st.floats(min_value=0.001, max_value=1e6))
def test_adding_an_on_time_delivery_never_lowers_the_on_time_rate(lines, promised, qty):
    before = domain.on_time_rate(domain.delivery_totals(lines))
    on_time = Delivery(promised, qty, promised - timedelta(days=1), qty)

    after = domain.on_time_rate(domain.delivery_totals([*lines, on_time]))

    assert after is not None
    assert before is None or after >= before


@given(st.lists(deliveries, min_size=1, max_size=30), st.data())
def test_over_delivery_never_raises_the_on_time_rate(lines, data):
    index = data.draw(st.integers(0, len(lines) - 1))
    extra = data.draw(st.floats(min_value=0.001, max_value=1e6))
    bigger = list(lines)
    bigger[index] = replace(lines[index], received_qty=lines[index].received_qty + extra)

    before = domain.on_time_rate(domain.delivery_totals(lines))
    after = domain.on_time_rate(domain.delivery_totals(bigger))

    assert after == before


def test_zero_promised_quantity_is_left_out_not_an_error():
    lines = [Delivery(DAY, 0, DAY + timedelta(days=5), 3), Delivery(DAY, 10, DAY, 10)]

    totals = domain.delivery_totals(lines)

    assert totals.lines == 1
    assert domain.on_time_rate(totals) == 100
    assert domain.on_time_rate(domain.delivery_totals(lines[:1])) is None


def test_quality_comes_from_rejected_over_received():
    totals = DeliveryTotals(lines=2, on_time=1, in_full=2, received_qty=2000, rejected_qty=2)

    assert domain.acceptance_rate(totals) == pytest.approx(99.9)
    assert domain.defect_ppm(totals) == pytest.approx(1000)
    assert domain.in_full_rate(totals) == 100


@pytest.mark.parametrize(
    ("value", "light"), [(96, "green"), (95, "green"), (92, "yellow"), (85, "yellow"), (80, "red")]
)
def test_lights_follow_the_thresholds_when_higher_is_better(value, light):
    assert domain.light(ON_TIME, value) == light


@pytest.mark.parametrize(("value", "light"), [(400, "green"), (3000, "yellow"), (6000, "red")])
def test_lights_follow_the_thresholds_when_lower_is_better(value, light):
    assert domain.light(DEFECTS, value) == light


def test_a_kpi_scores_100_at_target_and_0_at_the_red_threshold():
    assert domain.kpi_score(ON_TIME, 99) == 100
    assert domain.kpi_score(ON_TIME, 90) == pytest.approx(50)
    assert domain.kpi_score(ON_TIME, 60) == 0
    assert domain.kpi_score(COST, 2.5) == pytest.approx(50)
    assert domain.light(ON_TIME, None) is None and domain.kpi_score(ON_TIME, None) is None


def test_the_overall_score_leaves_out_kpis_without_data_and_says_so():
    data = PeriodData(DAY.replace(day=1), DeliveryTotals(lines=50, on_time=46), {})

    period = domain.score_period([ON_TIME, COST], data, domain.MONTH)

    on_time, cost = period.kpis
    assert on_time.value == pytest.approx(92)
    assert on_time.weight_share == 100
    assert period.overall == pytest.approx(70)  # 92 % is 70 % of the way from 85 to 95
    assert period.standing == "good"
    assert period.no_data == ["Cost variance"]
    assert on_time.explanation == (
        "On-time 92 % (46 of 50 lines) against a 95 % target: yellow; scores 70 of 100, "
        "weight 100 % → 70.0 points."
    )
    assert "no data" in cost.explanation and "not counted as zero" in cost.explanation


def test_weights_share_the_overall_score():
    data = PeriodData(
        DAY.replace(day=1), DeliveryTotals(lines=10, on_time=10), {"cost_variance": 5}
    )

    period = domain.score_period([ON_TIME, COST], data, domain.MONTH)

    assert [k.weight_share for k in period.kpis] == [60, 40]
    assert [k.points for k in period.kpis] == [60, 0]
    assert period.overall == 60
    assert period.standing == "watch"


def test_a_period_with_no_data_at_all_has_no_score_and_no_standing():
    period = domain.score_period([ON_TIME, COST], PeriodData(DAY.replace(day=1)), domain.MONTH)

    assert period.overall is None and period.standing is None


@pytest.mark.parametrize(
    ("score", "band"),
    [(85, "excellent"), (84.9, "good"), (70, "good"), (50, "watch"), (49.9, "poor"), (0, "poor")],
)
def test_standing_bands(score, band):
    assert domain.standing(score) == band


def test_trend_compares_with_the_previous_period_in_the_kpis_direction():
    march = PeriodData(date(2026, 3, 1), DeliveryTotals(lines=10, on_time=9), {"cost_variance": 1})
    april = PeriodData(date(2026, 4, 1), DeliveryTotals(lines=10, on_time=10), {"cost_variance": 3})

    card = domain.scorecard([ON_TIME, COST], [march, april], domain.MONTH)

    on_time, cost = card.current.kpis
    assert (on_time.trend, on_time.previous) == ("better", 90)
    assert cost.trend == "worse"  # cost variance: lower is better
    assert card.overall_trend == "better"  # 62 -> 76 points
    assert [p.label for p in card.trailing] == ["2026-03", "2026-04"]


def test_more_than_ten_core_kpis_draw_the_guard_warning():
    kpis = [replace(COST, key=f"k{n}") for n in range(11)]

    assert domain.core_guard(kpis[:10]) is None
    warning = domain.core_guard(kpis)
    assert warning is not None and "11 core KPIs" in warning and "relationship" in warning
    assert domain.core_guard([*kpis[:10], replace(COST, key="extra", core=False)]) is None


def test_thresholds_must_fit_the_direction():
    assert domain.threshold_error("higher", 95, 95, 85) is None
    assert domain.threshold_error("higher", 95, 80, 85) is not None
    assert domain.threshold_error("lower", 500, 1000, 5000) is None
    assert domain.threshold_error("lower", 500, 100, 5000) is not None


def test_periods_shift_by_months_and_quarters():
    assert domain.period_start(date(2026, 5, 20), domain.QUARTER) == date(2026, 4, 1)
    assert domain.shift(date(2026, 1, 1), domain.MONTH, -1) == date(2025, 12, 1)
    assert domain.shift(date(2026, 1, 1), domain.QUARTER, -1) == date(2025, 10, 1)
    assert domain.period_label(date(2026, 4, 1), domain.QUARTER) == "2026 Q2"
    assert domain.combine_entered("innovation", [1, 2]) == 3
    assert domain.combine_entered("responsiveness", [10, 20]) == 15
    assert domain.combine_entered("custom", []) is None
