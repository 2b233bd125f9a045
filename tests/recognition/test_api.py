"""The REST API of referrals and recognition: permissions, bad input naming the field, the
happy paths, the figures with their explanations, and bounded queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from partnerbook.recognition import services
from partnerbook.recognition.models import Referral, Win
from partnerbook.relationship.models import TrustEntry
from partnerbook.suppliers.models import Supplier
from tests.api import API, error_fields, token_client

pytestmark = pytest.mark.django_db
JSON = "application/json"
R = f"{API}/recognition"


def test_anonymous_is_refused(referral):
    assert Client().get(f"{R}/referrals").status_code == 401
    assert Client().get(f"{R}/figures").status_code == 401


@pytest.mark.parametrize(
    "path",
    ["/referrals", "/referrals/{referral}", "/wins", "/wins/{win}", "/figures", "/ideal-supplier"],
)
def test_portal_user_reads_nothing(portal_user_a, referral, win, path):
    client = token_client(portal_user_a)
    response = client.get(R + path.format(referral=referral.pk, win=win.pk))
    assert response.status_code == 403
    assert "Gamma" not in response.content.decode()


def test_portal_user_writes_nothing(portal_user_a, supplier_a, referral):
    client = token_client(portal_user_a)
    body = {"title": "x", "story": "y"}
    assert client.post(f"{R}/suppliers/{supplier_a.pk}/wins", body,
                       content_type=JSON).status_code == 403  # fmt: skip
    assert client.post(f"{R}/referrals/{referral.pk}/status", {"status": "contacted"},
                       content_type=JSON).status_code == 403  # fmt: skip
    assert not Win.objects.exists()


def test_a_viewer_reads_but_does_not_write(viewer, referral, win, supplier_a):
    client = token_client(viewer)
    listed = client.get(f"{R}/referrals").json()
    assert listed["count"] == 1 and listed["items"][0]["referred_name"] == "Gamma Films"
    assert listed["items"][0]["allowed_moves"] == ["contacted", "vetting", "onboarded", "declined"]
    assert client.get(f"{R}/wins/{win.pk}").json()["trust_points"] == 3
    assert client.post(f"{R}/referrals", {"referring_supplier_id": supplier_a.pk,
                                          "company_name": "X"},
                       content_type=JSON).status_code == 403  # fmt: skip
    assert client.patch(f"{R}/wins/{win.pk}", {"title": "x"},
                        content_type=JSON).status_code == 403  # fmt: skip
    assert client.patch(f"{R}/ideal-supplier", {"title": "x"},
                        content_type=JSON).status_code == 403  # fmt: skip


def test_a_buyer_records_wins_for_own_suppliers_only(buyer, supplier_a, supplier_b):
    client = token_client(buyer)
    body = {
        "title": "Saved the launch",
        "story": "Tooling reworked in a weekend.",
        "impact_amount": "1200.50",
        "impact_currency": "EUR",
        "published": True,
    }
    created = client.post(f"{R}/suppliers/{supplier_a.pk}/wins", body, content_type=JSON)
    assert created.status_code == 201, created.content
    out = created.json()
    assert out["trust_entry_id"] and out["impact_amount"] == "1200.50" and out["published"]
    refused = client.post(f"{R}/suppliers/{supplier_b.pk}/wins", body, content_type=JSON)
    assert refused.status_code == 403
    assert TrustEntry.objects.count() == 1


def test_patching_a_win_adds_no_deposit_and_a_stale_version_is_a_conflict(buyer, win):
    client = token_client(buyer)
    response = client.patch(f"{R}/wins/{win.pk}", {"published": True, "version": 1},
                            content_type=JSON)  # fmt: skip
    assert response.status_code == 200 and response.json()["version"] == 2
    stale = client.patch(f"{R}/wins/{win.pk}", {"title": "Old", "version": 1}, content_type=JSON)
    assert stale.status_code == 409
    assert TrustEntry.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "", "story": "y"}, "title"),
        ({"title": "x", "story": "y", "trust_points": 0}, "trust_points"),
        ({"title": "x", "story": "y", "impact_amount": "5"}, "impact_currency"),
        ({"title": "x", "story": "y", "happened_on": "2999-01-01"}, "happened_on"),
        ({"title": "x", "story": "y", "surprise": 1}, "surprise"),
    ],
)
def test_a_bad_win_names_the_field(buyer, supplier_a, body, field):
    response = token_client(buyer).post(
        f"{R}/suppliers/{supplier_a.pk}/wins", body, content_type=JSON
    )
    assert response.status_code in (400, 422)
    assert field in error_fields(response)
    assert not Win.objects.exists()


def test_recording_moving_and_registering_a_referral(buyer, supplier_a, category):
    client = token_client(buyer)
    created = client.post(f"{R}/referrals", {
        "referring_supplier_id": supplier_a.pk, "company_name": "Delta Print",
        "contact_name": "Dana", "contact_email": "dana@delta.example",
        "category_id": category.pk, "reward_status": "promised", "reward_amount": 300,
        "reward_currency": "EUR",
    }, content_type=JSON)  # fmt: skip
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    moved = client.post(f"{R}/referrals/{pk}/status", {"status": "contacted"}, content_type=JSON)
    assert moved.json()["status"] == "contacted"
    illegal = client.post(f"{R}/referrals/{pk}/status", {"status": "received"}, content_type=JSON)
    assert illegal.status_code == 400 and "status" in error_fields(illegal)
    prospect = client.post(f"{R}/referrals/{pk}/prospect")
    assert prospect.status_code == 200
    supplier = Supplier.objects.get(pk=prospect.json()["referred_supplier_id"])
    assert supplier.status == "prospect" and supplier.name == "Delta Print"
    paid = client.patch(f"{R}/referrals/{pk}", {"reward_status": "paid",
                                                 "paid_on": str(timezone.localdate())},
                        content_type=JSON)  # fmt: skip
    assert paid.status_code == 200 and paid.json()["reward_status"] == "paid"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"company_name": ""}, "company_name"),
        ({"company_name": "X", "referred_supplier_id": 999999}, "referred_supplier_id"),
        ({"company_name": "X", "category_id": 999999}, "category_id"),
        ({"company_name": "X", "reward_status": "paid"}, "paid_on"),
        ({"company_name": "X", "contact_email": "not an address"}, "contact_email"),
        ({"company_name": "X", "status": "lost"}, "status"),
        ({"company_name": "X", "received_on": "2999-01-01"}, "received_on"),
    ],
)
def test_a_bad_referral_names_the_field(buyer, supplier_a, body, field):
    response = token_client(buyer).post(
        f"{R}/referrals", {"referring_supplier_id": supplier_a.pk, **body}, content_type=JSON
    )
    assert response.status_code in (400, 422), response.content
    assert field in error_fields(response)
    assert not Referral.objects.exists()


def test_an_unknown_referring_supplier_is_a_bad_request(buyer):
    response = token_client(buyer).post(
        f"{R}/referrals", {"referring_supplier_id": 999999, "company_name": "X"}, content_type=JSON
    )
    assert response.status_code == 400 and error_fields(response) == {"referring_supplier_id"}


def test_the_figures_explain_themselves(viewer, buyer, supplier_a, supplier_b):
    services.record_referral(buyer, supplier_a, {"referred_supplier": supplier_b})
    body = token_client(viewer).get(f"{R}/figures").json()
    assert body["pipeline"]["total"] == 1 and body["pipeline"]["share"] == "100.0"
    assert body["pipeline"]["referred_supplier_ids"] == [supplier_b.pk]
    assert "came by referral" in body["pipeline"]["explanation"]
    assert [h["months"] for h in body["retention"]["horizons"]] == [12, 24]
    assert body["retention"]["horizons"][0]["others"]["too_recent"] == 1  # A started today
    assert body["referrals_by_status"] == {"received": 1}
    assert "exchange rates" in body["rewards"]["explanation"]


def test_the_profile_is_read_by_all_and_written_by_managers(viewer, manager):
    empty = token_client(viewer).get(f"{R}/ideal-supplier").json()
    assert empty["updated_at"] is None and empty["what_we_look_for"] == ""
    client = token_client(manager)
    changed = client.patch(f"{R}/ideal-supplier", {"how_to_start": "Write to us."},
                           content_type=JSON)  # fmt: skip
    assert changed.status_code == 200 and changed.json()["how_to_start"] == "Write to us."
    blank = client.patch(f"{R}/ideal-supplier", {"title": None}, content_type=JSON)
    assert blank.status_code == 422 and "title" in error_fields(blank)


def test_the_lists_take_a_bounded_number_of_queries(
    viewer, buyer, supplier_a, supplier_b, django_assert_max_num_queries
):
    today = timezone.localdate()
    Referral.objects.bulk_create([
        Referral(referring_supplier=supplier_a if n % 2 else supplier_b,
                 referred_supplier=supplier_b if n % 3 == 0 and n % 2 else None,
                 company_name=f"Company {n}", received_on=today - dt.timedelta(days=n),
                 status_changed_on=today)
        for n in range(120)
    ])  # fmt: skip
    Win.objects.bulk_create([
        Win(supplier=supplier_a, title=f"Win {n}", story="s", happened_on=today, recorded_by=buyer)
        for n in range(120)
    ])  # fmt: skip
    client = token_client(viewer)
    for path in ("/referrals?limit=200", "/wins?limit=200", "/figures"):
        with django_assert_max_num_queries(14):
            response = client.get(R + path)
        assert response.status_code == 200
