"""Web pages of documents: the supplier's Documents tab (list and upload), changing a
document's title and dates, archiving, the permission-checked download and the list of
certificates expiring soon. Thin: load, check permission, call a service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnerbook.accounts.policy import AuthenticatedRequest, can, internal_view, require
from partnerbook.core.concurrency import StaleEdit, show_stale
from partnerbook.suppliers.models import Supplier
from partnerbook.suppliers.views import apply_errors, visible_supplier

from . import domain, labels, services
from .forms import DocumentForm, RequestForm, UploadForm
from .models import Document

PAGE_SIZE = 50


def _document(request: AuthenticatedRequest, document_id: int) -> Document:
    document = services.document_for(request.user, document_id)
    if document is None:
        raise Http404("No such document.")
    return document


def _tab(
    request: AuthenticatedRequest,
    supplier: Supplier,
    form: UploadForm | None,
    status: int = 200,
    request_form: RequestForm | None = None,
) -> HttpResponse:
    show_archived = request.GET.get("archived") == "1"
    documents = services.documents_of(supplier, include_archived=show_archived)
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    can_edit = can(request.user, "document.edit", supplier)
    context = {
        "supplier": supplier,
        "page": page,
        "rows": [(d, labels.shown(d.expiry(today))) for d in page.object_list],
        "can_edit": can_edit,
        "form": (form or UploadForm()) if can_edit else None,
        "show_archived": show_archived,
        "max_mb": services.max_bytes() // (1024 * 1024),
        "requests": list(services.requests_of(supplier)[:100]),
        "request_form": (request_form or RequestForm()) if can_edit else None,
    }
    return render(request, "documents/supplier.html", context, status=status)


@require_POST
@internal_view("document.view")
def request_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Ask the supplier for a document; they answer on their portal."""
    supplier = visible_supplier(request, pk)
    require(request.user, "document.edit", supplier)
    form = RequestForm(request.POST)
    if form.is_valid():
        try:
            services.create_request(request.user, supplier, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Request sent; the supplier sees it on their portal."))
            return redirect("documents:supplier", pk=supplier.pk)
    return _tab(request, supplier, None, status=400, request_form=form)


@internal_view("document.view")
def supplier_documents(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The Documents tab: the supplier's documents with where each stands against its
    expiry date, and the upload form for those who may upload."""
    return _tab(request, visible_supplier(request, pk), None)


@require_POST
@internal_view("document.view")
def upload(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    supplier = visible_supplier(request, pk)
    require(request.user, "document.edit", supplier)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            document = services.upload_document(
                request.user,
                supplier,
                services.Upload.of(form.cleaned_data["file"]),
                form.data_for_service(),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("“%(title)s” uploaded.") % {"title": document.title})
            return redirect("documents:supplier", pk=supplier.pk)
    return _tab(request, supplier, form, status=400)


@internal_view("document.view")
def edit(request: AuthenticatedRequest, document_id: int) -> HttpResponse:
    """Change a document's title and dates (the file itself stays; upload a new one)."""
    document = _document(request, document_id)
    require(request.user, "document.edit", document.supplier)
    if document.archived:
        messages.warning(request, _("Restore this document before changing it."))
        return redirect("documents:supplier", pk=document.supplier_id)
    status = 200
    if request.method == "POST":
        form = DocumentForm(request.POST)
        if form.is_valid():
            try:
                services.update_document(
                    request.user, document, form.data_for_service(),
                    form.cleaned_data.get("version"),
                )  # fmt: skip
            except StaleEdit as exc:
                current = _document(request, document_id)
                form = show_stale(DocumentForm(initial=DocumentForm.initial_for(current)), exc)
                status = 409
            except ValidationError as exc:
                apply_errors(form, exc)
                status = 400
            else:
                messages.success(request, _("“%(title)s” saved.") % {"title": document.title})
                return redirect("documents:supplier", pk=document.supplier_id)
        else:
            status = 400
    else:
        form = DocumentForm(initial=DocumentForm.initial_for(document))
    context = {"supplier": document.supplier, "document": document, "form": form}
    return render(request, "documents/edit.html", context, status=status)


@internal_view("document.view")
def download(request: AuthenticatedRequest, document_id: int) -> FileResponse:
    """The stored file, streamed from the storage to those who may see the document."""
    document = _document(request, document_id)
    try:
        handle = services.open_file(document)
    except FileNotFoundError as exc:
        raise Http404("The file of this document is missing from the storage.") from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@internal_view("document.view")
def archive(request: AuthenticatedRequest, document_id: int) -> HttpResponse:
    return _set_archived(request, document_id, True)


@require_POST
@internal_view("document.view")
def restore(request: AuthenticatedRequest, document_id: int) -> HttpResponse:
    return _set_archived(request, document_id, False)


def _set_archived(request: AuthenticatedRequest, document_id: int, archived: bool) -> HttpResponse:
    document = _document(request, document_id)
    require(request.user, "document.edit", document.supplier)
    services.set_document_archived(request.user, document, archived)
    messages.success(request, _("Document archived.") if archived else _("Document restored."))
    suffix = "" if archived else "?archived=1"
    return redirect(reverse("documents:supplier", args=[document.supplier_id]) + suffix)


@internal_view("document.view")
def expiring(request: AuthenticatedRequest) -> HttpResponse:
    """Certificates of every visible supplier that expire within 90 days or have expired
    (and are not archived), soonest first."""
    today = timezone.localdate()
    documents = list(services.expiring(request.user, today))
    rows: list[tuple[Document, Any]] = [(d, labels.shown(d.expiry(today))) for d in documents]
    context = {
        "rows": rows,
        "days": domain.EXPIRING_DAYS,
        "expired": sum(1 for _, e in rows if e.state == domain.EXPIRED),
        "limit": services.EXPIRING_LIMIT,
        "capped": len(rows) >= services.EXPIRING_LIMIT,
    }
    return render(request, "documents/expiring.html", context)
