"""Reads and writes of supplier questions (tickets). Portal pages, our pages and the API
all come through here. Every message e-mails the other side: the relationship owner when
the supplier writes (SUPPLIER_WROTE), the ticket's portal participants when we answer
(WE_REPLIED)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from partnerbook.accounts.models import Role, User
from partnerbook.accounts.notifications import notify
from partnerbook.accounts.policy import can, require
from partnerbook.core import events
from partnerbook.core.audit import save_audited
from partnerbook.portal.apps import SUPPLIER_WROTE, WE_REPLIED
from partnerbook.suppliers.models import Supplier

from .models import BODY_LIMIT, SUBJECT_LIMIT, Ticket, TicketMessage

LIST_LIMIT = 200
THREAD_LIMIT = 500


def _is_portal(user: Any) -> bool:
    return getattr(user, "role", None) == Role.SUPPLIER_CONTACT


def _text(field: str, value: Any, limit: int, missing: str) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise ValidationError({field: missing})
    if "\x00" in text:
        raise ValidationError({field: _("Remove the invalid characters.")})
    if len(text) > limit:
        raise ValidationError(
            {
                field: _("Keep it under %(limit)s characters.")
                % {"limit": number_format(limit, force_grouping=True)}
            }
        )
    return text


def _link(url_name: str, ticket: Ticket) -> str:
    return f"{settings.PARTNERBOOK_BASE_URL}{reverse(url_name, args=[ticket.pk])}"


# --- writes ---------------------------------------------------------------------------------


@transaction.atomic
def open_ticket(user: User, subject: Any, message: Any) -> Ticket:
    """A portal user asks their question: a new ticket of their supplier with its first
    message. The relationship owner is e-mailed."""
    require(user, "portal.use")
    subject = _text("subject", subject, SUBJECT_LIMIT, _("Give your question a short subject."))
    body = _text("message", message, BODY_LIMIT, _("Write your question."))
    supplier = Supplier.objects.select_related("relationship_owner").get(pk=user.supplier_id)
    ticket = Ticket(supplier=supplier, subject=subject, opened_by=user)
    save_audited(ticket, user, "Question asked through the portal.")
    _add_message(ticket, user, body)
    return ticket


def _add_message(ticket: Ticket, user: User, body: str) -> TicketMessage:
    from_supplier = _is_portal(user)
    message = TicketMessage(ticket=ticket, author=user, from_supplier=from_supplier, body=body)
    save_audited(message, user, "Message written.", validate_constraints=False)
    supplier = ticket.supplier
    if from_supplier:
        events.publish("portal.message_received", {
            "kind": "question", "ticket_id": ticket.pk, "message_id": message.pk,
            "supplier_id": supplier.pk, "supplier_name": supplier.name, "title": ticket.subject,
            "author": user.display_name})  # fmt: skip
        notify(
            SUPPLIER_WROTE, [supplier.relationship_owner],
            f"{supplier.name} asks: {ticket.subject}",
            f"{user.display_name} of {supplier.name} wrote:\n\n{body}\n\n"
            f"Answer on the supplier's Questions tab: {_link('tickets:ticket', ticket)}",
        )  # fmt: skip
    else:
        notify(
            WE_REPLIED, participants(ticket), f"Answer to your question: {ticket.subject}",
            f"{user.display_name} answered:\n\n{body}\n\n"
            f"See the whole thread on your portal: "
            f"{_link('portal_tickets:ticket', ticket)}",
        )  # fmt: skip
    return message


@transaction.atomic
def reply(user: User, ticket: Ticket, body: Any) -> TicketMessage:
    """Add a message to an open ticket: a portal user of its supplier, or someone on our
    side who may log the relationship (`relationship.log`)."""
    if _is_portal(user):
        require(user, "portal.use", ticket)
    else:
        require(user, "relationship.log", ticket.supplier)
    text = _text("message", body, BODY_LIMIT, _("Write your message."))
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if locked.status != Ticket.Status.OPEN:
        raise ValidationError(
            {"message": _("This question is closed. Ask a new one if something is still open.")}
        )
    message = _add_message(ticket, user, text)
    # Touch the ticket so that it rises to the top of the lists.
    Ticket.objects.filter(pk=ticket.pk).update(updated_at=timezone.now())
    return message


@transaction.atomic
def close(user: User, ticket: Ticket) -> Ticket:
    """Our side closes an answered question (`relationship.log`)."""
    require(user, "relationship.log", ticket.supplier)
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if locked.status == Ticket.Status.CLOSED:
        raise ValidationError({"status": _("This question is already closed.")})
    locked.status = Ticket.Status.CLOSED
    locked.closed_by = user
    locked.closed_at = timezone.now()
    save_audited(locked, user, "Question closed.")
    return locked


# --- reads ----------------------------------------------------------------------------------


def participants(ticket: Ticket) -> list[User]:
    """The supplier's portal users in the thread: who opened it and who wrote in it (one
    query)."""
    authors = TicketMessage.objects.filter(ticket=ticket, from_supplier=True).values("author_id")
    return list(
        User.objects.filter(
            Q(pk__in=authors) | Q(pk=ticket.opened_by_id or 0), role=Role.SUPPLIER_CONTACT
        ).order_by("pk")
    )


def tickets_of(supplier: Supplier) -> Any:
    """A supplier's tickets, open ones first (one query)."""
    return Ticket.objects.filter(supplier=supplier).for_list()[:LIST_LIMIT]


def ticket_for(user: Any, ticket_id: int) -> Ticket | None:
    """The ticket if `user` may see it (its supplier visible, or their own supplier's)."""
    if not (_is_portal(user) or can(user, "relationship.view")):
        return None
    found: Ticket | None = (
        Ticket.objects.visible_to(user)
        .select_related("supplier", "supplier__relationship_owner", "opened_by", "closed_by")
        .filter(pk=ticket_id)
        .first()
    )
    return found


def messages_of(ticket: Ticket) -> list[TicketMessage]:
    """The thread, oldest first, with the authors (one query)."""
    return list(
        TicketMessage.objects.filter(ticket=ticket)
        .select_related("author")
        .order_by("created_at", "pk")[:THREAD_LIMIT]
    )


def open_counts(supplier_ids: list[int]) -> dict[int, int]:
    """{supplier pk: open tickets} (one query)."""
    from django.db.models import Count

    rows = (
        Ticket.objects.filter(supplier_id__in=supplier_ids, status=Ticket.Status.OPEN)
        .order_by()
        .values("supplier_id")
        .annotate(n=Count("pk"))
    )
    return {row["supplier_id"]: row["n"] for row in rows}


def overview_card(user: Any, supplier: Supplier) -> dict[str, Any] | None:
    """The supplier overview's "Questions" card: open questions, if any (one query)."""
    count = open_counts([supplier.pk]).get(supplier.pk, 0)
    if not count:
        return None
    return {"supplier": supplier, "open": count}
