"""Reusable querysets. `visible_to(user)` is the only way lists are narrowed by permission."""

from __future__ import annotations

from typing import Any

from django.db import models


class SupplierQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> SupplierQuerySet:
        """Suppliers `user` may see: all for internal roles, their own for portal users."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_internal:
            return self.all()
        if user.role == "supplier_contact" and user.supplier_id:
            return self.filter(pk=user.supplier_id)
        return self.none()

    def for_list(self) -> SupplierQuerySet:
        """Everything a list row shows, fetched in a fixed number of queries."""
        return self.select_related("category", "relationship_owner").prefetch_related("tags")


class ContactQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> ContactQuerySet:
        """Contacts `user` may see; portal users see only their supplier's own people."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_internal:
            return self.all()
        if user.role == "supplier_contact" and user.supplier_id:
            return self.filter(supplier_id=user.supplier_id, side="supplier")
        return self.none()
