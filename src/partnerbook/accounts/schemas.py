"""API shapes of portal invitations and registrations. Secrets (the link's token, the
chosen password) are never part of them."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema

from partnerbook.suppliers.schemas import CategoryRef, PersonRef, SupplierRef

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


class TwoFactorStateOut(Schema):
    """The caller's two-factor sign-in. Secrets and codes are never part of it."""

    enabled: bool
    recovery_codes_left: int = Field(ge=0)
