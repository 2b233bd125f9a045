"""Importing supplier issues and what is recorded on them: row, column and reason for each
problem, nothing changed when a row fails, re-imports change nothing, and the export reads
back."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from partnerbook.actions.models import ActionItem
from partnerbook.conflicts import exports, imports, services
from partnerbook.conflicts.models import (
    CorrectiveAction,
    Escalation,
    ProblemStep,
    Retrospective,
    SupplierIssue,
)
from partnerbook.core import registry
from partnerbook.suppliers import services as supplier_services


def run(runner, user, text, **options):
    return runner(user, text.encode(), "file.csv", **options)


def errors(result):
    return [(e.row, e.column) for e in result.errors]


def snapshot():
    return [
        list(model.objects.values().order_by("pk"))
        for model in (SupplierIssue, ProblemStep, Escalation, CorrectiveAction, Retrospective,
                      ActionItem)
    ]  # fmt: skip


def test_the_six_kinds_are_registered():
    keys = ["issues", "issue_steps", "escalations", "corrective_actions", "retrospectives",
            "issue_actions"]  # fmt: skip
    for key in keys:
        kind = registry.import_kind(key)
        assert kind is not None and kind.help_template == "conflicts/_import_help.html"


def test_issues_are_raised_and_resolved(manager, supplier_a):
    text = (
        "external_id,title,category,severity,safety_impact,raised_at,status,resolved_at,resolution\n"
        "ERP-A,Late pallets,delivery,major,no,2026-01-05 09:00,,,\n"
        "ERP-A,Torn labels,quality,minor,yes,2026-01-06,resolved,2026-01-09,Labels reprinted\n"
    )
    result = run(imports.import_issues, manager, text)

    assert result.applied and result.created == 2, result.errors
    torn = SupplierIssue.objects.get(title="Torn labels")
    assert torn.status == "resolved" and torn.safety_impact and torn.resolved_level == 1
    assert torn.raised_at.date().isoformat() == "2026-01-06"


def test_one_bad_issue_row_changes_nothing(manager, supplier_a, issue):
    before = snapshot()
    text = (
        "supplier,title,category,severity,raised_at\n"
        "Alpha Packaging,Late pallets,delivery,major,2026-01-05\n"
        "Alpha Packaging,Bad row,weather,major,yesterday\n"
        "Nobody Ltd,Third,quality,minor,\n"
    )
    result = run(imports.import_issues, manager, text)

    assert result.blocked and not result.applied
    assert errors(result) == [(3, "category"), (3, "raised_at"), (4, "supplier")]
    assert "Use one of" in result.errors[0].reason
    assert snapshot() == before


def test_only_editors_may_import(other_buyer, supplier_a):
    text = "external_id,title,category,severity\nERP-A,Late pallets,delivery,major\n"
    with pytest.raises(PermissionDenied):
        run(imports.import_issues, other_buyer, text)
    assert not SupplierIssue.objects.exists()


def test_steps_are_recorded_and_a_bad_step_changes_nothing(manager, issue):
    good = f"issue_id,step,ours,theirs,held\n{issue.pk},define,Scuffs on 4 pallets,Straps tight,\n"
    bad = good + f"{issue.pk},data,Photos,,yes\n999999,options,x,,\n"
    before = snapshot()

    failed = run(imports.import_steps, manager, bad)

    assert errors(failed) == [(3, "held"), (4, "issue_id")]
    assert snapshot() == before
    done = run(imports.import_steps, manager, good)
    assert done.created == 1 and issue.steps.get().theirs == "Straps tight"
    again = run(imports.import_steps, manager, good)
    assert (again.created, again.unchanged) == (0, 1)


def test_escalations_follow_each_other(manager, issue):
    text = (
        "issue_id,to_level,reason,moved_at\n"
        f"{issue.pk},2,The working level could not agree on a fix.,2099-01-01\n"
    )
    failed = run(imports.import_escalations, manager, text)
    assert errors(failed) == [(2, "moved_at")]  # in the future
    text = (
        "issue_id,to_level,reason\n"
        f"{issue.pk},2,The working level could not agree on a fix.\n"
        f"{issue.pk},2,Once more to the same level.\n"
        f"{issue.pk},3,short\n"
    )
    before = snapshot()
    failed = run(imports.import_escalations, manager, text)
    assert errors(failed) == [(3, "to_level"), (4, "reason")]
    assert snapshot() == before
    ok = run(imports.import_escalations, manager, text.rsplit("\n", 3)[0] + "\n")
    assert ok.created == 1
    issue.refresh_from_db()
    assert issue.level == 2


def test_corrective_actions_open_answer_and_close(manager, issue):
    header = "issue_id,due_on,closed_on," + ",".join(
        k for k in imports.CAR_COLUMNS if k.startswith("d") and k[1].isdigit()
    )
    answers = ",".join(f"Answer {n}" for n in range(1, 9))
    text = f"{header}\n{issue.pk},2099-01-01,2026-01-10,{answers}\n"
    result = run(imports.import_corrective_actions, manager, text)

    assert result.applied, result.errors
    car = CorrectiveAction.objects.get(issue=issue)
    assert car.closed_on.isoformat() == "2026-01-10"
    assert car.disciplines.count() == 8
    issue2 = services.raise_issue(
        manager, issue.supplier, {"title": "Second", "category": "quality", "severity": "minor"}
    )
    missing = f"{header}\n{issue2.pk},,2026-01-10,Only D1,,,,,,,Closing\n"
    failed = run(imports.import_corrective_actions, manager, missing)
    assert (2, "closed_on") in errors(failed)
    assert not CorrectiveAction.objects.filter(issue=issue2).exists()


def test_retrospectives_need_both_sides(manager, supplier_a):
    header = "external_id,milestone,held_on,ours_worked,theirs_worked"
    text = f"{header}\nERP-A,Launch,2026-01-10,Fast samples,Clear drawings\nERP-A,Q2,,Only ours,\n"
    failed = run(imports.import_retrospectives, manager, text)
    assert errors(failed) == [(3, "theirs_worked")]
    assert not Retrospective.objects.exists()
    first = text.split("\n")
    ok = run(imports.import_retrospectives, manager, "\n".join(first[:2]) + "\n")
    assert ok.created == 1
    again = run(imports.import_retrospectives, manager, "\n".join(first[:2]) + "\n")
    assert again.unchanged == 1 and Retrospective.objects.count() == 1


def test_agreed_actions_by_username_or_contact(manager, buyer, issue, supplier_a):
    supplier_services.create_contact(
        manager, supplier_a, {"side": "supplier", "name": "Ana Quality", "email": "ana@alpha.test"}
    )
    text = (
        "issue_id,title,owner,due_on\n"
        f"{issue.pk},Check straps,{buyer.username},2030-01-10\n"
        f"{issue.pk},Retrain packers,ana@alpha.test,2030-01-12\n"
        f"{issue.pk},Nobody does it,ghost,2030-01-12\n"
    )
    failed = run(imports.import_actions, manager, text)
    assert errors(failed) == [(4, "owner")]
    assert not services.actions_of(issue)
    ok = run(imports.import_actions, manager, text.rsplit("\n", 2)[0] + "\n")
    assert ok.created == 2
    owners = {(a.owner_id, a.owner_contact.name if a.owner_contact else None)
              for a in services.actions_of(issue)}  # fmt: skip
    assert owners == {(buyer.pk, None), (None, "Ana Quality")}


@pytest.mark.parametrize(
    ("kind", "runner"),
    [("issues", imports.import_issues), ("issue_steps", imports.import_steps),
     ("escalations", imports.import_escalations), ("retrospectives", imports.import_retrospectives),
     ("issue_actions", imports.import_actions),
     ("corrective_actions", imports.import_corrective_actions)],
)  # fmt: skip
def test_the_export_imports_back_unchanged(manager, buyer, issue, supplier_a, kind, runner):
    services.record_step(buyer, issue, "define", {"ours": "Scuffs", "theirs": "=Tight straps"})
    services.add_action(buyer, issue, {"title": "Check straps", "owner": buyer,
                                       "due_on": issue.raised_at.date()})  # fmt: skip
    services.move(buyer, issue, 2, "The working level could not agree.")
    services.open_corrective_action(buyer, issue)
    services.record_retrospective(buyer, supplier_a, {"milestone": "Launch", "ours_worked": "A",
                                                      "theirs_worked": "B"})  # fmt: skip
    content = exports.export(manager, {}, "csv", kind).content
    before = snapshot()

    result = runner(manager, content, f"{kind}.csv")

    assert result.applied, result.errors
    assert result.created == result.updated == 0 and result.unchanged >= 1
    assert snapshot() == before


def test_the_import_page_explains_each_kind(login, manager):
    page = login(manager).get(reverse("suppliers:import")).content.decode()

    for key in ("issues", "issue_steps", "escalations", "corrective_actions", "retrospectives",
                "issue_actions"):  # fmt: skip
        assert f'id="{key}-columns"' in page
    assert "a joint retrospective has input from both sides" in page


def test_the_command_line_import_knows_the_kinds(manager, supplier_a, tmp_path):
    from django.core.management import call_command

    path = tmp_path / "issues.csv"
    path.write_text("external_id,title,category,severity\nERP-A,Late pallets,delivery,major\n")
    call_command("importdata", "issues", str(path), "--user", manager.username)

    assert SupplierIssue.objects.get().title == "Late pallets"
