"""Template tags for the pieces of the supplier pages that other apps register."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partnerbook.accounts.policy import can
from partnerbook.core import registry

register = template.Library()

# The supplier page's own tabs; apps add theirs through `core.registry.register_tab`.
OWN_TABS = (
    ("overview", _("Overview")),
    ("contacts", _("Contacts")),
    ("history", pgettext_lazy("supplier tab", "History")),
    ("timeline", _("Timeline")),
)


def contact_counts(supplier: Any) -> dict[str, int]:
    """People on each side, and archived ones, in one query."""
    return supplier.contacts.aggregate(
        ours=Count("pk", filter=Q(side="ours", archived=False)),
        theirs=Count("pk", filter=Q(side="supplier", archived=False)),
        archived=Count("pk", filter=Q(archived=True)),
    )


@register.inclusion_tag("suppliers/_tabs.html", takes_context=True)
def supplier_tabs(context: Any, supplier: Any, current: str) -> dict[str, Any]:
    """The supplier page's tab bar: its own tabs, then every registered tab the user may see."""
    user = context["request"].user
    counts = context.get("contact_counts") or contact_counts(supplier)
    links = []
    for key, label in OWN_TABS:
        url = (
            reverse("suppliers:detail", args=[supplier.pk])
            if key == "overview"
            else reverse("suppliers:detail_tab", args=[supplier.pk, key])
        )
        if key == "contacts":
            label = f"{label} ({counts['ours'] + counts['theirs']})"  # type: ignore[assignment]
        links.append({"key": key, "label": label, "url": url})
    for tab in registry.tabs():
        if can(user, tab.action, supplier):
            links.append(
                {
                    "key": tab.key,
                    "label": tab.label,
                    "url": reverse(tab.url_name, args=[supplier.pk]),
                }
            )
    return {"links": links, "current": current}


@register.simple_tag
def column_value(values: dict[str, dict[int, Any]], key: str, supplier: Any) -> Any:
    """The value a registered list column filled in for this supplier."""
    return values.get(key, {}).get(supplier.pk)
