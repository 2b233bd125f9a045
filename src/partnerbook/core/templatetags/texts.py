"""`{{ value|translated }}`: a sentence built by pure code, in the reader's language."""

from __future__ import annotations

from typing import Any

from django import template

from partnerbook.core.texts import render

register = template.Library()


@register.filter
def translated(value: Any) -> str:
    return render(value)
