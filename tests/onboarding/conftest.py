"""Fixtures of onboarding tests: supplier contacts, a started plan, a mature relationship."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from partnerbook.onboarding import services
from partnerbook.segmentation import services as segmentation
from partnerbook.suppliers import services as supplier_services


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


@pytest.fixture
def their_contacts(manager, supplier_a):
    """Supplier A's own people: a quality engineer and (the main contact) its account
    manager; and one of ours."""
    quality = supplier_services.create_contact(
        manager, supplier_a,
        {"side": "supplier", "name": "Anna Quality", "function": "quality",
         "email": "anna@alpha.example"},
    )  # fmt: skip
    sales = supplier_services.create_contact(
        manager, supplier_a,
        {"side": "supplier", "name": "Zoe Sales", "function": "sales",
         "email": "zoe@alpha.example"},
    )  # fmt: skip
    supplier_services.create_contact(manager, supplier_a, {"side": "ours", "name": "Our Olga"})
    return {"quality": quality, "sales": sales}


@pytest.fixture
def plan(buyer, supplier_a, their_contacts):
    return services.create_plan(
        buyer, supplier_a, {"point_of_contact": buyer, "starts_on": days(-10)}
    )


def move_to(manager, supplier, *stages):
    for stage in stages:
        segmentation.record_maturity_move(manager, supplier, stage, f"Evidence for {stage}.")
