"""Fixtures of the portfolio review tests: a few segmented suppliers, built through the
services."""

from __future__ import annotations

import pytest

from partnerbook.portfolio import services
from partnerbook.segmentation import services as segmentation
from partnerbook.suppliers import services as supplier_services

STRATEGIC = {
    "criticality": 5, "complexity": 5, "innovation": 5, "integration": 4,
    "financial_health": 5, "single_source": False, "market_difficulty": 1,
}  # fmt: skip
AVOID = {
    "criticality": 1, "complexity": 1, "innovation": 1, "integration": 1,
    "financial_health": 1, "single_source": True, "market_difficulty": 5, "serious_incidents": 3,
}  # fmt: skip


@pytest.fixture
def segmented(manager, supplier_a, supplier_b):
    """Alpha: strategic partnership (buyer's); Beta: avoid, transactional (other buyer's)."""
    segmentation.update_factors(manager, supplier_a, STRATEGIC)
    segmentation.choose_engagement_model(manager, supplier_a, "partnership", "Key packaging")
    segmentation.update_factors(manager, supplier_b, AVOID)
    segmentation.choose_engagement_model(manager, supplier_b, "transactional")
    return supplier_a, supplier_b


@pytest.fixture
def review_round(manager, segmented):
    return services.start_round(manager, {"title": "Autumn review", "scope_kind": "all"})


@pytest.fixture
def third_supplier(manager, buyer, category):
    return supplier_services.create_supplier(
        manager,
        {"name": "Gamma Crates", "category": category, "status": "active",
         "relationship_owner": buyer, "external_id": "ERP-C"},
    )  # fmt: skip
