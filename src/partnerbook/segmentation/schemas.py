"""API shapes of segmentation. Inputs state the same limits as the models; outputs carry the
explanation of every score, quadrant and recommendation."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal, get_args

from ninja import Schema
from pydantic import Field, StrictBool, field_validator

from partnerbook.core.schema_types import (
    NUMBER_ONLY,
    CurrencyCode,
    Day,
    Input,
    Version,
    reject_null,
)
from partnerbook.suppliers.schemas import PersonRef

from . import domain
from .services import Segmentation

QuadrantValue = Literal["strategic", "operational", "opportunistic", "avoid"]
StageValue = Literal["transactional", "cooperative", "collaborative", "strategic"]
EngagementValue = Literal["transactional", "partnership"]
DimensionValue = Literal["goals", "values", "capabilities"]

assert set(get_args(QuadrantValue)) == {q.value for q in domain.Quadrant}  # noqa: S101
assert set(get_args(StageValue)) == {s.value for s in domain.Stage}  # noqa: S101
assert set(get_args(EngagementValue)) == {m.value for m in domain.EngagementModel}  # noqa: S101

OneToFive = Annotated[int, Field(ge=1, le=5, description="1 to 5"), NUMBER_ONLY]
Incidents = Annotated[int, Field(ge=0, le=1000), NUMBER_ONLY]
Weight = Annotated[float, Field(ge=0, le=1000, allow_inf_nan=False), NUMBER_ONLY]
Cutoff = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False), NUMBER_ONLY]
Share = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False, description="0 to 1"), NUMBER_ONLY]
Note = Annotated[str, Field(max_length=5_000)]
ExchangeRate = Annotated[float, Field(gt=0, lt=1e9, allow_inf_nan=False), NUMBER_ONLY]
FullAtShare = Annotated[float, Field(ge=0.001, le=1, allow_inf_nan=False), NUMBER_ONLY]
UpTo1000 = Annotated[int, Field(ge=1, le=1000), NUMBER_ONLY]
TopShare = Annotated[float, Field(ge=0.01, le=1, allow_inf_nan=False), NUMBER_ONLY]


# --- inputs -------------------------------------------------------------------------------


class FactorsIn(Input):
    """Factors to record; anything left out stays as it is and null clears it back to missing."""

    criticality: OneToFive | None = None
    complexity: OneToFive | None = None
    innovation: OneToFive | None = None
    integration: OneToFive | None = None
    financial_health: OneToFive | None = Field(None, description="1 very weak … 5 strong")
    single_source: StrictBool | None = Field(None, description="True: no qualified backup")
    market_difficulty: OneToFive | None = None
    country_risk: OneToFive | None = None
    ip_sensitivity: OneToFive | None = None
    regulatory_constraints: OneToFive | None = None
    serious_incidents: Incidents | None = Field(None, description="In the last twelve months")
    commodity: StrictBool | None = None
    collaboration_willingness: OneToFive | None = None
    supplier_is_competitor: StrictBool | None = None
    regulation_mandates_distance: StrictBool | None = None
    shared_risk_reward: StrictBool | None = None
    version: Version | None = Field(None, description="The segmentation's `version` as read")


class OverrideIn(Input):
    quadrant: QuadrantValue
    reason: str = Field(min_length=1, max_length=2_000, description="Why; required, audited")


class EngagementIn(Input):
    model: Literal["transactional", "partnership", ""] | None = Field(
        description='The model the team runs; "" or null when not decided'
    )
    reason: str = Field("", max_length=2_000)
    version: Version | None = Field(None, description="The segmentation's `version` as read")


class ExpectationsIn(Input):
    """What each side expects; anything left out stays as it is, null clears it."""

    our_expectation: StageValue | None = None
    our_importance: OneToFive | None = None
    supplier_expectation: StageValue | None = None
    supplier_importance: OneToFive | None = None
    version: Version | None = Field(None, description="The segmentation's `version` as read")


class MaturityMoveIn(Input):
    to_stage: StageValue
    evidence: str = Field(min_length=1, max_length=5_000)
    moved_on: Day | None = Field(None, description="Default: today; never in the future")

    check_not_null = field_validator("moved_on", mode="before")(reject_null)


class AlignmentIn(Input):
    """One assessment: goals, values and capabilities, scored 1–5 by each side."""

    our_goals: OneToFive
    our_values: OneToFive
    our_capabilities: OneToFive
    their_goals: OneToFive
    their_values: OneToFive
    their_capabilities: OneToFive
    our_goals_note: Note = ""
    our_values_note: Note = ""
    our_capabilities_note: Note = ""
    their_goals_note: Note = ""
    their_values_note: Note = ""
    their_capabilities_note: Note = ""
    assessed_on: Day | None = Field(None, description="Default: today; never in the future")

    check_not_null = field_validator("assessed_on", mode="before")(reject_null)


class ScoringSettingsIn(Input):
    """Weights and thresholds to change; anything left out stays as it is."""

    spend_share_weight: Weight | None = None
    criticality_weight: Weight | None = None
    complexity_weight: Weight | None = None
    innovation_weight: Weight | None = None
    integration_weight: Weight | None = None
    spend_share_full_at: FullAtShare | None = None
    financial_weight: Weight | None = None
    single_source_weight: Weight | None = None
    market_difficulty_weight: Weight | None = None
    country_weight: Weight | None = None
    ip_sensitivity_weight: Weight | None = None
    regulatory_weight: Weight | None = None
    incidents_weight: Weight | None = None
    incidents_full_at: UpTo1000 | None = None
    value_cutoff: Cutoff | None = None
    risk_cutoff: Cutoff | None = None
    low_spend_share: Share | None = None
    low_complexity: OneToFive | None = None
    strategic_top_share: TopShare | None = None
    max_strategic_per_category: UpTo1000 | None = None
    reporting_currency: CurrencyCode | None = Field(None, description="e.g. EUR")
    exchange_rates: dict[CurrencyCode, ExchangeRate] | None = Field(
        None,
        description='Value of one unit in the reporting currency, e.g. {"USD": 0.92}; '
        "replaces all rates",
    )
    version: Version | None = None

    check_not_null = field_validator("*", mode="before")(reject_null)


# --- outputs ------------------------------------------------------------------------------


class ContributionOut(Schema):
    """One factor's part in a score."""

    factor: str
    label: str
    raw: bool | int | float | None = Field(description="The recorded value; null when missing")
    weight: float
    normalised: float | None = Field(description="0–1, where 1 is the most value or risk")
    points: float = Field(description="Points this factor adds to the 0–100 score")
    missing: bool


