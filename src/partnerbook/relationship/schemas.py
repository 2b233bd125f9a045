"""API shapes of relationship signals. Inputs state the same limits as the models and the
forms; outputs carry the explanation behind every score (breakdown, findings, ledger lines)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, get_args

from ninja import Schema
from pydantic import Field, field_validator

from partnerbook.core.schema_types import (
    NUMBER_ONLY,
    Day,
    Input,
    Moment,
    RecordId,
    Version,
    Whole,
    reject_null,
)

from . import domain
from .models import HealthSnapshot, Interaction

ChannelValue = Literal[
    "meeting", "call", "email", "site_visit", "informal_checkin", "business_review", "workshop",
]  # fmt: skip
TagValue = Literal[
    "unsolicited_suggestion", "early_warning", "information_shared", "joint_improvement",
    "help_beyond_contract", "recognition_given", "request", "minor_dispute", "major_dispute",
    "escalation", "problem_hidden", "blame", "penalty_or_audit_finding",
]  # fmt: skip
SideValue = Literal["ours", "supplier"]
RequestSideValue = Literal["", "ours", "supplier"]
RequestKindValue = Literal["", "data", "flexibility", "concession"]
LightValue = Literal["", "green", "yellow", "red"]

assert set(get_args(ChannelValue)) == set(domain.CHANNELS)  # noqa: S101
assert set(get_args(TagValue)) == set(domain.TAGS)  # noqa: S101
assert set(get_args(RequestKindValue)) == {"", *domain.REQUEST_KINDS}  # noqa: S101

MAX_LINKS = 50
MAX_TAGS = 20


Count = Annotated[int, Field(ge=0, le=1000), NUMBER_ONLY]
Days = Annotated[int, Field(ge=1, le=3650), NUMBER_ONLY]
Weight = Annotated[int, Field(ge=-20, le=20), NUMBER_ONLY]
RecentDays = Annotated[int, Field(ge=14, le=3650), NUMBER_ONLY]
Significance = Annotated[float, Field(gt=0, lt=0.5, allow_inf_nan=False), NUMBER_ONLY]
Fraction = Annotated[float, Field(gt=0, lt=1, allow_inf_nan=False), NUMBER_ONLY]
ResponseRatio = Annotated[float, Field(gt=1, le=1000, allow_inf_nan=False), NUMBER_ONLY]
ToneDrop = Annotated[float, Field(ge=0, le=2, allow_inf_nan=False), NUMBER_ONLY]
UpTo100 = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False), NUMBER_ONLY]
Months = Annotated[int, Field(ge=1, le=240), NUMBER_ONLY]
TrustFall = Annotated[int, Field(ge=1, le=10_000), NUMBER_ONLY]
Score = Annotated[int, Field(ge=0, le=100), NUMBER_ONLY]
Hours = Annotated[float, Field(gt=0, le=8760, allow_inf_nan=False), NUMBER_ONLY]


def _no_duplicates(value: list[Any] | None) -> list[Any] | None:
    return None if value is None else list(dict.fromkeys(value))


# --- interactions -------------------------------------------------------------------------


class InteractionFilters(Schema):
    """Query parameters of a supplier's interaction list."""

    since: Day | None = Field(None, description="Occurred on or after this day")
    until: Day | None = Field(None, description="Occurred on or before this day")
    channel: ChannelValue | None = None
    tag: TagValue | None = Field(None, description="Only interactions with this signal tag")
    archived: bool = Field(False, description="True: the archived interactions instead")

    def apply(self, queryset: Any) -> Any:
        """Narrow `queryset`, newest first."""
        queryset = queryset.filter(archived=self.archived)
        if self.since is not None:
            queryset = queryset.filter(occurred_on__gte=self.since)
        if self.until is not None:
            queryset = queryset.filter(occurred_on__lte=self.until)
        if self.channel is not None:
            queryset = queryset.filter(channel=self.channel)
        if self.tag is not None:
            queryset = queryset.filter(signals__tag=self.tag)  # one signal per tag: no repeats
        return queryset.order_by("-occurred_on", "-pk")


class InteractionIn(Input):
    """A touchpoint. Quick entry needs only the day, channel and who started it."""

    occurred_on: Day = Field(description="Never in the future")
    channel: ChannelValue
    initiated_by: SideValue = Field(description="Who started the interaction")
    subject: str = Field("", max_length=200)
    notes: str = Field("", max_length=20_000, description="Their tone is measured")
    tags: list[TagValue] = Field(default_factory=list, max_length=MAX_TAGS)
    contacts: list[RecordId] = Field(
        default_factory=list, max_length=MAX_LINKS, description="Ids of this supplier's contacts"
    )
    participants: list[RecordId] = Field(
        default_factory=list, max_length=MAX_LINKS, description="Ids of colleagues who took part"
    )
    request_side: RequestSideValue = Field("", description="Who made a request, if anyone")
    request_kind: RequestKindValue = ""
    asked_at: Moment | None = Field(None, description="Default for a request: the day's start")
    answered_at: Moment | None = Field(None, description="Null while unanswered")

    dedupe = field_validator("tags", "contacts", "participants", mode="after")(_no_duplicates)


