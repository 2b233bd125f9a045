"""Portal API of segmentation: the supplier's expectation of the relationship and their side
of the alignment triangle (portal users only)."""

from django.http import HttpRequest
from ninja import Router

from partnerbook.accounts.policy import require_portal

from . import portal
from .portal_schemas import (
    PortalAlignmentIn,
    PortalAlignmentOut,
    PortalExpectationIn,
    PortalExpectationOut,
)

router = Router(tags=["supplier portal"])


@router.put("/portal/expectation", response=PortalExpectationOut, summary="Your expectation")
def put_expectation(request: HttpRequest, payload: PortalExpectationIn) -> PortalExpectationOut:
    """The level of relationship you expect with us (a maturity stage) and how much it
    matters to you (1-5). You can change it at any time."""
    user = require_portal(request)
    portal.set_expectation(user, payload.expectation, payload.importance, payload.version)
    return portal.expectation_out(user)


@router.put("/portal/alignment", response=PortalAlignmentOut, summary="Your alignment answer")
def put_alignment(request: HttpRequest, payload: PortalAlignmentIn) -> PortalAlignmentOut:
    """Your side of the alignment triangle: goals, values and capabilities, 1-5 each."""
    user = require_portal(request)
    data = payload.model_dump(exclude={"version"})
    portal.set_alignment(user, data, payload.version)
    return portal.alignment_out(user)
