"""The supplier portal's Questions pages: their supplier's questions, asking a new one,
and one thread with the reply form. Portal users only; another supplier's is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from partnerbook.accounts.policy import AuthenticatedRequest, portal_view, require
from partnerbook.suppliers.views import apply_errors

from . import portal, services
from .forms import MessageForm, TicketForm


@portal_view
def tickets(request: AuthenticatedRequest) -> HttpResponse:
    """Their questions, and the form to ask a new one."""
    status = 200
    form = TicketForm()
    if request.method == "POST":
        form = TicketForm(request.POST)
        if form.is_valid():
            try:
                ticket = services.open_ticket(
                    request.user, form.cleaned_data["subject"], form.cleaned_data["message"]
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Thank you, your question is with us."))
                return redirect("portal_tickets:ticket", ticket_id=ticket.pk)
        status = 400
    context = {"tickets": portal.tickets(request.user), "form": form}
    return render(request, "tickets/portal/list.html", context, status=status)


@portal_view
def ticket(request: AuthenticatedRequest, ticket_id: int) -> HttpResponse:
    """One question with its thread; a reply while it is open."""
    found = portal.ticket_for(request.user, ticket_id)
    if found is None:
        raise Http404("No such question.")
    require(request.user, "portal.use", found)
    status = 200
    form = MessageForm()
    if request.method == "POST":
        form = MessageForm(request.POST)
        if form.is_valid():
            try:
                services.reply(request.user, found, form.cleaned_data["message"])
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Message sent."))
                return redirect("portal_tickets:ticket", ticket_id=found.pk)
        status = 400
    context = {"ticket": portal.detail(found), "form": form if found.status == "open" else None}
    return render(request, "tickets/portal/ticket.html", context, status=status)
