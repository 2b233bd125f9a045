"""Reads and writes of supplier issues: raising and resolving them, the problem-solving
steps, agreed actions (the shared action items), moves along the escalation path, corrective
action requests, joint retrospectives and breaches of trust; and the reads that sum them up
(the escalation audit, the resolution statistics, the time boxes that ran out)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import can, require
from partnerbook.actions import services as action_services
from partnerbook.actions.models import ActionItem
from partnerbook.alerts.services import AlertCandidate, clear_resolved, sync_alerts
from partnerbook.core import events, registry
from partnerbook.core.audit import save_audited
from partnerbook.core.concurrency import lock_for_edit, next_version
from partnerbook.core.registry import TimelineEntry, start_of
from partnerbook.suppliers.models import Supplier

from . import domain
from .models import (
    Breach,
    CorrectiveAction,
    Discipline,
    Escalation,
    ProblemStep,
    Retrospective,
    SupplierIssue,
)

ACTION_SOURCE = "conflicts.issue"
TIME_BOX_ALERT = "conflicts.time_box"
CLEARED_NOTE = "Cleared: the issue moved level or was resolved."
ISSUE_FIELDS = ("title", "category", "severity", "safety_impact", "description", "raised_by_side")


def _text(value: Any) -> str:
    return (value or "").strip() if isinstance(value, str) or value is None else str(value)


def path_for(supplier: Supplier) -> tuple[domain.Level, ...]:
    """The escalation path of `supplier`: its agreement's, or the default (one query)."""
    from partnerbook.practices.services import escalation_path

    levels = escalation_path(supplier)
    if not levels:
        return domain.DEFAULT_PATH
    return tuple(domain.Level(lv.level, lv.who, lv.time_box_days) for lv in levels)


def path_source(issue: SupplierIssue) -> str:
    return gettext_noop("the agreement") if issue.path else gettext_noop("the default path")


# --- issues ---------------------------------------------------------------------------------


def _apply(issue: SupplierIssue, data: Mapping[str, Any]) -> None:
    for key in ISSUE_FIELDS:
        if key in data:
            value = data[key]
            setattr(issue, key, bool(value) if key == "safety_impact" else _text(value))
    if not issue.title:
        raise ValidationError({"title": "Name the issue in a few words."})
    if issue.category not in domain.CATEGORIES:
        raise ValidationError({"category": f"Use one of: {', '.join(domain.CATEGORIES)}."})
    if issue.severity not in domain.SEVERITIES:
        raise ValidationError({"severity": f"Use one of: {', '.join(domain.SEVERITIES)}."})
    if issue.raised_by_side not in domain.SIDES:
        raise ValidationError({"raised_by_side": "Use ours or supplier."})


@transaction.atomic
def raise_issue(actor: User, supplier: Supplier, data: Mapping[str, Any]) -> SupplierIssue:
    """Record a new issue with `supplier` at level 1 of its escalation path. `data` holds
    title, category, severity, and optionally safety_impact, description, raised_by_side and
    raised_at (default now; not in the future)."""
    require(actor, "issue.edit", supplier)
    now = timezone.now()
    raised_at = data.get("raised_at") or now
    if raised_at > now + dt.timedelta(minutes=5):
        raise ValidationError({"raised_at": "An issue cannot be raised in the future."})
    path = path_for(supplier)
    issue = SupplierIssue(
        supplier=supplier, raised_by=actor, raised_at=raised_at, level=1, level_since=raised_at,
        path=[] if path == domain.DEFAULT_PATH else [lv.as_dict() for lv in path],
    )  # fmt: skip
    _apply(issue, data)
    save_audited(issue, actor, "Issue raised.")
    return issue


@transaction.atomic
def update_issue(
    actor: User, issue: SupplierIssue, data: Mapping[str, Any], expected_version: int | None = None
) -> SupplierIssue:
    """Change the title, category, severity, safety impact, description or side."""
    require(actor, "issue.edit", issue.supplier)
    lock_for_edit(issue, expected_version, "this issue")
    _apply(issue, data)
    next_version(issue)
    save_audited(issue, actor, "Issue changed.")
    return issue


