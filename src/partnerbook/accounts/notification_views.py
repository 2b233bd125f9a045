"""The signed-in person's own choices (our people and portal users alike): which e-mails they
want, and the language of their pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from . import notifications
from .forms import LanguageForm


@login_required
def notification_settings(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        notifications.set_preferences(request.user, request.POST.getlist("wanted"))
        messages.success(request, _("Your e-mail choices are saved."))
        return redirect("accounts:notifications")
    return render(
        request,
        "accounts/notifications.html",
        {"choices": notifications.preferences(request.user)},
    )


@login_required
def language(request: HttpRequest) -> HttpResponse:
    form = LanguageForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        # The page that confirms it already speaks the new language.
        chosen = form.instance.language or translation.get_language_from_request(request)
        translation.activate(chosen)
        messages.success(request, _("Your language is saved."))
        return redirect("accounts:language")
    return render(request, "accounts/language.html", {"form": form})
