"""Reads for the supplier portal's action items: only the items the portal user owns, in
the portal schema."""

from __future__ import annotations

from typing import Any

from . import services
from .schemas import PortalActionOut

CARD_ROWS = 5


def actions_card(user: Any) -> dict[str, Any] | None:
    """The home card "Your actions": the open items the user owns, overdue first (two
    queries). Left out for a portal account not linked to a contact person."""
    if getattr(user, "contact_id", None) is None:
        return None
    items = services.portal_items(user, include_closed=False)
    rows = [PortalActionOut.from_orm(item) for item in items[:CARD_ROWS]]
    total = items.count() if len(rows) == CARD_ROWS else len(rows)
    return {"items": rows, "total": total, "overdue": sum(1 for r in rows if r.overdue)}
