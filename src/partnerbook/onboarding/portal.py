"""The supplier's onboarding space in the portal: their 30-60-90 plan, their own tasks to
tick, our side's tasks (read-only), documents we shared and the FAQs. Reads go through
portal querysets into portal schemas; the one write is `tick_task`.

What leaves the buying side: a task's title, milestone, side, due date and status; the
detail only of the supplier's own tasks (ours may hold internal notes); the plan's start,
success criteria and point of contact. Owners on our side, action-item history and
anything else stay internal."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import require
from partnerbook.actions.models import ActionItem
from partnerbook.core.audit import save_audited
from partnerbook.core.concurrency import next_version

from . import domain, services
from .models import OnboardingFaq, OnboardingPlan, OnboardingTask
from .schemas import (
    PortalFaqOut,
    PortalMilestoneOut,
    PortalOnboardingOut,
    PortalOnboardingTaskOut,
    PortalPlanOut,
    PortalSharedDocumentOut,
)


def plan_for(user: Any) -> OnboardingPlan | None:
    """The user's supplier's current plan (the active one, else the latest), or None."""
    supplier_id = getattr(user, "supplier_id", None)
    if supplier_id is None:
        return None
    return services.onboarding_plans_by_supplier([supplier_id]).get(supplier_id)


def task_for(user: Any, task_id: int) -> OnboardingTask | None:
    """A task of the user's own supplier's plans, or None (another supplier's is None)."""
    supplier_id = getattr(user, "supplier_id", None)
    if supplier_id is None:
        return None
    found: OnboardingTask | None = (
        OnboardingTask.objects.filter(item_id=task_id, plan__supplier_id=supplier_id)
        .select_related("plan", "plan__supplier", "item", "ticked_by")
        .first()
    )
    return found


def task_out(task: OnboardingTask, plan_active: bool) -> PortalOnboardingTaskOut:
    item = task.item
    theirs = task.side == domain.SUPPLIER
    return PortalOnboardingTaskOut(
        id=task.item_id, milestone=task.milestone, side=task.side,  # type: ignore[arg-type]
        title=item.title, detail=item.detail if theirs else "",
        due_on=item.due_on, status=item.status,  # type: ignore[arg-type]
        done_on=item.done_on,
        owner=(item.owner_contact.name if theirs and item.owner_contact else ""),
        can_tick=theirs and plan_active and item.status != ActionItem.Status.DROPPED,
    )  # fmt: skip


def _shared_documents(user: Any) -> list[PortalSharedDocumentOut]:
    from partnerbook.documents import portal as documents_portal
    from partnerbook.documents.models import Document

    today = timezone.localdate()
    found = Document.objects.for_portal(user).filter(source="ours").for_list()[:50]
    return [
        PortalSharedDocumentOut(**documents_portal.document_out(d, today).model_dump())
        for d in found
    ]


def faqs() -> list[PortalFaqOut]:
    return [
        PortalFaqOut(id=f.pk, question=f.question, answer=f.answer)
        for f in OnboardingFaq.objects.filter(published=True).order_by("position", "pk")[:100]
    ]


def space(user: Any) -> PortalOnboardingOut:
    """Everything the onboarding space shows (a fixed number of queries)."""
    plan = plan_for(user)
    plan_out = None
    if plan is not None:
        view = services.plan_view(plan)
        active = plan.status == OnboardingPlan.Status.ACTIVE
        contact = plan.point_of_contact
        plan_out = PortalPlanOut(
            status=plan.status,  # type: ignore[arg-type]
            starts_on=plan.starts_on, completed_on=plan.completed_on,
            point_of_contact=contact.display_name if contact else "",
            point_of_contact_email=contact.email if contact else "",
            progress=view.overall.explanation, done=view.overall.done, total=view.overall.total,
            milestones=[
                PortalMilestoneOut(
                    milestone=m.milestone, label=m.label, ends_on=m.ends_on, success=m.success,
                    progress=m.progress.explanation,
                    tasks=[task_out(t, active) for t in m.tasks],
                )
                for m in view.milestones
            ],
        )  # fmt: skip
    return PortalOnboardingOut(plan=plan_out, documents=_shared_documents(user), faqs=faqs())


@transaction.atomic
def tick_task(user: User, task: OnboardingTask, done: bool) -> OnboardingTask:
    """A portal user ticks one of their supplier's own tasks done (or open again). Our
    side's tasks, dropped tasks and tasks of a completed plan are refused. Audited on the
    action item and the task; our onboarding page shows who ticked it."""
    require(user, "portal.use", task.plan)
    if task.side != domain.SUPPLIER:
        raise PermissionDenied(gettext("This task is for our side; we tick it ourselves."))
    if task.plan.status != OnboardingPlan.Status.ACTIVE:
        raise ValidationError({"done": gettext("This onboarding plan is completed.")})
    item = ActionItem.objects.select_for_update().get(pk=task.item_id)
    if item.status == ActionItem.Status.DROPPED:
        raise ValidationError(
            {"done": gettext("This task was dropped; it needs nothing from you.")}
        )
    wanted = ActionItem.Status.DONE if done else ActionItem.Status.OPEN
    if item.status == wanted:
        task.item = item
        return task
    item.status = wanted
    item.done_on = timezone.localdate() if done else None
    next_version(item)
    # The portal has no `action.edit`: this narrow write (status only) is the supplier's
    # own, checked above, and audited like every other.
    reason = "Ticked done by the supplier." if done else "Opened again by the supplier."
    save_audited(item, user, reason)
    task.item = item
    task.ticked_by = user if done else None
    task.ticked_at = timezone.now() if done else None
    save_audited(task, user, reason, validate_constraints=False)
    return task


def home_card(user: Any) -> dict[str, Any] | None:
    """The portal home's onboarding card while their plan is active (two queries)."""
    plan = plan_for(user)
    if plan is None or plan.status != OnboardingPlan.Status.ACTIVE:
        return None
    view = services.plan_view(plan)
    mine = sum(
        1
        for t in view.tasks
        if t.side == domain.SUPPLIER and t.item.status == ActionItem.Status.OPEN
    )
    overall = view.overall
    return {
        "plan": {"done": overall.done, "total": overall.total, "progress": overall.explanation},
        "mine": mine,
    }
