"""Pure rules about portal invitations: when one may be sent, and whether a link still works.

No Django here: plain values in, plain values out.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from partnerbook.core.marks import gettext_noop


class InvitationStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REVOKED = "revoked"
    EXPIRED = "expired"


STATUS_LABELS = {
    InvitationStatus.PENDING: gettext_noop("Waiting for an answer"),
    InvitationStatus.ACCEPTED: gettext_noop("Accepted"),
    InvitationStatus.REVOKED: gettext_noop("Revoked"),
    InvitationStatus.EXPIRED: gettext_noop("Expired"),
}

# Why a link no longer works, in the words the invited person reads.
UNUSABLE_REASONS = {
    InvitationStatus.ACCEPTED: gettext_noop(
        "This invitation has already been used to create an account. "
        "If that was you, sign in with the user name you chose."
    ),
    InvitationStatus.REVOKED: gettext_noop(
        "This invitation was withdrawn. Ask your contact at the buying "
        "organisation to send you a new one."
    ),
    InvitationStatus.EXPIRED: gettext_noop(
        "This invitation has expired. Ask your contact at the buying "
        "organisation to send you a new one."
    ),
}


def invitation_status(
    *,
    accepted_at: dt.datetime | None,
    revoked_at: dt.datetime | None,
    expires_at: dt.datetime,
    now: dt.datetime,
) -> InvitationStatus:
    """Where an invitation stands at `now`; accepted and revoked win over expiry."""
    if accepted_at is not None:
        return InvitationStatus.ACCEPTED
    if revoked_at is not None:
        return InvitationStatus.REVOKED
    if now >= expires_at:
        return InvitationStatus.EXPIRED
    return InvitationStatus.PENDING


def invite_refusal(
    *,
    contact_side: str,
    contact_email: str,
    contact_archived: bool,
    supplier_archived: bool,
    supplier_exited: bool,
    has_active_portal_user: bool,
) -> dict[str, str]:
    """Field name -> reason for every rule an invitation would break; empty when it may go."""
    problems: dict[str, str] = {}
    if supplier_archived or supplier_exited:
        problems["supplier"] = gettext_noop(
            "This supplier is archived or has exited: its people cannot be invited to the portal."
        )
    if contact_side != "supplier":
        problems["contact"] = gettext_noop(
            "Only people on the supplier's side can be invited to the portal."
        )
    elif contact_archived:
        problems["contact"] = gettext_noop(
            "This person is archived (they left): restore them first."
        )
    elif not contact_email.strip():
        problems["contact"] = gettext_noop(
            "This person has no e-mail address: add one to their contact first."
        )
    elif has_active_portal_user:
        problems["contact"] = gettext_noop("This person already has portal access.")
    return problems


# --- self-registration of prospect suppliers ----------------------------------------------


class RegistrationStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    DECLINED = "declined"


REGISTRATION_STATUS_LABELS = {
    RegistrationStatus.PENDING: gettext_noop("Waiting for review"),
    RegistrationStatus.APPROVED: gettext_noop("Approved"),
    RegistrationStatus.DECLINED: gettext_noop("Declined"),
}


# --- single sign-on: roles from the identity provider's claim -----------------------------

# The roles single sign-on may give. Never the portal role: portal users are only ever
# matched to an account that already exists.
SSO_ROLES = frozenset({"admin", "manager", "buyer", "viewer"})


def parse_role_map(text: str) -> dict[str, str]:
    """`"pb-admins=admin, pb-buyers=buyer"` -> {"pb-admins": "admin", "pb-buyers": "buyer"}.

    Raises ValueError naming the first entry that is malformed or names a role single sign-on
    cannot give."""
    mapping: dict[str, str] = {}
    for entry in text.replace(";", ",").split(","):
        if not entry.strip():
            continue
        value, sep, role = entry.rpartition("=")
        value, role = value.strip(), role.strip()
        if not sep or not value or role not in SSO_ROLES:
            raise ValueError(
                f"{entry.strip()!r}: write claim-value=role, the role one of "
                f"{', '.join(sorted(SSO_ROLES))}."
            )
        mapping[value] = role
    return mapping


# From most to least powerful: someone in several mapped groups gets the strongest role.
_ROLE_RANK = ("admin", "manager", "buyer", "viewer")


def role_from_claim(claim: object, role_map: dict[str, str], default_role: str) -> str | None:
    """The role for a claim value: a string, or a list of strings (groups). The strongest
    mapped role wins; with nothing mapped, `default_role` ("" means: none, refuse)."""
    if isinstance(claim, str):
        values = [claim]
    elif isinstance(claim, list | tuple):
        values = [value for value in claim if isinstance(value, str)]
    else:
        values = []
    mapped = {role_map[value] for value in values if value in role_map}
    for role in _ROLE_RANK:
        if role in mapped:
            return role
    return default_role if default_role in SSO_ROLES else None