class ScoreOut(Schema):
    score: float | None = Field(description="0–100; null when no factor is recorded")
    confidence: float = Field(description="Share of the total weight that had data, 0–1")
    missing: list[str] = Field(description="Factors not recorded yet")
    contributions: list[ContributionOut]

    @staticmethod
    def resolve_missing(obj: domain.Score) -> list[str]:
        return [c.factor for c in obj.contributions if c.missing]


class OverrideOut(Schema):
    quadrant: QuadrantValue
    reason: str
    by: PersonRef | None
    at: datetime | None


class ReasonOut(Schema):
    points_to: EngagementValue
    text: str
    decisive: bool = Field(description="On its own enough to keep the relationship transactional")


class EngagementOut(Schema):
    recommended: EngagementValue
    summary: str
    reasons: list[ReasonOut]
    chosen: EngagementValue | None = Field(description="The model the team runs; null: undecided")
    chosen_reason: str
    mismatch: bool = Field(description="The chosen model differs from the recommended one")


class GapOut(Schema):
    distance: int = Field(description="Stages apart; positive when the supplier expects more")
    flagged: bool = Field(description="More than one stage apart")
    suggestion: str


class ExpectationsOut(Schema):
    ours: StageValue | None
    our_importance: int | None
    theirs: StageValue | None
    their_importance: int | None
    source: Literal["buyer", "portal"] | None = Field(description="Who entered the supplier's side")
    gap: GapOut | None = Field(description="Null until both sides are recorded")


class MaturityOut(Schema):
    stage: StageValue
    next_stage: StageValue | None
    next_stage_requirement: str | None


class FactorsOut(Schema):
    """The recorded factors (null: missing). The spend share comes from the annual spend."""

    criticality: int | None
    complexity: int | None
    innovation: int | None
    integration: int | None
    financial_health: int | None
    single_source: bool | None
    market_difficulty: int | None
    country_risk: int | None
    ip_sensitivity: int | None
    regulatory_constraints: int | None
    serious_incidents: int | None
    commodity: bool | None
    collaboration_willingness: int | None
    supplier_is_competitor: bool | None
    regulation_mandates_distance: bool | None
    shared_risk_reward: bool | None


