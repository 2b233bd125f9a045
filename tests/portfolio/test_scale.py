"""Page, matrix endpoint and exports run a fixed number of queries with 5,000 and 10,000
suppliers."""

from __future__ import annotations

import pytest

from partnerbook.segmentation.models import SegmentationProfile
from partnerbook.suppliers.models import Category

from ..factories import bulk_suppliers

# Today: session, user, categories, owners (page only), category tree (when filtered),
# settings, spend total, suppliers with profiles.
MAX_QUERIES = 10
# The page also shows other apps' guidance: the decision checklist of the active suppliers
# reads each item's owning feature once (a fixed cost, whatever the number of suppliers).
PAGE_QUERIES = MAX_QUERIES + 16


def _portfolio_of(count, owner):
    suppliers = bulk_suppliers(count, owner=owner)
    SegmentationProfile.objects.bulk_create(
        SegmentationProfile(
            supplier=s,
            criticality=(i % 5) + 1, complexity=(i * 3 % 5) + 1, innovation=(i * 7 % 5) + 1,
            integration=(i * 2 % 5) + 1, financial_health=(i * 11 % 5) + 1,
            single_source=i % 4 == 0, market_difficulty=(i * 13 % 5) + 1,
            serious_incidents=i % 3, commodity=i % 6 == 0,
            chosen_model=["", "partnership", "transactional"][i % 3],
            quadrant_override="avoid" if i % 50 == 1 else "",
            override_reason="Sanctions screening" if i % 50 == 1 else "",
            our_expectation="transactional" if i % 9 == 0 else "",
            supplier_expectation="strategic" if i % 9 == 0 else "",
        )
        for i, s in enumerate(suppliers)
        if i % 5
    )  # fmt: skip
    return [s for s in suppliers if s.status != "exited"]


@pytest.fixture
def big_portfolio(buyer):
    """5,000 suppliers; every fifth has no factors, a few have overrides and chosen models."""
    return _portfolio_of(5000, buyer)


def test_page_endpoint_and_exports_stay_bounded_with_5000_suppliers(
    login, viewer, buyer, big_portfolio, django_assert_max_num_queries
):
    client = login(viewer)
    category = Category.objects.get(name="Bulk category 0")
    filtered = f"?category={category.pk}&owner={buyer.pk}"

    for query in ("", filtered, "?sort=-risk&page=3"):
        with django_assert_max_num_queries(PAGE_QUERIES):
            page = client.get(f"/portfolio/{query}")
        assert page.status_code == 200
    for query in ("", filtered):
        with django_assert_max_num_queries(MAX_QUERIES):
            matrix = client.get(f"/api/v1/portfolio/matrix{query}")
        assert matrix.status_code == 200
    for fmt in ("csv", "xlsx"):
        with django_assert_max_num_queries(MAX_QUERIES):
            exported = client.get(f"/portfolio/export.{fmt}{filtered}")
        assert exported.status_code == 200

    body = client.get("/api/v1/portfolio/matrix").json()
    assert len(body["suppliers"]) + len(body["unplaced"]) == len(big_portfolio)
    assert sum(q["count"] for q in body["quadrants"]) == len(body["suppliers"])
    assert {g["code"] for g in body["guidance"]} >= {"model_mismatch", "expectation_gaps"}
    assert any(s["overridden"] for s in body["suppliers"])


def test_the_same_queries_with_10000_suppliers(login, viewer, buyer, django_assert_max_num_queries):
    current = _portfolio_of(10_000, buyer)
    client = login(viewer)
    # The scorecard's checklist item reads KPI definitions per chunk of active suppliers
    # (performance's own bound): one more chunk at this size.
    with django_assert_max_num_queries(PAGE_QUERIES + 1):
        assert client.get("/portfolio/?sort=-value&page=7").status_code == 200
    with django_assert_max_num_queries(MAX_QUERIES):
        body = client.get("/api/v1/portfolio/matrix").json()
    assert len(body["suppliers"]) + len(body["unplaced"]) == len(current)
