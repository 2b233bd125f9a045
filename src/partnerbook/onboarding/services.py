"""Reads and writes of onboarding plans and expansion opportunities."""

from __future__ import annotations

from typing import Any

from partnerbook.accounts.models import User
from partnerbook.suppliers.models import Supplier


def supplier_onboarding(user: User, supplier: Supplier) -> dict[str, Any]:
    """What `onboarding/_supplier_onboarding.html` shows on the supplier's Playbook tab."""
    return {}
