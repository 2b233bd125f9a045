"""Alerts a person may see: every internal role sees them, portal users never do."""

from __future__ import annotations

from partnerbook.core.queries import InternalQuerySet


class AlertQuerySet(InternalQuerySet):
    """Alerts are internal (see `InternalQuerySet.visible_to`)."""
