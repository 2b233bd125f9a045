"""API shapes of collaboration practices and agreements. Inputs state the same limits as the
models and forms; each practice comes out with its context checks and their reasons."""

from __future__ import annotations

import datetime as dt
from typing import Literal, get_args

from ninja import Schema
from pydantic import Field, field_validator

from partnerbook.core.schema_types import Day, Input, RecordId, Version, reject_null

from . import domain

PracticeKind = Literal[
    "joint_problem_solving", "embedded_engineer", "roadmap_sharing", "shared_risk_reward",
    "informal_checkins", "site_visits",
]  # fmt: skip
AgreementKind = Literal["mutual_nda", "one_way_nda", "framework", "other"]

assert set(get_args(PracticeKind)) == set(domain.PRACTICE_KINDS)  # noqa: S101
assert set(get_args(AgreementKind)) == set(domain.AGREEMENT_KINDS)  # noqa: S101

MAX_ATTENDEES = 50


def _no_duplicates(value: list[int] | None) -> list[int] | None:
    return None if value is None else list(dict.fromkeys(value))


class PracticeIn(Input):
    """A practice to start. `owner` defaults to you."""

    kind: PracticeKind
    started_on: Day
    owner: RecordId | None = Field(None, description="Id of a colleague; default: you")
    notes: str = Field("", max_length=10_000)
    attendees: list[RecordId] = Field(
        default_factory=list,
        max_length=MAX_ATTENDEES,
        description="Ids of this supplier's contacts (either side) who attend the sessions",
    )

    dedupe = field_validator("attendees", mode="after")(_no_duplicates)


class PracticePatch(Input):
    """Fields to change; anything left out stays. `attendees` replaces the list."""

    kind: PracticeKind | None = None
    started_on: Day | None = None
    owner: RecordId | None = None
    notes: str | None = Field(None, max_length=10_000)
    attendees: list[RecordId] | None = Field(None, max_length=MAX_ATTENDEES)
    version: Version | None = None

    check_not_null = field_validator(
        "kind", "started_on", "owner", "notes", "attendees", mode="before"
    )(reject_null)
    dedupe = field_validator("attendees", mode="after")(_no_duplicates)


class PracticeEndIn(Input):
    ended_on: Day = Field(description="Not before the start, not in the future")
    version: Version | None = None


class PracticeCheckOut(Schema):
    code: str
    message: str


class AttendeeOut(Schema):
    id: int
    name: str
    side: str
    level: str


class PracticeOut(Schema):
    id: int
    supplier_id: int
    kind: PracticeKind
    kind_label: str
    status: Literal["active", "ended"]
    started_on: dt.date
    ended_on: dt.date | None
    owner_id: int
    owner_name: str
    notes: str
    attendees: list[AttendeeOut]
    version: int
    rule: str = Field(description="When the practice works and when it backfires")
    refusals: list[PracticeCheckOut] = Field(
        description="Reasons the practice would be refused if saved now (e.g. the NDA expired)"
    )
    warnings: list[PracticeCheckOut]
    hints: list[PracticeCheckOut]


class AgreementIn(Input):
    kind: AgreementKind
    signed_on: Day = Field(description="Not in the future")
    expires_on: Day | None = Field(None, description="After signed_on; null: open-ended")
    reference: str = Field("", max_length=100)
    note: str = Field("", max_length=5000)


class AgreementOut(Schema):
    id: int
    supplier_id: int
    kind: AgreementKind
    kind_label: str
    signed_on: dt.date
    expires_on: dt.date | None
    reference: str
    note: str
    archived: bool
    on_record: bool = Field(description="Signed, not expired and not archived today")
    status: str = Field(description="on record, expired, not yet signed or archived (today)")
    version: int