@transaction.atomic
def resolve(
    actor: User,
    issue: SupplierIssue,
    resolution: str,
    at: dt.datetime | None = None,
    expected_version: int | None = None,
) -> SupplierIssue:
    """Mark the issue resolved at its current level, saying how."""
    require(actor, "issue.edit", issue.supplier)
    lock_for_edit(issue, expected_version, "this issue")
    if issue.status == "resolved":
        raise ValidationError({"status": "The issue is already resolved."})
    text = _text(resolution)
    if not text:
        raise ValidationError({"resolution": "Say how it was settled."})
    when = at or timezone.now()
    if when < issue.raised_at:
        raise ValidationError({"resolved_at": "An issue cannot be resolved before it was raised."})
    if when > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError({"resolved_at": "An issue cannot be resolved in the future."})
    issue.status, issue.resolved_at, issue.resolution = "resolved", when, text
    issue.resolved_level = issue.level
    next_version(issue)
    save_audited(issue, actor, f"Issue resolved at level {issue.level}.")
    return issue


@transaction.atomic
def reopen(actor: User, issue: SupplierIssue, reason: str) -> SupplierIssue:
    """Open a resolved issue again (the fix did not hold), at the level it was resolved at."""
    require(actor, "issue.edit", issue.supplier)
    lock_for_edit(issue, None, "this issue")
    if issue.status != "resolved":
        raise ValidationError({"status": "The issue is open."})
    text = _text(reason)
    if not text:
        raise ValidationError({"reason": "Say why it is open again."})
    issue.status, issue.resolved_at, issue.resolved_level = "open", None, None
    issue.level_since = timezone.now()
    next_version(issue)
    save_audited(issue, actor, f"Issue reopened: {text[:200]}")
    return issue


# --- problem-solving steps ------------------------------------------------------------------


@dataclass(frozen=True)
class StepView:
    """One problem-solving step as the page shows it: the prompt, what is recorded, and a
    reminder of the rule when the text reads as blaming a person."""

    step: domain.Step
    record: ProblemStep | None
    hints: tuple[str, ...]


def steps_of(issue: SupplierIssue) -> list[StepView]:
    """Every step in order, recorded or not (one query)."""
    found = {s.step: s for s in issue.steps.select_related("updated_by")}
    views = []
    for step in domain.STEPS:
        record = found.get(step.key)
        text = f"{record.ours}\n{record.theirs}" if record else ""
        views.append(StepView(step, record, tuple(domain.blame_hints(text))))
    return views


@transaction.atomic
def record_step(
    actor: User, issue: SupplierIssue, key: str, data: Mapping[str, Any]
) -> tuple[ProblemStep, list[str]]:
    """Record (or rewrite) a problem-solving step: `ours`, `theirs` (the supplier's input)
    and, for the follow-up, `held`. Returns the step and what in it reads as blame (saved
    all the same; the page reminds the team of the rule)."""
    require(actor, "issue.edit", issue.supplier)
    if key not in domain.STEP_KEYS:
        raise ValidationError({"step": f"Use one of: {', '.join(domain.STEP_KEYS)}."})
    row = ProblemStep.objects.select_for_update().filter(issue=issue, step=key).first()
    row = row or ProblemStep(issue=issue, step=key)
    for name in ("ours", "theirs"):
        if name in data:
            setattr(row, name, _text(data[name]))
    if "held" in data:
        if key != "follow_up" and data["held"] is not None:
            raise ValidationError({"held": "Only the follow-up says whether the fix held."})
        row.held = data["held"]
    if not row.ours and not row.theirs:
        raise ValidationError({"ours": "Write what this step found, on either side."})
    ours_before = ProblemStep.objects.filter(pk=row.pk).values_list("ours", flat=True).first()
    row.updated_by = actor
    label = next(s.label for s in domain.STEPS if s.key == key)
    save_audited(row, actor, f"Problem-solving: {label} recorded.")
    if row.ours and row.ours != (ours_before or ""):
        _tell_supplier(issue, f"{label}: our side", f"We wrote our side of the step {label}.")
    return row, domain.blame_hints(f"{row.ours}\n{row.theirs}")


# Worked through jointly: the supplier's side contributed to a problem-solving step, or
# answered a discipline of the issue's corrective action request (from the portal or as
# recorded by our side).
JOINT = Q(steps__theirs__gt="") | Q(corrective_action__disciplines__side="supplier")


def joint_issue_ids(issue_ids: Iterable[int]) -> set[int]:
    """The issues worked through jointly (see `JOINT`), one query."""
    return set(
        SupplierIssue.objects.filter(JOINT, pk__in=list(issue_ids))
        .values_list("pk", flat=True)
        .distinct()
    )


# --- agreed actions -------------------------------------------------------------------------


