"""API shapes of collaboration practices and agreements. Inputs state the same limits as the
models and forms; each practice comes out with its context checks and their reasons."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, get_args

from ninja import Schema
from pydantic import Field, field_validator

from partnerbook.core.schema_types import (
    NUMBER_ONLY,
    Day,
    Input,
    RecordId,
    Version,
    reject_null,
)

from . import domain

PracticeKind = Literal[
    "joint_problem_solving", "embedded_engineer", "roadmap_sharing", "shared_risk_reward",
    "informal_checkins", "site_visits",
]  # fmt: skip
AgreementKind = Literal["mutual_nda", "one_way_nda", "supply", "framework", "other"]
AgreementTemplate = Literal["transactional", "collaborative", "strategic"]

assert set(get_args(PracticeKind)) == set(domain.PRACTICE_KINDS)  # noqa: S101
assert set(get_args(AgreementKind)) == set(domain.AGREEMENT_KINDS)  # noqa: S101
assert set(get_args(AgreementTemplate)) == set(domain.TEMPLATES)  # noqa: S101

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


MAX_TEXT = 5000


class AgreementEscalationLevelIn(Input):
    """One level of an escalation path."""

    level: Annotated[int, Field(ge=1, le=domain.MAX_ESCALATION_LEVELS), NUMBER_ONLY]
    who: str = Field(min_length=1, max_length=200, description="Who settles an issue here")
    time_box_days: Annotated[int, Field(ge=1, le=domain.MAX_TIME_BOX_DAYS), NUMBER_ONLY]


class AgreementEscalationLevelOut(Schema):
    level: int
    who: str
    time_box_days: int


Notice = Annotated[int, Field(ge=0, le=domain.MAX_NOTICE_DAYS), NUMBER_ONLY]
Section = Annotated[str, Field(max_length=MAX_TEXT)]


class AgreementIn(Input):
    """An agreement to record. A contract (not an NDA) must fill the sections its template
    requires; a supply agreement needs a template."""

    kind: AgreementKind
    template: AgreementTemplate | None = Field(None, description="Not used for NDAs")
    signed_on: Day = Field(description="Not in the future")
    starts_on: Day | None = None
    expires_on: Day | None = Field(None, description="After signed_on; null: open-ended")
    renewal_notice_days: Notice | None = Field(None, description="Needs expires_on")
    reference: str = Field("", max_length=100)
    note: str = Field("", max_length=MAX_TEXT)
    scope: Section = ""
    deliverables: Section = ""
    payment_terms: Section = ""
    pricing_model: Section = ""
    service_levels: Section = ""
    performance_guarantees: Section = ""
    escalation_path: list[AgreementEscalationLevelIn] = Field(
        default_factory=list,
        max_length=domain.MAX_ESCALATION_LEVELS,
        description="Levels numbered 1, 2, 3... in order",
    )
    dispute_resolution: Section = ""
    termination: Section = ""
    ip_terms: Section = ""
    joint_investment: Section = ""
    gain_sharing: Section = ""
    legal_reviewed_on: Day | None = Field(None, description="Not in the future")
    legal_reviewer: str = Field("", max_length=200)


class AgreementPatch(Input):
    """Fields to change; anything left out stays. `escalation_path` replaces the list."""

    kind: AgreementKind | None = None
    template: AgreementTemplate | None = None
    signed_on: Day | None = None
    starts_on: Day | None = None
    expires_on: Day | None = None
    renewal_notice_days: Notice | None = None
    reference: str | None = Field(None, max_length=100)
    note: str | None = Field(None, max_length=MAX_TEXT)
    scope: Section | None = None
    deliverables: Section | None = None
    payment_terms: Section | None = None
    pricing_model: Section | None = None
    service_levels: Section | None = None
    performance_guarantees: Section | None = None
    escalation_path: list[AgreementEscalationLevelIn] | None = Field(
        None, max_length=domain.MAX_ESCALATION_LEVELS
    )
    dispute_resolution: Section | None = None
    termination: Section | None = None
    ip_terms: Section | None = None
    joint_investment: Section | None = None
    gain_sharing: Section | None = None
    legal_reviewed_on: Day | None = None
    legal_reviewer: str | None = Field(None, max_length=200)
    version: Version | None = None

    check_not_null = field_validator("kind", "signed_on", mode="before")(reject_null)


class AgreementRenewalOut(Schema):
    state: str
    label: str
    notice_on: dt.date | None = Field(description="expires_on less the notice period")
    days_left: int | None = Field(description="Days until the notice date; negative: passed")
    alert: bool = Field(description="Whether the renewal alert is due today")
    reason: str


class AgreementOut(Schema):
    id: int
    supplier_id: int
    kind: AgreementKind
    kind_label: str
    template: str
    suggested_template: str
    signed_on: dt.date
    starts_on: dt.date | None
    expires_on: dt.date | None
    renewal_notice_days: int | None
    reference: str
    note: str
    scope: str
    deliverables: str
    payment_terms: str
    pricing_model: str
    service_levels: str
    performance_guarantees: str
    escalation_path: list[AgreementEscalationLevelOut]
    dispute_resolution: str
    termination: str
    ip_terms: str
    joint_investment: str
    gain_sharing: str
    required_sections: list[str] = Field(description="What the template requires")
    legal_reviewed_on: dt.date | None
    legal_reviewer: str
    archived: bool
    on_record: bool = Field(description="Signed, not expired and not archived today")
    status: str = Field(description="on record, expired, not yet signed or archived (today)")
    renewal: AgreementRenewalOut
    version: int


# --- the supplier portal ----------------------------------------------------------------------
# Field-level: the agreement's own terms and dates, the escalation path and the meeting
# rhythm. Our internal note, the legal review and the template suggestion stay internal.


class PortalEscalationLevelOut(Schema):
    level: int
    who: str = Field(description="Who settles an issue at this level")
    time_box_days: int = Field(description="Days this level has to settle it")


class PortalTermOut(Schema):
    key: str
    label: str
    text: str


class PortalAgreementOut(Schema):
    """One of your company's agreements with us."""

    id: int
    kind: str
    title: str
    status: str = Field(description="on record, not yet signed, expired")
    signed_on: dt.date
    starts_on: dt.date
    expires_on: dt.date | None
    renewal_notice_days: int | None
    notice_on: dt.date | None = Field(description="The last day to renew or give notice")
    renewal: str = Field(description="Where it stands towards renewal, in words")
    escalation_path: list[PortalEscalationLevelOut]
    terms: list[PortalTermOut] = Field(description="The sections the agreement fills")


class PortalReviewRhythmOut(Schema):
    meeting: str
    every_days: int


class PortalAgreementSummaryOut(Schema):
    """Your agreements with us, and the rhythm of meetings we keep."""

    agreements: list[PortalAgreementOut]
    review_rhythm: list[PortalReviewRhythmOut]
