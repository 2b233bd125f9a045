"""API shapes of portfolio risk. Inputs state the same limits as the services."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import BeforeValidator, Field, WithJsonSchema, field_validator
from pydantic_core import PydanticCustomError

from partnerbook.core.schema_types import (
    NUMBER_ONLY,
    CurrencyCode,
    Day,
    Input,
    Money,
    QueryId,
    RecordId,
    Version,
    reject_null,
)

from . import domain

SIGNED_PATTERN = r"^-?[0-9]{1,14}(\.[0-9]{1,2})?$"
SCORE_PATTERN = r"^[0-9]{1,3}(\.[0-9]{1,2})?$"


def _decimal_text(pattern: str) -> Any:
    def check(value: Any) -> Any:
        if isinstance(value, bool):
            raise PydanticCustomError("decimal_type", 'Give a number or text, e.g. "12.50".')
        if isinstance(value, float):
            if not value.is_integer():
                raise PydanticCustomError(
                    "decimal_text", 'Give a number with decimals as text, e.g. "12.50".'
                )
            return int(value)
        if isinstance(value, str) and not re.fullmatch(pattern, value):
            raise PydanticCustomError(
                "decimal_format", 'Give digits with up to two decimals, e.g. "12.50".'
            )
        return value

    return BeforeValidator(check)


SignedMoney = Annotated[
    Decimal,
    Field(ge=Decimal("-99999999999999.99"), le=Decimal("99999999999999.99")),
    _decimal_text(SIGNED_PATTERN),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": -99999999999999, "maximum": 99999999999999},
                {"type": "string", "pattern": SIGNED_PATTERN},
            ],
            "description": "An amount, negative for a credit note: a whole number or text with "
            'up to two decimals, e.g. "-1234.56"',
        }
    ),
]
# 0 to 100 with up to two decimals, as text; whole numbers as numbers.
HUNDRED_PATTERN = r"^(100(\.0{1,2})?|[0-9]{1,2}(\.[0-9]{1,2})?)$"
RATIO_PATTERN = r"^[0-9]{1,7}(\.[0-9]{1,2})?$"


def _json(pattern: str, maximum: int, description: str) -> WithJsonSchema:
    return WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 0, "maximum": maximum},
                {"type": "string", "pattern": pattern},
            ],
            "description": description,
        }
    )


Score = Annotated[
    Decimal,
    Field(ge=0, le=100),
    _decimal_text(HUNDRED_PATTERN),
    _json(HUNDRED_PATTERN, 100, 'A score from 0 to 100 (higher is healthier), e.g. 72 or "72.5"'),
]
# The settings' own rules (e.g. a cap above 0) answer 400 naming the field.
Percent = Annotated[
    Decimal,
    Field(ge=0, le=100),
    _decimal_text(HUNDRED_PATTERN),
    _json(HUNDRED_PATTERN, 100, "A percentage, 0 to 100"),
]
Ratio = Annotated[
    Decimal,
    Field(ge=0, le=9999999),
    _decimal_text(RATIO_PATTERN),
    _json(RATIO_PATTERN, 9999999, "A multiple, e.g. 5 (times our size)"),
]
BackupStatus = Literal["proposed", "qualified"]
Text = Field("", max_length=domain.MAX_TEXT)


# --- filters --------------------------------------------------------------------------------


class RiskSpendFilters(Schema):
    supplier: QueryId | None = Field(None, description="Supplier id")
    category: QueryId | None = Field(None, description="Category id")
    period_from: Day | None = Field(None, description="First month (YYYY-MM-DD, day ignored)")
    period_to: Day | None = Field(None, description="Last month (YYYY-MM-DD)")

    def params(self) -> dict[str, Any]:
        return {k: v for k, v in self.model_dump().items() if v is not None}


class RiskWindowQuery(Schema):
    end: Day | None = Field(
        None, description="Last month of the window (default: the latest month with spend)"
    )
    months: int = Field(
        12, ge=12, le=24, multiple_of=12, description="Window length in months: 12 or 24"
    )


# --- spend ----------------------------------------------------------------------------------


class RiskSpendLineIn(Input):
    supplier_id: RecordId
    category_id: RecordId | None = Field(None, description="Empty: the supplier's category")
    period: Day = Field(description="The month (any day of it; stored as its first day)")
    amount: SignedMoney
    currency: CurrencyCode | None = Field(None, description="Empty: the supplier's currency")


class RiskSpendLinePatch(Input):
    amount: SignedMoney


class RiskSpendLineOut(Schema):
    id: int
    supplier_id: int
    supplier: str
    category_id: int
    category: str
    period: Day
    amount: Decimal
    currency: str
    updated_at: Any


# --- backups and plans ----------------------------------------------------------------------


class RiskBackupIn(Input):
    supplier_id: RecordId | None = Field(None, description="The critical supplier backed up")
    category_id: RecordId | None = Field(None, description="Or the category backed up")
    backup_supplier_id: RecordId
    status: BackupStatus = "proposed"
    qualified_on: Day | None = None
    evidence: str = Text
    note: str = Text


class RiskBackupPatch(Input):
    status: BackupStatus | None = None
    qualified_on: Day | None = None
    evidence: str | None = Field(None, max_length=domain.MAX_TEXT)
    note: str | None = Field(None, max_length=domain.MAX_TEXT)
    version: Version | None = None

    _not_null = field_validator("status", "evidence", "note", "version", mode="before")(reject_null)


class RiskPlanIn(Input):
    knowledge_transfer: str | None = Field(None, max_length=domain.MAX_TEXT)
    alternate_sourcing: str | None = Field(None, max_length=domain.MAX_TEXT)
    exit_steps: str | None = Field(None, max_length=domain.MAX_TEXT)
    last_reviewed_on: Day | None = None
    review_interval_days: Annotated[int, Field(ge=1, le=3650), NUMBER_ONLY] | None = None
    version: Version | None = None

    _not_null = field_validator(
        "knowledge_transfer", "alternate_sourcing", "exit_steps", "review_interval_days",
        "version", mode="before",
    )(reject_null)  # fmt: skip


class RiskReviewedIn(Input):
    reviewed_on: Day | None = Field(None, description="Default today")


# --- ratings and revenue --------------------------------------------------------------------


class RiskRatingIn(Input):
    rated_on: Day
    score: Score
    provider: str = Field(min_length=1, max_length=80)
    note: str = Text


class RiskRatingOut(Schema):
    id: int
    supplier_id: int
    rated_on: Day
    score: Decimal
    provider: str
    note: str
    source: str


class RiskRevenueIn(Input):
    annual_revenue: Money
    currency: CurrencyCode
    fiscal_year: Annotated[int, Field(ge=1900, le=2200), NUMBER_ONLY] | None = None
    source: str = Field("", max_length=200)
    version: Version | None = None


# --- settings -------------------------------------------------------------------------------


class RiskSettingsIn(Input):
    category_cap: Percent | None = None
    total_cap: Percent | None = None
    rating_drop: Percent | None = None
    rating_floor: Score | None = None
    our_annual_revenue: Money | None = None
    our_revenue_currency: CurrencyCode | None = None
    small_customer_share: Percent | None = None
    dominant_size_ratio: Ratio | None = None
    dependence_share: Percent | None = None
    plan_review_days: Annotated[int, Field(ge=1, le=3650), NUMBER_ONLY] | None = None
    version: Version | None = None

    _not_null = field_validator(
        "category_cap", "total_cap", "rating_drop", "rating_floor", "our_revenue_currency",
        "small_customer_share", "dominant_size_ratio", "dependence_share",
        "plan_review_days", "version", mode="before",
    )(reject_null)  # fmt: skip


# --- outputs --------------------------------------------------------------------------------


class RiskShareOut(Schema):
    supplier_id: int
    supplier: str
    category_id: int | None
    category: str
    spend: Decimal
    source: str = Field(description="lines: from spend lines; annual: its annual spend figure")
    share_of_category_percent: Decimal | None
    share_of_total_percent: Decimal | None
    over_category_cap: bool
    over_total_cap: bool
    explanation: str


class RiskTrendOut(Schema):
    quarter: str
    hhi: Decimal | None
    spend: Decimal


class RiskCategoryConcentrationOut(Schema):
    category_id: int | None
    category: str
    spend: Decimal
    supplier_count: int
    hhi: Decimal
    band: str
    band_label: str
    explanation: str
    top: RiskShareOut | None
    breaches: list[RiskShareOut]
    trend: list[RiskTrendOut]


class RiskConcentrationOut(Schema):
    window_first: Day
    window_last: Day
    months: int
    currency: str
    total_spend: Decimal
    category_cap_percent: Decimal
    total_cap_percent: Decimal
    suppliers_from_annual_spend: int
    left_out: list[str]
    guideline: str
    categories: list[RiskCategoryConcentrationOut]
    total_breaches: list[RiskShareOut]


class RiskCategorySharesOut(Schema):
    window_first: Day
    window_last: Day
    currency: str
    category: RiskCategoryConcentrationOut
    shares: list[RiskShareOut]


class RiskPlaybookOut(Schema):
    status: str
    activation: str
    passed_validations: int
    vetted: bool
    explanation: str


class RiskBackupOut(Schema):
    id: int
    supplier_id: int | None
    category_id: int | None
    backup_supplier_id: int
    backup_supplier: str
    status: str
    qualified_on: Day | None
    evidence: str
    note: str
    version: int
    playbook: RiskPlaybookOut | None


class RiskPlanStateOut(Schema):
    state: str
    label: str
    due_on: Day | None
    overdue: bool
    explanation: str


class RiskPlanOut(Schema):
    supplier_id: int
    exists: bool
    knowledge_transfer: str
    alternate_sourcing: str
    exit_steps: str
    last_reviewed_on: Day | None
    review_interval_days: int
    version: int | None
    state: RiskPlanStateOut


class RiskCriticalOut(Schema):
    supplier_id: int
    supplier: str
    critical_because: list[str]
    covered: bool
    explanation: str
    backups: list[RiskBackupOut]
    plan: RiskPlanStateOut


class RiskFactorOut(Schema):
    value: int
    explanation: str


class RiskDeteriorationOut(Schema):
    provider: str
    previous_score: Decimal
    previous_rated_on: Day
    current_score: Decimal
    current_rated_on: Day
    reasons: list[str]
    explanation: str


class RiskFinancialOut(Schema):
    supplier_id: int
    ratings: list[RiskRatingOut]
    suggested_factor: RiskFactorOut | None
    current_factor: int | None
    deteriorations: list[RiskDeteriorationOut]


class RiskPowerOut(Schema):
    supplier_id: int
    supplier: str
    annual_revenue: Decimal | None
    revenue_currency: str | None
    fiscal_year: int | None
    source: str
    version: int | None
    kind: str
    label: str
    our_share_percent: Decimal | None
    size_ratio: Decimal | None
    explanation: str
    suggestions: list[str]


class RiskSettingsOut(Schema):
    category_cap: Decimal
    total_cap: Decimal
    rating_drop: Decimal
    rating_floor: Decimal
    our_annual_revenue: Decimal | None
    our_revenue_currency: str
    small_customer_share: Decimal
    dominant_size_ratio: Decimal
    dependence_share: Decimal
    plan_review_days: int
    version: int
