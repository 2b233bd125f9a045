"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext

from partnerbook.accounts.policy import can
from partnerbook.core import registry


def navigation(request: HttpRequest) -> dict[str, Any]:
    """What the navigation bar may offer the signed-in user: `entries` are links and menus
    (a menu has `children`) in the bar's order."""
    user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    here_app, here_name = (match.app_name, match.url_name) if match else ("", "")
    items = [item for item in registry.nav_items() if can(user, item.action)]
    apps = [item.url_name.split(":")[0] for item in items]

    def link(item: registry.NavItem, app: str) -> dict[str, Any]:
        # A supplier's tab lives in its app's namespace but belongs to the supplier page.
        current = here_app == app and here_name != "supplier"
        if current and apps.count(app) > 1:  # several links into one app: the exact page
            current = item.url_name.split(":")[1] == here_name
        return {
            "label": item.label,
            "url_name": item.url_name,
            "current": current,
            "in_app": here_app == app and here_name != "supplier",
            "badge": item.badge(user) if item.badge else None,
        }

    entries: list[dict[str, Any]] = []
    menus: dict[str, dict[str, Any]] = {}
    for item, app in zip(items, apps, strict=True):
        entry = link(item, app)
        if not item.group:
            entries.append(entry)
            continue
        if item.group not in menus:
            menus[item.group] = {"label": gettext(item.group), "children": [], "current": False}
            entries.append(menus[item.group])
        menu = menus[item.group]
        menu["children"].append(entry)
        menu["current"] = menu["current"] or entry["in_app"]
    return {
        "nav": {
            "internal": bool(user and getattr(user, "is_internal", False)),
            "can_create_supplier": can(user, "supplier.create"),
            "can_import": can(user, "supplier.import"),
            "can_manage_categories": can(user, "category.manage"),
            "is_admin": bool(user and getattr(user, "role", None) == "admin"),
            "entries": entries,
        }
    }
