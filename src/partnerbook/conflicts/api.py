"""REST endpoints of supplier issues (mounted under /api/v1): issues and their problem-solving
steps, agreed actions, moves along the escalation path, corrective action requests, joint
retrospectives, breaches of trust, the escalation audit and the resolution statistics.
Internal users only: portal users get 403, and another supplier's record is a 404 to those
who may not see it. Thin: load through `visible_to`, call a service, return."""

# No `from __future__ import annotations`: ninja reads the annotations at import.
import datetime as dt
from dataclasses import asdict
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Status
from ninja.pagination import paginate

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import require
from partnerbook.actions import services as action_services
from partnerbook.actions.schemas import ActionItemOut
from partnerbook.suppliers.api import Pagination
from partnerbook.suppliers.models import Supplier

from . import domain, services
from .models import Breach, CorrectiveAction, Retrospective, SupplierIssue
from .schemas import (
    BreachIn,
    BreachOut,
    CorrectiveActionCloseIn,
    CorrectiveActionIn,
    CorrectiveActionOut,
    DisciplineIn,
    DisciplineKey,
    EscalationAuditFilters,
    EscalationAuditOut,
    IssueActionIn,
    IssueDetailOut,
    IssueEscalationIn,
    IssueEscalationOut,
    IssueFilters,
    IssueIn,
    IssueOut,
    IssuePatch,
    IssueReopenIn,
    IssueResolveIn,
    IssueStatisticsFilters,
    IssueStatisticsOut,
    IssueStepIn,
    IssueStepOut,
    RetrospectiveIn,
    RetrospectiveOut,
    StepKey,
)

router = Router(tags=["issues"])
SUPPLIER = "/suppliers/{supplier_id}"
ISSUE = "/issues/{issue_id}"
CAR = "/corrective-actions/{corrective_action_id}"
MAX_ESCALATIONS = 200  # moves listed per issue, newest first
EARLIEST = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


def _supplier(request: HttpRequest, supplier_id: int) -> Supplier:
    require(request.user, "issue.view")
    return get_object_or_404(Supplier.objects.visible_to(request.user), pk=supplier_id)


def _issues(request: HttpRequest) -> QuerySet[SupplierIssue]:
    require(request.user, "issue.view")
    return SupplierIssue.objects.visible_to(request.user).for_list()


def _issue(request: HttpRequest, issue_id: int) -> SupplierIssue:
    issue: SupplierIssue = get_object_or_404(_issues(request), pk=issue_id)
    return issue


def _car(request: HttpRequest, corrective_action_id: int) -> CorrectiveAction:
    issues = _issues(request)
    found = CorrectiveAction.objects.filter(issue__in=issues).select_related("issue__supplier")
    car: CorrectiveAction = get_object_or_404(found, pk=corrective_action_id)
    return car


def _renamed(exc: ValidationError, names: dict[str, str]) -> ValidationError:
    """The service's error with its field names as the API calls them."""
    if not hasattr(exc, "error_dict") or hasattr(exc, "current_version"):
        return exc
    return ValidationError({names.get(k, k): v for k, v in exc.message_dict.items()})


def _moment(value: dt.datetime | None, name: str) -> dt.datetime | None:
    """An aware time (a time without offset is read in the local zone), within reason."""
    if value is None:
        return None
    if timezone.is_naive(value):
        try:
            value = timezone.make_aware(value)
        except (ValueError, OverflowError):
            raise ValidationError({name: "Give a real time."}) from None
    if value < EARLIEST:
        raise ValidationError({name: "Give a time after 1900."})
    return value


# --- output ---------------------------------------------------------------------------------


def _issue_out(issue: SupplierIssue) -> dict[str, Any]:
    return {
        "id": issue.pk, "supplier_id": issue.supplier_id, "supplier_name": issue.supplier.name,
        "title": issue.title, "category": issue.category, "severity": issue.severity,
        "safety_impact": issue.safety_impact, "description": issue.description,
        "raised_by_side": issue.raised_by_side, "raised_by_id": issue.raised_by_id,
        "raised_at": issue.raised_at, "status": issue.status,
        "resolved_at": issue.resolved_at, "resolution": issue.resolution,
        "level": issue.level, "level_since": issue.level_since,
        "resolved_level": issue.resolved_level, "version": issue.version,
    }  # fmt: skip


