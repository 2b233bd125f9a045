"""API shapes of supplier performance. Inputs state the same limits as the models and the
forms; scorecards carry the explanation line of every KPI."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, get_args

from ninja import Schema
from pydantic import Field, field_validator

from partnerbook.core.schema_types import NUMBER_ONLY, Day, Input, RecordId, Version, reject_null

from . import domain

MONTH_PATTERN = r"^(19|20)[0-9]{2}-(0[1-9]|1[0-2])$"
KEY_PATTERN = r"^[a-z][a-z0-9_]*$"
GranularityValue = Literal["month", "quarter"]
LightValue = Literal["green", "yellow", "red"]
TrendValue = Literal["better", "worse", "same"]
StandingValue = Literal["excellent", "good", "watch", "poor"]
KindValue = Literal[
    "on_time", "in_full", "acceptance", "defect_ppm", "cost_variance", "responsiveness",
    "innovation", "custom", "judgement", "suggestions",
]  # fmt: skip
DirectionValue = Literal["higher", "lower"]

assert set(get_args(KindValue)) == set(domain.KINDS)  # noqa: S101
assert set(get_args(StandingValue)) == set(domain.STANDINGS)  # noqa: S101

Quantity = Annotated[float, Field(ge=0, le=99_999_999_999, allow_inf_nan=False), NUMBER_ONLY]
MeasuredValue = Annotated[float, Field(ge=-1e12, le=1e12, allow_inf_nan=False), NUMBER_ONLY]


def month_of(text: str | None) -> dt.date | None:
    """The first day of a 'YYYY-MM' month (the pattern was checked already)."""
    if not text:
        return None
    year, month = text.split("-")
    return dt.date(int(year), int(month), 1)


class ScorecardFilters(Schema):
    period: str | None = Field(
        None, pattern=MONTH_PATTERN, description="A month (YYYY-MM) in the period; default: now"
    )
    granularity: GranularityValue = "month"


class KpiResultOut(Schema):
    key: str
    name: str
    unit: str
    value: float | None = Field(description="None: no data for the period")
    light: LightValue | None
    score: float | None = Field(description="0-100: 100 at target, 0 at the red threshold")
    weight_share: float | None = Field(description="% of the overall score's weight")
    points: float | None
    previous: float | None
    trend: TrendValue | None
    explanation: str
    baseline: float | None = Field(
        description="The KPI's value over the 12 months before it was defined for the "
        "supplier (None: no data then, or not measured yet)"
    )
    baseline_basis: str = Field(description="What the baseline was measured from")


class ScorecardPeriodOut(Schema):
    label: str
    start: dt.date
    overall: float | None
    standing: StandingValue | None
    values: dict[str, float | None]


class ScorecardOut(Schema):
    supplier_id: int
    granularity: GranularityValue
    period: str
    period_start: dt.date
    overall: float | None = Field(description="None: no KPI has data for the period")
    standing: StandingValue | None
    overall_trend: TrendValue | None
    no_data: list[str]
    guard: str | None = Field(description="The warning when there are too many core KPIs")
    kpis: list[KpiResultOut]
    trailing: list[ScorecardPeriodOut]


class DeliveryIn(Input):
    po_line_id: str = Field(min_length=1, max_length=100)
    ordered_on: Day
    promised_on: Day
    promised_qty: Quantity
    received_on: Day | None = None
    received_qty: Quantity = 0
    rejected_qty: Quantity = 0


class DeliveryOut(Schema):
    id: int
    po_line_id: str
    supplier_id: int
    ordered_on: dt.date
    promised_on: dt.date
    promised_qty: float
    received_on: dt.date | None
    received_qty: float
    rejected_qty: float
    version: int


class MeasurementIn(Input):
    kpi: str = Field(min_length=1, max_length=40, pattern=KEY_PATTERN)
    period: str = Field(pattern=MONTH_PATTERN, description="The month measured, YYYY-MM")
    value: MeasuredValue
    version: Version | None = None


class MeasurementOut(Schema):
    id: int
    supplier_id: int
    kpi: str = Field(alias="kpi_key")
    period: dt.date
    value: float
    entered_by_id: int | None
    version: int


class KpiOut(Schema):
    id: int
    key: str
    name: str
    kind: KindValue
    direction: DirectionValue
    unit: str
    target: float
    yellow_threshold: float
    red_threshold: float
    weight: float
    core: bool
    category_id: int | None
    supplier_id: int | None
    version: int


Threshold = Annotated[float, Field(ge=-1e12, le=1e12, allow_inf_nan=False), NUMBER_ONLY]
KpiWeight = Annotated[float, Field(ge=0, le=1000, allow_inf_nan=False), NUMBER_ONLY]


class KpiIn(Input):
    """A KPI definition: the default (no category, no supplier), a category's, or one
    supplier's override."""

    key: str = Field(min_length=1, max_length=40, pattern=KEY_PATTERN)
    name: str = Field(min_length=1, max_length=100)
    kind: KindValue
    direction: DirectionValue
    unit: str = Field("", max_length=20)
    target: Threshold
    yellow_threshold: Threshold
    red_threshold: Threshold
    weight: KpiWeight = 1
    core: bool = True
    category_id: RecordId | None = None
    supplier_id: RecordId | None = None


class KpiChange(Input):
    """The fields of a KPI definition to change; the others stay as they are."""

    name: str | None = Field(None, min_length=1, max_length=100)
    direction: DirectionValue | None = None
    unit: str | None = Field(None, max_length=20)
    target: Threshold | None = None
    yellow_threshold: Threshold | None = None
    red_threshold: Threshold | None = None
    weight: KpiWeight | None = None
    core: bool | None = None
    version: Version | None = None

    check_not_null = field_validator("*", mode="before")(reject_null)
