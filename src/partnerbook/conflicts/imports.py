"""Import supplier issues and what is recorded on them from CSV or XLSX files, by the rules
every import follows: each row is checked first, each problem reported with its row, column
and reason, and a file with errors changes nothing unless only the valid rows were asked for.
Every row is saved through `conflicts.services`, so every rule of the pages holds.

Kinds: ``issues`` (a row with an ``id`` updates that issue, one without raises a new one),
``issue_steps``, ``escalations``, ``corrective_actions``, ``retrospectives`` and
``issue_actions``. Rows about an existing issue name it by ``issue_id``. Importing the same
file twice never duplicates: a row that matches what is stored is left unchanged. The
columns are those of the export, so an exported sheet can be imported back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import IO, Any

from django.utils import timezone

from partnerbook.accounts.models import INTERNAL_ROLES, User
from partnerbook.accounts.policy import can, require
from partnerbook.actions import services as action_services
from partnerbook.core import registry
from partnerbook.suppliers.imports import (
    ImportResult,
    MappingArg,
    Progress,
    Table,
    chunks,
    find_supplier,
    load_supplier_lookups,
    run_import,
    table_records,
)
from partnerbook.suppliers.models import Contact, Supplier

from . import domain, services
from .models import CorrectiveAction, Escalation, ProblemStep, Retrospective, SupplierIssue

ISSUE_COLUMNS = (
    "id", "external_id", "supplier", "title", "category", "severity", "safety_impact",
    "description", "raised_by_side", "raised_at", "status", "resolved_at", "resolution",
    "level", "owner",
)  # fmt: skip
STEP_COLUMNS = ("issue_id", "supplier", "step", "ours", "theirs", "held")
ESCALATION_COLUMNS = ("issue_id", "supplier", "from_level", "to_level", "reason", "moved_at")
CAR_COLUMNS = (
    "id",
    "issue_id",
    "supplier",
    "opened_on",
    "due_on",
    "closed_on",
    *domain.DISCIPLINE_KEYS,
)
RETRO_COLUMNS = (
    "id",
    "external_id",
    "supplier",
    "milestone",
    "held_on",
    "issue_id",
    *services.RETRO_FIELDS[1:],
)
ACTION_COLUMNS = ("id", "issue_id", "supplier", "title", "detail", "owner", "due_on", "status")
READ_ONLY = {"level", "owner", "from_level", "opened_on"}  # exported for reading, ignored here
TRUE, FALSE = ("yes", "true", "1", "y"), ("no", "false", "0", "n")

Errors = list[tuple[str | None, str]]


@dataclass
class _Plan:
    """What one checked row will do, and the service calls that do it."""

    row: int
    action: str  # create, update or unchanged
    apply: Callable[[], Any]


def _runner(
    known: tuple[str, ...],
    identity: tuple[str, ...],
    check: Callable[[User, list[tuple[int, dict[str, str]]], ImportResult], list[_Plan]],
    keep_spacing: tuple[str, ...] = (),
) -> Callable[..., ImportResult]:
    def run(
        actor: User,
        source: IO[bytes] | bytes,
        filename: str,
        *,
        valid_only: bool = False,
        dry_run: bool = False,
        progress: Progress | None = None,
        mapping: MappingArg = None,
    ) -> ImportResult:
        require(actor, "supplier.import")

        def check_rows(table: Table, columns: dict[int, str], result: ImportResult) -> list[_Plan]:
            return check(actor, table_records(table, columns, keep_spacing), result)

        return run_import(
            ImportResult(dry_run=dry_run, valid_only=valid_only),
            source,
            filename,
            known=known,
            identity=identity,
            check_rows=check_rows,
            save=lambda plan: plan.apply(),
            progress=progress,
            mapping=mapping,
        )

    return run


# --- reading cells --------------------------------------------------------------------------


def _date(record: dict[str, str], key: str, errors: Errors) -> dt.date | None:
    text = record.get(key, "")
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        errors.append((key, "Give the date as YYYY-MM-DD."))
        return None


def _moment(record: dict[str, str], key: str, errors: Errors) -> dt.datetime | None:
    text = record.get(key, "")
    if not text:
        return None
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        errors.append((key, "Give the time as YYYY-MM-DD HH:MM (or just the date)."))
        return None
    if value.year < 1900:
        errors.append((key, "Give a time after 1900."))
        return None
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def _flag(record: dict[str, str], key: str, errors: Errors) -> bool | None:
    text = record.get(key, "").casefold()
    if not text:
        return None
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    errors.append((key, "Use yes or no."))
    return None


def _choice(record: dict[str, str], key: str, choices: Iterable[str], errors: Errors) -> str:
    text = record.get(key, "").casefold()
    options = list(choices)
    if text and text not in options:
        errors.append((key, f"Use one of: {', '.join(options)}."))
        return ""
    return text


def _text(record: dict[str, str], key: str, limit: int, errors: Errors) -> str:
    text = record.get(key, "")
    if len(text) > limit:
        errors.append((key, f"At most {limit:,} characters."))
    return text


def _report(result: ImportResult, number: int, record: dict[str, str], errors: Errors) -> bool:
    """Report the row's errors; True when there were any."""
    if record.get("__extra__"):
        errors.append((None, "The row has more cells than the header has columns."))
    for column, reason in errors:
        result.add_error(number, column, reason)
    return bool(errors)


