"""The REST endpoints of practices and agreements: outputs with reasons, bad input, who may
do what."""

from __future__ import annotations

import pytest

from partnerbook.practices import services
from partnerbook.practices.models import Agreement, Practice
from partnerbook.suppliers import services as supplier_services
from tests.api import API, error_fields, token_client

from .conftest import days_ago

pytestmark = pytest.mark.django_db
JSON = "application/json"


def post(client, path: str, body: dict | None = None):
    return client.post(f"{API}{path}", body or {}, content_type=JSON)


def test_a_practice_comes_out_with_its_warnings_and_reasons(buyer, viewer, supplier_a, people):
    client = token_client(buyer)
    response = post(
        client, f"/suppliers/{supplier_a.pk}/practices",
        {"kind": "joint_problem_solving", "started_on": days_ago(2).isoformat(),
         "attendees": [people["ours", "executive"].pk, people["supplier", "operational"].pk]},
    )  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["owner_id"] == buyer.pk and body["status"] == "active"
    assert [w["code"] for w in body["warnings"]] == ["no_decision_maker_supplier"]
    assert "decision-maker" in body["warnings"][0]["message"]
    assert {a["side"] for a in body["attendees"]} == {"ours", "supplier"}
    listed = token_client(viewer).get(f"{API}/suppliers/{supplier_a.pk}/practices").json()
    assert [p["id"] for p in listed] == [body["id"]]
    assert listed[0]["warnings"] == body["warnings"]
    single = token_client(viewer).get(f"{API}/practices/{body['id']}").json()
    assert single["rule"].startswith("Sessions turn into endless meetings")


def test_roadmap_sharing_is_a_400_on_kind_without_an_nda_and_201_with_one(
    buyer, supplier_a, safe_factors
):
    client = token_client(buyer)
    body = {"kind": "roadmap_sharing", "started_on": days_ago(1).isoformat()}
    refused = post(client, f"/suppliers/{supplier_a.pk}/practices", body)
    assert refused.status_code == 400
    assert error_fields(refused) == {"kind"}
    assert "mutual NDA" in refused.json()["errors"][0]["message"]
    nda = post(
        client, f"/suppliers/{supplier_a.pk}/agreements",
        {"kind": "mutual_nda", "signed_on": days_ago(10).isoformat(), "reference": "N-7"},
    )  # fmt: skip
    assert nda.status_code == 201 and nda.json()["on_record"] is True
    accepted = post(client, f"/suppliers/{supplier_a.pk}/practices", body)
    assert accepted.status_code == 201, accepted.content
    assert accepted.json()["refusals"] == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "joint_problem_solving", "attendees": [999999]}, "attendees"),
        ({"kind": "site_visits", "owner": 999999}, "owner"),
        ({"kind": "lunch"}, "kind"),
        ({"kind": "site_visits", "started_on": 20260101}, "started_on"),
        ({"kind": "site_visits", "colour": "red"}, "colour"),
    ],
)
def test_bad_practice_input_names_the_field(buyer, supplier_a, body, field):
    payload = {"started_on": days_ago(1).isoformat(), **body}
    response = post(token_client(buyer), f"/suppliers/{supplier_a.pk}/practices", payload)
    assert response.status_code in (400, 422), response.content
    assert any(field in f for f in error_fields(response))
    assert not Practice.objects.exists()


def test_a_contact_of_another_supplier_is_refused(buyer, manager, supplier_a, supplier_b):
    stranger = supplier_services.create_contact(
        manager, supplier_b, {"side": "supplier", "name": "Z"}
    )
    response = post(
        token_client(buyer), f"/suppliers/{supplier_a.pk}/practices",
        {"kind": "joint_problem_solving", "started_on": days_ago(1).isoformat(),
         "attendees": [stranger.pk]},
    )  # fmt: skip
    assert response.status_code == 400
    assert error_fields(response) == {"attendees"}


