"""List endpoints run a fixed number of queries however many records exist."""

from __future__ import annotations

from partnerbook.suppliers.models import Category, Contact

from ..factories import bulk_suppliers
from . import API, token_client

# Today 6: token lookup, token last-used update, category tree, count, page, tags prefetch.
MAX_QUERIES = 8


def test_supplier_list_queries_stay_bounded_with_5000_suppliers(
    manager, buyer, django_assert_max_num_queries
):
    bulk_suppliers(5000, owner=buyer)
    client = token_client(manager)
    category = Category.objects.get(name="Bulk category 0")

    with django_assert_max_num_queries(MAX_QUERIES):
        full_page = client.get(f"{API}/suppliers?limit=200&archived=all")
    with django_assert_max_num_queries(MAX_QUERIES):
        filtered = client.get(
            f"{API}/suppliers?limit=200&status=active&tag=bulk&category={category.pk}"
            f"&owner={buyer.pk}&q=bulk&sort=-annual_spend"
        )

    assert full_page.status_code == 200
    assert full_page.json()["count"] == 5000
    assert len(full_page.json()["items"]) == 200
    assert all(item["relationship_owner"]["id"] == buyer.pk for item in full_page.json()["items"])
    body = filtered.json()
    assert 0 < len(body["items"]) <= body["count"] < 5000
    assert all(
        item["status"] == "active"
        and "bulk" in item["tags"]
        and item["category"]["id"] == category.pk
        for item in body["items"]
    )


def test_contact_list_queries_stay_bounded(manager, django_assert_max_num_queries):
    suppliers = bulk_suppliers(300)
    Contact.objects.bulk_create(
        Contact(supplier=supplier, side=side, name=f"{side} {supplier.name}")
        for supplier in suppliers
        for side in ("ours", "supplier")
    )
    client = token_client(manager)

    with django_assert_max_num_queries(MAX_QUERIES):
        everyone = client.get(f"{API}/contacts?limit=200")
    with django_assert_max_num_queries(MAX_QUERIES):
        theirs = client.get(f"{API}/contacts?limit=200&side=supplier&supplier={suppliers[7].pk}")

    assert everyone.json()["count"] == 600
    assert len(everyone.json()["items"]) == 200
    assert [c["name"] for c in theirs.json()["items"]] == [f"supplier {suppliers[7].name}"]