def _issues_by_id(
    actor: User, records: list[tuple[int, dict[str, str]]], key: str = "issue_id"
) -> dict[int, SupplierIssue]:
    """The issues visible to `actor` that the rows name (one query per 500)."""
    wanted = sorted({int(r[key]) for _, r in records if r.get(key, "").isdigit()})
    issues = SupplierIssue.objects.visible_to(actor).select_related("supplier")
    found: dict[int, SupplierIssue] = {}
    for chunk in chunks(wanted):
        found.update((i.pk, i) for i in issues.filter(pk__in=chunk))
    return found


def _editable_issue(
    actor: User, record: dict[str, str], issues: dict[int, SupplierIssue], errors: Errors
) -> SupplierIssue | None:
    text = record.get("issue_id", "")
    if not text:
        errors.append(("issue_id", "Say which issue: give its id."))
        return None
    issue = issues.get(int(text)) if text.isdigit() else None
    if issue is None:
        errors.append(("issue_id", f"No issue you may see has the id '{text}'."))
        return None
    if not can(actor, "issue.edit", issue.supplier):
        errors.append(("issue_id", f"You may not change the issues of {issue.supplier.name}."))
        return None
    return issue


# --- issues ---------------------------------------------------------------------------------


def _check_issues(
    actor: User, records: list[tuple[int, dict[str, str]]], result: ImportResult
) -> list[_Plan]:
    lookups = load_supplier_lookups(actor, records)
    existing = _issues_by_id(actor, records, "id")
    plans: list[_Plan] = []
    for number, record in records:
        errors: Errors = []
        supplier, column, why = find_supplier(record, lookups, "supplier")
        if supplier is None:
            errors.append((column, why))
        elif not can(actor, "issue.edit", supplier):
            errors.append((column, f"You may not change the issues of {supplier.name}."))
        issue = None
        if record.get("id"):
            issue = existing.get(int(record["id"])) if record["id"].isdigit() else None
            if issue is None:
                errors.append(("id", f"No issue you may see has the id '{record['id']}'."))
            elif supplier is not None and issue.supplier_id != supplier.pk:
                errors.append(("id", f"Issue {issue.pk} is not one of {supplier.name}'s."))
        data: dict[str, Any] = {}
        title = " ".join(record.get("title", "").split())
        if not title:
            errors.append(("title", "Name the issue in a few words."))
        elif len(title) > domain.MAX_TITLE:
            errors.append(("title", f"At most {domain.MAX_TITLE} characters."))
        data["title"] = title
        for key, table in (("category", domain.CATEGORIES), ("severity", domain.SEVERITIES)):
            if not record.get(key):
                errors.append((key, f"Use one of: {', '.join(table)}."))
            data[key] = _choice(record, key, table, errors)
        safety = _flag(record, "safety_impact", errors)
        data["safety_impact"] = bool(safety)
        data["description"] = _text(record, "description", domain.MAX_TEXT, errors)
        data["raised_by_side"] = _choice(record, "raised_by_side", domain.SIDES, errors) or "ours"
        raised_at = _moment(record, "raised_at", errors)
        status = _choice(record, "status", domain.STATUSES, errors) or (
            issue.status if issue else "open"
        )
        resolved_at = _moment(record, "resolved_at", errors)
        resolution = _text(record, "resolution", domain.MAX_TEXT, errors)
        if status == "resolved" and not resolution and not (issue and issue.resolution):
            errors.append(("resolution", "Say how it was settled."))
        if _report(result, number, record, errors) or supplier is None:
            continue
        if issue is None:
            data["raised_at"] = raised_at
            plans.append(_Plan(number, "create", _raise(actor, supplier, data, status,
                                                         resolution, resolved_at)))  # fmt: skip
            continue
        changes = {k: v for k, v in data.items() if getattr(issue, k) != v}
        moves = status != issue.status
        action = "update" if changes or moves else "unchanged"
        plans.append(_Plan(number, action, _update(actor, issue, changes, status, resolution,
                                                   resolved_at)))  # fmt: skip
    return plans


