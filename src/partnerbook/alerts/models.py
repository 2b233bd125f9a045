"""Early warnings shown to people, with their evidence; they never change anything themselves."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .queries import AlertQuerySet


class Alert(models.Model):
    """One early warning about a supplier, raised by an app's check, handled by a person.

    `subject` names what the alert is about within its kind (e.g. the drifting signal);
    while the same condition keeps being seen (`last_seen_on`), no second alert is raised.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        DISMISSED = "dismissed", _("Dismissed")

    class Severity(models.TextChoices):
        INFO = "info", _("Information")
        WARNING = "warning", _("Warning")
        CRITICAL = "critical", _("Critical")

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="alerts"
    )
    kind = models.CharField(max_length=60, help_text=_("A kind registered by the raising app."))
    subject = models.CharField(max_length=100, blank=True)
    severity = models.CharField(max_length=10, choices=Severity.choices, default=Severity.WARNING)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    evidence = models.JSONField(default=dict, blank=True)
    confidence = models.FloatField(null=True, blank=True)
    raised_on = models.DateField(help_text=_("The day the condition was first seen."))
    last_seen_on = models.DateField(help_text=_("The last day a check still saw the condition."))
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.OPEN)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    objects = AlertQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="alert_status_valid",
                condition=models.Q(status__in=["open", "acknowledged", "dismissed"]),
            ),
            models.CheckConstraint(
                name="alert_seen_after_raised",
                condition=models.Q(last_seen_on__gte=models.F("raised_on")),
            ),
            models.CheckConstraint(
                name="alert_handled_has_who_and_when",
                condition=models.Q(status="open") | models.Q(handled_at__isnull=False),
            ),
        ]
        indexes = [
            models.Index(
                fields=["supplier", "kind", "subject", "last_seen_on"], name="alert_key_idx"
            ),
            models.Index(fields=["status", "raised_on"], name="alert_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.supplier_id})"


class AlertPreference(models.Model):
    """A person's choice of a daily e-mail digest of new alerts."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_preference"
    )
    daily_digest = models.BooleanField(default=False)
    last_digest_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"alert preference of {self.user_id}"
