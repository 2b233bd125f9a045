"""Reads for the portal's own pages: only what a supplier's contact may see of the
relationship, through `visible_to` querysets and portal schemas."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext, gettext_noop

from partnerbook.accounts.policy import require
from partnerbook.suppliers.models import Supplier

from .models import Concern, SupplierMessage
from .schemas import PortalConcernOut, PortalHomeOut, PortalMessageOut


def home(user: Any) -> PortalHomeOut:
    """The signed-in portal user's supplier (public fields) and who looks after it on the
    buying side, in one query. Our other people and the contact map stay internal."""
    supplier = (
        Supplier.objects.visible_to(user)
        .select_related("relationship_owner")
        .get(pk=user.supplier_id)
    )
    owner = supplier.relationship_owner
    return PortalHomeOut.model_validate(
        {
            "supplier": supplier,
            "you": user.display_name,
            "owner": (
                {"name": owner.display_name, "email": owner.email}
                if owner is not None and owner.is_active
                else None
            ),
        }
    )


def contacts_card(user: Any) -> dict[str, Any] | None:
    return {"home": home(user)}


# --- the supplier's voice -----------------------------------------------------------------------

# Marked here, translated where shown (the portal's message; the API keeps English).
ANONYMOUS_NOTE = gettext_noop(
    "Received. It was raised anonymously: we kept nothing about who raised it, so it is not "
    "listed anywhere in the portal, not even for you."
)
NAMED_NOTE = gettext_noop("Received. Your relationship owner has been told.")


def message_out(message: SupplierMessage) -> PortalMessageOut:
    """A message as the portal shows it; `message` needs `author` and `replied_by` loaded."""
    return PortalMessageOut(
        id=message.pk,
        kind=message.kind,
        title=message.title,
        text=message.text,
        proposal=message.proposal,
        due_by=message.due_by,
        sent_at=message.created_at,
        sent_by=message.author.display_name,
        status=message.status,
        status_label=message.get_status_display(),
        reply=message.reply,
        replied_at=message.replied_at,
        replied_by=message.replied_by.display_name if message.replied_by else "",
    )


def _portal_messages(user: Any) -> Any:
    return SupplierMessage.objects.for_portal(user).select_related("author", "replied_by")


def portal_messages(user: Any, limit: int | None = None) -> list[PortalMessageOut]:
    """The suggestions and early warnings of the user's own supplier, newest first (one
    query)."""
    rows = _portal_messages(user).order_by("-created_at", "-pk")
    return [message_out(m) for m in (rows[:limit] if limit else rows)]


def portal_message(user: Any, pk: int) -> PortalMessageOut:
    """One message of the user's own supplier; another supplier's is a 404."""
    message = get_object_or_404(_portal_messages(user), pk=pk)
    require(user, "portal.use", message)
    return message_out(message)


def concern_out(concern: Concern) -> PortalConcernOut:
    return PortalConcernOut(
        topic=concern.topic,
        topic_label=concern.get_topic_display(),
        text=concern.text,
        anonymous=concern.anonymous,
        raised_on=concern.raised_on,
        read_on=concern.acknowledged_on,
        note=gettext(ANONYMOUS_NOTE if concern.anonymous else NAMED_NOTE),
    )


def own_concerns(user: Any) -> list[PortalConcernOut]:
    """The concerns the user raised by name, newest first (one query). Anonymous concerns
    are listed to nobody: nothing links them to anyone."""
    if not user.supplier_id:
        return []
    rows = Concern.objects.filter(
        supplier_id=user.supplier_id, author=user, anonymous=False
    ).order_by("-raised_on", "id")
    return [concern_out(c) for c in rows]


def voice_card(user: Any) -> dict[str, Any] | None:
    """The "Your voice" card: the supplier's latest messages and our answers (one query)."""
    return {"messages": portal_messages(user, limit=3)}
