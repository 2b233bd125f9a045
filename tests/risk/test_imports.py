"""Risk imports: every row checked first, errors reported by row and column, nothing
changed on error, re-imports never duplicate, exports import back."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from partnerbook.alerts.models import Alert
from partnerbook.core import registry
from partnerbook.risk import exports, imports, services
from partnerbook.risk.models import (
    Backup,
    FinancialRating,
    SpendLine,
    SupplierRevenue,
    TransitionPlan,
)
from partnerbook.suppliers import services as supplier_services

pytestmark = pytest.mark.django_db


def csv(*rows: str) -> bytes:
    return ("\n".join(rows) + "\n").encode()


def month(back: int = 0) -> str:
    from partnerbook.risk import domain

    return domain.add_months(timezone.localdate(), -back).strftime("%Y-%m")


def test_the_kinds_are_registered():
    keys = {kind.key for kind in registry.import_kinds()}
    assert {"spend", "financial_ratings", "supplier_revenue", "backups", "transition_plans"} <= keys


def test_spend_import_sets_the_annual_spend_and_raises_the_cap_alert_at_once(
    manager, supplier_a, supplier_b
):
    supplier_services.update_supplier(manager, supplier_b, {"annual_spend": Decimal("1000")})
    rows = [f"ERP-A,,{month(i)},10000,EUR" for i in range(12)]
    data = csv("external_id,category,period,amount,currency", *rows)

    result = imports.import_spend(manager, data, "spend.csv")

    assert result.applied and result.created == 12
    supplier_a.refresh_from_db()
    assert supplier_a.annual_spend == Decimal("120000.00")
    assert Alert.objects.filter(kind=services.CONCENTRATION_ALERT, supplier=supplier_a).exists()
    assert Alert.objects.filter(kind=services.NO_BACKUP_ALERT, supplier=supplier_a).exists()

    again = imports.import_spend(manager, data, "spend.csv")
    assert again.unchanged == 12 and SpendLine.objects.count() == 12


def test_a_changed_amount_updates_the_line(manager, supplier_a):
    header = "supplier,period,amount"
    imports.import_spend(manager, csv(header, f"Alpha Packaging,{month()},100"), "s.csv")
    result = imports.import_spend(manager, csv(header, f"Alpha Packaging,{month()},-40"), "s.csv")

    assert result.updated == 1 and SpendLine.objects.get().amount == Decimal("-40")


def test_a_file_with_errors_changes_nothing_and_names_row_and_column(manager, supplier_a):
    data = csv(
        "supplier_id,category,period,amount,currency",
        f"{supplier_a.pk},,{month()},100,EUR",
        f"{supplier_a.pk},Nowhere,2026-13,abc,EUR",
        f"{supplier_a.pk},,{month()},5,JPY",
        "999999,,2026-01,1,EUR",
    )
    result = imports.import_spend(manager, data, "spend.csv")

    assert result.blocked and not SpendLine.objects.exists()
    found = {(e.row, e.column) for e in result.errors}
    assert {(3, "category"), (3, "period"), (3, "amount"), (4, "currency"),
            (5, "supplier_id")} <= found  # fmt: skip


def test_the_same_line_twice_in_a_file_is_an_error(manager, supplier_a):
    data = csv(
        "supplier,period,amount", f"Alpha Packaging,{month()},1", f"Alpha Packaging,{month()},2"
    )
    result = imports.import_spend(manager, data, "s.csv")

    assert result.blocked and result.errors[0].row == 3


def test_a_buyer_cannot_import(buyer, supplier_a):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        imports.import_spend(buyer, csv("supplier,period,amount", "x,2026-01,1"), "s.csv")


def test_a_ratings_file_with_supplier_id_date_score_provider(manager, supplier_a):
    data = csv(
        "supplier_id,date,score,provider",
        f"{supplier_a.pk},2026-01-15,72,Creditscope",
        f"{supplier_a.pk},2026-07-15,58,Creditscope",
    )
    result = imports.import_ratings(manager, data, "risk.csv")

    assert result.created == 2
    assert set(FinancialRating.objects.values_list("source", flat=True)) == {"imported"}
    assert Alert.objects.filter(kind=services.FINANCIAL_ALERT).count() == 1
    assert imports.import_ratings(manager, data, "risk.csv").unchanged == 2


def test_a_bad_rating_row_is_reported(manager, supplier_a):
    data = csv("supplier_id,date,score,provider", f"{supplier_a.pk},someday,170,")
    result = imports.import_ratings(manager, data, "risk.csv")

    assert result.blocked
    assert {e.column for e in result.errors} >= {"date", "score"}


def test_revenue_backups_and_plans_import_and_export_back(manager, supplier_a, supplier_b):
    imports.import_revenue(
        manager,
        csv("supplier,annual_revenue,currency,fiscal_year", "Alpha Packaging,3000000000,USD,2025"),
        "r.csv",
    )
    imports.import_backups(
        manager,
        csv("supplier,backup_supplier,status,evidence",
            "Alpha Packaging,Beta Boxes,qualified,Trial lots passed"),
        "b.csv",
    )  # fmt: skip
    imports.import_plans(
        manager,
        csv("supplier,exit_steps,last_reviewed_on,review_interval_days",
            "Alpha Packaging,Move the tools,2026-01-10,120"),
        "p.csv",
    )  # fmt: skip
    assert SupplierRevenue.objects.get().currency == "USD"
    assert Backup.objects.get().status == "qualified"
    assert TransitionPlan.objects.get().review_interval_days == 120

    for kind, run in (
        ("supplier_revenue", imports.import_revenue),
        ("backups", imports.import_backups),
        ("transition_plans", imports.import_plans),
    ):
        exported = exports.build(manager, kind, "csv").content
        result = run(manager, exported, f"{kind}.csv")
        assert result.applied and result.unchanged == 1 and not result.errors, kind


def test_the_spend_export_imports_back_unchanged(manager, supplier_a, record_spend):
    record_spend(manager, supplier_a, "-25.50", months=3)
    for fmt in ("csv", "xlsx"):
        exported = exports.build(manager, "spend", fmt).content
        result = imports.import_spend(manager, exported, f"spend.{fmt}")
        assert result.unchanged == 3 and not result.errors, fmt
