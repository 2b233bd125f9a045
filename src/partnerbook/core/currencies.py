"""ISO 4217 currency codes (from pycountry's copy of the standard, shipped with the package)."""

from __future__ import annotations

import pycountry
from django.core.exceptions import ValidationError

CODES: tuple[str, ...] = tuple(sorted(currency.alpha_3 for currency in pycountry.currencies))
NAMES: dict[str, str] = {currency.alpha_3: currency.name for currency in pycountry.currencies}
_KNOWN = frozenset(CODES)
MESSAGE = "Use a three-letter ISO 4217 currency code, e.g. EUR."


def is_currency(code: object) -> bool:
    """True for an ISO 4217 code in capitals, e.g. EUR."""
    return isinstance(code, str) and code in _KNOWN


def validate_currency(code: object) -> None:
    """Model and form validator."""
    if not is_currency(code):
        raise ValidationError(MESSAGE, code="currency")
