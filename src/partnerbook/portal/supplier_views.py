"""Our side of the supplier's voice: the "Supplier voice" tab (suggestions, early warnings
and the concerns we may read), answering, marking concerns as read, and the export."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnerbook.accounts.policy import AuthenticatedRequest, can, internal_view, require
from partnerbook.core.spreadsheets import attachment
from partnerbook.suppliers.models import Supplier
from partnerbook.suppliers.views import apply_errors, visible_supplier

from . import exports, services
from .forms import ReplyForm
from .models import Concern, SupplierMessage


def _tab(
    request: AuthenticatedRequest,
    supplier: Supplier,
    status: int = 200,
    failed: tuple[int, ReplyForm] | None = None,
) -> HttpResponse:
    voice = services.voice_of(supplier)
    forms = {
        m.pk: ReplyForm(
            initial={"status": "acknowledged" if m.status == "new" else m.status, "reply": m.reply},
            auto_id=f"id_{m.pk}_%s",
        )
        for m in voice.messages
    }
    if failed is not None:
        forms[failed[0]] = failed[1]
    context: dict[str, Any] = {
        "supplier": supplier,
        "voice": voice,
        "rows": [(m, forms[m.pk]) for m in voice.messages],
        "can_answer": can(request.user, "relationship.log", supplier),
    }
    return render(request, "portal/voice/supplier.html", context, status=status)


@internal_view("relationship.view")
def supplier_tab(request: AuthenticatedRequest, supplier_id: int) -> HttpResponse:
    return _tab(request, visible_supplier(request, supplier_id))


@internal_view("relationship.view")
def export(request: AuthenticatedRequest, supplier_id: int) -> HttpResponse:
    supplier = visible_supplier(request, supplier_id)
    fmt = request.GET.get("format", "xlsx")
    if fmt not in ("csv", "xlsx"):
        raise Http404("Export as xlsx or csv.")
    return attachment(exports.export(supplier, fmt), f"supplier-voice-{supplier.pk}.{fmt}")


@require_POST
@internal_view("relationship.view")
def reply(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(
        SupplierMessage.objects.visible_to(request.user).select_related("supplier", "author"),
        pk=pk,
    )
    supplier = message.supplier
    require(request.user, "relationship.log", supplier)
    form = ReplyForm(request.POST, auto_id=f"id_{message.pk}_%s")
    if form.is_valid():
        try:
            services.reply_to_message(
                request.user, message, form.cleaned_data["status"], form.cleaned_data["reply"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Answer saved; the supplier can read it in their portal."))
            return redirect("voice:supplier", supplier_id=supplier.pk)
    return _tab(request, supplier, 400, (message.pk, form))


@require_POST
@internal_view("relationship.view")
def acknowledge(request: AuthenticatedRequest, pk: str) -> HttpResponse:
    try:
        concern_id = UUID(pk)
    except ValueError:
        raise Http404("No such concern.") from None
    concern = get_object_or_404(
        Concern.objects.filter(supplier__in=Supplier.objects.visible_to(request.user))
        .select_related("supplier", "author"),
        pk=concern_id,
    )  # fmt: skip
    require(request.user, "relationship.log", concern.supplier)
    if concern.anonymous and not services.anonymous_released(concern.supplier_id):
        raise Http404("No such concern.")
    services.acknowledge_concern(request.user, concern)
    messages.success(request, _("Marked as read."))
    return redirect("voice:supplier", supplier_id=concern.supplier_id)