def _step_out(view: services.StepView) -> dict[str, Any]:
    record = view.record
    return {
        "step": view.step.key, "label": view.step.label, "prompt": view.step.prompt,
        "recorded": record is not None, "ours": record.ours if record else "",
        "theirs": record.theirs if record else "", "held": record.held if record else None,
        "updated_at": record.updated_at if record else None, "blame_hints": list(view.hints),
        "rule": domain.BLAME_RULE if view.hints else "",
    }  # fmt: skip


def _escalation_out(e: Any) -> dict[str, Any]:
    return {
        "id": e.pk, "issue_id": e.issue_id, "from_level": e.from_level, "to_level": e.to_level,
        "upward": e.upward, "reason": e.reason, "moved_by_id": e.moved_by_id,
        "moved_at": e.moved_at,
    }  # fmt: skip


def _time_box(issue: SupplierIssue) -> dict[str, Any] | None:
    box = services.time_box_of(issue)
    if box is None:
        return None
    now = timezone.now()
    return {
        "level": box.level.level, "who": box.level.who,
        "time_box_days": box.level.time_box_days, "ends": box.ends,
        "ran_out": box.ran_out(now), "overdue_days": box.overdue_days(now),
        "next_level": box.next_level.level if box.next_level else None,
        "explanation": box.explain(now),
    }  # fmt: skip


def _detail(issue: SupplierIssue) -> dict[str, Any]:
    """The issue with everything recorded on it (five queries)."""
    out = _issue_out(issue)
    car = CorrectiveAction.objects.filter(issue=issue).values_list("pk", flat=True).first()
    out.update(
        path=[lv.as_dict() for lv in issue.levels],
        path_source=services.path_source(issue),
        time_box=_time_box(issue),
        steps=[_step_out(v) for v in services.steps_of(issue)],
        escalations=[_escalation_out(e) for e in issue.escalations.all()[:MAX_ESCALATIONS]],
        action_ids=[item.pk for item in services.actions_of(issue)],
        corrective_action_id=car,
    )
    return out


def _car_out(car: CorrectiveAction) -> dict[str, Any]:
    rows = services.disciplines_of(car)
    return {
        "id": car.pk, "issue_id": car.issue_id, "supplier_id": car.issue.supplier_id,
        "opened_on": car.opened_on, "due_on": car.due_on, "closed_on": car.closed_on,
        "version": car.version,
        "disciplines": [
            {"key": d.key, "label": d.label, "prompt": d.prompt, "answered": row is not None,
             "text": row.text if row else "", "side": row.side if row else None,
             "answered_by_id": row.answered_by_id if row else None,
             "answered_at": row.answered_at if row else None}
            for d, row in rows
        ],
        "missing": domain.car_missing(row.key for _, row in rows if row is not None),
    }  # fmt: skip


def _cell(cell: domain.Cell) -> dict[str, Any]:
    return {
        "n": cell.n, "median_days": cell.median_days, "joint_n": cell.joint_n,
        "joint_median": cell.joint_median, "alone_n": cell.alone_n,
        "alone_median": cell.alone_median, "explanation": cell.explain,
    }  # fmt: skip


# --- issues ---------------------------------------------------------------------------------


@router.get("/issues", response=list[IssueOut], summary="List supplier issues")
@paginate(Pagination)
def list_issues(request: HttpRequest, filters: Query[IssueFilters]) -> QuerySet[SupplierIssue]:
    """Issues of every supplier you may see, newest first."""
    return services.filter_issues(_issues(request), filters.params())


@router.get(f"{SUPPLIER}/issues", response=list[IssueOut], summary="List a supplier's issues")
@paginate(Pagination)
def list_supplier_issues(
    request: HttpRequest, supplier_id: int, filters: Query[IssueFilters]
) -> QuerySet[SupplierIssue]:
    """One supplier's issues, newest first (the `supplier` filter is ignored here)."""
    supplier = _supplier(request, supplier_id)
    params = filters.params()
    params.pop("supplier", None)
    return services.filter_issues(_issues(request).filter(supplier=supplier), params)


@router.post(f"{SUPPLIER}/issues", response={201: IssueDetailOut}, summary="Raise an issue")
def create_issue(
    request: HttpRequest, supplier_id: int, payload: IssueIn
) -> Status[dict[str, Any]]:
    """At level 1 of the supplier's escalation path (the agreement's, or the default)."""
    supplier = _supplier(request, supplier_id)
    require(request.user, "issue.edit", supplier)
    data = payload.model_dump(exclude_none=True)
    if "raised_at" in data:
        data["raised_at"] = _moment(data["raised_at"], "raised_at")
    issue = services.raise_issue(_user(request), supplier, data)
    return Status(201, _detail(_issue(request, issue.pk)))


