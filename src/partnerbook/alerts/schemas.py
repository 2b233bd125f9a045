"""API shapes of the alerts inbox."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Schema
from pydantic import Field, StrictBool, field_validator
from pydantic_core import PydanticCustomError

from partnerbook.core import registry
from partnerbook.core.schema_types import Input, QueryId, registered_values

from .services import MAX_NOTE

StatusValue = Literal["open", "acknowledged", "dismissed"]
SeverityValue = Literal["info", "warning", "critical"]


class AlertFilters(Schema):
    """Query parameters of the inbox."""

    status: Literal["open", "handled", "all"] = Field(
        "open", description="handled: acknowledged or dismissed"
    )
    kind: str | None = Field(
        None,
        max_length=60,
        description="A registered alert kind",
        json_schema_extra=registered_values(registry.alert_kinds, "anyOf", 0),
    )
    supplier: QueryId | None = Field(None, description="Supplier id")
    mine: bool = Field(False, description="Only suppliers whose relationship I own")

    @field_validator("kind", mode="after")
    @classmethod
    def _registered(cls, value: str | None) -> str | None:
        if value is not None and value not in registry.alert_kinds():
            raise PydanticCustomError(
                "alert_kind", "Unknown alert kind; known: {known}.",
                {"known": ", ".join(sorted(registry.alert_kinds()))},
            )  # fmt: skip
        return value

    def as_params(self) -> dict[str, str]:
        """The filters as the inbox service reads them (the web page's query string)."""
        return {
            "status": self.status,
            "kind": self.kind or "",
            "supplier": "" if self.supplier is None else str(self.supplier),
            "mine": "1" if self.mine else "",
        }


class AcknowledgeIn(Input):
    note: str = Field("", max_length=MAX_NOTE, description="What will be done about it")


class DismissIn(Input):
    note: str = Field(min_length=1, max_length=MAX_NOTE, description="Why it needs no action")


class DigestIn(Input):
    daily_digest: StrictBool = Field(description="E-mail me the new alerts once a day")


class DigestOut(Schema):
    daily_digest: bool


class AlertOut(Schema):
    """An early warning with its evidence; it never changes anything by itself."""

    id: int
    supplier_id: int
    supplier_name: str
    kind: str = Field(description="A registered alert kind, e.g. relationship.drift")
    subject: str = Field(description="What the alert is about within its kind")
    severity: SeverityValue
    title: str
    summary: str
    evidence: dict[str, Any]
    confidence: float | None = Field(description="0–1; null for rules that are not statistical")
    raised_on: dt.date = Field(description="The day the condition was first seen")
    last_seen_on: dt.date = Field(description="The last day a check still saw it")
    status: StatusValue
    note: str
    handled_by: str | None = Field(description="Username of who acknowledged or dismissed it")
    handled_at: dt.datetime | None

    @staticmethod
    def resolve_supplier_name(obj: Any) -> str:
        return str(obj.supplier.name)

    @staticmethod
    def resolve_handled_by(obj: Any) -> str | None:
        return None if obj.handled_by is None else str(obj.handled_by.username)
