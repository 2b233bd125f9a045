"""REST API of the cadence: cadence, proposal, overdue, health checks; permissions, bad input."""

from __future__ import annotations

import datetime as dt

import pytest

from partnerbook.cadence import services
from partnerbook.cadence.models import CadenceItem, HealthCheck
from tests.api import API, error_fields, token_client

from .conftest import ANSWERS, TODAY, add_item, log

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)
JSON = "application/json"


def item_body(owner, **extra):
    return {"kind": "quarterly_strategic", "channels": ["business_review"], "owner": owner.pk,
            **extra}  # fmt: skip


def test_get_cadence_with_due_dates(buyer, supplier_a):
    item = add_item(buyer, supplier_a, created=TODAY - 100 * DAY, interval_days=30)
    log(buyer, supplier_a, TODAY - 35 * DAY, "business_review")
    body = token_client(buyer).get(f"{API}/suppliers/{supplier_a.pk}/cadence").json()
    [found] = body["items"]
    assert found["id"] == item.pk
    assert found["last_held"] == (TODAY - 35 * DAY).isoformat()
    assert found["next_due"] == (TODAY - 5 * DAY).isoformat()
    assert found["days_overdue"] == 5 and found["overdue"] is True


def test_put_cadence_replaces_items(buyer, supplier_a):
    keep = add_item(buyer, supplier_a)
    drop = add_item(buyer, supplier_a, kind="informal_checkin", channels=["call"])
    contact = supplier_a.contacts.create(side="supplier", name="Sam")
    body = {"items": [
        {"id": keep.pk, "kind": "monthly_performance", "channels": ["meeting"],
         "owner": buyer.pk, "interval_days": 20, "version": 1},
        item_body(buyer, contacts=[contact.pk], planned_start="2026-07-01T09:00:00Z",
                  planned_end="2026-07-01T11:00:00Z", our_level="executive"),
    ]}  # fmt: skip
    response = token_client(buyer).put(
        f"{API}/suppliers/{supplier_a.pk}/cadence", body, content_type=JSON
    )
    assert response.status_code == 200, response.json()
    items = {i["kind"]: i for i in response.json()["items"]}
    assert set(items) == {"monthly_performance", "quarterly_strategic"}
    assert items["monthly_performance"]["interval_days"] == 20
    assert items["quarterly_strategic"]["interval_days"] == 91
    assert items["quarterly_strategic"]["contacts"] == [contact.pk]
    assert not CadenceItem.objects.filter(pk=drop.pk).exists()


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"planned_start": "2026-07-01T10:00:00Z", "planned_end": "2026-07-01T09:00:00Z"},
         "items.0.planned_end"),
        ({"planned_end": "2026-07-01T09:00:00Z"}, "items.0.planned_start"),
        ({"owner": 999_999}, "items.0.owner"),
        ({"contacts": [999_999]}, "items.0.contacts"),
        ({"id": 999_999}, "items"),
    ],
)  # fmt: skip
def test_put_cadence_bad_input_is_400_naming_the_field(buyer, supplier_a, extra, field):
    existing = add_item(buyer, supplier_a)
    response = token_client(buyer).put(
        f"{API}/suppliers/{supplier_a.pk}/cadence",
        {"items": [{**item_body(buyer), **extra}]},
        content_type=JSON,
    )
    assert response.status_code == 400
    assert field in error_fields(response)
    assert list(CadenceItem.objects.all()) == [existing]


def test_put_cadence_schema_errors_are_422(buyer, supplier_a):
    client = token_client(buyer)
    bad = [
        item_body(buyer, channels=[]),
        item_body(buyer, kind="daily"),
        item_body(buyer, interval_days=0),
        {**item_body(buyer), "colour": "red"},
    ]
    for item in bad:
        response = client.put(
            f"{API}/suppliers/{supplier_a.pk}/cadence", {"items": [item]}, content_type=JSON
        )
        assert response.status_code == 422


def test_stale_version_is_409(buyer, manager, supplier_a):
    item = add_item(buyer, supplier_a)
    services.update_item(manager, item, {"interval_days": 12})
    body = {"items": [{"id": item.pk, "kind": "monthly_performance", "channels": ["meeting"],
                       "owner": buyer.pk, "version": 1}]}  # fmt: skip
    response = token_client(buyer).put(
        f"{API}/suppliers/{supplier_a.pk}/cadence", body, content_type=JSON
    )
    assert response.status_code == 409


