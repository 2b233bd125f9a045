"""Texts of documents as a person reads them, in the language of the request: where a
certificate stands against its expiry date (the pure `domain.Expiry` keeps English)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext, ngettext

from . import domain


@dataclass(frozen=True)
class ShownExpiry:
    state: str
    days_left: int | None
    label: str


def expiry_label(seen: domain.Expiry) -> str:
    if seen.state == domain.NO_EXPIRY or seen.days_left is None:
        return gettext("no expiry date")
    if seen.state == domain.EXPIRED:
        days = -seen.days_left
        if days == 0:
            return gettext("expired today")
        return ngettext("expired %(days)s day ago", "expired %(days)s days ago", days) % {
            "days": days
        }
    if seen.state == domain.EXPIRING:
        if seen.days_left == 0:
            return gettext("expires today")
        return ngettext("expires in %(days)s day", "expires in %(days)s days", seen.days_left) % {
            "days": seen.days_left
        }
    return gettext("valid")


def shown(seen: domain.Expiry) -> ShownExpiry:
    return ShownExpiry(seen.state, seen.days_left, expiry_label(seen))
