"""REST endpoints of documents (mounted under /api/v1). Internal users only: portal users
get 403, and another supplier's document is a 404 to those who may not see it. Thin: load
through `visible_to`, call a service, return."""

# No `from __future__ import annotations`: ninja reads `Query[...]` at import.
from typing import Any

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router, Status
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import paginate
from pydantic import ValidationError as PydanticError

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import require
from partnerbook.suppliers.api import Pagination
from partnerbook.suppliers.models import Supplier

from . import services
from .models import Document
from .schemas import (
    DocumentFilters,
    DocumentOut,
    DocumentPatch,
    DocumentRequestIn,
    DocumentRequestOut,
    DocumentUploadIn,
)

router = Router(tags=["documents"])
SUPPLIER = "/suppliers/{supplier_id}"
DOCUMENT = "/documents/{document_id}"
FILE_RESPONSE = {
    "200": {
        "description": "The stored file.",
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    }
}


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


def _supplier(request: HttpRequest, supplier_id: int) -> Supplier:
    require(request.user, "document.view")
    return get_object_or_404(Supplier.objects.visible_to(request.user), pk=supplier_id)


def _get(request: HttpRequest, document_id: int) -> Document:
    require(request.user, "document.view")
    document = services.document_for(request.user, document_id)
    if document is None:
        raise Http404("No such document.")
    return document


def _out(document: Document) -> dict[str, Any]:
    seen = document.expiry(timezone.localdate())
    return {
        "id": document.pk, "supplier_id": document.supplier_id, "kind": document.kind,
        "title": document.title, "original_name": document.original_name,
        "size": document.size, "content_type": document.content_type,
        "issued_on": document.issued_on, "expires_on": document.expires_on,
        "expiry_state": seen.state, "days_left": seen.days_left,
        "internal": document.internal, "archived": document.archived,
        "uploaded_by_id": document.uploaded_by_id, "created_at": document.created_at,
        "version": document.version,
        "download_url": reverse("api:download_document", args=[document.pk]),
    }  # fmt: skip


@router.get(
    f"{SUPPLIER}/documents", response=list[DocumentOut], summary="List a supplier's documents"
)
@paginate(Pagination)
def list_documents(request: HttpRequest, supplier_id: int, filters: Query[DocumentFilters]) -> Any:
    """Soonest expiry first; documents without an expiry date last."""
    supplier = _supplier(request, supplier_id)
    return [_out(d) for d in services.documents_of(supplier, filters.archived)]


def _upload_body() -> dict[str, Any]:
    fields = DocumentUploadIn.model_json_schema()
    fields["properties"]["file"] = {"type": "string", "format": "binary"}
    fields["required"] = [*fields.get("required", []), "file"]
    return {"required": True, "content": {"multipart/form-data": {"schema": fields}}}


def _form(request: HttpRequest) -> DocumentUploadIn:
    """The form fields, read only once the caller may upload (so that a portal user gets
    403 whatever they send)."""
    data = {k: v for k, v in request.POST.items() if k != "file"}
    try:
        return DocumentUploadIn.model_validate(data)
    except PydanticError as exc:
        errors = [{"loc": ("form", *e["loc"]), "msg": e["msg"]} for e in exc.errors()]
        raise NinjaValidationError(errors) from exc


@router.post(
    f"{SUPPLIER}/documents",
    response={201: DocumentOut},
    summary="Upload a document",
    openapi_extra={"requestBody": _upload_body()},
)
def upload_document(request: HttpRequest, supplier_id: int) -> Status[dict[str, Any]]:
    """multipart/form-data with `file` and the fields. At most 10 MB; PDF, PNG, JPG, XLSX,
    DOCX, CSV or TXT, and the content must match the extension. Editors, or the buyer who
    owns the supplier. A refused file is a 400 naming `file`; nothing is stored."""
    supplier = _supplier(request, supplier_id)
    require(request.user, "document.edit", supplier)
    payload = _form(request)
    file = request.FILES.get("file")
    if file is None:
        raise ValidationError({"file": "Attach the file to upload."})
    document = services.upload_document(
        _user(request), supplier, services.Upload.of(file), payload.model_dump()
    )
    return Status(201, _out(_get(request, document.pk)))


@router.get(DOCUMENT, response=DocumentOut, summary="Get a document's details")
def get_document(request: HttpRequest, document_id: int) -> dict[str, Any]:
    return _out(_get(request, document_id))


@router.get(
    f"{DOCUMENT}/download",
    summary="Download a document's file",
    url_name="download_document",
    openapi_extra={"responses": FILE_RESPONSE},
)
def download_document(request: HttpRequest, document_id: int) -> FileResponse:
    document = _get(request, document_id)
    try:
        handle = services.open_file(document)
    except FileNotFoundError as exc:
        raise Http404("The file is missing from the storage.") from exc
    response = FileResponse(
        handle, as_attachment=True, filename=document.original_name,
        content_type=document.content_type,
    )  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.patch(DOCUMENT, response=DocumentOut, summary="Change a document's title or dates")
def update_document(request: HttpRequest, document_id: int, payload: DocumentPatch) -> Any:
    """Only the fields sent change. A stale `version` is a 409."""
    document = _get(request, document_id)
    require(request.user, "document.edit", document.supplier)
    data = payload.model_dump(exclude_unset=True)
    expected = data.pop("version", None)
    services.update_document(_user(request), document, data, expected)
    return _out(_get(request, document_id))


@router.post(f"{DOCUMENT}/archive", response=DocumentOut, summary="Archive a document")
def archive_document(request: HttpRequest, document_id: int) -> Any:
    """Kept with its file, but no longer listed by default nor alerted on."""
    document = _get(request, document_id)
    require(request.user, "document.edit", document.supplier)
    services.set_document_archived(_user(request), document, True)
    return _out(_get(request, document_id))


@router.post(f"{DOCUMENT}/restore", response=DocumentOut, summary="Restore a document")
def restore_document(request: HttpRequest, document_id: int) -> Any:
    document = _get(request, document_id)
    require(request.user, "document.edit", document.supplier)
    services.set_document_archived(_user(request), document, False)
    return _out(_get(request, document_id))


@router.get(
    f"{SUPPLIER}/document-requests",
    response=list[DocumentRequestOut],
    summary="List what we asked a supplier to send",
)
@paginate(Pagination)
def list_document_requests(request: HttpRequest, supplier_id: int) -> Any:
    """Open requests first, soonest due first."""
    return services.requests_of(_supplier(request, supplier_id))


@router.post(
    f"{SUPPLIER}/document-requests",
    response={201: DocumentRequestOut},
    summary="Ask a supplier for a document",
)
def create_document_request(
    request: HttpRequest, supplier_id: int, payload: DocumentRequestIn
) -> Status[Any]:
    """The supplier's portal users are e-mailed and answer by uploading the file on their
    portal. Editors, or the buyer who owns the supplier."""
    supplier = _supplier(request, supplier_id)
    require(request.user, "document.edit", supplier)
    data = payload.model_dump()
    data["renews"] = data.pop("renews_id")
    return Status(201, services.create_request(_user(request), supplier, data))
