"""Single sign-on with OpenID Connect, through mozilla-django-oidc (docs/sso.md).

Everything is read from the PARTNERBOOK_OIDC_* settings when used, never at import: with
single sign-on off the two pages answer 404 and the back-end lets nobody in. The provider's
endpoints come from those settings, or else from its discovery document
(`<issuer>/.well-known/openid-configuration`), fetched at the first sign-in and kept.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import jwt
import requests
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from . import services
from .domain import parse_role_map
from .models import User
from .policy import SSO_SESSION

logger = logging.getLogger(__name__)

DISCOVERY_TIMEOUT_SECONDS = 10

_ENDPOINT_SETTINGS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": ("PARTNERBOOK_OIDC_AUTHORIZATION_ENDPOINT",
                                       "authorization_endpoint"),
    "OIDC_OP_TOKEN_ENDPOINT": ("PARTNERBOOK_OIDC_TOKEN_ENDPOINT", "token_endpoint"),
    "OIDC_OP_USER_ENDPOINT": ("PARTNERBOOK_OIDC_USERINFO_ENDPOINT", "userinfo_endpoint"),
    "OIDC_OP_JWKS_ENDPOINT": ("PARTNERBOOK_OIDC_JWKS_ENDPOINT", "jwks_uri"),
}  # fmt: skip
_discovered: dict[str, dict[str, Any]] = {}
_discovery_lock = threading.Lock()


def enabled() -> bool:
    """Single sign-on is configured: issuer, client id and client secret are all set."""
    return bool(
        settings.PARTNERBOOK_OIDC_ISSUER
        and settings.PARTNERBOOK_OIDC_CLIENT_ID
        and settings.PARTNERBOOK_OIDC_CLIENT_SECRET
    )


def issuer() -> str:
    return str(settings.PARTNERBOOK_OIDC_ISSUER).rstrip("/")


def provider_name() -> str:
    return str(settings.PARTNERBOOK_OIDC_NAME)


def _discovery_document(issuer: str) -> dict[str, Any]:
    """The provider's published configuration, fetched once per process and issuer."""
    with _discovery_lock:
        if issuer not in _discovered:
            response = requests.get(
                f"{issuer}/.well-known/openid-configuration", timeout=DISCOVERY_TIMEOUT_SECONDS
            )
            response.raise_for_status()
            document = response.json()
            if document.get("issuer", "").rstrip("/") != issuer:
                raise ImproperlyConfigured(
                    f"The discovery document names the issuer {document.get('issuer')!r}, "
                    f"not PARTNERBOOK_OIDC_ISSUER={issuer!r}."
                )
            _discovered[issuer] = document
        return _discovered[issuer]


def endpoint(name: str) -> str:
    """One of the provider's endpoints (mozilla-django-oidc's setting `name`)."""
    own_setting, discovery_key = _ENDPOINT_SETTINGS[name]
    configured = getattr(settings, own_setting, "")
    if configured:
        return str(configured)
    found = _discovery_document(issuer()).get(discovery_key)
    if not found:
        raise ImproperlyConfigured(f"Set {own_setting}: the provider does not publish it.")
    return str(found)


def _setting(attr: str, *default: Any) -> Any:
    """mozilla-django-oidc's settings, made from Partnerbook's own at the moment of use."""
    if attr in _ENDPOINT_SETTINGS:
        return endpoint(attr)
    values: dict[str, Any] = {
        "OIDC_RP_CLIENT_ID": settings.PARTNERBOOK_OIDC_CLIENT_ID,
        "OIDC_RP_CLIENT_SECRET": settings.PARTNERBOOK_OIDC_CLIENT_SECRET,
        "OIDC_RP_SIGN_ALGO": "RS256",
        "OIDC_RP_IDP_SIGN_KEY": None,
        "OIDC_RP_SCOPES": settings.PARTNERBOOK_OIDC_SCOPES,
        "OIDC_AUTHENTICATION_CALLBACK_URL": "accounts:sso_callback",
        "OIDC_USE_NONCE": True,
        "OIDC_USE_PKCE": True,
        "OIDC_CREATE_USER": False,
        "OIDC_TIMEOUT": DISCOVERY_TIMEOUT_SECONDS,
        "LOGIN_REDIRECT_URL": settings.LOGIN_REDIRECT_URL,
        "LOGIN_REDIRECT_URL_FAILURE": settings.LOGIN_URL,
    }
    if attr in values:
        return values[attr]
    if default:
        return default[0]
    return getattr(settings, attr)


def rules() -> services.SingleSignOnRules:
    """The role mapping from the settings. A malformed PARTNERBOOK_OIDC_ROLE_MAP is an
    operator's mistake: it stops single sign-on with the reason in the log."""
    try:
        role_map = parse_role_map(settings.PARTNERBOOK_OIDC_ROLE_MAP)
    except ValueError as exc:
        raise ImproperlyConfigured(f"PARTNERBOOK_OIDC_ROLE_MAP: {exc}") from exc
    return services.SingleSignOnRules(
        role_claim=settings.PARTNERBOOK_OIDC_ROLE_CLAIM,
        role_map=role_map,
        default_role=settings.PARTNERBOOK_OIDC_DEFAULT_ROLE,
        trust_email=settings.PARTNERBOOK_OIDC_TRUST_EMAIL,
    )


