"""Response headers Django's SecurityMiddleware does not send: CSP and Permissions-Policy."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class ContentSecurityPolicyMiddleware:
    """Add `Content-Security-Policy` and `Permissions-Policy` to every response.

    A view that needs a different policy sets the header itself; it is left alone.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # Django's debug error pages are built from inline style and script.
        debug_error_page = settings.DEBUG and response.status_code >= 400
        if settings.CONTENT_SECURITY_POLICY and not debug_error_page:
            response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
