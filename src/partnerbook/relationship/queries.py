"""Relationship records a person may see: internal people see all, portal users none (the
notes and signals are the buying side's own view of the relationship)."""

from __future__ import annotations

from typing import Any

from partnerbook.core.queries import InternalQuerySet


class SupplierScopedQuerySet(InternalQuerySet):
    """Relationship records are internal (see `InternalQuerySet.visible_to`)."""


class InteractionQuerySet(SupplierScopedQuerySet):
    def for_list(self) -> Any:
        """What a list row shows, in a fixed number of queries."""
        return self.select_related("created_by", "supplier").prefetch_related(
            "signals", "contacts", "participants"
        )
