"""The supplier portal's Documents pages: what we shared with them, what we asked them to
send, the upload of an answer and the download of a shared document. Every page is for
the supplier's own portal users (`portal_view`); another supplier's record is a 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerbook.accounts.policy import AuthenticatedRequest, portal_view, require
from partnerbook.suppliers.views import apply_errors

from . import portal, services
from .forms import SupplierUploadForm


@portal_view
def documents(request: AuthenticatedRequest) -> HttpResponse:
    """Open requests first, then every document shared with the supplier."""
    context = {
        "requests": portal.requests(request.user),
        "documents": portal.documents(request.user),
    }
    return render(request, "documents/portal/list.html", context)


@portal_view
def answer(request: AuthenticatedRequest, request_id: int) -> HttpResponse:
    """One request with the upload form while it is open."""
    found = portal.request_for(request.user, request_id)
    if found is None:
        raise Http404("No such request.")
    require(request.user, "portal.use", found)
    status = 200
    form = SupplierUploadForm()
    if request.method == "POST":
        form = SupplierUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.answer_request(
                    request.user, found, services.Upload.of(form.cleaned_data["file"]),
                    form.data_for_service(),
                )  # fmt: skip
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Thank you, the file is with us now."))
                return redirect("portal_documents:list")
        status = 400
    context = {
        "item": portal.request_out(found, timezone.localdate()),
        "form": form if found.status == "open" else None,
        "max_mb": services.max_bytes() // (1024 * 1024),
    }
    return render(request, "documents/portal/request.html", context, status=status)


@portal_view
def download(request: AuthenticatedRequest, document_id: int) -> Any:
    """The shared document's file (a FileResponse), streamed from the storage."""
    document = portal.document_for(request.user, document_id)
    if document is None:
        raise Http404("No such document.")
    require(request.user, "portal.use", document)
    try:
        handle = services.open_file(document)
    except FileNotFoundError as exc:
        raise Http404("The file of this document is missing.") from exc
    response = FileResponse(
        handle, as_attachment=True, filename=document.original_name,
        content_type=document.content_type,
    )  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    return response
