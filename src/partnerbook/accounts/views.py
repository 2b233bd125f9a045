"""The signed-in user's own pages (personal API tokens, two-factor sign-in), the sign-in with
its second step and the lock-out page, portal invitations (sending, withdrawing, accepting),
the rate-limited password reset and the registration of prospect suppliers (the public page;
its review is in the sourcing app)."""

from __future__ import annotations

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import LoginView, PasswordResetView
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils import dateformat, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST, require_safe
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice

from partnerbook.accounts.policy import (
    AuthenticatedRequest,
    internal_view,
    lacks_required_two_factor,
    must_sign_in_with_two_factor,
    require,
)
from partnerbook.suppliers.models import Contact, Supplier

from . import oidc, services
from .backends import client_ip_address
from .forms import (
    ApiTokenForm,
    InvitationAcceptForm,
    RegistrationForm,
    SignInForm,
    TwoFactorCodeForm,
    TwoFactorIdentityForm,
)
from .models import ApiToken, Invitation, User


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
        request,
        _("Token “%(name)s” revoked. Integrations using it stop working now.")
        % {"name": token.name},
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
    # The code step (two-factor sign-in) posts no user name; axes passes it along.
    username = request.POST.get("username") or (credentials or {}).get("username") or ""
    form = AuthenticationForm(request, initial={"username": username})
    response = render(
        request,
        "registration/login.html",
        {
            "form": form,
            "next": request.POST.get("next", ""),
            "locked_out": True,
            "lockout_minutes": minutes,
            **sign_in_choices(),
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
            _("Invitation sent to %(email)s. The link works until %(date)s.")
            % {
                "email": invitation.email,
                "date": dateformat.format(timezone.localtime(invitation.expires_at), "j F Y"),
            },
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
        messages.success(
            request,
            _("Invitation for %(email)s revoked: its link no longer works.")
            % {"email": invitation.email},
        )
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
            messages.success(request, _("Welcome! Your portal account is ready."))
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


# --- two-factor sign-in -------------------------------------------------------------------

# Who typed the right password and still owes the code: kept in the (anonymous) session
# for a few minutes; nobody is signed in until the code is right.
PENDING_SIGN_IN = "partnerbook_two_factor_pending"
PENDING_SECONDS = 300


def sign_in_choices() -> dict[str, Any]:
    """What the sign-in page offers besides the password form: the single sign-on button,
    and whether passwords are for everyone or only for portal users."""
    return {
        "sso_enabled": oidc.enabled(),
        "sso_name": oidc.provider_name(),
        "local_login": settings.PARTNERBOOK_LOCAL_LOGIN,
        "portal_passwords": settings.PARTNERBOOK_PORTAL_PASSWORDS,
    }


class SignInView(LoginView):
    """Django's sign-in page. For a user with two-factor sign-in on, the right password is
    only the first step: the code page follows, and the session is not signed in before."""

    redirect_authenticated_user = True
    form_class = SignInForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), **sign_in_choices()}

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        if not services.has_two_factor(user):
            return super().form_valid(form)
        self.request.session.cycle_key()
        self.request.session[PENDING_SIGN_IN] = {
            "user": user.pk,
            "backend": getattr(user, "backend", ""),
            "next": self.get_success_url(),
            "until": timezone.now().timestamp() + PENDING_SECONDS,
        }
        return redirect("accounts:two_factor_verify")


def _pending_sign_in(request: HttpRequest) -> tuple[User, dict[str, Any]] | None:
    pending = request.session.get(PENDING_SIGN_IN)
    if (
        not isinstance(pending, dict)
        or not isinstance(pending.get("user"), int)
        or pending.get("until", 0) < timezone.now().timestamp()
    ):
        request.session.pop(PENDING_SIGN_IN, None)
        return None
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    return (user, pending) if user is not None else None


