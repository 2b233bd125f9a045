"""Fixtures of the supplier's voice: a second portal user at supplier A, and the person whose
anonymity the anonymity tests guard."""

from __future__ import annotations

import pytest

from partnerbook.accounts.models import Role

from ..factories import UserFactory


@pytest.fixture
def colleague_a(supplier_a):
    """Another of supplier A's people on the portal."""
    return UserFactory(
        username="astridq", first_name="Astrid", last_name="Quell",
        role=Role.SUPPLIER_CONTACT, supplier=supplier_a, email="astrid.quell@alpha.example",
    )  # fmt: skip


@pytest.fixture
def whistle(supplier_a):
    """A portal user of supplier A whose name must never appear next to an anonymous concern."""
    return UserFactory(
        username="wzephyr", first_name="Wilhelmina", last_name="Zephyrine",
        role=Role.SUPPLIER_CONTACT, supplier=supplier_a, email="wilhelmina.z@alpha.example",
    )  # fmt: skip


@pytest.fixture
def voice_minimum(settings):
    """`voice_minimum(n)` sets PARTNERBOOK_ANONYMOUS_CONCERN_MINIMUM for the test."""

    def set_minimum(n: int) -> None:
        settings.PARTNERBOOK_ANONYMOUS_CONCERN_MINIMUM = n

    set_minimum(3)
    return set_minimum
