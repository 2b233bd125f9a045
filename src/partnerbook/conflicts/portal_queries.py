"""Reads of supplier issues for the supplier portal: the portal user's own supplier's issues
and corrective action requests, turned into the portal schemas in a fixed number of queries.
Nothing internal (escalation reasons, the escalation audit, breaches, who recorded what on
our side) has a field to travel in."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from partnerbook.accounts.policy import require

from . import domain
from .models import CorrectiveAction, Discipline, ProblemStep, SupplierIssue
from .schemas import PortalCorrectiveActionOut, PortalIssueOut

CARD_ROWS = 5


def _issues(user: Any) -> QuerySet[SupplierIssue]:
    return (
        SupplierIssue.objects.for_portal(user)
        .select_related("corrective_action")
        .prefetch_related(Prefetch("steps", queryset=ProblemStep.objects.order_by("pk")))
    )


def issue_out(issue: SupplierIssue) -> PortalIssueOut:
    """`issue` (with its steps prefetched) in the portal schema (no queries)."""
    found = {s.step: s for s in issue.steps.all()}
    level = domain.level_of(issue.levels, issue.level)
    try:
        car_id: int | None = issue.corrective_action.pk
    except CorrectiveAction.DoesNotExist:
        car_id = None
    steps = []
    for step in domain.STEPS:
        row = found.get(step.key)
        steps.append({
            "key": step.key, "label": step.label, "prompt": step.prompt,
            "ours": row.ours if row else "", "theirs": row.theirs if row else "",
            "held": row.held if row else None, "updated_at": row.updated_at if row else None,
        })  # fmt: skip
    return PortalIssueOut.model_validate({
        "id": issue.pk, "title": issue.title, "category": issue.category,
        "severity": issue.severity, "safety_impact": issue.safety_impact,
        "description": issue.description, "raised_by_side": issue.raised_by_side,
        "raised_at": issue.raised_at, "status": issue.status,
        "resolved_at": issue.resolved_at, "resolution": issue.resolution,
        "level": issue.level, "level_name": level.who if level else f"Level {issue.level}",
        "time_box_days": level.time_box_days if level else None,
        "steps": steps, "corrective_action_id": car_id,
    })  # fmt: skip


def issues(user: Any, status: str | None = None) -> list[PortalIssueOut]:
    """The user's supplier's issues, open ones first, newest first (two queries)."""
    qs = _issues(user)
    if status in domain.STATUSES:
        qs = qs.filter(status=status)
    return [issue_out(i) for i in qs.order_by("status", "-raised_at", "-pk")]


def own_issue(user: Any, issue_id: int) -> SupplierIssue:
    """One of the user's supplier's issues (its supplier loaded), or 404."""
    issue: SupplierIssue = get_object_or_404(
        SupplierIssue.objects.for_portal(user).select_related("supplier"), pk=issue_id
    )
    require(user, "portal.use", issue)
    return issue


def issue(user: Any, issue_id: int) -> PortalIssueOut:
    return issue_out(get_object_or_404(_issues(user), pk=issue_id))


def _cars(user: Any) -> QuerySet[CorrectiveAction]:
    return (
        CorrectiveAction.objects.filter(issue__in=SupplierIssue.objects.for_portal(user))
        .select_related("issue")
        .prefetch_related(Prefetch("disciplines", queryset=Discipline.objects.order_by("key")))
    )


def car_out(car: CorrectiveAction) -> PortalCorrectiveActionOut:
    """`car` (with its issue and disciplines loaded) in the portal schema (no queries)."""
    found = {d.key: d for d in car.disciplines.all()}
    rows = []
    for d in domain.DISCIPLINES:
        row = found.get(d.key)
        rows.append({
            "key": d.key, "label": d.label, "prompt": d.prompt,
            "text": row.text if row else "", "answered_by_side": row.side if row else None,
            "answered_at": row.answered_at if row else None,
            "yours": d.key in domain.SUPPLIER_DISCIPLINES,
        })  # fmt: skip
    waiting = (
        []
        if car.closed_on is not None
        else [r["label"] for r in rows if r["yours"] and r["answered_by_side"] is None]
    )
    return PortalCorrectiveActionOut.model_validate({
        "id": car.pk, "issue_id": car.issue_id, "issue_title": car.issue.title,
        "opened_on": car.opened_on, "due_on": car.due_on, "closed_on": car.closed_on,
        "waiting_for_you": waiting, "disciplines": rows,
    })  # fmt: skip


def corrective_actions(user: Any) -> list[PortalCorrectiveActionOut]:
    """The corrective action requests on the user's supplier's issues, open ones first
    (two queries)."""
    cars = _cars(user).order_by("-closed_on", "-opened_on", "-pk")
    out = [car_out(c) for c in cars]
    return sorted(out, key=lambda c: c.closed_on is not None)


def own_car(user: Any, car_id: int) -> CorrectiveAction:
    """One corrective action request on the user's supplier's issues, or 404."""
    car: CorrectiveAction = get_object_or_404(
        CorrectiveAction.objects.filter(
            issue__in=SupplierIssue.objects.for_portal(user)
        ).select_related("issue", "issue__supplier"),
        pk=car_id,
    )
    require(user, "portal.use", car.issue)
    return car


def car(user: Any, car_id: int) -> PortalCorrectiveActionOut:
    return car_out(get_object_or_404(_cars(user), pk=car_id))


def issues_card(user: Any) -> dict[str, Any] | None:
    """The home card "Open issues and corrective actions" (three queries)."""
    open_issues = list(
        SupplierIssue.objects.for_portal(user)
        .filter(status="open")
        .order_by("-raised_at", "-pk")
        .values("pk", "title", "severity", "level", "path", "raised_by_side")[: CARD_ROWS + 1]
    )
    rows = []
    for row in open_issues[:CARD_ROWS]:
        level = domain.level_of(domain.path_from(row["path"]), row["level"])
        rows.append({"id": row["pk"], "title": row["title"], "severity": row["severity"],
                     "level_name": level.who if level else f"Level {row['level']}",
                     "yours": row["raised_by_side"] == "supplier"})  # fmt: skip
    open_cars = [c for c in corrective_actions(user) if c.closed_on is None]
    return {
        "issues": rows,
        "more": len(open_issues) > CARD_ROWS,
        "corrective_actions": open_cars[:CARD_ROWS],
    }


def own_car_of_issue(user: Any, issue: SupplierIssue) -> CorrectiveAction:
    """The corrective action request of one of the user's supplier's issues, or 404."""
    car: CorrectiveAction = get_object_or_404(
        CorrectiveAction.objects.filter(
            issue__in=SupplierIssue.objects.for_portal(user)
        ).select_related("issue", "issue__supplier"),
        issue=issue,
    )
    require(user, "portal.use", car.issue)
    return car
