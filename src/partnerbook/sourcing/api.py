"""REST endpoints of sourcing projects (mounted under /api/v1). Internal users only: portal
users get 403. Thin: resolve ids, call a service, return."""

# No `from __future__ import annotations`: ninja's @paginate reads annotations at import.
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.pagination import paginate

from partnerbook.accounts.models import INTERNAL_ROLES, User
from partnerbook.accounts.policy import require
from partnerbook.suppliers.api import Pagination
from partnerbook.suppliers.models import Category, Supplier

from . import services
from .models import Criterion, Lesson, SourcingProject
from .schemas import (
    CriteriaTemplateIn,
    CriteriaTemplateOut,
    SourcingCriterionChange,
    SourcingCriterionIn,
    SourcingCriterionOut,
    SourcingLessonIn,
    SourcingLessonOut,
    SourcingProjectChange,
    SourcingProjectFilters,
    SourcingProjectIn,
    SourcingProjectOut,
)

router = Router(tags=["sourcing"])
PROJECT = "/sourcing/projects/{project_id}"


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


def _project(request: HttpRequest, project_id: int) -> SourcingProject:
    require(request.user, "sourcing.view")
    project = services.project_by_id(project_id)
    if project is None:
        raise Http404
    return project


def _category(category_id: int, field: str = "category_id") -> Category:
    category = Category.objects.filter(pk=category_id).first()
    if category is None:
        raise ValidationError({field: f"No category with id {category_id}."})
    return category


def _owner(owner_id: int) -> User:
    owner = User.objects.filter(pk=owner_id, is_active=True, role__in=INTERNAL_ROLES).first()
    if owner is None:
        raise ValidationError({"owner_id": f"No active colleague with id {owner_id}."})
    return owner


def _resolve(data: dict[str, Any]) -> dict[str, Any]:
    if "category_id" in data:
        data["category"] = _category(data.pop("category_id"))
    if "owner_id" in data:
        owner_id = data.pop("owner_id")
        if owner_id is not None:
            data["owner"] = _owner(owner_id)
    return data


@router.get(
    "/sourcing/projects", response=list[SourcingProjectOut], summary="List sourcing projects"
)
@paginate(Pagination)
def list_projects(request: HttpRequest, filters: Query[SourcingProjectFilters]) -> Any:
    """Projects not archived, newest first; filter by `status` and `category_id`."""
    require(request.user, "sourcing.view")
    return services.projects(filters.status, filters.category_id)


@router.post(
    "/sourcing/projects", response={201: SourcingProjectOut}, summary="Start a sourcing project"
)
def create_project(request: HttpRequest, payload: SourcingProjectIn) -> Status[SourcingProject]:
    """Buyers, managers and admins. The criteria start as a copy of the category's template."""
    require(request.user, "sourcing.edit")
    data = _resolve(payload.model_dump())
    return Status(201, services.create_project(_user(request), data))


@router.get(PROJECT, response=SourcingProjectOut, summary="Get a sourcing project")
def get_project(request: HttpRequest, project_id: int) -> SourcingProject:
    return _project(request, project_id)


@router.patch(PROJECT, response=SourcingProjectOut, summary="Change a sourcing project")
def update_project(
    request: HttpRequest, project_id: int, payload: SourcingProjectChange
) -> SourcingProject:
    """Changes the given fields. With `version`, an edit based on an older version is a 409."""
    project = _project(request, project_id)
    require(request.user, "sourcing.edit", project)
    data = _resolve(payload.model_dump(exclude_unset=True))
    version = data.pop("version", None)
    return services.update_project(_user(request), project, data, version)


@router.get(f"{PROJECT}/criteria", response=list[SourcingCriterionOut], summary="List criteria")
def list_criteria(request: HttpRequest, project_id: int) -> list[Criterion]:
    """The project's criteria set in the order they were added (at most 60)."""
    return services.criteria_of(_project(request, project_id))


