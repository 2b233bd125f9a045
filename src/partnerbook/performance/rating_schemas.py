"""API shapes of reviewers' scores and the mutual scorecard. Inputs state the same limits as
the models, the forms and the imports."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, get_args

from ninja import Schema
from pydantic import Field

from partnerbook.core.schema_types import NUMBER_ONLY, Input, Version

from . import domain
from .ratings import MAX_COMMENT
from .schemas import KEY_PATTERN, MONTH_PATTERN, LightValue, StandingValue

QUARTER_PATTERN = r"^(19|20)[0-9]{2}-Q[1-4]$"
CriterionValue = Literal[
    "payment_on_time", "forecast_accuracy", "spec_clarity", "responsiveness", "fairness"
]  # fmt: skip
ExportFormat = Literal["csv", "xlsx"]

assert list(get_args(CriterionValue)) == list(domain.CUSTOMER_CRITERIA)  # noqa: S101

ReviewerScore = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False), NUMBER_ONLY]
PartnerScoreValue = Annotated[int, Field(ge=1, le=5), NUMBER_ONLY]


def quarter_of(text: str) -> dt.date:
    """The first day of a 'YYYY-Qn' quarter (the pattern was checked already)."""
    return domain.parse_quarter(text)


# --- reviewers' scores ----------------------------------------------------------------------


class RatingFilters(Schema):
    kpi: str | None = Field(None, max_length=40, pattern=KEY_PATTERN, description="A KPI key")
    period: str | None = Field(None, pattern=MONTH_PATTERN, description="A month, YYYY-MM")


class RatingExportFilters(RatingFilters):
    format: ExportFormat = "csv"


class RatingIn(Input):
    """Your score of one of the supplier's judgement KPIs for one month."""

    kpi: str = Field(min_length=1, max_length=40, pattern=KEY_PATTERN)
    period: str = Field(pattern=MONTH_PATTERN, description="The month scored, YYYY-MM")
    score: ReviewerScore = Field(description="0 to 100")
    comment: str = Field("", max_length=MAX_COMMENT)
    version: Version | None = None


class RatingOut(Schema):
    id: int
    supplier_id: int
    kpi: str = Field(alias="kpi_key")
    period: dt.date = Field(description="The first day of the month scored")
    rater_id: int
    rater: str = Field(description="The reviewer's username")
    score: float
    comment: str
    version: int
    updated_at: dt.datetime

    @staticmethod
    def resolve_rater(obj: object) -> str:
        return str(obj.rater.username)  # type: ignore[attr-defined]


class RatingPanelFilters(Schema):
    period: str | None = Field(
        None, pattern=MONTH_PATTERN, description="A month (YYYY-MM) in the period; default: now"
    )
    granularity: Literal["month", "quarter"] = "month"


class RatingReviewerOut(Schema):
    id: int
    username: str
    name: str


class RatingPanelScoreOut(Schema):
    reviewer: RatingReviewerOut
    period: dt.date
    score: float
    comment: str
    version: int


class JudgementPanelOut(Schema):
    kpi: str
    name: str
    period: str
    median: float | None = Field(description="The KPI's value on the scorecard; None: no score")
    spread: float | None = Field(description="Highest minus lowest; None with under two scores")
    count: int
    scores: list[RatingPanelScoreOut]
    not_scored: list[RatingReviewerOut] = Field(
        description="Expected reviewers without a score yet"
    )
    explanation: str


# --- the mutual scorecard -------------------------------------------------------------------


class MutualFilters(Schema):
    quarter: str | None = Field(
        None, pattern=QUARTER_PATTERN, description="The newest quarter, YYYY-Qn; default: now"
    )
    quarters: int = Field(4, ge=1, le=20, description="How many quarters, newest first")


class MutualExportFilters(MutualFilters):
    format: ExportFormat = "csv"


class PartnerCriterionOut(Schema):
    criterion: CriterionValue
    name: str
    score: int | None = Field(description="1 (poor) to 5 (excellent); None: not rated")
    comment: str
    version: int | None
    source: Literal["owner", "portal"] | None
    entered_by_id: int | None


class MutualQuarterOut(Schema):
    quarter: str = Field(description="YYYY-Qn")
    start: dt.date
    our_overall: float | None = Field(description="Our overall score of the supplier (0-100)")
    our_standing: StandingValue | None
    their_score: float | None = Field(description="Their rating of us as 0-100; never merged")
    their_light: LightValue | None
    explanation: str
    line: str
    criteria: list[PartnerCriterionOut]


class MutualScorecardOut(Schema):
    supplier_id: int
    quarters: list[MutualQuarterOut]


class PartnerScoreIn(Input):
    score: PartnerScoreValue = Field(description="1 (poor) to 5 (excellent)")
    comment: str = Field("", max_length=MAX_COMMENT)
    version: Version | None = None


class MutualIn(Input):
    """How the supplier rated us in one quarter, for any of the criteria (the others keep
    their stored rating)."""

    quarter: str = Field(pattern=QUARTER_PATTERN, description="YYYY-Qn")
    ratings: dict[CriterionValue, PartnerScoreIn] = Field(min_length=1)
