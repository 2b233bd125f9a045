"""The export of supplier issues: one XLSX workbook with a sheet for each kind (issues,
problem-solving steps, agreed actions, escalations, corrective action requests and
retrospectives), or one kind as CSV. The columns are those the imports accept, so a sheet
can be imported back. A fixed number of queries, whatever the number of issues."""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from partnerbook.accounts.models import User
from partnerbook.actions import services as action_services
from partnerbook.actions.models import ActionItem
from partnerbook.core.spreadsheets import CONTENT_TYPES, Cell, ExportFile, write_csv
from partnerbook.suppliers.models import Supplier

from . import domain, imports, services
from .models import CorrectiveAction, Escalation, ProblemStep, Retrospective, SupplierIssue

EXPORT_LIMIT = 10_000  # issues per export
Rows = list[Sequence[Cell]]
SHEETS: dict[str, tuple[str, Sequence[str]]] = {
    "issues": ("Issues", imports.ISSUE_COLUMNS),
    "issue_steps": ("Problem-solving steps", imports.STEP_COLUMNS),
    "issue_actions": ("Agreed actions", imports.ACTION_COLUMNS),
    "escalations": ("Escalations", imports.ESCALATION_COLUMNS),
    "corrective_actions": ("Corrective actions", imports.CAR_COLUMNS),
    "retrospectives": ("Retrospectives", imports.RETRO_COLUMNS),
}
KINDS = tuple(SHEETS)
NUMBER_COLUMNS = {"id", "issue_id", "level", "from_level", "to_level"}


def _when(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "hour"):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return str(value.isoformat())


def _yes(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def issues_in_scope(user: User, params: Mapping[str, Any]) -> QuerySet[SupplierIssue]:
    """The issues `user` may see, narrowed by the list filters."""
    visible = SupplierIssue.objects.visible_to(user).for_list()
    return services.filter_issues(visible, params)


def _issue_rows(issues: list[SupplierIssue]) -> Rows:
    rows: Rows = []
    for i in issues:
        owner = i.supplier.relationship_owner
        rows.append((
            i.pk, i.supplier.external_id, i.supplier.name, i.title, i.category, i.severity,
            _yes(i.safety_impact), i.description, i.raised_by_side, _when(i.raised_at),
            i.status, _when(i.resolved_at), i.resolution, i.level,
            owner.username if owner else "",
        ))  # fmt: skip
    return rows


def _step_rows(issues: list[SupplierIssue]) -> Rows:
    names = {i.pk: i.supplier.name for i in issues}
    order = {key: n for n, key in enumerate(domain.STEP_KEYS)}
    steps = sorted(
        ProblemStep.objects.filter(issue_id__in=list(names)),
        key=lambda s: (-s.issue_id, order[s.step]),
    )
    return [(s.issue_id, names[s.issue_id], s.step, s.ours, s.theirs, _yes(s.held)) for s in steps]


def _action_rows(issues: list[SupplierIssue]) -> Rows:
    names = {i.pk: i.supplier.name for i in issues}
    found = action_services.items_for_sources(services.ACTION_SOURCE, list(names))
    rows: Rows = []
    for issue_id in names:
        for item in found.get(issue_id, []):
            rows.append((item.pk, issue_id, names[issue_id], item.title, item.detail,
                         _owner(item), _when(item.due_on), item.status))  # fmt: skip
    return rows


def _owner(item: ActionItem) -> str:
    if item.owner is not None:
        return str(item.owner.username)
    if item.owner_contact is not None:
        return item.owner_contact.email or item.owner_contact.name
    return ""


def _escalation_rows(issues: list[SupplierIssue]) -> Rows:
    names = {i.pk: i.supplier.name for i in issues}
    moves = Escalation.objects.filter(issue_id__in=list(names)).order_by("moved_at", "pk")
    return [(e.issue_id, names[e.issue_id], e.from_level, e.to_level, e.reason,
             _when(e.moved_at)) for e in moves]  # fmt: skip


def _car_rows(issues: list[SupplierIssue]) -> Rows:
    names = {i.pk: i.supplier.name for i in issues}
    cars = CorrectiveAction.objects.filter(issue_id__in=list(names)).prefetch_related("disciplines")
    rows: Rows = []
    for car in cars:
        answers = {d.key: d.text for d in car.disciplines.all()}
        rows.append((car.pk, car.issue_id, names[car.issue_id], _when(car.opened_on),
                     _when(car.due_on), _when(car.closed_on),
                     *(answers.get(k, "") for k in domain.DISCIPLINE_KEYS)))  # fmt: skip
    return rows


def _retro_rows(user: User, params: Mapping[str, Any]) -> Rows:
    suppliers = Supplier.objects.visible_to(user)
    for name, field in (("supplier", "pk"), ("owner", "relationship_owner_id")):
        value = str(params.get(name) or "")
        if value.isdigit():
            suppliers = suppliers.filter(**{field: int(value)})
    retros = Retrospective.objects.filter(supplier__in=suppliers).select_related("supplier")
    return [
        (r.pk, r.supplier.external_id, r.supplier.name, r.milestone, _when(r.held_on),
         r.issue_id, *(getattr(r, k) for k in services.RETRO_FIELDS[1:]))
        for r in retros[:EXPORT_LIMIT]
    ]  # fmt: skip


def sheets(user: User, params: Mapping[str, Any], kinds: Sequence[str] = KINDS) -> dict[str, Rows]:
    """The rows of each kind in `kinds`, in scope (one query per kind, plus one)."""
    issues = list(issues_in_scope(user, params)[:EXPORT_LIMIT])
    builders: dict[str, Callable[[], Rows]] = {
        "issues": lambda: _issue_rows(issues),
        "issue_steps": lambda: _step_rows(issues),
        "issue_actions": lambda: _action_rows(issues),
        "escalations": lambda: _escalation_rows(issues),
        "corrective_actions": lambda: _car_rows(issues),
        "retrospectives": lambda: _retro_rows(user, params),
    }
    return {kind: builders[kind]() for kind in kinds}


def export(user: User, params: Mapping[str, Any], fmt: str, kind: str = "issues") -> ExportFile:
    """CSV: the one `kind`; XLSX: a workbook with a sheet for every kind."""
    if fmt == "csv":
        rows = sheets(user, params, [kind])[kind]
        return ExportFile(write_csv(SHEETS[kind][1], rows), CONTENT_TYPES["csv"], len(rows))
    found = sheets(user, params)
    return ExportFile(_workbook(found), CONTENT_TYPES["xlsx"], len(found["issues"]))


def _workbook(found: dict[str, Rows]) -> bytes:
    """One sheet per kind; text stays text (never a formula), ids are numbers."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    for kind, rows in found.items():
        title, columns = SHEETS[kind]
        sheet = workbook.create_sheet(title)
        sheet.append(list(columns))
        numeric = [name in NUMBER_COLUMNS for name in columns]
        for row in rows:
            cells: list[Any] = []
            for is_number, value in zip(numeric, row, strict=True):
                if is_number and (value is None or isinstance(value, int)):
                    cells.append(value)
                    continue
                text = "" if value is None else str(value)
                cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", text))
                cell.data_type = "s"
                cells.append(cell)
            sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
