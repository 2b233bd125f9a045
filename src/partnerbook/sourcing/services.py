"""Reads and writes of sourcing projects, their criteria, category templates and lessons.
Views, the API, the demo loader and tests all come through here; the rules are in
`domain.py`."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import can, require
from partnerbook.core.audit import save_audited
from partnerbook.core.concurrency import lock_for_edit, next_version
from partnerbook.core.registry import ChecklistResult, pk_urls
from partnerbook.suppliers.models import Category, Supplier
from partnerbook.suppliers.services import create_supplier

from . import domain
from .models import (
    MAX_NOTE,
    Candidate,
    CandidateCall,
    CriteriaTemplate,
    Criterion,
    Evaluation,
    EvaluationScore,
    Lesson,
    Pilot,
    RampStage,
    SourcingProject,
    Validation,
)

PROJECT_FIELDS = ("title", "category", "owner", "target_date", "need", "status")
CRITERION_FIELDS = ("pillar", "name", "description", "must_have", "weight")
MAX_LESSONS_SHOWN = 20


# --- projects -------------------------------------------------------------------------------


def projects(
    status: str | None = None, category: Category | int | None = None
) -> QuerySet[SourcingProject]:
    """The projects not archived, newest first, with what a list row shows (one query)."""
    qs = (
        SourcingProject.objects.filter(archived=False)
        .select_related("category", "owner")
        .annotate(
            criteria_count=Count("criteria", distinct=True),
            must_have_count=Count("criteria", filter=Q(criteria__must_have=True), distinct=True),
        )
        .order_by("-created_at", "-pk")
    )
    if status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category=category)
    return qs


def project_by_id(pk: int) -> SourcingProject | None:
    return (
        SourcingProject.objects.filter(archived=False, pk=pk)
        .select_related("category", "owner", "created_by")
        .first()
    )


def _check_project(project: SourcingProject) -> None:
    if project.owner_id is not None and not project.owner.is_internal:
        raise ValidationError(
            {"owner": _("The owner must be an active colleague, not a supplier.")}
        )
    if project.status not in SourcingProject.Status.values:
        raise ValidationError({"status": _("Choose open, on hold or closed.")})


def _specs_of_template(category: Category) -> list[domain.CriterionSpec]:
    template = CriteriaTemplate.objects.filter(category=category).first()
    return [_spec(row) for row in template.criteria] if template else []


def _spec(row: Mapping[str, Any]) -> domain.CriterionSpec:
    return domain.CriterionSpec(
        pillar=str(row.get("pillar", "")),
        name=str(row.get("name", "")).strip(),
        must_have=bool(row.get("must_have")),
        weight=row.get("weight"),
        description=str(row.get("description") or "").strip(),
    )


@transaction.atomic
def create_project(actor: User, data: Mapping[str, Any]) -> SourcingProject:
    """A new open project from `data` (title, category, owner, target_date, need, status).
    Its criteria set starts as a copy of its category's template, if there is one."""
    require(actor, "sourcing.edit")
    project = SourcingProject(created_by=actor)
    for key in PROJECT_FIELDS:
        if key in data:
            setattr(project, key, data[key])
    if project.owner_id is None:
        project.owner = actor
    _check_project(project)
    save_audited(project, actor, "Sourcing project created.")
    specs = _specs_of_template(project.category)
    for spec in specs:
        criterion = Criterion(project=project, **_fields(spec))
        save_audited(criterion, actor, "Copied from the category template.")
    return project


def _fields(spec: domain.CriterionSpec) -> dict[str, Any]:
    return {
        "pillar": spec.pillar, "name": spec.name, "description": spec.description,
        "must_have": spec.must_have, "weight": None if spec.must_have else spec.weight,
    }  # fmt: skip


