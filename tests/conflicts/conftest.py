"""Fixtures of supplier issues: a minor quality issue of supplier A raised by our buyer."""

from __future__ import annotations

import pytest

from partnerbook.conflicts import services


@pytest.fixture
def issue(buyer, supplier_a):
    return services.raise_issue(
        buyer, supplier_a,
        {"title": "Scuffed outer cartons", "category": "quality", "severity": "minor",
         "description": "Cosmetic scuffs on the outer cartons of lot 4411."},
    )  # fmt: skip
