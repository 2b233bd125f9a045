"""Import and export of sourcing criteria (CSV or XLSX), by the rules every import follows:
each problem is reported with its row, column and reason; a file with errors changes
nothing unless only the valid rows were asked for; importing the same file twice changes
nothing the second time.

A row names a project by `project_id` and a criterion by its `name` within the project
(case ignored): an existing criterion is updated, a new one added."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django.db.models.functions import Lower

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import can, require
from partnerbook.core.spreadsheets import CONTENT_TYPES, ExportFile, write_csv, write_xlsx
from partnerbook.suppliers.imports import (
    ImportResult,
    MappingArg,
    Progress,
    Table,
    run_import,
    table_records,
)
from partnerbook.suppliers.models import Supplier

from . import domain, services
from .models import Candidate, Criterion, Evaluation, Pilot, SourcingProject

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
    mapping: MappingArg = None,
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
        mapping=mapping,
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


# --- shared lookups -------------------------------------------------------------------------


def _require_columns(
    table: Table, columns: dict[int, str], needed: Sequence[str], result: ImportResult
) -> bool:
    missing = [c for c in needed if c not in columns.values()]
    for column in missing:
        result.add_error(1, column, "This column is required.")
    return not missing


def _int_id(text: str) -> int | None:
    return int(text) if text.isdigit() and len(text) < 18 else None


def _suppliers_by_name(names: set[str]) -> dict[str, list[Supplier]]:
    """Not archived suppliers whose casefolded name is in `names` (one query)."""
    if not names:
        return {}
    found: dict[str, list[Supplier]] = defaultdict(list)
    qs = Supplier.objects.filter(archived=False).annotate(lname=Lower("name"))
    for supplier in qs.filter(lname__in=sorted(names)).order_by("pk"):
        found[supplier.name.casefold()].append(supplier)
    return found


def _open_projects(records: Sequence[tuple[int, dict[str, str]]]) -> dict[int, SourcingProject]:
    ids = _project_ids(records)
    return {
        p.pk: p
        for p in SourcingProject.objects.filter(pk__in=ids, archived=False).select_related(
            "category"
        )
    }


def _project_of(
    record: dict[str, str], projects: dict[int, SourcingProject], errors: list[Any]
) -> SourcingProject | None:
    text = record.get("project_id", "")
    project = projects.get(_int_id(text) or 0)
    if project is None:
        errors.append(("project_id", f"No sourcing project has the id '{text}'."))
    elif project.status == SourcingProject.Status.CLOSED:
        errors.append(("project_id", "This project is closed; it cannot change."))
        return None
    return project


def _one_supplier(
    name: str, found: dict[str, list[Supplier]], errors: list[Any], *, must_exist: bool
) -> Supplier | None:
    if not name:
        errors.append(("supplier_name", "Give the supplier's name."))
        return None
    matches = found.get(name.casefold(), [])
    if len(matches) > 1:
        errors.append(("supplier_name", f"{len(matches)} suppliers are called '{name}'; "
                                        "rename one so the name says which."))  # fmt: skip
        return None
    if not matches and must_exist:
        errors.append(("supplier_name", f"No supplier is called '{name}'."))
    return matches[0] if matches else None


# --- candidates -----------------------------------------------------------------------------

CANDIDATE_COLUMNS = ("project_id", "supplier_name", "source", "stage", "note")


@dataclass
class _CandidatePlan:
    row: int
    project: SourcingProject
    supplier: Supplier | None
    name: str
    data: dict[str, Any]
    existing: Candidate | None
    changes: dict[str, Any] = field(default_factory=dict)

    @property
    def action(self) -> str:
        if self.existing is None:
            return "create"
        return "update" if self.changes else "unchanged"


def import_candidates(
    actor: User,
    source: IO[bytes] | bytes,
    filename: str,
    *,
    valid_only: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    mapping: MappingArg = None,
) -> ImportResult:
    """Add candidates to projects (an unknown supplier name becomes a new prospect) or
    change the stage and note of those already there."""
    require(actor, "sourcing.edit")
    created: dict[str, Supplier] = {}
    return run_import(
        ImportResult(dry_run=dry_run, valid_only=valid_only),
        source,
        filename,
        known=CANDIDATE_COLUMNS,
        identity=("project_id", "supplier_name"),
        check_rows=lambda table, columns, res: _check_candidates(table, columns, res),
        save=lambda plan: _save_candidate(actor, plan, created),
        progress=progress,
        mapping=mapping,
    )


def _save_candidate(actor: User, plan: _CandidatePlan, created: dict[str, Supplier]) -> None:
    if plan.existing is not None:
        if plan.changes:
            services.update_candidate(actor, plan.existing, plan.changes)
        return
    supplier = plan.supplier or created.get(plan.name.casefold())
    data = dict(plan.data)
    if supplier is None:
        data["prospect_name"] = plan.name
    else:
        data["supplier"] = supplier
    candidate = services.add_candidate(actor, plan.project, data)
    created.setdefault(plan.name.casefold(), candidate.supplier)


def _check_candidates(
    table: Table, columns: dict[int, str], result: ImportResult
) -> list[_CandidatePlan]:
    if not _require_columns(table, columns, ("project_id", "supplier_name"), result):
        return []
    records = table_records(table, columns)
    projects = _open_projects(records)
    found = _suppliers_by_name({r.get("supplier_name", "").casefold() for _, r in records})
    existing = {
        (c.project_id, c.supplier_id): c
        for c in Candidate.objects.filter(project_id__in=projects).select_related("project")
    }
    seen: dict[tuple[int, str], int] = {}
    plans = []
    for number, record in records:
        errors: list[tuple[str | None, str]] = []
        if record.pop("__extra__", None):
            errors.append((None, "The row has more cells than the header has columns."))
        project = _project_of(record, projects, errors)
        name = " ".join(record.get("supplier_name", "").split())
        supplier = _one_supplier(name, found, errors, must_exist=False)
        source = record.get("source", "").casefold().replace(" ", "_")
        stage = record.get("stage", "").casefold().replace(" ", "_")
        if stage and stage not in Candidate.Stage.values:
            errors.append(("stage", "Use long_list, short_list, rejected or selected."))
        if project is not None and name:
            key = (project.pk, name.casefold())
            if key in seen:
                errors.append(
                    ("supplier_name", f"Already given for this project in row {seen[key]}.")
                )
            seen.setdefault(key, number)
        current = existing.get((project.pk, supplier.pk)) if project and supplier else None
        if current is None and source not in Candidate.Source.values:
            errors.append(
                ("source", "Use referral, network, trade_show, inbound, search or existing.")
            )
        for column, reason in errors:
            result.add_error(number, column, reason)
        if errors or project is None:
            continue
        note = record.get("note", "")
        data = {"source": source, "stage": stage or Candidate.Stage.LONG_LIST, "note": note}
        plan = _CandidatePlan(number, project, supplier, name, data, current)
        if current is not None:
            if stage and stage != current.stage:
                plan.changes["stage"] = stage
            if "note" in columns.values() and note != current.note:
                plan.changes["note"] = note
        plans.append(plan)
    return plans


# --- evaluations ----------------------------------------------------------------------------

EVALUATION_COLUMNS = ("project_id", "supplier_name", "evaluator_username", "criterion_name",
                      "score", "met")  # fmt: skip


@dataclass
class _EvaluationPlan:
    row: int
    candidate: Candidate
    evaluator: User
    scores: dict[int, int] = field(default_factory=dict)
    met: dict[int, bool] = field(default_factory=dict)
    current: tuple[dict[int, int], dict[int, bool]] | None = None

    @property
    def action(self) -> str:
        if self.current is None:
            return "create"
        merged = ({**self.current[0], **self.scores}, {**self.current[1], **self.met})
        return "unchanged" if merged == self.current else "update"


def import_evaluations(
    actor: User,
    source: IO[bytes] | bytes,
    filename: str,
    *,
    valid_only: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    mapping: MappingArg = None,
) -> ImportResult:
    """Scorecards from a file, one row per criterion: a weighted criterion gets `score`
    0..5, a must-have `met` yes or no. Criteria not in the file keep their marks."""
    require(actor, "sourcing.edit")
    return run_import(
        ImportResult(dry_run=dry_run, valid_only=valid_only),
        source,
        filename,
        known=EVALUATION_COLUMNS,
        identity=("project_id",),
        check_rows=lambda table, columns, res: _check_evaluations(actor, table, columns, res),
        save=lambda plan: _save_evaluation(actor, plan),
        progress=progress,
        mapping=mapping,
    )


def _save_evaluation(actor: User, plan: _EvaluationPlan) -> None:
    scores = {**(plan.current[0] if plan.current else {}), **plan.scores}
    met = {**(plan.current[1] if plan.current else {}), **plan.met}
    services.submit_evaluation(
        actor, plan.candidate, dict(scores), dict(met), evaluator=plan.evaluator,
        keep_comment=True,
    )  # fmt: skip


def _check_evaluations(
    actor: User, table: Table, columns: dict[int, str], result: ImportResult
) -> list[_EvaluationPlan]:
    needed = ("project_id", "supplier_name", "evaluator_username", "criterion_name")
    if not _require_columns(table, columns, needed, result):
        return []
    records = table_records(table, columns)
    projects = _open_projects(records)
    candidates = {
        (c.project_id, c.supplier.name.casefold()): c
        for c in Candidate.objects.filter(project_id__in=projects).select_related(
            "supplier", "project"
        )
    }
    criteria = {
        (c.project_id, domain.name_key(c.name)): c
        for c in Criterion.objects.filter(project_id__in=projects)
    }
    usernames = {r.get("evaluator_username", "") for _, r in records}
    users = {u.username.casefold(): u for u in User.objects.filter(username__in=usernames)}
    current: dict[tuple[int, int], tuple[dict[int, int], dict[int, bool]]] = {}
    for e in Evaluation.objects.filter(candidate__project_id__in=projects).prefetch_related(
        "scores"
    ):
        current[(e.candidate_id, e.evaluator_id)] = (
            {s.criterion_id: s.score for s in e.scores.all() if s.score is not None},
            {s.criterion_id: s.met for s in e.scores.all() if s.met is not None},
        )
    plans: dict[tuple[int, int], _EvaluationPlan] = {}
    seen: dict[tuple[int, int, int], int] = {}
    may_configure = can(actor, "sourcing.configure")
    for number, record in records:
        errors: list[tuple[str | None, str]] = []
        if record.pop("__extra__", None):
            errors.append((None, "The row has more cells than the header has columns."))
        project = _project_of(record, projects, errors)
        name = record.get("supplier_name", "")
        candidate = candidates.get((project.pk, name.casefold())) if project else None
        if project is not None and candidate is None:
            errors.append(("supplier_name", f"'{name}' is not a candidate of this project."))
        username = record.get("evaluator_username", "")
        evaluator = users.get(username.casefold())
        if evaluator is None or not can(evaluator, "sourcing.edit"):
            errors.append(
                ("evaluator_username", f"No colleague who may evaluate is called '{username}'.")
            )
        elif evaluator.pk != actor.pk and not may_configure:
            errors.append(
                ("evaluator_username", "Only managers may import other people's evaluations.")
            )
        criterion_name = record.get("criterion_name", "")
        criterion = criteria.get((project.pk, domain.name_key(criterion_name))) if project else None
        if project is not None and criterion is None:
            errors.append(("criterion_name", f"This project has no criterion '{criterion_name}'."))
        score_text, met_text = record.get("score", ""), record.get("met", "").casefold()
        score: int | None = None
        met: bool | None = None
        if criterion is not None:
            if criterion.must_have:
                if met_text not in _TRUE | _FALSE or met_text == "" or score_text:
                    errors.append(
                        (
                            "met",
                            f"{criterion.name} is a must-have: give met yes or no, and no score.",
                        )
                    )
                else:
                    met = met_text in _TRUE
            elif not (score_text.isdigit() and int(score_text) <= 5) or met_text:
                errors.append(
                    (
                        "score",
                        f"{criterion.name} is weighted: give a score from 0 to 5, and no met.",
                    )
                )
            else:
                score = int(score_text)
        if candidate and evaluator and criterion:
            key = (candidate.pk, evaluator.pk, criterion.pk)
            if key in seen:
                errors.append(
                    ("criterion_name", f"Already given for this evaluator in row {seen[key]}.")
                )
            seen.setdefault(key, number)
        for column, reason in errors:
            result.add_error(number, column, reason)
        if errors or candidate is None or evaluator is None or criterion is None:
            continue
        plan = plans.get((candidate.pk, evaluator.pk))
        if plan is None:
            plan = _EvaluationPlan(number, candidate, evaluator,
                                   current=current.get((candidate.pk, evaluator.pk)))  # fmt: skip
            plans[(candidate.pk, evaluator.pk)] = plan
        if score is not None:
            plan.scores[criterion.pk] = score
        if met is not None:
            plan.met[criterion.pk] = met
    return list(plans.values())


# --- pilots ---------------------------------------------------------------------------------

PILOT_COLUMNS = ("supplier_name", "scope", "starts_on", "ends_on", "success_criteria",
                 "outcome", "evidence")  # fmt: skip


@dataclass
class _PilotPlan:
    row: int
    supplier: Supplier
    data: dict[str, Any]
    existing: Pilot | None
    changes: dict[str, Any] = field(default_factory=dict)

    @property
    def action(self) -> str:
        if self.existing is None:
            return "create"
        return "update" if self.changes else "unchanged"


def import_pilots(
    actor: User,
    source: IO[bytes] | bytes,
    filename: str,
    *,
    valid_only: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    mapping: MappingArg = None,
) -> ImportResult:
    """Pilots of suppliers; a supplier's pilot starting on the same day is updated. Each
    row's supplier must be one the actor may run the playbook for."""
    require(actor, "sourcing.edit")
    return run_import(
        ImportResult(dry_run=dry_run, valid_only=valid_only),
        source,
        filename,
        known=PILOT_COLUMNS,
        identity=("supplier_name",),
        check_rows=lambda table, columns, res: _check_pilots(actor, table, columns, res),
        save=lambda plan: _save_pilot(actor, plan),
        progress=progress,
        mapping=mapping,
    )


