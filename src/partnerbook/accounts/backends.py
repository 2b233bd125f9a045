"""Sign-in throttling: django-axes, fitted to how Partnerbook is deployed."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest


class SignInThrottleBackend(AxesStandaloneBackend):
    """Refuse sign-in for a user name and address that failed too often (django-axes).

    Returns nothing itself; the next back-end checks the password. A check without a
    request (the shell, a management command) cannot come from the network and is let
    through, where axes would raise.
    """

    def authenticate(  # type: ignore[override]
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def client_ip_address(request: HttpRequest) -> str | None:
    """The address a sign-in attempt came from, as seen by our own front-most server.

    Behind one reverse proxy (PARTNERBOOK_BEHIND_PROXY=1) that is the last entry the proxy
    appended to X-Forwarded-For; earlier entries come from the client and prove nothing.
    """
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR")