@router.get(ISSUE, response=IssueDetailOut, summary="Get an issue")
def get_issue(request: HttpRequest, issue_id: int) -> dict[str, Any]:
    """With its steps, moves, agreed action ids, the time box explained and the corrective
    action request's id."""
    return _detail(_issue(request, issue_id))


@router.patch(ISSUE, response=IssueDetailOut, summary="Change an issue")
def update_issue(request: HttpRequest, issue_id: int, payload: IssuePatch) -> dict[str, Any]:
    """Only the fields sent change. A stale `version` is a 409."""
    issue = _issue(request, issue_id)
    require(request.user, "issue.edit", issue.supplier)
    data = payload.model_dump(exclude_unset=True)
    expected = data.pop("version", None)
    services.update_issue(_user(request), issue, data, expected)
    return _detail(_issue(request, issue_id))


@router.post(f"{ISSUE}/resolve", response=IssueDetailOut, summary="Resolve an issue")
def resolve_issue(request: HttpRequest, issue_id: int, payload: IssueResolveIn) -> dict[str, Any]:
    """At its current level, saying how it was settled. A stale `version` is a 409."""
    issue = _issue(request, issue_id)
    require(request.user, "issue.edit", issue.supplier)
    at = _moment(payload.resolved_at, "resolved_at")
    services.resolve(_user(request), issue, payload.resolution, at, payload.version)
    return _detail(_issue(request, issue_id))


@router.post(f"{ISSUE}/reopen", response=IssueDetailOut, summary="Reopen a resolved issue")
def reopen_issue(request: HttpRequest, issue_id: int, payload: IssueReopenIn) -> dict[str, Any]:
    """The fix did not hold: open again at the level it was resolved at."""
    issue = _issue(request, issue_id)
    require(request.user, "issue.edit", issue.supplier)
    services.reopen(_user(request), issue, payload.reason)
    return _detail(_issue(request, issue_id))


# --- steps, actions, escalations ------------------------------------------------------------


@router.put(f"{ISSUE}/steps/{{step}}", response=IssueStepOut, summary="Record a step")
def record_step(
    request: HttpRequest, issue_id: int, step: StepKey, payload: IssueStepIn
) -> dict[str, Any]:
    """Record or rewrite a problem-solving step. `blame_hints` says what in it reads as
    blaming a person: it is saved all the same, with the rule as a reminder."""
    issue = _issue(request, issue_id)
    require(request.user, "issue.edit", issue.supplier)
    row, hints = services.record_step(
        _user(request), issue, step, payload.model_dump(exclude_unset=True)
    )
    definition = next(s for s in domain.STEPS if s.key == step)
    return _step_out(services.StepView(definition, row, tuple(hints)))


@router.get(f"{ISSUE}/actions", response=list[ActionItemOut], summary="List agreed actions")
def list_actions(request: HttpRequest, issue_id: int) -> list[Any]:
    """The issue's agreed actions (action items; change them under /action-items/{id})."""
    return services.actions_of(_issue(request, issue_id))


@router.post(f"{ISSUE}/actions", response={201: ActionItemOut}, summary="Add an agreed action")
def add_action(request: HttpRequest, issue_id: int, payload: IssueActionIn) -> Status[Any]:
    """With an owner on our side (`owner_id`) or the supplier's (`owner_contact_id`) and a
    due date."""
    issue = _issue(request, issue_id)
    require(request.user, "issue.edit", issue.supplier)
    data = action_services.resolve_people(issue.supplier, payload.model_dump())
    try:
        item = services.add_action(_user(request), issue, data)
    except ValidationError as exc:
        raise _renamed(exc, {"owner": "owner_id", "owner_contact": "owner_contact_id"}) from exc
    found = [i for i in services.actions_of(issue) if i.pk == item.pk]
    return Status(201, found[0] if found else item)


@router.get(
    f"{ISSUE}/escalations", response=list[IssueEscalationOut], summary="List an issue's moves"
)
def list_escalations(request: HttpRequest, issue_id: int) -> list[dict[str, Any]]:
    """Moves up and down the path, newest first (at most 200)."""
    issue = _issue(request, issue_id)
    return [_escalation_out(e) for e in issue.escalations.all()[:MAX_ESCALATIONS]]


