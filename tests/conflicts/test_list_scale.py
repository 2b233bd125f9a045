"""The issue list stays a handful of queries with ten thousand issues on file."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from partnerbook.conflicts.models import SupplierIssue

pytestmark = pytest.mark.django_db

COUNT = 10_000


@pytest.fixture
def many_issues(supplier_a, supplier_b, buyer):
    # Test data for scale: rows built directly, in bulk, rather than through the service.
    now = timezone.now()
    rows = []
    for n in range(COUNT):
        raised = now - dt.timedelta(hours=n)
        resolved = n % 3 == 0
        rows.append(SupplierIssue(
            supplier=supplier_a if n % 2 else supplier_b, title=f"Issue {n:05d}",
            category=("quality", "delivery", "invoicing")[n % 3],
            severity=("minor", "major", "critical")[n % 3], safety_impact=n % 7 == 0,
            raised_by=buyer, raised_at=raised, level=1 + n % 3, level_since=raised,
            status="resolved" if resolved else "open",
            resolved_at=raised + dt.timedelta(days=2) if resolved else None,
            resolved_level=1 + n % 3 if resolved else None,
        ))  # fmt: skip
    SupplierIssue.objects.bulk_create(rows, batch_size=2000)


def test_the_list_of_ten_thousand_issues_takes_a_bounded_number_of_queries(
    login, viewer, many_issues, django_assert_max_num_queries
):
    client = login(viewer)
    for params in ({}, {"page": "150"}, {"status": "open", "severity": "major", "q": "Issue 0"}):
        with django_assert_max_num_queries(10):
            response = client.get(reverse("conflicts:list"), params)
        assert response.status_code == 200
    html = response.content.decode()
    assert "Issue 00001" in html and "Issue 00000" not in html
    first = client.get(reverse("conflicts:list")).content.decode()
    assert f"{COUNT:,} issues".replace(",", "") in first.replace(",", "")
    assert first.count('<tr id="issue-') == 50