class InteractionPatch(Input):
    """Fields to change; anything left out stays as it is. Lists replace the current ones."""

    occurred_on: Day | None = None
    channel: ChannelValue | None = None
    initiated_by: SideValue | None = None
    subject: str | None = Field(None, max_length=200)
    notes: str | None = Field(None, max_length=20_000)
    tags: list[TagValue] | None = Field(None, max_length=MAX_TAGS)
    contacts: list[RecordId] | None = Field(None, max_length=MAX_LINKS)
    participants: list[RecordId] | None = Field(None, max_length=MAX_LINKS)
    request_side: RequestSideValue | None = None
    request_kind: RequestKindValue | None = None
    asked_at: Moment | None = Field(None, description="Null clears it")
    answered_at: Moment | None = Field(None, description="Null clears it")
    version: Version | None = None

    check_not_null = field_validator(
        "occurred_on", "channel", "initiated_by", "subject", "notes", "tags", "contacts",
        "participants", "request_side", "request_kind", mode="before",
    )(reject_null)  # fmt: skip
    dedupe = field_validator("tags", "contacts", "participants", mode="after")(_no_duplicates)


class InteractionOut(Schema):
    id: int
    supplier_id: int
    occurred_on: dt.date
    channel: ChannelValue
    initiated_by: SideValue
    subject: str
    notes: str
    tags: list[TagValue] = Field(description="Signal tag keys")
    contacts: list[int] = Field(description="Ids of the supplier's people who took part")
    participants: list[int] = Field(description="Ids of our people who took part")
    request_side: RequestSideValue
    request_kind: RequestKindValue
    asked_at: dt.datetime | None
    answered_at: dt.datetime | None
    response_hours: float | None = Field(description="Hours from request to answer")
    sentiment: float | None = Field(description="Tone of the notes, -1 (negative) to 1")
    formality: float | None = Field(description="0 (casual) to 100 (formal)")
    archived: bool
    version: int = Field(description="Send it back with a change to detect conflicting edits")

    @staticmethod
    def resolve_tags(obj: Interaction) -> list[str]:
        return sorted(s.tag for s in obj.signals.all())

    @staticmethod
    def resolve_contacts(obj: Interaction) -> list[int]:
        return sorted(c.pk for c in obj.contacts.all())

    @staticmethod
    def resolve_participants(obj: Interaction) -> list[int]:
        return sorted(u.pk for u in obj.participants.all())


# --- trust ledger -------------------------------------------------------------------------


class TrustEntryIn(Input):
    occurred_on: Day | None = Field(None, description="Default: today; never in the future")
    points: Whole = Field(ge=-50, le=50, description="Positive: a deposit; negative: a withdrawal")
    reason: str = Field(min_length=1, max_length=500)


class TrustEntryOut(Schema):
    id: int
    supplier_id: int
    occurred_on: dt.date
    points: int
    reason: str
    archived: bool
    created_by: str = Field(description="Username of who added it")
    created_at: dt.datetime

    @staticmethod
    def resolve_created_by(obj: Any) -> str:
        return str(obj.created_by.username)


class LedgerLineOut(Schema):
    day: dt.date
    points: int
    source: str = Field(description='The signal tag behind the points, or "manual"')
    label: str


class BalanceOut(Schema):
    day: dt.date
    balance: int = Field(description="The balance at the end of the day")


class LedgerOut(Schema):
    balance: int
    series: list[BalanceOut] = Field(description="The balance after each day, oldest first")
    lines: list[LedgerLineOut] = Field(description="The newest 200 lines, newest first")

    @staticmethod
    def resolve_series(obj: Any) -> list[dict[str, Any]]:
        return [{"day": day, "balance": balance} for day, balance in obj.series]


# --- health and signals -------------------------------------------------------------------


class ComponentOut(Schema):
    """One signal's part in the health score."""

    key: str
    label: str
    weight: float
    value: str = Field(description='The input, in words; "no data" when missing')
    subscore: float | None = Field(description="0–100; null when missing")
    points: float = Field(description="Points this part adds to the 0–100 score")


class FindingOut(Schema):
    """A signal that moved away from the supplier's own baseline."""

    signal: str
    label: str
    baseline: str
    recent: str
    confidence: float = Field(description="1 - p; 1 for rules that are not statistical")
    explanation: str
    severity: str


