"""REST endpoints of the supplier portal itself (mounted under /api/v1). Portal users only:
our own people get 403 (they use the supplier endpoints). Each app adds its own portal
operations under `/portal/...` with portal schemas."""

from django.http import HttpRequest
from ninja import Router

from partnerbook.accounts.policy import require_portal

from . import queries
from .schemas import PortalHomeOut

router = Router(tags=["supplier portal"])


@router.get("/portal/home", response=PortalHomeOut, summary="Your portal home")
def portal_home(request: HttpRequest) -> PortalHomeOut:
    """Your supplier as the portal shows it, and who looks after it on the buying side."""
    return queries.home(require_portal(request))
