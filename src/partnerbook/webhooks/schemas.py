"""API shapes of outbound webhooks (administrators only)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from .models import DESCRIPTION_LIMIT, URL_LIMIT

DeliveryStatus = Literal["pending", "sent", "failed", "held"]


class WebhookIn(Schema):
    url: str = Field(min_length=1, max_length=URL_LIMIT, pattern=r"^[^\x00]*$")
    events: list[str] = Field(max_length=20, description="Event names, e.g. alert.raised")
    description: str = Field("", max_length=DESCRIPTION_LIMIT, pattern=r"^[^\x00]*$")


class WebhookPatch(Schema):
    url: str | None = Field(None, min_length=1, max_length=URL_LIMIT, pattern=r"^[^\x00]*$")
    events: list[str] | None = Field(None, max_length=20)
    description: str | None = Field(None, max_length=DESCRIPTION_LIMIT, pattern=r"^[^\x00]*$")


class WebhookOut(Schema):
    id: int
    url: str
    description: str
    events: list[str]
    active: bool
    consecutive_failures: int
    disabled_at: dt.datetime | None
    disabled_reason: str
    created_at: dt.datetime


class WebhookSecretOut(Schema):
    id: int
    secret: str = Field(description="Signs every delivery; see docs/webhooks.md.")


class WebhookCreatedOut(WebhookOut):
    secret: str


class WebhookDeliveryOut(Schema):
    id: int
    event: str
    payload: dict[str, Any]
    status: DeliveryStatus
    test: bool
    attempts: int
    next_attempt_at: dt.datetime | None
    last_attempt_at: dt.datetime | None
    response_status: int | None
    response_body: str
    error: str
    created_at: dt.datetime
    sent_at: dt.datetime | None