def add_action(actor: User, issue: SupplierIssue, data: Mapping[str, Any]) -> ActionItem:
    """An agreed action on the issue: title, owner on our side or the supplier's
    (owner_contact), due date. A row of the shared action items."""
    require(actor, "issue.edit", issue.supplier)
    if not data.get("due_on"):
        raise ValidationError({"due_on": "An agreed action has a due date."})
    if data.get("owner") is None and data.get("owner_contact") is None:
        raise ValidationError({"owner": "Name who does it, on our side or the supplier's."})
    return action_services.create_action_item(
        actor, issue.supplier, data, source=ACTION_SOURCE, source_id=issue.pk,
        reason="Agreed action added to an issue.",
    )  # fmt: skip


def actions_of(issue: SupplierIssue) -> list[ActionItem]:
    return action_services.items_for_sources(ACTION_SOURCE, [issue.pk]).get(issue.pk, [])


# --- the escalation path --------------------------------------------------------------------


@transaction.atomic
def move(
    actor: User,
    issue: SupplierIssue,
    to_level: int,
    reason: str,
    at: dt.datetime | None = None,
    expected_version: int | None = None,
) -> Escalation:
    """Escalate or de-escalate the issue to `to_level` of its path, with the reason. A
    person decides this; a time box that runs out only suggests it."""
    require(actor, "issue.edit", issue.supplier)
    lock_for_edit(issue, expected_version, "this issue")
    if issue.status != "open":
        raise ValidationError({"to_level": "Reopen the issue before moving it."})
    errors = domain.check_move(issue.levels, issue.level, to_level, reason)
    if errors:
        raise ValidationError(errors)
    when = at or timezone.now()
    if when < issue.level_since:
        raise ValidationError({"moved_at": "A move cannot predate the last one."})
    escalation = Escalation(
        issue=issue, from_level=issue.level, to_level=to_level, reason=_text(reason),
        moved_by=actor, moved_at=when,
    )  # fmt: skip
    save_audited(escalation, actor, "Escalated." if escalation.upward else "De-escalated.")
    issue.level, issue.level_since = to_level, when
    next_version(issue)
    verb = "escalated" if escalation.upward else "de-escalated"
    save_audited(issue, actor, f"Issue {verb} to level {to_level}.")
    if escalation.upward:
        events.publish("issue.escalated", {
            "issue_id": issue.pk, "supplier_id": issue.supplier_id, "title": issue.title,
            "from_level": escalation.from_level, "to_level": to_level})  # fmt: skip
    return escalation


def time_box_of(issue: SupplierIssue) -> domain.TimeBox | None:
    if issue.status != "open":
        return None
    return domain.time_box(issue.levels, issue.level, issue.level_since)


def time_box_candidates(now: dt.datetime | None = None) -> list[AlertCandidate]:
    """One alert candidate per open issue whose time box ran out (one query)."""
    moment = now or timezone.now()
    candidates = []
    issue_url = registry.pk_urls("conflicts:issue")  # one reverse() for every issue
    for issue in SupplierIssue.objects.filter(status="open").only(
        "pk", "supplier_id", "title", "path", "level", "level_since", "status"
    ):
        box = time_box_of(issue)
        if box is None or not box.ran_out(moment):
            continue
        candidates.append(
            AlertCandidate(
                supplier_id=issue.supplier_id, kind=TIME_BOX_ALERT,
                subject=f"issue-{issue.pk}-level-{issue.level}",
                title=f"Time box ran out at level {issue.level}: {issue.title}"[:200],
                summary=box.explain(moment),
                evidence={
                    "issue": issue.pk, "level": issue.level, "who": box.level.who,
                    "time_box_days": box.level.time_box_days,
                    "level_since": issue.level_since.isoformat(),
                    "next_level": box.next_level.as_dict() if box.next_level else None,
                    "url": issue_url(issue.pk),
                },
            )
        )  # fmt: skip
    return candidates


def check_time_boxes(now: dt.datetime | None = None) -> int:
    """Raise an alert for each time box that ran out (suggesting the next level, never
    moving the issue) and clear those of issues moved or resolved since. Returns how many
    were raised."""
    moment = now or timezone.now()
    candidates = time_box_candidates(moment)
    raised = sync_alerts(timezone.localdate(moment), candidates, scope_kinds={TIME_BOX_ALERT})
    clear_resolved(TIME_BOX_ALERT, {(c.supplier_id, c.subject[:100]) for c in candidates},
                   CLEARED_NOTE)  # fmt: skip
    return raised


# --- corrective action requests -------------------------------------------------------------