def _raise(
    actor: User,
    supplier: Supplier,
    data: dict[str, Any],
    status: str,
    resolution: str,
    resolved_at: dt.datetime | None,
) -> Callable[[], None]:
    def apply() -> None:
        issue = services.raise_issue(actor, supplier, data)
        if status == "resolved":
            services.resolve(actor, issue, resolution, resolved_at)

    return apply


def _update(
    actor: User,
    issue: SupplierIssue,
    changes: dict[str, Any],
    status: str,
    resolution: str,
    resolved_at: dt.datetime | None,
) -> Callable[[], None]:
    def apply() -> None:
        if changes:
            services.update_issue(actor, issue, changes)
        if status == "resolved" and issue.status != "resolved":
            services.resolve(actor, issue, resolution or issue.resolution, resolved_at)
        elif status == "open" and issue.status == "resolved":
            services.reopen(actor, issue, "Reopened by an import.")

    return apply


# --- problem-solving steps ------------------------------------------------------------------


def _check_steps(
    actor: User, records: list[tuple[int, dict[str, str]]], result: ImportResult
) -> list[_Plan]:
    issues = _issues_by_id(actor, records)
    stored = {
        (s.issue_id, s.step): s for s in ProblemStep.objects.filter(issue_id__in=list(issues))
    }
    seen: dict[tuple[int, str], int] = {}
    plans: list[_Plan] = []
    for number, record in records:
        errors: Errors = []
        issue = _editable_issue(actor, record, issues, errors)
        step = record.get("step", "").casefold()
        if step not in domain.STEP_KEYS:
            errors.append(("step", f"Use one of: {', '.join(domain.STEP_KEYS)}."))
        data: dict[str, Any] = {
            "ours": _text(record, "ours", domain.MAX_TEXT, errors),
            "theirs": _text(record, "theirs", domain.MAX_TEXT, errors),
        }
        held = _flag(record, "held", errors)
        if held is not None and step != "follow_up":
            errors.append(("held", "Only the follow-up says whether the fix held."))
        if step == "follow_up":
            data["held"] = held
        if not data["ours"].strip() and not data["theirs"].strip():
            errors.append(("ours", "Write what this step found, on either side."))
        if issue is not None and step:
            if (issue.pk, step) in seen:
                errors.append(("step", f"Row {seen[issue.pk, step]} already has this step."))
            seen.setdefault((issue.pk, step), number)
        if _report(result, number, record, errors) or issue is None:
            continue
        row = stored.get((issue.pk, step))
        if row is None:
            action = "create"
        else:
            same = all(getattr(row, k) == v.strip() if isinstance(v, str) else getattr(row, k) == v
                       for k, v in data.items())  # fmt: skip
            action = "unchanged" if same else "update"
        plans.append(_Plan(number, action, _step(actor, issue, step, data, action)))
    return plans


def _step(
    actor: User, issue: SupplierIssue, step: str, data: dict[str, Any], action: str
) -> Callable[[], None]:
    def apply() -> None:
        if action != "unchanged":
            services.record_step(actor, issue, step, data)

    return apply


# --- escalations ----------------------------------------------------------------------------


