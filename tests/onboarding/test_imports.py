"""Importing onboarding tasks: row, column and reason for each problem, nothing changed on
error, updates by title, re-import changes nothing, and the export reads back."""

from __future__ import annotations

from partnerbook.actions.models import ActionItem
from partnerbook.core import registry
from partnerbook.onboarding import imports, services
from partnerbook.onboarding.models import OnboardingTask

HEADER = "external_id,supplier,milestone,title,owner,due_on,detail"


def run(user, text, **options):
    return imports.import_tasks(user, text.encode(), "tasks.csv", **options)


def snapshot():
    return (
        list(ActionItem.objects.values().order_by("pk")),
        list(OnboardingTask.objects.values().order_by("pk")),
    )


def test_the_kind_is_registered():
    kind = registry.import_kind("onboarding_tasks")

    assert kind is not None and kind.run is imports.import_tasks
    assert {"milestone", "title", "owner", "due_on", "detail", "supplier"} <= set(kind.columns)


def test_rows_add_and_update_tasks_and_reimport_changes_nothing(
    manager, plan, buyer, their_contacts
):
    text = (
        f"{HEADER}\n"
        "ERP-A,,60,Share the capacity plan,anna@alpha.example,2026-12-20,Next two quarters\n"
        ",Alpha Packaging,30,Introduce our stakeholders,mara,,\n"
        "ERP-A,,90,Plan the second review,,,\n"
    )

    result = run(manager, text)

    assert result.applied and (result.created, result.updated) == (2, 1), result.errors
    added = OnboardingTask.objects.get(item__title="Share the capacity plan")
    assert added.side == "supplier" and added.item.owner_contact == their_contacts["quality"]
    assert str(added.item.due_on) == "2026-12-20" and added.item.detail == "Next two quarters"
    intro = OnboardingTask.objects.get(item__title="Introduce our stakeholders")
    assert intro.item.owner == manager
    default = OnboardingTask.objects.get(item__title="Plan the second review")
    assert default.item.owner == buyer and default.side == "ours"

    before = snapshot()
    again = run(manager, text)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert snapshot() == before


def test_errors_report_row_column_reason_and_change_nothing(manager, plan, supplier_b):
    text = (
        f"{HEADER}\n"
        "ERP-A,,45,Fine title,,,\n"
        "ERP-B,,30,Needs a plan,,,\n"
        "ERP-Z,,30,No such supplier,,,\n"
        "ERP-A,,30,,,,\n"
        "ERP-A,,30,Bad owner,nobody@nowhere.example,,\n"
        "ERP-A,,30,Bad date,,31/12/2026,\n"
        "ERP-A,,60,Ok row,,,\n"
    )
    before = snapshot()

    result = run(manager, text)

    assert result.blocked and not result.applied
    found = {(e.row, e.column) for e in result.errors}
    assert found == {(2, "milestone"), (3, "external_id"), (4, "external_id"), (5, "title"),
                     (6, "owner"), (7, "due_on")}  # fmt: skip
    reasons = {e.row: e.reason for e in result.errors}
    assert "no active onboarding plan" in reasons[3]
    assert "30, 60 or 90" in reasons[2]
    assert snapshot() == before

    valid_only = run(manager, text, valid_only=True)
    assert valid_only.applied and valid_only.created == 1
    assert OnboardingTask.objects.filter(item__title="Ok row").exists()


def test_unknown_columns_block_the_file(manager, plan):
    result = run(manager, "external_id,milestone,title,colour\nERP-A,30,X,red\n")

    assert result.blocked and result.errors[0].row == 1 and result.errors[0].column == "colour"
    assert OnboardingTask.objects.count() == 12


def test_only_those_who_may_import_can(buyer, viewer, plan):
    import pytest
    from django.core.exceptions import PermissionDenied

    for user in (buyer, viewer):
        with pytest.raises(PermissionDenied):
            run(user, f"{HEADER}\nERP-A,,30,Extra,,,\n")
    assert OnboardingTask.objects.count() == 12


def test_the_export_reads_back_unchanged(manager, plan):
    exported = services.export_tasks(plan, "csv").content
    before = snapshot()

    result = imports.import_tasks(manager, exported, "tasks.csv")

    assert result.applied and result.unchanged == 12, result.errors
    assert snapshot() == before
