"""Keeps administrators who must use two-factor sign-in on its set-up page until they do."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext

from .policy import lacks_required_two_factor


class TwoFactorRequiredMiddleware:
    """With PARTNERBOOK_REQUIRE_2FA_FOR_ADMINS on, an administrator whose session was not
    signed in with a second factor reaches only the two-factor pages, sign-out and static
    files; every other page sends them to the set-up. The API refuses such a session itself
    (partnerbook.api.SessionUserAuth, 403); API tokens are a separate credential and keep
    working."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not lacks_required_two_factor(request.user, request.session) or self._allowed(
            request.path
        ):
            return self.get_response(request)
        messages.info(
            request,
            gettext("Your role requires two-factor sign-in: set it up here before you continue."),
        )
        return redirect("accounts:two_factor")

    @staticmethod
    def _allowed(path: str) -> bool:
        open_paths = (
            reverse("accounts:two_factor"),
            reverse("logout"),
            reverse("healthz"),
            settings.STATIC_URL,
            "/api/",  # answered by the API's own authentication, as JSON
        )
        return path.startswith(open_paths)


class UserLanguageMiddleware:
    """Speaks each person's language: the one they chose (User.language), else the browser's
    preference (Accept-Language), else English. The API always answers in English, so that
    its messages stay as stable as its field names."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = self.language_for(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        try:
            response = self.get_response(request)
        finally:
            translation.deactivate()
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", language)
        return response

    @staticmethod
    def language_for(request: HttpRequest) -> str:
        if request.path.startswith("/api/"):
            return settings.LANGUAGE_CODE
        chosen = getattr(request.user, "language", "")
        if chosen and translation.check_for_language(chosen):
            return str(chosen)
        return translation.get_language_from_request(request)
