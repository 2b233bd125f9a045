"""API shapes of quarterly business reviews. Inputs state the same limits as the forms and
the service; a review comes back with its frozen scorecard and its action items."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import Field, field_validator

from partnerbook.actions.schemas import ActionItemOut
from partnerbook.core.schema_types import Day, Input, RecordId, Version, reject_null
from partnerbook.performance.schemas import (
    GranularityValue,
    LightValue,
    StandingValue,
    TrendValue,
)

from . import domain

QuadrantValue = Literal["strategic", "operational", "opportunistic", "avoid"]
Point = Annotated[str, Field(min_length=1, max_length=domain.POINT_LENGTH)]
Comment = Annotated[str, Field(max_length=5000)]
QuarterText = Annotated[
    str, Field(pattern=domain.QUARTER_PATTERN, description="The quarter, e.g. 2026-Q1")
]


class ReviewActionIn(Input):
    """An action the review raises: what, one owner (ours or theirs) and a due day."""

    title: str = Field(min_length=1, max_length=200)
    detail: str = Field("", max_length=5000)
    owner_id: RecordId | None = Field(None, description="Id of a colleague")
    owner_contact_id: RecordId | None = Field(
        None, description="Id of a contact on the supplier's side"
    )
    due_on: Day | None = Field(None, description="On or after the day the review was held")


class ReviewIn(Input):
    """A new review. `mitigation` is required (at least one action) when the supplier's
    risk rose since the previous review; see the re-check in the answer."""

    quarter: QuarterText
    held_on: Day = Field(description="From the quarter's first day up to today")
    our_comments: Comment = ""
    supplier_comments: Comment = Field("", description="What the supplier said")
    decisions: list[Point] = Field(default_factory=list, max_length=domain.MAX_POINTS)
    successes: list[Point] = Field(default_factory=list, max_length=domain.MAX_POINTS)
    contact_ids: list[RecordId] = Field(
        default_factory=list, max_length=50, description="Contacts of this supplier who took part"
    )
    actions: list[ReviewActionIn] = Field(default_factory=list, max_length=domain.MAX_ACTIONS)
    mitigation: list[ReviewActionIn] = Field(default_factory=list, max_length=domain.MAX_ACTIONS)


class ReviewPatch(Input):
    """Fields to change; anything left out stays. The quarter, the frozen scorecard and the
    re-check never change. `actions` and `mitigation` add action items."""

    held_on: Day | None = None
    our_comments: Comment | None = None
    supplier_comments: Comment | None = None
    decisions: list[Point] | None = Field(None, max_length=domain.MAX_POINTS)
    successes: list[Point] | None = Field(None, max_length=domain.MAX_POINTS)
    contact_ids: list[RecordId] | None = Field(None, max_length=50)
    actions: list[ReviewActionIn] = Field(default_factory=list, max_length=domain.MAX_ACTIONS)
    mitigation: list[ReviewActionIn] = Field(default_factory=list, max_length=domain.MAX_ACTIONS)
    version: Version | None = None

    check_not_null = field_validator(
        "held_on", "our_comments", "supplier_comments", "decisions", "successes", "contact_ids",
        mode="before",
    )(reject_null)  # fmt: skip


class ReviewFilters(Schema):
    archived: bool = Field(False, description="True: archived reviews too")


class ExportFilters(Schema):
    format: Literal["csv", "xlsx"] = "csv"
    archived: bool = Field(False, description="True: archived reviews too")


class FrozenKpiOut(Schema):
    key: str
    name: str
    unit: str
    value: float | None = Field(description="None: no data for the quarter")
    display: str = Field(description="The value with its unit, as the pages show it")
    light: LightValue | None
    score: float | None
    weight_share: float | None
    points: float | None
    previous: float | None
    trend: TrendValue | None
    explanation: str


class CriterionOut(Schema):
    key: str
    name: str
    score: int | None = Field(description="1-5; None: not rated")


class CustomerScoreOut(Schema):
    label: str
    score: float | None = Field(description="0-100")
    light: LightValue | None
    explanation: str
    criteria: list[CriterionOut]


class FrozenScorecardOut(Schema):
    """The quarter's scorecard as it was when the review was recorded."""

    label: str
    start: dt.date
    granularity: GranularityValue
    overall: float | None = Field(description="None: no KPI had data")
    standing: StandingValue | None
    overall_trend: TrendValue | None
    previous_overall: float | None
    no_data: list[str]
    guard: str | None
    complete: bool = Field(description="False: the quarter was not over when it was frozen")
    frozen_at: dt.datetime
    kpis: list[FrozenKpiOut]
    customer: CustomerScoreOut | None = Field(description="How the supplier rated us")


class RecheckOut(Schema):
    first_review: bool = Field(description="True: 'before' is the assessment at this review")
    previous_review_id: int | None
    quadrant_before: QuadrantValue | None
    risk_before: float | None
    quadrant_after: QuadrantValue | None
    risk_after: float | None
    quadrant_changed: bool
    risk_rose: bool
    summary: str


class ReviewSummaryOut(Schema):
    id: int
    supplier_id: int
    quarter: str = Field(description="e.g. 2026-Q1")
    period_start: dt.date
    held_on: dt.date
    overall: float | None
    standing: StandingValue | None
    quadrant_before: QuadrantValue | None
    quadrant_after: QuadrantValue | None
    quadrant_changed: bool
    risk_rose: bool
    archived: bool
    version: int = Field(description="Send it back with a change to detect conflicting edits")

    @staticmethod
    def resolve_quarter(obj: Any) -> str:
        return str(obj.quarter_key)

    @staticmethod
    def resolve_period_start(obj: Any) -> dt.date:
        period: dt.date = obj.period
        return period

    @staticmethod
    def resolve_quadrant_before(obj: Any) -> str | None:
        return obj.quadrant_before or None

    @staticmethod
    def resolve_quadrant_after(obj: Any) -> str | None:
        return obj.quadrant_after or None


class ReviewOut(ReviewSummaryOut):
    our_comments: str
    supplier_comments: str
    decisions: list[str]
    successes: list[str]
    scorecard: FrozenScorecardOut
    recheck: RecheckOut
    interaction_id: int | None = Field(description="The business-review interaction")
    contact_ids: list[int]
    actions: list[ActionItemOut]
    mitigation: list[ActionItemOut]
    created_by: str
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_recheck(obj: Any) -> dict[str, Any]:
        check = obj.recheck
        return {
            "first_review": obj.first_review, "previous_review_id": obj.previous_id,
            "quadrant_before": obj.quadrant_before or None, "risk_before": obj.risk_before,
            "quadrant_after": obj.quadrant_after or None, "risk_after": obj.risk_after,
            "quadrant_changed": obj.quadrant_changed, "risk_rose": obj.risk_rose,
            "summary": check.summary,
        }  # fmt: skip

    @staticmethod
    def resolve_created_by(obj: Any) -> str:
        return str(obj.created_by.display_name) if obj.created_by else ""
