"""The one definition of the supplier list's filters: web list, API and exports share it."""

from __future__ import annotations

from typing import Any, Literal

from django.db.models import Q
from ninja import Schema
from pydantic import Field, ValidationError, field_validator

from partnerbook.core.schema_types import QueryText, drop_blanks

from .domain import Status
from .queries import SupplierQuerySet

StatusValue = Literal["prospect", "vetting", "pilot", "active", "reserve", "phasing_out", "exited"]
SortValue = Literal[
    "name", "-name", "status", "-status", "annual_spend", "-annual_spend",
    "category", "-category", "country", "-country", "updated_at", "-updated_at",
]  # fmt: skip
MAX_ID = 2**63 - 1  # the largest id a database column holds
_SORT_FIELDS = {
    "name": ("name",),
    "status": ("status", "name"),
    "annual_spend": ("annual_spend", "name"),
    "category": ("category__name", "name"),
    "country": ("country", "name"),
    "updated_at": ("updated_at",),
}

assert set(StatusValue.__args__) == {s.value for s in Status}  # type: ignore[attr-defined]  # noqa: S101


class SupplierFilters(Schema):
    """Query parameters of every supplier list (web, API, export)."""

    q: QueryText | None = Field(
        None, max_length=100, description="Search in name, legal name, external id"
    )
    status: StatusValue | None = None
    category: int | None = Field(
        None, ge=1, le=MAX_ID, description="Category id (its sub-categories included)"
    )
    owner: int | None = Field(
        None, ge=0, le=MAX_ID, description="Relationship owner's user id; 0 = no owner"
    )
    tag: QueryText | None = Field(None, max_length=50)
    country: str | None = Field(None, pattern="^[A-Za-z]{2}$", description="ISO 3166 code")
    archived: Literal["current", "archived", "all"] = "current"
    sort: SortValue = "name"

    @field_validator("q", "tag", mode="after")
    @classmethod
    def _trimmed(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None

    def apply(self, queryset: SupplierQuerySet, category_ids: list[int] | None = None) -> Any:
        """Narrow and order `queryset`. `category_ids`: the chosen category and its descendants."""
        qs = queryset
        if self.q:
            qs = qs.filter(
                Q(name__icontains=self.q)
                | Q(legal_name__icontains=self.q)
                | Q(external_id__iexact=self.q)
            )
        if self.status:
            qs = qs.filter(status=self.status)
        if self.category:
            qs = qs.filter(category_id__in=category_ids or [self.category])
        if self.owner is not None:
            qs = (
                qs.filter(relationship_owner__isnull=True)
                if self.owner == 0
                else qs.filter(relationship_owner_id=self.owner)
            )
        if self.tag:
            qs = qs.filter(tags__name=self.tag)
        if self.country:
            qs = qs.filter(country=self.country.upper())
        if self.archived == "current":
            qs = qs.filter(archived=False)
        elif self.archived == "archived":
            qs = qs.filter(archived=True)
        descending = self.sort.startswith("-")
        fields = _SORT_FIELDS[self.sort.lstrip("-")]
        order = [f"-{f}" if descending else f for f in fields]
        return qs.order_by(*order, "pk")

    def active_count(self) -> int:
        """How many filters narrow the list (for the 'clear filters' hint)."""
        values = self.model_dump(exclude={"sort", "archived"})
        return sum(v is not None for v in values.values()) + (self.archived != "current")


def parse_filters(params: dict[str, Any]) -> tuple[SupplierFilters, dict[str, str]]:
    """Validate query parameters from a web request.

    Returns the filters that were valid and, per bad field, a message; bad values are
    dropped rather than failing the whole page.
    """
    data = drop_blanks({k: v for k, v in params.items() if k in SupplierFilters.model_fields})
    errors: dict[str, str] = {}
    try:
        return SupplierFilters.model_validate(data), errors
    except ValidationError as exc:
        for err in exc.errors():
            field = str(err["loc"][0]) if err["loc"] else "__all__"
            errors[field] = err["msg"]
            data.pop(field, None)
    return SupplierFilters.model_validate(data), errors
