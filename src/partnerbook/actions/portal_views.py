"""The supplier portal's "Your actions" page: the action items the signed-in portal user owns
as their company's contact, each with its status and a progress note they may change."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnerbook.accounts.policy import AuthenticatedRequest, portal_view

from . import services
from .forms import PortalActionForm
from .portal_api import own_item
from .schemas import PortalActionOut


def _rows(user: Any, failed: int | None = None, form: PortalActionForm | None = None) -> list:  # type: ignore[type-arg]
    rows = []
    for item in services.portal_items(user):
        shown = PortalActionOut.from_orm(item)
        if failed == item.pk and form is not None:
            rows.append({"item": shown, "form": form})
            continue
        initial = {"status": item.status if item.status != "dropped" else "open",
                   "progress_note": item.progress_note, "version": item.version}  # fmt: skip
        rows.append({"item": shown, "form": PortalActionForm(initial=initial, prefix=str(item.pk))})
    return rows


@portal_view
def your_actions(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "actions/portal/list.html",
        {"rows": _rows(request.user), "has_contact": request.user.contact_id is not None},
    )


@portal_view
@require_POST
def update_action(request: AuthenticatedRequest, item_id: int) -> HttpResponse:
    item = own_item(request.user, item_id)
    form = PortalActionForm(request.POST, prefix=str(item.pk))
    if form.is_valid():
        data = dict(form.cleaned_data)
        expected = data.pop("version", None)
        try:
            services.supplier_update_action_item(request.user, item, data, expected)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in ("status", "progress_note") else None, errors)
        else:
            messages.success(request, _("Thank you — your update is saved and we have been told."))
            return redirect("portal_actions:list")
    return render(
        request,
        "actions/portal/list.html",
        {"rows": _rows(request.user, item.pk, form), "has_contact": True},
        status=400,
    )
