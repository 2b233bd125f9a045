"""REST endpoints of saved column mappings (import profiles): /import-mappings.

Reading needs the right to import the profile's kind of file; creating, changing and
deleting needs `supplier.import` (checked by the services)."""

from __future__ import annotations

from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field, StringConstraints

from partnerbook.accounts.models import User
from partnerbook.core.api_shapes import Pagination

from . import mapping_services
from .models import ImportMapping

router = Router(tags=["imports"])

Title = Annotated[str, StringConstraints(min_length=1, max_length=200)]
ColumnName = Annotated[str, StringConstraints(min_length=1, max_length=60)]
DateOrderName = Literal["day_first", "month_first"]


class ImportMappingIn(Schema):
    """A saved column mapping: `columns` sends each of the file's column titles to a column
    of the import kind (or to "__ignore__" to leave it out); `ignored` lists more titles to
    leave out."""

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
    kind: ColumnName
    columns: dict[Title, ColumnName] = Field(default_factory=dict, max_length=100)
    ignored: list[Title] = Field(default_factory=list, max_length=100)
    date_order: DateOrderName = "day_first"
    decimal_comma: bool = False


class ImportMappingOut(Schema):
    id: int
    name: str
    kind: str
    columns: dict[str, str]
    ignored: list[str]
    date_order: str
    decimal_comma: bool


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


def _mapping(request: HttpRequest, mapping_id: int) -> ImportMapping:
    return get_object_or_404(mapping_services.visible_mappings(_user(request)), pk=mapping_id)


@router.get("/import-mappings", response=list[ImportMappingOut], summary="List import mappings")
@paginate(Pagination)
def list_mappings(request: HttpRequest) -> QuerySet[ImportMapping]:
    """The saved mappings of the kinds of file the caller may import."""
    if not mapping_services.usable_kinds(_user(request)):
        raise PermissionDenied("You may not import files.")
    return mapping_services.visible_mappings(_user(request)).order_by("name", "pk")


@router.post("/import-mappings", response={201: ImportMappingOut}, summary="Save an import mapping")
def create_mapping(request: HttpRequest, payload: ImportMappingIn) -> Status[ImportMapping]:
    return Status(201, mapping_services.create_mapping(_user(request), payload.model_dump()))


@router.get(
    "/import-mappings/{mapping_id}", response=ImportMappingOut, summary="Get an import mapping"
)
def get_mapping(request: HttpRequest, mapping_id: int) -> ImportMapping:
    return _mapping(request, mapping_id)


@router.put(
    "/import-mappings/{mapping_id}", response=ImportMappingOut, summary="Replace an import mapping"
)
def update_mapping(
    request: HttpRequest, mapping_id: int, payload: ImportMappingIn
) -> ImportMapping:
    profile = _mapping(request, mapping_id)
    return mapping_services.update_mapping(_user(request), profile, payload.model_dump())


@router.delete(
    "/import-mappings/{mapping_id}", response={204: None}, summary="Delete an import mapping"
)
def delete_mapping(request: HttpRequest, mapping_id: int) -> Status[None]:
    mapping_services.delete_mapping(_user(request), _mapping(request, mapping_id))
    return Status(204, None)
