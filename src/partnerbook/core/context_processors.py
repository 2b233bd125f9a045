"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from partnerbook.accounts.policy import can
from partnerbook.core import registry


def navigation(request: HttpRequest) -> dict[str, Any]:
    """What the navigation bar may offer the signed-in user."""
    user = getattr(request, "user", None)
    return {
        "nav": {
            "internal": bool(user and getattr(user, "is_internal", False)),
            "can_create_supplier": can(user, "supplier.create"),
            "can_import": can(user, "supplier.import"),
            "can_manage_categories": can(user, "category.manage"),
            "is_admin": bool(user and getattr(user, "role", None) == "admin"),
            "items": [
                {
                    "label": item.label,
                    "url_name": item.url_name,
                    "app": item.url_name.split(":")[0],
                    "badge": item.badge(user) if item.badge else None,
                }
                for item in registry.nav_items()
                if can(user, item.action)
            ],
        }
    }
