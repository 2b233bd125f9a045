"""Template filters of the Performance tab."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import formats
from django.utils.translation import get_language, gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from partnerbook.performance import domain

register = template.Library()

ARROWS = {"better": _("▲ better"), "worse": _("▼ worse"), "same": _("▶ same")}

# Lights and standing bands are stored as these English words; pages show them translated.
WORDS = (
    gettext_noop("green"),
    gettext_noop("yellow"),
    gettext_noop("red"),
    gettext_noop("excellent"),
    gettext_noop("good"),
    gettext_noop("watch"),
    gettext_noop("poor"),
)


def _localized(value: float | None, unit: str) -> str:
    """`domain.format_value` in the active language: one decimal at most, grouped thousands,
    the language's decimal comma or point. English keeps the domain's text as it is."""
    if value is None:
        return gettext("no data")
    if (get_language() or "en").startswith("en"):
        return domain.format_value(value, unit)
    text = formats.number_format(round(value, 1), 1, use_l10n=True, force_grouping=True)
    zero = f"{formats.get_format('DECIMAL_SEPARATOR')}0"
    if text.endswith(zero):
        text = text[: -len(zero)]
    return f"{text} {unit}".strip()


@register.filter
def kpi_value(value: float | None, unit: str) -> str:
    """A KPI figure with its unit, or "no data"."""
    return _localized(value, unit)


@register.filter
def trend_arrow(trend: str | None) -> str:
    arrow = ARROWS.get(trend or "")
    return str(arrow) if arrow is not None else ""


@register.filter
def one_decimal(value: float | None) -> str:
    return _localized(value, "")


@register.filter
def word(value: Any) -> str:
    """A stored English word (a light, a standing band) in the active language."""
    return gettext(str(value)) if value else ""


STANDING_LIGHTS = {"excellent": "green", "good": "green", "watch": "yellow", "poor": "red"}


@register.filter
def standing_light(standing: str | None) -> str:
    """The traffic-light colour of a standing band, for pages without the app's stylesheet."""
    return STANDING_LIGHTS.get(standing or "", "")


@register.filter
def baseline_for(baselines: dict[str, Any], key: str) -> Any:
    """The KPI's baseline record (None: not measured yet)."""
    return baselines.get(key)