@router.post(f"{PROJECT}/criteria", response={201: SourcingCriterionOut}, summary="Add a criterion")
def add_criterion(
    request: HttpRequest, project_id: int, payload: SourcingCriterionIn
) -> Status[Criterion]:
    """A must-have has no weight, a weighted criterion needs one (400); a name already used
    in the project is a 409; a closed project's criteria cannot change (400)."""
    project = _project(request, project_id)
    require(request.user, "sourcing.edit", project)
    return Status(201, services.add_criterion(_user(request), project, payload.model_dump()))


def _criterion(request: HttpRequest, criterion_id: int) -> Criterion:
    require(request.user, "sourcing.view")
    found: Criterion = get_object_or_404(
        Criterion.objects.select_related("project").filter(project__archived=False),
        pk=criterion_id,
    )
    return found


@router.patch(
    "/sourcing/criteria/{criterion_id}", response=SourcingCriterionOut, summary="Change a criterion"
)
def update_criterion(
    request: HttpRequest, criterion_id: int, payload: SourcingCriterionChange
) -> Criterion:
    criterion = _criterion(request, criterion_id)
    require(request.user, "sourcing.edit", criterion.project)
    data = payload.model_dump(exclude_unset=True)
    version = data.pop("version", None)
    return services.update_criterion(_user(request), criterion, data, version)


@router.delete(
    "/sourcing/criteria/{criterion_id}", response={204: None}, summary="Remove a criterion"
)
def remove_criterion(request: HttpRequest, criterion_id: int) -> Status[None]:
    """Allowed while the project is not closed; the history keeps the removed criterion."""
    criterion = _criterion(request, criterion_id)
    require(request.user, "sourcing.edit", criterion.project)
    services.remove_criterion(_user(request), criterion)
    return Status(204, None)


def _template_out(category: Category) -> dict[str, Any]:
    template = services.template_of(category)
    return {
        "category_id": category.pk,
        "exists": template is not None,
        "criteria": template.criteria if template else [],
        "version": template.version if template else 1,
        "updated_at": template.updated_at if template else None,
    }


@router.get(
    "/sourcing/categories/{category_id}/template",
    response=CriteriaTemplateOut,
    summary="Get a category's criteria template",
)
def get_template(request: HttpRequest, category_id: int) -> dict[str, Any]:
    require(request.user, "sourcing.view")
    return _template_out(get_object_or_404(Category, pk=category_id))


@router.put(
    "/sourcing/categories/{category_id}/template",
    response=CriteriaTemplateOut,
    summary="Set a category's criteria template",
)
def put_template(
    request: HttpRequest, category_id: int, payload: CriteriaTemplateIn
) -> dict[str, Any]:
    """Managers and admins. New projects in the category start from it; projects already
    started keep their criteria."""
    require(request.user, "sourcing.view")
    category = get_object_or_404(Category, pk=category_id)
    rows = [row.model_dump() for row in payload.criteria]
    services.put_template(_user(request), category, rows, payload.version)
    return _template_out(category)


@router.get(f"{PROJECT}/lessons", response=list[SourcingLessonOut], summary="List lessons learned")
def list_lessons(request: HttpRequest, project_id: int) -> list[Lesson]:
    return services.lessons_of(_project(request, project_id))


@router.post(
    f"{PROJECT}/lessons", response={201: SourcingLessonOut}, summary="Record a lesson learned"
)
def add_lesson(request: HttpRequest, project_id: int, payload: SourcingLessonIn) -> Status[Lesson]:
    project = _project(request, project_id)
    require(request.user, "sourcing.edit", project)
    supplier = None
    if payload.supplier_id is not None:
        visible = Supplier.objects.visible_to(request.user)
        supplier = visible.filter(pk=payload.supplier_id, archived=False).first()
        if supplier is None:
            raise ValidationError({"supplier_id": f"No supplier with id {payload.supplier_id}."})
    return Status(201, services.add_lesson(_user(request), project, payload.text, supplier))
