"""Reads and writes of supplier documents and certificates. Views, the API, the demo loader
and tests all come through here; the file rules are in `domain.py`.

Files go through Django's default storage (`STORAGES["default"]`), so an S3-compatible
store can replace the disk. A refused upload stores nothing: the file is checked in memory
first and removed again if saving the record fails."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import require
from partnerbook.alerts.services import AlertCandidate, sync_alerts
from partnerbook.core.audit import save_audited
from partnerbook.core.concurrency import lock_for_edit, next_version
from partnerbook.suppliers.models import Supplier

from . import domain
from .models import Document, DocumentRequest, upload_path

ALERT_KIND = "documents.certificate_expiry"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
TITLE_LIMIT = 200
EXPIRING_LIMIT = 500
EDIT_FIELDS = ("title", "issued_on", "expires_on", "internal")


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
        raise ValidationError({"file": _(problem)})
    extension = domain.extension_of(upload.name)
    if extension not in domain.CONTENT_TYPES:
        raise ValidationError(
            {
                "file": _("This type of file is not accepted; upload a %(types)s file.")
                % {"types": domain.ALLOWED}
            }
        )
    if hasattr(upload.stream, "seek"):
        upload.stream.seek(0)
    # Read one byte past the limit: a client may under-report the size.
    content = upload.stream.read(limit + 1)
    problem = domain.size_problem(len(content), limit) or domain.content_problem(extension, content)
    if problem:
        raise ValidationError({"file": _(problem)})
    return extension, content


def _kind(value: Any) -> str:
    if value not in domain.KINDS:
        raise ValidationError({"kind": _("Choose a kind of document from the list.")})
    return str(value)


def _title(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError({"title": _("Give the document a title.")})
    value = value.strip()
    if len(value) > TITLE_LIMIT:
        raise ValidationError(
            {"title": _("Keep the title under %(limit)s characters.") % {"limit": TITLE_LIMIT}}
        )
    return value


def _day(name: str, value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ValidationError({name: _("Give a date (YYYY-MM-DD).")})
    return value


def _check_dates(kind: str, issued_on: dt.date | None, expires_on: dt.date | None) -> None:
    problems = domain.dates_problem(kind, issued_on, expires_on)
    if problems:
        raise ValidationError({name: _(text) for name, text in problems.items()})


# --- writes ---------------------------------------------------------------------------------


def upload_document(
    actor: User, supplier: Supplier, upload: Upload, data: Mapping[str, Any]
) -> Document:
    """Store a file for `supplier`. `data`: kind, title, issued_on and expires_on (dates;
    expires_on required for certificates), internal (default True). The file must be at
    most PARTNERBOOK_MAX_DOCUMENT_BYTES and its content must match its extension; otherwise
    a ValidationError naming `file` is raised and nothing is stored."""
    require(actor, "document.edit", supplier)
    return _store(actor, supplier, upload, data, domain.SOURCE_OURS)


def _store(
    actor: User,
    supplier: Supplier,
    upload: Upload,
    data: Mapping[str, Any],
    source: str,
    then: Callable[[Document], None] | None = None,
) -> Document:
    """The one upload path (our side's and the portal's): check the details and the file,
    store the file, save the record and run `then(document)` in the same transaction. A
    refusal at any point stores nothing (the file is removed again)."""
    kind = _kind(data.get("kind"))
    title = _title(data.get("title") or domain.KINDS[kind])
    issued_on = _day("issued_on", data.get("issued_on"))
    expires_on = _day("expires_on", data.get("expires_on"))
    _check_dates(kind, issued_on, expires_on)
    extension, content = _read(upload)
    document = Document(
        supplier=supplier, kind=kind, title=title, issued_on=issued_on, expires_on=expires_on,
        internal=bool(data.get("internal", True)), uploaded_by=actor, source=source,
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
            by = "uploaded" if source == domain.SOURCE_OURS else "sent by the supplier"
            save_audited(document, actor, f"{document.get_kind_display()} {by}.")
            if then is not None:
                then(document)
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
        raise ValidationError({"archived": _("Restore this document before changing it.")})
    if "title" in data:
        document.title = _title(data["title"])
    if data.get("internal") is not None:
        document.internal = bool(data["internal"])
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


# --- requests to the supplier and their answers through the portal ------------------------

REQUEST_REASON_LIMIT = 2000


def portal_people(supplier: Supplier) -> list[User]:
    """The supplier's active portal users (one query)."""
    from partnerbook.accounts.models import Role

    return list(User.objects.filter(supplier=supplier, role=Role.SUPPLIER_CONTACT, is_active=True))


