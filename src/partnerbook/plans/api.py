"""REST endpoints of relationship and recovery plans (mounted under /api/v1). Internal users
only: portal users get 403. Thin: load through `visible_to`, call a service, return."""

# No `from __future__ import annotations`: ninja's @paginate reads annotations at import.
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status
from ninja.pagination import paginate

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import require
from partnerbook.actions import services as actions
from partnerbook.actions.models import ActionItem
from partnerbook.actions.schemas import ActionItemOut
from partnerbook.suppliers.api import Pagination
from partnerbook.suppliers.models import Supplier

from . import services
from .models import PlanRevision, RelationshipPlan
from .schemas import (
    ObjectiveIn,
    PlanIn,
    PlanOut,
    RecoveryPlanIn,
    RecoveryPlanOut,
    RevisionOut,
)

router = Router(tags=["plans"])
SUPPLIER = "/suppliers/{supplier_id}"


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


def _supplier(request: HttpRequest, supplier_id: int) -> Supplier:
    require(request.user, "plan.view")
    return get_object_or_404(Supplier.objects.visible_to(request.user), pk=supplier_id)


def _plan_out(supplier: Supplier, plan: RelationshipPlan | None) -> dict[str, Any]:
    shown = plan or RelationshipPlan(supplier=supplier)
    data: dict[str, Any] = {key: getattr(shown, key) for key in services.PLAN_FIELDS}
    data.update(
        supplier_id=supplier.pk,
        exists=plan is not None,
        version=shown.version,
        revision=shown.revision,
        updated_at=plan.updated_at if plan else None,
        objectives=services.objectives_of(plan),
    )
    return data


@router.get(f"{SUPPLIER}/plan", response=PlanOut, summary="Get the relationship plan")
def get_plan(request: HttpRequest, supplier_id: int) -> dict[str, Any]:
    """The current plan; `exists` is false (and the lists empty) until it is first written."""
    supplier = _supplier(request, supplier_id)
    return _plan_out(supplier, services.plan_of(supplier))


@router.put(f"{SUPPLIER}/plan", response=PlanOut, summary="Write the relationship plan")
def put_plan(request: HttpRequest, supplier_id: int, payload: PlanIn) -> dict[str, Any]:
    """Replace the plan and add a revision. Editors, or the buyer who owns the supplier.
    A stale `version` is refused with 409; contacts must belong to this supplier (400)."""
    supplier = _supplier(request, supplier_id)
    require(request.user, "plan.edit", supplier)
    data = payload.model_dump()
    version, note = data.pop("version"), data.pop("change_note")
    plan = services.save_plan(_user(request), supplier, data, note, version)
    return _plan_out(supplier, plan)


@router.get(f"{SUPPLIER}/plan/revisions", response=list[RevisionOut], summary="List plan revisions")
@paginate(Pagination)
def list_revisions(request: HttpRequest, supplier_id: int) -> Any:
    """Every saved revision, newest first, with what the plan said then."""
    supplier = _supplier(request, supplier_id)
    return services.revisions_of(services.plan_of(supplier))


@router.get(
    f"{SUPPLIER}/plan/revisions/{{number}}", response=RevisionOut, summary="Get a plan revision"
)
def get_revision(request: HttpRequest, supplier_id: int, number: int) -> PlanRevision:
    supplier = _supplier(request, supplier_id)
    found: PlanRevision = get_object_or_404(
        PlanRevision.objects.select_related("created_by"), plan__supplier=supplier, number=number
    )
    return found


@router.post(
    f"{SUPPLIER}/plan/objectives", response={201: ActionItemOut}, summary="Add an objective"
)
def add_objective(
    request: HttpRequest, supplier_id: int, payload: ObjectiveIn
) -> Status[ActionItem]:
    """An objective of the plan (an action item with source "plan.objective"); change it
    with PATCH /action-items/{id}. The plan must have been written first."""
    supplier = _supplier(request, supplier_id)
    require(request.user, "plan.edit", supplier)
    data = actions.resolve_people(supplier, payload.model_dump())
    return Status(201, services.add_objective(_user(request), supplier, data))


def _recovery_out(view: services.RecoveryView) -> dict[str, Any]:
    plan = view.plan
    return {
        "id": plan.pk, "supplier_id": plan.supplier_id, "trigger": plan.trigger,
        "alert_id": plan.alert_id, "acknowledgement": plan.acknowledgement,
        "levels": plan.levels, "people": plan.people, "cadence": plan.cadence,
        "facilitator": plan.facilitator, "review_on": plan.review_on,
        "repeats": bool(plan.repetition_warning),
        "repetition_warning": plan.repetition_warning, "created_at": plan.created_at,
        "steps": view.steps,
    }  # fmt: skip


@router.get(
    f"{SUPPLIER}/recovery-plans", response=list[RecoveryPlanOut], summary="List recovery plans"
)
def list_recovery_plans(request: HttpRequest, supplier_id: int) -> list[dict[str, Any]]:
    """The supplier's recovery plans, newest first (the latest 20), with their steps."""
    supplier = _supplier(request, supplier_id)
    return [_recovery_out(view) for view in services.recovery_plans_of(supplier)]


@router.post(
    f"{SUPPLIER}/recovery-plans",
    response={201: RecoveryPlanOut},
    summary="Start a recovery plan",
)
def create_recovery_plan(
    request: HttpRequest, supplier_id: int, payload: RecoveryPlanIn
) -> Status[dict[str, Any]]:
    """Saved even when it repeats what was tried before; `repeats` and
    `repetition_warning` then say what it repeats."""
    supplier = _supplier(request, supplier_id)
    require(request.user, "plan.edit", supplier)
    data = payload.model_dump()
    data["alert"] = data.pop("alert_id")
    data["steps"] = [actions.resolve_people(supplier, step) for step in data["steps"]]
    recovery, _ = services.create_recovery_plan(_user(request), supplier, data)
    view = next(v for v in services.recovery_plans_of(supplier) if v.plan.pk == recovery.pk)
    return Status(201, _recovery_out(view))
