"""API shapes of referrals and recognition: referrals and their moves, wins, the ideal-supplier
profile and the programme's figures (each with its explanation). Inputs state the same
limits as the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import Field, StrictBool, field_validator

from partnerbook.core.schema_types import (
    NUMBER_ONLY,
    CurrencyCode,
    Day,
    Input,
    Money,
    QueryId,
    QueryText,
    RecordId,
    Version,
    reject_null,
)

from . import domain

StatusValue = Literal["received", "contacted", "vetting", "onboarded", "declined"]
RewardStatusValue = Literal["none", "promised", "paid"]
Text = Field("", max_length=domain.MAX_TEXT)
Points = Annotated[int, Field(ge=domain.MIN_WIN_POINTS, le=domain.MAX_WIN_POINTS), NUMBER_ONLY]


# --- filters --------------------------------------------------------------------------------


class ReferralFilters(Schema):
    """Query parameters of the referral lists (the same filter as the page's)."""

    status: StatusValue | None = None
    reward_status: RewardStatusValue | None = None
    referring: QueryId | None = Field(None, description="Id of the referring supplier")
    q: QueryText | None = Field(None, max_length=200, description="Words in a company's name")

    def params(self) -> dict[str, Any]:
        return {k: v for k, v in self.model_dump().items() if v is not None}


class WinFilters(Schema):
    supplier: QueryId | None = Field(None, description="Supplier id")
    published: bool | None = None


# --- inputs ---------------------------------------------------------------------------------


class ReferralIn(Input):
    """A referral: the referred company is a registered supplier (`referred_supplier_id`)
    or a name (`company_name`), with optional contact details."""

    referring_supplier_id: RecordId = Field(description="Id of the supplier that referred it")
    referred_supplier_id: RecordId | None = Field(None, description="Id of a registered supplier")
    company_name: str = Field("", max_length=domain.MAX_NAME)
    contact_name: str = Field("", max_length=domain.MAX_NAME)
    contact_email: str = Field("", max_length=254)
    contact_phone: str = Field("", max_length=50)
    category_id: RecordId | None = Field(None, description="Id of a category")
    received_on: Day | None = Field(None, description="Default today; not in the future")
    status: StatusValue = "received"
    reward_text: str = Field("", max_length=300)
    reward_amount: Money | None = None
    reward_currency: CurrencyCode | None = None
    reward_status: RewardStatusValue = "none"
    paid_on: Day | None = Field(None, description="Only (and required) when paid")
    note: str = Text


class ReferralPatch(Input):
    """Fields to change; anything left out stays. `null` clears the referred supplier, the
    category, the reward amount and currency, and the payment date. The status moves
    through `/status`."""

    referred_supplier_id: RecordId | None = None
    company_name: str | None = Field(None, max_length=domain.MAX_NAME)
    contact_name: str | None = Field(None, max_length=domain.MAX_NAME)
    contact_email: str | None = Field(None, max_length=254)
    contact_phone: str | None = Field(None, max_length=50)
    category_id: RecordId | None = None
    received_on: Day | None = None
    reward_text: str | None = Field(None, max_length=300)
    reward_amount: Money | None = None
    reward_currency: CurrencyCode | None = None
    reward_status: RewardStatusValue | None = None
    paid_on: Day | None = None
    note: str | None = Field(None, max_length=domain.MAX_TEXT)
    version: Version | None = None

    check_not_null = field_validator(
        "company_name", "contact_name", "contact_email", "contact_phone", "received_on",
        "reward_text", "reward_status", "note", mode="before",
    )(reject_null)  # fmt: skip


class ReferralMoveIn(Input):
    status: StatusValue
    on: Day | None = Field(None, description="Default today; not before it was received")
    note: str = Field("", max_length=300)
    version: Version | None = None


class WinIn(Input):
    """A win, recorded as recognition: one deposit in the supplier's trust ledger."""

    title: str = Field(min_length=1, max_length=domain.MAX_TITLE)
    story: str = Field(min_length=1, max_length=domain.MAX_TEXT)
    happened_on: Day | None = Field(None, description="Default today; not in the future")
    impact: str = Text
    impact_amount: Money | None = None
    impact_currency: CurrencyCode | None = None
    published: StrictBool = False
    trust_points: Points | None = Field(None, description="Default: the configured deposit")


class WinPatch(Input):
    """Fields to change; the trust deposit stays as recorded. `null` clears the amount and
    its currency."""

    title: str | None = Field(None, min_length=1, max_length=domain.MAX_TITLE)
    story: str | None = Field(None, min_length=1, max_length=domain.MAX_TEXT)
    happened_on: Day | None = None
    impact: str | None = Field(None, max_length=domain.MAX_TEXT)
    impact_amount: Money | None = None
    impact_currency: CurrencyCode | None = None
    published: StrictBool | None = None
    version: Version | None = None

    check_not_null = field_validator(
        "title", "story", "happened_on", "impact", "published", mode="before"
    )(reject_null)


class IdealSupplierProfileIn(Input):
    """Texts to change; anything left out stays."""

    title: str | None = Field(None, min_length=1, max_length=domain.MAX_TITLE)
    introduction: str | None = Field(None, max_length=domain.MAX_TEXT)
    what_we_look_for: str | None = Field(None, max_length=domain.MAX_TEXT)
    what_partners_get: str | None = Field(None, max_length=domain.MAX_TEXT)
    how_to_start: str | None = Field(None, max_length=domain.MAX_TEXT)
    contact: str | None = Field(None, max_length=300)
    version: Version | None = None

    check_not_null = field_validator(
        "title", "introduction", "what_we_look_for", "what_partners_get", "how_to_start",
        "contact", mode="before",
    )(reject_null)  # fmt: skip


# --- outputs --------------------------------------------------------------------------------


class ReferralOut(Schema):
    id: int
    referring_supplier_id: int
    referring_supplier_name: str
    referred_supplier_id: int | None
    referred_name: str
    company_name: str
    contact_name: str
    contact_email: str
    contact_phone: str
    category_id: int | None
    received_on: dt.date
    status: StatusValue
    status_changed_on: dt.date
    allowed_moves: list[StatusValue]
    reward_text: str
    reward_amount: Decimal | None
    reward_currency: str
    reward_status: RewardStatusValue
    paid_on: dt.date | None
    note: str
    version: int
    created_at: dt.datetime

    @staticmethod
    def resolve_referring_supplier_name(obj: Any) -> str:
        return str(obj.referring_supplier.name)

    @staticmethod
    def resolve_allowed_moves(obj: Any) -> list[str]:
        return domain.allowed_moves(obj.status)


class WinOut(Schema):
    id: int
    supplier_id: int
    supplier_name: str
    title: str
    story: str
    happened_on: dt.date
    impact: str
    impact_amount: Decimal | None
    impact_currency: str
    published: bool
    trust_points: int = Field(description="The deposit made in the trust ledger when recorded")
    trust_entry_id: int | None
    recorded_by_id: int | None
    version: int
    created_at: dt.datetime

    @staticmethod
    def resolve_supplier_name(obj: Any) -> str:
        return str(obj.supplier.name)


class IdealSupplierProfileOut(Schema):
    title: str
    introduction: str
    what_we_look_for: str
    what_partners_get: str
    how_to_start: str
    contact: str
    version: int
    updated_at: dt.datetime | None


class ReferralPipelineOut(Schema):
    total: int = Field(description="Suppliers in the pipeline, each counted once")
    by_referral: int
    by_status: int = Field(description="Counted as prospect, vetting or pilot")
    candidates_only: int = Field(description="Counted only as open sourcing candidates")
    referral_recorded: int
    candidate_by_referral: int
    share: Decimal | None = Field(description="Per cent, one decimal; null when empty")
    explanation: str
    referred_supplier_ids: list[int]


class RetentionCohortOut(Schema):
    eligible: int
    retained: int
    lost: int
    too_recent: int
    rate: Decimal | None


class RetentionHorizonOut(Schema):
    months: int
    referred: RetentionCohortOut
    others: RetentionCohortOut
    explanation: str


class RetentionOut(Schema):
    as_of: dt.date
    referred_started: int
    others_started: int
    horizons: list[RetentionHorizonOut]
    explanation: str


class ReferralRewardTotalOut(Schema):
    reward_status: str
    currency: str
    amount: Decimal
    count: int


class ReferralRewardsOut(Schema):
    reporting_currency: str
    paid: Decimal | None
    promised: Decimal | None
    totals: list[ReferralRewardTotalOut]
    explanation: str


class ReferralFiguresOut(Schema):
    pipeline: ReferralPipelineOut
    retention: RetentionOut
    rewards: ReferralRewardsOut
    referrals_by_status: dict[str, int]
