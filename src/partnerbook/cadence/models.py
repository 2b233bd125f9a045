"""Tables of the cadence: the planned meetings per supplier, the calendar feed tokens, and
the annual relationship health checks with each side's answers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import domain

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

SIDES = [("ours", _("Our side")), ("supplier", _("Supplier side"))]
KIND_CHOICES = [(key, _(label)) for key, label in domain.KIND_CHOICES]
LEVEL_CHOICES = [("", "—"), *((key, _(label)) for key, label in domain.LEVEL_CHOICES)]
MAX_INTERVAL = 3650


class CadenceItem(models.Model):
    """One meeting in a supplier's rhythm (e.g. the monthly performance review): how often
    it is held, who is expected, which kinds of interaction count as holding it, who owns
    it, and optionally when it is next planned."""

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="cadence_items"
    )
    kind = models.CharField(max_length=30, choices=KIND_CHOICES)
    interval_days = models.PositiveIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(MAX_INTERVAL)],
        help_text=_("Days between two meetings."),
    )
    channels = models.JSONField(
        default=list, help_text=_("Interaction channels that count as holding this meeting.")
    )
    our_level = models.CharField(max_length=20, choices=LEVEL_CHOICES, blank=True)
    their_level = models.CharField(max_length=20, choices=LEVEL_CHOICES, blank=True)
    attendees = models.CharField(
        max_length=300, blank=True, help_text=_("Who is expected, in your own words.")
    )
    contacts = models.ManyToManyField("suppliers.Contact", blank=True, related_name="cadence_items")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cadence_items"
    )
    planned_start = models.DateTimeField(null=True, blank=True)
    planned_end = models.DateTimeField(null=True, blank=True)
    location = models.CharField(max_length=200, blank=True)
    reason = models.CharField(
        max_length=300, blank=True, help_text=_("Why this meeting (kept from the proposal).")
    )
    created_on = models.DateField(help_text=_("Due dates count from here until it is held."))
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text=_("Counts the edits; an edit based on an older version is refused."),
    )
    history = HistoricalRecords(m2m_fields=[contacts])

    class Meta:
        ordering = ["supplier", "interval_days", "pk"]
        constraints = [
            models.CheckConstraint(
                name="cadence_item_kind_valid",
                condition=models.Q(kind__in=list(domain.KINDS)),
            ),
            models.CheckConstraint(
                name="cadence_item_interval_range",
                condition=models.Q(interval_days__gte=1, interval_days__lte=MAX_INTERVAL),
            ),
            models.CheckConstraint(
                name="cadence_item_end_after_start",
                condition=models.Q(planned_end__isnull=True)
                | models.Q(planned_start__isnull=False, planned_end__gt=models.F("planned_start")),
            ),
        ]
        indexes = [models.Index(fields=["owner", "supplier"], name="cadence_item_owner_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} with {self.supplier_id}"

    @property
    def label(self) -> str:
        return gettext(domain.KINDS[self.kind]) if self.kind in domain.KINDS else self.kind


class CalendarFeed(models.Model):
    """A user's private calendar feed: only the hash of its secret token is kept, so a
    leaked database does not leak the feed; a new token replaces the old one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["token_hash"])

    def __str__(self) -> str:
        return f"calendar feed of {self.user_id}"


def score_field(label: StrOrPromise) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )


class HealthCheck(models.Model):
    """The annual relationship health check of a supplier, held on a day; each side answers
    the same short questionnaire (ours now, the supplier's through the portal later)."""

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="health_checks"
    )
    held_on = models.DateField()
    notes = models.TextField(blank=True, max_length=5000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["supplier", "held_on"], name="health_check_day_idx")]

    def __str__(self) -> str:
        return f"health check of {self.supplier_id} on {self.held_on}"


class HealthCheckAnswers(models.Model):
    """One side's answers to a health check: each question scored 1-5 with a comment."""

    check_record = models.ForeignKey(HealthCheck, on_delete=models.CASCADE, related_name="answers")
    side = models.CharField(max_length=10, choices=SIDES)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    answered_at = models.DateTimeField(auto_now_add=True)
    trust = score_field(_("Trust"))
    trust_comment = models.CharField(max_length=1000, blank=True)
    openness = score_field(_("Openness"))
    openness_comment = models.CharField(max_length=1000, blank=True)
    reciprocity = score_field(_("Reciprocity"))
    reciprocity_comment = models.CharField(max_length=1000, blank=True)
    communication = score_field(_("Communication"))
    communication_comment = models.CharField(max_length=1000, blank=True)
    joint_problem_solving = score_field(_("Joint problem-solving"))
    joint_problem_solving_comment = models.CharField(max_length=1000, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["check_record", "side"]
        verbose_name_plural = "health check answers"
        constraints = [
            models.UniqueConstraint(
                fields=["check_record", "side"], name="one_answer_set_per_side"
            ),
            models.CheckConstraint(
                name="health_answers_side_valid", condition=models.Q(side__in=["ours", "supplier"])
            ),
            *[
                models.CheckConstraint(
                    name=f"health_answers_{q}_range",
                    condition=models.Q(**{f"{q}__gte": 1, f"{q}__lte": 5}),
                )
                for q in domain.QUESTIONS
            ],
        ]

    def __str__(self) -> str:
        return f"{self.side} answers to {self.check_record_id}"

    def scores(self) -> dict[str, int | None]:
        return {q: getattr(self, q) for q in domain.QUESTIONS}

    def comments(self) -> dict[str, str]:
        return {q: getattr(self, f"{q}_comment") for q in domain.QUESTIONS}
