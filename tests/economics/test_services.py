import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from partnerbook.economics import domain, services
from partnerbook.economics.models import SavingsEntry

from .conftest import days_ago


def test_roi_summaries_counts_interactions_at_standard_hours(calls, buyer, supplier_a, supplier_b):
    services.add_benefit(
        buyer,
        supplier_a,
        {"kind": "rework_avoided", "amount": "1000", "currency": "EUR", "realised_on": days_ago(5)},
    )

    found = services.roi_summaries([supplier_a.pk, supplier_b.pk])

    a = found[supplier_a.pk]
    assert a.hours == Decimal("3.5")  # 4 calls × 0.5 h + 1 meeting × 1.5 h
    assert a.effort_cost == Decimal("297.50")  # 3.5 h × 85.00
    assert a.benefits == Decimal("1000.00")
    assert a.net == Decimal("702.50")
    assert a.roi == Decimal("2.3613")
    assert a.currency == "EUR"
    assert "Calls: 4 calls × 0.5 h = 2 h" in a.explanation
    assert found[supplier_b.pk].roi is None
    assert found[supplier_b.pk].hours == 0


def test_time_logged_directly_adds_to_the_hours(buyer, supplier_a):
    services.log_time(
        buyer, supplier_a, {"day": days_ago(3), "hours": "2.5", "activity": "joint_project"}
    )

    summary = services.roi_of(supplier_a)

    assert summary.hours == Decimal("2.5")
    assert summary.roi == Decimal("-1.0000")  # no benefits: -100 %
    assert "Time logged directly: 2.5 h" in summary.explanation


def test_a_year_window_leaves_other_years_out(buyer, supplier_a):
    services.log_time(
        buyer, supplier_a, {"day": dt.date(2024, 6, 1), "hours": "4", "activity": "travel"}
    )

    assert services.roi_summaries([supplier_a.pk], year=2024)[supplier_a.pk].hours == 4
    assert services.roi_summaries([supplier_a.pk], year=2023)[supplier_a.pk].hours == 0


def test_a_buyer_cannot_log_time_for_another_buyers_supplier(buyer, supplier_b):
    with pytest.raises(PermissionDenied):
        services.log_time(buyer, supplier_b, {"day": days_ago(1), "hours": 1, "activity": "other"})


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"day": days_ago(1), "hours": "0", "activity": "other"}, "hours"),
        ({"day": days_ago(1), "hours": "25", "activity": "other"}, "hours"),
        ({"day": days_ago(1), "hours": "x", "activity": "other"}, "hours"),
        ({"day": days_ago(-3), "hours": "1", "activity": "other"}, "day"),
        ({"day": days_ago(1), "hours": "1", "activity": "golf"}, "activity"),
    ],
)
def test_bad_time_logs_name_the_field(buyer, supplier_a, data, field):
    with pytest.raises(ValidationError) as err:
        services.log_time(buyer, supplier_a, data)

    assert field in err.value.message_dict


def test_verified_savings_count_as_our_benefit(manager, agreement, supplier_a):
    entry = services.record_saving(
        manager, agreement, {"period": days_ago(100), "amount": "1000", "evidence": "Scrap report"}
    )
    assert services.roi_of(supplier_a).benefits == 0  # not verified yet

    services.verify_saving(manager, entry, third_party="Nordaudit")

    assert services.roi_of(supplier_a).benefits == Decimal("600.00")


def test_an_agreement_needing_a_third_party_refuses_verification_without_one(manager, agreement):
    entry = services.record_saving(
        manager, agreement, {"period": days_ago(100), "amount": "-50", "evidence": "Scrap report"}
    )

    with pytest.raises(ValidationError) as err:
        services.verify_saving(manager, entry)

    assert "third_party" in err.value.message_dict


