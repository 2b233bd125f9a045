"""API shapes of portal invitations and of the caller's two-factor state. The link's token and
the two-factor secrets are never part of them."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema

from partnerbook.core.api_shapes import PersonRef, SupplierRef

InvitationStatusValue = Literal["pending", "accepted", "revoked", "expired"]


class InvitationContactRef(Schema):
    id: int
    name: str


class InvitationOut(Schema):
    id: int
    supplier: SupplierRef
    contact: InvitationContactRef
    email: str
    status: InvitationStatusValue
    invited_by: PersonRef
    created_at: dt.datetime
    expires_at: dt.datetime
    accepted_at: dt.datetime | None
    revoked_at: dt.datetime | None
    user_id: int | None

    @staticmethod
    def resolve_status(obj: Any) -> str:
        return str(obj.status)


class TwoFactorStateOut(Schema):
    """The caller's two-factor sign-in. Secrets and codes are never part of it."""

    enabled: bool
    recovery_codes_left: int = Field(ge=0)
