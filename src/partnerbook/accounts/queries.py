"""Reads about portal access: a supplier's open invitations and its portal users."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from .models import Invitation, Role, User


@dataclass
class PortalAccess:
    """Who of a supplier's people can use the portal, or has been invited to."""

    pending: list[Invitation]
    users: list[User]
    linked_contact_ids: set[int]
    pending_contact_ids: set[int]
    open_to_invitations: bool


def portal_access(supplier: Any) -> PortalAccess:
    """The supplier's pending invitations and portal users, in two queries."""
    pending = list(
        Invitation.objects.filter(
            supplier=supplier,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .select_related("contact", "invited_by")
        .order_by("expires_at", "pk")
    )
    users = list(
        User.objects.filter(supplier=supplier, role=Role.SUPPLIER_CONTACT)
        .select_related("contact")
        .order_by("-is_active", "username")
    )
    return PortalAccess(
        pending=pending,
        users=users,
        linked_contact_ids={u.contact_id for u in users if u.is_active and u.contact_id},
        pending_contact_ids={invitation.contact_id for invitation in pending},
        open_to_invitations=not supplier.archived and supplier.status != "exited",
    )
