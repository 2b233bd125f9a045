"""The administrators' pages of outbound webhooks: the list, adding and changing one, its
secret, switching it on and off, a test event, and its delivery log. Thin: check, call a
service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from partnerbook.accounts.policy import AuthenticatedRequest, internal_view
from partnerbook.suppliers.views import apply_errors

from . import domain, services
from .forms import WebhookForm
from .models import Webhook

PAGE_SIZE = 25
MANAGE = "webhooks.manage"


def _hook(request: AuthenticatedRequest, webhook_id: int) -> Webhook:
    hook = services.webhook_for(request.user, webhook_id)
    if hook is None:
        raise Http404("No such webhook.")
    return hook


@internal_view(MANAGE)
def webhook_list(request: AuthenticatedRequest) -> HttpResponse:
    events = [
        {"key": kind.key, "label": _(kind.label), "description": _(kind.description)}
        for kind in domain.EVENTS
    ]
    context = {"hooks": list(services.webhooks()), "events": events}
    return render(request, "webhooks/list.html", context)


def _form_page(
    request: AuthenticatedRequest, form: WebhookForm, hook: Webhook | None, status: int = 200
) -> HttpResponse:
    return render(request, "webhooks/form.html", {"form": form, "hook": hook}, status=status)


@internal_view(MANAGE)
def create(request: AuthenticatedRequest) -> HttpResponse:
    if request.method != "POST":
        return _form_page(request, WebhookForm(), None)
    form = WebhookForm(request.POST)
    if form.is_valid():
        try:
            hook = services.create_webhook(request.user, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Webhook added. Give its secret to the receiving system."))
            return redirect("webhooks:secret", webhook_id=hook.pk)
    return _form_page(request, form, None, status=400)


@internal_view(MANAGE)
def edit(request: AuthenticatedRequest, webhook_id: int) -> HttpResponse:
    hook = _hook(request, webhook_id)
    if request.method != "POST":
        initial = {"url": hook.url, "events": hook.events, "description": hook.description}
        return _form_page(request, WebhookForm(initial=initial), hook)
    form = WebhookForm(request.POST)
    if form.is_valid():
        try:
            services.update_webhook(request.user, hook, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Webhook saved."))
            return redirect("webhooks:detail", webhook_id=hook.pk)
    return _form_page(request, form, hook, status=400)


@internal_view(MANAGE)
def detail(request: AuthenticatedRequest, webhook_id: int) -> HttpResponse:
    hook = _hook(request, webhook_id)
    page = Paginator(services.deliveries_of(hook), PAGE_SIZE).get_page(request.GET.get("page"))
    labels = {kind.key: _(kind.label) for kind in domain.EVENTS}
    context = {
        "hook": hook,
        "page": page,
        "deliveries": list(page.object_list),
        "event_labels": [labels.get(key, key) for key in hook.events],
        "max_failures": domain.MAX_CONSECUTIVE_FAILURES,
    }
    return render(request, "webhooks/detail.html", context)


@never_cache
@internal_view(MANAGE)
def secret(request: AuthenticatedRequest, webhook_id: int) -> HttpResponse:
    return render(request, "webhooks/secret.html", {"hook": _hook(request, webhook_id)})


@require_POST
@internal_view(MANAGE)
def rotate(request: AuthenticatedRequest, webhook_id: int) -> HttpResponse:
    hook = services.rotate_secret(request.user, _hook(request, webhook_id))
    messages.success(request, _("New secret made. The old one no longer signs deliveries."))
    return redirect("webhooks:secret", webhook_id=hook.pk)


@require_POST
@internal_view(MANAGE)
def switch(request: AuthenticatedRequest, webhook_id: int) -> HttpResponse:
    hook = _hook(request, webhook_id)
    wanted = request.POST.get("active")
    if wanted not in ("0", "1"):
        messages.warning(request, _("Choose to switch the webhook on or off."))
        return redirect("webhooks:detail", webhook_id=hook.pk)
    try:
        services.set_active(request.user, hook, wanted == "1")
    except ValidationError as exc:
        messages.warning(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Webhook switched on; held deliveries are being sent in order.")
            if wanted == "1"
            else _("Webhook switched off; events are held until you switch it on again."),
        )
    return redirect("webhooks:detail", webhook_id=hook.pk)


@require_POST
@internal_view(MANAGE)
def test(request: AuthenticatedRequest, webhook_id: int) -> HttpResponse:
    delivery = services.send_test(request.user, _hook(request, webhook_id))
    if delivery.status == "sent":
        messages.success(
            request,
            _("Test event accepted (answer %(status)s).") % {"status": delivery.response_status},
        )
    else:
        messages.warning(
            request, _("Test event not accepted: %(error)s") % {"error": delivery.error}
        )
    return redirect("webhooks:detail", webhook_id=webhook_id)


@require_POST
@internal_view(MANAGE)
def remove(request: AuthenticatedRequest, webhook_id: int) -> HttpResponse:
    services.archive_webhook(request.user, _hook(request, webhook_id))
    messages.success(request, _("Webhook removed. It hears of no more events."))
    return redirect("webhooks:list")
