"""The decision checklist's own records: the items a person ticks with evidence (those no
other feature owns) and every decision that made a supplier active."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import domain


class Tick(models.Model):
    """A checklist item a person confirmed for a supplier, with the evidence they relied on
    (e.g. "Creditreform report 2026-10, index 212"). Withdrawing it deletes the row; the
    history keeps it."""

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="checklist_ticks"
    )
    key = models.CharField(max_length=30, choices=domain.MANUAL_CHOICES)
    evidence = models.TextField(validators=[MaxLengthValidator(domain.MAX_EVIDENCE)])
    ticked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    ticked_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["supplier", "key"]
        constraints = [
            models.UniqueConstraint(fields=["supplier", "key"], name="gate_tick_unique"),
            models.CheckConstraint(name="gate_tick_has_evidence", condition=~models.Q(evidence="")),
        ]

    def __str__(self) -> str:
        return f"{self.key} ticked for supplier {self.supplier_id}"


class Activation(models.Model):
    """How a supplier became active: through the complete checklist, or by a manager's
    override with a written reason (and what was missing at the time)."""

    class How(models.TextChoices):
        CHECKLIST = "checklist", "Checklist complete"
        OVERRIDE = "override", "Override"

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="activations"
    )
    how = models.CharField(max_length=10, choices=How.choices)
    reason = models.TextField(blank=True, validators=[MaxLengthValidator(domain.MAX_REASON)])
    missing = models.JSONField(
        default=list, blank=True, help_text=_("The items that did not hold, for an override.")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_at", "-pk"]
        indexes = [models.Index(fields=["supplier", "-decided_at"], name="gate_activation_idx")]
        constraints = [
            models.CheckConstraint(
                name="gate_activation_how_valid",
                condition=models.Q(how__in=["checklist", "override"]),
            ),
            models.CheckConstraint(
                name="gate_override_has_reason",
                condition=~models.Q(how="override", reason=""),
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.get_how_display()} for supplier {self.supplier_id}"
