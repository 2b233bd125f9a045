"""Onboarding plans (30-60-90 days; their tasks are action items) and expansion
opportunities of active partners."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import domain

MILESTONE_CHOICES = [(m, _(domain.MILESTONE_LABELS[m])) for m in domain.MILESTONES]
SIDE_CHOICES = [(key, _(label)) for key, label in domain.SIDES.items()]


class OnboardingPlan(models.Model):
    """The first 90 days with a new supplier: who on our side leads it, when it starts,
    what success looks like at each milestone. Its tasks are action items with source
    "onboarding.task" and `source_id` this plan; `OnboardingTask` adds their milestone
    and side. A supplier has at most one active plan."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="onboarding_plans"
    )
    point_of_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="onboarding_plans",
        help_text=_("The colleague who leads the onboarding on our side."),
    )
    starts_on = models.DateField()
    success_30 = models.TextField(max_length=2000, blank=True)
    success_60 = models.TextField(max_length=2000, blank=True)
    success_90 = models.TextField(max_length=2000, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    completed_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text=_("Counts the edits; an edit based on an older version is refused."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["supplier", "-starts_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["supplier"],
                condition=models.Q(status="active"),
                name="one_active_onboarding_plan",
                violation_error_message=_("This supplier already has an active onboarding plan."),
            ),
            models.CheckConstraint(
                name="onboarding_plan_status_valid",
                condition=models.Q(status__in=["active", "completed"]),
            ),
        ]

    def __str__(self) -> str:
        return f"Onboarding plan of supplier {self.supplier_id} from {self.starts_on}"

    def success_for(self, milestone: int) -> str:
        return str(getattr(self, f"success_{milestone}", ""))


class OnboardingTask(models.Model):
    """Which milestone and side an onboarding action item belongs to (the task itself, with
    its owner, due date and status, is the action item)."""

    plan = models.ForeignKey(OnboardingPlan, on_delete=models.CASCADE, related_name="tasks")
    item = models.OneToOneField(
        "actions.ActionItem", on_delete=models.CASCADE, related_name="onboarding_task"
    )
    milestone = models.PositiveSmallIntegerField(choices=MILESTONE_CHOICES)
    side = models.CharField(max_length=10, choices=SIDE_CHOICES)
    ticked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", help_text=_("The supplier's portal user who last ticked it done."),
    )  # fmt: skip
    ticked_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "milestone", "pk"]
        constraints = [
            models.CheckConstraint(
                name="onboarding_task_milestone_valid",
                condition=models.Q(milestone__in=list(domain.MILESTONES)),
            ),
            models.CheckConstraint(
                name="onboarding_task_side_valid",
                condition=models.Q(side__in=list(domain.SIDES)),
            ),
        ]

    def __str__(self) -> str:
        return f"Task {self.item_id} of onboarding plan {self.plan_id}"


class Opportunity(models.Model):
    """A way to grow an active partnership (more volume, a new service, co-investment,
    co-innovation), raised at a maturity stage that fits it, and tied to the business
    review where it was discussed."""

    class Kind(models.TextChoices):
        MORE_VOLUME = domain.MORE_VOLUME, _(domain.KINDS[domain.MORE_VOLUME])
        NEW_SERVICE = domain.NEW_SERVICE, _(domain.KINDS[domain.NEW_SERVICE])
        CO_INVESTMENT = domain.CO_INVESTMENT, _(domain.KINDS[domain.CO_INVESTMENT])
        CO_INNOVATION = domain.CO_INNOVATION, _(domain.KINDS[domain.CO_INNOVATION])

    class Status(models.TextChoices):
        IDEA = "idea", _("Idea")
        IN_PROGRESS = "in_progress", _("In progress")
        WON = "won", _("Won")
        DROPPED = "dropped", _("Dropped")

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="opportunities"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(max_length=5000, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.IDEA)
    outcome = models.TextField(
        max_length=5000, blank=True, help_text=_("What came of it (required once won or dropped).")
    )
    maturity_stage = models.CharField(
        max_length=20, help_text=_("The relationship's maturity stage when it was raised.")
    )
    review = models.ForeignKey(
        "reviews.BusinessReview", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="opportunities", help_text=_("The business review where it was discussed."),
    )  # fmt: skip
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text=_("Counts the edits; an edit based on an older version is refused."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["supplier", "-created_at", "-pk"]
        verbose_name_plural = "opportunities"
        constraints = [
            models.CheckConstraint(
                name="opportunity_kind_valid", condition=models.Q(kind__in=list(domain.KINDS))
            ),
            models.CheckConstraint(
                name="opportunity_status_valid",
                condition=models.Q(status__in=list(domain.STATUSES)),
            ),
            models.CheckConstraint(
                name="opportunity_closed_has_outcome",
                condition=~models.Q(status__in=list(domain.CLOSED)) | ~models.Q(outcome=""),
                violation_error_message=_("A won or dropped opportunity needs its outcome."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class OnboardingFaq(models.Model):
    """A question new suppliers often ask, with our answer, shown on every supplier's
    onboarding space in the portal while published. Unpublished, never deleted."""

    question = models.CharField(max_length=300)
    answer = models.TextField(max_length=5000)
    position = models.PositiveSmallIntegerField(default=100, help_text=_("Lower comes first."))
    published = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("onboarding FAQ")
        constraints = [
            models.UniqueConstraint(fields=["question"], name="onboarding_faq_question_unique"),
        ]

    def __str__(self) -> str:
        return self.question
