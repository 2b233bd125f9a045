"""Template filters of the Performance tab."""

from __future__ import annotations

from typing import Any

from django import template

from partnerbook.performance import domain

register = template.Library()

ARROWS = {"better": "▲ better", "worse": "▼ worse", "same": "▶ same"}


@register.filter
def kpi_value(value: float | None, unit: str) -> str:
    """A KPI figure with its unit, or "no data"."""
    return domain.format_value(value, unit)


@register.filter
def trend_arrow(trend: str | None) -> str:
    return ARROWS.get(trend or "", "")


@register.filter
def one_decimal(value: float | None) -> str:
    return "no data" if value is None else domain.format_value(value, "")


STANDING_LIGHTS = {"excellent": "green", "good": "green", "watch": "yellow", "poor": "red"}


@register.filter
def standing_light(standing: str | None) -> str:
    """The traffic-light colour of a standing band, for pages without the app's stylesheet."""
    return STANDING_LIGHTS.get(standing or "", "")


@register.filter
def baseline_for(baselines: dict[str, Any], key: str) -> Any:
    """The KPI's baseline record (None: not measured yet)."""
    return baselines.get(key)
