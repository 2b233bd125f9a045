"""Import onboarding tasks from a CSV or XLSX file, by the rules every import follows: each
row is checked first, each problem reported with its row, column and reason, and a file
with errors changes nothing unless only the valid rows were asked for.

Each row names an existing supplier (``external_id`` or ``supplier`` name) that has an
active onboarding plan, and a task by its ``title`` within that plan (case ignored): an
existing task is updated, a new one added. Importing the same file twice never
duplicates. ``owner`` is a colleague's username or the e-mail of one of the supplier's
own contacts; empty, the plan's defaults apply (our point of contact, or their main
contact)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import IO, Any

from partnerbook.accounts.models import INTERNAL_ROLES, User
from partnerbook.accounts.policy import can, require
from partnerbook.suppliers.imports import (
    ImportResult,
    MappingArg,
    Progress,
    Table,
    find_supplier,
    load_supplier_lookups,
    run_import,
    table_records,
)
from partnerbook.suppliers.models import Contact

from . import domain, services
from .models import OnboardingPlan, OnboardingTask

COLUMNS = services.EXPORT_COLUMNS
IDENTITY = ("external_id", "supplier")
STATUSES = ("open", "done", "dropped")


@dataclass
class _Plan:
    row: int
    plan: OnboardingPlan
    task: OnboardingTask | None
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def action(self) -> str:
        if self.task is None:
            return "create"
        return "update" if self.data else "unchanged"


def import_tasks(
    actor: User,
    source: IO[bytes] | bytes,
    filename: str,
    *,
    valid_only: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    mapping: MappingArg = None,
) -> ImportResult:
    """Check every row, then add or update onboarding tasks as `actor`."""
    require(actor, "supplier.import")
    return run_import(
        ImportResult(dry_run=dry_run, valid_only=valid_only),
        source,
        filename,
        known=COLUMNS,
        identity=IDENTITY,
        check_rows=lambda table, columns, result: _check(actor, table, columns, result),
        save=lambda plan: _save(actor, plan),
        progress=progress,
        mapping=mapping,
    )


def _save(actor: User, plan: _Plan) -> None:
    if plan.task is None:
        services.add_task(actor, plan.plan, plan.data)
    elif plan.data:
        services.update_task(actor, plan.task, plan.data)


def _check(actor: User, table: Table, columns: dict[int, str], result: ImportResult) -> list[_Plan]:
    records = table_records(table, columns, keep_spacing=("detail",))
    lookups = load_supplier_lookups(actor, records)
    supplier_ids = {s.pk for s in lookups.by_external_id.values()} | {
        s.pk for group in lookups.by_name.values() for s in group
    }
    plans = {
        p.supplier_id: p
        for p in OnboardingPlan.objects.filter(
            supplier_id__in=supplier_ids, status=OnboardingPlan.Status.ACTIVE
        ).select_related("supplier", "point_of_contact")
    }
    existing = {
        (t.plan_id, t.item.title.casefold()): t
        for t in OnboardingTask.objects.filter(plan__in=list(plans.values())).select_related(
            "plan", "plan__supplier", "item", "item__owner", "item__owner_contact"
        )
    }
    owners = {r["owner"] for _, r in records if r.get("owner")}
    users = {
        u.username.casefold(): u
        for u in User.objects.filter(username__in=owners, is_active=True, role__in=INTERNAL_ROLES)
    }
    contacts: dict[tuple[int, str], Contact] = {}
    for contact in Contact.objects.filter(
        supplier_id__in=supplier_ids, side=Contact.Side.SUPPLIER, archived=False
    ).exclude(email=""):
        contacts.setdefault((contact.supplier_id, contact.email.casefold()), contact)
    seen: dict[tuple[int, str], int] = {}
    found: list[_Plan] = []
    for number, record in records:
        errors: list[tuple[str | None, str]] = []
        if record.get("__extra__"):
            errors.append((None, "The row has more cells than the header has columns."))
        supplier, column, why = find_supplier(record, lookups, "supplier")
        plan = None
        if supplier is None:
            errors.append((column, why))
        elif not can(actor, "playbook.edit", supplier):
            errors.append((column, f"You may not change the onboarding of {supplier.name}."))
        else:
            plan = plans.get(supplier.pk)
            if plan is None:
                errors.append((column, f"{supplier.name} has no active onboarding plan; start "
                               "one first."))  # fmt: skip
        data: dict[str, Any] = {}
        milestone_text = record.get("milestone", "")
        milestone = int(milestone_text) if milestone_text in ("30", "60", "90") else None
        if milestone is None:
            errors.append(("milestone", domain.milestone_problem(milestone_text)))
        else:
            data["milestone"] = milestone
        title = " ".join(record.get("title", "").split())
        if not title:
            errors.append(("title", "Say what needs doing."))
        elif len(title) > 200:
            errors.append(("title", "At most 200 characters."))
        else:
            data["title"] = title
        side = record.get("side", "").casefold()
        if side and side not in domain.SIDES:
            errors.append(("side", "Use ours or supplier."))
        owner_text = record.get("owner", "")
        if owner_text:
            user = users.get(owner_text.casefold())
            contact = contacts.get((supplier.pk, owner_text.casefold())) if supplier else None
            if user is not None:
                data["owner"], data["owner_contact"] = user, None
            elif contact is not None:
                data["owner"], data["owner_contact"] = None, contact
            else:
                reason = (
                    f"'{owner_text}' is neither an active colleague's username nor the "
                    "e-mail of one of this supplier's contacts."
                )
                errors.append(("owner", reason))
        if side in domain.SIDES:
            data["side"] = side
        elif "owner_contact" in data:
            data["side"] = domain.SUPPLIER if data["owner_contact"] else domain.OURS
        if record.get("due_on"):
            try:
                data["due_on"] = dt.date.fromisoformat(record["due_on"])
            except ValueError:
                errors.append(("due_on", "Give the date as YYYY-MM-DD."))
        detail = record.get("detail", "")
        if len(detail) > 5000:
            errors.append(("detail", "At most 5,000 characters."))
        elif detail:
            data["detail"] = detail
        status = record.get("status", "").casefold()
        if status and status not in STATUSES:
            errors.append(("status", f"Use one of: {', '.join(STATUSES)}."))
        elif status:
            data["status"] = status
        if plan is not None and title:
            key = (plan.pk, title.casefold())
            if key in seen:
                errors.append(("title", f"Row {seen[key]} already has this task."))
            seen.setdefault(key, number)
        for column_name, reason in errors:
            result.add_error(number, column_name, reason)
        if errors or plan is None:
            continue
        task = existing.get((plan.pk, title.casefold()))
        if task is not None:
            data = _changes(task, data)
        found.append(_Plan(number, plan, task, data))
    return found


def _changes(task: OnboardingTask, data: dict[str, Any]) -> dict[str, Any]:
    """Only what differs from the task as stored."""
    item = task.item
    current = {
        "milestone": task.milestone, "side": task.side, "title": item.title,
        "detail": item.detail, "owner": item.owner, "owner_contact": item.owner_contact,
        "due_on": item.due_on, "status": item.status,
    }  # fmt: skip
    changes = {k: v for k, v in data.items() if current.get(k) != v}
    if ("owner" in changes or "owner_contact" in changes) and "side" not in changes:
        changes["side"] = data.get("side", task.side)
    return changes