@never_cache
@sensitive_post_parameters("code")
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The sign-in's second step: a code from the app or a recovery code. Wrong codes count
    as failed sign-ins (django-axes: the same limit and lock-out as wrong passwords)."""
    if request.user.is_authenticated:
        return redirect("home")
    found = _pending_sign_in(request)
    if found is None:
        messages.info(request, _("Sign in with your user name and password first."))
        return redirect("login")
    user, pending = found
    credentials = {"username": user.username}
    form = TwoFactorCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if AxesProxyHandler.is_locked(request, credentials):
            request.session.pop(PENDING_SIGN_IN, None)
            return locked_out(request, None, credentials)
        try:
            device = services.verify_second_factor(user, form.cleaned_data["code"])
        except ValidationError as exc:
            form.add_error("code", exc.message_dict["code"])
        else:
            if device is not None:
                return _finish_sign_in(request, user, device, pending)
            form.add_error("code", _("This code is not right. Check the app and try again."))
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            if getattr(request, "axes_locked_out", False):  # axes answers with the lock-out
                request.session.pop(PENDING_SIGN_IN, None)
    return render(request, "accounts/two_factor_verify.html", {"form": form})


def _finish_sign_in(
    request: HttpRequest, user: User, device: Device, pending: dict[str, Any]
) -> HttpResponse:
    request.session.pop(PENDING_SIGN_IN, None)
    # django-otp marks the session as verified with this device when it sees the attribute.
    user.otp_device = device  # type: ignore[attr-defined]
    login(request, user, backend=pending.get("backend") or None)
    if isinstance(device, StaticDevice):
        left = services.recovery_codes_left(user)
        messages.warning(
            request,
            ngettext(
                "You signed in with a recovery code; %(left)d left. Make new ones under "
                "Two-factor sign-in if you are running short.",
                "You signed in with a recovery code; %(left)d left. Make new ones under "
                "Two-factor sign-in if you are running short.",
                left,
            )
            % {"left": left},
        )
    target = pending.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = resolve_url(settings.LOGIN_REDIRECT_URL)
    return redirect(target)


def _two_factor_page(request: HttpRequest, **context: Any) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    state = services.two_factor_state(user)
    setup = None if state.enabled else services.pending_authenticator(user)
    context.setdefault("code_form", TwoFactorCodeForm())
    context.setdefault("identity_form", TwoFactorIdentityForm())
    return render(
        request,
        "accounts/two_factor.html",
        {
            "state": state,
            "setup": setup,
            "qr_code": services.otpauth_qr_data_uri(setup) if setup else None,
            "secret": services.base32_secret(setup) if setup else None,
            "required": must_sign_in_with_two_factor(user),
            "session_unverified": state.enabled
            and lacks_required_two_factor(user, request.session),
            **context,
        },
        status=400 if context.get("invalid") else 200,
    )


@never_cache
@require_safe
@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Two-factor sign-in for the signed-in user, whatever their role: its state, set-up,
    recovery codes and turning it off."""
    return _two_factor_page(request)


@require_POST
@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Start (or restart) the set-up: a new secret for the app, not yet in force."""
    try:
        services.start_two_factor(request.user)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("accounts:two_factor")


@never_cache
@require_POST
@login_required
@sensitive_post_parameters("code")
def two_factor_confirm(request: HttpRequest) -> HttpResponse:
    """Finish the set-up with a code from the app; shows the recovery codes once."""
    user: User = request.user  # type: ignore[assignment]
    form = TwoFactorCodeForm(request.POST)
    if form.is_valid():
        try:
            codes = services.confirm_two_factor(user, form.cleaned_data["code"])
        except ValidationError as exc:
            form.add_error("code", exc.message_dict["code"])
        else:
            # This session proved the second factor just now.
            otp_login(request, services.authenticator(user))
            messages.success(request, _("Two-factor sign-in is on."))
            return _two_factor_page(request, recovery_codes=codes)
    return _two_factor_page(request, code_form=form, invalid=True)


@never_cache
@require_POST
@login_required
@sensitive_post_parameters("code", "password")
def two_factor_recovery_codes(request: HttpRequest) -> HttpResponse:
    """Replace the recovery codes (the old ones stop working); shows the new ones once."""
    form = TwoFactorIdentityForm(request.POST)
    if form.is_valid():
        try:
            codes = services.regenerate_recovery_codes(
                request.user,  # type: ignore[arg-type]
                code=form.cleaned_data["code"],
                password=form.cleaned_data["password"],
            )
        except ValidationError as exc:
            form.add_error("code", exc.message_dict["code"])
        else:
            messages.success(request, _("New recovery codes made; the old ones no longer work."))
            return _two_factor_page(request, recovery_codes=codes)
    return _two_factor_page(request, identity_form=form, invalid=True)


@require_POST
@login_required
@sensitive_post_parameters("code", "password")
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    """Turn two-factor sign-in off, after a current code or the password."""
    form = TwoFactorIdentityForm(request.POST)
    if form.is_valid():
        try:
            services.disable_two_factor(
                request.user,  # type: ignore[arg-type]
                code=form.cleaned_data["code"],
                password=form.cleaned_data["password"],
            )
        except ValidationError as exc:
            form.add_error("code", exc.message_dict["code"])
        else:
            messages.success(request, _("Two-factor sign-in is off: your password alone signs in."))
            return redirect("accounts:two_factor")
    return _two_factor_page(request, identity_form=form, invalid=True)
