"""The referral pages, the figures and the supplier tab stay a handful of queries with
thousands of suppliers, referrals and wins on file (no per-row queries)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from partnerbook.recognition.models import Referral, Win
from partnerbook.sourcing.models import Candidate, SourcingProject
from partnerbook.suppliers.models import Supplier
from tests.factories import bulk_suppliers

pytestmark = pytest.mark.django_db

SUPPLIERS = 3000
REFERRALS = 3000


@pytest.fixture
def portfolio(manager, buyer, supplier_a):
    # Test data for scale: rows built directly, in bulk, rather than through the services.
    suppliers = bulk_suppliers(SUPPLIERS, owner=buyer)
    history = Supplier.history.model
    now = timezone.now()
    history.objects.bulk_create([
        history(id=s.pk, name=s.name, status=status, currency="EUR", archived=False,
                version=1, created_at=now, updated_at=now, history_type="~",
                history_date=now - dt.timedelta(days=days))
        for n, s in enumerate(suppliers)
        for status, days in (("active", 900 - n % 400), ("exited", 100))
        if n % 2 == 0
    ], batch_size=2000)  # fmt: skip
    today = timezone.localdate()
    Referral.objects.bulk_create([
        Referral(referring_supplier=suppliers[n % 50],
                 referred_supplier=suppliers[n] if n % 4 == 0 and n >= 50 else None,
                 company_name=f"Referred company {n:05d}",
                 received_on=today - dt.timedelta(n % 700),
                 status_changed_on=today, status=("received", "vetting", "declined")[n % 3])
        for n in range(REFERRALS)
    ], batch_size=2000)  # fmt: skip
    Win.objects.bulk_create([
        Win(supplier=supplier_a if n % 2 else suppliers[n], title=f"Win {n:05d}", story="s",
            happened_on=today - dt.timedelta(n % 300), recorded_by=buyer, published=n % 3 == 0)
        for n in range(REFERRALS)
    ], batch_size=2000)  # fmt: skip
    project = SourcingProject.objects.create(
        title="Scale", category=suppliers[0].category, owner=manager, target_date=today
    )
    Candidate.objects.bulk_create([
        Candidate(project=project, supplier=s, source=("referral", "search")[n % 2])
        for n, s in enumerate(suppliers[:1000])
    ])  # fmt: skip
    return suppliers


def test_the_pages_take_a_bounded_number_of_queries(
    login, manager, supplier_a, portfolio, django_assert_max_num_queries
):
    client = login(manager)
    pages = [
        (reverse("recognition:referrals"), {}),
        (reverse("recognition:referrals"), {"page": "40", "status": "vetting", "q": "company"}),
        (reverse("recognition:wins"), {"page": "20"}),
        (reverse("recognition:supplier", args=[supplier_a.pk]), {}),
        (reverse("recognition:supplier", args=[portfolio[1].pk]), {}),
        (reverse("recognition:stories", args=[supplier_a.pk]), {}),
        (reverse("recognition:referral_export"), {"format": "csv"}),
    ]
    for url, params in pages:
        with django_assert_max_num_queries(25):
            response = client.get(url, params)
        assert response.status_code == 200, url
    page = client.get(reverse("recognition:referrals")).content.decode()
    assert page.count('<tr id="referral-') == 50
    assert f"{REFERRALS} referrals" in page


def test_the_figures_count_thousands_in_a_few_queries(
    login, manager, portfolio, django_assert_max_num_queries
):
    from tests.api import API, token_client

    client = token_client(manager)
    with django_assert_max_num_queries(16):
        body = client.get(f"{API}/recognition/figures").json()
    pipeline = body["pipeline"]
    assert pipeline["total"] > 1000 and 0 < pipeline["by_referral"] < pipeline["total"]
    twelve = body["retention"]["horizons"][0]
    assert twelve["referred"]["eligible"] + twelve["others"]["eligible"] > 1000
