"""The supplier portal's document operations (mounted under /api/v1, paths /portal/...).
Portal users only (`require_portal`); records load through portal querysets, so another
supplier's document or request is a 404."""

# No `from __future__ import annotations`: ninja reads the annotations at import.
from typing import Any

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest
from django.utils import timezone
from ninja import Router, Status
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import ValidationError as PydanticError

from partnerbook.accounts.policy import require, require_portal

from . import portal, services
from .api import FILE_RESPONSE
from .schemas import PortalDocumentOut, PortalDocumentRequestOut, PortalRequestAnswerIn

router = Router(tags=["supplier portal"])


@router.get("/portal/documents", response=list[PortalDocumentOut], summary="Shared documents")
def portal_documents(request: HttpRequest) -> Any:
    """The documents shared with your supplier, soonest expiry first."""
    return portal.documents(require_portal(request))


@router.get(
    "/portal/documents/{document_id}/download",
    summary="Download a shared document",
    openapi_extra={"responses": FILE_RESPONSE},
)
def portal_download(request: HttpRequest, document_id: int) -> FileResponse:
    user = require_portal(request)
    document = portal.document_for(user, document_id)
    if document is None:
        raise Http404("No such document.")
    require(user, "portal.use", document)
    try:
        handle = services.open_file(document)
    except FileNotFoundError as exc:
        raise Http404("The file is missing.") from exc
    response = FileResponse(
        handle, as_attachment=True, filename=document.original_name,
        content_type=document.content_type,
    )  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.get(
    "/portal/document-requests",
    response=list[PortalDocumentRequestOut],
    summary="What we asked you to send",
)
def portal_requests(request: HttpRequest) -> Any:
    """Open requests first, soonest due first."""
    return portal.requests(require_portal(request))


def _answer_body() -> dict[str, Any]:
    fields = PortalRequestAnswerIn.model_json_schema()
    fields["properties"]["file"] = {"type": "string", "format": "binary"}
    fields["required"] = [*fields.get("required", []), "file"]
    return {"required": True, "content": {"multipart/form-data": {"schema": fields}}}


@router.post(
    "/portal/document-requests/{request_id}/upload",
    response={201: PortalDocumentRequestOut},
    summary="Send the file we asked for",
    openapi_extra={"requestBody": _answer_body()},
)
def portal_answer(request: HttpRequest, request_id: int) -> Status[Any]:
    """multipart/form-data with `file` (at most 10 MB; PDF, PNG, JPG, XLSX, DOCX, CSV or
    TXT, content matching the extension) and, for certificates, `expires_on`. A refused
    file is a 400 naming `file`; nothing is stored."""
    user = require_portal(request)
    found = portal.request_for(user, request_id)
    if found is None:
        raise Http404("No such request.")
    try:
        payload = PortalRequestAnswerIn.model_validate(
            {k: v for k, v in request.POST.items() if k != "file"}
        )
    except PydanticError as exc:
        errors = [{"loc": ("form", *e["loc"]), "msg": e["msg"]} for e in exc.errors()]
        raise NinjaValidationError(errors) from exc
    file = request.FILES.get("file")
    if file is None:
        raise ValidationError({"file": "Attach the file to upload."})
    services.answer_request(user, found, services.Upload.of(file), payload.model_dump())
    found.refresh_from_db()
    return Status(201, portal.request_out(found, timezone.localdate()))
