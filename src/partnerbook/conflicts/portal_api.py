"""REST endpoints of the supplier portal for supplier issues (mounted under /api/v1): your
company's issues with their problem-solving steps, raising one, writing your side of a step,
and answering your disciplines of a corrective action request (8D). Another company's
record answers 404."""

# No `from __future__ import annotations`: ninja reads the annotations at import.
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from partnerbook.accounts.policy import require_portal

from . import portal_queries, services
from .schemas import (
    DisciplineKey,
    PortalAnswerIn,
    PortalCorrectiveActionOut,
    PortalIssueIn,
    PortalIssueOut,
    StatusValue,
    StepKey,
)

router = Router(tags=["supplier portal"])


class PortalIssueFilters(Schema):
    status: StatusValue | None = None


@router.get("/portal/issues", response=list[PortalIssueOut], summary="Your company's issues")
def portal_issues(request: HttpRequest, filters: Query[PortalIssueFilters]) -> list[PortalIssueOut]:
    """Every issue between your company and us, raised by either side, open ones first, each
    with its problem-solving steps and the level of the escalation path it sits at."""
    return portal_queries.issues(require_portal(request), filters.status)


@router.get("/portal/issues/{issue_id}", response=PortalIssueOut, summary="One of your issues")
def portal_issue(request: HttpRequest, issue_id: int) -> PortalIssueOut:
    return portal_queries.issue(require_portal(request), issue_id)


@router.post("/portal/issues", response={201: PortalIssueOut}, summary="Raise an issue")
def portal_raise_issue(request: HttpRequest, payload: PortalIssueIn) -> Status[PortalIssueOut]:
    """Raise an issue with us. It starts at level 1 of the escalation path, and your
    relationship owner on our side is told by e-mail."""
    user = require_portal(request)
    issue = services.supplier_raise_issue(user, payload.model_dump())
    return Status(201, portal_queries.issue(user, issue.pk))


@router.post(
    "/portal/issues/{issue_id}/steps/{step}",
    response=PortalIssueOut,
    summary="Write your side of a problem-solving step",
)
def portal_answer_step(
    request: HttpRequest, issue_id: int, step: StepKey, payload: PortalAnswerIn
) -> PortalIssueOut:
    """Your side's contribution to one step (define, data, options, actions, follow_up);
    sending it again replaces it. Our side's text is not changed."""
    user = require_portal(request)
    issue = portal_queries.own_issue(user, issue_id)
    services.supplier_answer_step(user, issue, step, payload.text)
    return portal_queries.issue(user, issue_id)


@router.get(
    "/portal/corrective-actions",
    response=list[PortalCorrectiveActionOut],
    summary="Your corrective action requests (8D)",
)
def portal_corrective_actions(request: HttpRequest) -> list[PortalCorrectiveActionOut]:
    """The 8D requests on your company's quality issues, open ones first, each saying which
    of your disciplines are still waiting for an answer."""
    return portal_queries.corrective_actions(require_portal(request))


@router.put(
    "/portal/corrective-actions/{car_id}/disciplines/{key}",
    response=PortalCorrectiveActionOut,
    summary="Answer one of your 8D disciplines",
)
def portal_answer_discipline(
    request: HttpRequest, car_id: int, key: DisciplineKey, payload: PortalAnswerIn
) -> PortalCorrectiveActionOut:
    """Yours are D1 (team) and D3 to D7 (containment, root cause, corrective action,
    verification, prevention); D2 and D8 are ours (400 on `key`). A closed request takes no
    more answers."""
    user = require_portal(request)
    car = portal_queries.own_car(user, car_id)
    services.supplier_answer_discipline(user, car, key, payload.text)
    return portal_queries.car(user, car_id)