@transaction.atomic
def open_corrective_action(
    actor: User, issue: SupplierIssue, due_on: dt.date | None = None
) -> CorrectiveAction:
    """Open an 8D corrective action request on a quality issue (one per issue)."""
    require(actor, "issue.edit", issue.supplier)
    if issue.category != "quality":
        raise ValidationError({"issue": "Corrective action requests are for quality issues."})
    if CorrectiveAction.objects.filter(issue=issue).exists():
        raise ValidationError({"issue": "This issue already has a corrective action request."})
    today = timezone.localdate()
    if due_on is not None and due_on < today:
        raise ValidationError({"due_on": "The due date cannot be in the past."})
    car = CorrectiveAction(issue=issue, opened_on=today, due_on=due_on, created_by=actor)
    save_audited(car, actor, "Corrective action request opened.")
    due = f" by {due_on:%d %B %Y}" if due_on else ""
    _tell_supplier(
        issue, "a corrective action request",
        f"We opened a corrective action request (8D) on this issue. Your team's disciplines "
        f"(D1, D3 to D7) wait for your answers{due}.",
    )  # fmt: skip
    return car


@transaction.atomic
def answer_discipline(
    actor: User, car: CorrectiveAction, key: str, text: str, side: str = "ours"
) -> Discipline:
    """Record (or rewrite) one discipline's answer and which side gave it."""
    require(actor, "issue.edit", car.issue.supplier)
    if key not in domain.DISCIPLINE_KEYS:
        raise ValidationError({"key": f"Use one of: {', '.join(domain.DISCIPLINE_KEYS)}."})
    if car.closed_on is not None:
        raise ValidationError({"key": "The request is closed."})
    if side not in domain.SIDES:
        raise ValidationError({"side": "Use ours or supplier."})
    body = _text(text)
    if not body:
        raise ValidationError({"text": "Write the answer."})
    row = Discipline.objects.select_for_update().filter(corrective_action=car, key=key).first()
    row = row or Discipline(corrective_action=car, key=key)
    row.text, row.side, row.answered_by = body, side, actor
    save_audited(row, actor, f"Corrective action: {key} answered.")
    return row


@transaction.atomic
def close_corrective_action(
    actor: User, car: CorrectiveAction, closure: str, on: dt.date | None = None
) -> CorrectiveAction:
    """Close the request with the D8 closure note once D1-D7 are answered."""
    require(actor, "issue.edit", car.issue.supplier)
    lock_for_edit(car, None, "this corrective action request")
    if car.closed_on is not None:
        raise ValidationError({"closed_on": "The request is already closed."})
    missing = domain.car_missing(car.disciplines.values_list("key", flat=True))
    if missing:
        raise ValidationError({"closure": "Answer these first: " + ", ".join(missing) + "."})
    answer_discipline(actor, car, "d8_closure", closure)
    car.closed_on = on or timezone.localdate()
    next_version(car)
    save_audited(car, actor, "Corrective action request closed.")
    return car


def disciplines_of(car: CorrectiveAction) -> list[tuple[domain.Step, Discipline | None]]:
    found = {d.key: d for d in car.disciplines.select_related("answered_by")}
    return [(d, found.get(d.key)) for d in domain.DISCIPLINES]


# --- retrospectives and breaches ------------------------------------------------------------

RETRO_FIELDS = (
    "milestone", "ours_worked", "ours_did_not", "ours_change",
    "theirs_worked", "theirs_did_not", "theirs_change",
)  # fmt: skip


@transaction.atomic
def record_retrospective(actor: User, supplier: Supplier, data: Mapping[str, Any]) -> Retrospective:
    """A joint retrospective after a milestone; it adds a deposit to the trust ledger."""
    from partnerbook.relationship.services import add_trust_entry

    require(actor, "issue.edit", supplier)
    retro = Retrospective(supplier=supplier, created_by=actor)
    for key in RETRO_FIELDS:
        setattr(retro, key, _text(data.get(key)))
    retro.held_on = data.get("held_on") or timezone.localdate()
    issue = data.get("issue")
    if issue is not None and issue.supplier_id != supplier.pk:
        raise ValidationError({"issue": "Choose an issue of this supplier."})
    retro.issue = issue
    if not retro.milestone:
        raise ValidationError({"milestone": "Name the milestone it looks back on."})
    if retro.held_on > timezone.localdate():
        raise ValidationError({"held_on": "A retrospective cannot be held in the future."})
    theirs = retro.theirs_worked or retro.theirs_did_not or retro.theirs_change
    ours = retro.ours_worked or retro.ours_did_not or retro.ours_change
    if not (theirs and ours):
        raise ValidationError({"theirs_worked": "A joint retrospective has input from both sides."})
    retro.trust_entry = add_trust_entry(
        actor, supplier,
        {"occurred_on": retro.held_on, "points": domain.RETROSPECTIVE_POINTS,
         "reason": f"Joint retrospective: {retro.milestone}"[:500]},
    )  # fmt: skip
    save_audited(retro, actor, "Joint retrospective recorded.")
    return retro


