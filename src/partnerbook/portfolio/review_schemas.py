"""API shapes of the portfolio review (rounds, decisions with their suggestions, the guard),
the getting-started plan and the review's settings. Inputs state the services' limits."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field, field_validator

from partnerbook.core.schema_types import NUMBER_ONLY, Input, RecordId, Version, reject_null

from . import domain

DecisionValue = Literal["invest", "maintain", "phase_out"]
ScopeValue = Literal["all", "category", "owner", "suppliers"]

assert set(DecisionValue.__args__) == set(domain.DECISIONS)  # type: ignore[attr-defined]  # noqa: S101
assert set(ScopeValue.__args__) == set(domain.SCOPES)  # type: ignore[attr-defined]  # noqa: S101


class ReviewScopeIn(Input):
    kind: ScopeValue = Field(description="all, category, owner or suppliers")
    category: RecordId | None = Field(None, description="Category id, for kind=category")
    owner: RecordId | None = Field(None, description="Relationship owner's user id, kind=owner")
    suppliers: list[RecordId] = Field(
        default_factory=list, max_length=domain.MAX_PICKED, description="For kind=suppliers"
    )


class ReviewRoundIn(Input):
    """A new review round over a scope; every current supplier in it gets a suggestion."""

    title: str = Field(min_length=1, max_length=domain.MAX_TITLE)
    scope: ReviewScopeIn
    note: str = Field("", max_length=domain.MAX_NOTE)


class ReviewDecisionIn(Input):
    decision: DecisionValue
    reason: str = Field(min_length=1, max_length=domain.MAX_REASON, description="Required")


class ReviewCloseIn(Input):
    note: str = Field("", max_length=domain.MAX_NOTE, description="Replaces the round's note")


class ReviewReasonOut(Schema):
    input: str
    label: str
    finding: str
    points: int
    missing: bool


class ReviewDecisionOut(Schema):
    supplier_id: int
    supplier_name: str
    category: str | None
    owner: str | None
    quadrant: str | None = Field(description="Effective quadrant when the round started")
    engagement_model: str | None = Field(
        description="Chosen engagement model (else the recommended one) when the round started"
    )
    suggestion: DecisionValue
    suggestion_points: int
    suggestion_reasons: list[ReviewReasonOut] = Field(description="What each input contributed")
    suggestion_explanation: str
    decision: DecisionValue | None
    reason: str
    decided_by: str | None
    decided_at: dt.datetime | None
    overridden: bool = Field(description="Decided otherwise than suggested")
    strategic_partner: str | None = Field(
        description="Why the guard counts it as a strategic partner (null: it does not)"
    )


class ReviewGuardWarningOut(Schema):
    who: str
    count: int
    limit: int
    suppliers: list[str]
    message: str


class ReviewGuardOut(Schema):
    total: int
    per_owner: dict[str, int]
    owner_limit: int
    team_limit: int
    warnings: list[ReviewGuardWarningOut]
    explanation: str


class ReviewCountsOut(Schema):
    invest: int
    maintain: int
    phase_out: int


class ReviewRoundOut(Schema):
    id: int
    title: str
    scope_kind: ScopeValue
    scope_label: str
    scope_category_id: int | None
    scope_owner_id: int | None
    status: Literal["open", "closed"]
    started_by: str
    started_at: dt.datetime
    closed_by: str | None
    closed_at: dt.datetime | None
    note: str
    total: int
    decided: int
    counts: ReviewCountsOut
    progress: str


class ReviewRoundDetailOut(ReviewRoundOut):
    guard: ReviewGuardOut
    decisions: list[ReviewDecisionOut]


class GettingStartedItemOut(Schema):
    key: str
    title: str
    ok: bool
    evidence: str
    url: str


class GettingStartedWeekOut(Schema):
    week: int
    title: str
    done: bool
    items: list[GettingStartedItemOut]


class GettingStartedOut(Schema):
    weeks: list[GettingStartedWeekOut]
    next: str | None = Field(description="Key of the first item not done yet")


class PortfolioSettingsOut(Schema):
    owner_limit: int
    team_limit: int
    version: int


LimitValue = Annotated[int, Field(ge=domain.MIN_LIMIT, le=domain.MAX_LIMIT), NUMBER_ONLY]


class PortfolioSettingsIn(Input):
    """Anything left out stays as it is."""

    owner_limit: LimitValue | None = Field(None, description="Per relationship owner")
    team_limit: LimitValue | None = Field(None, description="For the whole team")
    version: Version | None = None

    check_not_null = field_validator("owner_limit", "team_limit", "version", mode="before")(
        reject_null
    )


class ReviewExportQuery(Schema):
    format: Literal["csv", "xlsx"] = "xlsx"
