"""Relationship records a person may see: internal people see all, portal users none (the
notes and signals are the buying side's own view of the relationship)."""

from __future__ import annotations

from typing import Any

from django.db import models


class SupplierScopedQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> Any:
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_internal:
            return self.all()
        return self.none()


class InteractionQuerySet(SupplierScopedQuerySet):
    def for_list(self) -> Any:
        """What a list row shows, in a fixed number of queries."""
        return self.select_related("created_by", "supplier").prefetch_related(
            "signals", "contacts", "participants"
        )
