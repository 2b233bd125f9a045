"""API shapes of the supplier registry. Input schemas state the same limits as the models."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import Field, RootModel, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from partnerbook.core import registry
from partnerbook.core.api_shapes import PersonRef as PersonRef
from partnerbook.core.api_shapes import SupplierRef as SupplierRef
from partnerbook.core.schema_types import (
    CurrencyCode,
    Input,
    Money,
    QueryId,
    RecordId,
    Version,
    registered_values,
    reject_null,
)

from .filters import StatusValue
from .queries import ContactQuerySet

SideValue = Literal["ours", "supplier"]
FunctionValue = Literal[
    "sales", "procurement", "quality", "logistics", "finance",
    "engineering", "executive", "legal", "other",
]  # fmt: skip
LevelValue = Literal["executive", "management", "operational"]
ArchivedValue = Literal["current", "archived", "all"]

TagName = Annotated[str, Field(min_length=1, max_length=50)]
CountryCode = Annotated[
    str, Field(pattern=r"^([A-Za-z]{2})?$", description="ISO 3166 code, e.g. DE; empty for none")
]


# --- references -------------------------------------------------------------------------


class CategoryRef(Schema):
    id: int
    name: str


# --- suppliers --------------------------------------------------------------------------


class SupplierIn(Input):
    """A new supplier. Without `relationship_owner`, a buyer who creates it becomes its owner."""

    name: str = Field(min_length=1, max_length=200)
    legal_name: str = Field("", max_length=200)
    category: RecordId | None = Field(None, description="Category id")
    country: CountryCode = ""
    website: str = Field("", max_length=300)
    status: StatusValue = "prospect"
    annual_spend: Money | None = None
    currency: CurrencyCode = "EUR"
    relationship_owner: RecordId | None = Field(None, description="User id of the owner")
    tags: list[TagName] = Field(default_factory=list, max_length=50)
    external_id: str = Field("", max_length=64, description="The supplier's number in the ERP")
    notes: str = Field("", max_length=10_000)

    @field_validator("country", mode="after")
    @classmethod
    def _upper_country(cls, value: str) -> str:
        return value.upper()


class SupplierPatch(Input):
    """Fields to change; anything left out stays as it is. `status` moves use the status action."""

    name: str | None = Field(None, min_length=1, max_length=200)
    legal_name: str | None = Field(None, max_length=200)
    category: RecordId | None = Field(None, description="Category id; null removes it")
    country: CountryCode | None = None
    website: str | None = Field(None, max_length=300)
    status: StatusValue | None = Field(None, description="Only the current status is accepted")
    annual_spend: Money | None = None
    currency: CurrencyCode | None = None
    relationship_owner: RecordId | None = Field(None, description="User id; null removes it")
    tags: list[TagName] | None = Field(None, max_length=50, description="Replaces all tags")
    external_id: str | None = Field(None, max_length=64)
    notes: str | None = Field(None, max_length=10_000)
    version: Version | None = None

    check_not_null = field_validator(
        "name", "legal_name", "country", "website", "status", "currency", "tags",
        "external_id", "notes", mode="before",
    )(reject_null)  # fmt: skip

    @field_validator("country", mode="after")
    @classmethod
    def _upper_country(cls, value: str | None) -> str | None:
        return value.upper() if value else value


class StatusChangeIn(Input):
    status: StatusValue
    note: str = Field("", max_length=500, description="Why; kept in the audit history")
    override_reason: str = Field(
        "",
        max_length=2000,
        description="Only to make a supplier active without the complete decision checklist "
        "(managers and administrators): why. Kept and shown on the supplier's page.",
    )


class PublicSupplierOut(Schema):
    """What a supplier's own portal user sees of their supplier record."""

    id: int
    name: str
    legal_name: str
    country: str = Field(description="ISO 3166 code, empty when unknown")
    website: str
    status: StatusValue

    @staticmethod
    def resolve_country(obj: Any) -> str:
        return str(obj.country.code or "")


class SupplierOut(PublicSupplierOut):
    """A supplier as the buying organisation sees it."""

    category: CategoryRef | None
    annual_spend: Decimal | None
    currency: str
    relationship_owner: PersonRef | None
    tags: list[str]
    external_id: str
    archived: bool
    version: int = Field(description="Send it back with a change to detect conflicting edits")
    created_at: datetime
    updated_at: datetime
    url: str = Field(description="The supplier's page in the web application")

    @staticmethod
    def resolve_tags(obj: Any) -> list[str]:
        return [tag.name for tag in obj.tags.all()]

    @staticmethod
    def resolve_url(obj: Any, context: Any) -> str:
        request = (context or {}).get("request")
        path = str(obj.get_absolute_url())
        return request.build_absolute_uri(path) if request is not None else path


