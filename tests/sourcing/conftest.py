"""A sourcing project in the Packaging category, started through the service."""

from __future__ import annotations

import datetime as dt

import pytest

from partnerbook.sourcing import services


@pytest.fixture
def project(buyer, category):
    return services.create_project(
        buyer,
        {"title": "Second source for boxes", "category": category, "owner": buyer,
         "target_date": dt.date(2027, 3, 1), "need": "Cut single-source risk."},
    )  # fmt: skip


def weighted(pillar, name, weight, description=""):
    return {"pillar": pillar, "name": name, "must_have": False, "weight": weight,
            "description": description}  # fmt: skip


def must(pillar, name):
    return {"pillar": pillar, "name": name, "must_have": True, "weight": None}


@pytest.fixture
def scored_project(project, buyer):
    """The project with one must-have and two weighted criteria."""
    services.add_criterion(buyer, project, must("capabilities", "Certifications"))
    services.add_criterion(buyer, project, weighted("capabilities", "Capacity", 30))
    services.add_criterion(buyer, project, weighted("values", "Cultural fit", 10))
    return project


@pytest.fixture
def candidate(scored_project, buyer, supplier_b):
    return services.add_candidate(
        buyer, scored_project, {"supplier": supplier_b, "source": "referral"}
    )
