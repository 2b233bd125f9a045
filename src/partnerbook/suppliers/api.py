"""REST endpoints of the supplier registry: suppliers, categories, contacts.

Thin: parse input, load the record through `visible_to(user)`, call a service, return.
Permissions are checked by the services; records a user may not see are 404.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.pagination import paginate

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import require
from partnerbook.core.api_shapes import Pagination as Pagination  # shared by every router

from . import services
from .filters import SupplierFilters
from .models import Category, Contact, Supplier
from .schemas import (
    CategoryIn,
    CategoryOut,
    CategoryPatch,
    ContactFilters,
    ContactIn,
    ContactOut,
    ContactPatch,
    StatusChangeIn,
    SupplierForUser,
    SupplierIn,
    SupplierOut,
    SupplierPatch,
    TimelineFilters,
    TimelineOut,
)
from .timeline import Timeline, timeline_for

router = Router(tags=["suppliers"])

TIMELINE_LIMIT = 200


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


def _supplier(request: HttpRequest, supplier_id: int) -> Supplier:
    return get_object_or_404(Supplier.objects.visible_to(request.user).for_list(), pk=supplier_id)


def _contact(request: HttpRequest, contact_id: int) -> Contact:
    contacts = Contact.objects.visible_to(request.user).select_related("supplier")
    return get_object_or_404(contacts, pk=contact_id)


def _category(request: HttpRequest, category_id: int) -> Category:
    require(request.user, "category.view")
    return get_object_or_404(Category.objects.select_related("parent"), pk=category_id)


def _reference(model: Any, field: str, data: dict[str, Any]) -> None:
    """Replace the id under `field` by its record; an unknown id is an error on that field."""
    if data.get(field) is None:
        return
    found = model.objects.filter(pk=data[field]).first()
    if found is None:
        raise ValidationError(
            {field: f"There is no {field.replace('_', ' ')} with id {data[field]}."}
        )
    data[field] = found


def _supplier_data(payload: SupplierIn | SupplierPatch) -> dict[str, Any]:
    data = payload.model_dump(exclude_unset=True)
    _reference(Category, "category", data)
    _reference(User, "relationship_owner", data)
    return data


def _category_data(payload: CategoryIn | CategoryPatch) -> dict[str, Any]:
    data = payload.model_dump(exclude_unset=True)
    _reference(Category, "parent", data)
    return data


# --- suppliers --------------------------------------------------------------------------


@router.get("/suppliers", response=list[SupplierForUser], summary="List suppliers")
@paginate(Pagination)
def list_suppliers(request: HttpRequest, filters: Query[SupplierFilters]) -> QuerySet[Supplier]:
    """Suppliers the caller may see, narrowed by the same filters as the web list."""
    category_ids = (
        services.category_with_descendants(filters.category) if filters.category else None
    )
    return filters.apply(Supplier.objects.visible_to(request.user).for_list(), category_ids)


@router.get("/suppliers/{supplier_id}", response=SupplierForUser, summary="Get a supplier")
def get_supplier(request: HttpRequest, supplier_id: int) -> Supplier:
    return _supplier(request, supplier_id)


@router.post("/suppliers", response={201: SupplierOut}, summary="Register a supplier")
def create_supplier(request: HttpRequest, payload: SupplierIn) -> Status[Supplier]:
    return Status(201, services.create_supplier(_user(request), _supplier_data(payload)))


@router.patch("/suppliers/{supplier_id}", response=SupplierOut, summary="Change a supplier")
def update_supplier(request: HttpRequest, supplier_id: int, payload: SupplierPatch) -> Supplier:
    """With `version` (from a read), a change based on an older version is refused with 409."""
    supplier = _supplier(request, supplier_id)
    data = _supplier_data(payload)
    return services.update_supplier(_user(request), supplier, data, data.pop("version", None))


@router.post("/suppliers/{supplier_id}/status", response=SupplierOut, summary="Change status")
def change_status(request: HttpRequest, supplier_id: int, payload: StatusChangeIn) -> Supplier:
    """Move a supplier along its lifecycle; a move the lifecycle forbids is a 400 on
    `status`. A move to active needs the decision checklist: when items are missing it is a
    400 naming each on `checklist`, unless a manager gives an `override_reason`."""
    supplier = _supplier(request, supplier_id)
    return services.change_status(
        _user(request), supplier, payload.status, payload.note, payload.override_reason
    )


@router.post("/suppliers/{supplier_id}/archive", response=SupplierOut, summary="Archive")
def archive_supplier(request: HttpRequest, supplier_id: int) -> Supplier:
    return services.set_archived(_user(request), _supplier(request, supplier_id), True)


@router.post("/suppliers/{supplier_id}/restore", response=SupplierOut, summary="Restore")
def restore_supplier(request: HttpRequest, supplier_id: int) -> Supplier:
    return services.set_archived(_user(request), _supplier(request, supplier_id), False)


# --- categories -------------------------------------------------------------------------


@router.get("/categories", response=list[CategoryOut], summary="List categories")
@paginate(Pagination)
def list_categories(request: HttpRequest) -> QuerySet[Category]:
    require(request.user, "category.view")
    return Category.objects.select_related("parent").order_by("name", "pk")


@router.get("/categories/{category_id}", response=CategoryOut, summary="Get a category")
def get_category(request: HttpRequest, category_id: int) -> Category:
    return _category(request, category_id)


@router.post("/categories", response={201: CategoryOut}, summary="Add a category")
def create_category(request: HttpRequest, payload: CategoryIn) -> Status[Category]:
    return Status(201, services.create_category(_user(request), _category_data(payload)))


@router.patch("/categories/{category_id}", response=CategoryOut, summary="Change a category")
def update_category(request: HttpRequest, category_id: int, payload: CategoryPatch) -> Category:
    """With `version` (from a read), a change based on an older version is refused with 409."""
    category = _category(request, category_id)
    data = _category_data(payload)
    return services.update_category(_user(request), category, data, data.pop("version", None))


# --- contacts ---------------------------------------------------------------------------


@router.get("/contacts", response=list[ContactOut], summary="List contacts")
@paginate(Pagination)
def list_contacts(request: HttpRequest, filters: Query[ContactFilters]) -> QuerySet[Contact]:
    """Contacts the caller may see; portal users see only their own supplier's people."""
    return filters.apply(Contact.objects.visible_to(request.user).select_related("supplier"))