class TrendPointOut(Schema):
    day: dt.date
    score: int


class HealthOut(Schema):
    """The latest health snapshot; score null and empty lists until the first recompute."""

    supplier_id: int
    score: int | None = Field(description="0–100")
    light: LightValue
    change: int | None = Field(description="Against a snapshot 4 to 8 weeks older")
    confidence: float = Field(description="Share of the weight that had data, 0–1")
    as_of: dt.date | None
    breakdown: list[ComponentOut]
    findings: list[FindingOut]
    metrics: dict[str, Any]
    trend: list[TrendPointOut] = Field(description="The score over time, oldest first")


class PeriodOut(Schema):
    """One quarter's response times, reciprocity and tone."""

    period: str = Field(description='e.g. "2025-Q3"')
    our_requests: int
    their_median_hours: float | None = Field(description="How fast the supplier answered us")
    their_requests: int
    our_median_hours: float | None = Field(description="How fast we answered them")
    asks: int
    gives: int
    one_sided: bool
    tone: float | None
    formality: float | None
    notes: int


class UnansweredOut(Schema):
    interaction_id: int
    asked_at: dt.datetime
    request_side: SideValue
    request_kind: RequestKindValue
    subject: str

    @staticmethod
    def resolve_interaction_id(obj: Interaction) -> int:
        return int(obj.pk)


class SignalsOut(Schema):
    periods: list[PeriodOut] = Field(description="Newest quarter first")
    unanswered: list[UnansweredOut] = Field(description="Requests still waiting, oldest first")


class HealthFilters(Schema):
    sort: Literal["score", "-score", "change", "-change", "name"] = "score"
    light: LightValue = Field("", description='"": every light')


class HealthRowOut(Schema):
    supplier_id: int
    supplier_name: str
    score: int
    light: LightValue
    change: int | None
    as_of: dt.date
    findings: list[FindingOut]

    @staticmethod
    def resolve_supplier_name(obj: HealthSnapshot) -> str:
        return str(obj.supplier.name)


# --- settings and recompute ---------------------------------------------------------------


class SignalSettingsIn(Input):
    """Thresholds and weights to change; anything left out stays as it is. `tag_weights`
    replaces the stored weights; a tag left out of it has its default weight."""

    recent_days: RecentDays | None = None
    baseline_days: Days | None = None
    min_baseline_events: Count | None = None
    min_requests: Count | None = None
    min_notes: Count | None = None
    significance: Significance | None = None
    tolerated_ratio: Fraction | None = Field(
        None, description="A fall counts only beyond this share of the baseline rate"
    )
    rate_ratio: Fraction | None = None
    response_ratio: ResponseRatio | None = None
    tone_drop: ToneDrop | None = None
    formality_rise: UpTo100 | None = None
    owner_changes_limit: Count | None = None
    owner_changes_months: Months | None = None
    reciprocity_min_asks: Count | None = None
    reciprocity_ratio: UpTo100 | None = None
    trust_fall: TrustFall | None = None
    green_from: Score | None = None
    red_below: Score | None = None
    response_target_hours: Hours | None = None
    tag_weights: dict[TagValue, Weight] | None = Field(
        None, description="Signal tag -> trust points, -20 to 20 (replaces all weights)"
    )
    version: Version | None = None

    check_not_null = field_validator("*", mode="before")(reject_null)


class SignalSettingsOut(Schema):
    """Every threshold and weight of the trust, drift, tone and health checks."""

    recent_days: int
    baseline_days: int
    min_baseline_events: int
    min_requests: int
    min_notes: int
    significance: float
    tolerated_ratio: float
    rate_ratio: float
    response_ratio: float
    tone_drop: float
    formality_rise: float
    owner_changes_limit: int
    owner_changes_months: int
    reciprocity_min_asks: int
    reciprocity_ratio: float
    trust_fall: int
    green_from: int
    red_below: int
    response_target_hours: float
    tag_weights: dict[str, int] = Field(description="Every tag's weight, defaults included")
    version: int = Field(description="Send it back with a change to detect conflicting edits")

    @staticmethod
    def resolve_tag_weights(obj: Any) -> dict[str, int]:
        return {**domain.DEFAULT_WEIGHTS, **{k: int(v) for k, v in obj.tag_weights.items()}}


class RecomputeIn(Input):
    as_of: Day | None = Field(None, description="Default: today; never in the future")
    supplier_id: RecordId | None = Field(None, description="Only this supplier; default: all")


class RecomputeOut(Schema):
    as_of: dt.date
    suppliers: int = Field(description="Suppliers looked at")
    scored: int = Field(description="Suppliers with enough data for a score")
    findings: int
    alerts_raised: int
    seconds: float
