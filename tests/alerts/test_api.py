"""The alerts inbox over the REST API: listing with filters, reading, acknowledging,
dismissing, reopening, the daily digest; permissions and bad input."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from partnerbook.alerts import services
from partnerbook.alerts.models import Alert, AlertPreference
from partnerbook.alerts.services import AlertCandidate
from tests.api import API, error_fields, token_client

pytestmark = pytest.mark.django_db

JSON = "application/json"
NOW = dt.datetime(2025, 6, 15, 12, tzinfo=dt.UTC)
TODAY = NOW.date()
KINDS = {"relationship.drift", "relationship.trust"}


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def raise_alerts(*candidates: AlertCandidate, as_of: dt.date = TODAY) -> list[Alert]:
    """Alerts raised the way the checks raise them."""
    services.sync_alerts(as_of, list(candidates), scope_kinds=KINDS)
    return list(Alert.objects.order_by("pk"))


def candidate(supplier, subject="suggestions", kind="relationship.drift", **extra):
    return AlertCandidate(
        supplier_id=supplier.pk,
        kind=kind,
        subject=subject,
        title=f"{supplier.name}: fewer unsolicited suggestions",
        summary="2 in 90 days against 20 in the 365 days before.",
        confidence=0.99,
        evidence={"finding": {"signal": subject}, "as_of": TODAY.isoformat()},
        **extra,
    )


@pytest.fixture
def alert_a(supplier_a) -> Alert:
    return raise_alerts(candidate(supplier_a))[0]


@pytest.fixture
def alert_b(supplier_b) -> Alert:
    (alert,) = raise_alerts(candidate(supplier_b, subject="trust", kind="relationship.trust"))
    return alert


def post(client, path, payload=None):
    return client.post(API + path, payload, content_type=JSON)


def alert_rows() -> list[dict]:
    return list(Alert.objects.values().order_by("pk"))


# --- the inbox ----------------------------------------------------------------------------


def test_inbox_lists_open_alerts_with_their_evidence(viewer, alert_a, supplier_a):
    response = token_client(viewer).get(f"{API}/alerts")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == 1
    assert body["items"][0] == {
        "id": alert_a.pk,
        "supplier_id": supplier_a.pk,
        "supplier_name": "Alpha Packaging",
        "kind": "relationship.drift",
        "subject": "suggestions",
        "severity": "warning",
        "title": "Alpha Packaging: fewer unsolicited suggestions",
        "summary": "2 in 90 days against 20 in the 365 days before.",
        "evidence": {"finding": {"signal": "suggestions"}, "as_of": "2025-06-15"},
        "confidence": 0.99,
        "raised_on": "2025-06-15",
        "last_seen_on": "2025-06-15",
        "status": "open",
        "note": "",
        "handled_by": None,
        "handled_at": None,
    }


def test_inbox_filters_by_status_kind_supplier_and_ownership(
    buyer, manager, supplier_a, supplier_b
):
    drift_a, trust_a, drift_b = raise_alerts(
        candidate(supplier_a),
        candidate(supplier_a, subject="trust", kind="relationship.trust"),
        candidate(supplier_b),
    )
    services.dismiss(manager, trust_a, "Known and handled in the review.")
    client = token_client(buyer)

    def ids(query: str = "") -> list[int]:
        response = client.get(f"{API}/alerts{query}")
        assert response.status_code == 200, response.content
        return [item["id"] for item in response.json()["items"]]

    assert ids() == [drift_b.pk, drift_a.pk]
    assert ids("?status=handled") == [trust_a.pk]
    assert ids("?status=all") == [drift_b.pk, trust_a.pk, drift_a.pk]
    assert ids("?status=all&kind=relationship.trust") == [trust_a.pk]
    assert ids(f"?supplier={supplier_b.pk}") == [drift_b.pk]
    assert ids("?mine=true") == [drift_a.pk]
    assert ids("?limit=1&offset=1") == [drift_a.pk]
    handled = client.get(f"{API}/alerts?status=handled").json()["items"][0]
    assert handled["status"] == "dismissed" and handled["handled_by"] == manager.username
    assert handled["note"] == "Known and handled in the review."


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("kind=relationship.gossip", "kind"),
        ("kind=" + "x" * 61, "kind"),
        ("status=closed", "status"),
        ("supplier=abc", "supplier"),
        ("supplier=0", "supplier"),
        ("mine=perhaps", "mine"),
        ("limit=201", "limit"),
    ],
)
def test_bad_inbox_filter_is_422_naming_it(viewer, query, field):
    response = token_client(viewer).get(f"{API}/alerts?{query}")

    assert response.status_code == 422
    assert field in error_fields(response)


def test_inbox_runs_a_fixed_number_of_queries_with_200_alerts(
    manager, supplier_a, supplier_b, django_assert_max_num_queries
):
    raise_alerts(
        *[candidate(s, subject=f"signal {i}") for s in (supplier_a, supplier_b) for i in range(100)]
    )
    handled = list(Alert.objects.order_by("pk")[:50])
    for alert in handled:
        services.acknowledge(manager, alert, "On it.")
    client = token_client(manager)

    with django_assert_max_num_queries(10):
        response = client.get(f"{API}/alerts?status=all&limit=200")

    body = response.json()
    assert body["count"] == 200 and len(body["items"]) == 200
    assert sum(item["handled_by"] == manager.username for item in body["items"]) == 50


# --- one alert ----------------------------------------------------------------------------


def test_alert_is_read_by_id(viewer, alert_a):
    client = token_client(viewer)

    assert client.get(f"{API}/alerts/{alert_a.pk}").json()["id"] == alert_a.pk
    assert client.get(f"{API}/alerts/987654").status_code == 404


def test_owning_buyer_acknowledges_with_a_note(buyer, alert_a):
    response = post(token_client(buyer), f"/alerts/{alert_a.pk}/acknowledge", {"note": "Call"})

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "acknowledged" and body["note"] == "Call"
    assert body["handled_by"] == buyer.username and body["handled_at"] == NOW.isoformat()[:19] + "Z"
    alert_a.refresh_from_db()
    assert alert_a.status == "acknowledged"
    assert alert_a.history.first().history_change_reason == "Acknowledged: Call"


def test_acknowledge_needs_no_note(manager, alert_a):
    response = post(token_client(manager), f"/alerts/{alert_a.pk}/acknowledge", {})

    assert response.status_code == 200
    assert response.json()["status"] == "acknowledged" and response.json()["note"] == ""


def test_dismiss_records_why(manager, alert_a):
    response = post(
        token_client(manager), f"/alerts/{alert_a.pk}/dismiss", {"note": "Seasonal dip"}
    )

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "dismissed" and response.json()["note"] == "Seasonal dip"


@pytest.mark.parametrize(
    ("path", "payload", "field"),
    [
        ("dismiss", {}, "note"),
        ("dismiss", {"note": ""}, "note"),
        ("dismiss", {"note": "   "}, "note"),
        ("dismiss", {"note": "x" * 2001}, "note"),
        ("dismiss", {"note": None}, "note"),
        ("acknowledge", {"note": "x" * 2001}, "note"),
        ("acknowledge", {"note": 5}, "note"),
        ("acknowledge", {"note": "nul \x00"}, "note"),
        ("acknowledge", {"status": "dismissed"}, "status"),
    ],
)
def test_bad_handling_is_refused_naming_the_field(manager, alert_a, path, payload, field):
    before = alert_rows()

    response = post(token_client(manager), f"/alerts/{alert_a.pk}/{path}", payload)

    assert response.status_code in (400, 422), response.content
    assert field in error_fields(response)
    assert alert_rows() == before


def test_reopen_clears_who_handled_it(manager, alert_a):
    services.dismiss(manager, alert_a, "Not now")

    response = post(token_client(manager), f"/alerts/{alert_a.pk}/reopen")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "open" and body["handled_by"] is None and body["handled_at"] is None


@pytest.mark.parametrize(
    ("path", "payload"),
    [("acknowledge", {"note": ""}), ("dismiss", {"note": "Not mine"}), ("reopen", None)],
)
def test_viewer_and_other_buyer_cannot_handle_an_alert(viewer, buyer, alert_b, path, payload):
    before = alert_rows()

    for user in (viewer, buyer):
        response = post(token_client(user), f"/alerts/{alert_b.pk}/{path}", payload)

        assert response.status_code == 403, user
    assert alert_rows() == before


def test_handling_an_unknown_alert_is_404(manager):
    response = post(token_client(manager), "/alerts/987654/acknowledge", {})

    assert response.status_code == 404


def test_alert_from_a_recompute_is_in_the_inbox(manager, supplier_a):
    from partnerbook.relationship import services as relationship_services

    for i in range(40):  # steady suggestions through the baseline, none recently
        relationship_services.record_interaction(
            manager,
            supplier_a,
            {"occurred_on": TODAY - dt.timedelta(days=100 + i * 9), "channel": "meeting",
             "initiated_by": "supplier", "tags": ["unsolicited_suggestion"]},
        )  # fmt: skip
    relationship_services.recompute()

    body = token_client(manager).get(f"{API}/alerts?kind=relationship.drift").json()

    assert body["count"] >= 1
    alert = body["items"][0]
    assert alert["supplier_id"] == supplier_a.pk and alert["subject"] == "suggestions"
    assert alert["evidence"]["finding"]["signal"] == "suggestions"


# --- digest -------------------------------------------------------------------------------


def test_daily_digest_is_switched_on_and_off(viewer):
    client = token_client(viewer)

    on = client.put(f"{API}/alerts/digest", {"daily_digest": True}, content_type=JSON)
    assert on.status_code == 200 and on.json() == {"daily_digest": True}
    assert AlertPreference.objects.get(user=viewer).daily_digest is True

    off = client.put(f"{API}/alerts/digest", {"daily_digest": False}, content_type=JSON)
    assert off.json() == {"daily_digest": False}
    assert AlertPreference.objects.get(user=viewer).daily_digest is False


@pytest.mark.parametrize("payload", [{}, {"daily_digest": "yes"}, {"daily_digest": 1}])
def test_bad_digest_choice_is_422(viewer, payload):
    response = token_client(viewer).put(f"{API}/alerts/digest", payload, content_type=JSON)

    assert response.status_code == 422
    assert "daily_digest" in error_fields(response)
    assert not AlertPreference.objects.exists()


# --- portal users -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "payload"),
    [
        ("get", "/alerts", None),
        ("get", "/alerts?supplier={a}", None),
        ("get", "/alerts/{alert}", None),
        ("post", "/alerts/{alert}/acknowledge", {"note": ""}),
        ("post", "/alerts/{alert}/dismiss", {"note": "Not true"}),
        ("post", "/alerts/{alert}/reopen", None),
        ("put", "/alerts/digest", {"daily_digest": True}),
    ],
)
def test_portal_user_reaches_no_alert_even_about_their_own_supplier(
    portal_user_a, supplier_a, alert_a, method, path, payload
):
    before = alert_rows()
    url = API + path.format(a=supplier_a.pk, alert=alert_a.pk)

    response = getattr(token_client(portal_user_a), method)(url, payload, content_type=JSON)

    assert response.status_code in (403, 404), response.content
    assert "suggestions" not in response.content.decode()
    assert alert_rows() == before
    assert not AlertPreference.objects.exists()
