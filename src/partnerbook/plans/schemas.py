"""API shapes of relationship and recovery plans."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import Field

from partnerbook.actions.schemas import ActionItemOut
from partnerbook.core.schema_types import NUMBER_ONLY, Day, Input, RecordId, Version
from partnerbook.relationship.schemas import ChannelValue

from .models import MAX_HOURS

LevelValue = Literal["executive", "management", "operational"]
EngagementLevel = Literal[
    "ours:executive", "ours:management", "ours:operational",
    "supplier:executive", "supplier:management", "supplier:operational",
]  # fmt: skip
TriggerValue = Literal["bow_tie", "drift_alert", "trust_breach"]
CadenceValue = Literal["", "weekly", "fortnightly", "monthly", "quarterly"]
Hours = Annotated[int, Field(ge=1, le=MAX_HOURS), NUMBER_ONLY]
Point = Annotated[str, Field(min_length=1, max_length=300)]
Short = Annotated[str, Field(min_length=1, max_length=60)]


class ContactPairIn(Input):
    our_contact: RecordId = Field(description="Id of one of our contacts for this supplier")
    their_contact: RecordId = Field(description="Id of one of the supplier's own contacts")
    level: LevelValue
    purpose: str = Field("", max_length=300)


class PlanIn(Input):
    """The whole plan (PUT replaces it) with the version you read and why you changed it."""

    version: Version = Field(description="The version you read (1 for a plan not written yet)")
    change_note: str = Field(min_length=1, max_length=2000, description="What changed and why")
    contributor_ids: list[RecordId] = Field(
        default_factory=list, max_length=50, description="Supplier-side contacts who wrote it"
    )
    contributors_note: str = Field("", max_length=300)
    strengths: list[Point] = Field(default_factory=list, max_length=30)
    weaknesses: list[Point] = Field(default_factory=list, max_length=30)
    opportunities: list[Point] = Field(default_factory=list, max_length=30)
    threats: list[Point] = Field(default_factory=list, max_length=30)
    contact_map: list[ContactPairIn] = Field(default_factory=list, max_length=50)
    preferred_channels: list[ChannelValue] = Field(default_factory=list, max_length=20)
    response_urgent_hours: Hours | None = None
    response_normal_hours: Hours | None = None
    response_low_hours: Hours | None = None
    languages: list[Short] = Field(default_factory=list, max_length=20)
    time_zones: list[Short] = Field(default_factory=list, max_length=20)
    meeting_etiquette: str = Field("", max_length=5000)
    uses_intermediary: bool = False
    intermediary: str = Field("", max_length=200)


class ContactPairOut(Schema):
    our_contact: int
    their_contact: int
    level: str
    purpose: str


class PlanOut(Schema):
    supplier_id: int
    exists: bool = Field(description="False until the plan is first written")
    version: int = Field(description="Send it back with a change to detect conflicting edits")
    revision: int = Field(description="Number of the latest revision (0: none yet)")
    contributor_ids: list[int]
    contributors_note: str
    strengths: list[str]
    weaknesses: list[str]
    opportunities: list[str]
    threats: list[str]
    contact_map: list[ContactPairOut]
    preferred_channels: list[str]
    response_urgent_hours: int | None
    response_normal_hours: int | None
    response_low_hours: int | None
    languages: list[str]
    time_zones: list[str]
    meeting_etiquette: str
    uses_intermediary: bool
    intermediary: str
    updated_at: dt.datetime | None
    objectives: list[ActionItemOut]


class RevisionOut(Schema):
    number: int
    note: str
    created_by: str = Field(description="Who saved it")
    created_at: dt.datetime
    snapshot: dict[str, Any] = Field(description="The plan as it was saved")

    @staticmethod
    def resolve_created_by(obj: Any) -> str:
        return str(obj.created_by.display_name) if obj.created_by else ""


class ObjectiveIn(Input):
    title: str = Field(min_length=1, max_length=200)
    detail: str = Field("", max_length=5000)
    owner_id: RecordId | None = Field(None, description="Id of a colleague")
    owner_contact_id: RecordId | None = Field(None, description="Id of a supplier-side contact")
    due_on: Day | None = None


class StepIn(Input):
    title: str = Field(min_length=1, max_length=200)
    owner_id: RecordId | None = Field(None, description="Id of a colleague")
    owner_contact_id: RecordId | None = Field(None, description="Id of a supplier-side contact")
    due_on: Day | None = Field(None, description="Default: the review day")


class RecoveryPlanIn(Input):
    """A recovery plan. It should change something compared with earlier plans (a new
    level, cadence or people); when it does not, it is saved with a warning."""

    trigger: TriggerValue
    alert_id: RecordId | None = Field(None, description="An open alert of this supplier")
    acknowledgement: str = Field(min_length=1, max_length=5000)
    levels: list[EngagementLevel] = Field(default_factory=list, max_length=6)
    people: list[RecordId] = Field(
        default_factory=list, max_length=50, description="Contact ids of this supplier"
    )
    cadence: CadenceValue = ""
    facilitator: str = Field("", max_length=200)
    review_on: Day = Field(description="In the future")
    steps: list[StepIn] = Field(default_factory=list, max_length=20)


class RecoveryPlanOut(Schema):
    id: int
    supplier_id: int
    trigger: str
    alert_id: int | None
    acknowledgement: str
    levels: list[str]
    people: list[int]
    cadence: str
    facilitator: str
    review_on: dt.date
    repeats: bool = Field(description="True when it repeats what was tried before")
    repetition_warning: str = Field(description="What it repeats, in words")
    created_at: dt.datetime
    steps: list[ActionItemOut]
