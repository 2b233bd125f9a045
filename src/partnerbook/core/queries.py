"""QuerySet bases shared by the apps."""

from __future__ import annotations

from typing import Any

from django.db import models


class InternalQuerySet(models.QuerySet):
    """Records of the buying organisation's own view (signals, alerts): every internal role
    sees them, portal users and anonymous visitors never do."""

    def visible_to(self, user: Any) -> Any:
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        return self.all() if user.is_internal else self.none()
