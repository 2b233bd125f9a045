"""API shapes of portal invitations. The link's token is never part of them."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Schema

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
