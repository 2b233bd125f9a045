"""What the portal shows a supplier's contact about their own relationship. Field-level:
a schema here lists exactly the fields that may leave the buying side; internal scores and
notes have no field to travel in."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field, StrictBool

from partnerbook.core.schema_types import Day, Input
from partnerbook.suppliers.schemas import PublicSupplierOut

from .models import MAX_PROPOSAL, MAX_TEXT, MAX_TITLE


class PortalPersonOut(Schema):
    """Someone on the buying side, as a supplier's contact sees them."""

    name: str
    email: str


class PortalHomeOut(Schema):
    supplier: PublicSupplierOut
    you: str
    owner: PortalPersonOut | None


# --- the supplier's voice: suggestions, early warnings, concerns --------------------------------
# (Kept in this module with the portal's other shapes; `Input` refuses unknown keys.)

MessageKind = Literal["suggestion", "early_warning"]
ConcernTopic = Literal["communication", "planning", "payment", "conduct", "fairness", "other"]
ReplyStatus = Literal["acknowledged", "taken_up", "declined"]


class PortalMessageIn(Input):
    """A suggestion or an early warning for us."""

    kind: MessageKind
    title: str = Field(min_length=1, max_length=MAX_TITLE)
    text: str = Field(min_length=1, max_length=MAX_TEXT)
    proposal: str = Field(
        "",
        max_length=MAX_PROPOSAL,
        description="A suggestion: what you propose we do. An early warning: the likely impact.",
    )
    due_by: Day | None = Field(None, description="Early warnings only: by when it matters")


class PortalMessageOut(Schema):
    """A suggestion or an early warning your supplier sent, and our answer."""

    id: int
    kind: str
    title: str
    text: str
    proposal: str
    due_by: dt.date | None
    sent_at: dt.datetime
    sent_by: str
    status: str
    status_label: str
    reply: str
    replied_at: dt.datetime | None
    replied_by: str


class PortalConcernIn(Input):
    """A concern about how the relationship works. With `anonymous`, we keep nothing about who
    raised it."""

    topic: ConcernTopic
    text: str = Field(min_length=1, max_length=MAX_TEXT)
    anonymous: StrictBool = False


class PortalConcernOut(Schema):
    """A concern as it was received. It carries no name, for anonymous and named ones alike."""

    topic: str
    topic_label: str
    text: str
    anonymous: bool
    raised_on: dt.date
    read_on: dt.date | None
    note: str


class VoiceMessageOut(Schema):
    """A suggestion or an early warning a supplier sent through the portal (our side)."""

    id: int
    supplier_id: int
    kind: str
    title: str
    text: str
    proposal: str
    due_by: dt.date | None
    created_at: dt.datetime
    sent_by: str
    status: str
    reply: str
    replied_at: dt.datetime | None
    replied_by: str


class VoiceConcernOut(Schema):
    """A concern our side may read: `raised_by` is "a contact at <supplier>" when it was raised
    anonymously."""

    id: str
    topic: str
    text: str
    anonymous: bool
    raised_on: dt.date
    raised_by: str
    acknowledged_on: dt.date | None


class SupplierVoiceOut(Schema):
    supplier_id: int
    messages: list[VoiceMessageOut]
    concerns: list[VoiceConcernOut]
    anonymous_held_back: int = Field(
        description="Anonymous concerns not shown until the supplier has enough of them"
    )
    anonymous_minimum: int


class VoiceReplyIn(Input):
    """Our answer to a suggestion or an early warning; not taking it up needs a reason."""

    status: ReplyStatus
    reply: str = Field("", max_length=MAX_TEXT)