@router.get("/contacts/{contact_id}", response=ContactOut, summary="Get a contact")
def get_contact(request: HttpRequest, contact_id: int) -> Contact:
    return _contact(request, contact_id)


@router.post(
    "/suppliers/{supplier_id}/contacts", response={201: ContactOut}, summary="Add a contact"
)
def create_contact(request: HttpRequest, supplier_id: int, payload: ContactIn) -> Status[Contact]:
    supplier = _supplier(request, supplier_id)
    return Status(201, services.create_contact(_user(request), supplier, payload.model_dump()))


@router.patch("/contacts/{contact_id}", response=ContactOut, summary="Change a contact")
def update_contact(request: HttpRequest, contact_id: int, payload: ContactPatch) -> Contact:
    """With `version` (from a read), a change based on an older version is refused with 409."""
    contact = _contact(request, contact_id)
    data = payload.model_dump(exclude_unset=True)
    return services.update_contact(_user(request), contact, data, data.pop("version", None))


@router.post("/contacts/{contact_id}/archive", response=ContactOut, summary="Archive a contact")
def archive_contact(request: HttpRequest, contact_id: int) -> Contact:
    return services.set_contact_archived(_user(request), _contact(request, contact_id), True)


@router.post("/contacts/{contact_id}/restore", response=ContactOut, summary="Restore a contact")
def restore_contact(request: HttpRequest, contact_id: int) -> Contact:
    return services.set_contact_archived(_user(request), _contact(request, contact_id), False)


# --- relationship timeline --------------------------------------------------------------


@router.get(
    "/suppliers/{supplier_id}/timeline", response=TimelineOut, summary="Relationship timeline"
)
def get_timeline(
    request: HttpRequest, supplier_id: int, filters: Query[TimelineFilters]
) -> dict[str, Any]:
    """What happened with the supplier, newest first, from every registered source (status
    moves, interactions, trust entries, alerts...): at most 200 entries. Internal users only."""
    if not getattr(request.user, "is_internal", False):
        raise PermissionDenied("The timeline is for the buying organisation only.")
    supplier = _supplier(request, supplier_id)
    require(request.user, "supplier.view", supplier)
    query = QueryDict(mutable=True)
    query.setlist("kind", filters.kind)
    query["period"] = filters.period
    timeline: Timeline = timeline_for(request.user, supplier, query, TIMELINE_LIMIT)
    return {"items": timeline.entries, "truncated": timeline.truncated}
