"""API shapes of the decision checklist."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

from partnerbook.core.schema_types import Input

ManualKey = Literal["fit", "financial"]


class ChecklistItemOut(Schema):
    key: str
    label: str
    ok: bool
    evidence: str = Field(description="What was found, or what is missing")
    manual: bool = Field(description="Ticked by a person; the others are read from the data")
    url: str


class ActivationOut(Schema):
    supplier_id: int
    how: Literal["checklist", "override"]
    reason: str
    missing: list[str] = Field(description="The items that did not hold, for an override")
    decided_by_id: int | None
    decided_at: dt.datetime


class ChecklistOut(Schema):
    supplier_id: int
    status: str
    complete: bool
    summary: str
    items: list[ChecklistItemOut]
    decision: ActivationOut | None = Field(description="How it became active, if it did")
    active_without_checklist: bool


class TickIn(Input):
    evidence: str = Field(min_length=1, max_length=2000, description="What you relied on")


class StandingOut(Schema):
    supplier_id: int
    name: str
    missing: list[str]
    decision: ActivationOut | None


class ActivationListsOut(Schema):
    overridden: list[StandingOut]
    without_checklist: list[StandingOut]