@transaction.atomic
def update_project(
    actor: User,
    project: SourcingProject,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> SourcingProject:
    """Change the given fields; an edit based on an older version raises `StaleEdit`.
    Changing the category keeps the criteria as they are."""
    require(actor, "sourcing.edit", project)
    lock_for_edit(project, expected_version, "this sourcing project")
    if project.archived:
        raise ValidationError({"archived": _("This project is archived.")})
    for key in PROJECT_FIELDS:
        if key in data:
            setattr(project, key, data[key])
    _check_project(project)
    next_version(project)
    save_audited(project, actor, "Sourcing project changed.")
    return project


@transaction.atomic
def archive_project(actor: User, project: SourcingProject) -> SourcingProject:
    """Hide the project from lists; it stays in the database with its history."""
    require(actor, "sourcing.edit", project)
    lock_for_edit(project, None, "this sourcing project")
    project.archived = True
    next_version(project)
    save_audited(project, actor, "Sourcing project archived.")
    return project


# --- criteria -------------------------------------------------------------------------------


def criteria_of(project: SourcingProject) -> list[Criterion]:
    return list(Criterion.objects.filter(project=project).order_by("pk"))


@dataclass(frozen=True)
class PillarGroup:
    key: str
    label: str
    criteria: list[Criterion]
    summary: domain.PillarSummary


def grouped(
    criteria: Sequence[Criterion],
) -> tuple[list[PillarGroup], domain.Explanation]:
    """The criteria by pillar (triangle order) with the explanation of the whole set."""
    explanation = domain.explain(c.spec for c in criteria)
    groups = [
        PillarGroup(s.pillar, s.label, [c for c in criteria if c.pillar == s.pillar], s)
        for s in explanation.pillars
    ]
    return groups, explanation


def _editable(project: SourcingProject) -> None:
    if project.archived:
        raise ValidationError({"project": _("This project is archived.")})
    if project.status == SourcingProject.Status.CLOSED:
        raise ValidationError(
            {"project": "This project is closed; reopen it to change its criteria."}
        )


def _check_criterion(criterion: Criterion) -> None:
    criterion.name = " ".join((criterion.name or "").split())
    criterion.description = (criterion.description or "").strip()
    problems = domain.criterion_problems(criterion.spec)
    if problems:
        raise ValidationError(problems)
    clash = Criterion.objects.filter(project_id=criterion.project_id, name__iexact=criterion.name)
    if criterion.pk:
        clash = clash.exclude(pk=criterion.pk)
    if clash.exists():
        raise ValidationError(
            {"name": ValidationError("This project already has a criterion of that name.",
                                     code="unique")}
        )  # fmt: skip
    if criterion.pk is None:
        count = Criterion.objects.filter(project_id=criterion.project_id).count()
        if count >= domain.MAX_CRITERIA:
            raise ValidationError(
                {"name": f"A project keeps at most {domain.MAX_CRITERIA} criteria."}
            )


def _lock_project(project: SourcingProject) -> None:
    # Two people adding the same name at the same moment: the second waits and sees it.
    lock_for_edit(project, None, "this sourcing project")


@transaction.atomic
def add_criterion(actor: User, project: SourcingProject, data: Mapping[str, Any]) -> Criterion:
    """A new criterion (pillar, name, description, must_have, weight) of an open or on-hold
    project; names are unique within the project, ignoring case."""
    require(actor, "sourcing.edit", project)
    _lock_project(project)
    _editable(project)
    criterion = Criterion(project=project)
    for key in CRITERION_FIELDS:
        if key in data:
            setattr(criterion, key, data[key])
    _check_criterion(criterion)
    save_audited(criterion, actor, "Criterion added.")
    return criterion


@transaction.atomic
def update_criterion(
    actor: User,
    criterion: Criterion,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> Criterion:
    """Change the given fields of a criterion; stale edits raise `StaleEdit`. Turning a
    weighted criterion into a must-have needs `weight` None (and the other way round a
    weight)."""
    project = criterion.project
    require(actor, "sourcing.edit", project)
    _lock_project(project)
    _editable(project)
    lock_for_edit(criterion, expected_version, "this criterion")
    for key in CRITERION_FIELDS:
        if key in data:
            setattr(criterion, key, data[key])
    _check_criterion(criterion)
    next_version(criterion)
    save_audited(criterion, actor, "Criterion changed.")
    return criterion


@transaction.atomic
def remove_criterion(actor: User, criterion: Criterion) -> None:
    """Delete a criterion of a project not closed; its history keeps who removed it."""
    project = criterion.project
    require(actor, "sourcing.edit", project)
    _lock_project(project)
    _editable(project)
    criterion._history_user = actor  # type: ignore[attr-defined]
    criterion._change_reason = "Criterion removed."  # type: ignore[attr-defined]
    criterion.delete()


# --- category templates ---------------------------------------------------------------------


def template_of(category: Category) -> CriteriaTemplate | None:
    return CriteriaTemplate.objects.filter(category=category).select_related("updated_by").first()


def _template_rows(specs: Sequence[domain.CriterionSpec]) -> list[dict[str, Any]]:
    return [_fields(spec) for spec in specs]


@transaction.atomic
def put_template(
    actor: User,
    category: Category,
    rows: Sequence[Mapping[str, Any]],
    expected_version: int | None = None,
) -> CriteriaTemplate:
    """Replace the category's template by `rows` (criteria as dicts). Projects already
    started keep their own criteria."""
    require(actor, "sourcing.configure")
    specs = [_spec(row) for row in rows]
    problems = domain.set_problems(specs)
    if problems:
        raise ValidationError(problems)
    list(Category.objects.select_for_update().filter(pk=category.pk).values_list("pk"))
    template = CriteriaTemplate.objects.filter(category=category).first() or CriteriaTemplate(
        category=category
    )
    lock_for_edit(template, expected_version, "this criteria template")
    if template.pk is not None:
        next_version(template)
    template.criteria = _template_rows(specs)
    template.updated_by = actor
    save_audited(template, actor, f"Criteria template set ({len(specs)} criteria).")
    return template


def save_as_template(actor: User, project: SourcingProject) -> CriteriaTemplate:
    """Make the project's criteria set its category's template."""
    require(actor, "sourcing.configure")
    rows = [_fields(c.spec) for c in criteria_of(project)]
    return put_template(actor, project.category, rows)


# --- lessons learned ------------------------------------------------------------------------


@transaction.atomic
def add_lesson(
    actor: User, project: SourcingProject, text: str, supplier: Supplier | None = None
) -> Lesson:
    """Record what the team learned on `project` (optionally about one supplier)."""
    require(actor, "sourcing.edit", project)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write what the team learned.")})
    if project.archived:
        raise ValidationError({"project": _("This project is archived.")})
    lesson = Lesson(project=project, supplier=supplier, text=text, created_by=actor)
    save_audited(lesson, actor, "Lesson learned recorded.")
    return lesson


def lessons_of(project: SourcingProject) -> list[Lesson]:
    return list(
        Lesson.objects.filter(project=project).select_related("supplier", "created_by")[:200]
    )


def earlier_lessons(project: SourcingProject, limit: int = MAX_LESSONS_SHOWN) -> list[Lesson]:
    """Lessons from other projects of the same category that started before this one."""
    return list(
        Lesson.objects.filter(
            project__category_id=project.category_id,
            project__archived=False,
            project__created_at__lte=project.created_at,
        )
        .exclude(project=project)
        .select_related("project", "supplier", "created_by")[:limit]
    )


def search_lessons(
    text: str = "", category: Category | int | None = None, supplier: Supplier | int | None = None
) -> QuerySet[Lesson]:
    """Lessons whose text, project title or supplier name contains `text`, newest first."""
    qs = Lesson.objects.filter(project__archived=False).select_related(
        "project", "project__category", "supplier", "created_by"
    )
    text = text.strip()
    if text:
        qs = qs.filter(
            Q(text__icontains=text)
            | Q(project__title__icontains=text)
            | Q(supplier__name__icontains=text)
        )
    if category:
        qs = qs.filter(project__category=category)
    if supplier:
        qs = qs.filter(supplier=supplier)
    return qs


# --- demo -----------------------------------------------------------------------------------


def demo_project(
    actor: User,
    category: Category,
    *,
    title: str = "Second source for corrugated boxes",
    owner: User | None = None,
    target_date: dt.date | None = None,
    with_lesson: bool = True,
) -> SourcingProject:
    """A project half-way: a full criteria set on all three sides of the triangle (the
    starter suggestions), saved as the category's template, and a lesson learned.
    `actor` must be allowed sourcing.configure (an admin or manager)."""
    project = create_project(
        actor,
        {
            "title": title,
            "category": category,
            "owner": owner or actor,
            "target_date": target_date or timezone.localdate() + dt.timedelta(days=90),
            "need": "A second supplier to cut the risk of depending on one plant, with room "
            "for 30% more volume next year.",
        },
    )
    have = {domain.name_key(c.name) for c in criteria_of(project)}
    for spec in domain.SUGGESTIONS:
        if domain.name_key(spec.name) not in have:
            add_criterion(actor, project, _fields(spec))
    save_as_template(actor, project)
    if with_lesson:
        add_lesson(
            actor,
            project,
            "Ask for capacity figures per production line, not per plant: the totals hid "
            "a bottleneck last time.",
        )
    return project


# --- candidates -----------------------------------------------------------------------------

CANDIDATE_FIELDS = ("stage", "note")
SHORT_LIST_STAGES = {Candidate.Stage.SHORT_LIST.value, Candidate.Stage.SELECTED.value}
MAX_CANDIDATES_SHOWN = 1000


def candidates_of(project: SourcingProject) -> list[Candidate]:
    """The project's candidates in the order they were added, with their suppliers."""
    return list(
        Candidate.objects.filter(project=project)
        .select_related("supplier", "added_by")
        .order_by("pk")[:MAX_CANDIDATES_SHOWN]
    )


def candidate_by_id(pk: int) -> Candidate | None:
    return (
        Candidate.objects.filter(pk=pk, project__archived=False)
        .select_related("project", "project__category", "project__owner", "supplier", "added_by")
        .first()
    )


def _open(project: SourcingProject) -> None:
    if project.archived:
        raise ValidationError({"project": _("This project is archived.")})
    if project.status == SourcingProject.Status.CLOSED:
        raise ValidationError({"project": _("This project is closed; reopen it to change it.")})


def _check_choice(value: Any, choices: Sequence[str], field_name: str, hint: str) -> None:
    if value not in choices:
        raise ValidationError({field_name: hint})


@transaction.atomic
def add_candidate(actor: User, project: SourcingProject, data: Mapping[str, Any]) -> Candidate:
    """Put a supplier on the project's long list. `data`: `supplier` (an existing one) or
    `prospect_name` (a new prospect, registered in the project's category), `source`,
    `note`, and optionally `stage`."""
    require(actor, "sourcing.edit", project)
    _lock_project(project)
    _open(project)
    supplier: Supplier | None = data.get("supplier")
    name = " ".join(str(data.get("prospect_name") or "").split())
    if supplier is None and not name:
        raise ValidationError({"supplier": _("Pick a supplier, or give a new prospect's name.")})
    if supplier is not None and name:
        raise ValidationError(
            {"prospect_name": "Pick an existing supplier or give a new name, not both."}
        )
    source = data.get("source") or ""
    _check_choice(
        source, Candidate.Source.values, "source",
        "Choose referral, network, trade show, inbound, search or existing supplier.",
    )  # fmt: skip
    stage = data.get("stage") or Candidate.Stage.LONG_LIST
    _check_choice(stage, Candidate.Stage.values, "stage",
                  "Choose long list, short list, rejected or selected.")  # fmt: skip
    if supplier is None:
        if len(name) > 200:
            raise ValidationError({"prospect_name": _("Keep the name to 200 characters.")})
        supplier = create_supplier(
            actor, {"name": name, "category": project.category, "status": "prospect"}
        )
    else:
        if supplier.archived:
            raise ValidationError({"supplier": _("This supplier is archived.")})
        if Candidate.objects.filter(project=project, supplier=supplier).exists():
            raise ValidationError(
                {"supplier": f"{supplier.name} is already a candidate of this project."}
            )
    candidate = Candidate(
        project=project, supplier=supplier, source=source, stage=stage,
        note=str(data.get("note") or "").strip(), added_by=actor,
    )  # fmt: skip
    save_audited(candidate, actor, "Candidate added.")
    return candidate


@transaction.atomic
def update_candidate(
    actor: User,
    candidate: Candidate,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> Candidate:
    """Change the stage and/or note. The short list (and selection) is refused, with the
    reason, while the must-have filter fails; stale edits raise `StaleEdit`."""
    project = candidate.project
    require(actor, "sourcing.edit", project)
    lock_for_edit(candidate, expected_version, "this candidate")
    _open(project)
    stage = data.get("stage", candidate.stage)
    _check_choice(stage, Candidate.Stage.values, "stage",
                  "Choose long list, short list, rejected or selected.")  # fmt: skip
    if stage in SHORT_LIST_STAGES and stage != candidate.stage:
        check = candidate_score(candidate).must_have
        if check.status == domain.MUST_HAVE_FAIL:
            where = "the short list" if stage == Candidate.Stage.SHORT_LIST else "selected"
            raise ValidationError(
                {"stage": f"{candidate.supplier.name} cannot be moved to {where}: "
                          + " ".join(check.reasons)}
            )  # fmt: skip
    changes = []
    if stage != candidate.stage:
        changes.append(f"stage {candidate.stage} → {stage}")
        candidate.stage = stage
    if "note" in data and (data["note"] or "") != candidate.note:
        candidate.note = str(data["note"] or "").strip()
        changes.append("note")
    if not changes:
        return candidate
    next_version(candidate)
    save_audited(candidate, actor, "Candidate changed: " + ", ".join(changes) + ".")
    return candidate


def move_candidate(
    actor: User, candidate: Candidate, stage: str, expected_version: int | None = None
) -> Candidate:
    """Move to the long list, the short list, rejected or selected."""
    return update_candidate(actor, candidate, {"stage": stage}, expected_version)


def reject_candidate(actor: User, candidate: Candidate, note: str | None = None) -> Candidate:
    data: dict[str, Any] = {"stage": Candidate.Stage.REJECTED}
    if note:
        data["note"] = note
    return update_candidate(actor, candidate, data)


# --- calls and validations ----------------------------------------------------------------


def calls_of(candidate: Candidate) -> list[CandidateCall]:
    return list(candidate.calls.select_related("recorded_by").order_by("-held_on", "-pk")[:200])


def validations_of(candidate: Candidate) -> list[Validation]:
    return list(
        candidate.validations.select_related("recorded_by").order_by("-done_on", "-pk")[:200]
    )


def _text(data: Mapping[str, Any], key: str, message: str) -> str:
    value = str(data.get(key) or "").strip()
    if not value:
        raise ValidationError({key: message})
    return value


@transaction.atomic
def record_call(actor: User, candidate: Candidate, data: Mapping[str, Any]) -> CandidateCall:
    """A discovery or reference call: `kind`, `held_on`, `person`, `organisation`, `notes`
    (required)."""
    require(actor, "sourcing.edit", candidate.project)
    _check_choice(data.get("kind"), CandidateCall.Kind.values, "kind",
                  "Choose a discovery call or a reference call.")  # fmt: skip
    if not isinstance(data.get("held_on"), dt.date):
        raise ValidationError({"held_on": _("Give the date of the call.")})
    call = CandidateCall(
        candidate=candidate, kind=data["kind"], held_on=data["held_on"],
        person=_text(data, "person", _("Say who you spoke to.")),
        organisation=str(data.get("organisation") or "").strip(),
        notes=_text(data, "notes", _("Write down what you learned on the call.")),
        recorded_by=actor,
    )  # fmt: skip
    with translation.override("en"):  # the audit trail keeps stable English
        save_audited(call, actor, f"{call.get_kind_display()} recorded.")
    return call


@transaction.atomic
def record_validation(actor: User, candidate: Candidate, data: Mapping[str, Any]) -> Validation:
    """A site visit, sample project or third-party audit with its result and notes."""
    require(actor, "sourcing.edit", candidate.project)
    _check_choice(data.get("kind"), Validation.Kind.values, "kind",
                  "Choose a site visit, a sample project or a third-party audit.")  # fmt: skip
    _check_choice(data.get("result"), Validation.Result.values, "result",
                  "Choose passed, failed or passed with conditions.")  # fmt: skip
    if not isinstance(data.get("done_on"), dt.date):
        raise ValidationError({"done_on": _("Give the date it was done.")})
    validation = Validation(
        candidate=candidate, kind=data["kind"], done_on=data["done_on"], result=data["result"],
        notes=_text(data, "notes", _("Write down what was checked and found.")), recorded_by=actor,
    )  # fmt: skip
    with translation.override("en"):  # the audit trail keeps stable English
        save_audited(validation, actor, f"{validation.get_kind_display()} recorded.")
    return validation


# --- evaluations ----------------------------------------------------------------------------


def criterion_field(criterion_id: int) -> str:
    """The name under which a criterion's score is reported (form field, API error)."""
    return f"criterion_{criterion_id}"


def _check_scores(
    criteria: Mapping[int, Criterion],
    scores: Mapping[int, int | None],
    met: Mapping[int, bool | None],
) -> dict[str, str]:
    problems: dict[str, str] = {}
    for cid, value in scores.items():
        criterion = criteria.get(cid)
        if criterion is None:
            problems["scores"] = f"This project has no criterion with id {cid}."
        elif value is None:
            continue
        elif criterion.must_have:
            problems[criterion_field(cid)] = f"{criterion.name} is a must-have: mark it met or not."
        elif isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 5:
            problems[criterion_field(cid)] = f"Score {criterion.name} from 0 to 5."
    for cid, value in met.items():
        criterion = criteria.get(cid)
        if criterion is None:
            problems["scores"] = f"This project has no criterion with id {cid}."
        elif value is not None and not criterion.must_have:
            problems[criterion_field(cid)] = f"{criterion.name} is weighted: give a score 0 to 5."
    return problems


@transaction.atomic
def submit_evaluation(
    actor: User,
    candidate: Candidate,
    scores: Mapping[int, int | None],
    met: Mapping[int, bool | None],
    comment: str = "",
    expected_version: int | None = None,
    *,
    evaluator: User | None = None,
    keep_comment: bool = False,
) -> Evaluation:
    """Save the acting user's own scorecard of `candidate` (creating or replacing it):
    `scores` {criterion id: 0..5} for weighted criteria, `met` {criterion id: met} for
    must-haves; criteria left out (or None) are not scored. Stale edits raise `StaleEdit`.
    Only an import by a manager names another `evaluator`; `keep_comment` keeps the
    comment already there."""
    project = candidate.project
    require(actor, "sourcing.edit", project)
    evaluator = evaluator or actor
    if evaluator.pk != actor.pk:
        require(actor, "sourcing.configure")
        if not can(evaluator, "sourcing.edit", project):
            raise ValidationError({"evaluator": _("That person may not evaluate candidates.")})
    _open(project)
    criteria = {c.pk: c for c in criteria_of(project)}
    problems = _check_scores(criteria, scores, met)
    if problems:
        raise ValidationError(problems)
    given_scores = {cid: v for cid, v in scores.items() if v is not None}
    given_met = {cid: v for cid, v in met.items() if v is not None}
    if not given_scores and not given_met:
        raise ValidationError({"scores": _("Score at least one criterion.")})
    comment = (comment or "").strip()
    if len(comment) > MAX_NOTE:
        raise ValidationError({"comment": f"Keep the comment to {MAX_NOTE} characters."})
    lock_for_edit(candidate, None, "this candidate")  # one evaluation per evaluator, even racing
    evaluation = Evaluation.objects.filter(candidate=candidate, evaluator=evaluator).first()
    if evaluation is None:
        if expected_version not in (None, 1):
            raise ValidationError({"version": _("You have no evaluation of this candidate yet.")})
        evaluation = Evaluation(candidate=candidate, evaluator=evaluator)
        reason = "Evaluation submitted."
    else:
        lock_for_edit(evaluation, expected_version, "your evaluation")
        next_version(evaluation)
        reason = "Evaluation changed."
    if not (keep_comment and evaluation.pk):
        evaluation.comment = comment
    evaluation.submitted_at = timezone.now()
    save_audited(evaluation, actor, reason)
    existing = {s.criterion_id: s for s in evaluation.scores.all()}
    for cid in set(existing) - set(given_scores) - set(given_met):
        row = existing.pop(cid)
        row._history_user = actor  # type: ignore[attr-defined]
        row.delete()
    for cid in sorted(set(given_scores) | set(given_met)):
        row = existing.get(cid) or EvaluationScore(evaluation=evaluation, criterion_id=cid)
        new = (given_scores.get(cid), given_met.get(cid))
        if row.pk is not None and (row.score, row.met) == new:
            continue
        row.score, row.met = new
        save_audited(row, actor, reason, validate_constraints=False)
    return evaluation


def evaluations_of(candidate: Candidate) -> list[Evaluation]:
    """The candidate's evaluations with their evaluators and scores (two queries)."""
    return list(
        Evaluation.objects.filter(candidate=candidate)
        .select_related("evaluator")
        .prefetch_related("scores")
        .order_by("evaluator__username", "pk")
    )


# --- scoring and ranking ----------------------------------------------------------------------


@dataclass(frozen=True)
class RankRow:
    """A candidate with its score and, unless rejected, its rank and why."""

    candidate: Candidate
    score: domain.CandidateScore
    rank: int | None
    reason: str


def _scored(criterion: Criterion) -> domain.ScoredCriterion:
    return domain.ScoredCriterion(
        criterion.pk, criterion.name, criterion.must_have, criterion.weight
    )


def _inputs(candidate_ids: Sequence[int]) -> dict[int, list[domain.EvaluationInput]]:
    """{candidate id: its evaluations as domain input}, in two queries."""
    evaluations = list(
        Evaluation.objects.filter(candidate_id__in=candidate_ids).values_list(
            "pk", "candidate_id", "evaluator_id", "evaluator__username",
            "evaluator__first_name", "evaluator__last_name",
        )
    )  # fmt: skip
    rows = EvaluationScore.objects.filter(evaluation__candidate_id__in=candidate_ids).values_list(
        "evaluation_id", "criterion_id", "score", "met"
    )
    scores: dict[int, dict[int, int]] = defaultdict(dict)
    met: dict[int, dict[int, bool]] = defaultdict(dict)
    for evaluation_id, criterion_id, score, is_met in rows:
        if score is not None:
            scores[evaluation_id][criterion_id] = score
        if is_met is not None:
            met[evaluation_id][criterion_id] = is_met
    out: dict[int, list[domain.EvaluationInput]] = defaultdict(list)
    for pk, candidate_id, evaluator_id, username, first, last in evaluations:
        name = f"{first} {last}".strip() or username
        out[candidate_id].append(
            domain.EvaluationInput(evaluator_id, name, scores.get(pk, {}), met.get(pk, {}))
        )
    return out


def _rank_rows(
    candidates: Sequence[Candidate], criteria_by_project: Mapping[int, list[Criterion]]
) -> dict[int, list[RankRow]]:
    """{project id: rows in rank order, rejected ones last and unranked}."""
    inputs = _inputs([c.pk for c in candidates])
    out: dict[int, list[RankRow]] = {}
    by_project: dict[int, list[Candidate]] = defaultdict(list)
    for candidate in candidates:
        by_project[candidate.project_id].append(candidate)
    for project_id, mine in by_project.items():
        specs = [_scored(c) for c in criteria_by_project.get(project_id, [])]
        scores = {
            c.pk: domain.score_candidate(
                specs, domain.CandidateInput(c.pk, c.supplier.name, inputs.get(c.pk, []))
            )
            for c in mine
        }
        by_pk = {c.pk: c for c in mine}
        active = [s for pk, s in scores.items() if by_pk[pk].stage != Candidate.Stage.REJECTED]
        rows = [
            RankRow(by_pk[r.score.candidate_id], r.score, r.rank, r.reason)
            for r in domain.rank(active)
        ]
        rejected = sorted(
            (c for c in mine if c.stage == Candidate.Stage.REJECTED),
            key=lambda c: (c.supplier.name.casefold(), c.pk),
        )
        rows += [RankRow(c, scores[c.pk], None, "Rejected: not ranked.") for c in rejected]
        out[project_id] = rows
    return out


def ranking(project: SourcingProject) -> list[RankRow]:
    """The project's candidates in rank order (rejected last, unranked), each with every
    evaluator's total, the median, the spread, the must-have filter and why it ranks where
    it does. Four queries, whatever the number of candidates and evaluators."""
    criteria = criteria_of(project)
    candidates = candidates_of(project)
    return _rank_rows(candidates, {project.pk: criteria}).get(project.pk, [])


def candidate_score(candidate: Candidate) -> domain.CandidateScore:
    """One candidate's scores (three queries)."""
    specs = [_scored(c) for c in criteria_of(candidate.project)]
    inputs = _inputs([candidate.pk]).get(candidate.pk, [])
    return domain.score_candidate(
        specs, domain.CandidateInput(candidate.pk, candidate.supplier.name, inputs)
    )


def candidate_rank(candidate: Candidate) -> RankRow:
    """The candidate's row of its project's ranking."""
    rows = ranking(candidate.project)
    return next(r for r in rows if r.candidate.pk == candidate.pk)


# --- pilots and ramp-up ---------------------------------------------------------------------

PILOT_FIELDS = ("scope", "starts_on", "ends_on", "success_criteria", "outcome", "evidence",
                "decided_on", "candidate")  # fmt: skip


def pilots_of(supplier: Supplier) -> list[Pilot]:
    return list(
        Pilot.objects.filter(supplier=supplier)
        .select_related("decided_by", "candidate", "candidate__project")
        .order_by("-starts_on", "-pk")[:100]
    )


def pilot_by_id(pk: int) -> Pilot | None:
    return Pilot.objects.filter(pk=pk).select_related("supplier", "decided_by").first()


def _check_pilot(pilot: Pilot, actor: User, was: str | None) -> None:
    for key, message in (("scope", "Say what the pilot covers."),
                         ("success_criteria", "Say what counts as a success.")):  # fmt: skip
        setattr(pilot, key, str(getattr(pilot, key) or "").strip())
        if not getattr(pilot, key):
            raise ValidationError({key: message})
    if not isinstance(pilot.starts_on, dt.date):
        raise ValidationError({"starts_on": _("Give the start date.")})
    if not isinstance(pilot.ends_on, dt.date):
        raise ValidationError({"ends_on": _("Give the end date.")})
    if pilot.ends_on < pilot.starts_on:
        raise ValidationError({"ends_on": _("The pilot cannot end before it starts.")})
    candidate = pilot.candidate if pilot.candidate_id is not None else None
    if candidate is not None and candidate.supplier_id != pilot.supplier_id:
        raise ValidationError({"candidate": _("That candidacy is of another supplier.")})
    _check_choice(pilot.outcome, Pilot.Outcome.values, "outcome",
                  "Choose pending, passed or failed.")  # fmt: skip
    pilot.evidence = str(pilot.evidence or "").strip()
    if pilot.outcome == Pilot.Outcome.PENDING:
        pilot.decided_on = None
        pilot.decided_by = None
        return
    if not pilot.evidence:
        raise ValidationError(
            {"evidence": "Give the evidence for the outcome (what was measured or seen)."}
        )
    if pilot.outcome != was or pilot.decided_by_id is None:
        pilot.decided_by = actor
    if pilot.decided_on is None:
        pilot.decided_on = timezone.localdate()


@transaction.atomic
def record_pilot(actor: User, supplier: Supplier, data: Mapping[str, Any]) -> Pilot:
    """A pilot of `supplier`: scope, starts_on, ends_on, success_criteria, and optionally
    outcome (pending by default), evidence (required once decided), decided_on, candidate."""
    require(actor, "playbook.edit", supplier)
    if supplier.archived:
        raise ValidationError({"supplier": _("This supplier is archived.")})
    pilot = Pilot(supplier=supplier, recorded_by=actor)
    for key in PILOT_FIELDS:
        if key in data:
            setattr(pilot, key, data[key])
    _check_pilot(pilot, actor, None)
    save_audited(pilot, actor, "Pilot recorded.")
    return pilot


@transaction.atomic
def update_pilot(
    actor: User, pilot: Pilot, data: Mapping[str, Any], expected_version: int | None = None
) -> Pilot:
    """Change the given fields (e.g. record the outcome with its evidence); stale edits
    raise `StaleEdit`."""
    require(actor, "playbook.edit", pilot.supplier)
    lock_for_edit(pilot, expected_version, "this pilot")
    was = pilot.outcome
    for key in PILOT_FIELDS:
        if key in data:
            setattr(pilot, key, data[key])
    _check_pilot(pilot, actor, was)
    next_version(pilot)
    reason = f"Pilot outcome: {pilot.outcome}." if pilot.outcome != was else "Pilot changed."
    save_audited(pilot, actor, reason)
    return pilot


def ramp_stages_of(supplier: Supplier) -> list[RampStage]:
    """Newest first: the first one is the current stage."""
    return list(
        RampStage.objects.filter(supplier=supplier)
        .select_related("recorded_by")
        .order_by("-starts_on", "-pk")[:100]
    )


@transaction.atomic
def record_ramp_stage(actor: User, supplier: Supplier, data: Mapping[str, Any]) -> RampStage:
    """A ramp-up step: `stage` (pilot, limited_volume, full_volume), `volume_allowed` and
    `volume_unit`, `starts_on`, `note`. Limited or full volume needs a passed pilot."""
    require(actor, "playbook.edit", supplier)
    if supplier.archived:
        raise ValidationError({"supplier": _("This supplier is archived.")})
    stage = str(data.get("stage") or "")
    _check_choice(stage, RampStage.Stage.values, "stage",
                  "Choose pilot, limited volume or full volume.")  # fmt: skip
    if stage != RampStage.Stage.PILOT and not passed_pilot_by_supplier([supplier.pk])[supplier.pk]:
        raise ValidationError(
            {"stage": f"{supplier.name} has no passed pilot yet: record a pilot and its passing "
                      "outcome before allowing limited or full volume."}
        )  # fmt: skip
    if not isinstance(data.get("starts_on"), dt.date):
        raise ValidationError({"starts_on": _("Give the date the stage starts.")})
    volume = data.get("volume_allowed")
    unit = str(data.get("volume_unit") or "").strip()
    if volume is not None:
        try:
            volume = Decimal(str(volume))
        except (InvalidOperation, ValueError):
            raise ValidationError({"volume_allowed": _("Give the volume as a number.")}) from None
        if not volume.is_finite() or volume < 0:
            raise ValidationError({"volume_allowed": _("Give a volume of 0 or more.")})
        if not unit:
            raise ValidationError(
                {"volume_unit": "Say what the volume counts (e.g. pallets a month)."}
            )
    ramp = RampStage(
        supplier=supplier, stage=stage, volume_allowed=volume, volume_unit=unit,
        starts_on=data["starts_on"], note=str(data.get("note") or "").strip(), recorded_by=actor,
    )  # fmt: skip
    with translation.override("en"):  # the audit trail keeps stable English
        save_audited(ramp, actor, f"Ramp-up stage: {ramp.get_stage_display()}.")
    return ramp


# --- the decision checklist (read by the gate) --------------------------------------------------

REFERENCES_NEEDED = 2


def reference_calls_by_supplier(ids: Sequence[int]) -> dict[int, int]:
    """{supplier pk: reference calls recorded over all its candidacies} for every pk (one
    query)."""
    counts = dict(
        CandidateCall.objects.filter(
            kind=CandidateCall.Kind.REFERENCE, candidate__supplier_id__in=ids
        )
        .values_list("candidate__supplier_id")
        .annotate(n=Count("pk"))
        .values_list("candidate__supplier_id", "n")
    )
    return {pk: counts.get(pk, 0) for pk in ids}


def passed_pilot_by_supplier(ids: Sequence[int]) -> dict[int, Pilot | None]:
    """{supplier pk: its latest passed pilot, or None} for every pk (one query)."""
    found: dict[int, Pilot | None] = {pk: None for pk in ids}
    for pilot in Pilot.objects.filter(supplier_id__in=ids, outcome=Pilot.Outcome.PASSED).order_by(
        "supplier_id", "-decided_on", "-pk"
    ):
        if found.get(pilot.supplier_id) is None:
            found[pilot.supplier_id] = pilot
    return found


def check_references(ids: list[int]) -> dict[int, ChecklistResult]:
    """The checklist item "at least two reference calls", with who was called (one query)."""
    calls: dict[int, list[tuple[str, str, dt.date]]] = defaultdict(list)
    rows = CandidateCall.objects.filter(
        kind=CandidateCall.Kind.REFERENCE, candidate__supplier_id__in=ids
    ).order_by("held_on", "pk")
    for supplier_id, person, organisation, held_on in rows.values_list(
        "candidate__supplier_id", "person", "organisation", "held_on"
    ):
        calls[supplier_id].append((person, organisation, held_on))
    playbook_url = pk_urls("gate:supplier")
    out = {}
    for pk in ids:
        mine = calls.get(pk, [])
        if len(mine) >= REFERENCES_NEEDED:
            names = ", ".join(
                f"{person} ({organisation + ', ' if organisation else ''}{held_on.isoformat()})"
                for person, organisation, held_on in mine
            )
            out[pk] = ChecklistResult(
                True, f"{len(mine)} reference calls: {names}.", playbook_url(pk)
            )
        else:
            out[pk] = ChecklistResult(
                False,
                f"{len(mine)} reference call{'s' if len(mine) != 1 else ''} recorded; "
                f"{REFERENCES_NEEDED} needed.",
                playbook_url(pk),
            )
    return out


def check_pilot(ids: list[int]) -> dict[int, ChecklistResult]:
    """The checklist item "a passed pilot", with its dates and evidence (one query)."""
    passed = passed_pilot_by_supplier(ids)
    playbook_url = pk_urls("gate:supplier")
    out = {}
    for pk in ids:
        pilot = passed.get(pk)
        if pilot is None:
            out[pk] = ChecklistResult(False, "No passed pilot recorded.", playbook_url(pk))
        else:
            out[pk] = ChecklistResult(
                True,
                f"Pilot {pilot.starts_on.isoformat()} to {pilot.ends_on.isoformat()} passed"
                f"{' on ' + pilot.decided_on.isoformat() if pilot.decided_on else ''}: "
                f"{pilot.evidence[:200]}",
                playbook_url(pk),
            )
    return out


# --- demo -----------------------------------------------------------------------------------


def demo_candidates(
    actor: User,
    project: SourcingProject,
    suppliers_and_sources: Sequence[tuple[Supplier | str, str]],
) -> list[Candidate]:
    """Candidates of `project`: each an existing supplier or a new prospect's name, with
    its source."""
    out = []
    for supplier, source in suppliers_and_sources:
        if isinstance(supplier, str):
            data: dict[str, Any] = {"prospect_name": supplier, "source": source}
        else:
            data = {"supplier": supplier, "source": source}
        out.append(add_candidate(actor, project, data))
    return out


def demo_evaluation(
    evaluator: User,
    candidate: Candidate,
    scores_by_criterion_name: Mapping[str, int],
    met_by_criterion_name: Mapping[str, bool],
) -> Evaluation:
    """`evaluator`'s scorecard, naming criteria by their names (case ignored)."""
    by_name = {domain.name_key(c.name): c.pk for c in criteria_of(candidate.project)}
    scores = {by_name[domain.name_key(n)]: v for n, v in scores_by_criterion_name.items()}
    met = {by_name[domain.name_key(n)]: v for n, v in met_by_criterion_name.items()}
    return submit_evaluation(evaluator, candidate, scores, met)


def demo_call(
    actor: User,
    candidate: Candidate,
    kind: str,
    held_on: dt.date,
    with_whom: str | tuple[str, str],
    notes: str,
) -> CandidateCall:
    """A call; `with_whom` is (person, organisation) or "Person, Organisation"."""
    if isinstance(with_whom, str):
        person, _comma, organisation = with_whom.partition(",")
    else:
        person, organisation = with_whom
    return record_call(
        actor,
        candidate,
        {"kind": kind, "held_on": held_on, "person": person.strip(),
         "organisation": organisation.strip(), "notes": notes},
    )  # fmt: skip


def demo_pilot(
    actor: User,
    supplier: Supplier,
    *,
    passed: bool | None,
    candidate: Candidate | None = None,
    starts_on: dt.date | None = None,
    days: int = 60,
    scope: str = "Two production runs of the standard carton range for one plant.",
    success_criteria: str = "On-time delivery of 95% or better and no quality escapes.",
    evidence: str | None = None,
) -> Pilot:
    """A pilot; `passed` None leaves the outcome pending, True or False decides it."""
    start = starts_on or timezone.localdate() - dt.timedelta(days=days + 7)
    data: dict[str, Any] = {
        "scope": scope, "starts_on": start, "ends_on": start + dt.timedelta(days=days),
        "success_criteria": success_criteria, "candidate": candidate,
    }  # fmt: skip
    if passed is not None:
        data["outcome"] = Pilot.Outcome.PASSED if passed else Pilot.Outcome.FAILED
        data["evidence"] = evidence or (
            "Delivered 97% on time over both runs; no quality escapes."
            if passed
            else "Delivered 81% on time; two lots rejected at incoming inspection."
        )
        data["decided_on"] = start + dt.timedelta(days=days)
    return record_pilot(actor, supplier, data)


# --- the supplier's playbook tab ---------------------------------------------------------


def supplier_playbook(user: User, supplier: Supplier) -> dict[str, Any]:
    """What `sourcing/_supplier_playbook.html` shows on the supplier's Playbook tab: its
    candidacies with their rank, its pilots and ramp-up stages, and the forms the user may
    use. A fixed number of queries, whatever the number of projects and candidates."""
    from .forms import PilotForm, RampStageForm

    require(user, "playbook.view")
    mine = list(
        Candidate.objects.filter(supplier=supplier, project__archived=False)
        .select_related("project", "project__category")
        .order_by("-created_at", "-pk")[:50]
    )
    project_ids = {c.project_id for c in mine}
    rows: list[RankRow] = []
    if project_ids:
        criteria: dict[int, list[Criterion]] = defaultdict(list)
        for criterion in Criterion.objects.filter(project_id__in=project_ids).order_by("pk"):
            criteria[criterion.project_id].append(criterion)
        rivals = list(
            Candidate.objects.filter(project_id__in=project_ids)
            .select_related("supplier")
            .order_by("pk")
        )
        ranked = _rank_rows(rivals, criteria)
        by_pk = {
            row.candidate.pk: (row, len([r for r in rs if r.rank is not None]))
            for rs in ranked.values()
            for row in rs
        }
        projects_by_pk = {c.project_id: c.project for c in mine}
        for candidate in mine:
            row, _count = by_pk[candidate.pk]
            row.candidate.project = projects_by_pk[candidate.project_id]
            rows.append(row)
        counts = {pk: count for pk, (_row, count) in by_pk.items()}
    else:
        counts = {}
    pilots = pilots_of(supplier)
    stages = ramp_stages_of(supplier)
    can_edit = can(user, "playbook.edit", supplier)
    return {
        "sourcing_candidacies": [
            {"row": row, "ranked_of": counts.get(row.candidate.pk, 0)} for row in rows
        ],
        "sourcing_pilots": pilots,
        "sourcing_ramp_stages": stages,
        "sourcing_current_stage": stages[0] if stages else None,
        "sourcing_has_passed_pilot": any(p.outcome == Pilot.Outcome.PASSED for p in pilots),
        "sourcing_can_edit": can_edit,
        "sourcing_pilot_form": PilotForm(supplier=supplier) if can_edit else None,
        "sourcing_ramp_form": RampStageForm() if can_edit else None,
    }
