"""Our side's pages of supplier questions: the supplier's Questions tab and one thread,
where people who may log the relationship answer and close. Thin: load, check, call a
service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnerbook.accounts.policy import AuthenticatedRequest, can, internal_view
from partnerbook.suppliers.views import apply_errors, visible_supplier

from . import services
from .forms import MessageForm
from .models import Ticket


def _ticket(request: AuthenticatedRequest, ticket_id: int) -> Ticket:
    ticket = services.ticket_for(request.user, ticket_id)
    if ticket is None:
        raise Http404("No such question.")
    return ticket


@internal_view("relationship.view")
def supplier_tickets(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The Questions tab: what the supplier asked through the portal, open ones first."""
    supplier = visible_supplier(request, pk)
    tickets = list(services.tickets_of(supplier))
    context = {
        "supplier": supplier,
        "tickets": tickets,
        "open_count": sum(1 for t in tickets if t.status == Ticket.Status.OPEN),
    }
    return render(request, "tickets/supplier.html", context)


def _thread(
    request: AuthenticatedRequest, ticket: Ticket, form: MessageForm | None, status: int = 200
) -> HttpResponse:
    can_answer = can(request.user, "relationship.log", ticket.supplier)
    context = {
        "supplier": ticket.supplier,
        "ticket": ticket,
        "messages_": services.messages_of(ticket),
        "form": (form or MessageForm()) if can_answer and ticket.status == "open" else None,
        "can_answer": can_answer,
    }
    return render(request, "tickets/ticket.html", context, status=status)


@internal_view("relationship.view")
def ticket(request: AuthenticatedRequest, ticket_id: int) -> HttpResponse:
    return _thread(request, _ticket(request, ticket_id), None)


@require_POST
@internal_view("relationship.view")
def answer(request: AuthenticatedRequest, ticket_id: int) -> HttpResponse:
    found = _ticket(request, ticket_id)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            services.reply(request.user, found, form.cleaned_data["message"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Answer sent; the supplier gets an e-mail."))
            return redirect("tickets:ticket", ticket_id=found.pk)
    return _thread(request, found, form, status=400)


@require_POST
@internal_view("relationship.view")
def close(request: AuthenticatedRequest, ticket_id: int) -> HttpResponse:
    found = _ticket(request, ticket_id)
    try:
        services.close(request.user, found)
    except ValidationError as exc:
        messages.warning(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Question closed."))
    return redirect("tickets:ticket", ticket_id=found.pk)
