"""What the supplier portal shows of documents: portal querysets turned into portal
schemas, so that internal documents and fields never reach a template or the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from . import labels, services
from .models import Document, DocumentRequest
from .schemas import PortalDocumentOut, PortalDocumentRequestOut, PortalExpiringCardOut

LIST_LIMIT = 500


def document_out(document: Document, today: dt.date) -> PortalDocumentOut:
    seen = document.expiry(today)
    return PortalDocumentOut(
        id=document.pk, kind=document.kind, kind_label=document.get_kind_display(),  # type: ignore[arg-type]
        title=document.title, original_name=document.original_name, size=document.size,
        issued_on=document.issued_on, expires_on=document.expires_on,
        expiry_state=seen.state, expiry_label=labels.expiry_label(seen),  # type: ignore[arg-type]
        sent_by_you=document.source == "supplier",
        download_url=reverse("portal_documents:download", args=[document.pk]),
    )  # fmt: skip


def request_out(request: DocumentRequest, today: dt.date) -> PortalDocumentRequestOut:
    # The answer is shown only while it is still shared with them and not archived.
    answer = request.document
    shown = answer is not None and not answer.internal and not answer.archived
    is_open = request.status == DocumentRequest.Status.OPEN
    return PortalDocumentRequestOut(
        id=request.pk, kind=request.kind, kind_label=request.get_kind_display(),  # type: ignore[arg-type]
        title=request.title, reason=request.reason, due_on=request.due_on,
        status=request.status,  # type: ignore[arg-type]
        requested_by=(
            request.requested_by.display_name if request.requested_by else gettext("Our team")
        ),
        created_at=request.created_at,
        document=document_out(answer, today) if shown and answer is not None else None,
        upload_url=reverse("portal_documents:request", args=[request.pk]) if is_open else None,
    )  # fmt: skip


def documents(user: Any) -> list[PortalDocumentOut]:
    """The documents shared with the user's supplier (one query)."""
    today = timezone.localdate()
    return [document_out(d, today) for d in services.portal_documents(user)[:LIST_LIMIT]]


def requests_queryset(user: Any) -> Any:
    return DocumentRequest.objects.visible_to(user).for_list()


def requests(user: Any) -> list[PortalDocumentRequestOut]:
    """What we asked their supplier for, open ones first (one query)."""
    today = timezone.localdate()
    return [request_out(r, today) for r in requests_queryset(user)[:LIST_LIMIT]]


def request_for(user: Any, request_id: int) -> DocumentRequest | None:
    """One request of the user's own supplier, or None (another supplier's is None)."""
    found: DocumentRequest | None = (
        requests_queryset(user).select_related("supplier__relationship_owner")
        .filter(pk=request_id).first()
    )  # fmt: skip
    return found


def document_for(user: Any, document_id: int) -> Document | None:
    """One document shared with the user's own supplier, or None."""
    found: Document | None = Document.objects.for_portal(user).filter(pk=document_id).first()
    return found


def expiring_card(user: Any) -> dict[str, Any] | None:
    """The portal home's "Expiring certificates" card: shared certificates expiring soon,
    each with its open renewal request (two queries). Left out when there are none."""
    today = timezone.localdate()
    certificates = services.portal_expiring(user, today)
    if not certificates:
        return None
    renewals = dict(
        DocumentRequest.objects.visible_to(user)
        .filter(status=DocumentRequest.Status.OPEN, renews__in=certificates)
        .values_list("renews_id", "pk")
    )
    rows = [
        PortalExpiringCardOut(
            certificate=document_out(c, today), renewal_request_id=renewals.get(c.pk)
        )
        for c in certificates
    ]
    return {"rows": rows}
