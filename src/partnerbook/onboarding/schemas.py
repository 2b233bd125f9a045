"""API shapes of onboarding plans, their tasks and growth opportunities. Inputs state the
same limits as the forms and the services."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field, field_validator

from partnerbook.core.schema_types import Day, Input, RecordId, Version, reject_null

Milestone = Literal[30, 60, 90]
SideValue = Literal["ours", "supplier"]
TaskStatus = Literal["open", "done", "dropped"]
KindValue = Literal["more_volume", "new_service", "co_investment", "co_innovation"]
OpportunityStatus = Literal["idea", "in_progress", "won", "dropped"]
Criterion = Field(None, max_length=2000, description="Empty: the template's text")


class OnboardingPlanIn(Input):
    """Start the supplier's plan from the 30-60-90 template."""

    point_of_contact_id: RecordId = Field(description="Id of the colleague who leads it")
    starts_on: Day | None = Field(None, description="Default today")
    success_30: str | None = Criterion
    success_60: str | None = Criterion
    success_90: str | None = Criterion


class OnboardingPlanPatch(Input):
    """Fields to change; anything left out stays. `status: completed` closes the plan once
    no task is open. A new `starts_on` moves the open tasks' due dates along."""

    point_of_contact_id: RecordId | None = None
    starts_on: Day | None = None
    success_30: str | None = Field(None, max_length=2000)
    success_60: str | None = Field(None, max_length=2000)
    success_90: str | None = Field(None, max_length=2000)
    status: Literal["completed"] | None = None
    version: Version | None = None

    check_not_null = field_validator(
        "point_of_contact_id", "starts_on", "success_30", "success_60", "success_90", "status",
        mode="before",
    )(reject_null)  # fmt: skip


class OnboardingTaskIn(Input):
    """A task added to an active plan. Without an owner, our tasks go to the point of
    contact and the supplier's to its main contact."""

    milestone: Milestone
    side: SideValue | None = Field(None, description="Default: from the owner, else ours")
    title: str = Field(min_length=1, max_length=200)
    detail: str = Field("", max_length=5000)
    owner_id: RecordId | None = Field(None, description="Id of a colleague")
    owner_contact_id: RecordId | None = Field(
        None, description="Id of a contact on the supplier's side"
    )
    due_on: Day | None = Field(None, description="Default the milestone's last day")


class OnboardingProgressOut(Schema):
    milestone: int = Field(description="30, 60 or 90; 0 for the whole plan")
    done: int
    total: int = Field(description="Tasks counted (dropped ones are not)")
    overdue: int
    dropped: int
    percent: int
    explanation: str


class OnboardingTaskOut(Schema):
    id: int = Field(description="The action item's id (change it under /action-items/{id})")
    milestone: int
    side: SideValue
    title: str
    detail: str
    owner_id: int | None
    owner_name: str
    owner_contact_id: int | None
    owner_contact_name: str
    due_on: dt.date | None
    status: TaskStatus
    done_on: dt.date | None
    overdue: bool
    ticked_by_supplier: str = Field(
        description="The supplier's portal user who ticked it done, if they did"
    )
    version: int


class OnboardingPlanOut(Schema):
    id: int
    supplier_id: int
    point_of_contact_id: int
    point_of_contact_name: str
    starts_on: dt.date
    success_30: str
    success_60: str
    success_90: str
    status: Literal["active", "completed"]
    completed_on: dt.date | None
    version: int
    tasks: list[OnboardingTaskOut]
    progress: list[OnboardingProgressOut] = Field(description="Per milestone: 30, 60, 90")
    overall: OnboardingProgressOut


class GrowthOpportunityIn(Input):
    kind: KindValue
    title: str = Field(min_length=1, max_length=200)
    description: str = Field("", max_length=5000)
    status: OpportunityStatus = "idea"
    outcome: str = Field("", max_length=5000, description="Required when won or dropped")
    review_id: RecordId | None = Field(None, description="Id of a business review")


class GrowthOpportunityPatch(Input):
    kind: KindValue | None = None
    title: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = Field(None, max_length=5000)
    status: OpportunityStatus | None = None
    outcome: str | None = Field(None, max_length=5000)
    review_id: RecordId | None = Field(None, description="null unlinks the review")
    version: Version | None = None

    check_not_null = field_validator(
        "kind", "title", "description", "status", "outcome", mode="before"
    )(reject_null)


class GrowthOpportunityOut(Schema):
    id: int
    supplier_id: int
    kind: KindValue
    title: str
    description: str
    status: OpportunityStatus
    outcome: str
    maturity_stage: str = Field(description="The relationship's stage when it was raised")
    review_id: int | None
    raised_by_id: int | None
    created_at: dt.datetime
    version: int


# --- the supplier portal's onboarding space ---------------------------------------------


class PortalOnboardingTaskOut(Schema):
    """A task of the plan as the supplier sees it (the detail only on their own tasks)."""

    id: int = Field(description="The task's id (the same as on our side)")
    milestone: int
    side: Literal["ours", "supplier"]
    title: str
    detail: str
    due_on: dt.date | None
    status: Literal["open", "done", "dropped"]
    done_on: dt.date | None
    owner: str = Field(description="Who does it on your side (your own tasks only)")
    can_tick: bool


class PortalMilestoneOut(Schema):
    milestone: int
    label: str
    ends_on: dt.date
    success: str
    progress: str
    tasks: list[PortalOnboardingTaskOut]


class PortalPlanOut(Schema):
    status: Literal["active", "completed"]
    starts_on: dt.date
    completed_on: dt.date | None
    point_of_contact: str
    point_of_contact_email: str
    progress: str
    done: int
    total: int
    milestones: list[PortalMilestoneOut]


class PortalSharedDocumentOut(Schema):
    id: int
    title: str
    kind_label: str
    original_name: str
    download_url: str


class PortalFaqOut(Schema):
    id: int
    question: str
    answer: str


class PortalOnboardingOut(Schema):
    plan: PortalPlanOut | None
    documents: list[PortalSharedDocumentOut]
    faqs: list[PortalFaqOut]


class PortalTaskTickIn(Schema):
    done: bool


class FaqIn(Schema):
    question: str = Field(min_length=1, max_length=300, pattern=r"^[^\x00]*$")
    answer: str = Field(min_length=1, max_length=5000, pattern=r"^[^\x00]*$")
    position: int = Field(100, ge=0, le=32767)
    published: bool = True


class FaqOut(Schema):
    id: int
    question: str
    answer: str
    position: int
    published: bool
