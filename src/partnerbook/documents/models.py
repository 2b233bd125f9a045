"""Documents and certificates kept for a supplier."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from . import domain

KIND_CHOICES = list(domain.KINDS.items())


def upload_path(instance: Any, filename: str) -> str:
    """Where a document's file is stored: one folder per supplier and a random name. Only
    the checked extension comes from the client's file name."""
    ext = domain.extension_of(filename)
    suffix = f".{ext}" if ext in domain.CONTENT_TYPES else ""
    return f"documents/supplier-{instance.supplier_id}/{uuid.uuid4().hex}{suffix}"


class DocumentQuerySet(models.QuerySet["Document"]):
    def visible_to(self, user: object) -> DocumentQuerySet:
        """Documents of the suppliers `user` may see. Internal users only for now; a future
        portal would see its own supplier's documents that are not marked internal."""
        if not getattr(user, "is_authenticated", False) or not getattr(user, "is_internal", False):
            return self.none()
        from partnerbook.suppliers.models import Supplier

        return self.filter(supplier__in=Supplier.objects.visible_to(user))

    def for_list(self) -> DocumentQuerySet:
        """Soonest expiry first (documents without one last), with the uploader, one query."""
        return self.select_related("supplier", "uploaded_by").order_by(
            models.F("expires_on").asc(nulls_last=True), "title", "pk"
        )


class Document(models.Model):
    """A file kept for a supplier: a certificate (ISO 9001, insurance, ...) with the day it
    expires, or a contract, NDA or other document. Archived, never deleted."""

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField(max_length=30, choices=KIND_CHOICES)
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=upload_path, max_length=255)
    original_name = models.CharField(
        max_length=200, help_text="The file's name as uploaded (for display and download only)."
    )
    size = models.PositiveBigIntegerField(help_text="In bytes.")
    content_type = models.CharField(max_length=100)
    issued_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True, help_text="Required for certificates.")
    internal = models.BooleanField(
        default=True, help_text="Only for our side; a supplier may never see it."
    )
    archived = models.BooleanField(default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Counts the edits; an edit based on an older version is refused.",
    )
    history = HistoricalRecords()

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["supplier", "expires_on", "pk"]
        constraints = [
            models.CheckConstraint(
                name="document_kind_valid",
                condition=models.Q(kind__in=list(domain.KINDS)),
            ),
            models.CheckConstraint(
                name="certificate_has_expiry",
                condition=~models.Q(kind__in=list(domain.CERTIFICATE_KINDS))
                | models.Q(expires_on__isnull=False),
                violation_error_message="A certificate needs its expiry date.",
            ),
            models.CheckConstraint(
                name="document_expires_after_issue",
                condition=models.Q(issued_on__isnull=True)
                | models.Q(expires_on__isnull=True)
                | models.Q(expires_on__gte=models.F("issued_on")),
                violation_error_message="The expiry date cannot be before the issue date.",
            ),
        ]
        indexes = [
            models.Index(fields=["archived", "expires_on"], name="document_expiry_idx"),
            models.Index(fields=["supplier", "archived"], name="document_supplier_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_kind_display()})"

    @property
    def is_certificate(self) -> bool:
        return domain.is_certificate(self.kind)

    def expiry(self, today: Any) -> domain.Expiry:
        return domain.expiry(self.expires_on, today)
