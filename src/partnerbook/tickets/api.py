"""REST endpoints of supplier questions for our side (mounted under /api/v1). Thin: load
through `visible_to`, call a service, return."""

# No `from __future__ import annotations`: ninja reads the annotations at import.
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status
from ninja.pagination import paginate

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import require
from partnerbook.suppliers.api import Pagination
from partnerbook.suppliers.models import Supplier

from . import services
from .models import Ticket, TicketMessage
from .schemas import TicketDetailOut, TicketMessageIn, TicketMessageOut, TicketOut

router = Router(tags=["supplier questions"])


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


def _get(request: HttpRequest, ticket_id: int) -> Ticket:
    require(request.user, "relationship.view")
    ticket = services.ticket_for(request.user, ticket_id)
    if ticket is None:
        raise Http404("No such question.")
    return ticket


def _message(message: TicketMessage) -> dict[str, Any]:
    return {
        "id": message.pk, "author_id": message.author_id,
        "author": message.author.display_name if message.author else "",
        "from_supplier": message.from_supplier, "body": message.body,
        "created_at": message.created_at,
    }  # fmt: skip


def _detail(ticket: Ticket) -> dict[str, Any]:
    messages = services.messages_of(ticket)
    return {
        "id": ticket.pk, "supplier_id": ticket.supplier_id, "subject": ticket.subject,
        "status": ticket.status, "opened_by_id": ticket.opened_by_id,
        "created_at": ticket.created_at, "updated_at": ticket.updated_at,
        "closed_at": ticket.closed_at, "message_count": len(messages),
        "messages": [_message(m) for m in messages],
    }  # fmt: skip


@router.get(
    "/suppliers/{supplier_id}/tickets",
    response=list[TicketOut],
    summary="List a supplier's questions",
)
@paginate(Pagination)
def list_tickets(request: HttpRequest, supplier_id: int) -> Any:
    """Open ones first, latest activity first."""
    require(request.user, "relationship.view")
    supplier = get_object_or_404(Supplier.objects.visible_to(request.user), pk=supplier_id)
    return services.tickets_of(supplier)


@router.get("/tickets/{ticket_id}", response=TicketDetailOut, summary="Get a question")
def get_ticket(request: HttpRequest, ticket_id: int) -> Any:
    return _detail(_get(request, ticket_id))


@router.post(
    "/tickets/{ticket_id}/messages",
    response={201: TicketMessageOut},
    summary="Answer a supplier's question",
)
def answer_ticket(request: HttpRequest, ticket_id: int, payload: TicketMessageIn) -> Status[Any]:
    """The ticket's portal participants get an e-mail. Needs `relationship.log`."""
    ticket = _get(request, ticket_id)
    require(request.user, "relationship.log", ticket.supplier)
    message = services.reply(_user(request), ticket, payload.message)
    return Status(201, _message(message))


@router.post("/tickets/{ticket_id}/close", response=TicketDetailOut, summary="Close a question")
def close_ticket(request: HttpRequest, ticket_id: int) -> Any:
    ticket = _get(request, ticket_id)
    require(request.user, "relationship.log", ticket.supplier)
    services.close(_user(request), ticket)
    return _detail(_get(request, ticket_id))
