"""Outbound webhooks: the addresses other systems gave us, and every delivery we made."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

URL_LIMIT = 500
DESCRIPTION_LIMIT = 200
RESPONSE_BODY_LIMIT = 2000
ERROR_LIMIT = 1000


class Webhook(models.Model):
    """An address of another system that hears of the events it subscribed to.

    `active` is off when an administrator switched it off or after repeated failed
    deliveries (`disabled_reason` says which); events keep being recorded as held
    deliveries meanwhile and are sent when it is switched back on. The secret signs every
    delivery; it is kept out of the history."""

    url = models.CharField(max_length=URL_LIMIT, help_text="An http:// or https:// address.")
    description = models.CharField(max_length=DESCRIPTION_LIMIT, blank=True)
    events = models.JSONField(default=list, help_text="The event kinds it hears of.")
    secret = models.CharField(max_length=100)
    active = models.BooleanField(default=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    # While set and in the future, one worker is sending this webhook's deliveries.
    sending_until = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["secret", "consecutive_failures", "sending_until"])

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                name="webhook_disabled_has_when",
                condition=models.Q(active=True) | models.Q(disabled_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.url


class Delivery(models.Model):
    """One event sent (or to be sent) to one webhook, with what the receiver answered."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Given up")
        HELD = "held", _("Held while the webhook is off")

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=60)
    payload = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    response_status = models.PositiveIntegerField(null=True, blank=True)
    response_body = models.CharField(max_length=RESPONSE_BODY_LIMIT, blank=True)
    error = models.CharField(max_length=ERROR_LIMIT, blank=True)
    test = models.BooleanField(default=False, help_text="A test event: sent once, no retries.")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(
                name="delivery_status_valid",
                condition=models.Q(status__in=["pending", "sent", "failed", "held"]),
            ),
        ]
        indexes = [
            models.Index(fields=["webhook", "status", "id"], name="delivery_queue_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.webhook_id} ({self.status})"
