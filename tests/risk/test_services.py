"""Risk services: spend lines replace the annual spend, concentration and its alerts,
backups clearing the no-backup alert, transition plans going overdue, ratings, revenue."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from partnerbook.alerts.models import Alert
from partnerbook.risk import services
from partnerbook.risk.models import SpendLine
from partnerbook.segmentation import services as segmentation
from partnerbook.suppliers import services as supplier_services

from .conftest import months_back

pytestmark = pytest.mark.django_db


def open_alerts(kind: str) -> set[int]:
    return set(Alert.objects.filter(kind=kind, status="open").values_list("supplier_id", flat=True))


def test_spend_lines_replace_the_annual_spend_with_an_audit_reason(
    manager, supplier_a, record_spend
):
    record_spend(manager, supplier_a, "10000.50")

    supplier_a.refresh_from_db()
    assert supplier_a.annual_spend == Decimal("120006.00")
    assert supplier_a.currency == "EUR"
    reason = supplier_a.history.first().history_change_reason
    assert reason.startswith("Annual spend from 12 spend line(s)")


def test_spend_in_another_currency_is_converted_with_the_segmentation_rates(
    admin_user, manager, supplier_a, record_spend
):
    segmentation.update_settings(admin_user, {"exchange_rates": {"USD": 0.5}})
    record_spend(manager, supplier_a, "1000", currency="USD")

    supplier_a.refresh_from_db()
    assert supplier_a.annual_spend == Decimal("6000.00")


def test_a_currency_without_a_rate_is_refused_naming_the_field(manager, supplier_a):
    with pytest.raises(ValidationError) as caught:
        services.record_spend_line(
            manager, supplier_a,
            {"period": months_back(1)[0], "amount": Decimal("5"), "currency": "JPY"},
        )  # fmt: skip
    assert "currency" in caught.value.message_dict


def test_re_recording_a_month_updates_the_line_instead_of_adding_one(manager, supplier_a):
    month = months_back(1)[0]
    for amount in ("100", "150"):
        services.record_spend_line(
            manager, supplier_a, {"period": month, "amount": Decimal(amount)}
        )

    assert SpendLine.objects.get().amount == Decimal("150")


def test_a_future_month_and_a_missing_amount_are_refused(manager, supplier_a):
    future = timezone.localdate() + timedelta(days=40)
    with pytest.raises(ValidationError) as caught:
        services.record_spend_line(manager, supplier_a, {"period": future, "amount": None})
    assert {"period", "amount"} <= set(caught.value.message_dict)


def test_a_buyer_cannot_record_spend_for_another_buyers_supplier(buyer, supplier_b):
    with pytest.raises(PermissionDenied):
        services.record_spend_line(
            buyer, supplier_b, {"period": months_back(1)[0], "amount": Decimal("1")}
        )


def test_concentration_counts_suppliers_without_lines_with_their_annual_spend(
    manager, supplier_a, supplier_b, record_spend
):
    supplier_services.update_supplier(manager, supplier_b, {"annual_spend": Decimal("60000")})
    record_spend(manager, supplier_a, "20000")

    conc = services.concentration()
    [row] = conc.categories
    by_id = {s.supplier_id: s for s in row.shares}

    assert by_id[supplier_a.pk].spend == Decimal("240000.00")
    assert by_id[supplier_b.pk].source == "annual"
    assert by_id[supplier_a.pk].of_category == Decimal("0.8")
    assert row.hhi == 6800 and row.band.key == "high"
    assert conc.from_annual == 1
    assert len(row.trend) == 8 and row.trend[-2].hhi == 6800  # the last full quarter


def test_a_24_month_window_scales_the_annual_figure(manager, supplier_a, supplier_b, record_spend):
    supplier_services.update_supplier(manager, supplier_b, {"annual_spend": Decimal("60000")})
    record_spend(manager, supplier_a, "10000", months=24)

    conc = services.concentration(months=24)
    by_id = {s.supplier_id: s.spend for s in conc.shares}

    assert by_id == {supplier_a.pk: Decimal("240000.00"), supplier_b.pk: Decimal("120000.00")}


def test_a_supplier_above_the_cap_raises_the_concentration_alert(
    manager, supplier_a, supplier_b, record_spend
):
    supplier_services.update_supplier(manager, supplier_b, {"annual_spend": Decimal("10000")})
    record_spend(manager, supplier_a, "20000")
    services.check_all()

    alert = Alert.objects.get(kind=services.CONCENTRATION_ALERT, subject__startswith="category")
    assert alert.supplier_id == supplier_a.pk
    assert alert.evidence["cap_percent"] == "30"
    assert "of the category" in alert.summary


def test_a_qualified_backup_clears_the_no_backup_alert(
    manager, supplier_a, supplier_b, record_spend
):
    supplier_services.update_supplier(manager, supplier_b, {"annual_spend": Decimal("10000")})
    record_spend(manager, supplier_a, "20000")
    services.check_all()
    assert supplier_a.pk in open_alerts(services.NO_BACKUP_ALERT)

    backup = services.add_backup(manager, supplier_b, supplier=supplier_a)
    assert supplier_a.pk in open_alerts(services.NO_BACKUP_ALERT)  # proposed is not enough

    services.update_backup(
        manager, backup, {"status": "qualified", "evidence": "Two trial lots passed."}
    )
    assert supplier_a.pk not in open_alerts(services.NO_BACKUP_ALERT)
    backup.refresh_from_db()
    assert backup.qualified_on == timezone.localdate()


def test_qualified_needs_the_playbook_or_a_persons_evidence(manager, supplier_a, supplier_b):
    with pytest.raises(ValidationError) as caught:
        services.add_backup(manager, supplier_b, supplier=supplier_a, data={"status": "qualified"})
    assert "evidence" in caught.value.message_dict


def test_a_supplier_cannot_back_itself_up(manager, supplier_a):
    with pytest.raises(ValidationError):
        services.add_backup(manager, supplier_a, supplier=supplier_a)


def test_a_category_backup_covers_the_categorys_critical_suppliers(
    manager, supplier_a, supplier_b, category
):
    segmentation.update_factors(manager, supplier_a, {"criticality": 5})
    [item] = services.critical_supply()
    assert item.reasons[0] == "of business criticality 5 of 5" and not item.covered

    services.add_backup(
        manager, supplier_b, category=category,
        data={"status": "qualified", "evidence": "Audited in March."},
    )  # fmt: skip
    [item] = services.critical_supply()
    assert item.covered and item.backups[0].scope == "category"


def test_a_plan_never_reviewed_or_past_its_interval_raises_the_overdue_alert(manager, supplier_a):
    plan = services.save_plan(manager, supplier_a, {"exit_steps": "Move tooling"})
    assert supplier_a.pk in open_alerts(services.PLAN_ALERT)

    services.mark_plan_reviewed(manager, plan)
    assert supplier_a.pk not in open_alerts(services.PLAN_ALERT)

    long_ago = timezone.localdate() - timedelta(days=400)
    services.save_plan(manager, supplier_a, {"last_reviewed_on": long_ago})
    assert supplier_a.pk in open_alerts(services.PLAN_ALERT)


def test_a_rating_drop_raises_the_financial_alert_with_both_ratings(manager, supplier_a):
    today = timezone.localdate()
    for days, score in ((200, "72"), (10, "55")):
        services.record_rating(
            manager, supplier_a,
            {"rated_on": today - timedelta(days=days), "score": Decimal(score),
             "provider": "Creditscope"},
        )  # fmt: skip

    alert = Alert.objects.get(kind=services.FINANCIAL_ALERT)
    assert alert.evidence["previous"]["score"] == "72.00"
    assert alert.evidence["current"]["score"] == "55.00"


def test_the_rating_is_offered_as_the_factor_and_applied_only_on_request(buyer, supplier_a):
    services.record_rating(
        buyer, supplier_a,
        {"rated_on": timezone.localdate(), "score": Decimal("35"), "provider": "P"},
    )  # fmt: skip
    watch = services.financial_watch(supplier_a)
    assert watch.factor is not None and watch.factor.value == 2
    assert watch.current_factor is None

    assert services.use_rating_as_factor(buyer, supplier_a) == 2
    supplier_a.refresh_from_db()
    assert supplier_a.segmentation.financial_health == 2


def test_a_rating_out_of_range_is_refused(manager, supplier_a):
    with pytest.raises(ValidationError) as caught:
        services.record_rating(
            manager, supplier_a,
            {"rated_on": timezone.localdate(), "score": Decimal("101"), "provider": ""},
        )  # fmt: skip
    assert {"score", "provider"} <= set(caught.value.message_dict)


def test_the_power_balance_uses_our_spend_and_their_revenue(admin_user, manager, supplier_a):
    services.update_settings(admin_user, {"our_annual_revenue": Decimal("100000000")})
    revenue = services.set_revenue(
        manager, supplier_a, {"annual_revenue": Decimal("2000000000"), "currency": "EUR"}
    )
    balance = services.power_for(supplier_a, revenue, services.get_settings(), services.money())

    assert balance.kind == "small_customer"
    assert balance.share_percent == Decimal("0.013")


def test_only_an_administrator_changes_the_settings(manager):
    with pytest.raises(PermissionDenied):
        services.update_settings(manager, {"category_cap": Decimal("40")})


def test_category_shares_for_the_supplier_list(manager, supplier_a, supplier_b, record_spend):
    supplier_services.update_supplier(manager, supplier_b, {"annual_spend": Decimal("60000")})
    record_spend(manager, supplier_a, "20000")
    supplier_a.refresh_from_db()
    supplier_b.refresh_from_db()

    shares = services.category_shares_for([supplier_a, supplier_b])

    assert shares[supplier_a.pk].of_category == Decimal("0.8")
    assert shares[supplier_a.pk].over_category_cap
    assert not shares[supplier_b.pk].over_category_cap


def test_the_risk_tab_shares_match_the_concentration_page(
    admin_user, manager, supplier_a, supplier_b, category, record_spend
):
    """The tab sums one supplier's categories in the database; its figures are those of
    the whole portfolio's concentration: mixed currencies (a rate with half cents), a
    credit note outweighing a category's invoices, a supplier without lines, a second
    category."""
    from tests.factories import CategoryFactory

    other = CategoryFactory(name="Labels")
    segmentation.update_settings(admin_user, {"exchange_rates": {"USD": 0.915}})
    record_spend(manager, supplier_a, "1000.01")
    record_spend(manager, supplier_a, "333.33", months=5, currency="USD")
    record_spend(manager, supplier_a, "-50", months=3, category=other)
    record_spend(manager, supplier_b, "777.77", months=7, category=other, currency="USD")
    supplier_services.create_supplier(
        manager, {"name": "Gamma Glue", "category": other, "status": "active",
                  "annual_spend": 40000, "currency": "EUR"},
    )  # fmt: skip
    conc = services.concentration(with_trend=False)
    ctx = services.money()
    for supplier in (supplier_a, supplier_b, *type(supplier_a).objects.filter(name="Gamma Glue")):
        supplier.refresh_from_db()
        mine = services.supplier_shares(supplier, conc.window, conc.settings, ctx)
        expected = [s for s in conc.shares if s.supplier_id == supplier.pk]
        key = lambda s: s.category_id  # noqa: E731
        assert sorted(mine, key=key) == sorted(expected, key=key)
        assert mine and all(s.explanation for s in mine)