def _save_pilot(actor: User, plan: _PilotPlan) -> None:
    if plan.existing is None:
        services.record_pilot(actor, plan.supplier, plan.data)
    elif plan.changes:
        services.update_pilot(actor, plan.existing, plan.changes)


def _date(record: dict[str, str], key: str, errors: list[Any]) -> dt.date | None:
    text = record.get(key, "")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        errors.append((key, "Give the date as YYYY-MM-DD."))
        return None


def _check_pilots(
    actor: User, table: Table, columns: dict[int, str], result: ImportResult
) -> list[_PilotPlan]:
    needed = ("supplier_name", "scope", "starts_on", "ends_on", "success_criteria")
    if not _require_columns(table, columns, needed, result):
        return []
    records = table_records(table, columns)
    found = _suppliers_by_name({r.get("supplier_name", "").casefold() for _, r in records})
    supplier_ids = [s.pk for group in found.values() for s in group]
    existing = {
        (p.supplier_id, p.starts_on): p
        for p in Pilot.objects.filter(supplier_id__in=supplier_ids).select_related("supplier")
    }
    seen: dict[tuple[int, dt.date], int] = {}
    plans = []
    for number, record in records:
        errors: list[tuple[str | None, str]] = []
        if record.pop("__extra__", None):
            errors.append((None, "The row has more cells than the header has columns."))
        supplier = _one_supplier(record.get("supplier_name", ""), found, errors, must_exist=True)
        if supplier is not None and not can(actor, "playbook.edit", supplier):
            errors.append(("supplier_name", "You may not record pilots of this supplier."))
        starts_on, ends_on = _date(record, "starts_on", errors), _date(record, "ends_on", errors)
        if starts_on and ends_on and ends_on < starts_on:
            errors.append(("ends_on", "The pilot cannot end before it starts."))
        outcome = record.get("outcome", "").casefold() or Pilot.Outcome.PENDING
        if outcome not in Pilot.Outcome.values:
            errors.append(("outcome", "Use pending, passed or failed."))
        evidence = record.get("evidence", "")
        if outcome != Pilot.Outcome.PENDING and not evidence.strip():
            errors.append(("evidence", "Give the evidence for a passed or failed pilot."))
        for text_column in ("scope", "success_criteria"):
            if not record.get(text_column, "").strip():
                errors.append((text_column, "This cannot be empty."))
        if supplier and starts_on:
            key = (supplier.pk, starts_on)
            if key in seen:
                errors.append(("starts_on", f"Already given for this supplier in row {seen[key]}."))
            seen.setdefault(key, number)
        for column, reason in errors:
            result.add_error(number, column, reason)
        if errors or supplier is None or starts_on is None:
            continue
        data = {"scope": record.get("scope", "").strip(), "starts_on": starts_on,
                "ends_on": ends_on, "success_criteria": record.get("success_criteria", "").strip(),
                "outcome": outcome, "evidence": evidence.strip()}  # fmt: skip
        current = existing.get((supplier.pk, starts_on))
        plan = _PilotPlan(number, supplier, data, current)
        if current is not None:
            plan.changes = {k: v for k, v in data.items() if getattr(current, k) != v}
        plans.append(plan)
    return plans


# --- export of a project's candidates -------------------------------------------------------

EXPORT_COLUMNS = ("rank", "supplier_name", "source", "stage", "must_haves", "median", "spread",
                  "evaluators", "totals", "why", "note")  # fmt: skip


def export_candidates(project: SourcingProject, fmt: str = "csv") -> ExportFile:
    """The project's candidates in rank order with their scores and the reason for each
    rank, as CSV or XLSX."""
    rows = [
        (r.rank, r.candidate.supplier.name, r.candidate.source, r.candidate.stage,
         r.score.must_have.status, r.score.median, r.score.spread, r.score.evaluators,
         "; ".join(f"{t.evaluator}: {t.total if t.total is not None else '—'}"
                   for t in r.score.totals),
         r.reason, r.candidate.note)
        for r in services.ranking(project)
    ]  # fmt: skip
    if fmt == "xlsx":
        content = write_xlsx(
            "Candidates", EXPORT_COLUMNS, rows,
            number_columns=("rank", "median", "spread", "evaluators"),
        )  # fmt: skip
    else:
        content = write_csv(EXPORT_COLUMNS, rows)
    return ExportFile(content, CONTENT_TYPES[fmt], len(rows))