@transaction.atomic
def record_breach(actor: User, supplier: Supplier, data: Mapping[str, Any]) -> Breach:
    """A breach of trust: a withdrawal in the ledger, linked to a recovery plan of the
    supplier (`recovery_plan`) when there is one."""
    from partnerbook.relationship.services import add_trust_entry

    require(actor, "issue.edit", supplier)
    breach = Breach(supplier=supplier, created_by=actor)
    breach.kind = _text(data.get("kind"))
    breach.description = _text(data.get("description"))
    breach.occurred_on = data.get("occurred_on") or timezone.localdate()
    if breach.kind not in domain.BREACH_KINDS:
        raise ValidationError({"kind": f"Use one of: {', '.join(domain.BREACH_KINDS)}."})
    if not breach.description:
        raise ValidationError({"description": "Say what happened."})
    if breach.occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": "A breach cannot be dated in the future."})
    for name in ("issue", "recovery_plan"):
        linked = data.get(name)
        if linked is not None and linked.supplier_id != supplier.pk:
            raise ValidationError({name: "Choose one of this supplier's own."})
        setattr(breach, name, linked)
    breach.trust_entry = add_trust_entry(
        actor, supplier,
        {"occurred_on": breach.occurred_on, "points": domain.BREACH_POINTS,
         "reason": f"{domain.BREACH_KINDS[breach.kind]}: {breach.description}"[:500]},
    )  # fmt: skip
    save_audited(breach, actor, "Breach of trust recorded.")
    return breach


@transaction.atomic
def link_recovery_plan(actor: User, breach: Breach, plan: Any) -> Breach:
    require(actor, "issue.edit", breach.supplier)
    if plan is not None and plan.supplier_id != breach.supplier_id:
        raise ValidationError({"recovery_plan": "Choose one of this supplier's own."})
    breach.recovery_plan = plan
    save_audited(breach, actor, "Recovery plan linked.")
    return breach


@dataclass(frozen=True)
class BreachView:
    breach: Breach
    deposits_since: int  # points deposited in the ledger since the breach
    deposit_count: int


def breaches_of(supplier: Supplier) -> list[BreachView]:
    """The supplier's breaches, each with the deposits the trust ledger shows since. One
    query, and the ledger's few more only when there is a breach."""
    from partnerbook.relationship.services import current_config, ledger_of

    breaches = list(Breach.objects.filter(supplier=supplier).select_related("recovery_plan"))
    if not breaches:
        return []
    lines = ledger_of(supplier, current_config()).lines
    views = []
    for breach in breaches:
        after = [line for line in lines if line.day >= breach.occurred_on and line.points > 0]
        views.append(BreachView(breach, sum(line.points for line in after), len(after)))
    return views


# --- reads: lists, audit, statistics --------------------------------------------------------

LIST_FILTERS = ("status", "severity", "category", "supplier", "owner", "q")


def filter_issues(
    qs: QuerySet[SupplierIssue], params: Mapping[str, Any]
) -> QuerySet[SupplierIssue]:
    """The one filter of the issue lists (page and API)."""
    status = params.get("status")
    if status in domain.STATUSES:
        qs = qs.filter(status=status)
    if params.get("severity") in domain.SEVERITIES:
        qs = qs.filter(severity=params["severity"])
    if params.get("category") in domain.CATEGORIES:
        qs = qs.filter(category=params["category"])
    for name, field in (("supplier", "supplier_id"), ("owner", "supplier__relationship_owner_id")):
        value = str(params.get(name) or "")
        if value.isdigit() and len(value) <= 18:  # larger is no record's id (and overflows)
            qs = qs.filter(**{field: int(value)})
    q = _text(params.get("q"))
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(supplier__name__icontains=q))
    return qs


def escalation_facts(
    user: User, params: Mapping[str, Any], limit: int = 20
) -> list[domain.EscalationFacts]:
    """The last `limit` upward moves in scope (category, owner, supplier), newest first, as
    facts for the audit (one query)."""
    issues = filter_issues(SupplierIssue.objects.visible_to(user), {
        k: params.get(k) for k in ("category", "owner", "supplier")
    })  # fmt: skip
    rows = (
        Escalation.objects.filter(issue__in=issues, to_level__gt=F("from_level"))
        .select_related("issue", "issue__supplier", "issue__supplier__relationship_owner")
        .order_by("-moved_at", "-pk")[: max(1, min(limit, 500))]
    )
    facts = []
    for e in rows:
        issue = e.issue
        owner = issue.supplier.relationship_owner
        facts.append(
            domain.EscalationFacts(
                escalation_id=e.pk, issue_id=issue.pk, supplier=issue.supplier.name,
                title=issue.title, category=issue.category, severity=issue.severity,
                safety_impact=issue.safety_impact, raised_at=issue.raised_at,
                escalated_at=e.moved_at, from_level=e.from_level, to_level=e.to_level,
                reason=e.reason, resolved_level=issue.resolved_level,
                owner=owner.display_name if owner else "",
            )
        )  # fmt: skip
    return facts