def test_a_buyer_cannot_verify_or_pay(buyer, manager, agreement):
    entry = services.record_saving(
        manager, agreement, {"period": days_ago(100), "amount": "10", "evidence": "x"}
    )
    with pytest.raises(PermissionDenied):
        services.verify_saving(buyer, entry, "Firm")
    with pytest.raises(PermissionDenied):
        services.record_payout(
            buyer,
            agreement,
            {"period": days_ago(100), "amount": "1", "paid_on": days_ago(1), "reference": "P1"},
        )


def test_the_ledger_shares_savings_and_overruns_and_tracks_the_balance(manager, agreement):
    for n, amount in ((300, "1000.00"), (200, "333.33"), (100, "-100.00")):
        entry = services.record_saving(
            manager, agreement, {"period": days_ago(n), "amount": amount, "evidence": "Report"}
        )
        services.verify_saving(manager, entry, "Nordaudit")
    services.record_payout(
        manager,
        agreement,
        {"period": days_ago(300), "amount": "400", "paid_on": days_ago(50), "reference": "PAY-1"},
    )

    view = services.ledger_of(agreement)

    rows = view.ledger.rows
    assert [r.theirs for r in rows] == [Decimal("400.00"), Decimal("133.33"), Decimal("-50.00")]
    assert [r.ours for r in rows] == [Decimal("600.00"), Decimal("200.00"), Decimal("-50.00")]
    assert view.ledger.balance == Decimal("83.33")
    assert view.ledger.paid == Decimal("400.00")


def test_one_saving_per_period(manager, agreement):
    services.record_saving(
        manager, agreement, {"period": days_ago(100), "amount": "10", "evidence": "x"}
    )
    with pytest.raises(ValidationError) as err:
        services.record_saving(
            manager, agreement, {"period": days_ago(100), "amount": "20", "evidence": "x"}
        )
    assert "period" in err.value.message_dict
    assert SavingsEntry.objects.count() == 1


def test_overrun_shares_must_add_up_to_100(manager, supplier_a):
    with pytest.raises(ValidationError) as err:
        services.create_agreement(
            manager,
            supplier_a,
            {
                "title": "x",
                "baseline": "y",
                "baseline_amount": "1",
                "supplier_saving_pct": "40",
                "supplier_overrun_pct": "40",
                "our_overrun_pct": "40",
                "starts_on": days_ago(9),
            },
        )
    assert "our_overrun_pct" in err.value.message_dict


def test_tco_compares_the_suppliers_of_a_category(manager, buyer, supplier_a, supplier_b, category):
    services.add_cost(
        manager,
        supplier_b,
        {
            "kind": "logistics",
            "amount": "5000",
            "currency": "EUR",
            "year": timezone.localdate().year,
        },
    )
    services.log_time(
        buyer, supplier_a, {"day": timezone.localdate(), "hours": "10", "activity": "other"}
    )

    result = services.tco_comparison(manager, category)

    by_name = {line.name: line for line in result.lines}
    a = by_name["Alpha Packaging"]
    assert a.total == Decimal("250850.00")
    assert a.per_100 == Decimal("100.34")
    assert by_name["Beta Boxes"].per_100 is None  # no spend known
    assert result.lines[0].name == "Alpha Packaging"


def test_settings_are_admin_only_and_checked(admin_user, manager):
    with pytest.raises(PermissionDenied):
        services.update_settings(manager, {"hourly_cost": "90"})
    with pytest.raises(ValidationError):
        services.update_settings(admin_user, {"hours_call": "-1"})

    services.update_settings(admin_user, {"hourly_cost": "90", "hours_call": "0.75"})

    assert services.get_settings().hourly_cost == Decimal("90.00")
    assert services.get_settings().standard_hours()["call"] == Decimal("0.75")


def test_window_default_is_the_last_twelve_months():
    win = domain.window(dt.date(2026, 3, 15))
    assert (win.start, win.end) == (dt.date(2025, 3, 16), dt.date(2026, 3, 15))
