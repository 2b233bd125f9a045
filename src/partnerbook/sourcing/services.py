"""Reads and writes of sourcing projects, their criteria, category templates and lessons.
Views, the API, the demo loader and tests all come through here; the rules are in
`domain.py`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import require
from partnerbook.core.audit import save_audited
from partnerbook.core.concurrency import lock_for_edit, next_version
from partnerbook.suppliers.models import Category, Supplier

from . import domain
from .models import CriteriaTemplate, Criterion, Lesson, SourcingProject

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
        raise ValidationError({"owner": "The owner must be an active colleague, not a supplier."})
    if project.status not in SourcingProject.Status.values:
        raise ValidationError({"status": "Choose open, on hold or closed."})


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
        raise ValidationError({"archived": "This project is archived."})
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
        raise ValidationError({"project": "This project is archived."})
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
        raise ValidationError({"text": "Write what the team learned."})
    if project.archived:
        raise ValidationError({"project": "This project is archived."})
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


# --- the supplier's playbook tab ---------------------------------------------------------


def supplier_playbook(user: User, supplier: Supplier) -> dict[str, Any]:
    """What `sourcing/_supplier_playbook.html` shows on the supplier's Playbook tab."""
    return {}
