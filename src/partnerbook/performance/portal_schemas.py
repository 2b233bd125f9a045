"""What the portal shows a supplier's contact of performance and what they answer: their
KPI scorecard (figures, targets, thresholds, lights, and why) and their rating of us.
Field-level: reviewers, their comments and spreads, and every internal score have no field
here to travel in."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

from partnerbook.cadence.portal_schemas import PortalHealthCheckOut
from partnerbook.core.schema_types import Input
from partnerbook.segmentation.portal_schemas import PortalAlignmentOut, PortalExpectationOut

from .rating_schemas import CriterionValue, PartnerScoreValue
from .ratings import MAX_COMMENT
from .schemas import LightValue, StandingValue


class PortalKpiPeriodOut(Schema):
    label: str
    value: float | None
    value_text: str
    light: LightValue | None


class PortalKpiOut(Schema):
    """One KPI of your scorecard: the figure of the latest period, what it is measured
    against, its light and why."""

    key: str
    name: str
    unit: str
    direction: Literal["higher", "lower"]
    target: float
    yellow_threshold: float = Field(description="Worse than this: yellow")
    red_threshold: float = Field(description="Worse than this: red")
    value: float | None
    value_text: str
    light: LightValue | None
    why: str
    periods: list[PortalKpiPeriodOut] = Field(description="Oldest first, as `periods`")


class PortalPeriodOut(Schema):
    label: str
    start: dt.date
    overall: float | None = Field(description="The weighted overall score, 0-100")
    standing: StandingValue | None


class PortalCriterionOut(Schema):
    criterion: CriterionValue
    name: str
    score: int | None = Field(description="1 (poor) to 5 (excellent); None: not rated")
    comment: str


class PortalOurRatingOut(Schema):
    """How you rated us as a customer in one quarter."""

    quarter: str
    label: str
    score: float | None = Field(description="Your 1-5 ratings as 0-100")
    light: LightValue | None
    criteria: list[PortalCriterionOut]


class PortalScorecardOut(Schema):
    granularity: Literal["month", "quarter"]
    period: str = Field(description="The latest period shown")
    overall: float | None
    standing: StandingValue | None
    periods: list[PortalPeriodOut] = Field(description="Oldest first")
    kpis: list[PortalKpiOut]
    your_ratings_of_us: list[PortalOurRatingOut] = Field(description="Newest quarter first")


class PortalScoreIn(Input):
    score: PartnerScoreValue = Field(description="1 (poor) to 5 (excellent)")
    comment: str = Field("", max_length=MAX_COMMENT)


class PortalRatingIn(Input):
    """Your rating of us as a customer for the quarter: every criterion, 1-5."""

    ratings: dict[CriterionValue, PortalScoreIn] = Field(min_length=1)


class PortalRatingSurveyOut(Schema):
    quarter: str
    label: str
    open: bool
    answered: bool
    criteria: list[PortalCriterionOut]


class PortalScorecardFilters(Schema):
    granularity: Literal["month", "quarter"] = "month"


class PortalPendingOut(Schema):
    key: str = Field(description="rating, expectation, alignment or health_check_<id>")
    title: str
    detail: str
    anchor: str


class PortalSurveysOut(Schema):
    """Everything that waits for your answer, with the answers you gave so far."""

    pending: list[PortalPendingOut]
    rating: PortalRatingSurveyOut
    expectation: PortalExpectationOut
    alignment: PortalAlignmentOut
    health_checks: list[PortalHealthCheckOut]
