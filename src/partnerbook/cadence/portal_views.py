"""The supplier portal's Meetings page: the supplier's meetings with us, a calendar file per
meeting and a personal calendar feed (supplier contacts only)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_POST

from partnerbook.accounts.policy import AuthenticatedRequest, portal_view

from . import portal, services
from .views import _ics

NEXT_MEETINGS = 3


def _page(request: AuthenticatedRequest, feed_url: str | None = None) -> HttpResponse:
    return render(
        request,
        "cadence/portal/meetings.html",
        {
            "meetings": portal.meetings_out(request.user),
            "has_feed": services.has_feed(request.user),
            "feed_url": feed_url,
        },
    )


@portal_view
def meetings(request: AuthenticatedRequest) -> HttpResponse:
    return _page(request)


@require_POST
@portal_view
def feed_rotate(request: AuthenticatedRequest) -> HttpResponse:
    token = services.rotate_feed_token(request.user)
    url = request.build_absolute_uri(reverse("api:cadence_feed", kwargs={"token": token}))
    return _page(request, feed_url=url)


@portal_view
def meeting_ics(request: AuthenticatedRequest, item_id: int) -> HttpResponse:
    item = portal.meeting_for(request.user, item_id)
    if item.planned_start is None:
        raise Http404("This meeting has no planned time yet.")
    with translation.override("en"):  # a calendar file, English like the calendar feed
        content = services.item_calendar(item)
    return _ics(content, f"{item.kind}.ics")


def next_meetings_card(user: Any) -> dict[str, Any] | None:
    found = portal.meetings_out(user)
    return {"meetings": [m for m in found if m.next_start is not None][:NEXT_MEETINGS]}
