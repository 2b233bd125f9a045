"""Portal API of the cadence: answering a health check and the supplier's meetings with us
(portal users only)."""

from django.http import HttpRequest
from ninja import Path, Router

from partnerbook.accounts.policy import require_portal
from partnerbook.core.schema_types import QueryId

from . import portal
from .portal_schemas import PortalHealthCheckIn, PortalHealthCheckOut, PortalMeetingOut

router = Router(tags=["supplier portal"])


@router.post(
    "/portal/health-checks/{check_id}/answers",
    response=PortalHealthCheckOut,
    summary="Answer a health check",
)
def answer_health_check(
    request: HttpRequest,
    payload: PortalHealthCheckIn,
    check_id: QueryId = Path(...),  # noqa: B008
) -> PortalHealthCheckOut:
    """Your side's answers to one of your health checks, while it is open; answering again
    replaces your earlier answers."""
    user = require_portal(request)
    check = portal.check_for(user, check_id)
    portal.answer_check(user, check, payload.model_dump())
    found = next(v for v in portal.checks_for(user) if v.check.pk == check.pk)
    result: PortalHealthCheckOut = portal.check_out(found)
    return result


@router.get("/portal/meetings", response=list[PortalMeetingOut], summary="Your meetings")
def meetings(request: HttpRequest) -> list[PortalMeetingOut]:
    """Your supplier's meetings with us that involve your side, the next ones first."""
    return portal.meetings_out(require_portal(request))
