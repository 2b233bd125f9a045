"""REST endpoints of the decision checklist (mounted under /api/v1). Internal users only:
portal users get 403. The move to active itself is `POST /suppliers/{supplier_id}/status`
(with `override_reason` for a manager's override): one path for every client."""

# No `from __future__ import annotations`: ninja reads the annotations at import.
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import require
from partnerbook.suppliers.models import Supplier

from . import domain, services
from .models import Activation
from .schemas import ActivationListsOut, ChecklistOut, ManualKey, TickIn

router = Router(tags=["checklist"])
CHECKLIST = "/suppliers/{supplier_id}/checklist"


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


def _supplier(request: HttpRequest, supplier_id: int) -> Supplier:
    require(request.user, "playbook.view")
    return get_object_or_404(Supplier.objects.visible_to(request.user), pk=supplier_id)


def _decision(row: Activation | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {
        "supplier_id": row.supplier_id, "how": row.how, "reason": row.reason,
        "missing": list(row.missing or []), "decided_by_id": row.decided_by_id,
        "decided_at": row.decided_at,
    }  # fmt: skip


def _checklist(supplier: Supplier) -> dict[str, Any]:
    standing = services.standings([supplier])[0]
    checklist = standing.checklist
    return {
        "supplier_id": supplier.pk,
        "status": supplier.status,
        "complete": checklist.complete,
        "summary": checklist.summary,
        "items": [
            {
                "key": i.key,
                "label": i.label,
                "ok": i.ok,
                "evidence": i.evidence,
                "manual": i.manual,
                "url": i.url,
            }
            for i in checklist.items
        ],  # fmt: skip
        "decision": _decision(standing.activation),
        "active_without_checklist": supplier.status == domain.ACTIVE and standing.without_checklist,
    }


@router.get(CHECKLIST, response=ChecklistOut, summary="A supplier's decision checklist")
def get_checklist(request: HttpRequest, supplier_id: int) -> dict[str, Any]:
    """Every item with whether it holds and the evidence, and how the supplier became
    active (checklist or a manager's override with its reason)."""
    return _checklist(_supplier(request, supplier_id))


@router.put(f"{CHECKLIST}/{{key}}", response=ChecklistOut, summary="Tick an item by hand")
def tick_item(request: HttpRequest, supplier_id: int, key: ManualKey, payload: TickIn) -> Any:
    """Only the items no other feature owns (`fit`, `financial`) are ticked by hand."""
    supplier = _supplier(request, supplier_id)
    services.tick(_user(request), supplier, key, payload.evidence)
    return _checklist(supplier)


@router.delete(f"{CHECKLIST}/{{key}}", response={204: None}, summary="Withdraw a ticked item")
def untick_item(request: HttpRequest, supplier_id: int, key: ManualKey) -> Any:
    supplier = _supplier(request, supplier_id)
    services.untick(_user(request), supplier, key)
    return Status(204, None)


@router.get("/activations", response=ActivationListsOut, summary="Activation decisions")
def activation_lists(request: HttpRequest) -> dict[str, Any]:
    """The active suppliers made active by override, and those active without the
    checklist (registered as existing business, checklist still incomplete)."""
    require(request.user, "portfolio.view")
    lists = services.portfolio_lists(_user(request))

    def rows(found: list[services.Standing]) -> list[dict[str, Any]]:
        return [
            {"supplier_id": s.supplier.pk, "name": s.supplier.name,
             "missing": s.checklist.missing_lines(), "decision": _decision(s.activation)}
            for s in found
        ]  # fmt: skip

    return {
        "overridden": rows(lists.overridden),
        "without_checklist": rows(lists.without_checklist),
    }
