"""The supplier portal's onboarding operations (mounted under /api/v1, paths /portal/...).
Portal users only; another supplier's task is a 404, our side's task a 403."""

# No `from __future__ import annotations`: ninja reads the annotations at import.
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router

from partnerbook.accounts.policy import require_portal

from . import portal
from .schemas import PortalOnboardingOut, PortalOnboardingTaskOut, PortalTaskTickIn

router = Router(tags=["supplier portal"])


@router.get("/portal/onboarding", response=PortalOnboardingOut, summary="Your onboarding space")
def portal_onboarding(request: HttpRequest) -> Any:
    """Your 30-60-90-day plan (null when there is none), documents we shared and FAQs."""
    return portal.space(require_portal(request))


@router.patch(
    "/portal/onboarding/tasks/{task_id}",
    response=PortalOnboardingTaskOut,
    summary="Tick one of your onboarding tasks",
)
def portal_tick(request: HttpRequest, task_id: int, payload: PortalTaskTickIn) -> Any:
    """`done: true` marks one of your side's tasks done, `false` opens it again. Our
    side's tasks are a 403."""
    user = require_portal(request)
    task = portal.task_for(user, task_id)
    if task is None:
        raise Http404("No such task.")
    task = portal.tick_task(user, task, payload.done)
    return portal.task_out(task, plan_active=True)
