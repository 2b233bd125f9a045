"""Portal API of performance: the supplier's scorecard, their surveys and their rating of us
(portal users only)."""

from typing import Any

from django.http import HttpRequest
from ninja import Path, Query, Router

from partnerbook.accounts.policy import require_portal

from . import domain, portal, portal_surveys
from .portal_schemas import (
    PortalRatingIn,
    PortalRatingSurveyOut,
    PortalScorecardFilters,
    PortalScorecardOut,
    PortalSurveysOut,
)
from .rating_schemas import QUARTER_PATTERN

router = Router(tags=["supplier portal"])


@router.get("/portal/scorecard", response=PortalScorecardOut, summary="Your scorecard")
def scorecard(
    request: HttpRequest,
    filters: Query[PortalScorecardFilters],
) -> PortalScorecardOut:
    """Your KPIs over the last periods with their targets, thresholds, lights and why, and
    your ratings of us."""
    return portal.scorecard_for(require_portal(request), filters.granularity)


@router.get("/portal/surveys", response=PortalSurveysOut, summary="Your surveys")
def surveys(request: HttpRequest) -> PortalSurveysOut:
    """What waits for your answer, and your answers so far."""
    return portal_surveys.surveys_for(require_portal(request))


@router.put("/portal/ratings/{quarter}", response=PortalRatingSurveyOut, summary="Rate us")
def rate_us(
    request: HttpRequest,
    payload: PortalRatingIn,
    quarter: str = Path(..., pattern=QUARTER_PATTERN, description="YYYY-Qn"),  # noqa: B008
) -> PortalRatingSurveyOut:
    """Your rating of us as a customer for the running quarter: every criterion 1-5 with an
    optional comment. You can change it until the quarter ends."""
    user = require_portal(request)
    given: dict[str, tuple[Any, str]] = {
        k: (v.score, v.comment) for k, v in payload.ratings.items()
    }
    portal.rate_us(user, domain.parse_quarter(quarter), given)
    return portal.rating_survey(user)
