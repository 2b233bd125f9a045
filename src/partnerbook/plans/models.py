"""Relationship plans (one per supplier, with every revision kept) and recovery plans."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

MAX_HOURS = 8760  # a year


def _hours(label: str) -> models.PositiveIntegerField:  # type: ignore[type-arg]
    return models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_HOURS)],
        help_text=f"Expected answer time for {label} requests, in hours.",
    )


class RelationshipPlan(models.Model):
    """The plan for one partnership, written jointly with the supplier: a partnership SWOT,
    the target contact map and the communication norms (its objectives are action items
    with source "plan.objective"). Every save adds a `PlanRevision`.

    The lists are stored as JSON: SWOT points are short texts; `contact_map` rows are
    {"our_contact": id, "their_contact": id, "level": ..., "purpose": ...} with contacts of
    this supplier (checked by the service); `contributor_ids` are supplier-side contacts."""

    supplier = models.OneToOneField(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="relationship_plan"
    )
    contributor_ids = models.JSONField(
        default=list, blank=True, help_text="Supplier-side contacts who wrote it with us."
    )
    contributors_note = models.CharField(
        max_length=300, blank=True, help_text="Others on the supplier's side who contributed."
    )
    strengths = models.JSONField(default=list, blank=True)
    weaknesses = models.JSONField(default=list, blank=True)
    opportunities = models.JSONField(default=list, blank=True)
    threats = models.JSONField(default=list, blank=True)
    contact_map = models.JSONField(default=list, blank=True)
    preferred_channels = models.JSONField(default=list, blank=True)
    response_urgent_hours = _hours("urgent")
    response_normal_hours = _hours("normal")
    response_low_hours = _hours("low-priority")
    languages = models.JSONField(default=list, blank=True)
    time_zones = models.JSONField(default=list, blank=True)
    meeting_etiquette = models.TextField(blank=True)
    uses_intermediary = models.BooleanField(default=False)
    intermediary = models.CharField(
        max_length=200, blank=True, help_text="Who acts as the local intermediary."
    )
    revision = models.PositiveIntegerField(default=0, help_text="Number of the latest revision.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Counts the edits; an edit based on an older version is refused.",
    )
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="plan_response_hours_ordered",
                condition=(
                    models.Q(response_urgent_hours__isnull=True)
                    | models.Q(response_normal_hours__isnull=True)
                    | models.Q(response_urgent_hours__lte=models.F("response_normal_hours"))
                ),
                violation_error_message="An urgent answer cannot take longer than a normal one.",
            ),
        ]

    def __str__(self) -> str:
        return f"Relationship plan of supplier {self.supplier_id}"


class PlanRevision(models.Model):
    """One saved state of a relationship plan: who saved it, when, why, and what it said."""

    plan = models.ForeignKey(RelationshipPlan, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    note = models.TextField(help_text="What changed and why.")
    snapshot = models.JSONField(help_text="The plan as saved, contact names included.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_revision_unique")
        ]

    def __str__(self) -> str:
        return f"Revision {self.number} of plan {self.plan_id}"


class RecoveryPlan(models.Model):
    """A plan to rebuild a relationship in trouble: name the problem openly and without
    blame, engage new levels or people or a new cadence, take small low-risk steps (action
    items with source "plan.recovery"), maybe with a neutral facilitator, and review it on
    a set day. `repetition_warning` says what it repeats of earlier plans, if anything."""

    class Trigger(models.TextChoices):
        BOW_TIE = "bow_tie", _("Bow-tie: one pair of people carries the relationship")
        DRIFT_ALERT = "drift_alert", _("A drift alert")
        TRUST_BREACH = "trust_breach", _("A breach of trust")

    class Cadence(models.TextChoices):
        NONE = "", _("No new cadence")
        WEEKLY = "weekly", _("Weekly")
        FORTNIGHTLY = "fortnightly", _("Every two weeks")
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="recovery_plans"
    )
    trigger = models.CharField(max_length=20, choices=Trigger.choices)
    alert = models.ForeignKey(
        "alerts.Alert", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    acknowledgement = models.TextField(help_text="The problem, named openly and without blame.")
    levels = models.JSONField(
        default=list, blank=True, help_text='Levels to engage, e.g. "ours:executive".'
    )
    people = models.JSONField(default=list, blank=True, help_text="Ids of contacts to engage.")
    cadence = models.CharField(max_length=20, choices=Cadence.choices, blank=True, default="")
    facilitator = models.CharField(max_length=200, blank=True)
    review_on = models.DateField()
    repetition_warning = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["supplier", "-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="recovery_trigger_valid",
                condition=models.Q(trigger__in=["bow_tie", "drift_alert", "trust_breach"]),
            ),
        ]

    def __str__(self) -> str:
        return f"Recovery plan {self.pk} of supplier {self.supplier_id}"
