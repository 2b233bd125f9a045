"""Questions a supplier asks us through the portal: a simple thread both sides write in,
which our side closes once answered."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

SUBJECT_LIMIT = 200
BODY_LIMIT = 5000


class TicketQuerySet(models.QuerySet["Ticket"]):
    def visible_to(self, user: object) -> TicketQuerySet:
        """Tickets of the suppliers an internal `user` may see; a portal user sees their
        own supplier's tickets (their colleagues' too), nothing else."""
        if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
            return self.none()
        if getattr(user, "role", None) == "supplier_contact":
            supplier_id = getattr(user, "supplier_id", None)
            return self.none() if supplier_id is None else self.filter(supplier_id=supplier_id)
        if not getattr(user, "is_internal", False):
            return self.none()
        from partnerbook.suppliers.models import Supplier

        return self.filter(supplier__in=Supplier.objects.visible_to(user))

    def for_list(self) -> TicketQuerySet:
        """Open ones first, latest activity first, with who opened it and the number of
        messages (one query)."""
        return (
            self.select_related("opened_by")
            .annotate(message_count=models.Count("messages"))
            .order_by("-status", "-updated_at", "-pk")
        )


class Ticket(models.Model):
    """A question from a supplier's portal user, with its thread of messages."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.PROTECT, related_name="tickets"
    )
    subject = models.CharField(max_length=SUBJECT_LIMIT)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, help_text=_("The latest message or change."))
    history = HistoricalRecords()

    objects = TicketQuerySet.as_manager()

    class Meta:
        ordering = ["supplier", "-updated_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="ticket_status_valid", condition=models.Q(status__in=["open", "closed"])
            ),
        ]
        indexes = [models.Index(fields=["supplier", "status"], name="ticket_supplier_status_idx")]

    def __str__(self) -> str:
        return self.subject


class TicketMessage(models.Model):
    """One message in a ticket's thread, from the supplier's side or ours. Both sides see
    every message: there are no internal notes here."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    from_supplier = models.BooleanField(help_text=_("Written by the supplier's side."))
    body = models.TextField(max_length=BODY_LIMIT)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["ticket", "created_at", "pk"]

    def __str__(self) -> str:
        return f"Message {self.pk} of ticket {self.ticket_id}"
