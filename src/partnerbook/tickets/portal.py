"""What the supplier portal shows of questions: portal querysets turned into portal
schemas (no supplier other than the user's own; the thread holds no internal notes)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from . import services
from .models import Ticket, TicketMessage
from .schemas import PortalTicketDetailOut, PortalTicketMessageOut, PortalTicketOut


def _name(user: Any, fallback: str) -> str:
    return user.display_name if user is not None else fallback


def ticket_out(ticket: Ticket, count: int | None = None) -> PortalTicketOut:
    return PortalTicketOut(
        id=ticket.pk, subject=ticket.subject, status=ticket.status,  # type: ignore[arg-type]
        opened_by=_name(ticket.opened_by, _("Your team")), created_at=ticket.created_at,
        updated_at=ticket.updated_at,
        message_count=count if count is not None else getattr(ticket, "message_count", 0),
        url=reverse("portal_tickets:ticket", args=[ticket.pk]),
    )  # fmt: skip


def message_out(message: TicketMessage) -> PortalTicketMessageOut:
    fallback = _("Your team") if message.from_supplier else _("Our team")
    return PortalTicketMessageOut(
        id=message.pk, author=_name(message.author, fallback),
        from_your_side=message.from_supplier, body=message.body, created_at=message.created_at,
    )  # fmt: skip


def tickets(user: Any) -> list[PortalTicketOut]:
    """The user's supplier's questions, open ones first (one query)."""
    found = Ticket.objects.visible_to(user).for_list()[: services.LIST_LIMIT]
    return [ticket_out(t) for t in found]


def detail(ticket: Ticket) -> PortalTicketDetailOut:
    """The ticket with its thread (one query for the messages)."""
    messages = services.messages_of(ticket)
    base = ticket_out(ticket, len(messages))
    return PortalTicketDetailOut(**base.model_dump(), messages=[message_out(m) for m in messages])


def ticket_for(user: Any, ticket_id: int) -> Ticket | None:
    return services.ticket_for(user, ticket_id)


def home_card(user: Any) -> dict[str, Any] | None:
    """The portal home's card: open questions and a link to ask one (one query)."""
    open_ones = [t for t in tickets(user) if t.status == "open"][:5]
    return {"open": open_ones}