def test_writes_need_the_right_role(viewer, other_buyer, portal_user_a, supplier_a):
    body = {"items": [item_body(other_buyer)]}
    for user, status in ((viewer, 403), (other_buyer, 403)):
        client = token_client(user)
        url = f"{API}/suppliers/{supplier_a.pk}/cadence"
        assert client.put(url, body, content_type=JSON).status_code == status
        answers = {"held_on": TODAY.isoformat(), **ANSWERS}
        response = client.post(
            f"{API}/suppliers/{supplier_a.pk}/health-checks", answers, content_type=JSON
        )
        assert response.status_code == status
    portal = token_client(portal_user_a)
    for path in ("cadence", "cadence/proposal", "health-checks"):
        assert portal.get(f"{API}/suppliers/{supplier_a.pk}/{path}").status_code == 403
    assert portal.get(f"{API}/cadence/overdue").status_code == 403
    assert not CadenceItem.objects.exists() and not HealthCheck.objects.exists()


def test_proposal_has_reasons(buyer, supplier_a):
    body = token_client(buyer).get(f"{API}/suppliers/{supplier_a.pk}/cadence/proposal").json()
    assert body["model"] == "transactional" and body["model_source"] == "recommended"
    assert body["reasons"] and all(i["reason"] for i in body["items"])


def test_overdue_list(buyer, manager, supplier_a, supplier_b):
    add_item(buyer, supplier_a, created=TODAY - 60 * DAY)
    add_item(manager, supplier_b, created=TODAY - 90 * DAY, owner=manager)
    client = token_client(buyer)
    mine = client.get(f"{API}/cadence/overdue").json()
    assert mine["count"] == 1 and mine["items"][0]["supplier_name"] == "Alpha Packaging"
    everyone = client.get(f"{API}/cadence/overdue?all_owners=true").json()
    assert [i["supplier_name"] for i in everyone["items"]] == ["Beta Boxes", "Alpha Packaging"]
    theirs = client.get(f"{API}/cadence/overdue?owner={manager.pk}").json()
    assert theirs["count"] == 1 and theirs["items"][0]["days_overdue"] == 60


def test_health_checks_round_trip(buyer, supplier_a, portal_user_a):
    client = token_client(buyer)
    response = client.post(
        f"{API}/suppliers/{supplier_a.pk}/health-checks",
        {"held_on": TODAY.isoformat(), "notes": "Good year", **ANSWERS},
        content_type=JSON,
    )
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["ours"]["scores"]["trust"] == 4 and created["theirs"] is None
    check = HealthCheck.objects.get(pk=created["id"])
    services.record_answers(portal_user_a, check, "supplier", {**ANSWERS, "communication": 2})
    body = client.get(f"{API}/health-checks/{check.pk}").json()
    assert body["flagged"] == ["communication"]
    gap = next(r for r in body["comparison"] if r["question"] == "communication")
    assert (gap["ours"], gap["theirs"], gap["gap"], gap["flagged"]) == (5, 2, 3, True)
    listed = client.get(f"{API}/suppliers/{supplier_a.pk}/health-checks").json()
    assert [c["id"] for c in listed] == [check.pk]


def test_health_check_bad_input(buyer, supplier_a):
    client = token_client(buyer)
    url = f"{API}/suppliers/{supplier_a.pk}/health-checks"
    future = {"held_on": (TODAY + DAY).isoformat(), **ANSWERS}
    response = client.post(url, future, content_type=JSON)
    assert response.status_code == 400 and error_fields(response) == {"held_on"}
    response = client.post(url, {"held_on": TODAY.isoformat(), **ANSWERS, "trust": 6},
                           content_type=JSON)  # fmt: skip
    assert response.status_code == 422 and "trust" in error_fields(response)
    assert client.get(f"{API}/health-checks/999999").status_code == 404


def test_portal_user_reads_no_health_check_or_cadence(manager, supplier_b, portal_user_a):
    check = services.record_health_check(manager, supplier_b, TODAY, ANSWERS)
    portal = token_client(portal_user_a)
    assert portal.get(f"{API}/health-checks/{check.pk}").status_code == 403
    response = portal.get(f"{API}/suppliers/{supplier_b.pk}/cadence")
    assert response.status_code in (403, 404) and "Beta Boxes" not in response.content.decode()


def test_portal_user_is_refused_every_cadence_endpoint(manager, supplier_b, portal_user_a):
    """Like tests/api/test_portal.py's walk, for this app's paths (its own ids filled in)."""
    from partnerbook.api import api

    check = services.record_health_check(manager, supplier_b, TODAY, ANSWERS)
    ids = {"supplier_id": supplier_b.pk, "check_id": check.pk, "token": "pbcal_" + "z" * 30}
    portal = token_client(portal_user_a)
    checked = 0
    for template, operations in api.get_openapi_schema()["paths"].items():
        if not any("cadence" in op.get("tags", []) for op in operations.values()):
            continue
        for method in operations:
            response = getattr(portal, method)(template.format(**ids), {}, content_type=JSON)
            assert response.status_code in (403, 404, 422), (method, template)
            assert "Beta Boxes" not in response.content.decode(), (method, template)
            checked += 1
    assert checked == 8
    assert HealthCheck.objects.count() == 1 and not CadenceItem.objects.exists()