class SupplierForUser(RootModel[SupplierOut | PublicSupplierOut]):
    """A supplier as the caller may see it: internal users get the full record, portal
    users (and any caller that is not internal) the public one."""

    @model_validator(mode="wrap")
    @classmethod
    def _for_audience(cls, value: Any, handler: Any, info: ValidationInfo) -> Any:
        if isinstance(value, cls):
            return value
        if not isinstance(value, PublicSupplierOut):
            request = (info.context or {}).get("request")
            internal = request is not None and getattr(request.user, "is_internal", False)
            schema = SupplierOut if internal else PublicSupplierOut
            value = schema.model_validate(value, context=info.context)
        # Already validated: wrapping it without a second pass keeps the chosen shape.
        return cls.model_construct(root=value)


# --- categories -------------------------------------------------------------------------


class CategoryIn(Input):
    name: str = Field(min_length=1, max_length=120)
    parent: RecordId | None = Field(None, description="Id of the parent category")
    description: str = Field("", max_length=2_000)


class CategoryPatch(Input):
    name: str | None = Field(None, min_length=1, max_length=120)
    parent: RecordId | None = Field(None, description="Id of the parent; null makes it top-level")
    description: str | None = Field(None, max_length=2_000)
    version: Version | None = None

    check_not_null = field_validator("name", "description", mode="before")(reject_null)


class CategoryOut(Schema):
    id: int
    name: str
    parent: CategoryRef | None
    description: str
    version: int


# --- contacts ---------------------------------------------------------------------------


class ContactFilters(Schema):
    """Query parameters of the contact list."""

    supplier: QueryId | None = Field(None, description="Supplier id")
    side: SideValue | None = None
    archived: ArchivedValue = "current"

    def apply(self, queryset: ContactQuerySet) -> ContactQuerySet:
        """Narrow `queryset` and order it by supplier, side and name."""
        if self.supplier is not None:
            queryset = queryset.filter(supplier_id=self.supplier)
        if self.side is not None:
            queryset = queryset.filter(side=self.side)
        if self.archived != "all":
            queryset = queryset.filter(archived=self.archived == "archived")
        return queryset.order_by("supplier__name", "supplier_id", "side", "name", "pk")


class ContactIn(Input):
    side: SideValue
    name: str = Field(min_length=1, max_length=150)
    job_title: str = Field("", max_length=150)
    function: FunctionValue = "other"
    level: LevelValue = "operational"
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=40)


class ContactPatch(Input):
    side: SideValue | None = None
    name: str | None = Field(None, min_length=1, max_length=150)
    job_title: str | None = Field(None, max_length=150)
    function: FunctionValue | None = None
    level: LevelValue | None = None
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=40)
    version: Version | None = None

    check_not_null = field_validator(
        "side", "name", "job_title", "function", "level", "email", "phone", mode="before"
    )(reject_null)


class ContactOut(Schema):
    id: int
    supplier: SupplierRef
    side: SideValue
    name: str
    job_title: str
    function: FunctionValue
    level: LevelValue
    email: str
    phone: str
    archived: bool
    version: int


# --- timeline ---------------------------------------------------------------------------


class TimelineFilters(Schema):
    """Query parameters of the relationship timeline."""

    kind: list[str] = Field(
        default_factory=list,
        max_length=50,
        description="Sources to show; default: all",
        json_schema_extra=registered_values(
            lambda: [source.key for source in registry.timeline_sources()], "items"
        ),
    )
    period: Literal["30", "90", "365", "all"] = Field("365", description="Days back, or all")

    @field_validator("kind", mode="after")
    @classmethod
    def _registered(cls, value: list[str]) -> list[str]:
        known = [source.key for source in registry.timeline_sources()]
        unknown = sorted(set(value) - set(known))
        if unknown:
            raise PydanticCustomError(
                "timeline_kind", "Unknown timeline source {unknown}; known: {known}.",
                {"unknown": ", ".join(unknown)[:200], "known": ", ".join(known)},
            )  # fmt: skip
        return value


class TimelineEntryOut(Schema):
    when: datetime
    kind: str = Field(description="The source, e.g. status, interactions, alerts")
    title: str
    detail: str
    who: str = Field(description="Who did it, when known")
    url: str = Field(description="The record's page in the web application; empty for none")
    badge: str = Field(description='A short label or tone, e.g. "deposit", "red"')


class TimelineOut(Schema):
    items: list[TimelineEntryOut] = Field(description="Newest first")
    truncated: bool = Field(description="More entries exist in the period than were returned")
