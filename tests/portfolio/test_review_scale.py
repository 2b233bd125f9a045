"""The review page, its report, export and API detail stay bounded with a few hundred
suppliers in scope; starting such a round does too."""

from __future__ import annotations

import pytest

from partnerbook.portfolio import services
from partnerbook.portfolio.models import ReviewDecision
from partnerbook.segmentation.models import SegmentationProfile

from ..factories import bulk_suppliers

PAGE_QUERIES = 12


@pytest.fixture
def big_round(manager, buyer):
    suppliers = bulk_suppliers(300, owner=buyer)
    SegmentationProfile.objects.bulk_create(
        SegmentationProfile(
            supplier=s, criticality=(i % 5) + 1, complexity=(i * 3 % 5) + 1,
            innovation=(i * 7 % 5) + 1, financial_health=(i * 11 % 5) + 1,
            chosen_model=["", "partnership", "transactional"][i % 3],
        )
        for i, s in enumerate(suppliers)
    )  # fmt: skip
    return services.start_round(manager, {"title": "Big", "scope_kind": "all"})


@pytest.mark.django_db
def test_the_review_page_and_its_report_stay_bounded_with_hundreds_of_suppliers(
    login, manager, big_round, django_assert_max_num_queries
):
    rows = list(big_round.decisions.all()[:40])
    for row in rows:
        services.decide(manager, big_round, row.supplier_id, row.suggestion, "As suggested")
    total = big_round.decisions.count()
    assert total > 200
    client = login(manager)
    for url in (f"/portfolio/review/{big_round.pk}/", f"/portfolio/review/{big_round.pk}/report",
                f"/portfolio/review/{big_round.pk}/export.xlsx",
                f"/api/v1/portfolio/reviews/{big_round.pk}", "/portfolio/review/",
                "/api/v1/portfolio/reviews"):  # fmt: skip
        with django_assert_max_num_queries(PAGE_QUERIES):
            response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(f"/portfolio/review/{big_round.pk}/")
    assert f"40 of {total} decided".encode() in page.content
    row = big_round.decisions.filter(decision="").first()
    with django_assert_max_num_queries(PAGE_QUERIES + 12):
        saved = client.post(
            f"/portfolio/review/{big_round.pk}/suppliers/{row.supplier_id}/decide",
            {"decision": "maintain", "reason": "Fine"}, HTTP_HX_REQUEST="true",
        )  # fmt: skip
    assert saved.status_code == 200


@pytest.mark.django_db
def test_starting_a_round_takes_a_fixed_number_of_queries_per_batch(
    manager, buyer, django_assert_max_num_queries
):
    bulk_suppliers(300, owner=buyer)
    with django_assert_max_num_queries(60):
        services.start_round(manager, {"title": "Bounded", "scope_kind": "all"})
    assert ReviewDecision.objects.count() > 200
