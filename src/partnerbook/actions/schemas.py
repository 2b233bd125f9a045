"""API shapes of action items."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.utils import timezone
from ninja import Schema
from pydantic import Field, field_validator

from partnerbook.core.schema_types import Day, Input, RecordId, Version, reject_null

from .models import ActionItem

StatusValue = Literal["open", "done", "dropped"]


class ActionItemFilters(Schema):
    """Query parameters of action-item lists."""

    status: StatusValue | None = Field(None, description="Only items in this status")
    mine: bool = Field(False, description="True: only items I own")

    def apply(self, queryset: Any, user: Any) -> Any:
        if self.status is not None:
            queryset = queryset.filter(status=self.status)
        if self.mine:
            queryset = queryset.filter(owner=user)
        return queryset


class ActionItemIn(Input):
    """A new action item. The owner is a colleague (`owner_id`) or a person of the
    supplier (`owner_contact_id`), or nobody yet."""

    title: str = Field(min_length=1, max_length=200)
    detail: str = Field("", max_length=5000)
    owner_id: RecordId | None = Field(None, description="Id of a colleague")
    owner_contact_id: RecordId | None = Field(
        None, description="Id of a contact on the supplier's side"
    )
    due_on: Day | None = None
    status: StatusValue = "open"
    done_on: Day | None = Field(None, description="For status done: default today")


class ActionItemPatch(Input):
    """Fields to change; anything left out stays as it is. Null clears an owner or due day."""

    title: str | None = Field(None, min_length=1, max_length=200)
    detail: str | None = Field(None, max_length=5000)
    owner_id: RecordId | None = None
    owner_contact_id: RecordId | None = None
    due_on: Day | None = None
    status: StatusValue | None = None
    done_on: Day | None = Field(None, description="For status done: default today")
    version: Version | None = None

    check_not_null = field_validator("title", "detail", "status", mode="before")(reject_null)


class ActionItemOut(Schema):
    id: int
    supplier_id: int
    title: str
    detail: str
    owner_id: int | None
    owner_name: str = Field(description="Our owner's name, or empty")
    owner_contact_id: int | None
    owner_contact_name: str = Field(description="The supplier-side owner's name, or empty")
    due_on: dt.date | None
    status: StatusValue
    done_on: dt.date | None
    overdue: bool
    source: str = Field(description='What raised it, e.g. "plan.objective"; empty: stand-alone')
    source_id: int | None = Field(description="Id of the record that raised it")
    version: int = Field(description="Send it back with a change to detect conflicting edits")
    created_at: dt.datetime
    progress_note: str = Field(description="The supplier-side owner's latest progress note")

    @staticmethod
    def resolve_owner_name(obj: ActionItem) -> str:
        return str(obj.owner.display_name) if obj.owner else ""

    @staticmethod
    def resolve_owner_contact_name(obj: ActionItem) -> str:
        return obj.owner_contact.name if obj.owner_contact else ""

    @staticmethod
    def resolve_overdue(obj: ActionItem) -> bool:
        return obj.status == "open" and obj.due_on is not None and obj.due_on < timezone.localdate()


# --- the supplier portal ----------------------------------------------------------------------

PortalStatusValue = Literal["open", "done"]


class PortalActionOut(Schema):
    """An action item as its supplier-side owner sees it in the portal: what, by when, what
    raised it and their own progress note. Who on our side created it, and our internal
    working fields, are not shown."""

    id: int
    title: str
    detail: str
    due_on: dt.date | None
    status: StatusValue
    done_on: dt.date | None
    overdue: bool
    raised_by: str = Field(description="What raised it: a review, an issue, onboarding...")
    progress_note: str
    progress_noted_at: dt.datetime | None
    version: int = Field(description="Send it back with a change to detect conflicting edits")

    @staticmethod
    def resolve_overdue(obj: ActionItem) -> bool:
        return obj.status == "open" and obj.due_on is not None and obj.due_on < timezone.localdate()

    @staticmethod
    def resolve_raised_by(obj: ActionItem) -> str:
        from .services import source_label

        return source_label(obj.source)


class PortalActionPatch(Input):
    """What the supplier-side owner may change: the status (open or done) and a progress
    note. Anything left out stays as it is."""

    status: PortalStatusValue | None = None
    progress_note: str | None = Field(None, max_length=2000)
    version: Version | None = None

    check_not_null = field_validator("status", "progress_note", mode="before")(reject_null)