class SingleSignOnBackend(OIDCAuthenticationBackend):
    """Signs in whom the provider vouches for (authorisation code flow, RS256 ID token
    checked against the provider's keys, issuer, audience, expiry and nonce), and maps them
    to an account with `services.sign_in_with_sso`. Settings are read when used, so creating
    the back-end (Django does so on every request of a signed-in user) costs nothing."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.UserModel = User

    get_settings = staticmethod(_setting)

    OIDC_OP_TOKEN_ENDPOINT = property(lambda self: endpoint("OIDC_OP_TOKEN_ENDPOINT"))
    OIDC_OP_USER_ENDPOINT = property(lambda self: endpoint("OIDC_OP_USER_ENDPOINT"))
    OIDC_OP_JWKS_ENDPOINT = property(lambda self: endpoint("OIDC_OP_JWKS_ENDPOINT"))
    OIDC_RP_CLIENT_ID = property(lambda self: settings.PARTNERBOOK_OIDC_CLIENT_ID)
    OIDC_RP_CLIENT_SECRET = property(lambda self: settings.PARTNERBOOK_OIDC_CLIENT_SECRET)
    OIDC_RP_SIGN_ALGO = "RS256"
    OIDC_RP_IDP_SIGN_KEY = None

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> Any:  # type: ignore[override]
        # Only the callback page asks with a nonce; a password form never reaches the provider.
        if request is None or not enabled() or "nonce" not in kwargs or "password" in kwargs:
            return None
        return super().authenticate(request, **kwargs)

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        """The library checks the signature, expiry and nonce; the issuer and the audience
        are checked here, so that a token made for another application is refused."""
        payload: dict[str, Any] = super().verify_token(token, **kwargs)
        if str(payload.get("iss", "")).rstrip("/") != issuer():
            raise SuspiciousOperation("The ID token comes from another issuer.")
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if settings.PARTNERBOOK_OIDC_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token was made for another application.")
        if "exp" not in payload:
            raise SuspiciousOperation("The ID token has no expiry.")
        self._id_token_claims = payload
        return payload

    def get_or_create_user(self, access_token: str, id_token: str, payload: Any) -> Any:
        userinfo = self.get_userinfo(access_token, id_token, payload)
        # The ID token's subject is the one that was verified; userinfo must agree with it.
        if userinfo.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("The userinfo answer is about someone else.")
        claims = {**userinfo, **payload}
        try:
            return services.sign_in_with_sso(claims, rules())
        except services.SingleSignOnRefused as exc:
            if self.request is not None:
                self.request.sso_refusal = str(exc)  # type: ignore[attr-defined]
            return None

    def get_user(self, user_id: Any) -> Any:
        # Like Django's own back-end: a switched-off account's sessions end.
        return ModelBackend.get_user(self, user_id)


def _refused(request: HttpRequest, reason: str, status: int) -> HttpResponse:
    context = {"reason": reason, "provider_name": provider_name()}
    return render(request, "accounts/sso_refused.html", context, status=status)


@method_decorator(never_cache, name="dispatch")
class SingleSignOnStartView(OIDCAuthenticationRequestView):
    """The "Sign in with …" button: off to the provider with a fresh state, nonce and PKCE
    challenge kept in the session."""

    def __init__(self, **kwargs: Any) -> None:
        super(OIDCAuthenticationRequestView, self).__init__(**kwargs)

    get_settings = staticmethod(_setting)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not enabled():
            raise Http404("Single sign-on is not set up here.")
        self.OIDC_RP_CLIENT_ID = settings.PARTNERBOOK_OIDC_CLIENT_ID
        try:
            self.OIDC_OP_AUTH_ENDPOINT = endpoint("OIDC_OP_AUTHORIZATION_ENDPOINT")
            return super().get(request)
        except (requests.RequestException, ImproperlyConfigured, ValueError) as exc:
            logger.error("Single sign-on could not start: %s", exc)
            return _refused(request, gettext("The sign-in service cannot be reached now."), 503)


@method_decorator(never_cache, name="dispatch")
class SingleSignOnCallbackView(OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back with a code. A refusal is a page saying
    why, never a bare redirect or an error 500."""

    get_settings = staticmethod(_setting)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not enabled():
            raise Http404("Single sign-on is not set up here.")
        if request.GET.get("error"):
            super().get(request)
            return _refused(request, gettext("The sign-in service did not sign you in."), 403)
        try:
            response = super().get(request)
        except (SuspiciousOperation, jwt.PyJWTError) as exc:
            logger.warning("Single sign-on refused: %s", exc)
            reason = gettext(
                "This sign-in could not be checked. Start again from the sign-in page."
            )
            return _refused(request, reason, 400)
        except ImproperlyConfigured as exc:
            logger.error("Single sign-on is misconfigured: %s", exc)
            reason = gettext("Single sign-on is not set up correctly here. Tell an administrator.")
            return _refused(request, reason, 503)
        except (requests.RequestException, ValueError) as exc:
            logger.error("Single sign-on failed: %s", exc)
            return _refused(request, gettext("The sign-in service cannot be reached now."), 503)
        if request.user.is_authenticated and getattr(self, "user", None) == request.user:
            return response
        reason = getattr(request, "sso_refusal", None) or (
            gettext("This sign-in could not be checked. Start again from the sign-in page.")
        )
        return _refused(request, reason, 403)

    def login_success(self) -> HttpResponse:
        response = super().login_success()
        # The provider checked the second factor: PARTNERBOOK_REQUIRE_2FA_FOR_ADMINS does not
        # send this session to our own two-factor set-up (policy.lacks_required_two_factor).
        self.request.session[SSO_SESSION] = True
        return response
