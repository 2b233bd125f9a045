"""API shapes of supplier issues: the issue itself, its problem-solving steps, agreed actions,
moves along the escalation path, corrective action requests (8D), joint retrospectives and
breaches of trust, and the escalation audit and resolution statistics. Inputs state the same
limits as the services."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import Field, StrictBool, field_validator

from partnerbook.core.schema_types import (
    NUMBER_ONLY,
    Day,
    Input,
    Moment,
    QueryId,
    QueryText,
    RecordId,
    Version,
    reject_null,
)

from . import domain

CategoryValue = Literal["quality", "delivery", "commercial", "communication", "invoicing", "other"]
SeverityValue = Literal["minor", "major", "critical"]
SideValue = Literal["ours", "supplier"]
StatusValue = Literal["open", "resolved"]
StepKey = Literal["define", "data", "options", "actions", "follow_up"]
DisciplineKey = Literal[
    "d1_team", "d2_problem", "d3_containment", "d4_root_cause", "d5_corrective_action",
    "d6_verification", "d7_prevention", "d8_closure",
]  # fmt: skip
BreachKind = Literal["hidden_problem", "broken_commitment"]
LevelNumber = Annotated[int, Field(ge=1, le=20), NUMBER_ONLY]
Text = Field("", max_length=domain.MAX_TEXT)


# --- filters --------------------------------------------------------------------------------


class IssueFilters(Schema):
    """Query parameters of the issue lists (the same filter as the page's)."""

    status: StatusValue | None = None
    severity: SeverityValue | None = None
    category: CategoryValue | None = None
    supplier: QueryId | None = Field(None, description="Supplier id")
    owner: QueryId | None = Field(None, description="Id of the relationship owner")
    q: QueryText | None = Field(None, max_length=200, description="Words in the title or name")

    def params(self) -> dict[str, Any]:
        return {k: v for k, v in self.model_dump().items() if v is not None}


class EscalationAuditFilters(Schema):
    category: CategoryValue | None = None
    owner: QueryId | None = Field(None, description="Id of the relationship owner")
    supplier: QueryId | None = Field(None, description="Supplier id")
    limit: int = Field(20, ge=1, le=500, description="How many of the last escalations")

    def params(self) -> dict[str, Any]:
        return {k: v for k, v in self.model_dump().items() if v is not None and k != "limit"}


class IssueStatisticsFilters(Schema):
    category: CategoryValue | None = None
    severity: SeverityValue | None = None
    owner: QueryId | None = Field(None, description="Id of the relationship owner")
    supplier: QueryId | None = Field(None, description="Supplier id")

    def params(self) -> dict[str, Any]:
        return {k: v for k, v in self.model_dump().items() if v is not None}


# --- inputs ---------------------------------------------------------------------------------


class IssueIn(Input):
    """A new issue, at level 1 of the supplier's escalation path."""

    title: str = Field(min_length=1, max_length=domain.MAX_TITLE)
    category: CategoryValue
    severity: SeverityValue
    safety_impact: StrictBool = Field(False, description="It affects safety or function")
    description: str = Text
    raised_by_side: SideValue = "ours"
    raised_at: Moment | None = Field(None, description="Default now; not in the future")


class IssuePatch(Input):
    """Fields to change; anything left out stays. Resolve and reopen have their own paths."""

    title: str | None = Field(None, min_length=1, max_length=domain.MAX_TITLE)
    category: CategoryValue | None = None
    severity: SeverityValue | None = None
    safety_impact: StrictBool | None = None
    description: str | None = Field(None, max_length=domain.MAX_TEXT)
    raised_by_side: SideValue | None = None
    version: Version | None = None

    check_not_null = field_validator(
        "title", "category", "severity", "safety_impact", "description", "raised_by_side",
        mode="before",
    )(reject_null)  # fmt: skip


class IssueResolveIn(Input):
    resolution: str = Field(
        min_length=1, max_length=domain.MAX_TEXT, description="How it was settled"
    )
    resolved_at: Moment | None = Field(None, description="Default now")
    version: Version | None = None


class IssueReopenIn(Input):
    reason: str = Field(
        min_length=1, max_length=domain.MAX_TEXT, description="Why it is open again"
    )


class IssueStepIn(Input):
    """What the step found on our side and the supplier's; anything left out stays."""

    ours: str | None = Field(None, max_length=domain.MAX_TEXT)
    theirs: str | None = Field(None, max_length=domain.MAX_TEXT, description="The supplier's input")
    held: StrictBool | None = Field(None, description="Follow-up only: did the fix hold?")

    check_not_null = field_validator("ours", "theirs", mode="before")(reject_null)


class IssueActionIn(Input):
    """An agreed action: the owner is a colleague (`owner_id`) or one of the supplier's own
    people (`owner_contact_id`)."""

    title: str = Field(min_length=1, max_length=200)
    detail: str = Field("", max_length=5000)
    owner_id: RecordId | None = Field(None, description="Id of a colleague")
    owner_contact_id: RecordId | None = Field(
        None, description="Id of a contact on the supplier's side"
    )
    due_on: Day


class IssueEscalationIn(Input):
    """A move up or down the path, with the reason (the audit reads it later)."""

    to_level: LevelNumber
    reason: str = Field(min_length=domain.MIN_REASON, max_length=domain.MAX_TEXT)
    version: Version | None = None


class CorrectiveActionIn(Input):
    due_on: Day | None = Field(None, description="Not in the past")


class DisciplineIn(Input):
    text: str = Field(min_length=1, max_length=domain.MAX_TEXT)
    side: SideValue = Field("ours", description="Which side gave the answer")


class CorrectiveActionCloseIn(Input):
    closure: str = Field(
        min_length=1, max_length=domain.MAX_TEXT, description="The D8 answer: what we learned"
    )


class RetrospectiveIn(Input):
    """A joint retrospective: input from both sides (at least one text each)."""

    milestone: str = Field(min_length=1, max_length=200)
    held_on: Day | None = Field(None, description="Default today; not in the future")
    issue_id: RecordId | None = Field(None, description="Id of an issue it looks back on")
    ours_worked: str = Text
    ours_did_not: str = Text
    ours_change: str = Text
    theirs_worked: str = Text
    theirs_did_not: str = Text
    theirs_change: str = Text


class BreachIn(Input):
    kind: BreachKind
    description: str = Field(min_length=1, max_length=domain.MAX_TEXT)
    occurred_on: Day | None = Field(None, description="Default today; not in the future")
    issue_id: RecordId | None = Field(None, description="Id of an issue of this supplier")
    recovery_plan_id: RecordId | None = Field(
        None, description="Id of a recovery plan of this supplier"
    )


# --- outputs --------------------------------------------------------------------------------


class IssueOut(Schema):
    id: int
    supplier_id: int
    supplier_name: str
    title: str
    category: CategoryValue
    severity: SeverityValue
    safety_impact: bool
    description: str
    raised_by_side: SideValue
    raised_by_id: int | None
    raised_at: dt.datetime
    status: StatusValue
    resolved_at: dt.datetime | None
    resolution: str
    level: int = Field(description="The level of the escalation path it sits at")
    level_since: dt.datetime
    resolved_level: int | None
    version: int = Field(description="Send it back with a change to detect conflicting edits")

    @staticmethod
    def resolve_supplier_name(obj: Any) -> str:
        return str(obj["supplier_name"] if isinstance(obj, dict) else obj.supplier.name)


class IssueLevelOut(Schema):
    level: int
    who: str
    time_box_days: int


class TimeBoxOut(Schema):
    level: int
    who: str
    time_box_days: int
    ends: dt.datetime
    ran_out: bool
    overdue_days: int
    next_level: int | None
    explanation: str


class IssueStepOut(Schema):
    step: StepKey
    label: str
    prompt: str
    recorded: bool
    ours: str
    theirs: str
    held: bool | None
    updated_at: dt.datetime | None
    blame_hints: list[str] = Field(description="What reads as blaming a person (saved anyway)")
    rule: str = Field(description="The no-blame rule when there are hints, else empty")


class IssueEscalationOut(Schema):
    id: int
    issue_id: int
    from_level: int
    to_level: int
    upward: bool
    reason: str
    moved_by_id: int | None
    moved_at: dt.datetime


class IssueDetailOut(IssueOut):
    path: list[IssueLevelOut]
    path_source: str = Field(description='"the agreement" or "the default path"')
    time_box: TimeBoxOut | None = Field(description="Null for a resolved issue")
    steps: list[IssueStepOut]
    escalations: list[IssueEscalationOut]
    action_ids: list[int] = Field(description="Agreed actions (action items)")
    corrective_action_id: int | None


class DisciplineOut(Schema):
    key: DisciplineKey
    label: str
    prompt: str
    answered: bool
    text: str
    side: SideValue | None
    answered_by_id: int | None
    answered_at: dt.datetime | None


class CorrectiveActionOut(Schema):
    id: int
    issue_id: int
    supplier_id: int
    opened_on: dt.date
    due_on: dt.date | None
    closed_on: dt.date | None
    version: int
    disciplines: list[DisciplineOut]
    missing: list[str] = Field(description="D1-D7 still unanswered (closing needs them)")


class RetrospectiveOut(Schema):
    id: int
    supplier_id: int
    issue_id: int | None
    milestone: str
    held_on: dt.date
    ours_worked: str
    ours_did_not: str
    ours_change: str
    theirs_worked: str
    theirs_did_not: str
    theirs_change: str
    trust_entry_id: int | None
    created_at: dt.datetime


class BreachOut(Schema):
    id: int
    supplier_id: int
    kind: BreachKind
    kind_label: str
    description: str
    occurred_on: dt.date
    issue_id: int | None
    recovery_plan_id: int | None
    trust_entry_id: int | None
    created_at: dt.datetime

    @staticmethod
    def resolve_kind_label(obj: Any) -> str:
        return domain.BREACH_KINDS.get(obj.kind, obj.kind)


class AuditFlagOut(Schema):
    rule: str
    reason: str


class AuditRowOut(Schema):
    escalation_id: int
    issue_id: int
    supplier: str
    title: str
    category: str
    severity: str
    safety_impact: bool
    raised_at: dt.datetime
    escalated_at: dt.datetime
    from_level: int
    to_level: int
    reason: str
    resolved_level: int | None
    owner: str
    flagged: bool
    flags: list[AuditFlagOut]
    why_not: str = Field(description="Why an unflagged escalation passed; empty when flagged")


class AuditHabitOut(Schema):
    rule: str
    label: str
    explanation: str
    habit: str
    count: int
    share: float


class EscalationAuditOut(Schema):
    summary: str
    audited: int
    flagged: int
    share: float | None = Field(description="Share flagged; null with nothing audited")
    habits: list[AuditHabitOut]
    rows: list[AuditRowOut]


class ResolutionCellOut(Schema):
    n: int
    median_days: float | None
    joint_n: int
    joint_median: float | None
    alone_n: int
    alone_median: float | None
    explanation: str


class IssueStatisticsOut(Schema):
    overall: ResolutionCellOut
    joint_pays_off: str
    by_severity: dict[str, ResolutionCellOut]
    by_category: dict[str, ResolutionCellOut]
    by_supplier: dict[str, ResolutionCellOut]
    by_owner: dict[str, ResolutionCellOut]


# --- the supplier portal ----------------------------------------------------------------------
# Field-level: exactly what a supplier's contact may see of an issue. The escalation moves'
# reasons, the escalation audit, breaches and who on our side recorded what stay internal.


class PortalStepOut(Schema):
    """One problem-solving step: what our side and the supplier's side wrote."""

    key: StepKey
    label: str
    prompt: str
    ours: str = Field(description="Our side's contribution (read only)")
    theirs: str = Field(description="Your side's contribution")
    held: bool | None = Field(description="Follow-up: did the fix hold?")
    updated_at: dt.datetime | None


class PortalIssueOut(Schema):
    """An issue between your company and us, as the portal shows it."""

    id: int
    title: str
    category: CategoryValue
    severity: SeverityValue
    safety_impact: bool
    description: str
    raised_by_side: SideValue = Field(description='"supplier": raised by your side')
    raised_at: dt.datetime
    status: StatusValue
    resolved_at: dt.datetime | None
    resolution: str
    level: int = Field(description="The level of the escalation path it sits at")
    level_name: str = Field(description="Who settles it at that level")
    time_box_days: int | None = Field(description="The days that level has to settle it")
    steps: list[PortalStepOut]
    corrective_action_id: int | None = Field(description="Its 8D request, if there is one")


class PortalDisciplineOut(Schema):
    key: DisciplineKey
    label: str
    prompt: str
    text: str
    answered_by_side: SideValue | None = Field(description="Who answered it (none: not yet)")
    answered_at: dt.datetime | None
    yours: bool = Field(description="True: your side answers this discipline")


class PortalCorrectiveActionOut(Schema):
    """A corrective action request (8D) on one of your company's quality issues."""

    id: int
    issue_id: int
    issue_title: str
    opened_on: dt.date
    due_on: dt.date | None
    closed_on: dt.date | None
    waiting_for_you: list[str] = Field(description="Your disciplines still to answer")
    disciplines: list[PortalDisciplineOut]


class PortalIssueIn(Input):
    """An issue your side raises with us."""

    title: str = Field(min_length=1, max_length=domain.MAX_TITLE)
    category: CategoryValue
    severity: SeverityValue
    safety_impact: StrictBool = Field(False, description="It affects safety or function")
    description: str = Field("", max_length=domain.MAX_TEXT, description="What happened")


class PortalAnswerIn(Input):
    """Your side's text for a problem-solving step or an 8D discipline."""

    text: str = Field(min_length=1, max_length=domain.MAX_TEXT)
