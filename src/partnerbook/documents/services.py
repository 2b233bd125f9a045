"""Reads and writes of supplier documents and certificates. Views, the API, the demo loader
and tests all come through here; the file rules are in `domain.py`.

Files go through Django's default storage (`STORAGES["default"]`), so an S3-compatible
store can replace the disk. A refused upload stores nothing: the file is checked in memory
first and removed again if saving the record fails."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import require
from partnerbook.alerts.services import AlertCandidate, sync_alerts
from partnerbook.core.audit import save_audited
from partnerbook.core.concurrency import lock_for_edit, next_version
from partnerbook.suppliers.models import Supplier

from . import domain
from .models import Document, upload_path

ALERT_KIND = "documents.certificate_expiry"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
TITLE_LIMIT = 200
EXPIRING_LIMIT = 500
EDIT_FIELDS = ("title", "issued_on", "expires_on")


def max_bytes() -> int:
    return int(getattr(settings, "PARTNERBOOK_MAX_DOCUMENT_BYTES", DEFAULT_MAX_BYTES))


@dataclass(frozen=True)
class Upload:
    """A file as received: the client's name (trusted for nothing but display), its size as
    reported and a way to read it."""

    name: str
    size: int
    stream: IO[bytes]

    @classmethod
    def of(cls, uploaded: Any) -> Upload:
        """From a Django UploadedFile."""
        return cls(str(uploaded.name or ""), int(uploaded.size or 0), uploaded)


# --- checks ---------------------------------------------------------------------------------


def _read(upload: Upload) -> tuple[str, bytes]:
    """The checked extension and content of an upload, or a ValidationError on `file`."""
    limit = max_bytes()
    problem = domain.size_problem(upload.size, limit)
    if problem:
        raise ValidationError({"file": problem})
    extension = domain.extension_of(upload.name)
    if extension not in domain.CONTENT_TYPES:
        raise ValidationError(
            {"file": f"This type of file is not accepted; upload a {domain.ALLOWED} file."}
        )
    if hasattr(upload.stream, "seek"):
        upload.stream.seek(0)
    # Read one byte past the limit: a client may under-report the size.
    content = upload.stream.read(limit + 1)
    problem = domain.size_problem(len(content), limit) or domain.content_problem(extension, content)
    if problem:
        raise ValidationError({"file": problem})
    return extension, content


def _kind(value: Any) -> str:
    if value not in domain.KINDS:
        raise ValidationError({"kind": "Choose a kind of document from the list."})
    return str(value)


def _title(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError({"title": "Give the document a title."})
    value = value.strip()
    if len(value) > TITLE_LIMIT:
        raise ValidationError({"title": f"Keep the title under {TITLE_LIMIT} characters."})
    return value


def _day(name: str, value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ValidationError({name: "Give a date (YYYY-MM-DD)."})
    return value


def _check_dates(kind: str, issued_on: dt.date | None, expires_on: dt.date | None) -> None:
    problems = domain.dates_problem(kind, issued_on, expires_on)
    if problems:
        raise ValidationError(problems)


# --- writes ---------------------------------------------------------------------------------


def upload_document(
    actor: User, supplier: Supplier, upload: Upload, data: Mapping[str, Any]
) -> Document:
    """Store a file for `supplier`. `data`: kind, title, issued_on and expires_on (dates;
    expires_on required for certificates), internal (default True). The file must be at
    most PARTNERBOOK_MAX_DOCUMENT_BYTES and its content must match its extension; otherwise
    a ValidationError naming `file` is raised and nothing is stored."""
    require(actor, "document.edit", supplier)
    kind = _kind(data.get("kind"))
    title = _title(data.get("title") or domain.KINDS[kind])
    issued_on = _day("issued_on", data.get("issued_on"))
    expires_on = _day("expires_on", data.get("expires_on"))
    _check_dates(kind, issued_on, expires_on)
    extension, content = _read(upload)
    document = Document(
        supplier=supplier, kind=kind, title=title, issued_on=issued_on, expires_on=expires_on,
        internal=bool(data.get("internal", True)), uploaded_by=actor,
        original_name=domain.clean_filename(upload.name), size=len(content),
        content_type=domain.CONTENT_TYPES[extension],
    )  # fmt: skip
    name = upload_path(document, f"file.{extension}")
    document.file.name = name
    document.full_clean()
    stored = default_storage.save(name, ContentFile(content))
    try:
        with transaction.atomic():
            document.file.name = stored
            save_audited(document, actor, f"{document.get_kind_display()} uploaded.")
    except BaseException:
        default_storage.delete(stored)
        raise
    return document


@transaction.atomic
def update_document(
    actor: User, document: Document, data: Mapping[str, Any], expected_version: int | None = None
) -> Document:
    """Change the title, issue date or expiry date given in `data`. With
    `expected_version`, an edit based on an older version raises `StaleEdit`."""
    require(actor, "document.edit", document.supplier)
    lock_for_edit(document, expected_version, "this document")
    if document.archived:
        raise ValidationError({"archived": "Restore this document before changing it."})
    if "title" in data:
        document.title = _title(data["title"])
    for name in ("issued_on", "expires_on"):
        if name in data:
            setattr(document, name, _day(name, data[name]))
    _check_dates(document.kind, document.issued_on, document.expires_on)
    next_version(document)
    save_audited(document, actor, "Document details changed.")
    return document


@transaction.atomic
def set_document_archived(
    actor: User, document: Document, archived: bool, expected_version: int | None = None
) -> Document:
    """Archive a document (kept with its file, but no longer listed or alerted on) or
    restore it."""
    require(actor, "document.edit", document.supplier)
    lock_for_edit(document, expected_version, "this document")
    if document.archived == archived:
        return document
    document.archived = archived
    next_version(document)
    save_audited(document, actor, "Document archived." if archived else "Document restored.")
    return document


# --- reads ----------------------------------------------------------------------------------


def documents_of(supplier: Supplier, include_archived: bool = False) -> Any:
    """The supplier's documents, soonest expiry first (one query)."""
    documents = Document.objects.filter(supplier=supplier)
    if not include_archived:
        documents = documents.filter(archived=False)
    return documents.for_list()


