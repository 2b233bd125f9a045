"""The pure risk computations: shares, HHI and its bands, trends, critical supply, plan
reviews, rating deteriorations, the financial-health bands and the power balance."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from partnerbook.risk import domain
from partnerbook.risk.domain import Rating, SupplierSpend

D = Decimal


def spend(pk: int, amount: str, category: int = 1) -> SupplierSpend:
    return SupplierSpend(pk, f"S{pk}", category, f"C{category}", D(amount))


def test_shares_split_a_category_and_the_total():
    shares = domain.compute_shares([spend(1, "600"), spend(2, "400"), spend(3, "1000", category=2)])
    by_id = {s.supplier_id: s for s in shares}

    assert by_id[1].of_category == D("0.6") and by_id[1].of_total == D("0.3")
    assert by_id[3].of_category == 1 and by_id[3].of_total == D("0.5")
    assert "60.0 % of the category" in by_id[1].explanation


def test_a_share_strictly_above_the_cap_is_flagged():
    shares = domain.compute_shares([spend(1, "30"), spend(2, "70")], D("30"), D("80"))
    by_id = {s.supplier_id: s for s in shares}

    assert not by_id[1].over_category_cap  # exactly at the cap
    assert by_id[2].over_category_cap and not by_id[2].over_total_cap


def test_credit_notes_that_outweigh_spend_count_as_zero():
    shares = domain.compute_shares([spend(1, "-50"), spend(2, "100")])

    assert {s.supplier_id: s.of_category for s in shares} == {1: 0, 2: 1}


def test_hhi_of_one_supplier_is_ten_thousand_and_of_equal_fifths_two_thousand():
    assert domain.hhi([D("5")]) == 10000
    assert domain.hhi([D("1")] * 5) == 2000
    assert domain.hhi([]) == 0


def test_hhi_bands_follow_the_merger_guidelines():
    assert domain.hhi_band(D("1499")).key == "unconcentrated"
    assert domain.hhi_band(D("1500")).key == "moderate"
    assert domain.hhi_band(D("2500")).key == "moderate"
    assert domain.hhi_band(D("2501")).key == "high"
    assert domain.hhi_band(None).key == "none"


def test_concentration_by_category_names_the_top_supplier_and_breaches():
    shares = domain.compute_shares([spend(1, "92"), spend(2, "5"), spend(3, "3")])
    [row] = domain.concentration_by_category(shares)

    assert row.top is not None and row.top.supplier_id == 1
    assert [s.supplier_id for s in row.breaches] == [1]
    assert row.hhi == 8498 and row.band.key == "high"
    assert "92.0²" in row.explanation


def test_the_trend_has_a_point_per_quarter_and_none_without_spend():
    quarters = domain.quarters_ending(date(2026, 11, 1), 8)
    points = domain.hhi_trend({quarters[-1]: {1: D("10"), 2: D("10")}}, quarters)

    assert [p.quarter for p in points][:2] == ["2025 Q1", "2025 Q2"]
    assert points[-1].quarter == "2026 Q4" and points[-1].hhi == 5000
    assert points[0].hhi is None


def test_windows_count_whole_months_back():
    window = domain.window_ending(date(2026, 3, 15), 12)

    assert (window.first, window.last, window.end) == (
        date(2025, 4, 1), date(2026, 3, 1), date(2026, 4, 1),
    )  # fmt: skip


def test_money_converts_with_the_segmentation_rates_in_decimal():
    assert domain.to_reporting(D("100"), "USD", "EUR", {"USD": 0.92}) == D("92.00")
    assert domain.to_reporting(D("100"), "EUR", "EUR", {}) == D("100")
    assert domain.to_reporting(D("100"), "JPY", "EUR", {}) is None


def test_critical_reasons_say_which_rule_held():
    reasons = domain.critical_reasons(5, True, D("0.92"), D("30"))

    assert reasons == [
        "of business criticality 5 of 5", "single-sourced",
        "above the cap of its category: 92.0 % (cap 30 %)",
    ]  # fmt: skip
    assert domain.critical_reasons(3, False, D("0.2"), D("30")) == []


def test_a_plan_goes_overdue_after_its_interval():
    on_time = domain.plan_state(True, date(2026, 1, 1), 180, date(2026, 6, 1))
    late = domain.plan_state(True, date(2025, 1, 1), 180, date(2026, 6, 1))

    assert on_time.key == "current" and not on_time.overdue
    assert late.overdue and "days late" in late.explanation
    assert domain.plan_state(True, None, 180, date(2026, 6, 1)).overdue
    assert domain.plan_state(False, None, 0, date(2026, 6, 1)).key == "missing"


def test_a_drop_of_the_set_points_is_a_deterioration():
    ratings = [
        Rating(date(2026, 1, 1), D("70"), "Creditscope"),
        Rating(date(2026, 6, 1), D("58"), "Creditscope"),
        Rating(date(2026, 6, 1), D("90"), "Other"),
    ]
    [found] = domain.latest_deteriorations(ratings, D("10"), D("40"))

    assert found.provider == "Creditscope" and "fell 12 points" in found.reasons[0]


def test_crossing_below_the_floor_is_a_deterioration_even_for_a_small_drop():
    change = domain.deterioration(
        Rating(date(2026, 1, 1), D("42"), "P"), Rating(date(2026, 2, 1), D("39"), "P"),
        D("10"), D("40"),
    )  # fmt: skip

    assert change is not None and change.reasons == ["crossed below the floor of 40"]


def test_only_the_latest_change_per_provider_counts():
    ratings = [
        Rating(date(2025, 1, 1), D("90"), "P"),
        Rating(date(2025, 6, 1), D("50"), "P"),
        Rating(date(2026, 1, 1), D("55"), "P"),
    ]

    assert domain.latest_deteriorations(ratings, D("10"), D("40")) == []


def test_a_score_maps_to_the_financial_health_factor_in_bands_of_twenty():
    assert [domain.health_factor(D(s)).value for s in ("0", "19.99", "20", "59", "60", "100")] == [
        1, 1, 2, 3, 4, 5,
    ]  # fmt: skip
    assert "maps to 4 (sound)" in domain.health_factor(D("72")).explanation


def test_a_small_customer_of_a_dominant_supplier_gets_suggestions():
    balance = domain.power_balance(
        D("1100000"), D("4000000000"), D("250000000"), D("2"), D("5"), D("25")
    )

    assert balance.kind == "small_customer"
    assert len(balance.suggestions) == 4
    assert balance.share_percent == D("0.028")
    assert "16.0 times our size" in balance.explanation


def test_power_balance_says_when_they_depend_on_us_or_it_is_balanced():
    args = (D("2"), D("5"), D("25"))

    assert domain.power_balance(D("300"), D("1000"), D("100000"), *args).kind == "they_depend"
    assert domain.power_balance(D("50"), D("1000"), D("900"), *args).kind == "balanced"
    assert domain.power_balance(D("50"), None, D("900"), *args).kind == "unknown"


amounts = st.decimals(min_value=-1000, max_value=10**9, places=2, allow_nan=False)


@given(st.lists(st.tuples(st.integers(1, 4), amounts), min_size=1, max_size=30))
def test_category_shares_add_up_to_one_and_hhi_stays_in_range(rows):
    spends = [spend(i, str(a), category=c) for i, (c, a) in enumerate(rows, start=1)]
    shares = domain.compute_shares(spends)
    for category in {c for c, _ in rows}:
        mine = [s for s in shares if s.category_id == category]
        total = sum((s.of_category for s in mine), D(0))
        if any(s.spend > 0 for s in mine):
            assert abs(total - 1) < D("1e-20")
        else:
            assert total == 0
        index = domain.hhi(s.spend for s in mine)
        assert 0 <= index <= 10000
    assert all(0 <= s.of_total <= 1 for s in shares)
