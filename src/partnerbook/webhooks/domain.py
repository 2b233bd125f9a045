"""The pure rules of outbound webhooks: which events exist, how a delivery is signed, how
long to wait before the next attempt, and which addresses are acceptable. No Django."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from urllib.parse import urlsplit

from partnerbook.core.marks import gettext_noop


@dataclass(frozen=True)
class EventKind:
    """A kind of event another system may subscribe to."""

    key: str
    label: str
    description: str


EVENTS: tuple[EventKind, ...] = (
    EventKind(
        "supplier.status_changed",
        gettext_noop("Supplier status changed"),
        gettext_noop("A supplier moved along its lifecycle (e.g. from pilot to active)."),
    ),
    EventKind(
        "alert.raised",
        gettext_noop("Alert raised"),
        gettext_noop("A check raised a new early warning about a supplier."),
    ),
    EventKind(
        "review.recorded",
        gettext_noop("Review recorded"),
        gettext_noop("A quarterly business review with a supplier was recorded."),
    ),
    EventKind(
        "issue.escalated",
        gettext_noop("Supplier issue escalated"),
        gettext_noop("A supplier issue was moved up its escalation path."),
    ),
    EventKind(
        "portal.message_received",
        gettext_noop("Portal message received"),
        gettext_noop(
            "A supplier's contact sent a suggestion, an early warning, a concern or a question "
            "through the portal. Anonymous concerns carry nothing about who wrote them."
        ),
    ),
)
EVENT_KEYS = tuple(kind.key for kind in EVENTS)
TEST_EVENT = "webhook.test"

# Waits before the 2nd, 3rd, 4th and 5th attempt; the 5th failure in a row switches the
# webhook off.
BACKOFF_SECONDS = (60, 5 * 60, 30 * 60, 2 * 60 * 60)
MAX_CONSECUTIVE_FAILURES = 5


def backoff(failures: int) -> int:
    """Seconds to wait after the `failures`-th failure in a row (1 or more)."""
    return BACKOFF_SECONDS[min(max(failures, 1), len(BACKOFF_SECONDS)) - 1]


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """The `X-Partnerbook-Signature` header: HMAC-SHA256 of "<timestamp>.<raw body>"."""
    signed = timestamp.encode("ascii") + b"." + body
    return "sha256=" + hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).hexdigest()


def url_problem(url: str) -> str | None:
    """Why `url` cannot receive deliveries, or None when it can."""
    if not url or url != url.strip():
        return gettext_noop("Give the full address, e.g. https://example.com/partnerbook-events.")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises on a malformed port)
    except ValueError:
        return gettext_noop("This is not a valid web address.")
    if parts.scheme not in ("http", "https"):
        return gettext_noop("Use an http:// or https:// address.")
    if not parts.hostname:
        return gettext_noop("The address needs a host name, e.g. https://example.com/hook.")
    if parts.username or parts.password:
        return gettext_noop(
            "Leave user names and passwords out of the address; deliveries are signed."
        )
    if any(ch.isspace() or ord(ch) < 32 for ch in url):
        return gettext_noop("The address may not contain spaces or control characters.")
    return None


def events_problem(events: list[str]) -> str | None:
    """Why `events` is not an acceptable subscription, or None."""
    if not events:
        return gettext_noop("Choose at least one event.")
    unknown = sorted(set(events) - set(EVENT_KEYS))
    if unknown:
        return f"Unknown event: {', '.join(unknown)}. Use: {', '.join(EVENT_KEYS)}."
    return None
