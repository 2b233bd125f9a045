"""REST endpoints of onboarding plans and expansion opportunities (mounted under /api/v1).
Internal users only: portal users get 403, and another supplier's record is a 404 to those
who may not see it. Thin: load through `visible_to`, call a service, return."""

# No `from __future__ import annotations`: ninja reads the annotations at import.
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Status

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import require
from partnerbook.actions import services as actions
from partnerbook.suppliers.models import Supplier

from . import domain, services
from .models import OnboardingFaq, OnboardingPlan, OnboardingTask, Opportunity
from .schemas import (
    FaqIn,
    FaqOut,
    GrowthOpportunityIn,
    GrowthOpportunityOut,
    GrowthOpportunityPatch,
    OnboardingPlanIn,
    OnboardingPlanOut,
    OnboardingPlanPatch,
    OnboardingTaskIn,
    OnboardingTaskOut,
)

router = Router(tags=["onboarding"])
SUPPLIER = "/suppliers/{supplier_id}"
PLAN = "/onboarding/plans/{plan_id}"
OPPORTUNITY = "/opportunities/{opportunity_id}"


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


def _supplier(request: HttpRequest, supplier_id: int) -> Supplier:
    require(request.user, "playbook.view")
    return get_object_or_404(Supplier.objects.visible_to(request.user), pk=supplier_id)


def _plan(request: HttpRequest, plan_id: int) -> OnboardingPlan:
    require(request.user, "playbook.view")
    plan = services.plan_for(_user(request), plan_id)
    if plan is None:
        raise Http404("No such onboarding plan.")
    return plan


def _opportunity(request: HttpRequest, opportunity_id: int) -> Opportunity:
    require(request.user, "playbook.view")
    opportunity = services.opportunity_for(_user(request), opportunity_id)
    if opportunity is None:
        raise Http404("No such opportunity.")
    return opportunity


def _progress(p: domain.Progress) -> dict[str, Any]:
    return {
        "milestone": p.milestone, "done": p.done, "total": p.total, "overdue": p.overdue,
        "dropped": p.dropped, "percent": p.percent, "explanation": p.explanation,
    }  # fmt: skip


def _task(task: OnboardingTask) -> dict[str, Any]:
    item = task.item
    return {
        "id": item.pk, "milestone": task.milestone, "side": task.side, "title": item.title,
        "detail": item.detail, "owner_id": item.owner_id,
        "owner_name": item.owner.display_name if item.owner else "",
        "owner_contact_id": item.owner_contact_id,
        "owner_contact_name": item.owner_contact.name if item.owner_contact else "",
        "due_on": item.due_on, "status": item.status, "done_on": item.done_on,
        "overdue": actions.is_overdue(item, timezone.localdate()), "version": item.version,
        "ticked_by_supplier": (
            task.ticked_by.display_name if task.ticked_by and item.status == "done" else ""
        ),
    }  # fmt: skip


def _plan_out(plan: OnboardingPlan) -> dict[str, Any]:
    view = services.plan_view(plan)
    return {
        "id": plan.pk, "supplier_id": plan.supplier_id,
        "point_of_contact_id": plan.point_of_contact_id,
        "point_of_contact_name": plan.point_of_contact.display_name,
        "starts_on": plan.starts_on, "success_30": plan.success_30,
        "success_60": plan.success_60, "success_90": plan.success_90,
        "status": plan.status, "completed_on": plan.completed_on, "version": plan.version,
        "tasks": [_task(t) for t in view.tasks],
        "progress": [_progress(m.progress) for m in view.milestones],
        "overall": _progress(view.overall),
    }  # fmt: skip


@router.get(
    f"{SUPPLIER}/onboarding", response=OnboardingPlanOut, summary="Get a supplier's onboarding"
)
def get_onboarding(request: HttpRequest, supplier_id: int) -> dict[str, Any]:
    """The current plan (the active one, else the latest completed) with its tasks and the
    progress of each milestone; 404 when the supplier has none."""
    supplier = _supplier(request, supplier_id)
    plan = services.plan_of(supplier)
    if plan is None:
        raise Http404("This supplier has no onboarding plan.")
    return _plan_out(plan)


@router.post(
    f"{SUPPLIER}/onboarding", response={201: OnboardingPlanOut}, summary="Start an onboarding plan"
)
def create_onboarding(
    request: HttpRequest, supplier_id: int, payload: OnboardingPlanIn
) -> Status[dict[str, Any]]:
    """From the 30-60-90 template: our tasks go to the point of contact, the supplier's to
    its main contact. A supplier has one active plan at a time (400 naming `supplier`)."""
    supplier = _supplier(request, supplier_id)
    require(request.user, "playbook.edit", supplier)
    data = payload.model_dump(exclude_none=True)
    data["point_of_contact"] = data.pop("point_of_contact_id")
    try:
        plan = services.create_plan(_user(request), supplier, data)
    except ValidationError as exc:
        raise _renamed(exc, {"point_of_contact": "point_of_contact_id"}) from exc
    return Status(201, _plan_out(_plan(request, plan.pk)))


def _renamed(exc: ValidationError, names: dict[str, str]) -> ValidationError:
    """The service's error with its field names as the API calls them."""
    if not hasattr(exc, "error_dict"):
        return exc
    return ValidationError({names.get(k, k): v for k, v in exc.message_dict.items()})