def escalation_audit(user: User, params: Mapping[str, Any], limit: int = 20) -> domain.Audit:
    return domain.audit(escalation_facts(user, params, limit))


def resolved_facts(user: User, params: Mapping[str, Any]) -> list[domain.Resolved]:
    """Every resolved issue in scope as facts for the statistics (two queries)."""
    issues = filter_issues(
        SupplierIssue.objects.visible_to(user).filter(status="resolved"),
        {k: params.get(k) for k in ("category", "owner", "supplier", "severity")},
    )
    rows = list(
        issues.values_list(
            "pk", "raised_at", "resolved_at", "severity", "category", "supplier__name",
            "supplier__relationship_owner__first_name", "supplier__relationship_owner__last_name",
            "supplier__relationship_owner__username",
        ).order_by()
    )  # fmt: skip
    joint = set(
        SupplierIssue.objects.filter(JOINT, pk__in=issues.values("pk"))
        .values_list("pk", flat=True).distinct()
    )  # fmt: skip
    out = []
    for pk, raised, resolved, severity, category, supplier, first, last, username in rows:
        if resolved is None:  # filtered on status; the constraint keeps the time
            continue
        owner = f"{first} {last}".strip() or (username or "")
        out.append(domain.Resolved(domain.days_between(raised, resolved), severity, category,
                                   pk in joint, supplier, owner))  # fmt: skip
    return out


def resolution_statistics(user: User, params: Mapping[str, Any]) -> domain.Statistics:
    return domain.resolution_statistics(resolved_facts(user, params))


def counts_by_status(qs: QuerySet[SupplierIssue]) -> dict[str, int]:
    return dict(qs.values_list("status").annotate(n=Count("pk")).order_by())  # type: ignore[arg-type]


# --- the relationship signals and the timeline ----------------------------------------------


def signal_events(
    supplier_ids: Sequence[int] | None, until: dt.date
) -> list[tuple[int, str, dt.date, str]]:
    """What issues add to the relationship signals: every issue counts as a dispute (minor
    or major), every move up the path as an escalation, and an issue the supplier raised
    itself also as an early warning shared. (supplier id, tag, day, side); two queries."""
    scope = {} if supplier_ids is None else {"supplier_id__in": list(supplier_ids)}
    end = start_of(until + dt.timedelta(days=1))
    events: list[tuple[int, str, dt.date, str]] = []
    tz = timezone.get_current_timezone()
    for supplier_id, severity, raised_at, side in (
        SupplierIssue.objects.filter(raised_at__lt=end, **scope)
        .values_list("supplier_id", "severity", "raised_at", "raised_by_side")
        .order_by()
    ):
        day = raised_at.astimezone(tz).date()
        events.append((supplier_id, "minor_dispute" if severity == "minor" else "major_dispute",
                       day, side))  # fmt: skip
        if side == "supplier":
            events.append((supplier_id, "early_warning", day, "supplier"))
    escalations = Escalation.objects.filter(
        moved_at__lt=end, to_level__gt=F("from_level"),
        **{f"issue__{k}": v for k, v in scope.items()},
    ).values_list("issue__supplier_id", "moved_at").order_by()  # fmt: skip
    events += [(s, "escalation", at.astimezone(tz).date(), "ours") for s, at in escalations]
    return events