def document_for(user: Any, document_id: int) -> Document | None:
    """The document if `user` may see it, with its supplier (one query)."""
    found: Document | None = (
        Document.objects.visible_to(user)
        .select_related("supplier", "supplier__category", "supplier__relationship_owner")
        .select_related("uploaded_by")
        .filter(pk=document_id)
        .first()
    )
    return found


def open_file(document: Document) -> IO[bytes]:
    """The stored file, opened for reading from the storage (the caller closes it)."""
    handle: IO[bytes] = default_storage.open(document.file.name, "rb")
    return handle


def expiring(user: Any, today: dt.date | None = None, days: int = domain.EXPIRING_DAYS) -> Any:
    """Certificates not archived (of suppliers not archived) that expire within `days` days
    or have expired, soonest first, at most EXPIRING_LIMIT (one query)."""
    day = today or timezone.localdate()
    return (
        Document.objects.visible_to(user)
        .filter(
            archived=False,
            supplier__archived=False,
            kind__in=list(domain.CERTIFICATE_KINDS),
            expires_on__lte=day + dt.timedelta(days=days),
        )
        .for_list()[:EXPIRING_LIMIT]
    )


# --- alerts ---------------------------------------------------------------------------------


def expiry_candidates(as_of: dt.date) -> list[AlertCandidate]:
    """An alert for each certificate (not archived, supplier not archived) that has expired
    or expires within ALERT_DAYS days. One query."""
    documents = (
        Document.objects.filter(
            archived=False,
            supplier__archived=False,
            kind__in=list(domain.CERTIFICATE_KINDS),
            expires_on__lte=as_of + dt.timedelta(days=domain.ALERT_DAYS),
        )
        .select_related("supplier")
        .order_by("supplier_id", "expires_on", "pk")
    )
    candidates = []
    for document in documents:
        assert document.expires_on is not None  # noqa: S101 - filtered on it
        seen = domain.expiry(document.expires_on, as_of)
        kind = document.get_kind_display()
        expired = seen.state == domain.EXPIRED
        days_left = seen.days_left or 0
        when = (
            f"expired on {document.expires_on:%Y-%m-%d} ({seen.label})"
            if expired
            else f"expires on {document.expires_on:%Y-%m-%d} ({seen.label})"
        )
        candidates.append(
            AlertCandidate(
                supplier_id=document.supplier_id,
                kind=ALERT_KIND,
                subject=f"document-{document.pk}-{document.expires_on:%Y%m%d}",
                title=f"{document.supplier.name}: {kind} "
                + ("has expired" if expired else "expires soon"),
                summary=(
                    f"“{document.title}” ({kind}) {when}. Ask the supplier for the renewed "
                    "certificate and upload it."
                ),
                severity="critical" if expired else "warning",
                evidence={
                    "document_id": document.pk,
                    "title": document.title,
                    "kind": document.kind,
                    "expires_on": document.expires_on.isoformat(),
                    "days_left": days_left,
                },
            )
        )
    return candidates


def check_expiring_certificates(as_of: dt.date | None = None) -> int:
    """Raise (or keep) the certificate-expiry alerts; returns how many were raised."""
    day = as_of or timezone.localdate()
    return sync_alerts(day, expiry_candidates(day), scope_kinds={ALERT_KIND})


# --- demo -----------------------------------------------------------------------------------


def demo_documents(
    actor: User,
    supplier: Supplier,
    *,
    expires_in_days: int = 30,
    kind: str = "iso_9001",
    title: str | None = None,
    issued_days_ago: int = 335,
) -> Document:
    """A small generated PDF certificate of `kind` for `supplier`, issued
    `issued_days_ago` days ago and expiring `expires_in_days` days from today. Running it
    again with the same title returns the document already there."""
    label = title or f"{domain.KINDS[kind]} of {supplier.name}"
    found = Document.objects.filter(supplier=supplier, title=label, archived=False).first()
    if found is not None:
        return found
    today = timezone.localdate()
    expires_on = today + dt.timedelta(days=expires_in_days)
    issued_on = min(today - dt.timedelta(days=issued_days_ago), expires_on)
    content = domain.minimal_pdf(
        [label, f"Issued {issued_on:%Y-%m-%d}", f"Valid until {expires_on:%Y-%m-%d}"]
    )
    return upload_document(
        actor,
        supplier,
        Upload(f"{kind}.pdf", len(content), io.BytesIO(content)),
        {"kind": kind, "title": label, "issued_on": issued_on, "expires_on": expires_on},
    )
