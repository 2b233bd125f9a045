"""Alerts a person may see: those about the suppliers they may see, and nothing for portals."""

from __future__ import annotations

from typing import Any

from django.db import models


class AlertQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> AlertQuerySet:
        """Alerts are internal: every internal role sees them, portal users never do."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_internal:
            return self.all()
        return self.none()