@transaction.atomic
def create_request(actor: User, supplier: Supplier, data: Mapping[str, Any]) -> DocumentRequest:
    """Ask `supplier` for a document. `data`: kind, title (what), reason (why), due_on,
    renews (a certificate of this supplier, or its id). The supplier's portal users are
    e-mailed (WE_REPLIED)."""
    from partnerbook.accounts.notifications import notify
    from partnerbook.portal.apps import WE_REPLIED

    require(actor, "document.edit", supplier)
    if supplier.archived:
        raise ValidationError({"supplier": _("This supplier is archived.")})
    kind = _kind(data.get("kind"))
    title = _title(data.get("title") or domain.KINDS[kind])
    reason = str(data.get("reason") or "").strip()
    if len(reason) > REQUEST_REASON_LIMIT:
        raise ValidationError(
            {"reason": _("Keep it under %(limit)s characters.") % {"limit": REQUEST_REASON_LIMIT}}
        )
    renews = data.get("renews")
    if renews is not None and not isinstance(renews, Document):
        renews = Document.objects.filter(pk=renews, supplier=supplier).first()
        if renews is None:
            raise ValidationError({"renews": _("Choose one of this supplier's documents.")})
    if renews is not None and renews.supplier_id != supplier.pk:
        raise ValidationError({"renews": _("Choose one of this supplier's documents.")})
    request = DocumentRequest(
        supplier=supplier, kind=kind, title=title, reason=reason,
        due_on=_day("due_on", data.get("due_on")), renews=renews, requested_by=actor,
    )  # fmt: skip
    save_audited(request, actor, "Document requested from the supplier.")
    due = f" by {request.due_on:%Y-%m-%d}" if request.due_on else ""
    notify(
        WE_REPLIED, portal_people(supplier), f"Please send us: {title}",
        f"{actor.display_name} asks {supplier.name} for “{title}”{due}."
        + (f"\n\nWhy: {reason}" if reason else "")
        + "\n\nYou can upload the file on your portal, under Documents.",
    )  # fmt: skip
    return request


def requests_of(supplier: Supplier) -> Any:
    """The supplier's requests, open ones first (one query)."""
    return DocumentRequest.objects.filter(supplier=supplier).for_list()


def answer_request(
    user: User, request: DocumentRequest, upload: Upload, data: Mapping[str, Any]
) -> Document:
    """The supplier's portal user uploads the file asked for in `request` (an open request
    of their own supplier). `data`: issued_on, expires_on (for certificates). The file goes
    through the same checks as our uploads; the document is stored for their supplier,
    shared with them and marked as sent by the supplier, and the request is fulfilled. The
    relationship owner is e-mailed (SUPPLIER_WROTE)."""
    from partnerbook.accounts.notifications import notify
    from partnerbook.portal.apps import SUPPLIER_WROTE

    require(user, "portal.use", request)
    if request.status != DocumentRequest.Status.OPEN:
        raise ValidationError({"request": _("This request is already answered.")})
    supplier = request.supplier

    def fulfil(document: Document) -> None:
        locked = DocumentRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != DocumentRequest.Status.OPEN:
            raise ValidationError({"request": _("This request is already answered.")})
        locked.status = DocumentRequest.Status.FULFILLED
        locked.document = document
        locked.fulfilled_by = user
        locked.fulfilled_at = timezone.now()
        save_audited(locked, user, "Document sent by the supplier through the portal.")
        request.status, request.document = locked.status, document
        notify(
            SUPPLIER_WROTE, [supplier.relationship_owner],
            f"{supplier.name} sent “{request.title}”",
            f"{user.display_name} of {supplier.name} uploaded “{document.original_name}” "
            f"in answer to your request for “{request.title}”. It is on the supplier's "
            "Documents tab.",
        )  # fmt: skip

    details = {
        "kind": request.kind,
        "title": request.title,
        "issued_on": data.get("issued_on"),
        "expires_on": data.get("expires_on"),
        "internal": False,
    }
    return _store(user, supplier, upload, details, domain.SOURCE_SUPPLIER, then=fulfil)


def portal_documents(user: Any) -> Any:
    """The documents shared with the portal user's supplier, soonest expiry first."""
    return Document.objects.for_portal(user).for_list()


def portal_expiring(user: Any, today: dt.date | None = None) -> list[Document]:
    """Their shared certificates that expire within EXPIRING_DAYS days or have
    expired (one query), soonest first."""
    day = today or timezone.localdate()
    return list(
        Document.objects.for_portal(user)
        .filter(
            kind__in=list(domain.CERTIFICATE_KINDS),
            expires_on__lte=day + dt.timedelta(days=domain.EXPIRING_DAYS),
        )
        .order_by("expires_on", "pk")[:50]
    )


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
