"""The signed-in user's own page: profile and personal API tokens; the lock-out page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.forms import AuthenticationForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from partnerbook.accounts.policy import AuthenticatedRequest, internal_view

from . import services
from .forms import ApiTokenForm
from .models import ApiToken


@internal_view("token.manage")
def tokens(request: AuthenticatedRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        token, new_token = services.create_api_token(request.user, form.cleaned_data["name"])
        form = ApiTokenForm()
    return render(
        request,
        "accounts/tokens.html",
        {
            "form": form,
            "new_token": new_token,
            "tokens": ApiToken.objects.filter(user=request.user),
        },
    )


@require_POST
@internal_view("token.manage")
def revoke_token(request: AuthenticatedRequest, token_id: int) -> HttpResponse:
    try:
        token = services.revoke_api_token(request.user, token_id)
    except ApiToken.DoesNotExist as exc:
        raise Http404("No such token.") from exc
    messages.success(
        request, f"Token “{token.name}” revoked. Integrations using it stop working now."
    )
    return redirect("accounts:tokens")


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The sign-in page again, saying that this user name is locked out here for a while.

    django-axes calls this (AXES_LOCKOUT_CALLABLE) instead of the login view's answer.
    """
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    form = AuthenticationForm(request, initial={"username": request.POST.get("username", "")})
    response = render(
        request,
        "registration/login.html",
        {
            "form": form,
            "next": request.POST.get("next", ""),
            "locked_out": True,
            "lockout_minutes": minutes,
        },
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    response["Retry-After"] = str(minutes * 60)
    return response
