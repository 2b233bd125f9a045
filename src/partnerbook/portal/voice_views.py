"""The portal's "Talk to us" pages: a supplier's people send suggestions and early warnings,
raise concerns (by name or anonymously) and read our answers. Rendered from portal schemas."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnerbook.accounts.policy import AuthenticatedRequest, portal_view
from partnerbook.suppliers.views import apply_errors

from . import queries, services
from .forms import ConcernForm, EarlyWarningForm, SuggestionForm


def _talk(request: AuthenticatedRequest, status: int = 200, **forms: Form) -> HttpResponse:
    user = request.user
    context: dict[str, Any] = {
        "home": queries.home(user),
        "suggestion_form": forms.get("suggestion_form") or SuggestionForm(),
        "warning_form": forms.get("warning_form") or EarlyWarningForm(),
        "concern_form": forms.get("concern_form") or ConcernForm(),
        "messages_sent": queries.portal_messages(user),
        "own_concerns": queries.own_concerns(user),
        "minimum": services.anonymous_minimum(),
        "open": next(iter(forms), ""),
    }
    return render(request, "portal/voice/talk.html", context, status=status)


@portal_view
def talk(request: AuthenticatedRequest) -> HttpResponse:
    return _talk(request)


def _send(request: AuthenticatedRequest, form: SuggestionForm | EarlyWarningForm, name: str,
          done: str) -> HttpResponse:  # fmt: skip
    if form.is_valid():
        try:
            services.send_message(request.user, form.data_for_service())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("portal_voice:talk")
    return _talk(request, 400, **{name: form})


@require_POST
@portal_view
def send_suggestion(request: AuthenticatedRequest) -> HttpResponse:
    form = SuggestionForm(request.POST)
    done = _("Thank you for your suggestion. Your relationship owner has been told.")
    return _send(request, form, "suggestion_form", done)


@require_POST
@portal_view
def send_warning(request: AuthenticatedRequest) -> HttpResponse:
    form = EarlyWarningForm(request.POST)
    done = _("Thank you for the early warning. Your relationship owner has been told.")
    return _send(request, form, "warning_form", done)


@require_POST
@portal_view
def raise_concern(request: AuthenticatedRequest) -> HttpResponse:
    form = ConcernForm(request.POST)
    if form.is_valid():
        try:
            concern = services.raise_concern(request.user, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _(queries.ANONYMOUS_NOTE if concern.anonymous else queries.NAMED_NOTE),
            )
            return redirect("portal_voice:talk")
    return _talk(request, 400, concern_form=form)


@portal_view
def message(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    found = queries.portal_message(request.user, pk)
    return render(request, "portal/voice/message.html", {"message": found})
