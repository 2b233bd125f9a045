"""The risk pages: what they show, who may read and write them, and bad input."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from partnerbook.risk import services
from partnerbook.risk.models import Backup, FinancialRating, SpendLine, TransitionPlan
from partnerbook.suppliers import services as supplier_services

pytestmark = pytest.mark.django_db

PAGES = ["/risk/", "/risk/backups/", "/risk/financial/", "/risk/power/", "/risk/settings/"]


@pytest.fixture
def concentrated(manager, supplier_a, supplier_b, record_spend):
    """Alpha holds 80 % of Packaging: above the cap, critical, no backup."""
    supplier_services.update_supplier(manager, supplier_b, {"annual_spend": Decimal("60000")})
    record_spend(manager, supplier_a, "20000")
    services.check_all()
    return supplier_a


def test_the_concentration_page_shows_hhi_band_top_supplier_and_breach(
    login, viewer, concentrated, category
):
    response = login(viewer).get("/risk/")
    body = response.content.decode()

    assert response.status_code == 200
    assert "Packaging" in body and "6,800" in body and "Highly concentrated" in body
    assert "Alpha Packaging 80.0 %" in body
    assert "risk-trend-data" in body and "Horizontal Merger Guidelines" in body
    assert "replace the annual spend figure" in body


def test_the_window_field_shows_the_month_the_figures_end_with(login, viewer, concentrated):
    last = SpendLine.objects.latest("period").period
    body = login(viewer).get("/risk/").content.decode()
    assert f'name="end" value="{last:%Y-%m}"' in body
    # Asked for another window, the field keeps what was asked.
    body = login(viewer).get("/risk/?end=2024-03&months=24").content.decode()
    assert 'name="end" value="2024-03"' in body


def test_the_window_can_be_24_months_and_bad_input_is_reported(login, viewer, concentrated):
    client = login(viewer)
    assert client.get("/risk/?months=24").status_code == 200
    response = client.get("/risk/?months=7&end=yesterday")
    assert response.status_code == 400
    assert "error-months" in response.content.decode()


def test_the_category_page_lists_the_suppliers_with_their_shares(
    login, viewer, concentrated, category
):
    body = login(viewer).get(f"/risk/category/{category.pk}/").content.decode()

    assert "Beta Boxes" in body and "20.0 %" in body and "above the 30 % cap" in body


def test_the_reserve_list_shows_critical_supply_without_a_backup(login, viewer, concentrated):
    body = login(viewer).get("/risk/backups/").content.decode()

    assert "Alpha Packaging" in body and "No qualified backup" in body
    assert "above the cap of its category: 80.0 %" in body


@pytest.mark.parametrize("page", PAGES)
def test_every_risk_page_is_refused_to_portal_users(login, portal_user_a, page):
    assert login(portal_user_a).get(page).status_code == 403


def test_the_risk_tab_shows_each_part(login, viewer, concentrated):
    response = login(viewer).get(f"/risk/supplier/{concentrated.pk}/")
    body = response.content.decode()

    assert response.status_code == 200
    for text in ("Spend and concentration", "No backup on the reserve list", "No plan",
                 "No financial rating yet", "Unknown"):  # fmt: skip
        assert text in body
    assert "Record a month" not in body  # a viewer cannot write


def test_a_buyer_records_spend_for_their_own_supplier_only(login, buyer, supplier_a, supplier_b):
    client = login(buyer)
    month = timezone.localdate().strftime("%Y-%m")
    ok = client.post(
        f"/risk/supplier/{supplier_a.pk}/spend/",
        {"period": month, "amount": "1200.50", "currency": "EUR"},
    )
    refused = client.post(
        f"/risk/supplier/{supplier_b.pk}/spend/",
        {"period": month, "amount": "5", "currency": "EUR"},
    )

    assert ok.status_code == 302 and refused.status_code == 403
    assert SpendLine.objects.get().supplier == supplier_a


def test_bad_spend_input_is_shown_beside_the_field(login, buyer, supplier_a):
    response = login(buyer).post(
        f"/risk/supplier/{supplier_a.pk}/spend/",
        {"period": "someday", "amount": "lots", "currency": "EUR"},
    )

    assert response.status_code == 400
    body = response.content.decode()
    assert "error-period" in body and "error-amount" in body
    assert not SpendLine.objects.exists()


def test_a_viewer_cannot_write_anything_on_the_tab(login, viewer, supplier_a, supplier_b):
    client = login(viewer)
    base = f"/risk/supplier/{supplier_a.pk}"
    for path, data in (
        ("spend/", {"period": "2026-01", "amount": "1", "currency": "EUR"}),
        ("backups/", {"backup_supplier": supplier_b.pk, "status": "proposed"}),
        ("plan/", {"review_interval_days": 180}),
        ("ratings/", {"rated_on": "2026-01-01", "score": "50", "provider": "P"}),
        ("revenue/", {"annual_revenue": "1000", "currency": "EUR"}),
        ("ratings/use/", {}),
    ):
        assert client.post(f"{base}/{path}", data).status_code == 403, path
    assert not Backup.objects.exists() and not FinancialRating.objects.exists()


def test_adding_and_qualifying_a_backup_from_the_tab(login, manager, concentrated, supplier_b):
    client = login(manager)
    response = client.post(
        f"/risk/supplier/{concentrated.pk}/backups/",
        {"backup_supplier": supplier_b.pk, "status": "proposed"},
    )
    backup = Backup.objects.get()
    assert response.status_code == 302

    client.post(
        f"/risk/backups/{backup.pk}/",
        {f"b{backup.pk}-status": "qualified", f"b{backup.pk}-evidence": "Line trial passed",
         f"b{backup.pk}-version": backup.version},
    )  # fmt: skip
    backup.refresh_from_db()
    assert backup.status == "qualified"
    body = client.get("/risk/backups/").content.decode()
    assert "A qualified backup is on the reserve list" not in body or "Qualified" in body


def test_a_qualified_backup_without_evidence_is_refused_on_the_form(
    login, manager, supplier_a, supplier_b
):
    response = login(manager).post(
        f"/risk/supplier/{supplier_a.pk}/backups/",
        {"backup_supplier": supplier_b.pk, "status": "qualified"},
    )

    assert response.status_code == 400
    assert "error-evidence" in response.content.decode()


def test_the_plan_is_written_then_reviewed(login, buyer, supplier_a):
    client = login(buyer)
    client.post(
        f"/risk/supplier/{supplier_a.pk}/plan/",
        {"knowledge_transfer": "Drawings", "review_interval_days": 90},
    )
    client.post(f"/risk/supplier/{supplier_a.pk}/plan/reviewed/")

    plan = TransitionPlan.objects.get()
    assert plan.review_interval_days == 90 and plan.last_reviewed_on == timezone.localdate()


def test_a_rating_is_entered_and_used_as_the_factor_on_request(login, buyer, supplier_a):
    client = login(buyer)
    client.post(
        f"/risk/supplier/{supplier_a.pk}/ratings/",
        {"rated_on": timezone.localdate().isoformat(), "score": "85", "provider": "Scope"},
    )
    body = client.get(f"/risk/supplier/{supplier_a.pk}/").content.decode()
    assert "Use as financial-health factor (5)" in body

    client.post(f"/risk/supplier/{supplier_a.pk}/ratings/use/")
    supplier_a.refresh_from_db()
    assert supplier_a.segmentation.financial_health == 5


def test_a_small_customer_sees_the_suggestions(login, admin_user, buyer, supplier_a):
    services.update_settings(admin_user, {"our_annual_revenue": Decimal("50000000")})
    login(buyer).post(
        f"/risk/supplier/{supplier_a.pk}/revenue/",
        {"annual_revenue": "3000000000", "currency": "EUR"},
    )

    body = login(buyer).get(f"/risk/supplier/{supplier_a.pk}/").content.decode()
    assert "We are a small customer of a dominant supplier" in body
    assert "joint steering committee" in body
    assert "Alpha Packaging" in login(buyer).get("/risk/power/").content.decode()


def test_only_an_administrator_saves_the_settings(login, admin_user, manager):
    assert login(manager).post("/risk/settings/", {"category_cap": "40"}).status_code == 403
    response = login(admin_user).post(
        "/risk/settings/",
        {"category_cap": "25", "total_cap": "30", "rating_drop": "10", "rating_floor": "40",
         "our_revenue_currency": "EUR", "small_customer_share": "2",
         "dominant_size_ratio": "5", "dependence_share": "25", "plan_review_days": "180"},
    )  # fmt: skip
    assert response.status_code == 302
    assert services.get_settings().category_cap == Decimal("25")


def test_bad_settings_are_shown_beside_the_field(login, admin_user):
    response = login(admin_user).post("/risk/settings/", {"category_cap": "250"})

    assert response.status_code == 400
    assert "error-category_cap" in response.content.decode()


def test_exports_download_every_kind(login, viewer, concentrated):
    client = login(viewer)
    for kind in ("spend", "financial_ratings", "supplier_revenue", "backups",
                 "transition_plans", "concentration"):  # fmt: skip
        for fmt in ("csv", "xlsx"):
            response = client.get(f"/risk/export/{kind}.{fmt}")
            assert response.status_code == 200, (kind, fmt)
    assert client.get("/risk/export/nothing.csv").status_code == 404


def test_the_supplier_list_shows_the_category_share_with_the_cap_marker(
    login, viewer, concentrated
):
    body = login(viewer).get("/suppliers/").content.decode()

    assert "Category share" in body and "80.0 % ▲" in body
