"""API shapes of the cadence. Inputs state the same limits as the models and forms; outputs
carry the reasons behind a proposal and the dates behind every due date."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, get_args

from ninja import Schema
from pydantic import Field, field_validator

from partnerbook.core.schema_types import NUMBER_ONLY, Day, Input, Moment, RecordId, Version

from . import domain
from .models import MAX_INTERVAL

KindValue = Literal[
    "weekly_operational", "monthly_performance", "quarterly_strategic", "annual_health_check",
    "informal_checkin",
]  # fmt: skip
ChannelValue = Literal[
    "meeting", "call", "email", "site_visit", "informal_checkin", "business_review", "workshop",
]  # fmt: skip
LevelValue = Literal["", "executive", "management", "operational"]
SideValue = Literal["ours", "supplier"]

assert set(get_args(KindValue)) == set(domain.KINDS)  # noqa: S101
assert set(get_args(ChannelValue)) == set(domain.CHANNELS)  # noqa: S101

IntervalDays = Annotated[int, Field(ge=1, le=MAX_INTERVAL), NUMBER_ONLY]
ScoreValue = Annotated[int, Field(ge=1, le=5), NUMBER_ONLY]
MAX_ITEMS = 20


def _dedupe(value: list[object]) -> list[object]:
    return list(dict.fromkeys(value))


class CadenceItemIn(Input):
    """One meeting. With `id`, the meeting of that id is changed; without, one is added."""

    id: RecordId | None = Field(None, description="Leave out to add a meeting")
    kind: KindValue
    interval_days: IntervalDays | None = Field(
        None, description="Days between meetings; default: the usual one for the kind"
    )
    channels: list[ChannelValue] = Field(
        min_length=1, max_length=7, description="Interaction channels that count as holding it"
    )
    our_level: LevelValue = ""
    their_level: LevelValue = ""
    attendees: str = Field("", max_length=300, description="Who is expected, free text")
    contacts: list[RecordId] = Field(
        default_factory=list, max_length=50, description="Ids of this supplier's contacts"
    )
    owner: RecordId = Field(description="Id of the colleague who owns the meeting")
    planned_start: Moment | None = Field(None, description="Next planned start")
    planned_end: Moment | None = Field(None, description="Must be after the start")
    location: str = Field("", max_length=200)
    version: Version | None = None

    dedupe = field_validator("channels", "contacts", mode="after")(_dedupe)


class CadenceIn(Input):
    """The whole cadence: meetings not listed are removed."""

    items: list[CadenceItemIn] = Field(max_length=MAX_ITEMS)


class CadenceItemOut(Schema):
    id: int
    supplier_id: int
    kind: KindValue
    label: str
    interval_days: int
    channels: list[ChannelValue]
    our_level: LevelValue
    their_level: LevelValue
    attendees: str
    contacts: list[int]
    owner: int
    owner_name: str
    planned_start: dt.datetime | None
    planned_end: dt.datetime | None
    location: str
    reason: str
    version: int
    last_held: dt.date | None = Field(description="Latest interaction of a matching channel")
    next_due: dt.date = Field(description="Last held (or creation) plus the interval")
    days_overdue: int
    overdue: bool


class CadenceOut(Schema):
    supplier_id: int
    items: list[CadenceItemOut]


class OverdueOut(CadenceItemOut):
    supplier_name: str
    explanation: str


class ProposedItemOut(Schema):
    kind: KindValue
    label: str
    interval_days: int
    channels: list[ChannelValue]
    our_level: LevelValue
    their_level: LevelValue
    reason: str


class ProposalOut(Schema):
    supplier_id: int
    model: str | None
    model_source: str = Field(description='"chosen" or "recommended"')
    quadrant: str | None
    months_active: float | None
    maturity_stage: str | None
    complexity: int | None
    volatile: bool = Field(description="New or complex: meets more often")
    partnership: bool
    reasons: list[str]
    items: list[ProposedItemOut]


class OverdueFilters(Schema):
    owner: int | None = Field(None, ge=1, le=2**63 - 1, description="Owner's id; default: you")
    all_owners: bool = Field(False, description="True: every owner's overdue meetings")


class HealthCheckIn(Input):
    """Our side's answers: each question 1 (poor) to 5 (excellent), a comment optional."""

    held_on: Day = Field(description="Never in the future")
    notes: str = Field("", max_length=5000)
    trust: ScoreValue
    trust_comment: str = Field("", max_length=1000)
    openness: ScoreValue
    openness_comment: str = Field("", max_length=1000)
    reciprocity: ScoreValue
    reciprocity_comment: str = Field("", max_length=1000)
    communication: ScoreValue
    communication_comment: str = Field("", max_length=1000)
    joint_problem_solving: ScoreValue
    joint_problem_solving_comment: str = Field("", max_length=1000)


class AnswersOut(Schema):
    side: SideValue
    answered_by: str | None
    answered_at: dt.datetime
    scores: dict[str, int]
    comments: dict[str, str]


class AnswerGapOut(Schema):
    question: str
    label: str
    ours: int | None
    theirs: int | None
    gap: int | None = Field(description="Ours minus theirs; null until both sides answered")
    flagged: bool = Field(description="Two points or more apart")


class HealthCheckOut(Schema):
    id: int
    supplier_id: int
    held_on: dt.date
    notes: str
    ours: AnswersOut | None
    theirs: AnswersOut | None
    comparison: list[AnswerGapOut]
    flagged: list[str]
