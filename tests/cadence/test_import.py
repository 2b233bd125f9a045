"""Import kind "cadence": rows checked first, errors by row and column, nothing changed on error."""

from __future__ import annotations

import pytest

from partnerbook.cadence.imports import import_cadence
from partnerbook.cadence.models import CadenceItem
from partnerbook.core import registry

pytestmark = pytest.mark.django_db

HEADER = (
    "external_id,supplier,kind,interval_days,channels,our_level,owner,planned_start,planned_end\n"  # noqa: E501
)


def csv(*rows: str) -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode()


def test_the_kind_is_registered():
    kind = registry.import_kind("cadence")
    assert kind is not None and kind.run is import_cadence


def test_import_adds_then_updates_without_duplicates(manager, buyer, supplier_a, supplier_b):
    data = csv(
        "ERP-A,,monthly_performance,30,meeting business_review,management,ben,,",
        ",Beta Boxes,Quarterly strategic review,,meeting,,,2026-07-01 09:00,2026-07-01 10:00",
    )
    result = import_cadence(manager, data, "cadence.csv")
    assert (result.created, result.error_count) == (2, 0), result.errors
    again = import_cadence(manager, data, "cadence.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    changed = import_cadence(manager, csv("ERP-A,,monthly_performance,14,,,,,"), "cadence.csv")
    assert changed.updated == 1
    assert CadenceItem.objects.count() == 2
    a = CadenceItem.objects.get(supplier=supplier_a)
    assert (a.interval_days, a.owner, a.channels) == (14, buyer, ["meeting", "business_review"])
    b = CadenceItem.objects.get(supplier=supplier_b)
    assert b.interval_days == 91 and b.planned_start is not None


def test_a_file_with_errors_changes_nothing(manager, supplier_a):
    data = csv(
        "ERP-A,,monthly_performance,30,meeting,,,,",
        "ERP-A,,daily_standup,30,meeting,,,,",
        "ERP-X,,monthly_performance,30,meeting,,,,",
        "ERP-A,,informal_checkin,0,fax,boss,nobody,,",
        "ERP-A,,weekly_operational,,call,,,2026-07-01 10:00,2026-07-01 09:00",
    )
    result = import_cadence(manager, data, "cadence.csv")
    assert result.blocked and not CadenceItem.objects.exists()
    found = {(e.row, e.column) for e in result.errors}
    assert {(3, "kind"), (4, "external_id"), (5, "interval_days"), (5, "channels"),
            (5, "our_level"), (5, "owner"), (6, "planned_end")} <= found  # fmt: skip


def test_valid_rows_only_imports_the_good_ones(manager, supplier_a):
    data = csv("ERP-A,,monthly_performance,30,meeting,,,,", "ERP-A,,nope,30,meeting,,,,")
    result = import_cadence(manager, data, "cadence.csv", valid_only=True)
    assert result.created == 1 and result.skipped == 1


def test_buyer_may_not_import(buyer, supplier_a):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        import_cadence(buyer, csv("ERP-A,,monthly_performance,30,meeting,,,,"), "c.csv")


def test_a_dry_run_refuses_what_saving_would_refuse(manager, supplier_a):
    """The rows are checked with the service's own rules: a meeting longer than two days or
    dated outside 2000-2200 fails the dry run, not the save."""
    data = csv(
        "ERP-A,,weekly_operational,,call,,,2026-07-01 10:00,2026-07-04 10:00",
        "ERP-A,,monthly_performance,30,meeting,,,1999-07-01 10:00,",
    )
    result = import_cadence(manager, data, "cadence.csv", dry_run=True)
    found = {(e.row, e.column) for e in result.errors}
    assert {(2, "planned_end"), (3, "planned_start")} <= found
    assert not CadenceItem.objects.exists()
