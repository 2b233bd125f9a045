"""The risk REST API: permissions, bad input naming the field, the happy paths, bounded
queries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from partnerbook.risk import services
from partnerbook.risk.models import Backup, FinancialRating, SpendLine
from partnerbook.suppliers import services as supplier_services
from tests.api import API, error_fields, token_client
from tests.factories import bulk_suppliers

pytestmark = pytest.mark.django_db
JSON = "application/json"
READS = [
    "/risk/spend-lines", "/risk/concentration", "/risk/critical", "/risk/backups",
    "/risk/financial-ratings", "/risk/power", "/risk/settings",
    "/suppliers/{s}/risk/transition-plan", "/suppliers/{s}/risk/financial",
    "/suppliers/{s}/risk/power",
]  # fmt: skip


def month() -> str:
    return timezone.localdate().replace(day=1).isoformat()


def test_anonymous_is_refused():
    assert Client().get(f"{API}/risk/concentration").status_code == 401


@pytest.mark.parametrize("path", READS)
def test_portal_user_reads_nothing(portal_user_a, supplier_a, path):
    response = token_client(portal_user_a).get(API + path.format(s=supplier_a.pk))
    assert response.status_code == 403


@pytest.mark.parametrize("path", READS)
def test_viewer_reads_everything(viewer, supplier_a, path):
    assert token_client(viewer).get(API + path.format(s=supplier_a.pk)).status_code == 200


def test_viewer_cannot_write(viewer, supplier_a, supplier_b):
    client = token_client(viewer)
    line = {"supplier_id": supplier_a.pk, "period": month(), "amount": "10.00"}
    assert client.post(f"{API}/risk/spend-lines", line, content_type=JSON).status_code == 403
    backup = {"supplier_id": supplier_a.pk, "backup_supplier_id": supplier_b.pk}
    assert client.post(f"{API}/risk/backups", backup, content_type=JSON).status_code == 403
    assert client.put(f"{API}/risk/settings", {}, content_type=JSON).status_code == 403
    assert not SpendLine.objects.exists() and not Backup.objects.exists()


def test_buyer_writes_for_their_own_supplier_only(buyer, supplier_a, supplier_b):
    client = token_client(buyer)
    mine = {"supplier_id": supplier_a.pk, "period": month(), "amount": "-120.50"}
    theirs = {**mine, "supplier_id": supplier_b.pk}

    created = client.post(f"{API}/risk/spend-lines", mine, content_type=JSON)
    assert created.status_code == 201 and created.json()["amount"] == "-120.50"
    assert client.post(f"{API}/risk/spend-lines", theirs, content_type=JSON).status_code == 403


def test_spend_lines_are_listed_with_filters_and_pages(manager, supplier_a, record_spend):
    record_spend(manager, supplier_a, "100", months=6)
    client = token_client(manager)

    page = client.get(f"{API}/risk/spend-lines?supplier={supplier_a.pk}&limit=4").json()
    assert page["count"] == 6 and len(page["items"]) == 4
    since = timezone.localdate().replace(day=1).isoformat()
    assert client.get(f"{API}/risk/spend-lines?period_from={since}").json()["count"] == 1


def test_a_spend_line_is_corrected_and_the_annual_spend_follows(manager, supplier_a):
    client = token_client(manager)
    line = client.post(
        f"{API}/risk/spend-lines",
        {"supplier_id": supplier_a.pk, "period": month(), "amount": 100},
        content_type=JSON,
    ).json()
    response = client.patch(
        f"{API}/risk/spend-lines/{line['id']}", {"amount": "250.00"}, content_type=JSON
    )

    assert response.status_code == 200
    supplier_a.refresh_from_db()
    assert supplier_a.annual_spend == Decimal("250.00")


def test_bad_spend_input_names_the_field(manager, supplier_a):
    client = token_client(manager)
    bad = client.post(
        f"{API}/risk/spend-lines",
        {"supplier_id": supplier_a.pk, "period": "soon", "amount": 12.5, "currency": "XXQ"},
        content_type=JSON,
    )
    assert bad.status_code == 422
    assert {"period", "amount", "currency"} <= error_fields(bad)

    future = client.post(
        f"{API}/risk/spend-lines",
        {"supplier_id": supplier_a.pk, "period": "2999-01-01", "amount": "1"},
        content_type=JSON,
    )
    assert future.status_code == 400 and error_fields(future) == {"period"}


def test_concentration_explains_every_category(manager, supplier_a, supplier_b, record_spend):
    supplier_services.update_supplier(manager, supplier_b, {"annual_spend": Decimal("60000")})
    record_spend(manager, supplier_a, "20000")
    response = token_client(manager).get(f"{API}/risk/concentration?months=12")
    body = response.json()
    assert response.status_code == 200, body

    [category] = body["categories"]
    assert category["hhi"] == "6800" and category["band"] == "high"
    assert category["top"]["share_of_category_percent"] == "80.0"
    assert [b["supplier"] for b in category["breaches"]] == ["Alpha Packaging"]
    assert len(category["trend"]) == 8 and "HHI" in category["explanation"]
    assert body["suppliers_from_annual_spend"] == 1

    shares = token_client(manager).get(
        f"{API}/risk/concentration/categories/{category['category_id']}"
    )
    assert [s["supplier"] for s in shares.json()["shares"]] == ["Alpha Packaging", "Beta Boxes"]


def test_a_window_other_than_12_or_24_months_is_refused(viewer):
    response = token_client(viewer).get(f"{API}/risk/concentration?months=6")
    assert response.status_code == 422 and error_fields(response) == {"months"}


def test_backups_plans_and_the_reserve_list(manager, supplier_a, supplier_b):
    from partnerbook.segmentation import services as segmentation

    segmentation.update_factors(manager, supplier_a, {"single_source": True})
    client = token_client(manager)
    created = client.post(
        f"{API}/risk/backups",
        {"supplier_id": supplier_a.pk, "backup_supplier_id": supplier_b.pk},
        content_type=JSON,
    )
    assert created.status_code == 201 and created.json()["playbook"]["vetted"] is False
    [item] = client.get(f"{API}/risk/critical").json()
    assert item["critical_because"][0] == "single-sourced" and not item["covered"]

    refused = client.patch(
        f"{API}/risk/backups/{created.json()['id']}", {"status": "qualified"}, content_type=JSON
    )
    assert refused.status_code == 400 and error_fields(refused) == {"evidence"}
    ok = client.patch(
        f"{API}/risk/backups/{created.json()['id']}",
        {"status": "qualified", "evidence": "Audit 2026-03", "version": 1},
        content_type=JSON,
    )
    assert ok.status_code == 200 and ok.json()["qualified_on"] is not None
    assert client.get(f"{API}/risk/critical").json()[0]["covered"] is True

    plan = client.put(
        f"{API}/suppliers/{supplier_a.pk}/risk/transition-plan",
        {"exit_steps": "Second source the housings", "review_interval_days": 90},
        content_type=JSON,
    )
    assert plan.status_code == 200 and plan.json()["state"]["state"] == "never_reviewed"
    reviewed = client.post(
        f"{API}/suppliers/{supplier_a.pk}/risk/transition-plan/reviewed", {}, content_type=JSON
    )
    assert reviewed.json()["state"]["state"] == "current"


def test_a_backup_needs_a_supplier_or_a_category(manager, supplier_b):
    response = token_client(manager).post(
        f"{API}/risk/backups", {"backup_supplier_id": supplier_b.pk}, content_type=JSON
    )
    assert response.status_code == 400 and "supplier" in error_fields(response)


def test_ratings_deteriorate_and_are_offered_as_the_factor(buyer, supplier_a):
    client = token_client(buyer)
    url = f"{API}/suppliers/{supplier_a.pk}/risk/financial-ratings"
    for rated_on, score in (("2026-01-10", 70), ("2026-06-10", "45.5")):
        response = client.post(
            url, {"rated_on": rated_on, "score": score, "provider": "Scope"}, content_type=JSON
        )
        assert response.status_code == 201
    body = client.get(f"{API}/suppliers/{supplier_a.pk}/risk/financial").json()
    assert body["suggested_factor"]["value"] == 3
    assert body["deteriorations"][0]["previous_score"] == "70.00"

    used = client.post(f"{API}/suppliers/{supplier_a.pk}/risk/financial/use-as-factor")
    assert used.json()["current_factor"] == 3


def test_a_bad_rating_names_the_field(buyer, supplier_a):
    response = token_client(buyer).post(
        f"{API}/suppliers/{supplier_a.pk}/risk/financial-ratings",
        {"rated_on": "2026-01-01", "score": 140, "provider": ""},
        content_type=JSON,
    )
    assert response.status_code == 422 and {"score", "provider"} <= error_fields(response)
    assert not FinancialRating.objects.exists()


def test_revenue_and_the_power_balance(admin_user, buyer, supplier_a):
    token_client(admin_user).put(
        f"{API}/risk/settings", {"our_annual_revenue": 40000000}, content_type=JSON
    )
    response = token_client(buyer).put(
        f"{API}/suppliers/{supplier_a.pk}/risk/revenue",
        {"annual_revenue": 5000000000, "currency": "EUR", "fiscal_year": 2025},
        content_type=JSON,
    )
    body = response.json()
    assert body["kind"] == "small_customer" and len(body["suggestions"]) == 4
    assert body["size_ratio"] == "125.00"


def test_only_an_administrator_changes_the_settings(admin_user, manager):
    assert (
        token_client(manager)
        .put(f"{API}/risk/settings", {"category_cap": 40}, content_type=JSON)
        .status_code
        == 403
    )
    response = token_client(admin_user).put(
        f"{API}/risk/settings", {"category_cap": "25.5", "version": 1}, content_type=JSON
    )
    assert response.status_code == 200 and response.json()["category_cap"] == "25.50"
    stale = token_client(admin_user).put(
        f"{API}/risk/settings", {"category_cap": 20, "version": 1}, content_type=JSON
    )
    assert stale.status_code == 409
    bad = token_client(admin_user).put(
        f"{API}/risk/settings", {"category_cap": 101, "our_revenue_currency": None},
        content_type=JSON,
    )  # fmt: skip
    assert bad.status_code == 422
    assert {"category_cap", "our_revenue_currency"} <= error_fields(bad)
    assert services.get_settings().category_cap == Decimal("25.50")


def test_concentration_reads_a_bounded_number_of_queries(
    manager, category, django_assert_max_num_queries, record_spend
):
    suppliers = bulk_suppliers(60)
    for supplier in suppliers[:20]:
        record_spend(manager, supplier, "100", months=3)
    client = token_client(manager)
    with django_assert_max_num_queries(12):
        assert client.get(f"{API}/risk/concentration").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(f"{API}/risk/spend-lines?limit=50").status_code == 200
