"""API shapes of partnership economics: settings, time logs, benefits, extra costs, ROI and
TCO (each with its explanation), gain-share agreements, savings, payouts and ledgers. Inputs
state the same limits as the services."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import BeforeValidator, Field, StrictBool, WithJsonSchema, field_validator
from pydantic_core import PydanticCustomError

from partnerbook.core.schema_types import (
    CurrencyCode,
    Day,
    Input,
    Money,
    QueryId,
    Version,
    reject_null,
)

from . import domain

Activity = Literal[
    "joint_project", "meeting_preparation", "problem_solving", "travel", "negotiation",
    "vetting", "onboarding", "administration", "other",
]  # fmt: skip
BenefitKind = Literal[
    "expediting_avoided", "volume_discount", "rework_avoided", "revenue_enabled", "other"
]
CostKind = Literal[
    "logistics", "quality_rework", "inventory", "administration", "switching", "other"
]
PeriodKind = Literal["month", "quarter", "year"]
Sort = Literal[
    "name", "-name", "hours", "-hours", "cost", "-cost", "benefits", "-benefits", "net", "-net",
    "roi", "-roi",
]  # fmt: skip
Year = Annotated[int, Field(ge=1990, le=2200)]


def _checker(pattern: str, description: str) -> BeforeValidator:
    def check(value: Any) -> Any:
        if isinstance(value, bool):
            raise PydanticCustomError("decimal_type", 'Give a number as text, e.g. "12.5".')
        if isinstance(value, float):
            if not value.is_integer():
                raise PydanticCustomError(
                    "decimal_text", 'Give a number with decimals as text, e.g. "12.5".'
                )
            return int(value)
        if isinstance(value, str) and not re.fullmatch(pattern, value):
            raise PydanticCustomError("decimal_format", description)
        return value

    return BeforeValidator(check)


def _json(pattern: str, lowest: int, highest: int, description: str) -> WithJsonSchema:
    return WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": lowest, "maximum": highest},
                {"type": "string", "pattern": pattern},
            ],
            "description": description,
        }
    )


HOURS_RE = r"^(0\.(0[1-9]|[1-9][0-9]?)|([1-9]|1[0-9]|2[0-3])(\.[0-9]{1,2})?|24(\.0{1,2})?)$"
HOURS_HELP = 'Hours from 0.01 to 24, e.g. "1.5"'
Hours = Annotated[
    Decimal, Field(ge=Decimal("0.01"), le=24), _checker(HOURS_RE, HOURS_HELP),
    _json(HOURS_RE, 1, 24, HOURS_HELP),
]  # fmt: skip
STD_RE = r"^[0-9]{1,3}(\.[0-9]{1,2})?$"
STD_HELP = 'Hours from 0 to 999.99, e.g. "0.5"'
StandardHours = Annotated[
    Decimal, Field(ge=0, le=Decimal("999.99")), _checker(STD_RE, STD_HELP),
    _json(STD_RE, 0, 999, STD_HELP),
]  # fmt: skip
PCT_RE = r"^(100(\.0{1,2})?|[0-9]{1,2}(\.[0-9]{1,2})?)$"
PCT_HELP = 'A percentage from 0 to 100 with up to two decimals, e.g. "40"'
Percent = Annotated[
    Decimal, Field(ge=0, le=100), _checker(PCT_RE, PCT_HELP), _json(PCT_RE, 0, 100, PCT_HELP)
]
SIGNED_MAX = Decimal("999999999999.99")
SIGNED_RE = r"^-?[0-9]{1,12}(\.[0-9]{1,2})?$"
SIGNED_HELP = 'A saving (positive) or an overrun (negative), up to two decimals, e.g. "-250.00"'
SignedMoney = Annotated[
    Decimal, Field(ge=-SIGNED_MAX, le=SIGNED_MAX), _checker(SIGNED_RE, SIGNED_HELP),
    _json(SIGNED_RE, -999_999_999_999, 999_999_999_999, SIGNED_HELP),
]  # fmt: skip
POSITIVE_RE = r"^(0\.(0[1-9]|[1-9][0-9]?)|[1-9][0-9]{0,11}(\.[0-9]{1,2})?)$"
POSITIVE_HELP = 'An amount above zero with up to two decimals, e.g. "1234.56"'
PositiveMoney = Annotated[
    Decimal, Field(ge=Decimal("0.01"), le=SIGNED_MAX), _checker(POSITIVE_RE, POSITIVE_HELP),
    _json(POSITIVE_RE, 1, 999_999_999_999, POSITIVE_HELP),
]  # fmt: skip
Text = Field("", max_length=domain.MAX_TEXT)
Reference = Field("", max_length=100)


# --- inputs ---------------------------------------------------------------------------------


class RoiWindowQuery(Schema):
    year: Year | None = Field(None, description="A calendar year; default the last 12 months")


class RoiPortfolioQuery(RoiWindowQuery):
    sort: Sort = Field("-net", description="A column, '-' for descending")
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10_000_000)


class TcoQuery(Schema):
    category: QueryId = Field(description="Category id")
    year: Year | None = Field(None, description="Default this year")


class StatementRangeQuery(Schema):
    start: dt.date | None = Field(None, description="First period shown")
    end: dt.date | None = Field(None, description="Last period shown")


class EconomicsSettingsIn(Input):
    """Fields to change; anything left out stays."""

    hourly_cost: Money | None = None
    hours_meeting: StandardHours | None = None
    hours_call: StandardHours | None = None
    hours_email: StandardHours | None = None
    hours_site_visit: StandardHours | None = None
    hours_informal_checkin: StandardHours | None = None
    hours_business_review_meeting: StandardHours | None = None
    hours_workshop: StandardHours | None = None
    hours_business_review: StandardHours | None = None
    hours_vetting_call: StandardHours | None = None
    hours_validation: StandardHours | None = None
    hours_checklist_tick: StandardHours | None = None
    hours_onboarding_task: StandardHours | None = None
    version: Version | None = None


class TimeLogIn(Input):
    day: Day = Field(description="Not in the future")
    hours: Hours
    activity: Activity
    note: str = Text
    reference: str = Reference


class BenefitIn(Input):
    kind: BenefitKind
    amount: PositiveMoney
    currency: CurrencyCode | None = Field(None, description="Default the supplier's")
    realised_on: Day = Field(description="Not in the future")
    note: str = Field("", max_length=domain.MAX_TEXT, description="The evidence")
    reference: str = Reference


class CostEntryIn(Input):
    kind: CostKind
    amount: PositiveMoney
    currency: CurrencyCode | None = Field(None, description="Default the supplier's")
    year: Year = Field(description="Up to next year")
    note: str = Text
    reference: str = Reference


class GainShareAgreementIn(Input):
    """A gain-share agreement. Give the supplier's or our share of overruns (or both: they
    add up to 100)."""

    title: str = Field(min_length=1, max_length=domain.MAX_TITLE)
    baseline: str = Field(min_length=1, max_length=domain.MAX_TEXT)
    baseline_amount: Money
    currency: CurrencyCode | None = Field(None, description="Default the supplier's")
    period_kind: PeriodKind = "quarter"
    supplier_saving_pct: Percent
    supplier_overrun_pct: Percent | None = None
    our_overrun_pct: Percent | None = None
    starts_on: Day
    ends_on: Day | None = None
    requires_third_party: StrictBool = False


class GainShareAgreementPatch(Input):
    """Fields to change; the shares and period kind are frozen once a saving is verified."""

    title: str | None = Field(None, min_length=1, max_length=domain.MAX_TITLE)
    baseline: str | None = Field(None, min_length=1, max_length=domain.MAX_TEXT)
    baseline_amount: Money | None = None
    currency: CurrencyCode | None = None
    period_kind: PeriodKind | None = None
    supplier_saving_pct: Percent | None = None
    supplier_overrun_pct: Percent | None = None
    our_overrun_pct: Percent | None = None
    starts_on: Day | None = None
    ends_on: Day | None = None
    requires_third_party: StrictBool | None = None
    version: Version | None = None

    check_not_null = field_validator(
        "title", "baseline", "baseline_amount", "currency", "period_kind", "supplier_saving_pct",
        "starts_on", "requires_third_party", mode="before",
    )(reject_null)  # fmt: skip


class GainShareSavingIn(Input):
    period: Day = Field(description="Any day of the period; not a future period")
    amount: SignedMoney
    evidence: str = Field(min_length=1, max_length=domain.MAX_TEXT)


class GainShareVerifyIn(Input):
    period: Day = Field(description="Any day of the period whose saving or overrun to verify")
    third_party: str = Field("", max_length=200, description="The neutral third party")


class GainSharePayoutIn(Input):
    period: Day = Field(description="Any day of the period it settles")
    amount: PositiveMoney
    paid_on: Day = Field(description="Not in the future")
    reference: str = Field(min_length=1, max_length=100)


# --- outputs --------------------------------------------------------------------------------


class EconomicsSettingsOut(Schema):
    hourly_cost: Decimal
    currency: str
    standard_hours: dict[str, Decimal]
    version: int


class EffortSourceOut(Schema):
    source: str
    count: int
    hours_each: Decimal
    hours: Decimal
    explanation: str


class BenefitLineOut(Schema):
    label: str
    amount: Decimal


class SupplierRoiOut(Schema):
    supplier_id: int
    supplier_name: str
    hours: Decimal
    logged_hours: Decimal
    hourly_cost: Decimal
    effort_cost: Decimal
    benefits: Decimal
    net: Decimal
    roi: Decimal | None = Field(description="net / effort cost (-1 is -100 %); null without effort")
    roi_percent: str
    currency: str
    window: str
    efforts: list[EffortSourceOut]
    benefit_lines: list[BenefitLineOut]
    explanation: list[str]


class PortfolioRoiTotalOut(Schema):
    suppliers: int
    with_effort: int
    hours: Decimal
    effort_cost: Decimal
    benefits: Decimal
    net: Decimal
    roi: Decimal | None
    roi_percent: str
    currency: str
    explanation: list[str]


class PortfolioRoiOut(Schema):
    total: PortfolioRoiTotalOut
    count: int
    items: list[SupplierRoiOut]


class TcoLineOut(Schema):
    supplier_id: int
    supplier_name: str
    spend: Decimal | None
    extra_costs: dict[str, Decimal]
    extra_total: Decimal
    hours: Decimal
    hours_cost: Decimal
    total: Decimal
    per_100: Decimal | None
    explanation: list[str]


class TcoOut(Schema):
    category_id: int
    category_name: str
    year: int
    currency: str
    hourly_cost: Decimal
    remarks: list[str]
    lines: list[TcoLineOut]


class TimeLogOut(Schema):
    id: int
    supplier_id: int
    day: dt.date
    hours: Decimal
    activity: str
    who_id: int | None
    note: str
    reference: str


class BenefitOut(Schema):
    id: int
    supplier_id: int
    kind: str
    amount: Decimal
    currency: str
    realised_on: dt.date
    note: str
    reference: str


class CostEntryOut(Schema):
    id: int
    supplier_id: int
    kind: str
    amount: Decimal
    currency: str
    year: int
    note: str
    reference: str


class GainShareAgreementOut(Schema):
    id: int
    supplier_id: int
    title: str
    baseline: str
    baseline_amount: Decimal
    currency: str
    period_kind: str
    supplier_saving_pct: Decimal
    supplier_overrun_pct: Decimal
    our_overrun_pct: Decimal
    starts_on: dt.date
    ends_on: dt.date | None
    requires_third_party: bool
    version: int


class GainShareSavingOut(Schema):
    id: int
    agreement_id: int
    period: dt.date
    amount: Decimal
    evidence: str
    recorded_by_id: int | None
    verified: bool
    verified_by_id: int | None
    verified_at: dt.datetime | None
    third_party: str


class GainSharePayoutOut(Schema):
    id: int
    agreement_id: int
    period: dt.date
    amount: Decimal
    paid_on: dt.date
    reference: str


class GainShareLedgerRowOut(Schema):
    period: dt.date
    label: str
    amount: Decimal
    supplier_share: Decimal
    our_share: Decimal
    payouts: Decimal
    balance: Decimal
    explanation: str


class GainShareLedgerOut(Schema):
    agreement: GainShareAgreementOut
    rows: list[GainShareLedgerRowOut]
    savings: Decimal
    overruns: Decimal
    supplier_share: Decimal
    our_share: Decimal
    paid: Decimal
    balance: Decimal = Field(description="Owed to the supplier (negative: it owes us)")
    explanation: list[str]
