"""Fixtures of the practices tests: contacts on both sides of supplier A, an NDA, factors."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from partnerbook.practices import services
from partnerbook.segmentation import services as segmentation_services
from partnerbook.suppliers import services as supplier_services


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


@pytest.fixture
def people(manager, supplier_a):
    """Supplier A's contacts: a director and an engineer on each side."""
    made = {}
    for side in ("ours", "supplier"):
        for level in ("executive", "operational"):
            made[side, level] = supplier_services.create_contact(
                manager, supplier_a, {"side": side, "name": f"{side} {level}", "level": level}
            )
    return made


@pytest.fixture
def safe_factors(manager, supplier_a):
    """Supplier A is no competitor and its IP sensitivity is moderate."""
    segmentation_services.update_factors(
        manager, supplier_a, {"supplier_is_competitor": False, "ip_sensitivity": 3}
    )


@pytest.fixture
def nda(buyer, supplier_a):
    return services.record_agreement(
        buyer,
        supplier_a,
        {"kind": "mutual_nda", "signed_on": days_ago(30), "expires_on": days_ago(-335),
         "reference": "NDA-2026-01"},
    )  # fmt: skip