@router.post(
    f"{ISSUE}/escalations", response={201: IssueEscalationOut}, summary="Escalate or de-escalate"
)
def move_issue(
    request: HttpRequest, issue_id: int, payload: IssueEscalationIn
) -> Status[dict[str, Any]]:
    """To any level of the issue's path, with the reason. A person decides this; a time box
    that ran out only suggests it. A stale `version` is a 409."""
    issue = _issue(request, issue_id)
    require(request.user, "issue.edit", issue.supplier)
    move = services.move(
        _user(request), issue, payload.to_level, payload.reason, expected_version=payload.version
    )
    return Status(201, _escalation_out(move))


# --- corrective action requests -------------------------------------------------------------


@router.post(
    f"{ISSUE}/corrective-action",
    response={201: CorrectiveActionOut},
    summary="Open a corrective action request",
)
def open_corrective_action(
    request: HttpRequest, issue_id: int, payload: CorrectiveActionIn
) -> Status[dict[str, Any]]:
    """An 8D request on a quality issue; one per issue (400 naming `issue_id`)."""
    issue = _issue(request, issue_id)
    require(request.user, "issue.edit", issue.supplier)
    try:
        car = services.open_corrective_action(_user(request), issue, payload.due_on)
    except ValidationError as exc:
        raise _renamed(exc, {"issue": "issue_id"}) from exc
    return Status(201, _car_out(_car(request, car.pk)))


@router.get(CAR, response=CorrectiveActionOut, summary="Get a corrective action request")
def get_corrective_action(request: HttpRequest, corrective_action_id: int) -> dict[str, Any]:
    return _car_out(_car(request, corrective_action_id))


@router.put(
    f"{CAR}/disciplines/{{discipline}}",
    response=CorrectiveActionOut,
    summary="Answer a discipline",
)
def answer_discipline(
    request: HttpRequest,
    corrective_action_id: int,
    discipline: DisciplineKey,
    payload: DisciplineIn,
) -> dict[str, Any]:
    """Record or rewrite one discipline's answer (D1-D8) and which side gave it."""
    car = _car(request, corrective_action_id)
    require(request.user, "issue.edit", car.issue.supplier)
    try:
        services.answer_discipline(_user(request), car, discipline, payload.text, payload.side)
    except ValidationError as exc:
        raise _renamed(exc, {"key": "discipline"}) from exc
    return _car_out(_car(request, corrective_action_id))


@router.post(
    f"{CAR}/close", response=CorrectiveActionOut, summary="Close a corrective action request"
)
def close_corrective_action(
    request: HttpRequest, corrective_action_id: int, payload: CorrectiveActionCloseIn
) -> dict[str, Any]:
    """With the D8 closure note, once D1-D7 are answered (400 naming `closure` lists the
    missing ones)."""
    car = _car(request, corrective_action_id)
    require(request.user, "issue.edit", car.issue.supplier)
    try:
        services.close_corrective_action(_user(request), car, payload.closure)
    except ValidationError as exc:
        raise _renamed(exc, {"key": "closure"}) from exc
    return _car_out(_car(request, corrective_action_id))


# --- retrospectives and breaches ------------------------------------------------------------


def _linked_issue(supplier: Supplier, issue_id: int | None) -> SupplierIssue | None:
    if issue_id is None:
        return None
    issue = SupplierIssue.objects.filter(pk=issue_id, supplier=supplier).first()
    if issue is None:
        raise ValidationError({"issue_id": "Choose an issue of this supplier."})
    return issue


@router.get(
    f"{SUPPLIER}/retrospectives",
    response=list[RetrospectiveOut],
    summary="List a supplier's retrospectives",
)
@paginate(Pagination)
def list_retrospectives(request: HttpRequest, supplier_id: int) -> QuerySet[Retrospective]:
    """Newest first."""
    return Retrospective.objects.filter(supplier=_supplier(request, supplier_id))


@router.post(
    f"{SUPPLIER}/retrospectives",
    response={201: RetrospectiveOut},
    summary="Record a joint retrospective",
)
def create_retrospective(
    request: HttpRequest, supplier_id: int, payload: RetrospectiveIn
) -> Status[Retrospective]:
    """With input from both sides; it adds a deposit to the trust ledger."""
    supplier = _supplier(request, supplier_id)
    require(request.user, "issue.edit", supplier)
    data = payload.model_dump()
    data["issue"] = _linked_issue(supplier, data.pop("issue_id"))
    try:
        retro = services.record_retrospective(_user(request), supplier, data)
    except ValidationError as exc:
        raise _renamed(exc, {"issue": "issue_id"}) from exc
    return Status(201, retro)