def timeline_entries(
    user: User, supplier: Supplier, since: dt.datetime | None, limit: int
) -> list[TimelineEntry]:
    """Issues raised and resolved, escalations, retrospectives and breaches (four queries)."""
    if not can(user, "issue.view"):
        return []
    issues = SupplierIssue.objects.filter(supplier=supplier)
    if since is not None:
        issues = issues.filter(Q(raised_at__gte=since) | Q(resolved_at__gte=since))
    entries: list[TimelineEntry] = []
    for issue in issues.order_by("-raised_at", "-pk")[:limit]:
        url = reverse("conflicts:issue", args=[issue.pk])
        tag = "minor_dispute" if issue.severity == "minor" else "major_dispute"
        entries.append(TimelineEntry(
            when=issue.raised_at, kind="issues", url=url, badge=issue.severity,
            title=f"Issue raised ({issue.get_category_display().lower()}): {issue.title}",
            detail=issue.description[:300], tags=[tag],
        ))  # fmt: skip
        if issue.resolved_at and (since is None or issue.resolved_at >= since):
            entries.append(TimelineEntry(
                when=issue.resolved_at, kind="issues", url=url, badge="resolved",
                title=f"Issue resolved at level {issue.resolved_level}: {issue.title}",
                detail=issue.resolution[:300],
            ))  # fmt: skip
    moves = Escalation.objects.filter(issue__supplier=supplier).select_related("issue", "moved_by")
    if since is not None:
        moves = moves.filter(moved_at__gte=since)
    for e in moves.order_by("-moved_at", "-pk")[:limit]:
        entries.append(TimelineEntry(
            when=e.moved_at, kind="issues", url=reverse("conflicts:issue", args=[e.issue_id]),
            title=f"Issue {'escalated' if e.upward else 'de-escalated'} to level "
                  f"{e.to_level}: {e.issue.title}",
            detail=e.reason[:300], who=e.moved_by.display_name if e.moved_by else "",
            badge="escalation" if e.upward else "de-escalation",
            tags=["escalation"] if e.upward else [],
        ))  # fmt: skip
    retros = Retrospective.objects.filter(supplier=supplier)
    breaches = Breach.objects.filter(supplier=supplier)
    if since is not None:
        retros = retros.filter(held_on__gte=since.date())
        breaches = breaches.filter(occurred_on__gte=since.date())
    tab = reverse("conflicts:supplier", args=[supplier.pk])
    for r in retros.order_by("-held_on", "-pk")[:limit]:
        entries.append(TimelineEntry(
            when=start_of(r.held_on), kind="issues", url=f"{tab}#retrospective-{r.pk}",
            title=f"Joint retrospective: {r.milestone}", badge="deposit",
            detail=(r.ours_change or r.theirs_change)[:300],
        ))  # fmt: skip
    for b in breaches.order_by("-occurred_on", "-pk")[:limit]:
        entries.append(TimelineEntry(
            when=start_of(b.occurred_on), kind="issues", url=f"{tab}#breach-{b.pk}",
            title=f"Breach of trust: {b.get_kind_display()}", badge="withdrawal",
            detail=b.description[:300],
        ))  # fmt: skip
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]


# --- the supplier's side, through the portal ------------------------------------------------

SUPPLIER_ISSUE_FIELDS = ("title", "category", "severity", "safety_impact", "description")


def _tell_supplier(issue: SupplierIssue, subject: str, text: str) -> None:
    """E-mail the supplier's portal users that our side wrote on one of their issues
    (`WE_REPLIED`; only what the portal shows them, never our internal notes)."""
    from django.conf import settings

    from partnerbook.accounts.models import Role
    from partnerbook.accounts.notifications import notify
    from partnerbook.portal.apps import WE_REPLIED

    people = User.objects.filter(
        supplier_id=issue.supplier_id, role=Role.SUPPLIER_CONTACT, is_active=True
    )
    link = reverse("portal_conflicts:issue", args=[issue.pk])
    if settings.PARTNERBOOK_BASE_URL:
        link = settings.PARTNERBOOK_BASE_URL + link
    notify(
        WE_REPLIED, people, f'Issue "{issue.title}": {subject}',
        f'Hello,\n\n{text}\n\nThe issue "{issue.title}" in your supplier portal:\n{link}\n',
    )  # fmt: skip


def _tell_owner(actor: User, issue: SupplierIssue, subject: str, what: str, text: str) -> None:
    """E-mail the supplier's relationship owner that the supplier wrote (`SUPPLIER_WROTE`)."""
    from django.conf import settings

    from partnerbook.accounts.notifications import notify
    from partnerbook.portal.apps import SUPPLIER_WROTE

    owner = issue.supplier.relationship_owner
    if owner is None:
        return
    link = reverse("conflicts:issue", args=[issue.pk])
    if settings.PARTNERBOOK_BASE_URL:
        link = settings.PARTNERBOOK_BASE_URL + link
    body = (
        f"{actor.display_name} of {issue.supplier.name} {what} on the issue "
        f'"{issue.title}" through the portal:\n\n{text[:2000]}\n\n{link}'
    )
    notify(SUPPLIER_WROTE, [owner], f"{issue.supplier.name}: {subject}", body)


