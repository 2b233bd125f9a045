"""REST endpoint of the supplier portal for agreements (mounted under /api/v1): your
company's agreements with us, their terms, dates and escalation path, and the rhythm of
meetings we keep."""

# No `from __future__ import annotations`: ninja reads the annotations at import.
from django.http import HttpRequest
from ninja import Router

from partnerbook.accounts.policy import require_portal

from . import portal_queries
from .schemas import PortalAgreementSummaryOut

router = Router(tags=["supplier portal"])


@router.get(
    "/portal/agreement", response=PortalAgreementSummaryOut, summary="Your agreements with us"
)
def portal_agreement(request: HttpRequest) -> PortalAgreementSummaryOut:
    """Your agreements that are not archived (contracts first): title, status, dates, the
    renewal or notice date, the escalation path with each level's time box, and the terms;
    and how often we meet."""
    return portal_queries.summary(require_portal(request))
