"""API shapes of supplier questions (tickets): ours, and the portal's field-level ones."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

from .models import BODY_LIMIT, SUBJECT_LIMIT

TicketStatus = Literal["open", "closed"]


class TicketIn(Schema):
    subject: str = Field(min_length=1, max_length=SUBJECT_LIMIT, pattern=r"^[^\x00]*$")
    message: str = Field(min_length=1, max_length=BODY_LIMIT, pattern=r"^[^\x00]*$")


class TicketMessageIn(Schema):
    message: str = Field(min_length=1, max_length=BODY_LIMIT, pattern=r"^[^\x00]*$")


class TicketMessageOut(Schema):
    id: int
    author_id: int | None
    author: str
    from_supplier: bool
    body: str
    created_at: dt.datetime


class TicketOut(Schema):
    id: int
    supplier_id: int
    subject: str
    status: TicketStatus
    opened_by_id: int | None
    created_at: dt.datetime
    updated_at: dt.datetime
    closed_at: dt.datetime | None
    message_count: int


class TicketDetailOut(TicketOut):
    messages: list[TicketMessageOut]


# --- the supplier portal ------------------------------------------------------------------


class PortalTicketMessageOut(Schema):
    """One message of the thread as the supplier sees it."""

    id: int
    author: str
    from_your_side: bool
    body: str
    created_at: dt.datetime


class PortalTicketOut(Schema):
    id: int
    subject: str
    status: TicketStatus
    opened_by: str
    created_at: dt.datetime
    updated_at: dt.datetime
    message_count: int
    url: str


class PortalTicketDetailOut(PortalTicketOut):
    messages: list[PortalTicketMessageOut]