def _check_escalations(
    actor: User, records: list[tuple[int, dict[str, str]]], result: ImportResult
) -> list[_Plan]:
    issues = _issues_by_id(actor, records)
    # The export writes times to the minute: a move already recorded matches to the minute.
    stored = {
        (pk, to, _minute(at))
        for pk, to, at in Escalation.objects.filter(issue_id__in=list(issues)).values_list(
            "issue_id", "to_level", "moved_at"
        )
    }
    # Rows move the same issue one after the other: follow where each issue will stand.
    level = {pk: (i.level, i.level_since) for pk, i in issues.items()}
    plans: list[_Plan] = []
    for number, record in records:
        errors: Errors = []
        issue = _editable_issue(actor, record, issues, errors)
        text = record.get("to_level", "")
        to_level = int(text) if text.isdigit() and len(text) < 4 else None
        if to_level is None:
            errors.append(("to_level", "Give the level as a whole number, e.g. 2."))
        reason = _text(record, "reason", domain.MAX_TEXT, errors)
        moved_at = _moment(record, "moved_at", errors)
        if issue is not None and to_level is not None and moved_at is not None:
            if (issue.pk, to_level, _minute(moved_at)) in stored:
                if not _report(result, number, record, errors):
                    plans.append(_Plan(number, "unchanged", lambda: None))
                continue
        if issue is not None and to_level is not None:
            current, since = level[issue.pk]
            if issue.status != "open":
                errors.append(("to_level", "Reopen the issue before moving it."))
            for key, message in domain.check_move(issue.levels, current, to_level, reason).items():
                errors.append((key, message))
            when = moved_at or timezone.now()
            if when < since:
                errors.append(("moved_at", "A move cannot predate the last one."))
            elif when > timezone.now() + dt.timedelta(minutes=5):
                errors.append(("moved_at", "A move cannot be dated in the future."))
            else:
                level[issue.pk] = (to_level, when)
        if _report(result, number, record, errors) or issue is None or to_level is None:
            continue
        plans.append(_Plan(number, "create", _move(actor, issue, to_level, reason, moved_at)))
    return plans


def _minute(value: dt.datetime) -> dt.datetime:
    return value.replace(second=0, microsecond=0)


def _move(
    actor: User, issue: SupplierIssue, to_level: int, reason: str, at: dt.datetime | None
) -> Callable[[], Any]:
    return lambda: services.move(actor, issue, to_level, reason, at)


# --- corrective action requests -------------------------------------------------------------


def _check_cars(
    actor: User, records: list[tuple[int, dict[str, str]]], result: ImportResult
) -> list[_Plan]:
    issues = _issues_by_id(actor, records)
    cars = {
        c.issue_id: c
        for c in CorrectiveAction.objects.filter(issue_id__in=list(issues)).prefetch_related(
            "disciplines"
        )
    }
    seen: dict[int, int] = {}
    plans: list[_Plan] = []
    for number, record in records:
        errors: Errors = []
        issue = _editable_issue(actor, record, issues, errors)
        due_on = _date(record, "due_on", errors)
        closed_on = _date(record, "closed_on", errors)
        answers = {k: _text(record, k, domain.MAX_TEXT, errors) for k in domain.DISCIPLINE_KEYS}
        car = cars.get(issue.pk) if issue else None
        stored = {d.key: d.text for d in car.disciplines.all()} if car else {}
        changed = {k: v for k, v in answers.items() if v and stored.get(k) != v}
        if issue is not None:
            if issue.pk in seen:
                errors.append(("issue_id", f"Row {seen[issue.pk]} is about this issue already."))
            seen.setdefault(issue.pk, number)
            if car is None and issue.category != "quality":
                errors.append(("issue_id", "Corrective action requests are for quality issues."))
            if car is None and due_on is not None and due_on < timezone.localdate():
                errors.append(("due_on", "The due date cannot be in the past."))
            if car is not None and car.closed_on is not None and changed:
                errors.append((next(iter(changed)), "The request is closed."))
            closing = closed_on is not None and (car is None or car.closed_on is None)
            if closing:
                missing = domain.car_missing(k for k in domain.DISCIPLINE_KEYS
                                             if stored.get(k) or answers[k])  # fmt: skip
                if missing:
                    errors.append(("closed_on", "Answer these first: " + ", ".join(missing) + "."))
                if not answers["d8_closure"]:
                    errors.append(("d8_closure", "Closing needs the D8 closure note."))
                if closed_on is not None and closed_on > timezone.localdate():
                    errors.append(("closed_on", "The request cannot close in the future."))
        if _report(result, number, record, errors) or issue is None:
            continue
        closing = closed_on is not None and (car is None or car.closed_on is None)
        action = "create" if car is None else ("update" if changed or closing else "unchanged")
        plans.append(_Plan(number, action, _car(actor, issue, car, due_on, changed, closed_on
                                                if closing else None)))  # fmt: skip
    return plans


