"""The signed-in user's own page (personal API tokens), the lock-out page, portal invitations
(sending, withdrawing, accepting), the rate-limited password reset and the registration of
prospect suppliers (the public page; its review is in the sourcing app)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.contrib.auth.views import PasswordResetView
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import dateformat, timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from partnerbook.accounts.policy import AuthenticatedRequest, internal_view, require
from partnerbook.suppliers.models import Contact, Supplier

from . import services
from .backends import client_ip_address
from .forms import ApiTokenForm, InvitationAcceptForm, RegistrationForm
from .models import ApiToken, Invitation


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


# --- portal invitations -------------------------------------------------------------------


def _contacts_tab(supplier_id: int) -> HttpResponse:
    return redirect("suppliers:detail_tab", pk=supplier_id, tab="contacts")


@require_POST
@internal_view("supplier.view")
def invite(request: AuthenticatedRequest, contact_id: int) -> HttpResponse:
    contacts = Contact.objects.visible_to(request.user).select_related("supplier")
    contact = get_object_or_404(contacts, pk=contact_id)
    require(request.user, "portal.invite", contact.supplier)
    try:
        invitation = services.invite(
            request.user, contact, base_url=request.build_absolute_uri("/")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            f"Invitation sent to {invitation.email}. The link works until "
            f"{dateformat.format(timezone.localtime(invitation.expires_at), 'j F Y')}.",
        )
    return _contacts_tab(contact.supplier_id)


@require_POST
@internal_view("supplier.view")
def revoke_invitation(request: AuthenticatedRequest, invitation_id: int) -> HttpResponse:
    suppliers = Supplier.objects.visible_to(request.user)
    invitations = Invitation.objects.filter(supplier__in=suppliers).select_related("supplier")
    invitation = get_object_or_404(invitations, pk=invitation_id)
    require(request.user, "portal.invite", invitation.supplier)
    try:
        services.revoke(request.user, invitation)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Invitation for {invitation.email} revoked: its link no "
                         "longer works.")  # fmt: skip
    return _contacts_tab(invitation.supplier_id)


@never_cache
@sensitive_post_parameters("password1", "password2")
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The page an invitation link opens: choose a user name and password, then go in."""
    invitation = services.find_invitation(token)
    if invitation is None:
        return render(request, "accounts/invitation_unusable.html", {"reason": None}, status=404)
    reason = services.unusable_reason(invitation)
    if reason is not None:
        refused = {"reason": reason}
        return render(request, "accounts/invitation_unusable.html", refused, status=410)
    context: dict[str, Any] = {"invitation": invitation}
    if request.user.is_authenticated:
        # Accepting would mix two people's sessions; the page says to sign out first.
        status = 403 if request.method == "POST" else 200
        return render(request, "accounts/invitation.html", context, status=status)
    # Someone whose portal account was deactivated gets it back; the page says so.
    returning = context["returning_user"] = services.returning_portal_user(invitation.contact)
    initial = {
        "username": returning.username if returning else invitation.email.split("@")[0][:150]
    }
    data = request.POST if request.method == "POST" else None
    form = InvitationAcceptForm(data, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept(
                token, form.cleaned_data["username"], form.cleaned_data["password1"]
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                target = {"password": "password1", "token": None}.get(field, field)
                form.add_error(target if target in form.fields else None, errors)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "Welcome! Your portal account is ready.")
            return redirect("home")
    context["form"] = form
    return render(request, "accounts/invitation.html", context)


# --- password reset -----------------------------------------------------------------------


class RateLimitedPasswordResetView(PasswordResetView):
    """Django's password reset, refused with 429 after PARTNERBOOK_RESET_LIMIT requests in an
    hour for one e-mail address or from one client address. The answer never tells whether
    the address belongs to anyone."""

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        email = form.cleaned_data["email"]
        if not services.allow_password_reset(email, client_ip_address(self.request)):
            response = render(self.request, "registration/password_reset_limited.html", status=429)
            response["Retry-After"] = str(services.RATE_WINDOW_SECONDS)
            return response
        base_url = services.email_base_url(self.request.build_absolute_uri("/"))
        self.extra_email_context = {"base_url": base_url}
        return super().form_valid(form)


# --- self-registration of prospect suppliers ----------------------------------------------


@never_cache
@sensitive_post_parameters("password1", "password2")
def register(request: HttpRequest) -> HttpResponse:
    """The public page where a company asks to be considered as a supplier."""
    if request.user.is_authenticated:
        # A registration is for someone without an account; the page says to sign out.
        status = 403 if request.method == "POST" else 200
        return render(request, "accounts/register.html", {"signed_in": True}, status=status)
    form = RegistrationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if form.is_bot:
            return redirect("accounts:register_thanks")
        address = client_ip_address(request)
        if not services.allow_registration(address):
            response = render(request, "accounts/register_limited.html", status=429)
            response["Retry-After"] = str(services.RATE_WINDOW_SECONDS)
            return response
        try:
            services.register(form.cleaned_data, form.cleaned_data["password1"], address)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                target = "password1" if field == "password" else field
                form.add_error(target if target in form.fields else None, errors)
        else:
            return redirect("accounts:register_thanks")
    return render(request, "accounts/register.html", {"form": form})


def register_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/register_thanks.html")
