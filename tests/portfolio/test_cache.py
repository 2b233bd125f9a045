"""The kept portfolio (segmentation.cache): used again while nothing changed, and a change
through any service, or made by another process, shows at once on the page and the chart
endpoint."""

from __future__ import annotations

import pytest
from django.db.models import F
from django.utils import timezone

from partnerbook.segmentation import cache
from partnerbook.segmentation import services as segmentation
from partnerbook.suppliers import services as supplier_services
from partnerbook.suppliers.models import Supplier

from .conftest import STRATEGIC

pytestmark = pytest.mark.django_db(transaction=True)  # requests outside a transaction keep it


def _matrix(client) -> dict:
    response = client.get("/api/v1/portfolio/matrix")
    assert response.status_code == 200
    return response.json()


def _row(body: dict, pk: int) -> dict:
    return next(r for r in body["suppliers"] + body["unplaced"] if r["id"] == pk)


def test_kept_while_unchanged_and_every_service_change_shows_at_once(
    login, viewer, manager, admin_user, segmented, django_assert_max_num_queries
):
    alpha, beta = segmented
    client = login(viewer)
    first = _matrix(client)
    computed = cache.computed["count"]
    # Session, user, the fingerprint (two queries): nothing scored again.
    with django_assert_max_num_queries(5):
        assert _matrix(client) == first
    assert client.get("/portfolio/?sort=name").status_code == 200
    assert cache.computed["count"] == computed
    assert _row(first, beta.pk)["quadrant"] == "avoid"

    segmentation.update_factors(manager, beta, STRATEGIC)
    assert _row(_matrix(client), beta.pk)["quadrant"] == "strategic"

    segmentation.override_quadrant(manager, beta, "opportunistic", "Owner is selling the firm")
    row = _row(_matrix(client), beta.pk)
    assert row["quadrant"] == "opportunistic" and row["overridden"]
    assert row["override_reason"] == "Owner is selling the firm"
    page = client.get("/portfolio/?sort=name")
    assert "Owner is selling the firm" in page.content.decode()

    segmentation.update_settings(admin_user, {"value_cutoff": 99.0})
    body = _matrix(client)
    assert body["cutoffs"]["value"] == 99.0
    assert _row(body, alpha.pk)["quadrant"] == "operational"  # value below 99 is low
    assert "cut-off 99" in _row(body, alpha.pk)["reason"]  # and it still says why

    supplier_services.update_supplier(
        manager, Supplier.objects.get(pk=alpha.pk), {"name": "Alpha Renamed", "annual_spend": 7}
    )
    row = _row(_matrix(client), alpha.pk)
    assert row["name"] == "Alpha Renamed" and row["spend"] == 7.0
    assert "Alpha Renamed" in client.get("/portfolio/?sort=name").content.decode()

    supplier_services.update_category(manager, alpha.category, {"name": "Crates"})
    assert _row(_matrix(client), alpha.pk)["category"]["name"] == "Crates"

    supplier_services.change_status(manager, Supplier.objects.get(pk=beta.pk), "exited", "Ended")
    ids = {r["id"] for r in _matrix(client)["suppliers"]}
    assert beta.pk not in ids and alpha.pk in ids


def test_a_change_made_by_another_process_shows_at_once(login, viewer, segmented):
    """No signal reaches this process: the data fingerprint still tells the change."""
    alpha, _ = segmented
    client = login(viewer)
    assert _row(_matrix(client), alpha.pk)["name"] == "Alpha Packaging"
    Supplier.objects.filter(pk=alpha.pk).update(
        name="Alpha Elsewhere", version=F("version") + 1, updated_at=timezone.now()
    )
    assert _row(_matrix(client), alpha.pk)["name"] == "Alpha Elsewhere"


def test_filters_cut_the_kept_portfolio_like_a_query_would(login, viewer, buyer, segmented):
    alpha, beta = segmented
    client = login(viewer)
    mine = client.get(f"/api/v1/portfolio/matrix?owner={buyer.pk}").json()
    assert [r["id"] for r in mine["suppliers"]] == [alpha.pk]
    assert sum(q["count"] for q in mine["quadrants"]) == 1
    nobody = client.get("/api/v1/portfolio/matrix?owner=0").json()
    assert nobody["suppliers"] == [] and nobody["unplaced"] == []
    category = client.get(f"/api/v1/portfolio/matrix?category={alpha.category_id}").json()
    assert {r["id"] for r in category["suppliers"]} == {alpha.pk, beta.pk}
