"""API shapes of sourcing projects, criteria, category templates, lessons and the review of
prospects' registrations (the password is never part of them)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import Field, field_validator

from partnerbook.core.schema_types import (
    NUMBER_ONLY,
    Day,
    Input,
    Money,
    RecordId,
    Version,
    reject_null,
)
from partnerbook.suppliers.schemas import CategoryRef, PersonRef

from . import domain

StatusValue = Literal["open", "on_hold", "closed"]
PillarValue = Literal["goals", "values", "capabilities"]
Weight = Annotated[int, Field(ge=1, le=domain.MAX_WEIGHT), NUMBER_ONLY]


class SourcingProjectIn(Input):
    """A new sourcing project; its criteria start as a copy of the category's template."""

    title: str = Field(min_length=1, max_length=200)
    category_id: RecordId
    owner_id: RecordId | None = Field(None, description="A colleague; default: you")
    target_date: Day
    need: str = Field("", max_length=5000)
    status: StatusValue = "open"


class SourcingProjectChange(Input):
    """The fields to change; the others stay as they are."""

    title: str | None = Field(None, min_length=1, max_length=200)
    category_id: RecordId | None = None
    owner_id: RecordId | None = None
    target_date: Day | None = None
    need: str | None = Field(None, max_length=5000)
    status: StatusValue | None = None
    version: Version | None = None

    check_not_null = field_validator("*", mode="before")(reject_null)


class SourcingProjectOut(Schema):
    id: int
    title: str
    category_id: int
    category: str
    owner_id: int
    owner: str
    target_date: dt.date
    need: str
    status: str
    version: int = Field(description="Send it back with a change to detect conflicting edits")
    created_at: dt.datetime

    @staticmethod
    def resolve_category(obj: Any) -> str:
        return str(obj.category.name)

    @staticmethod
    def resolve_owner(obj: Any) -> str:
        return str(obj.owner.display_name)


class SourcingProjectFilters(Schema):
    status: StatusValue | None = None
    category_id: int | None = Field(None, ge=1)


class SourcingCriterionIn(Input):
    """A must-have (no weight) or a weighted criterion (weight 1..100)."""

    pillar: PillarValue
    name: str = Field(min_length=1, max_length=domain.MAX_NAME)
    description: str = Field("", max_length=domain.MAX_DESCRIPTION)
    must_have: bool = False
    weight: Weight | None = None


class SourcingCriterionChange(Input):
    """The fields to change. Send `weight: null` with `must_have: true` to make a weighted
    criterion a must-have."""

    pillar: PillarValue | None = None
    name: str | None = Field(None, min_length=1, max_length=domain.MAX_NAME)
    description: str | None = Field(None, max_length=domain.MAX_DESCRIPTION)
    must_have: bool | None = None
    weight: Weight | None = None
    version: Version | None = None

    check_not_null = field_validator(
        "pillar", "name", "description", "must_have", "version", mode="before"
    )(reject_null)


class SourcingCriterionOut(Schema):
    id: int
    project_id: int
    pillar: str
    name: str
    description: str
    must_have: bool
    weight: int | None
    version: int


class CriteriaTemplateRow(Input):
    pillar: PillarValue
    name: str = Field(min_length=1, max_length=domain.MAX_NAME)
    description: str = Field("", max_length=domain.MAX_DESCRIPTION)
    must_have: bool = False
    weight: Weight | None = None


class CriteriaTemplateIn(Input):
    """The whole template (PUT replaces it)."""

    criteria: list[CriteriaTemplateRow] = Field(max_length=domain.MAX_CRITERIA)
    version: Version | None = None


class CriteriaTemplateRowOut(Schema):
    pillar: str
    name: str
    description: str
    must_have: bool
    weight: int | None


class CriteriaTemplateOut(Schema):
    category_id: int
    exists: bool = Field(description="False until a template is first saved")
    criteria: list[CriteriaTemplateRowOut]
    version: int
    updated_at: dt.datetime | None


class SourcingLessonIn(Input):
    text: str = Field(min_length=1, max_length=5000)
    supplier_id: RecordId | None = None


class SourcingLessonOut(Schema):
    id: int
    project_id: int
    supplier_id: int | None
    text: str
    created_at: dt.datetime


# --- candidates, calls, validations, evaluations, ranking -----------------------------------

SourceValue = Literal["referral", "network", "trade_show", "inbound", "search", "existing"]
StageValue = Literal["long_list", "short_list", "rejected", "selected"]
Score = Annotated[int, Field(ge=0, le=5), NUMBER_ONLY]


class CandidateIn(Input):
    """An existing supplier (`supplier_id`) or a new prospect (`prospect_name`)."""

    supplier_id: RecordId | None = None
    prospect_name: str | None = Field(None, min_length=1, max_length=200)
    source: SourceValue
    stage: StageValue = "long_list"
    note: str = Field("", max_length=5000)


class CandidateChange(Input):
    """Move to another stage (the short list is refused while a must-have is not met) or
    change the note."""

    stage: StageValue | None = None
    note: str | None = Field(None, max_length=5000)
    version: Version | None = None

    check_not_null = field_validator("*", mode="before")(reject_null)


class CandidateOut(Schema):
    id: int
    project_id: int
    supplier_id: int
    supplier: str
    source: str
    stage: str
    note: str
    version: int
    created_at: dt.datetime

    @staticmethod
    def resolve_supplier(obj: Any) -> str:
        return str(obj["supplier"] if isinstance(obj, dict) else obj.supplier.name)


