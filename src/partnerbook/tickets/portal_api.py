"""The supplier portal's question operations (mounted under /api/v1, paths /portal/...).
Portal users only; another supplier's ticket is a 404."""

# No `from __future__ import annotations`: ninja reads the annotations at import.
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Status

from partnerbook.accounts.policy import require, require_portal

from . import portal, services
from .schemas import (
    PortalTicketDetailOut,
    PortalTicketMessageOut,
    PortalTicketOut,
    TicketIn,
    TicketMessageIn,
)

router = Router(tags=["supplier portal"])


@router.get("/portal/tickets", response=list[PortalTicketOut], summary="Your questions")
def portal_tickets(request: HttpRequest) -> Any:
    """Your supplier's questions, open ones first."""
    return portal.tickets(require_portal(request))


@router.post("/portal/tickets", response={201: PortalTicketDetailOut}, summary="Ask a question")
def portal_open_ticket(request: HttpRequest, payload: TicketIn) -> Status[Any]:
    """Your relationship owner gets an e-mail and answers in the thread."""
    user = require_portal(request)
    ticket = services.open_ticket(user, payload.subject, payload.message)
    return Status(201, portal.detail(ticket))


@router.get("/portal/tickets/{ticket_id}", response=PortalTicketDetailOut, summary="One question")
def portal_ticket(request: HttpRequest, ticket_id: int) -> Any:
    user = require_portal(request)
    ticket = portal.ticket_for(user, ticket_id)
    if ticket is None:
        raise Http404("No such question.")
    require(user, "portal.use", ticket)
    return portal.detail(ticket)


@router.post(
    "/portal/tickets/{ticket_id}/messages",
    response={201: PortalTicketMessageOut},
    summary="Write in a question's thread",
)
def portal_reply(request: HttpRequest, ticket_id: int, payload: TicketMessageIn) -> Status[Any]:
    """Only while the question is open."""
    user = require_portal(request)
    ticket = portal.ticket_for(user, ticket_id)
    if ticket is None:
        raise Http404("No such question.")
    message = services.reply(user, ticket, payload.message)
    return Status(201, portal.message_out(message))