def test_ending_before_the_start_is_a_400_and_a_stale_version_a_409(buyer, manager, supplier_a):
    practice = services.start_practice(
        buyer, supplier_a, {"kind": "site_visits", "started_on": days_ago(5)}
    )
    client = token_client(buyer)
    early = post(client, f"/practices/{practice.pk}/end", {"ended_on": days_ago(6).isoformat()})
    assert early.status_code == 400 and error_fields(early) == {"ended_on"}
    services.update_practice(manager, practice, {"notes": "changed"}, 1)
    stale = post(
        client, f"/practices/{practice.pk}/end", {"ended_on": days_ago(0).isoformat(), "version": 1}
    )
    assert stale.status_code == 409
    ok = post(client, f"/practices/{practice.pk}/end", {"ended_on": days_ago(0).isoformat()})
    assert ok.status_code == 200 and ok.json()["status"] == "ended"


def test_patch_changes_only_what_is_sent(buyer, supplier_a, people):
    practice = services.start_practice(
        buyer, supplier_a,
        {"kind": "joint_problem_solving", "started_on": days_ago(5), "notes": "first"},
    )  # fmt: skip
    client = token_client(buyer)
    response = client.patch(
        f"{API}/practices/{practice.pk}",
        {"attendees": [people["ours", "executive"].pk, people["supplier", "executive"].pk],
         "version": 1},
        content_type=JSON,
    )  # fmt: skip
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["notes"] == "first" and body["version"] == 2 and body["warnings"] == []
    null = client.patch(f"{API}/practices/{practice.pk}", {"notes": None}, content_type=JSON)
    assert null.status_code in (400, 422)


def test_an_agreement_expiring_before_signing_is_a_400(buyer, supplier_a):
    response = post(
        token_client(buyer), f"/suppliers/{supplier_a.pk}/agreements",
        {"kind": "mutual_nda", "signed_on": days_ago(3).isoformat(),
         "expires_on": days_ago(3).isoformat()},
    )  # fmt: skip
    assert response.status_code == 400 and error_fields(response) == {"expires_on"}
    assert not Agreement.objects.exists()


def test_archiving_keeps_the_agreement_out_of_the_default_list(buyer, supplier_a, nda):
    client = token_client(buyer)
    response = post(client, f"/agreements/{nda.pk}/archive")
    assert response.status_code == 200 and response.json()["status"] == "archived"
    assert client.get(f"{API}/suppliers/{supplier_a.pk}/agreements").json() == []
    archived = client.get(f"{API}/suppliers/{supplier_a.pk}/agreements?archived=true").json()
    assert [a["id"] for a in archived] == [nda.pk]


def test_who_may_write(other_buyer, viewer, buyer, supplier_a, nda):
    practice = services.start_practice(
        buyer, supplier_a, {"kind": "site_visits", "started_on": days_ago(3)}
    )
    for user in (other_buyer, viewer):
        client = token_client(user)
        new = {"kind": "site_visits", "started_on": days_ago(1).isoformat()}
        assert post(client, f"/suppliers/{supplier_a.pk}/practices", new).status_code == 403
        patch = client.patch(f"{API}/practices/{practice.pk}", {"notes": "x"}, content_type=JSON)
        assert patch.status_code == 403
        end = post(client, f"/practices/{practice.pk}/end", {"ended_on": days_ago(0).isoformat()})
        assert end.status_code == 403
        agreement = {"kind": "other", "signed_on": days_ago(1).isoformat()}
        assert post(client, f"/suppliers/{supplier_a.pk}/agreements", agreement).status_code == 403
        assert post(client, f"/agreements/{nda.pk}/archive").status_code == 403
        assert client.get(f"{API}/practices/{practice.pk}").status_code == 200
    practice.refresh_from_db()
    nda.refresh_from_db()
    assert practice.notes == "" and practice.status == "active" and not nda.archived


def test_portal_users_get_nothing(portal_user_a, buyer, supplier_a, nda):
    practice = services.start_practice(
        buyer, supplier_a, {"kind": "site_visits", "started_on": days_ago(3)}
    )
    client = token_client(portal_user_a)
    for path in (f"/suppliers/{supplier_a.pk}/practices", f"/practices/{practice.pk}",
                 f"/suppliers/{supplier_a.pk}/agreements"):  # fmt: skip
        assert client.get(f"{API}{path}").status_code in (403, 404)
    new = {"kind": "site_visits", "started_on": days_ago(1).isoformat()}
    assert post(client, f"/suppliers/{supplier_a.pk}/practices", new).status_code in (403, 404)
    assert post(client, f"/agreements/{nda.pk}/archive").status_code in (403, 404)
    assert Practice.objects.count() == 1 and not Agreement.objects.filter(archived=True).exists()
