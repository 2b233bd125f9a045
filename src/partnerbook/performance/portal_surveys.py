"""The portal's Surveys: one list of what waits for the supplier's answer, gathered from
the apps that own each question (our rating as a customer here, the expectation and the
alignment triangle in segmentation, the health check in cadence)."""

from __future__ import annotations

import datetime as dt

from django.utils import dateformat
from django.utils.translation import gettext as _

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import require
from partnerbook.cadence import portal as cadence_portal
from partnerbook.segmentation import portal as segmentation_portal

from . import portal
from .portal_schemas import PortalPendingOut, PortalSurveysOut


def surveys_for(user: User, today: dt.date | None = None) -> PortalSurveysOut:
    """The portal user's surveys with their answers so far, and the ones still waiting
    (a fixed number of queries)."""
    require(user, "portal.use")
    rating = portal.rating_survey(user, today)
    expectation = segmentation_portal.expectation_out(user)
    alignment = segmentation_portal.alignment_out(user)
    checks = cadence_portal.checks_out(user, today)
    pending = []
    for check in checks:
        if check.open and not check.answered:
            pending.append(
                PortalPendingOut(
                    key=f"health_check_{check.id}",
                    title=_("Relationship health check"),
                    detail=_("Five short questions on how we work together; open until %(day)s.")
                    % {"day": dateformat.format(check.closes_on, "d M Y")},
                    anchor=f"health-check-{check.id}",
                )
            )
    if not rating.answered:
        pending.append(
            PortalPendingOut(
                key="rating",
                title=_("Rate us as a customer for %(quarter)s") % {"quarter": rating.quarter},
                detail=_(
                    "Five criteria, 1 to 5: how we pay, forecast, specify, respond and treat you."
                ),
                anchor="rating",
            )
        )
    if not expectation.answered:
        pending.append(
            PortalPendingOut(
                key="expectation",
                title=_("What relationship do you expect with us?"),
                detail=_("One question, so both sides aim for the same thing."),
                anchor="expectation",
            )
        )
    if not alignment.answered:
        pending.append(
            PortalPendingOut(
                key="alignment",
                title=_("How well do we fit?"),
                detail=_("Goals, values and capabilities, 1 to 5 each, from your side."),
                anchor="alignment",
            )
        )
    return PortalSurveysOut(
        pending=pending,
        rating=rating,
        expectation=expectation,
        alignment=alignment,
        health_checks=checks,
    )
