"""Import and export of sourcing criteria (CSV or XLSX), by the rules every import follows:
each problem is reported with its row, column and reason; a file with errors changes
nothing unless only the valid rows were asked for; importing the same file twice changes
nothing the second time.

A row names a project by `project_id` and a criterion by its `name` within the project
(case ignored): an existing criterion is updated, a new one added."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import require
from partnerbook.core.spreadsheets import write_csv
from partnerbook.suppliers.imports import (
    ImportResult,
    Progress,
    Table,
    run_import,
    table_records,
)

from . import domain, services
from .models import Criterion, SourcingProject

COLUMNS = ("project_id", "pillar", "name", "description", "must_have", "weight")
_TRUE = {"yes", "y", "true", "1", "x"}
_FALSE = {"no", "n", "false", "0", ""}


@dataclass
class _CriterionPlan:
    row: int
    project: SourcingProject
    data: dict[str, Any]
    existing: Criterion | None
    changes: dict[str, Any] = field(default_factory=dict)

    @property
    def action(self) -> str:
        if self.existing is None:
            return "create"
        return "update" if self.changes else "unchanged"


def import_criteria(
    actor: User,
    source: IO[bytes] | bytes,
    filename: str,
    *,
    valid_only: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Add or update criteria of open or on-hold projects from a file."""
    require(actor, "sourcing.edit")
    return run_import(
        ImportResult(dry_run=dry_run, valid_only=valid_only),
        source,
        filename,
        known=COLUMNS,
        identity=("project_id",),
        check_rows=lambda table, columns, res: _check(table, columns, res),
        save=lambda plan: _save(actor, plan),
        progress=progress,
    )


def _save(actor: User, plan: _CriterionPlan) -> None:
    if plan.existing is None:
        services.add_criterion(actor, plan.project, plan.data)
    elif plan.changes:
        services.update_criterion(actor, plan.existing, plan.changes)


def _values(record: dict[str, str], errors: list[tuple[str | None, str]]) -> dict[str, Any]:
    must_text = record.get("must_have", "").casefold()
    if must_text not in _TRUE | _FALSE:
        errors.append(("must_have", "Use yes or no."))
    weight_text = record.get("weight", "")
    weight: int | None = None
    if weight_text:
        if weight_text.isdigit() and len(weight_text) < 6:
            weight = int(weight_text)
        else:
            errors.append(("weight", "Give a whole number from 1 to 100, or nothing."))
    data: dict[str, Any] = {
        "pillar": record.get("pillar", "").casefold(),
        "name": " ".join(record.get("name", "").split()),
        "description": record.get("description", ""),
        "must_have": must_text in _TRUE,
        "weight": weight,
    }
    if not any(column == "weight" for column, _ in errors):
        spec = domain.CriterionSpec(**data)
        errors.extend(domain.criterion_problems(spec).items())
    return data


def _project_ids(records: Sequence[tuple[int, dict[str, str]]]) -> set[int]:
    ids = set()
    for _, record in records:
        text = record.get("project_id", "")
        if text.isdigit() and len(text) < 18:
            ids.add(int(text))
    return ids


def _check(table: Table, columns: dict[int, str], result: ImportResult) -> list[_CriterionPlan]:
    records = table_records(table, columns)
    ids = _project_ids(records)
    projects = {p.pk: p for p in SourcingProject.objects.filter(pk__in=ids, archived=False)}
    existing = {
        (c.project_id, domain.name_key(c.name)): c
        for c in Criterion.objects.filter(project_id__in=projects)
    }
    seen: dict[tuple[int, str], int] = {}
    plans = []
    for number, record in records:
        errors: list[tuple[str | None, str]] = []
        if record.pop("__extra__", None):
            errors.append((None, "The row has more cells than the header has columns."))
        text = record.get("project_id", "")
        project = projects.get(int(text)) if text.isdigit() and len(text) < 18 else None
        if project is None:
            errors.append(("project_id", f"No sourcing project has the id '{text}'."))
        elif project.status == SourcingProject.Status.CLOSED:
            errors.append(("project_id", "This project is closed; its criteria cannot change."))
        data = _values(record, errors)
        if project is not None and data["name"]:
            key = (project.pk, domain.name_key(data["name"]))
            if key in seen:
                errors.append(("name", f"Already given for this project in row {seen[key]}."))
            seen.setdefault(key, number)
        for column, reason in errors:
            result.add_error(number, column, reason)
        if errors or project is None:
            continue
        current = existing.get((project.pk, domain.name_key(data["name"])))
        plan = _CriterionPlan(number, project, data, current)
        if current is not None:
            plan.changes = {
                k: v for k, v in data.items() if k != "name" and getattr(current, k) != v
            }
            if current.name != data["name"]:
                plan.changes["name"] = data["name"]
        plans.append(plan)
    return plans


def export_criteria(project: SourcingProject) -> bytes:
    """The project's criteria as CSV, in the columns the import reads."""
    rows = [
        (project.pk, c.pillar, c.name, c.description, "yes" if c.must_have else "no",
         c.weight if c.weight is not None else "")
        for c in services.criteria_of(project)
    ]  # fmt: skip
    return write_csv(COLUMNS, rows)
