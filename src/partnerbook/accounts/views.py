"""The signed-in user's own page: profile and personal API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
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