def _car(
    actor: User,
    issue: SupplierIssue,
    car: CorrectiveAction | None,
    due_on: dt.date | None,
    answers: dict[str, str],
    closed_on: dt.date | None,
) -> Callable[[], None]:
    def apply() -> None:
        request = car or services.open_corrective_action(actor, issue, due_on)
        closure = answers.pop("d8_closure", "") if closed_on else ""
        for key, text in answers.items():
            services.answer_discipline(actor, request, key, text)
        if closed_on is not None:
            services.close_corrective_action(actor, request, closure, closed_on)

    return apply


# --- retrospectives -------------------------------------------------------------------------


def _check_retrospectives(
    actor: User, records: list[tuple[int, dict[str, str]]], result: ImportResult
) -> list[_Plan]:
    lookups = load_supplier_lookups(actor, records)
    issues = _issues_by_id(actor, records)
    supplier_ids = {s.pk for s in lookups.by_external_id.values()} | {
        s.pk for group in lookups.by_name.values() for s in group
    }
    stored = set(
        (s, m.casefold(), d)
        for s, m, d in Retrospective.objects.filter(supplier_id__in=supplier_ids).values_list(
            "supplier_id", "milestone", "held_on"
        )
    )
    plans: list[_Plan] = []
    for number, record in records:
        errors: Errors = []
        supplier, column, why = find_supplier(record, lookups, "supplier")
        if supplier is None:
            errors.append((column, why))
        elif not can(actor, "issue.edit", supplier):
            errors.append((column, f"You may not change the issues of {supplier.name}."))
        milestone = " ".join(record.get("milestone", "").split())
        if not milestone:
            errors.append(("milestone", "Name the milestone it looks back on."))
        elif len(milestone) > 200:
            errors.append(("milestone", "At most 200 characters."))
        held_on = _date(record, "held_on", errors) or timezone.localdate()
        if held_on > timezone.localdate():
            errors.append(("held_on", "A retrospective cannot be held in the future."))
        data: dict[str, Any] = {"milestone": milestone, "held_on": held_on}
        for key in services.RETRO_FIELDS[1:]:
            data[key] = _text(record, key, domain.MAX_TEXT, errors)
        ours = any(data[k] for k in ("ours_worked", "ours_did_not", "ours_change"))
        theirs = any(data[k] for k in ("theirs_worked", "theirs_did_not", "theirs_change"))
        if not (ours and theirs):
            errors.append(("theirs_worked" if ours else "ours_worked",
                           "A joint retrospective has input from both sides."))  # fmt: skip
        issue_text = record.get("issue_id", "")
        if issue_text:
            linked = issues.get(int(issue_text)) if issue_text.isdigit() else None
            if linked is None or (supplier is not None and linked.supplier_id != supplier.pk):
                errors.append(("issue_id", "Choose an issue of this supplier."))
            data["issue"] = linked
        if _report(result, number, record, errors) or supplier is None:
            continue
        known = (supplier.pk, milestone.casefold(), held_on)
        if known in stored:
            plans.append(_Plan(number, "unchanged", lambda: None))
            continue
        stored.add(known)
        plans.append(_Plan(number, "create", _retro(actor, supplier, data)))
    return plans


def _retro(actor: User, supplier: Supplier, data: dict[str, Any]) -> Callable[[], Any]:
    return lambda: services.record_retrospective(actor, supplier, data)


# --- agreed actions -------------------------------------------------------------------------