@router.get(
    "/retrospectives/{retrospective_id}",
    response=RetrospectiveOut,
    summary="Get a joint retrospective",
)
def get_retrospective(request: HttpRequest, retrospective_id: int) -> Retrospective:
    require(request.user, "issue.view")
    visible = Retrospective.objects.filter(supplier__in=Supplier.objects.visible_to(request.user))
    retro: Retrospective = get_object_or_404(visible, pk=retrospective_id)
    return retro


@router.get(f"{SUPPLIER}/breaches", response=list[BreachOut], summary="List a supplier's breaches")
@paginate(Pagination)
def list_breaches(request: HttpRequest, supplier_id: int) -> QuerySet[Breach]:
    """Newest first."""
    return Breach.objects.filter(supplier=_supplier(request, supplier_id))


@router.post(f"{SUPPLIER}/breaches", response={201: BreachOut}, summary="Record a breach of trust")
def create_breach(request: HttpRequest, supplier_id: int, payload: BreachIn) -> Status[Breach]:
    """A withdrawal in the trust ledger, linked to an issue or a recovery plan of the
    supplier when there is one."""
    from partnerbook.plans.models import RecoveryPlan

    supplier = _supplier(request, supplier_id)
    require(request.user, "issue.edit", supplier)
    data = payload.model_dump()
    data["issue"] = _linked_issue(supplier, data.pop("issue_id"))
    plan_id = data.pop("recovery_plan_id")
    if plan_id is not None:
        data["recovery_plan"] = RecoveryPlan.objects.filter(pk=plan_id, supplier=supplier).first()
        if data["recovery_plan"] is None:
            raise ValidationError({"recovery_plan_id": "Choose a recovery plan of this supplier."})
    try:
        breach = services.record_breach(_user(request), supplier, data)
    except ValidationError as exc:
        raise _renamed(exc, {"issue": "issue_id", "recovery_plan": "recovery_plan_id"}) from exc
    return Status(201, breach)


@router.get("/breaches/{breach_id}", response=BreachOut, summary="Get a breach of trust")
def get_breach(request: HttpRequest, breach_id: int) -> Breach:
    require(request.user, "issue.view")
    visible = Breach.objects.filter(supplier__in=Supplier.objects.visible_to(request.user))
    breach: Breach = get_object_or_404(visible, pk=breach_id)
    return breach


# --- the audit and the statistics -----------------------------------------------------------


@router.get("/escalation-audit", response=EscalationAuditOut, summary="The escalation audit")
def escalation_audit(
    request: HttpRequest, filters: Query[EscalationAuditFilters]
) -> dict[str, Any]:
    """The last `limit` escalations in scope, each flagged when it could likely have been
    settled informally (with the reason), the share flagged, and the habits they point to."""
    require(request.user, "issue.view")
    audit = services.escalation_audit(_user(request), filters.params(), filters.limit)
    return {
        "summary": audit.summary, "audited": len(audit.rows), "flagged": audit.flagged,
        "share": audit.share,
        "habits": [
            {"rule": h.rule.key, "label": h.rule.label, "explanation": h.rule.explanation,
             "habit": h.rule.habit, "count": h.count, "share": h.share}
            for h in audit.habits
        ],
        "rows": [
            {**asdict(row.facts), "flagged": row.flagged,
             "flags": [{"rule": f.rule, "reason": f.reason} for f in row.flags],
             "why_not": "" if row.flagged else row.why_not}
            for row in audit.rows
        ],
    }  # fmt: skip


@router.get("/issue-statistics", response=IssueStatisticsOut, summary="Resolution statistics")
def issue_statistics(
    request: HttpRequest, filters: Query[IssueStatisticsFilters]
) -> dict[str, Any]:
    """Median days to resolve, overall and by severity, category, supplier and owner, each
    split by whether the issue was worked through jointly with the supplier."""
    require(request.user, "issue.view")
    stats = services.resolution_statistics(_user(request), filters.params())
    return {
        "overall": _cell(stats.overall), "joint_pays_off": stats.joint_pays_off,
        "by_severity": {k: _cell(c) for k, c in stats.by_severity.items()},
        "by_category": {k: _cell(c) for k, c in stats.by_category.items()},
        "by_supplier": {k: _cell(c) for k, c in stats.by_supplier.items()},
        "by_owner": {k: _cell(c) for k, c in stats.by_owner.items()},
    }  # fmt: skip
