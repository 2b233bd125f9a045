"""Documents and certificates kept for a supplier."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import domain

KIND_CHOICES = [(key, _(label)) for key, label in domain.KINDS.items()]


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

    def for_portal(self, user: object) -> DocumentQuerySet:
        """The documents a supplier's portal user may see: their own supplier's, shared
        with the supplier (`internal` off) and not archived. Nothing for anyone else."""
        supplier_id = getattr(user, "supplier_id", None)
        if (
            getattr(user, "role", None) != "supplier_contact"
            or not getattr(user, "is_active", False)
            or supplier_id is None
        ):
            return self.none()
        return self.filter(supplier_id=supplier_id, internal=False, archived=False)

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
        max_length=200, help_text=_("The file's name as uploaded (for display and download only).")
    )
    size = models.PositiveBigIntegerField(help_text=_("In bytes."))
    content_type = models.CharField(max_length=100)
    issued_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True, help_text=_("Required for certificates."))
    internal = models.BooleanField(
        default=True, help_text=_("Only for our side; a supplier may never see it.")
    )
    source = models.CharField(
        max_length=10,
        choices=[(key, _(label)) for key, label in domain.SOURCES.items()],
        default=domain.SOURCE_OURS,
        help_text=_("Who uploaded it: our side, or the supplier through the portal."),
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
        help_text=_("Counts the edits; an edit based on an older version is refused."),
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
                violation_error_message=_("A certificate needs its expiry date."),
            ),
            models.CheckConstraint(
                name="document_expires_after_issue",
                condition=models.Q(issued_on__isnull=True)
                | models.Q(expires_on__isnull=True)
                | models.Q(expires_on__gte=models.F("issued_on")),
                violation_error_message=_("The expiry date cannot be before the issue date."),
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


class DocumentRequestQuerySet(models.QuerySet["DocumentRequest"]):
    def visible_to(self, user: object) -> DocumentRequestQuerySet:
        """Requests of the suppliers an internal `user` may see; a portal user sees their
        own supplier's requests (they are addressed to the supplier)."""
        if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
            return self.none()
        if getattr(user, "role", None) == "supplier_contact":
            supplier_id = getattr(user, "supplier_id", None)
            return self.none() if supplier_id is None else self.filter(supplier_id=supplier_id)
        if not getattr(user, "is_internal", False):
            return self.none()
        from partnerbook.suppliers.models import Supplier

        return self.filter(supplier__in=Supplier.objects.visible_to(user))

    def for_list(self) -> DocumentRequestQuerySet:
        """Open ones first, soonest due first, with who asked and the answer (one query)."""
        return self.select_related("requested_by", "document", "renews").order_by(
            "-status", models.F("due_on").asc(nulls_last=True), "pk"
        )


class DocumentRequest(models.Model):
    """Our side asks a supplier for a document or certificate (what, why, by when); the
    supplier answers by uploading the file through the portal, which fulfils the request."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        FULFILLED = "fulfilled", _("Fulfilled")

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.PROTECT, related_name="document_requests"
    )
    kind = models.CharField(max_length=30, choices=KIND_CHOICES)
    title = models.CharField(max_length=200, help_text=_("What we ask for."))
    reason = models.TextField(max_length=2000, blank=True, help_text=_("Why we need it."))
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    renews = models.ForeignKey(
        Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text=_("The certificate this request asks to renew, if any."),
    )  # fmt: skip
    document = models.ForeignKey(
        Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text=_("The document the supplier uploaded in answer."),
    )  # fmt: skip
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    fulfilled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    fulfilled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = DocumentRequestQuerySet.as_manager()

    class Meta:
        ordering = ["supplier", "-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="document_request_status_valid",
                condition=models.Q(status__in=["open", "fulfilled"]),
            ),
            models.CheckConstraint(
                name="document_request_kind_valid",
                condition=models.Q(kind__in=list(domain.KINDS)),
            ),
        ]
        indexes = [
            models.Index(fields=["supplier", "status"], name="document_request_open_idx"),
        ]

    def __str__(self) -> str:
        return f"Request for {self.title} ({self.get_status_display()})"
