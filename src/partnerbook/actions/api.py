"""REST endpoints of action items (mounted under /api/v1). Internal users only, except that a
portal user may read an action item they own themselves (the lists answer them 403). Thin:
load through `visible_to`, call a service, return."""

# No `from __future__ import annotations`: ninja's @paginate reads `Query[...]` at import.
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.pagination import paginate

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import require
from partnerbook.suppliers.api import Pagination
from partnerbook.suppliers.models import Supplier

from . import services
from .models import ActionItem
from .schemas import ActionItemFilters, ActionItemIn, ActionItemOut, ActionItemPatch

router = Router(tags=["action items"])
SUPPLIER = "/suppliers/{supplier_id}"
ITEM = "/action-items/{item_id}"


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


def _supplier(request: HttpRequest, supplier_id: int) -> Supplier:
    require(request.user, "action.view")
    return get_object_or_404(Supplier.objects.visible_to(request.user), pk=supplier_id)


def _item(request: HttpRequest, item_id: int) -> ActionItem:
    """An item the user may see: internal users see their suppliers' items, a portal user
    only the items they own themselves (404 for any other)."""
    item: ActionItem = get_object_or_404(
        ActionItem.objects.visible_to(request.user).for_list(), pk=item_id
    )
    require(request.user, "action.view", item)
    return item


@router.get("/action-items", response=list[ActionItemOut], summary="List action items")
@paginate(Pagination)
def list_all(request: HttpRequest, filters: Query[ActionItemFilters]) -> QuerySet[ActionItem]:
    """Action items of every supplier you may see, overdue first, then by due date."""
    require(request.user, "action.view")
    items = filters.apply(ActionItem.objects.visible_to(request.user), request.user)
    result: QuerySet[ActionItem] = services.with_overdue(items.for_list())
    return result


@router.get(
    f"{SUPPLIER}/action-items", response=list[ActionItemOut], summary="List a supplier's items"
)
@paginate(Pagination)
def list_for_supplier(
    request: HttpRequest, supplier_id: int, filters: Query[ActionItemFilters]
) -> QuerySet[ActionItem]:
    """One supplier's action items (objectives, recovery steps and stand-alone items)."""
    supplier = _supplier(request, supplier_id)
    items = filters.apply(ActionItem.objects.filter(supplier=supplier), request.user)
    result: QuerySet[ActionItem] = services.with_overdue(items.for_list())
    return result


@router.post(
    f"{SUPPLIER}/action-items", response={201: ActionItemOut}, summary="Add an action item"
)
def create(request: HttpRequest, supplier_id: int, payload: ActionItemIn) -> Status[ActionItem]:
    """A stand-alone action item. Editors, or the buyer who owns the supplier."""
    supplier = _supplier(request, supplier_id)
    require(request.user, "action.edit", supplier)
    data = services.resolve_people(supplier, payload.model_dump())
    item = services.create_action_item(_user(request), supplier, data)
    return Status(201, item)


@router.get(ITEM, response=ActionItemOut, summary="Get an action item")
def get_item(request: HttpRequest, item_id: int) -> ActionItem:
    return _item(request, item_id)


@router.patch(ITEM, response=ActionItemOut, summary="Change an action item")
def update(request: HttpRequest, item_id: int, payload: ActionItemPatch) -> ActionItem:
    """Only the fields sent change. Status done records `done_on` (default today)."""
    item = _item(request, item_id)
    require(request.user, "action.edit", item.supplier)
    data = services.resolve_people(item.supplier, payload.model_dump(exclude_unset=True))
    expected = data.pop("version", None)
    services.update_action_item(_user(request), item, data, expected)
    return _item(request, item_id)
