"""The concentration page and its API on 10,000 suppliers and 1,000,000 spend lines: a
bounded number of queries (aggregates run in the database). One load for the module."""

from __future__ import annotations

import pytest
from django.db import transaction

from partnerbook.accounts.models import Role
from partnerbook.risk.models import SpendLine
from partnerbook.suppliers.models import Category
from tests.api import API, token_client
from tests.factories import UserFactory
from tests.large_data import build_spend_portfolio, settle_deferred_constraints

MAX_QUERIES = 15


@pytest.fixture(scope="module")
def portfolio(django_db_setup, django_db_blocker):
    """10,000 suppliers and 1,000,000 spend lines, rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        build_spend_portfolio()
        settle_deferred_constraints()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def reader(portfolio, db):
    return UserFactory(username="reader", role=Role.VIEWER)


def test_the_portfolio_is_as_large_as_promised(reader):
    assert SpendLine.objects.count() == 1_000_000


def test_the_concentration_page_stays_within_a_fixed_number_of_queries(
    reader, login, django_assert_max_num_queries
):
    client = login(reader)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get("/risk/?months=24")
    assert response.status_code == 200
    assert "Large category 000" in response.content.decode()


def test_a_categorys_page_stays_within_a_fixed_number_of_queries(
    reader, login, django_assert_max_num_queries
):
    category = Category.objects.get(name="Large category 007")
    client = login(reader)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(f"/risk/category/{category.pk}/")
    assert response.status_code == 200


def test_the_concentration_api_stays_within_a_fixed_number_of_queries(
    reader, django_assert_max_num_queries
):
    client = token_client(reader)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(f"{API}/risk/concentration")
    body = response.json()
    assert response.status_code == 200 and len(body["categories"]) == 50
    assert all(len(c["trend"]) == 8 for c in body["categories"])
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(f"{API}/risk/spend-lines?limit=200").status_code == 200


def test_a_suppliers_risk_tab_stays_within_a_fixed_number_of_queries(
    reader, login, django_assert_max_num_queries
):
    """The tab sums its supplier's categories in the database and lists the backup
    candidates from (pk, name) rows: no query per supplier, share or option."""
    supplier = Category.objects.get(name="Large category 007").suppliers.order_by("pk")[0]
    client = login(reader)
    with django_assert_max_num_queries(30):
        response = client.get(f"/risk/supplier/{supplier.pk}/")
    assert response.status_code == 200
    assert "% of the category" in response.content.decode()