def _check_actions(
    actor: User, records: list[tuple[int, dict[str, str]]], result: ImportResult
) -> list[_Plan]:
    issues = _issues_by_id(actor, records)
    items = action_services.items_for_sources(services.ACTION_SOURCE, list(issues))
    existing = {(pk, i.title.casefold()): i for pk, group in items.items() for i in group}
    owners = {r["owner"] for _, r in records if r.get("owner")}
    users = {
        u.username.casefold(): u
        for u in User.objects.filter(username__in=owners, is_active=True, role__in=INTERNAL_ROLES)
    }
    contacts: dict[tuple[int, str], Contact | None] = {}
    supplier_ids = {i.supplier_id for i in issues.values()}
    for contact in Contact.objects.filter(
        supplier_id__in=supplier_ids, side=Contact.Side.SUPPLIER, archived=False
    ):
        for key in {contact.name.casefold(), contact.email.casefold()} - {""}:
            known = (contact.supplier_id, key)
            contacts[known] = None if known in contacts else contact  # None: ambiguous
    seen: dict[tuple[int, str], int] = {}
    plans: list[_Plan] = []
    for number, record in records:
        errors: Errors = []
        issue = _editable_issue(actor, record, issues, errors)
        title = " ".join(record.get("title", "").split())
        if not title:
            errors.append(("title", "Say what needs doing."))
        elif len(title) > 200:
            errors.append(("title", "At most 200 characters."))
        data: dict[str, Any] = {"title": title}
        detail = _text(record, "detail", 5000, errors)
        if detail:
            data["detail"] = detail
        owner = record.get("owner", "")
        if not owner:
            errors.append(("owner", "Name who does it: a colleague's username or a contact."))
        elif issue is not None:
            user = users.get(owner.casefold())
            contact = contacts.get((issue.supplier_id, owner.casefold()))
            if user is not None:
                data["owner"], data["owner_contact"] = user, None
            elif contact is not None:
                data["owner"], data["owner_contact"] = None, contact
            else:
                errors.append(("owner", f"'{owner}' is neither an active colleague's username "
                               "nor the name or e-mail of one of this supplier's own "
                               "contacts."))  # fmt: skip
        due_on = _date(record, "due_on", errors)
        if due_on is None and "due_on" not in {c for c, _ in errors}:
            errors.append(("due_on", "An agreed action has a due date."))
        data["due_on"] = due_on
        status = _choice(record, "status", ("open", "done", "dropped"), errors)
        if status:
            data["status"] = status
        if issue is not None and title:
            key = (issue.pk, title.casefold())
            if key in seen:
                errors.append(("title", f"Row {seen[key]} already has this action."))
            seen.setdefault(key, number)
        if _report(result, number, record, errors) or issue is None:
            continue
        item = existing.get((issue.pk, title.casefold()))
        if item is None:
            plans.append(_Plan(number, "create", _add_action(actor, issue, data)))
            continue
        changes = {k: v for k, v in data.items() if getattr(item, k) != v}
        plans.append(_Plan(number, "update" if changes else "unchanged",
                           _change_action(actor, item, changes)))  # fmt: skip
    return plans


def _add_action(actor: User, issue: SupplierIssue, data: dict[str, Any]) -> Callable[[], Any]:
    return lambda: services.add_action(actor, issue, data)


def _change_action(actor: User, item: Any, changes: dict[str, Any]) -> Callable[[], None]:
    def apply() -> None:
        if changes:
            action_services.update_action_item(actor, item, changes)

    return apply


# --- the kinds ------------------------------------------------------------------------------

import_issues = _runner(ISSUE_COLUMNS, ("external_id", "supplier"), _check_issues,
                        keep_spacing=("description", "resolution"))  # fmt: skip
import_steps = _runner(STEP_COLUMNS, ("issue_id",), _check_steps, keep_spacing=("ours", "theirs"))
import_escalations = _runner(ESCALATION_COLUMNS, ("issue_id",), _check_escalations)
import_corrective_actions = _runner(CAR_COLUMNS, ("issue_id",), _check_cars,
                                    keep_spacing=domain.DISCIPLINE_KEYS)  # fmt: skip
import_retrospectives = _runner(RETRO_COLUMNS, ("external_id", "supplier"), _check_retrospectives)
import_actions = _runner(ACTION_COLUMNS, ("issue_id",), _check_actions, keep_spacing=("detail",))

HELP = "conflicts/_import_help.html"
KINDS: list[registry.ImportKind] = [
    registry.ImportKind(key="issues", label="Supplier issues", run=import_issues,
                        columns=ISSUE_COLUMNS, help_template=HELP, order=80),
    registry.ImportKind(key="issue_steps", label="Problem-solving steps of issues",
                        run=import_steps, columns=STEP_COLUMNS, help_template=HELP, order=81),
    registry.ImportKind(key="escalations", label="Escalations of issues",
                        run=import_escalations, columns=ESCALATION_COLUMNS,
                        help_template=HELP, order=82),
    registry.ImportKind(key="corrective_actions", label="Corrective action requests (8D)",
                        run=import_corrective_actions, columns=CAR_COLUMNS,
                        help_template=HELP, order=83),
    registry.ImportKind(key="retrospectives", label="Joint retrospectives",
                        run=import_retrospectives, columns=RETRO_COLUMNS,
                        help_template=HELP, order=84),
    registry.ImportKind(key="issue_actions", label="Agreed actions of issues",
                        run=import_actions, columns=ACTION_COLUMNS, help_template=HELP,
                        order=85),
]  # fmt: skip
