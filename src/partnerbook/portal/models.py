"""The supplier's voice: suggestions and early warnings a supplier's people send through the
portal, and concerns they raise, by name or anonymously."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

MAX_TITLE = 200
MAX_TEXT = 5000
MAX_PROPOSAL = 2000


class SupplierMessageQuerySet(models.QuerySet["SupplierMessage"]):
    def visible_to(self, user: Any) -> SupplierMessageQuerySet:
        """All for our people; a portal user's own supplier's messages for portal users."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_internal:
            return self.all()
        return self.for_portal(user)

    def for_portal(self, user: Any) -> SupplierMessageQuerySet:
        """The messages of the portal user's own supplier (none for anyone else)."""
        if getattr(user, "role", None) != "supplier_contact" or not user.supplier_id:
            return self.none()
        return self.filter(supplier_id=user.supplier_id)


class SupplierMessage(models.Model):
    """A suggestion or an early warning a supplier's contact sent us through the portal, and
    how we answered it. Counts as a relationship signal (unsolicited suggestion, early
    warning shared) on the day it arrived."""

    class Kind(models.TextChoices):
        SUGGESTION = "suggestion", _("Suggestion")
        EARLY_WARNING = "early_warning", _("Early warning")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        TAKEN_UP = "taken_up", _("Taken up")
        DECLINED = "declined", _("Not taken up")

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.PROTECT, related_name="portal_messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="portal_messages",
        help_text="The supplier's portal user who sent it.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=MAX_TITLE)
    text = models.TextField(max_length=MAX_TEXT)
    proposal = models.TextField(
        "What we could do",
        max_length=MAX_PROPOSAL,
        blank=True,
        help_text="For a suggestion: what they propose. For an early warning: the likely impact.",
    )
    due_by = models.DateField(
        null=True, blank=True, help_text="Early warnings: by when it matters."
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    reply = models.TextField(max_length=MAX_TEXT, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    replied_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    objects = SupplierMessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["supplier", "-created_at"], name="portal_msg_supplier")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["suggestion", "early_warning"]),
                name="portal_message_kind_known",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["new", "acknowledged", "taken_up", "declined"]),
                name="portal_message_status_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"


class Concern(models.Model):
    """A concern about the relationship a supplier's contact raised through the portal.

    Anonymous concerns keep no trace of the person: no author, no history table (whose rows
    would name the signed-in user and the exact moment), only the day it was raised, and a
    random id instead of a counter that would give away the order of concerns."""

    class Topic(models.TextChoices):
        COMMUNICATION = "communication", _("How we communicate")
        PLANNING = "planning", _("Orders, forecasts and planning")
        PAYMENT = "payment", _("Payments and invoices")
        CONDUCT = "conduct", _("How someone on our side behaves")
        FAIRNESS = "fairness", _("Fairness of terms or decisions")
        OTHER = "other", _("Something else")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.PROTECT, related_name="portal_concerns"
    )
    topic = models.CharField(max_length=20, choices=Topic.choices)
    text = models.TextField(max_length=MAX_TEXT)
    anonymous = models.BooleanField(default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="named_concerns",
        help_text="Only for concerns raised by name; never set for anonymous ones.",
    )
    raised_on = models.DateField(default=timezone.localdate, db_index=True)
    acknowledged_on = models.DateField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-raised_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(anonymous=False) | models.Q(author__isnull=True),
                name="portal_concern_anonymous_has_no_author",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    topic__in=[
                        "communication",
                        "planning",
                        "payment",
                        "conduct",
                        "fairness",
                        "other",
                    ]
                ),
                name="portal_concern_topic_known",
            ),  # fmt: skip
        ]

    def __str__(self) -> str:
        return f"Concern about {self.get_topic_display().lower()}"

    def sender(self, supplier_name: str) -> str:
        """Who raised it, as our side sees it."""
        if self.anonymous or self.author is None:
            return gettext("a contact at %(supplier)s") % {"supplier": supplier_name}
        return self.author.display_name