@transaction.atomic
def supplier_raise_issue(actor: User, data: Mapping[str, Any]) -> SupplierIssue:
    """A portal user raises an issue with us for their own supplier (raised by the
    supplier's side), at level 1 of the escalation path. `data` holds title, category,
    severity, and optionally safety_impact and description. E-mails the relationship owner."""
    require(actor, "portal.use")
    supplier = Supplier.objects.select_related("relationship_owner").get(pk=actor.supplier_id)
    require(actor, "portal.use", supplier)
    now = timezone.now()
    path = path_for(supplier)
    issue = SupplierIssue(
        supplier=supplier, raised_by=actor, raised_at=now, level=1, level_since=now,
        raised_by_side="supplier",
        path=[] if path == domain.DEFAULT_PATH else [lv.as_dict() for lv in path],
    )  # fmt: skip
    _apply(issue, {k: data[k] for k in SUPPLIER_ISSUE_FIELDS if k in data})
    if len(issue.title) > domain.MAX_TITLE:
        raise ValidationError({"title": f"Keep the title to {domain.MAX_TITLE} characters."})
    if len(issue.description) > domain.MAX_TEXT:
        raise ValidationError({"description": f"Keep it to {domain.MAX_TEXT} characters."})
    save_audited(issue, actor, "Issue raised by the supplier (portal).")
    _tell_owner(actor, issue, f"new issue raised: {issue.title}", "raised a new issue",
                issue.description or issue.title)  # fmt: skip
    return issue


@transaction.atomic
def supplier_answer_step(actor: User, issue: SupplierIssue, key: str, text: str) -> ProblemStep:
    """A portal user writes (or rewrites) their supplier's contribution (`theirs`) to one
    problem-solving step of their own supplier's issue; our side's text stays as it is.
    Counts towards joint problem-solving. E-mails the relationship owner."""
    require(actor, "portal.use", issue)
    if key not in domain.STEP_KEYS:
        raise ValidationError({"step": f"Use one of: {', '.join(domain.STEP_KEYS)}."})
    body = _text(text)
    if not body:
        raise ValidationError({"text": "Write your side's contribution to this step."})
    if len(body) > domain.MAX_TEXT:
        raise ValidationError({"text": f"Keep it to {domain.MAX_TEXT} characters."})
    row = ProblemStep.objects.select_for_update().filter(issue=issue, step=key).first()
    row = row or ProblemStep(issue=issue, step=key)
    row.theirs, row.updated_by = body, actor
    label = next(s.label for s in domain.STEPS if s.key == key)
    save_audited(row, actor, f"Problem-solving: {label}, the supplier's contribution (portal).")
    _tell_owner(actor, issue, f"answer on {issue.title}", f"wrote their side of “{label}”",
                body)  # fmt: skip
    return row


@transaction.atomic
def supplier_answer_discipline(
    actor: User, car: CorrectiveAction, key: str, text: str
) -> Discipline:
    """A portal user answers one of the supplier's disciplines (`SUPPLIER_DISCIPLINES`:
    D1 and D3-D7) of a corrective action request on their own supplier's issue. D2 (the
    problem as we describe it) and D8 (closure) are ours; a closed request takes no more
    answers. Counts towards joint problem-solving. E-mails the relationship owner."""
    issue = car.issue
    require(actor, "portal.use", issue)
    if key not in domain.DISCIPLINE_KEYS:
        raise ValidationError({"key": f"Use one of: {', '.join(domain.DISCIPLINE_KEYS)}."})
    if key not in domain.SUPPLIER_DISCIPLINES:
        raise ValidationError(
            {"key": "We answer this discipline on our side; yours are D1 and D3 to D7."}
        )
    if car.closed_on is not None:
        raise ValidationError({"key": "The request is closed; thank you for your answers."})
    body = _text(text)
    if not body:
        raise ValidationError({"text": "Write the answer."})
    if len(body) > domain.MAX_TEXT:
        raise ValidationError({"text": f"Keep it to {domain.MAX_TEXT} characters."})
    row = Discipline.objects.select_for_update().filter(corrective_action=car, key=key).first()
    row = row or Discipline(corrective_action=car, key=key)
    row.text, row.side, row.answered_by = body, "supplier", actor
    label = next(d.label for d in domain.DISCIPLINES if d.key == key)
    save_audited(row, actor, f"Corrective action: {label} answered by the supplier (portal).")
    _tell_owner(actor, issue, f"8D answer on {issue.title}", f"answered {label}", body)
    return row


def corrective_actions_for_portal(user: Any) -> QuerySet[CorrectiveAction]:
    """The corrective action requests on the issues of a portal user's own supplier."""
    return CorrectiveAction.objects.filter(
        issue__in=SupplierIssue.objects.for_portal(user)
    ).select_related("issue", "issue__supplier")
