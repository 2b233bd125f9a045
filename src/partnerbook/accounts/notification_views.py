"""The signed-in person's choice of e-mails (our people and portal users alike)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from . import notifications


@login_required
def notification_settings(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        notifications.set_preferences(request.user, request.POST.getlist("wanted"))
        messages.success(request, "Your e-mail choices are saved.")
        return redirect("accounts:notifications")
    return render(
        request,
        "accounts/notifications.html",
        {"choices": notifications.preferences(request.user)},
    )
