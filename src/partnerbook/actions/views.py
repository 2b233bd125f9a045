"""Web pages of action items: my open items (overdue first), editing one, and the export."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnerbook.accounts.policy import AuthenticatedRequest, can, internal_view, require
from partnerbook.core.concurrency import StaleEdit, show_stale
from partnerbook.core.spreadsheets import attachment
from partnerbook.suppliers.views import apply_errors

from . import services
from .forms import ActionItemForm
from .models import ActionItem

PER_PAGE = 50


@internal_view("action.view")
def my_actions(request: AuthenticatedRequest) -> HttpResponse:
    page = Paginator(services.my_open_items(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "actions/mine.html",
        {"page": page, "today": timezone.localdate(), "labels": services.SOURCE_LABELS},
    )


def _item(request: AuthenticatedRequest, item_id: int) -> ActionItem:
    item: ActionItem = get_object_or_404(
        ActionItem.objects.visible_to(request.user).for_list(), pk=item_id
    )
    return item


def _back(item: ActionItem, request: AuthenticatedRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect("actions:mine")


@internal_view("action.view")
def edit_item(request: AuthenticatedRequest, item_id: int) -> HttpResponse:
    item = _item(request, item_id)
    can_edit = can(request.user, "action.edit", item.supplier)
    status = 200
    if request.method == "POST":
        require(request.user, "action.edit", item.supplier)
        form = ActionItemForm(request.POST, supplier=item.supplier)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.update_action_item(request.user, item, data, data.pop("version"))
            except StaleEdit as exc:
                current = ActionItemForm.initial_for(exc.current)
                form = show_stale(ActionItemForm(initial=current, supplier=item.supplier), exc)
                status = 409
            except ValidationError as exc:
                apply_errors(form, exc)
                status = 400
            else:
                messages.success(request, _("Action item saved."))
                return _back(item, request)
        else:
            status = 400
    else:
        form = ActionItemForm(initial=ActionItemForm.initial_for(item), supplier=item.supplier)
    return render(
        request,
        "actions/edit.html",
        {"item": item, "form": form, "can_edit": can_edit, "next": request.GET.get("next", "")},
        status=status,
    )


@require_POST
@internal_view("action.view")
def change_status(request: AuthenticatedRequest, item_id: int) -> HttpResponse:
    item = _item(request, item_id)
    require(request.user, "action.edit", item.supplier)
    target = request.POST.get("status", "")
    if target not in services.STATUSES:
        messages.error(request, _("Unknown status."))
        return _back(item, request)
    version = request.POST.get("version", "")
    try:
        services.set_status(request.user, item, target, int(version) if version.isdigit() else None)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("“%(title)s” is now %(status)s.")
            % {"title": item.title, "status": item.get_status_display().lower()},
        )
    return _back(item, request)


@internal_view("action.view")
def export(request: AuthenticatedRequest, fmt: str) -> HttpResponse:
    """Action items the user may see; `?mine=1` only theirs, `?supplier=ID` one supplier's,
    `?status=open|done|dropped` (default: all)."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    items = ActionItem.objects.visible_to(request.user)
    if request.GET.get("mine") == "1":
        items = items.filter(owner=request.user)
    supplier = request.GET.get("supplier", "")
    if supplier.isdigit():
        items = items.filter(supplier_id=int(supplier))
    status = request.GET.get("status", "")
    if status in services.STATUSES:
        items = items.filter(status=status)
    result = services.export_items(services.with_overdue(items), fmt)
    return attachment(result, f"action-items.{fmt}")
