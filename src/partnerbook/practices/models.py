"""Collaboration practices run with a supplier, and the agreements (NDAs) they rest on."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from . import domain
from .queries import AgreementQuerySet, PracticeQuerySet


class Agreement(models.Model):
    """A signed agreement with a supplier (mutual NDA, framework agreement...). Archived,
    never deleted; "on record" means signed and not expired on the day checked."""

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="agreements"
    )
    kind = models.CharField(max_length=20, choices=domain.AGREEMENT_CHOICES)
    signed_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True, help_text="Leave empty if open-ended.")
    reference = models.CharField(max_length=100, blank=True, help_text="e.g. the contract number")
    note = models.TextField(blank=True, max_length=5000)
    archived = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Counts the edits; an edit based on an older version is refused.",
    )
    history = HistoricalRecords()

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="agreement_kind_valid",
                condition=models.Q(kind__in=list(domain.AGREEMENT_KINDS)),
            ),
            models.CheckConstraint(
                name="agreement_expires_after_signed",
                condition=models.Q(expires_on__isnull=True)
                | models.Q(expires_on__gt=models.F("signed_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} signed {self.signed_on}"

    def facts(self) -> domain.AgreementFacts:
        return domain.AgreementFacts(
            kind=self.kind,
            signed_on=self.signed_on,
            expires_on=self.expires_on,
            archived=self.archived,
            reference=self.reference,
        )


class Practice(models.Model):
    """A way of working together with a supplier (joint problem-solving, roadmap sharing...),
    with its owner on our side and, for sessions, the contacts of both sides who attend."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        ENDED = "ended", "Ended"

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="practices"
    )
    kind = models.CharField(max_length=30, choices=domain.PRACTICE_CHOICES)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_practices"
    )
    notes = models.TextField(blank=True, max_length=10_000)
    attendees = models.ManyToManyField(
        "suppliers.Contact",
        blank=True,
        related_name="practices",
        help_text="Contacts of both sides who attend the sessions.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Counts the edits; an edit based on an older version is refused.",
    )
    history = HistoricalRecords(m2m_fields=[attendees])

    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="practice_kind_valid",
                condition=models.Q(kind__in=list(domain.PRACTICE_KINDS)),
            ),
            models.CheckConstraint(
                name="practice_status_matches_end",
                condition=models.Q(status="active", ended_on__isnull=True)
                | models.Q(status="ended", ended_on__isnull=False),
            ),
            models.CheckConstraint(
                name="practice_ends_after_start",
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
            ),
        ]
        indexes = [models.Index(fields=["supplier", "status"], name="practice_supplier_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} with {self.supplier_id}"
