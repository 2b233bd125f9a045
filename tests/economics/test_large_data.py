"""The economics pages and their API issue a fixed number of queries on a large portfolio:
10,000 suppliers, 1,000,000 spend lines, and interactions, time logs and benefits for a
share of the suppliers."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from partnerbook.accounts.models import Role
from partnerbook.economics import services
from partnerbook.economics.models import Benefit, TimeLog
from partnerbook.relationship.models import Interaction
from partnerbook.suppliers.models import Category, Supplier
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.large_data import NAME_PREFIX, build_spend_portfolio, settle_deferred_constraints

MAX_QUERIES = 30


@pytest.fixture(scope="module")
def portfolio(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        build_spend_portfolio()
        ids = list(
            Supplier.objects.filter(name__startswith=NAME_PREFIX)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        today = timezone.localdate()
        channels = ("call", "meeting", "email", "site_visit")
        Interaction.objects.bulk_create(
            (
                Interaction(
                    supplier_id=pk,
                    occurred_on=today - dt.timedelta(days=i * 30 + 1),
                    channel=channels[(pk + i) % 4],
                    initiated_by="ours",
                )
                for pk in ids[::5]
                for i in range(4)
            ),
            batch_size=2000,
        )
        TimeLog.objects.bulk_create(
            (
                TimeLog(
                    supplier_id=pk,
                    day=today - dt.timedelta(days=3),
                    hours=Decimal("2.5"),
                    activity="joint_project",
                )
                for pk in ids[::7]
            ),
            batch_size=2000,
        )
        Benefit.objects.bulk_create(
            (
                Benefit(
                    supplier_id=pk,
                    kind="rework_avoided",
                    amount=Decimal("400.00"),
                    currency="EUR",
                    realised_on=today - dt.timedelta(days=9),
                )
                for pk in ids[::11]
            ),
            batch_size=2000,
        )
        settle_deferred_constraints()
        yield ids
        transaction.set_rollback(True)


@pytest.fixture
def viewer_client(db):
    return client_for(UserFactory(username="large-viewer", role=Role.VIEWER))


def test_the_portfolio_page_is_bounded(portfolio, viewer_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(MAX_QUERIES):
        response = viewer_client.get(reverse("economics:portfolio"), {"sort": "-roi", "page": 3})

    assert response.status_code == 200
    assert "Large supplier" in response.content.decode()


def test_the_portfolio_api_is_bounded(portfolio, viewer_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(MAX_QUERIES):
        response = viewer_client.get("/api/v1/economics/roi", {"limit": 500, "sort": "hours"})

    body = response.json()
    assert body["count"] >= 2000
    assert len(body["items"]) == 500


def test_roi_summaries_for_every_supplier_is_bounded(portfolio, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        found = services.roi_summaries(portfolio)

    assert len(found) == len(portfolio)
    assert found[portfolio[0]].hours > 0
    assert found[portfolio[1]].roi is None


def test_the_tco_of_a_large_category_is_bounded(
    portfolio, viewer_client, django_assert_max_num_queries
):
    category = Category.objects.filter(name__startswith=NAME_PREFIX).order_by("pk").first()
    with django_assert_max_num_queries(MAX_QUERIES):
        response = viewer_client.get(reverse("economics:tco"), {"category": category.pk})

    assert response.status_code == 200
    assert response.content.decode().count('id="tco-') >= 150