@router.patch(PLAN, response=OnboardingPlanOut, summary="Change or complete an onboarding plan")
def update_onboarding(
    request: HttpRequest, plan_id: int, payload: OnboardingPlanPatch
) -> dict[str, Any]:
    """Only the fields sent change. A stale `version` is a 409."""
    plan = _plan(request, plan_id)
    require(request.user, "playbook.edit", plan.supplier)
    data = payload.model_dump(exclude_unset=True)
    expected = data.pop("version", None)
    complete = data.pop("status", None) == "completed"
    if "point_of_contact_id" in data:
        data["point_of_contact"] = data.pop("point_of_contact_id")
    try:
        if data:
            services.update_plan(_user(request), plan, data, expected)
            expected = None
        if complete:
            services.complete_plan(_user(request), plan, expected)
    except ValidationError as exc:
        if hasattr(exc, "current_version"):
            raise
        raise _renamed(exc, {"point_of_contact": "point_of_contact_id"}) from exc
    return _plan_out(_plan(request, plan_id))


@router.post(f"{PLAN}/tasks", response={201: OnboardingTaskOut}, summary="Add an onboarding task")
def add_task(
    request: HttpRequest, plan_id: int, payload: OnboardingTaskIn
) -> Status[dict[str, Any]]:
    """An action item with source "onboarding.task"; change or close it through the
    action-item endpoints."""
    plan = _plan(request, plan_id)
    require(request.user, "playbook.edit", plan.supplier)
    data = actions.resolve_people(plan.supplier, payload.model_dump())
    try:
        task = services.add_task(_user(request), plan, data)
    except ValidationError as exc:
        raise _renamed(exc, {"owner": "owner_id", "owner_contact": "owner_contact_id"}) from exc
    return Status(201, _task(task))


def _opportunity_out(opportunity: Opportunity) -> dict[str, Any]:
    return {
        "id": opportunity.pk, "supplier_id": opportunity.supplier_id, "kind": opportunity.kind,
        "title": opportunity.title, "description": opportunity.description,
        "status": opportunity.status, "outcome": opportunity.outcome,
        "maturity_stage": opportunity.maturity_stage, "review_id": opportunity.review_id,
        "raised_by_id": opportunity.raised_by_id, "created_at": opportunity.created_at,
        "version": opportunity.version,
    }  # fmt: skip


def _opportunity_data(data: dict[str, Any]) -> dict[str, Any]:
    if "review_id" in data:
        data["review"] = data.pop("review_id")
    return data


@router.get(
    f"{SUPPLIER}/opportunities",
    response=list[GrowthOpportunityOut],
    summary="List a supplier's growth opportunities",
)
def list_opportunities(request: HttpRequest, supplier_id: int) -> list[dict[str, Any]]:
    """Newest first (at most 100)."""
    supplier = _supplier(request, supplier_id)
    return [_opportunity_out(o) for o in services.opportunities_of(supplier)]


@router.post(
    f"{SUPPLIER}/opportunities",
    response={201: GrowthOpportunityOut},
    summary="Raise an opportunity",
)
def create_opportunity(
    request: HttpRequest, supplier_id: int, payload: GrowthOpportunityIn
) -> Status[dict[str, Any]]:
    """For active partners only, and the kind must fit the relationship's maturity stage
    (a misfit is a 400 naming `kind`, with why)."""
    supplier = _supplier(request, supplier_id)
    require(request.user, "playbook.edit", supplier)
    data = _opportunity_data(payload.model_dump())
    try:
        opportunity = services.create_opportunity(_user(request), supplier, data)
    except ValidationError as exc:
        raise _renamed(exc, {"review": "review_id"}) from exc
    return Status(201, _opportunity_out(opportunity))


@router.get(OPPORTUNITY, response=GrowthOpportunityOut, summary="Get a growth opportunity")
def get_opportunity(request: HttpRequest, opportunity_id: int) -> dict[str, Any]:
    return _opportunity_out(_opportunity(request, opportunity_id))


@router.patch(OPPORTUNITY, response=GrowthOpportunityOut, summary="Change a growth opportunity")
def update_opportunity(
    request: HttpRequest, opportunity_id: int, payload: GrowthOpportunityPatch
) -> dict[str, Any]:
    """Only the fields sent change. A stale `version` is a 409."""
    opportunity = _opportunity(request, opportunity_id)
    require(request.user, "playbook.edit", opportunity.supplier)
    data = _opportunity_data(payload.model_dump(exclude_unset=True))
    expected = data.pop("version", None)
    try:
        services.update_opportunity(_user(request), opportunity, data, expected)
    except ValidationError as exc:
        if hasattr(exc, "current_version"):
            raise
        raise _renamed(exc, {"review": "review_id"}) from exc
    return _opportunity_out(_opportunity(request, opportunity_id))


# --- FAQs of the portal's onboarding space ----------------------------------------------


@router.get("/onboarding/faqs", response=list[FaqOut], summary="List the onboarding FAQs")
def list_faqs(request: HttpRequest) -> Any:
    """Published and hidden ones, in display order."""
    require(request.user, "playbook.view")
    return services.faqs()


@router.post("/onboarding/faqs", response={201: FaqOut}, summary="Add an onboarding FAQ")
def create_faq(request: HttpRequest, payload: FaqIn) -> Status[Any]:
    """Managers and admins."""
    require(request.user, "playbook.view")
    return Status(201, services.create_faq(_user(request), payload.model_dump()))


@router.put("/onboarding/faqs/{faq_id}", response=FaqOut, summary="Change an onboarding FAQ")
def update_faq(request: HttpRequest, faq_id: int, payload: FaqIn) -> Any:
    """Unpublish (`published: false`) instead of deleting."""
    require(request.user, "playbook.view")
    faq = get_object_or_404(OnboardingFaq, pk=faq_id)
    return services.update_faq(_user(request), faq, payload.model_dump())
