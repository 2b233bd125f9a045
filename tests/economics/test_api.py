import pytest

from partnerbook.economics import services

from .conftest import days_ago

pytestmark = pytest.mark.django_db
API = "/api/v1/economics"


def test_roi_per_supplier_explains_itself(login, viewer, calls, supplier_a):
    response = login(viewer).get(f"{API}/suppliers/{supplier_a.pk}/roi")

    assert response.status_code == 200
    body = response.json()
    assert body["hours"] == "3.50" or body["hours"] == "3.5"
    assert body["roi"] == "-1.0000"
    assert any("Calls: 4 calls" in line for line in body["explanation"])


def test_the_portfolio_roi_pages_and_totals(login, viewer, calls):
    body = login(viewer).get(f"{API}/roi", {"limit": 1, "sort": "-hours"}).json()

    assert body["count"] == 1
    assert body["total"]["roi_percent"] == "-100.0 %"


def test_bad_queries_name_the_field(login, viewer):
    response = login(viewer).get(f"{API}/roi", {"sort": "price"})

    assert response.status_code in (400, 422)
    assert "sort" in response.content.decode()


def test_portal_users_get_403(login, portal_user_a, supplier_a):
    client = login(portal_user_a)
    for url in (f"{API}/roi", f"{API}/suppliers/{supplier_a.pk}/roi", f"{API}/settings"):
        assert client.get(url).status_code == 403


def test_a_viewer_cannot_write_and_a_buyer_only_for_own_supplier(
    login, viewer, buyer, supplier_a, supplier_b
):
    body = {"day": days_ago(1).isoformat(), "hours": "2", "activity": "travel"}
    assert (
        login(viewer)
        .post(f"{API}/suppliers/{supplier_a.pk}/time-logs", body, content_type="application/json")
        .status_code
        == 403
    )
    assert (
        login(buyer)
        .post(f"{API}/suppliers/{supplier_b.pk}/time-logs", body, content_type="application/json")
        .status_code
        == 403
    )
    created = login(buyer).post(
        f"{API}/suppliers/{supplier_a.pk}/time-logs", body, content_type="application/json"
    )
    assert created.status_code == 201
    assert login(viewer).get(f"{API}/suppliers/{supplier_a.pk}/time-logs").json()["count"] == 1


def test_bad_hours_are_refused_with_the_field_named(login, buyer, supplier_a):
    response = login(buyer).post(
        f"{API}/suppliers/{supplier_a.pk}/time-logs",
        {"day": days_ago(1).isoformat(), "hours": "25", "activity": "travel"},
        content_type="application/json",
    )

    assert response.status_code in (400, 422)
    assert "hours" in response.content.decode()


def test_the_gain_share_flow_through_the_api(login, manager, buyer, supplier_a):
    owner, boss = login(buyer), login(manager)
    created = owner.post(
        f"{API}/suppliers/{supplier_a.pk}/agreements",
        {
            "title": "Waste",
            "baseline": "2025 scrap",
            "baseline_amount": 5000,
            "supplier_saving_pct": "40",
            "supplier_overrun_pct": "50",
            "starts_on": days_ago(300).isoformat(),
            "requires_third_party": True,
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    agreement_id = created.json()["id"]
    assert created.json()["our_overrun_pct"] in ("50.00", "50")

    saving = owner.post(
        f"{API}/agreements/{agreement_id}/savings",
        {"period": days_ago(200).isoformat(), "amount": "333.33", "evidence": "Report"},
        content_type="application/json",
    )
    assert saving.status_code == 201
    period = days_ago(200).isoformat()
    assert (
        owner.post(
            f"{API}/agreements/{agreement_id}/verify",
            {"third_party": "X", "period": period},
            content_type="application/json",
        ).status_code
        == 403
    )
    missing = boss.post(
        f"{API}/agreements/{agreement_id}/verify",
        {"period": period},
        content_type="application/json",
    )
    assert missing.status_code == 400
    assert "third_party" in missing.content.decode()
    assert (
        boss.post(
            f"{API}/agreements/{agreement_id}/verify",
            {"third_party": "Audit AG", "period": period},
            content_type="application/json",
        ).status_code
        == 200
    )
    paid = boss.post(
        f"{API}/agreements/{agreement_id}/payouts",
        {
            "period": days_ago(200).isoformat(),
            "amount": "100",
            "paid_on": days_ago(1).isoformat(),
            "reference": "PAY-1",
        },
        content_type="application/json",
    )
    assert paid.status_code == 201

    ledger = owner.get(f"{API}/agreements/{agreement_id}/ledger").json()
    assert ledger["supplier_share"] == "133.33"
    assert ledger["our_share"] == "200.00"
    assert ledger["balance"] == "33.33"
    statement = owner.get(
        f"{API}/agreements/{agreement_id}/statement", {"start": "2000-01-01", "end": "1999-01-01"}
    )
    assert statement.status_code == 400


def test_settings_change_is_admin_only(login, admin_user, manager):
    assert (
        login(manager)
        .patch(f"{API}/settings", {"hourly_cost": 50}, content_type="application/json")
        .status_code
        == 403
    )
    response = login(admin_user).patch(
        f"{API}/settings", {"hourly_cost": 50, "hours_call": "1"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert services.get_settings().hourly_cost == 50


def test_tco_per_category(login, viewer, category, supplier_a):
    body = login(viewer).get(f"{API}/tco", {"category": category.pk}).json()

    assert body["lines"][0]["supplier_name"] == "Alpha Packaging"
    assert login(viewer).get(f"{API}/tco", {"category": 99999}).status_code == 404