class SegmentationOut(Schema):
    """One supplier's segmentation, computed and explained."""

    supplier_id: int
    value: ScoreOut
    risk: ScoreOut
    confidence: float = Field(description="The lower of the two scores' confidence")
    quadrant: QuadrantValue | None = Field(description="Effective: the override when there is one")
    computed_quadrant: QuadrantValue | None
    placement_reason: str
    override: OverrideOut | None
    engagement: EngagementOut
    expectations: ExpectationsOut
    maturity: MaturityOut
    factors: FactorsOut
    version: int = Field(
        description="Send it back with factors, engagement or expectations to detect conflicts"
    )

    @staticmethod
    def resolve_supplier_id(obj: Segmentation) -> int:
        return int(obj.profile.supplier_id)

    @staticmethod
    def resolve_version(obj: Segmentation) -> int:
        return int(obj.profile.version)

    @staticmethod
    def resolve_value(obj: Segmentation) -> domain.Score:
        return obj.placement.value

    @staticmethod
    def resolve_risk(obj: Segmentation) -> domain.Score:
        return obj.placement.risk

    @staticmethod
    def resolve_confidence(obj: Segmentation) -> float:
        return float(obj.placement.confidence)

    @staticmethod
    def resolve_computed_quadrant(obj: Segmentation) -> str | None:
        quadrant = obj.placement.quadrant
        return quadrant.value if quadrant else None

    @staticmethod
    def resolve_placement_reason(obj: Segmentation) -> str:
        return str(obj.placement.reason)

    @staticmethod
    def resolve_override(obj: Segmentation) -> dict[str, Any] | None:
        profile = obj.profile
        if not profile.quadrant_override:
            return None
        return {
            "quadrant": profile.quadrant_override,
            "reason": profile.override_reason,
            "by": profile.overridden_by,
            "at": profile.overridden_at,
        }

    @staticmethod
    def resolve_engagement(obj: Segmentation) -> dict[str, Any]:
        return {
            "recommended": obj.fit.recommended,
            "summary": obj.fit.summary,
            "reasons": obj.fit.reasons,
            "chosen": obj.profile.chosen_model or None,
            "chosen_reason": obj.profile.chosen_model_reason,
            "mismatch": obj.model_mismatch,
        }

    @staticmethod
    def resolve_expectations(obj: Segmentation) -> dict[str, Any]:
        profile = obj.profile
        return {
            "ours": profile.our_expectation or None,
            "our_importance": profile.our_importance,
            "theirs": profile.supplier_expectation or None,
            "their_importance": profile.supplier_importance,
            "source": profile.supplier_expectation_source or None,
            "gap": obj.gap,
        }

    @staticmethod
    def resolve_maturity(obj: Segmentation) -> dict[str, Any]:
        return {
            "stage": obj.profile.maturity_stage,
            "next_stage": obj.next_stage,
            "next_stage_requirement": obj.next_stage_requirement,
        }

    @staticmethod
    def resolve_factors(obj: Segmentation) -> Any:
        return obj.profile


class MaturityMoveOut(Schema):
    id: int
    from_stage: StageValue
    to_stage: StageValue
    moved_on: date
    moved_by: PersonRef
    evidence: str
    created_at: datetime


class AlignmentReadingOut(Schema):
    weakest: DimensionValue = Field(description="The side of the triangle to work on")
    biggest_disagreement: DimensionValue | None = Field(
        description="Where the two sides' scores differ most; null when they agree everywhere"
    )
    averages: dict[str, float]
    gaps: dict[str, int]


class AlignmentAssessmentOut(Schema):
    id: int
    assessed_on: date
    assessed_by: PersonRef
    our_goals: int
    our_values: int
    our_capabilities: int
    their_goals: int
    their_values: int
    their_capabilities: int
    our_goals_note: str
    our_values_note: str
    our_capabilities_note: str
    their_goals_note: str
    their_values_note: str
    their_capabilities_note: str
    analysis: AlignmentReadingOut
    created_at: datetime

    @staticmethod
    def resolve_analysis(obj: Any) -> domain.AlignmentReading:
        return domain.analyse_alignment(obj.ours(), obj.theirs())


class ScoringSettingsOut(Schema):
    """Every weight and threshold the scores use."""

    spend_share_weight: float
    criticality_weight: float
    complexity_weight: float
    innovation_weight: float
    integration_weight: float
    spend_share_full_at: float
    financial_weight: float
    single_source_weight: float
    market_difficulty_weight: float
    country_weight: float
    ip_sensitivity_weight: float
    regulatory_weight: float
    incidents_weight: float
    incidents_full_at: int
    value_cutoff: float
    risk_cutoff: float
    low_spend_share: float
    low_complexity: int
    strategic_top_share: float
    max_strategic_per_category: int
    reporting_currency: str
    exchange_rates: dict[str, float]
    version: int = Field(description="Send it back with a change to detect conflicting edits")
    updated_at: datetime | None
