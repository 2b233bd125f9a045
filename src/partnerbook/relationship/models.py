"""Relationship signals: interactions and their signal tags, the trust ledger's manual
entries, the settings of the drift and health checks, and the computed health snapshots."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import domain
from .queries import InteractionQuerySet, SupplierScopedQuerySet

SIDES = [("ours", _("Our side")), ("supplier", _("Supplier side"))]
# The domain marks its labels (gettext_noop); the pages show them translated.
CHANNEL_CHOICES = [(key, _(label)) for key, label in domain.CHANNEL_CHOICES]
REQUEST_KIND_CHOICES = [(key, _(label)) for key, label in domain.REQUEST_KIND_CHOICES]
TAG_CHOICES = [(key, _(label)) for key, label in domain.TAG_CHOICES]


class Interaction(models.Model):
    """A touchpoint with a supplier (meeting, call, e-mail, visit, check-in...), with who
    started it, who took part, notes, signal tags and, for a request, when it was answered."""

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="interactions"
    )
    occurred_on = models.DateField()
    channel = models.CharField(max_length=20, choices=CHANNEL_CHOICES)
    initiated_by = models.CharField(max_length=10, choices=SIDES)
    subject = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True, max_length=20_000)
    contacts = models.ManyToManyField("suppliers.Contact", blank=True, related_name="interactions")
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="interactions"
    )
    # A request (for data, flexibility or a concession) made in this interaction.
    request_side = models.CharField(max_length=10, choices=SIDES, blank=True)
    request_kind = models.CharField(max_length=20, choices=REQUEST_KIND_CHOICES, blank=True)
    asked_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    # Tone of the notes, kept with the record so that recomputes are set-based.
    sentiment = models.FloatField(null=True, blank=True, help_text=_("VADER compound, -1 to 1."))
    formality = models.FloatField(null=True, blank=True, help_text=_("0 (casual) to 100 (formal)."))
    external_ref = models.CharField(
        max_length=100,
        blank=True,
        help_text=_("An import's key, so that re-imports never duplicate."),
    )
    archived = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text=_("Counts the edits; an edit based on an older version is refused."),
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[contacts, participants])

    objects = InteractionQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="interaction_channel_valid",
                condition=models.Q(channel__in=[c for c, _ in domain.CHANNEL_CHOICES]),
            ),
            models.CheckConstraint(
                name="interaction_answered_after_asked",
                condition=models.Q(answered_at__isnull=True)
                | models.Q(asked_at__isnull=False, answered_at__gte=models.F("asked_at")),
            ),
            models.CheckConstraint(
                name="interaction_request_has_side",
                condition=models.Q(asked_at__isnull=True) | ~models.Q(request_side=""),
            ),
            models.UniqueConstraint(
                fields=["supplier", "external_ref"],
                condition=~models.Q(external_ref=""),
                name="interaction_external_ref_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["supplier", "occurred_on"], name="interaction_supplier_day_idx"),
            models.Index(fields=["occurred_on"], name="interaction_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} with {self.supplier_id} on {self.occurred_on}"

    @property
    def is_request(self) -> bool:
        return bool(self.request_side)

    @property
    def response_hours(self) -> float | None:
        if self.asked_at is None or self.answered_at is None:
            return None
        return (self.answered_at - self.asked_at).total_seconds() / 3600


class InteractionSignal(models.Model):
    """One signal tag on an interaction, copied with its supplier, day and side so that
    counts per supplier and period are one GROUP BY."""

    interaction = models.ForeignKey(Interaction, on_delete=models.CASCADE, related_name="signals")
    supplier = models.ForeignKey("suppliers.Supplier", on_delete=models.CASCADE, related_name="+")
    tag = models.CharField(max_length=40, choices=TAG_CHOICES)
    side = models.CharField(max_length=10, choices=SIDES, help_text=_("Who gave the signal."))
    occurred_on = models.DateField()
    archived = models.BooleanField(default=False, help_text=_("Follows the interaction."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["interaction", "tag"]
        constraints = [
            models.UniqueConstraint(fields=["interaction", "tag"], name="one_tag_per_interaction"),
            models.CheckConstraint(
                name="interaction_signal_tag_valid",
                condition=models.Q(tag__in=[t for t, _ in domain.TAG_CHOICES]),
            ),
        ]
        indexes = [
            models.Index(fields=["supplier", "occurred_on", "tag"], name="signal_supplier_day_idx")
        ]

    def __str__(self) -> str:
        return f"{self.tag} on {self.interaction_id}"


class TrustEntry(models.Model):
    """A manual deposit (positive) or withdrawal (negative) in the trust ledger, with why.
    Entries derived from signal tags are computed, not stored, so that weights can change."""

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="trust_entries"
    )
    occurred_on = models.DateField()
    points = models.IntegerField(
        validators=[MinValueValidator(-50), MaxValueValidator(50)],
        help_text=_("Positive: a deposit; negative: a withdrawal."),
    )
    reason = models.CharField(max_length=500)
    archived = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = SupplierScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name_plural = _("trust entries")
        constraints = [
            models.CheckConstraint(name="trust_entry_not_zero", condition=~models.Q(points=0)),
            models.CheckConstraint(
                name="trust_entry_points_range",
                condition=models.Q(points__gte=-50, points__lte=50),
            ),
            models.CheckConstraint(name="trust_entry_has_reason", condition=~models.Q(reason="")),
        ]

    def __str__(self) -> str:
        return f"{self.points:+d} for {self.supplier_id}: {self.reason[:40]}"


class RelationshipSettings(models.Model):
    """The one row of thresholds and weights for trust, drift, tone and health; an
    administrator edits it. Every field's default is documented in `domain.SignalConfig`."""

    tag_weights = models.JSONField(
        verbose_name=_("tag weights"), default=dict, blank=True, help_text=_("tag -> trust points")
    )
    recent_days = models.PositiveIntegerField(
        verbose_name=_("recent days"),
        default=90,
        help_text=_("Recent window, in days (default 90)."),
    )
    baseline_days = models.PositiveIntegerField(
        verbose_name=_("baseline days"),
        default=365,
        help_text=_("Baseline: the days before the recent window (default 365)."),
    )
    min_baseline_events = models.PositiveIntegerField(
        verbose_name=_("min baseline events"),
        default=4,
        help_text=_("Baseline events needed before a fall in a count is judged (4)."),
    )
    min_requests = models.PositiveIntegerField(
        verbose_name=_("min requests"),
        default=3,
        help_text=_("Answered requests needed in each window for response times (3)."),
    )
    min_notes = models.PositiveIntegerField(
        verbose_name=_("min notes"),
        default=4,
        help_text=_("Notes needed in each window for tone and formality (4)."),
    )
    significance = models.FloatField(
        verbose_name=_("significance"),
        default=0.01,
        help_text=_("Largest p-value that still makes a finding (0.01)."),
    )
    tolerated_ratio = models.FloatField(
        verbose_name=_("tolerated ratio"),
        default=2 / 3,
        help_text=_(
            "A fall counts only beyond this share of the baseline rate: one quiet "
            "month in three is tolerated (0.67)."
        ),
    )
    rate_ratio = models.FloatField(
        verbose_name=_("rate ratio"),
        default=0.5,
        help_text=_("A fall: the recent rate at most this share of the baseline (0.5)."),
    )
    response_ratio = models.FloatField(
        verbose_name=_("response ratio"),
        default=2.0,
        help_text=_("Slower answers: recent median at least this multiple (2)."),
    )
    tone_drop = models.FloatField(
        verbose_name=_("tone drop"),
        default=0.25,
        help_text=_("Drop of the mean tone, on the -1 to +1 scale (0.25)."),
    )
    formality_rise = models.FloatField(
        verbose_name=_("formality rise"),
        default=15.0,
        help_text=_("Rise of the mean formality, on the 0 to 100 scale (15)."),
    )
    owner_changes_limit = models.PositiveIntegerField(
        verbose_name=_("owner changes limit"),
        default=1,
        help_text=_("Rotating door: more owner changes than this ... (1)"),
    )
    owner_changes_months = models.PositiveIntegerField(
        verbose_name=_("owner changes months"),
        default=18,
        help_text=_("... within this many months (18)."),
    )
    reciprocity_min_asks = models.PositiveIntegerField(
        verbose_name=_("reciprocity min asks"),
        default=4,
        help_text=_("One-sided needs at least this many of our requests (4)."),
    )
    reciprocity_ratio = models.FloatField(
        verbose_name=_("reciprocity ratio"),
        default=0.25,
        help_text=_("One-sided: what we give per request below this (0.25)."),
    )
    trust_fall = models.IntegerField(
        verbose_name=_("trust fall"),
        default=10,
        help_text=_("Alert when the trust balance fell by this much in the window (10)."),
    )
    green_from = models.PositiveIntegerField(
        verbose_name=_("green from"), default=70, help_text=_("Health is green from (70).")
    )
    red_below = models.PositiveIntegerField(
        verbose_name=_("red below"), default=45, help_text=_("Health is red below (45).")
    )
    response_target_hours = models.FloatField(
        verbose_name=_("response target hours"),
        default=48.0,
        help_text=_("Answer time that still counts as fully responsive (48 h)."),
    )
    version = models.PositiveIntegerField(
        verbose_name=_("version"),
        default=1,
        editable=False,
        help_text=_("Counts the edits; an edit based on an older version is refused."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = _("relationship settings")
        constraints = [
            models.CheckConstraint(
                name="relationship_settings_singleton", condition=models.Q(pk=1)
            ),
            models.CheckConstraint(
                name="relationship_settings_lights_ordered",
                condition=models.Q(red_below__lte=models.F("green_from")),
            ),
        ]

    def __str__(self) -> str:
        return "Relationship settings"


class HealthSnapshot(models.Model):
    """A supplier's relationship health on one day, as the recompute found it, with the
    breakdown by signal and the drift findings that explain it."""

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="health_snapshots"
    )
    as_of = models.DateField()
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    light = models.CharField(max_length=10, blank=True)
    change = models.SmallIntegerField(
        null=True, blank=True, help_text=_("Score change against about a month before.")
    )
    confidence = models.FloatField(default=0)
    breakdown = models.JSONField(default=list)
    findings = models.JSONField(default=list)
    metrics = models.JSONField(default=dict)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["supplier", "-as_of"]
        get_latest_by = "as_of"
        constraints = [
            models.UniqueConstraint(fields=["supplier", "as_of"], name="one_health_per_day"),
            models.CheckConstraint(
                name="health_score_range",
                condition=models.Q(score__isnull=True) | models.Q(score__lte=100),
            ),
        ]
        indexes = [models.Index(fields=["as_of", "score"], name="health_day_score_idx")]

    def __str__(self) -> str:
        return f"health {self.score} of {self.supplier_id} on {self.as_of}"
