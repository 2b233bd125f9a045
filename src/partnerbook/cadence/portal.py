"""The supplier's side of the cadence in the portal: the health checks waiting for their
answers, and their upcoming meetings with us.

A health check stays open for the supplier's answers for `ANSWER_DAYS` days after our side
held it; within that window the supplier may change its answers (the history keeps every
version), afterwards the check is closed and its answers are final."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from partnerbook.accounts.models import User
from partnerbook.accounts.notifications import notify
from partnerbook.accounts.policy import require
from partnerbook.core.audit import save_audited
from partnerbook.suppliers.models import Supplier

from . import domain, services
from .models import CadenceItem, HealthCheck, HealthCheckAnswers

SUPPLIER_WROTE = "portal.supplier_wrote"  # registered by the portal app
ANSWER_DAYS = 60


def closes_on(check: HealthCheck) -> dt.date:
    return check.held_on + dt.timedelta(days=ANSWER_DAYS)


def is_open(check: HealthCheck, today: dt.date | None = None) -> bool:
    return (today or timezone.localdate()) <= closes_on(check)


@dataclass(frozen=True)
class PortalCheck:
    check: HealthCheck
    answers: HealthCheckAnswers | None  # the supplier side's, if given
    open: bool
    closes_on: dt.date


def _portal_checks(user: User) -> Any:
    require(user, "portal.use")
    visible = Supplier.objects.visible_to(user).values("pk")
    return HealthCheck.objects.filter(supplier__in=visible)


def _view(check: HealthCheck, today: dt.date) -> PortalCheck:
    theirs = next((a for a in check.answers.all() if a.side == "supplier"), None)
    return PortalCheck(check, theirs, is_open(check, today), closes_on(check))


def checks_for(user: User, today: dt.date | None = None) -> list[PortalCheck]:
    """The health checks of the user's supplier still open for answers, newest first, with
    the supplier side's answers (two queries). Our side's answers are not part of it."""
    today = today or timezone.localdate()
    checks = (
        _portal_checks(user)
        .filter(held_on__gte=today - dt.timedelta(days=ANSWER_DAYS))
        .prefetch_related("answers")
        .order_by("-held_on", "-pk")
    )
    return [_view(c, today) for c in checks]


def check_for(user: User, check_id: int) -> HealthCheck:
    """One health check of the user's own supplier; another supplier's answers 404."""
    check = _portal_checks(user).select_related("supplier").filter(pk=check_id).first()
    if check is None:
        raise Http404("No such health check.")
    require(user, "portal.use", check)
    return check


@transaction.atomic
def answer_check(actor: User, check: HealthCheck, answers: Mapping[str, Any]) -> HealthCheckAnswers:
    """The supplier side's answers to `check`, given by the supplier's own portal user: the
    first answers are attached with `services.record_answers`; later ones replace them while
    the check is open."""
    require(actor, "portal.use", check)
    if not is_open(check):
        raise ValidationError(
            {"check": f"This health check closed for answers on {closes_on(check):%d %b %Y}."}
        )
    existing = (
        HealthCheckAnswers.objects.select_for_update()
        .filter(check_record=check, side="supplier")
        .first()
    )
    if existing is None:
        record = services.record_answers(actor, check, "supplier", answers)
    else:
        fresh = services._answers(check, "supplier", actor, answers)
        for q in domain.QUESTIONS:
            setattr(existing, q, getattr(fresh, q))
            setattr(existing, f"{q}_comment", getattr(fresh, f"{q}_comment"))
        existing.answered_by = actor
        save_audited(existing, actor, "Supplier answers to the health check changed.")
        record = existing
    supplier = check.supplier
    notify(
        SUPPLIER_WROTE,
        [supplier.relationship_owner],
        f"{supplier.name} answered the health check",
        f"{actor.display_name} of {supplier.name} answered the relationship health check of "
        f"{check.held_on:%d %b %Y} in the supplier portal.\n"
        "Both sides' answers are on the health check's page in Partnerbook.",
    )
    return record


@dataclass(frozen=True)
class PortalMeeting:
    item: CadenceItem
    next_start: dt.datetime | None  # None: not scheduled yet


def meetings_for(user: User, now: dt.datetime | None = None) -> list[PortalMeeting]:
    """The user's supplier meetings with the supplier's side (`services.portal_items`), the
    scheduled ones first by their next start (one query)."""
    now = now or timezone.now()
    found = []
    for item in services.portal_items(user):
        start = (
            domain.next_occurrence(item.planned_start, item.interval_days, now)
            if item.planned_start is not None
            else None
        )
        found.append(PortalMeeting(item, start))
    far = now + dt.timedelta(days=100 * 365)
    return sorted(found, key=lambda m: (m.next_start or far, m.item.pk))


def meeting_for(user: User, item_id: int) -> CadenceItem:
    item = services.portal_items(user).filter(pk=item_id).first()
    if item is None:
        raise Http404("No such meeting.")
    require(user, "portal.use", item)
    return item


# --- portal shapes --------------------------------------------------------------------------


def check_out(view: PortalCheck) -> Any:
    """The portal's shape of a check: the supplier side's answers only."""
    from .portal_schemas import PortalHealthCheckOut, PortalQuestionOut

    answers = view.answers
    return PortalHealthCheckOut(
        id=view.check.pk,
        held_on=view.check.held_on,
        closes_on=view.closes_on,
        open=view.open,
        answered=answers is not None,
        questions=[
            PortalQuestionOut(
                key=key,
                question=text,
                score=getattr(answers, key) if answers else None,
                comment=getattr(answers, f"{key}_comment") if answers else "",
            )
            for key, text in domain.QUESTIONS.items()
        ],
    )


def checks_out(user: User, today: dt.date | None = None) -> list[Any]:
    return [check_out(v) for v in checks_for(user, today)]


def meetings_out(user: User, now: dt.datetime | None = None) -> list[Any]:
    """The portal's shape of the user's meetings (one query)."""
    from django.urls import reverse

    from .portal_schemas import PortalMeetingOut

    found = []
    for m in meetings_for(user, now):
        item = m.item
        end = m.next_start + services._duration(item) if m.next_start is not None else None
        found.append(
            PortalMeetingOut(
                id=item.pk,
                meeting=item.label,
                every_days=item.interval_days,
                next_start=m.next_start,
                next_end=end,
                location=item.location,
                their_level=item.get_their_level_display() if item.their_level else "",
                with_us=item.owner.display_name,
                ics_url=(
                    reverse("portal_cadence:meeting_ics", args=[item.pk])
                    if m.next_start is not None
                    else None
                ),
            )
        )
    return found
