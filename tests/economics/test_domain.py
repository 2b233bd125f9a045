"""The economics arithmetic, without a database: ROI, TCO and the gain-share ledger."""

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from partnerbook.economics import domain

cents = st.decimals(min_value=Decimal("-100000"), max_value=Decimal("100000"), places=2).filter(
    lambda d: d != 0
)
pcts = st.decimals(min_value=Decimal(0), max_value=Decimal(100), places=2)
terms = st.builds(domain.Terms, pcts, pcts)
money = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1000000"), places=2)


@given(st.lists(cents, max_size=40), terms)
def test_the_two_shares_add_up_to_each_saving_or_overrun(amounts, t):
    for split in domain.split_entries(amounts, t):
        assert split.theirs + split.ours == split.amount
        assert split.theirs == split.theirs.quantize(domain.CENT)


@given(st.lists(cents, max_size=40), terms)
def test_rounding_never_creates_or_loses_a_cent_over_a_ledger(amounts, t):
    splits = domain.split_entries(amounts, t)

    assert sum((s.theirs for s in splits), Decimal(0)) == domain.supplier_share_of_totals(
        amounts, t
    )
    assert sum((s.theirs + s.ours for s in splits), Decimal(0)) == sum(amounts, Decimal(0))


@given(st.lists(cents, max_size=40), terms)
def test_every_prefix_of_the_ledger_is_exact_too(amounts, t):
    splits = domain.split_entries(amounts, t)
    for k in range(len(amounts) + 1):
        theirs = sum((s.theirs for s in splits[:k]), Decimal(0))
        assert theirs == domain.supplier_share_of_totals(amounts[:k], t)


@given(st.lists(cents, max_size=20), terms, st.lists(money, max_size=20))
def test_the_ledger_balance_is_shares_less_payouts(amounts, t, payouts):
    start = dt.date(2020, 1, 1)
    entries = [
        domain.LedgerEntry(dt.date(2020 + i // 4, 3 * (i % 4) + 1, 1), a)
        for i, a in enumerate(amounts)
    ]
    entries += [domain.LedgerEntry(dt.date(2030 + i, 1, 1), None, p) for i, p in enumerate(payouts)]

    ledger = domain.ledger(entries, t, "EUR")

    assert ledger.balance == ledger.theirs - ledger.paid
    assert ledger.theirs + ledger.ours == sum(amounts, Decimal(0))
    assert all(r.period >= start for r in ledger.rows)


def test_a_third_split_three_ways_keeps_every_cent():
    t = domain.Terms(Decimal("33.33"), Decimal(50))
    splits = domain.split_entries([Decimal("0.01")] * 3 + [Decimal("-0.01")] * 3, t)

    assert [s.theirs for s in splits[:3]] == [Decimal("0.00"), Decimal("0.01"), Decimal("0.00")]
    assert sum(s.theirs for s in splits[3:]) == Decimal("-0.02")  # -0.03 × 50 % rounds away


@given(money)
def test_zero_benefits_and_positive_effort_is_minus_100_percent(cost):
    assert domain.roi(Decimal(0), cost) == Decimal(-1)


@given(st.decimals(min_value=0, max_value=Decimal("1e9"), places=2), money)
def test_roi_is_net_over_effort_cost(benefits, cost):
    ratio = domain.roi(benefits, cost)
    assert ratio is not None
    assert abs(ratio - (benefits - cost) / cost) <= Decimal("0.00005")
    assert (ratio > 0) == (benefits > cost)


def test_no_effort_means_no_roi():
    assert domain.roi(Decimal(100), Decimal(0)) is None
    summary = domain.summarise_roi(7, [], Decimal(0), Decimal(80), [], "EUR")
    assert summary.roi is None
    assert summary.supplier_id == 7


def test_a_summary_says_what_it_counted():
    efforts = [domain.EffortCount("call", 14, Decimal("0.5"))]
    summary = domain.summarise_roi(
        1,
        efforts,
        Decimal(3),
        Decimal(100),
        [domain.BenefitLine("Rework avoided", Decimal(500))],
        "EUR",
    )

    assert summary.hours == Decimal(10)
    assert summary.effort_cost == Decimal("1000.00")
    assert summary.roi == Decimal("-0.5000")
    assert "Calls: 14 calls × 0.5 h = 7 h" in summary.explanation
    assert "Time logged directly: 3 h" in summary.explanation


@given(
    st.lists(
        st.tuples(st.decimals(min_value=0, max_value=Decimal(1e6), places=2), money), max_size=30
    )
)
def test_portfolio_roi_is_over_the_totals(pairs):
    summaries = [
        domain.summarise_roi(i, [], hours, Decimal(1), [domain.BenefitLine("x", b)], "EUR")
        for i, (b, hours) in enumerate(pairs)
    ]
    total = domain.portfolio_roi(summaries, "EUR")

    cost = sum((s.effort_cost for s in summaries), Decimal(0))
    benefits = sum((s.benefits for s in summaries), Decimal(0))
    assert total.net == benefits - cost
    assert total.roi == domain.roi(benefits, cost)


def test_tco_shows_a_cheaper_looking_supplier_that_costs_more():
    cheap = domain.TcoInput(
        1, "Cheap", Decimal(100000), {"logistics": Decimal(30000)}, Decimal(100)
    )
    dear = domain.TcoInput(2, "Dear", Decimal(120000), {}, Decimal(10))

    lines, remarks = domain.compare_tco([cheap, dear], Decimal(50), "EUR")

    assert [ln.name for ln in lines] == ["Dear", "Cheap"]
    assert lines[1].per_100 == Decimal("135.00")
    assert lines[0].per_100 == Decimal("100.42")
    assert any(r.startswith("Cheap: extra costs and partnership hours add 35.00") for r in remarks)


def test_unknown_spend_has_no_cost_per_100():
    line = domain.tco(domain.TcoInput(1, "X", None, {}, Decimal(1)), Decimal(10), "EUR")
    assert line.per_100 is None
    assert line.total == Decimal("10.00")


def test_periods():
    day = dt.date(2026, 8, 17)
    assert domain.period_start(day, "quarter") == dt.date(2026, 7, 1)
    assert domain.period_label(dt.date(2026, 7, 1), "quarter") == "2026 Q3"
    assert domain.period_end(dt.date(2026, 7, 1), "quarter") == dt.date(2026, 9, 30)
    assert domain.window(dt.date(2024, 2, 29)).start == dt.date(2023, 3, 1)
