"""Shows the sentences pure code builds (`partnerbook.core.marks.Text`) in the reader's
language, with numbers formatted for it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import formats
from django.utils.translation import gettext, ngettext

from .marks import Text, fill


def render(value: Any) -> str:
    """A `Text` translated and filled; a number localized; anything else as `str()` shows it
    (a lazy translation comes out in the active language)."""
    if isinstance(value, Text):
        if value.plural:
            message = ngettext(value.message, value.plural, value.count or 0)
        else:
            message = gettext(value.message)
        return fill(message, value.params, render)
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return str(formats.localize(value, use_l10n=True))
    return str(value)
