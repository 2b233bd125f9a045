"""Reads and writes of onboarding plans and expansion opportunities. Views, the API, the
import, the demo loader and tests all come through here; the rules are in `domain.py`.

An onboarding plan's tasks are action items (source "onboarding.task", `source_id` the
plan), written through `actions.services`; `OnboardingTask` keeps their milestone and side."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from partnerbook.accounts.models import INTERNAL_ROLES, User
from partnerbook.accounts.policy import can, require
from partnerbook.actions import services as actions
from partnerbook.actions.models import ActionItem
from partnerbook.core import registry
from partnerbook.core.audit import save_audited
from partnerbook.core.concurrency import lock_for_edit, next_version
from partnerbook.core.spreadsheets import CONTENT_TYPES, ExportFile, write_csv, write_xlsx
from partnerbook.reviews.models import BusinessReview
from partnerbook.suppliers.models import Contact, Supplier

from . import domain
from .models import OnboardingFaq, OnboardingPlan, OnboardingTask, Opportunity

SOURCE = "onboarding.task"
SUCCESS_FIELDS = ("success_30", "success_60", "success_90")
TASK_ITEM_FIELDS = ("title", "detail", "owner", "owner_contact", "due_on", "status")
OPPORTUNITY_FIELDS = ("kind", "title", "description", "status", "outcome", "review")
MAX_OPPORTUNITIES = 100
EXPORT_COLUMNS = (
    "external_id", "supplier", "milestone", "side", "title", "owner", "due_on", "detail",
    "status",
)  # fmt: skip


# --- people -----------------------------------------------------------------------------


def _colleague(value: Any, field: str = "point_of_contact") -> User:
    """An active colleague (internal user), given as a User or an id."""
    user = value
    if isinstance(value, int) and not isinstance(value, bool):
        user = User.objects.filter(pk=value).first()
    if not isinstance(user, User) or not (user.is_active and user.role in INTERNAL_ROLES):
        raise ValidationError({field: gettext("Choose an active colleague on our side.")})
    return user


def main_contact_of(supplier: Supplier) -> Contact | None:
    """The supplier's main person for us: its account manager (sales) if it has one, else
    its first contact on its own side by name; None when it has none (one query)."""
    contacts = Contact.objects.filter(
        supplier=supplier, side=Contact.Side.SUPPLIER, archived=False
    ).order_by("name", "pk")
    found = list(contacts[:50])
    sales = [c for c in found if c.function == Contact.Function.SALES]
    return (sales or found or [None])[0]


# --- plans ------------------------------------------------------------------------------


def active_plan_of(supplier: Supplier) -> OnboardingPlan | None:
    return (
        OnboardingPlan.objects.filter(supplier=supplier, status=OnboardingPlan.Status.ACTIVE)
        .select_related("point_of_contact")
        .first()
    )


def plan_of(supplier: Supplier) -> OnboardingPlan | None:
    """The supplier's current plan: the active one, else the latest completed (one query)."""
    return onboarding_plans_by_supplier([supplier.pk]).get(supplier.pk)


def onboarding_plans_by_supplier(ids: Iterable[int]) -> dict[int, OnboardingPlan]:
    """{supplier pk: its current onboarding plan (active, else the latest)} for the
    suppliers that have one (one query)."""
    plans = (
        OnboardingPlan.objects.filter(supplier_id__in=list(ids))
        .select_related("point_of_contact")
        .order_by("supplier_id", "status", "-starts_on", "-pk")  # "active" < "completed"
    )
    found: dict[int, OnboardingPlan] = {}
    for plan in plans:
        found.setdefault(plan.supplier_id, plan)
    return found


def plan_for(user: User, plan_id: int) -> OnboardingPlan | None:
    """The plan `plan_id` if `user` may see its supplier."""
    if not can(user, "playbook.view"):
        return None
    return (
        OnboardingPlan.objects.filter(pk=plan_id, supplier__in=Supplier.objects.visible_to(user))
        .select_related("supplier", "point_of_contact")
        .first()
    )