class EvaluatorTotalOut(Schema):
    evaluator_id: int
    evaluator: str
    total: float | None
    complete: bool
    missing: list[str]
    explanation: str


class CriterionMedianOut(Schema):
    name: str
    weight: int
    median_score: float | None
    contribution: float


class RankingRowOut(Schema):
    rank: int | None = Field(description="None for a rejected candidate")
    candidate_id: int
    supplier_id: int
    supplier: str
    stage: str
    must_have: str = Field(description="pass, unknown or fail")
    must_have_reasons: list[str]
    median: float | None
    spread: float | None
    evaluators: int
    totals: list[EvaluatorTotalOut]
    criteria: list[CriterionMedianOut]
    reason: str = Field(description="Which rule placed it below the one above")
    explanation: list[str]


class CandidateDetailOut(CandidateOut):
    ranking: RankingRowOut


class CallIn(Input):
    kind: Literal["discovery", "reference"]
    held_on: Day
    person: str = Field(min_length=1, max_length=120)
    organisation: str = Field("", max_length=200)
    notes: str = Field(min_length=1, max_length=5000)


class CallOut(Schema):
    id: int
    candidate_id: int
    kind: str
    held_on: dt.date
    person: str
    organisation: str
    notes: str
    created_at: dt.datetime


class ValidationIn(Input):
    kind: Literal["site_visit", "sample_project", "third_party_audit"]
    done_on: Day
    result: Literal["passed", "failed", "conditional"]
    notes: str = Field(min_length=1, max_length=5000)


class ValidationOut(Schema):
    id: int
    candidate_id: int
    kind: str
    done_on: dt.date
    result: str
    notes: str
    created_at: dt.datetime


class EvaluationScoreIn(Input):
    """A weighted criterion takes `score` 0..5, a must-have takes `met`."""

    criterion_id: RecordId
    score: Score | None = None
    met: bool | None = None


class EvaluationIn(Input):
    """Your whole scorecard (PUT replaces it): criteria left out are not scored."""

    scores: list[EvaluationScoreIn] = Field(max_length=domain.MAX_CRITERIA)
    comment: str = Field("", max_length=5000)
    version: Version | None = None


class EvaluationScoreOut(Schema):
    criterion_id: int
    score: int | None
    met: bool | None


class EvaluationOut(Schema):
    id: int
    candidate_id: int
    evaluator_id: int
    comment: str
    submitted_at: dt.datetime
    version: int
    scores: list[EvaluationScoreOut]

    @staticmethod
    def resolve_scores(obj: Any) -> list[Any]:
        return list(obj.scores.all())


# --- pilots and ramp-up ---------------------------------------------------------------------

OutcomeValue = Literal["pending", "passed", "failed"]


class PilotIn(Input):
    candidate_id: RecordId | None = None
    scope: str = Field(min_length=1, max_length=5000)
    starts_on: Day
    ends_on: Day
    success_criteria: str = Field(min_length=1, max_length=5000)
    outcome: OutcomeValue = "pending"
    evidence: str = Field("", max_length=5000, description="Required once passed or failed")
    decided_on: Day | None = None


class PilotChange(Input):
    scope: str | None = Field(None, min_length=1, max_length=5000)
    starts_on: Day | None = None
    ends_on: Day | None = None
    success_criteria: str | None = Field(None, min_length=1, max_length=5000)
    outcome: OutcomeValue | None = None
    evidence: str | None = Field(None, max_length=5000)
    decided_on: Day | None = None
    version: Version | None = None

    check_not_null = field_validator(
        "scope", "starts_on", "ends_on", "success_criteria", "outcome", "evidence", "version",
        mode="before",
    )(reject_null)  # fmt: skip


class PilotOut(Schema):
    id: int
    supplier_id: int
    candidate_id: int | None
    scope: str
    starts_on: dt.date
    ends_on: dt.date
    success_criteria: str
    outcome: str
    evidence: str
    decided_on: dt.date | None
    decided_by_id: int | None
    version: int


class RampStageIn(Input):
    stage: Literal["pilot", "limited_volume", "full_volume"]
    volume_allowed: Money | None = None
    volume_unit: str = Field("", max_length=40)
    starts_on: Day
    note: str = Field("", max_length=5000)


class RampStageOut(Schema):
    id: int
    supplier_id: int
    stage: str
    volume_allowed: Decimal | None
    volume_unit: str
    starts_on: dt.date
    note: str
    current: bool = False


# --- the review of prospects' registrations ----------------------------------------------

RegistrationStatusValue = Literal["pending", "approved", "declined"]


class RegistrationOut(Schema):
    """A company's registration as a prospect supplier. The password is never part of it."""

    id: int
    company_name: str
    country: str
    category: CategoryRef | None
    website: str
    offer: str
    contact_name: str
    email: str
    username: str
    status: RegistrationStatusValue
    created_at: dt.datetime
    decided_by: PersonRef | None
    decided_at: dt.datetime | None
    decision_note: str
    supplier_id: int | None
    contact_id: int | None
    user_id: int | None

    @staticmethod
    def resolve_country(obj: Any) -> str:
        return str(obj.country.code or "")


class ApproveIn(Schema):
    project: int | None = Field(
        None,
        ge=1,
        le=2**63 - 1,
        description="The open sourcing project the new prospect becomes a candidate of; "
        "required while any project is open.",
    )


class DeclineIn(Schema):
    note: str = Field(min_length=1, max_length=2000, description="Why; e-mailed to the registrant.")
