"""The alerts inbox: every early warning about the suppliers a person may see, newest first,
with its evidence; acknowledge or dismiss with a note. Thin: filter, check, call services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnerbook.accounts.policy import AuthenticatedRequest, can, internal_view, require
from partnerbook.core import registry

from . import services
from .models import Alert, AlertPreference

PAGE_SIZE = 25


def _alert(request: AuthenticatedRequest, alert_id: int) -> Alert:
    qs = Alert.objects.visible_to(request.user).select_related("supplier", "handled_by")
    return get_object_or_404(qs, pk=alert_id)


@internal_view("alert.view")
def inbox(request: AuthenticatedRequest) -> HttpResponse:
    qs, filters = services.inbox(request.user, request.GET)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    alerts = list(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    pref = AlertPreference.objects.filter(user=request.user).first()
    return render(
        request,
        "alerts/inbox.html",
        {
            "page": page,
            "rows": [(a, can(request.user, "alert.handle", a.supplier)) for a in alerts],
            "filters": filters,
            "kinds": registry.alert_kinds(),
            "querystring": query.urlencode(),
            "digest": bool(pref and pref.daily_digest),
        },
    )


@internal_view("alert.view")
def alert_detail(request: AuthenticatedRequest, alert_id: int) -> HttpResponse:
    alert = _alert(request, alert_id)
    history = alert.history.select_related("history_user").order_by("-history_date")[:50]
    return render(
        request,
        "alerts/detail.html",
        {
            "alert": alert,
            "kind": registry.alert_kinds().get(alert.kind),
            "can_handle": can(request.user, "alert.handle", alert.supplier),
            "history": history,
        },
    )


@require_POST
@internal_view("alert.view")
def handle(request: AuthenticatedRequest, alert_id: int) -> HttpResponse:
    alert = _alert(request, alert_id)
    require(request.user, "alert.handle", alert.supplier)
    action = request.POST.get("action")
    note = request.POST.get("note", "")
    try:
        if action == "acknowledge":
            services.acknowledge(request.user, alert, note)
        elif action == "dismiss":
            services.dismiss(request.user, alert, note)
        elif action == "reopen":
            services.reopen(request.user, alert)
        else:
            raise ValidationError({"action": _("Choose acknowledge, dismiss or reopen.")})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Alert %(status)s.") % {"status": alert.get_status_display().lower()}
        )
    target = request.POST.get("next", "")
    if target.startswith("/alerts/") and "//" not in target:
        return redirect(target)
    return redirect("alerts:detail", alert_id=alert.pk)


@require_POST
@internal_view("alert.view")
def digest(request: AuthenticatedRequest) -> HttpResponse:
    enabled = request.POST.get("daily_digest") == "1"
    services.set_digest(request.user, enabled)
    if enabled and not request.user.email:
        messages.warning(request, _("Daily digest on, but your account has no e-mail address yet."))
    else:
        messages.success(
            request, _("Daily e-mail digest on.") if enabled else _("Daily e-mail digest off.")
        )
    return redirect("alerts:inbox")