def _texts(data: Mapping[str, Any], plan: OnboardingPlan) -> None:
    for field in SUCCESS_FIELDS:
        if field in data:
            value = str(data[field] or "").strip()
            if len(value) > 2000:
                raise ValidationError({field: gettext("Keep it under 2,000 characters.")})
            setattr(plan, field, value)


MAX_YEARS_AWAY = 10


def _check_start(value: Any) -> dt.date:
    if not isinstance(value, dt.date):
        raise ValidationError({"starts_on": gettext("Give the day the onboarding starts.")})
    if abs((value - timezone.localdate()).days) > MAX_YEARS_AWAY * 366:
        raise ValidationError(
            {
                "starts_on": gettext("Give a start within %(years)s years of today.")
                % {"years": MAX_YEARS_AWAY}
            }
        )
    return value


def _check_supplier_open(supplier: Supplier) -> None:
    if supplier.archived or supplier.status == "exited":
        raise ValidationError(
            {
                "supplier": gettext(
                    "This supplier is archived or exited; it is not onboarded any more."
                )
            }
        )


@transaction.atomic
def create_plan(actor: User, supplier: Supplier, data: Mapping[str, Any]) -> OnboardingPlan:
    """Start the supplier's 30-60-90-day plan from the standard template. `data`:
    point_of_contact (a colleague, or their id; required), starts_on (default today),
    success_30/60/90 (default the template's criteria). Our tasks go to the point of
    contact, the supplier's to its main contact (or nobody yet); each is due on
    starts_on + its offset."""
    require(actor, "playbook.edit", supplier)
    _check_supplier_open(supplier)
    if data.get("point_of_contact") is None:
        raise ValidationError({"point_of_contact": gettext("Name our point of contact.")})
    contact_person = _colleague(data["point_of_contact"])
    starts_on = _check_start(data.get("starts_on") or timezone.localdate())
    # Lock the supplier: two people starting a plan at once would both create one.
    list(Supplier.objects.select_for_update().filter(pk=supplier.pk).values_list("pk"))
    if OnboardingPlan.objects.filter(
        supplier=supplier, status=OnboardingPlan.Status.ACTIVE
    ).exists():
        raise ValidationError(
            {"supplier": gettext("This supplier already has an active onboarding plan; "
                                 "complete it before starting another.")}
        )  # fmt: skip
    plan = OnboardingPlan(
        supplier=supplier,
        point_of_contact=contact_person,
        starts_on=starts_on,
        created_by=actor,
        **{f"success_{m}": domain.SUCCESS_CRITERIA[m] for m in domain.MILESTONES},
    )
    _texts(data, plan)
    save_audited(plan, actor, "Onboarding plan started from the 30-60-90 template.")
    theirs = main_contact_of(supplier)
    for task in domain.TEMPLATE:
        ours = task.side == domain.OURS
        item_data = {
            "title": task.title,
            "detail": task.detail,
            "owner": contact_person if ours else None,
            "owner_contact": None if ours else theirs,
            "due_on": domain.due_on(starts_on, task.offset_days),
        }
        _add_item(actor, plan, item_data, task.milestone, task.side)
    return plan


def _add_item(
    actor: User, plan: OnboardingPlan, data: Mapping[str, Any], milestone: int, side: str
) -> OnboardingTask:
    item = actions.create_action_item(
        actor, plan.supplier, data, source=SOURCE, source_id=plan.pk,
        reason="Onboarding task added.",
    )  # fmt: skip
    link = OnboardingTask(plan=plan, item=item, milestone=milestone, side=side)
    save_audited(link, actor, "Onboarding task added.", validate_constraints=False)
    return link


