"""The supplier portal's home: the cards every app registered for a supplier's contact."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from partnerbook.accounts.policy import AuthenticatedRequest, portal_view
from partnerbook.core import registry

from . import queries


@portal_view
def home(request: AuthenticatedRequest) -> HttpResponse:
    cards = []
    for card in registry.portal_cards():
        context = card.context(request.user)
        if context is not None:
            cards.append(
                {
                    "key": card.key,
                    "title": card.title,
                    "template": card.template,
                    "context": context,
                }
            )
    return render(request, "portal/home.html", {"home": queries.home(request.user), "cards": cards})
