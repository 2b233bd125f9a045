"""Practice and agreement records a person may see: internal people see all, portal users
none (they are the buying side's own view of the relationship)."""

from __future__ import annotations

from partnerbook.core.queries import InternalQuerySet


class PracticeQuerySet(InternalQuerySet):
    """Practices are the buying side's own records: internal people only."""

    def for_list(self) -> PracticeQuerySet:
        """What a list row shows, in a fixed number of queries."""
        return self.select_related("owner", "supplier").prefetch_related("attendees")


class AgreementQuerySet(InternalQuerySet):
    """Agreements are internal records too."""