@transaction.atomic
def update_plan(
    actor: User,
    plan: OnboardingPlan,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> OnboardingPlan:
    """Change the point of contact, the start day or the success criteria. A new start day
    moves the due dates of the open tasks by as many days. With `expected_version`, an edit
    based on an older version raises `StaleEdit`."""
    require(actor, "playbook.edit", plan.supplier)
    lock_for_edit(plan, expected_version, "this onboarding plan")
    if plan.status != OnboardingPlan.Status.ACTIVE:
        raise ValidationError({"status": gettext("This plan is completed; it no longer changes.")})
    if "point_of_contact" in data:
        plan.point_of_contact = _colleague(data["point_of_contact"])
    _texts(data, plan)
    shift = 0
    if data.get("starts_on") is not None:
        starts_on = _check_start(data["starts_on"])
        shift = (starts_on - plan.starts_on).days
        plan.starts_on = starts_on
    next_version(plan)
    save_audited(plan, actor, "Onboarding plan changed.")
    if shift:
        for task in tasks_of(plan):
            item = task.item
            if item.status == ActionItem.Status.OPEN and item.due_on is not None:
                try:
                    new_due = item.due_on + dt.timedelta(days=shift)
                except OverflowError as exc:
                    raise ValidationError(
                        {
                            "starts_on": gettext("“%(title)s” cannot move that far.")
                            % {"title": item.title}
                        }
                    ) from exc
                actions.update_action_item(actor, item, {"due_on": new_due})
    return plan


@transaction.atomic
def complete_plan(
    actor: User, plan: OnboardingPlan, expected_version: int | None = None
) -> OnboardingPlan:
    """Close the plan once none of its tasks is open."""
    require(actor, "playbook.edit", plan.supplier)
    lock_for_edit(plan, expected_version, "this onboarding plan")
    if plan.status == OnboardingPlan.Status.COMPLETED:
        raise ValidationError({"status": gettext("This plan is already completed.")})
    still_open = ActionItem.objects.filter(
        source=SOURCE, source_id=plan.pk, status=ActionItem.Status.OPEN
    ).count()
    if still_open:
        raise ValidationError(
            {"status": ngettext("%(n)s task is still open; mark it done or dropped first.",
                                "%(n)s tasks are still open; mark them done or dropped first.",
                                still_open) % {"n": still_open}}
        )  # fmt: skip
    plan.status = OnboardingPlan.Status.COMPLETED
    plan.completed_on = timezone.localdate()
    next_version(plan)
    save_audited(plan, actor, "Onboarding plan completed.")
    return plan


# --- tasks ------------------------------------------------------------------------------


def tasks_of(plan: OnboardingPlan | None) -> list[OnboardingTask]:
    """The plan's tasks by milestone and due date, with their action items (one query)."""
    if plan is None:
        return []
    return list(
        OnboardingTask.objects.filter(plan=plan)
        .select_related("item", "item__owner", "item__owner_contact", "ticked_by")
        .order_by("milestone", "item__due_on", "pk")
    )


def _task_side(data: Mapping[str, Any]) -> str:
    side = data.get("side")
    owner, contact = data.get("owner"), data.get("owner_contact")
    if owner is not None and contact is not None:
        raise ValidationError(
            {"owner": gettext("Give one owner: a colleague or a supplier contact.")}
        )
    if side is None or side == "":
        side = domain.SUPPLIER if contact is not None else domain.OURS
    if side not in domain.SIDES:
        raise ValidationError({"side": gettext("Choose our side or the supplier's side.")})
    if side == domain.OURS and contact is not None:
        raise ValidationError(
            {"owner_contact": gettext("A task on our side is owned by a colleague.")}
        )
    if side == domain.SUPPLIER and owner is not None:
        raise ValidationError({"owner": gettext("A task on the supplier's side is owned by one of "
                                       "their contacts.")})  # fmt: skip
    return str(side)


@transaction.atomic
def add_task(actor: User, plan: OnboardingPlan, data: Mapping[str, Any]) -> OnboardingTask:
    """Add a task to an active plan. `data`: milestone (30, 60 or 90), title, and
    optionally side ("ours"|"supplier"; default from the owner, else ours), detail, owner
    (a colleague) or owner_contact (a supplier-side contact), due_on (default the
    milestone's last day), status. Without an owner, our tasks go to the point of contact
    and the supplier's to its main contact."""
    require(actor, "playbook.edit", plan.supplier)
    if plan.status != OnboardingPlan.Status.ACTIVE:
        raise ValidationError(
            {"plan": gettext("This plan is completed; start a new one to add tasks.")}
        )
    milestone = data.get("milestone")
    problem = domain.milestone_problem(milestone)
    if problem:
        raise ValidationError({"milestone": problem})
    assert isinstance(milestone, int)  # noqa: S101 - checked above
    side = _task_side(data)
    item_data = {k: data[k] for k in TASK_ITEM_FIELDS if k in data}
    if data.get("owner") is None and data.get("owner_contact") is None:
        if side == domain.OURS:
            item_data["owner"] = plan.point_of_contact
        else:
            item_data["owner_contact"] = main_contact_of(plan.supplier)
    item_data["due_on"] = data.get("due_on") or domain.milestone_day(plan.starts_on, milestone)
    return _add_item(actor, plan, item_data, milestone, side)


@transaction.atomic
def update_task(
    actor: User,
    task: OnboardingTask,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> OnboardingTask:
    """Change a task: milestone and side here, the rest on its action item (whose
    `version` is the one compared with `expected_version`)."""
    require(actor, "playbook.edit", task.plan.supplier)
    if "milestone" in data:
        problem = domain.milestone_problem(data["milestone"])
        if problem:
            raise ValidationError({"milestone": problem})
        task.milestone = data["milestone"]
    item_data = {k: data[k] for k in TASK_ITEM_FIELDS if k in data}
    if item_data or expected_version is not None:
        actions.update_action_item(actor, task.item, item_data, expected_version)
    merged = {
        "side": data.get("side", task.side),
        "owner": task.item.owner,
        "owner_contact": task.item.owner_contact,
    }
    task.side = _task_side(merged)
    save_audited(task, actor, "Onboarding task changed.", validate_constraints=False)
    return task


def task_states(tasks: Iterable[OnboardingTask]) -> list[domain.TaskState]:
    return [domain.TaskState(t.milestone, t.item.status, t.item.due_on) for t in tasks]


@dataclass(frozen=True)
class Milestone:
    """One milestone of a plan as a page shows it."""

    milestone: int
    label: str
    ends_on: dt.date
    success: str
    tasks: list[OnboardingTask]
    progress: domain.Progress


@dataclass(frozen=True)
class PlanView:
    plan: OnboardingPlan
    milestones: list[Milestone]
    overall: domain.Progress
    tasks: list[OnboardingTask]


def plan_view(plan: OnboardingPlan, today: dt.date | None = None) -> PlanView:
    """The plan with its tasks by milestone and the progress of each (one query)."""
    today = today or timezone.localdate()
    tasks = tasks_of(plan)
    per, overall = domain.progress(task_states(tasks), today)
    milestones = [
        Milestone(
            milestone=p.milestone,
            label=domain.MILESTONE_LABELS[p.milestone],
            ends_on=domain.milestone_day(plan.starts_on, p.milestone),
            success=plan.success_for(p.milestone),
            tasks=[t for t in tasks if t.milestone == p.milestone],
            progress=p,
        )
        for p in per
    ]
    return PlanView(plan, milestones, overall, tasks)


# --- opportunities ----------------------------------------------------------------------


def maturity_stage_of(supplier: Supplier) -> str:
    """The relationship's maturity stage as segmentation records it (transactional when
    not assessed yet; one query)."""
    from partnerbook.segmentation.models import SegmentationProfile

    stage = (
        SegmentationProfile.objects.filter(supplier=supplier)
        .values_list("maturity_stage", flat=True)
        .first()
    )
    return str(stage or "transactional")


def opportunities_of(supplier: Supplier, limit: int = MAX_OPPORTUNITIES) -> list[Opportunity]:
    """The supplier's opportunities, newest first (one query)."""
    return list(
        Opportunity.objects.filter(supplier=supplier)
        .select_related("review", "raised_by")
        .order_by("-created_at", "-pk")[:limit]
    )


def opportunity_for(user: User, opportunity_id: int) -> Opportunity | None:
    if not can(user, "playbook.view"):
        return None
    return (
        Opportunity.objects.filter(
            pk=opportunity_id, supplier__in=Supplier.objects.visible_to(user)
        )
        .select_related("supplier", "review", "raised_by")
        .first()
    )


def _review(supplier: Supplier, value: Any) -> BusinessReview | None:
    if value is None or value == "":
        return None
    review = value
    if isinstance(value, int) and not isinstance(value, bool):
        review = BusinessReview.objects.filter(pk=value).first()
    if (
        not isinstance(review, BusinessReview)
        or review.supplier_id != supplier.pk
        or review.archived
    ):
        raise ValidationError({"review": gettext("Choose a business review of this supplier.")})
    return review


def _apply_opportunity(opportunity: Opportunity, data: Mapping[str, Any]) -> None:
    for key in OPPORTUNITY_FIELDS:
        if key not in data:
            continue
        value = data[key]
        if key == "review":
            opportunity.review = _review(opportunity.supplier, value)
        elif key in ("title", "description", "outcome", "status", "kind"):
            setattr(opportunity, key, str(value or "").strip())
    if not opportunity.title:
        raise ValidationError({"title": gettext("Name the opportunity.")})
    if opportunity.kind not in domain.KINDS:
        raise ValidationError(
            {"kind": gettext("Use one of: %(choices)s.") % {"choices": ", ".join(domain.KINDS)}}
        )
    if opportunity.status not in domain.STATUSES:
        raise ValidationError(
            {
                "status": gettext("Use one of: %(choices)s.")
                % {"choices": ", ".join(domain.STATUSES)}
            }
        )
    problem = domain.outcome_problem(opportunity.status, opportunity.outcome)
    if problem:
        raise ValidationError({"outcome": problem})


@transaction.atomic
def create_opportunity(actor: User, supplier: Supplier, data: Mapping[str, Any]) -> Opportunity:
    """Raise an expansion opportunity for an active partner. `data`: kind, title, and
    optionally description, status (default idea), outcome (required when won or
    dropped), review (a business review of this supplier, or its id). The kind must fit
    the relationship's current maturity stage, which is stored with it."""
    require(actor, "playbook.edit", supplier)
    stage = maturity_stage_of(supplier)
    fit = domain.opportunity_fit(str(data.get("kind") or ""), stage, supplier.status)
    if not fit.ok:
        raise ValidationError({"kind": fit.explanation})
    opportunity = Opportunity(
        supplier=supplier, raised_by=actor, maturity_stage=stage, status="idea"
    )
    _apply_opportunity(opportunity, data)
    save_audited(opportunity, actor, "Growth opportunity raised.")
    return opportunity


@transaction.atomic
def update_opportunity(
    actor: User,
    opportunity: Opportunity,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> Opportunity:
    """Change the fields given in `data` (see `create_opportunity`). A new kind must fit
    the relationship's current stage. With `expected_version`, an edit based on an older
    version raises `StaleEdit`."""
    require(actor, "playbook.edit", opportunity.supplier)
    lock_for_edit(opportunity, expected_version, "this opportunity")
    if "kind" in data and data["kind"] != opportunity.kind:
        fit = domain.opportunity_fit(
            str(data["kind"] or ""), maturity_stage_of(opportunity.supplier),
            opportunity.supplier.status,
        )  # fmt: skip
        if not fit.ok:
            raise ValidationError({"kind": fit.explanation})
    _apply_opportunity(opportunity, data)
    next_version(opportunity)
    save_audited(opportunity, actor, "Growth opportunity changed.")
    return opportunity


# --- the Playbook tab -------------------------------------------------------------------


def supplier_onboarding(user: User, supplier: Supplier) -> dict[str, Any]:
    """What `onboarding/_supplier_onboarding.html` shows on the supplier's Playbook tab
    (a fixed number of queries: plan, tasks, opportunities, stage, reviews and forms)."""
    from .forms import OpportunityForm, PlanForm, TaskForm

    can_edit = can(user, "playbook.edit", supplier)
    plan = plan_of(supplier)
    view = plan_view(plan) if plan is not None else None
    stage = maturity_stage_of(supplier)
    active = plan is not None and plan.status == OnboardingPlan.Status.ACTIVE
    fitting = domain.kinds_that_fit(stage) if supplier.status == domain.ACTIVE_STATUS else []
    return {
        "onboarding": view,
        "onboarding_can_edit": can_edit,
        "onboarding_plan_form": PlanForm() if can_edit and not active else None,
        "onboarding_task_form": TaskForm(supplier=supplier) if can_edit and active else None,
        "onboarding_sides": domain.SIDES,
        "opportunities": opportunities_of(supplier),
        "opportunity_stage": stage,
        "opportunity_kinds_fit": [gettext(domain.KINDS[k]) for k in fitting],
        "opportunity_form": (OpportunityForm(supplier=supplier) if can_edit and fitting else None),
        "opportunity_active": supplier.status == domain.ACTIVE_STATUS,
    }


# --- the decision checklist -------------------------------------------------------------


def checklist(ids: list[int]) -> dict[int, registry.ChecklistResult]:
    """The "onboarding plan created" item for every supplier in `ids` (two queries): it
    holds when the supplier's current plan names a point of contact and has a task."""
    plans = onboarding_plans_by_supplier(ids)
    counts = dict(
        ActionItem.objects.filter(source=SOURCE, source_id__in=[p.pk for p in plans.values()])
        .order_by()
        .values("source_id")
        .annotate(n=Count("pk", filter=~Q(status=ActionItem.Status.DROPPED)))
        .values_list("source_id", "n")
    )
    url_of = registry.pk_urls("gate:supplier")
    results: dict[int, registry.ChecklistResult] = {}
    for pk in ids:
        url = url_of(pk)
        plan = plans.get(pk)
        if plan is None:
            results[pk] = registry.ChecklistResult(
                False, "No onboarding plan yet: start one from the 30-60-90 template.", url
            )
            continue
        tasks = counts.get(plan.pk, 0)
        person = plan.point_of_contact.display_name if plan.point_of_contact_id else ""
        evidence = (
            f"30-60-90 plan from {plan.starts_on.isoformat()}, {tasks} task"
            f"{'s' if tasks != 1 else ''}, point of contact {person or 'missing'}"
        )
        if plan.status == OnboardingPlan.Status.COMPLETED:
            evidence += " (completed)"
        ok = bool(person) and tasks > 0
        if not tasks:
            evidence += "; add at least one task"
        results[pk] = registry.ChecklistResult(ok, evidence + ".", url)
    return results


# --- export -----------------------------------------------------------------------------


def _task_row(plan: OnboardingPlan, task: OnboardingTask) -> tuple[Any, ...]:
    item = task.item
    owner = ""
    if item.owner is not None:
        owner = item.owner.username
    elif item.owner_contact is not None:
        owner = item.owner_contact.email or item.owner_contact.name
    return (
        plan.supplier.external_id, plan.supplier.name, task.milestone, task.side, item.title,
        owner, item.due_on.isoformat() if item.due_on else "", item.detail, item.status,
    )  # fmt: skip


def export_tasks(plan: OnboardingPlan, fmt: str) -> ExportFile:
    """The plan's tasks as CSV or XLSX, in the columns the import reads (one query)."""
    rows = [_task_row(plan, task) for task in tasks_of(plan)]
    if fmt == "xlsx":
        content = write_xlsx("Onboarding tasks", EXPORT_COLUMNS, rows, number_columns=())
    else:
        content = write_csv(EXPORT_COLUMNS, rows)
    return ExportFile(content, CONTENT_TYPES[fmt], len(rows))


# --- demo data --------------------------------------------------------------------------


def demo_onboarding(
    actor: User,
    supplier: Supplier,
    *,
    started_days_ago: int,
    point_of_contact: User,
    done_titles: Iterable[str] = (),
) -> OnboardingPlan:
    """A plan from the template that started `started_days_ago` days ago, with the tasks
    titled in `done_titles` done (on their due day, or today if that is later)."""
    today = timezone.localdate()
    plan = create_plan(
        actor, supplier,
        {"point_of_contact": point_of_contact,
         "starts_on": today - dt.timedelta(days=started_days_ago)},
    )  # fmt: skip
    wanted = set(done_titles)
    for task in tasks_of(plan):
        if task.item.title in wanted:
            due = task.item.due_on or today
            actions.complete_action_item(actor, task.item, min(due, today))
    return plan


def demo_opportunity(
    actor: User, supplier: Supplier, kind: str, title: str, status: str, outcome: str = ""
) -> Opportunity:
    """An opportunity raised through the same rules as the pages."""
    return create_opportunity(
        actor, supplier, {"kind": kind, "title": title, "status": status, "outcome": outcome}
    )


# --- FAQs of the portal's onboarding space ----------------------------------------------


def _faq_fields(faq: OnboardingFaq, data: Mapping[str, Any]) -> None:
    for field, limit, missing in (
        ("question", 300, gettext("Write the question.")),
        ("answer", 5000, gettext("Write the answer.")),
    ):
        if field in data:
            value = str(data[field] or "").strip()
            if not value:
                raise ValidationError({field: missing})
            if len(value) > limit:
                raise ValidationError(
                    {
                        field: gettext("Keep it under %(limit)s characters.")
                        % {"limit": f"{limit:,}"}
                    }
                )
            setattr(faq, field, value)
    if "position" in data and data["position"] is not None:
        position = data["position"]
        if (
            isinstance(position, bool)
            or not isinstance(position, int)
            or not 0 <= position <= 32767
        ):
            raise ValidationError({"position": gettext("Give a whole number from 0 to 32767.")})
        faq.position = position
    if "published" in data and data["published"] is not None:
        faq.published = bool(data["published"])


def faqs(include_unpublished: bool = True) -> list[OnboardingFaq]:
    found = OnboardingFaq.objects.order_by("position", "pk")
    if not include_unpublished:
        found = found.filter(published=True)
    return list(found[:200])


@transaction.atomic
def create_faq(actor: User, data: Mapping[str, Any]) -> OnboardingFaq:
    """Add a FAQ to the portal's onboarding space (managers and admins: playbook.edit in
    general). `data`: question, answer, position, published."""
    require(actor, "playbook.edit")
    faq = OnboardingFaq()
    _faq_fields(faq, {"question": "", "answer": "", **data})
    save_audited(faq, actor, "Onboarding FAQ added.")
    return faq


@transaction.atomic
def update_faq(actor: User, faq: OnboardingFaq, data: Mapping[str, Any]) -> OnboardingFaq:
    """Change the fields given in `data`; unpublish instead of deleting."""
    require(actor, "playbook.edit")
    _faq_fields(faq, data)
    save_audited(faq, actor, "Onboarding FAQ changed.")
    return faq


def demo_faqs(actor: User, entries: Iterable[tuple[str, str]]) -> list[OnboardingFaq]:
    """Publish the demo FAQs (once: a question already there is kept as it is)."""
    existing = set(OnboardingFaq.objects.values_list("question", flat=True))
    return [
        create_faq(actor, {"question": q, "answer": a, "position": 10 * (n + 1)})
        for n, (q, a) in enumerate(entries)
        if q not in existing
    ]
