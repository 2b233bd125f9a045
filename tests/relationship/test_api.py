"""Relationship signals over the REST API: interactions, the trust ledger, health, response
times, the portfolio health list, settings, the recompute and the timeline; permissions."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from partnerbook.accounts.models import Role
from partnerbook.alerts.models import Alert
from partnerbook.relationship import services
from partnerbook.relationship.domain import SignalConfig
from partnerbook.relationship.models import (
    HealthSnapshot,
    Interaction,
    InteractionSignal,
    RelationshipSettings,
    TrustEntry,
)
from partnerbook.relationship.schemas import SignalSettingsIn, SignalSettingsOut
from partnerbook.suppliers import services as supplier_services
from tests.api import API, error_fields, token_client
from tests.factories import UserFactory, bulk_suppliers

pytestmark = pytest.mark.django_db

JSON = "application/json"
NOW = dt.datetime(2025, 6, 15, 12, tzinfo=dt.UTC)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def as_manager(manager):
    return token_client(manager)


@pytest.fixture
def as_buyer(buyer):
    return token_client(buyer)


@pytest.fixture
def as_viewer(viewer):
    return token_client(viewer)


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def log(user, supplier, **data) -> Interaction:
    """An interaction through the service, with quick-entry defaults."""
    data = {"occurred_on": days_ago(1), "channel": "call", "initiated_by": "ours", **data}
    return services.record_interaction(user, supplier, data)


def post(client, path, payload=None):
    return client.post(API + path, payload, content_type=JSON)


def patch(client, path, payload):
    return client.patch(API + path, payload, content_type=JSON)


def put(client, path, payload):
    return client.put(API + path, payload, content_type=JSON)


def interaction_rows() -> list[dict]:
    return list(Interaction.objects.values().order_by("pk"))


def make_drift(user, supplier, count: int = 40) -> None:
    """Suggestions came steadily through the baseline (100 to 450 days ago, so the same
    season last year too) and stopped: a clear drift, not a seasonal low."""
    for i in range(count):
        log(
            user,
            supplier,
            occurred_on=days_ago(100 + i * 9),
            initiated_by="supplier",
            channel="meeting",
            tags=["unsolicited_suggestion"],
            notes="Good ideas, as usual.",
        )


# --- logging interactions -----------------------------------------------------------------

INTERACTION = {"occurred_on": "2025-06-10", "channel": "meeting", "initiated_by": "supplier",
               "subject": "Quarterly review", "notes": "Friendly and constructive meeting.",
               "tags": ["unsolicited_suggestion", "early_warning"]}  # fmt: skip


def test_buyer_logs_an_interaction_for_their_supplier_and_health_is_recomputed(
    as_buyer, buyer, supplier_a
):
    ours = supplier_services.create_contact(buyer, supplier_a, {"side": "supplier", "name": "Kim"})
    payload = {
        **INTERACTION,
        "contacts": [ours.pk],
        "participants": [buyer.pk],
        "request_side": "ours",
        "request_kind": "data",
        "asked_at": "2025-06-10T09:00:00Z",
        "answered_at": "2025-06-11T15:00:00Z",
    }

    response = post(as_buyer, f"/suppliers/{supplier_a.pk}/interactions", payload)

    assert response.status_code == 201, response.content
    body = response.json()
    interaction = Interaction.objects.get()
    assert body["id"] == interaction.pk and body["supplier_id"] == supplier_a.pk
    assert body["occurred_on"] == "2025-06-10"
    assert body["tags"] == ["early_warning", "request", "unsolicited_suggestion"]
    assert body["contacts"] == [ours.pk] and body["participants"] == [buyer.pk]
    assert body["response_hours"] == 30
    assert body["sentiment"] > 0 and body["formality"] is not None
    assert body["archived"] is False
    assert set(body) == {
        "id", "supplier_id", "occurred_on", "channel", "initiated_by", "subject", "notes",
        "tags", "contacts", "participants", "request_side", "request_kind", "asked_at",
        "answered_at", "response_hours", "sentiment", "formality", "archived", "version",
    }  # fmt: skip
    assert interaction.created_by == buyer
    assert HealthSnapshot.objects.filter(supplier=supplier_a, as_of=TODAY).exists()


def test_quick_entry_needs_only_day_channel_and_who_started_it(as_manager, supplier_a):
    payload = {"occurred_on": "2025-06-15", "channel": "informal_checkin", "initiated_by": "ours"}

    response = post(as_manager, f"/suppliers/{supplier_a.pk}/interactions", payload)

    assert response.status_code == 201, response.content
    assert response.json()["tags"] == [] and response.json()["asked_at"] is None


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"occurred_on": "2025-06-16"}, 400, "occurred_on"),
        ({"occurred_on": 20250610}, 422, "occurred_on"),
        ({"occurred_on": 0}, 422, "occurred_on"),
        ({"occurred_on": "last tuesday"}, 422, "occurred_on"),
        ({"request_side": "ours", "asked_at": "2025-06-10T09:00:00Z",
          "answered_at": "2025-06-10T08:00:00Z"}, 400, "answered_at"),
        ({"answered_at": "2025-06-10T08:00:00Z"}, 400, "asked_at"),
        ({"asked_at": "2025-06-10T08:00:00Z"}, 400, "request_side"),
        ({"asked_at": 1718000000, "request_side": "ours"}, 422, "asked_at"),
        ({"tags": ["request"]}, 400, "request_side"),
        ({"tags": ["gossip"]}, 422, "tags.0"),
        ({"tags": ["blame"] * 21}, 422, "tags"),
        ({"channel": "carrier_pigeon"}, 422, "channel"),
        ({"initiated_by": "both"}, 422, "initiated_by"),
        ({"request_kind": "money"}, 422, "request_kind"),
        ({"subject": "x" * 201}, 422, "subject"),
        ({"notes": "x" * 20_001}, 422, "notes"),
        ({"notes": "nul \x00 here"}, 422, "notes"),
        ({"contacts": [987654]}, 400, "contacts"),
        ({"contacts": [True]}, 422, "contacts.0"),
        ({"participants": [987654]}, 400, "participants"),
        ({"participants": list(range(1, 52))}, 422, "participants"),
        ({"mood": "great"}, 422, "mood"),
    ],
)  # fmt: skip
def test_bad_interaction_is_refused_naming_the_field_and_nothing_is_saved(
    as_manager, supplier_a, change, status, field
):
    response = post(
        as_manager, f"/suppliers/{supplier_a.pk}/interactions", {**INTERACTION, **change}
    )

    assert response.status_code == status, response.content
    assert field in error_fields(response)
    assert not Interaction.objects.exists()


def test_unknown_tag_is_422_naming_tags(as_manager, supplier_a):
    response = post(
        as_manager, f"/suppliers/{supplier_a.pk}/interactions", {**INTERACTION, "tags": ["x"]}
    )

    assert response.status_code == 422
    assert any(field.startswith("tags") for field in error_fields(response))


def test_contacts_must_belong_to_the_supplier(as_manager, manager, supplier_a, supplier_b):
    theirs = supplier_services.create_contact(
        manager, supplier_b, {"side": "supplier", "name": "X"}
    )

    response = post(
        as_manager,
        f"/suppliers/{supplier_a.pk}/interactions",
        {**INTERACTION, "contacts": [theirs.pk]},
    )

    assert response.status_code == 400
    assert error_fields(response) == {"contacts"}
    assert not Interaction.objects.exists()


def test_participants_must_be_active_colleagues(as_manager, supplier_a, portal_user_a):
    former = UserFactory(username="gone", role=Role.BUYER, is_active=False)

    for user in (portal_user_a, former):
        response = post(
            as_manager,
            f"/suppliers/{supplier_a.pk}/interactions",
            {**INTERACTION, "participants": [user.pk]},
        )

        assert response.status_code == 400
        assert error_fields(response) == {"participants"}
    assert not Interaction.objects.exists()


def test_logging_for_an_unknown_supplier_is_404(as_manager):
    assert post(as_manager, "/suppliers/987654/interactions", INTERACTION).status_code == 404
    assert as_manager.get(f"{API}/suppliers/987654/interactions").status_code == 404


def test_buyer_cannot_log_for_another_buyers_supplier(as_buyer, supplier_b):
    response = post(as_buyer, f"/suppliers/{supplier_b.pk}/interactions", INTERACTION)

    assert response.status_code == 403
    assert not Interaction.objects.exists()


def test_viewer_reads_interactions_but_cannot_log_one(as_viewer, manager, supplier_a):
    log(manager, supplier_a, subject="Seen by all")

    listed = as_viewer.get(f"{API}/suppliers/{supplier_a.pk}/interactions")
    logged = post(as_viewer, f"/suppliers/{supplier_a.pk}/interactions", INTERACTION)

    assert listed.status_code == 200
    assert [i["subject"] for i in listed.json()["items"]] == ["Seen by all"]
    assert logged.status_code == 403
    assert Interaction.objects.count() == 1


# --- listing ------------------------------------------------------------------------------


def test_interactions_are_listed_newest_first_and_filtered(as_viewer, manager, supplier_a):
    old = log(manager, supplier_a, occurred_on=days_ago(200), channel="email", subject="old")
    mid = log(manager, supplier_a, occurred_on=days_ago(30), subject="mid", tags=["blame"])
    new = log(manager, supplier_a, occurred_on=days_ago(2), subject="new", tags=["blame"])
    gone = log(manager, supplier_a, occurred_on=days_ago(3), subject="gone")
    services.set_interaction_archived(manager, gone, True)
    url = f"{API}/suppliers/{supplier_a.pk}/interactions"

    def subjects(query: str = "") -> list[str]:
        response = as_viewer.get(url + query)
        assert response.status_code == 200, response.content
        return [i["subject"] for i in response.json()["items"]]

    assert subjects() == ["new", "mid", "old"]
    assert as_viewer.get(url).json()["count"] == 3
    assert subjects("?limit=1&offset=1") == ["mid"]
    assert subjects(f"?since={days_ago(30)}") == ["new", "mid"]
    assert subjects(f"?until={days_ago(30)}") == ["mid", "old"]
    assert subjects("?channel=email") == [old.subject]
    assert subjects("?tag=blame") == [new.subject, mid.subject]
    assert subjects("?archived=true") == ["gone"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=0", "limit"),
        ("limit=201", "limit"),
        ("offset=-1", "offset"),
        ("since=yesterday", "since"),
        ("channel=fax", "channel"),
        ("tag=gossip", "tag"),
        ("archived=perhaps", "archived"),
    ],
)
def test_bad_list_parameter_is_422_naming_it(as_viewer, supplier_a, query, field):
    response = as_viewer.get(f"{API}/suppliers/{supplier_a.pk}/interactions?{query}")

    assert response.status_code == 422
    assert field in error_fields(response)


def test_interaction_list_runs_a_fixed_number_of_queries(
    as_viewer, manager, buyer, supplier_a, django_assert_max_num_queries
):
    contact = supplier_services.create_contact(
        manager, supplier_a, {"side": "supplier", "name": "K"}
    )
    interactions = Interaction.objects.bulk_create(
        Interaction(supplier=supplier_a, occurred_on=days_ago(i % 700), channel="call",
                    initiated_by="ours", subject=f"call {i}", created_by=manager)
        for i in range(300)
    )  # fmt: skip
    InteractionSignal.objects.bulk_create(
        InteractionSignal(interaction=i, supplier=supplier_a, tag=tag, side="ours",
                          occurred_on=i.occurred_on)
        for i in interactions
        for tag in ("blame", "request")
    )  # fmt: skip
    Interaction.contacts.through.objects.bulk_create(
        Interaction.contacts.through(interaction_id=i.pk, contact_id=contact.pk)
        for i in interactions
    )
    Interaction.participants.through.objects.bulk_create(
        Interaction.participants.through(interaction_id=i.pk, user_id=user.pk)
        for i in interactions
        for user in (manager, buyer)
    )

    with django_assert_max_num_queries(10):
        response = as_viewer.get(f"{API}/suppliers/{supplier_a.pk}/interactions?limit=200")

    body = response.json()
    assert body["count"] == 300 and len(body["items"]) == 200
    assert all(item["tags"] == ["blame", "request"] for item in body["items"])
    assert all(item["contacts"] == [contact.pk] for item in body["items"])
    assert all(item["participants"] == sorted([manager.pk, buyer.pk]) for item in body["items"])


# --- one interaction ----------------------------------------------------------------------


def test_interaction_is_read_by_id(as_viewer, manager, supplier_a):
    interaction = log(manager, supplier_a, subject="Hello", tags=["blame"])

    response = as_viewer.get(f"{API}/interactions/{interaction.pk}")

    assert response.status_code == 200
    assert response.json()["subject"] == "Hello" and response.json()["tags"] == ["blame"]
    assert as_viewer.get(f"{API}/interactions/987654").status_code == 404


def test_only_the_fields_sent_change(as_buyer, buyer, supplier_a):
    contact = supplier_services.create_contact(buyer, supplier_a, {"side": "supplier", "name": "K"})
    interaction = log(buyer, supplier_a, subject="Before", notes="Kept", tags=["blame"],
                      contacts=[contact])  # fmt: skip

    response = patch(as_buyer, f"/interactions/{interaction.pk}", {"subject": "After"})

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["subject"] == "After"
    assert (
        body["notes"] == "Kept" and body["tags"] == ["blame"] and body["contacts"] == [contact.pk]
    )
    interaction.refresh_from_db()
    assert interaction.subject == "After"
    assert interaction.history.first().history_change_reason == "Interaction edited."


def test_patch_replaces_tags_and_records_the_answer(as_manager, manager, supplier_a):
    interaction = log(manager, supplier_a, tags=["blame"], request_side="ours",
                      asked_at=NOW - dt.timedelta(days=2))  # fmt: skip

    response = patch(
        as_manager,
        f"/interactions/{interaction.pk}",
        {"tags": ["early_warning"], "answered_at": (NOW - dt.timedelta(days=1)).isoformat()},
    )

    assert response.status_code == 200, response.content
    assert response.json()["tags"] == ["early_warning", "request"]
    assert response.json()["response_hours"] == 24


def test_changing_who_started_it_moves_the_signals_to_that_side(as_manager, manager, supplier_a):
    interaction = log(manager, supplier_a, initiated_by="ours", tags=["blame"])

    response = patch(as_manager, f"/interactions/{interaction.pk}", {"initiated_by": "supplier"})

    assert response.status_code == 200, response.content
    assert response.json()["tags"] == ["blame"]
    assert InteractionSignal.objects.get(interaction=interaction).side == "supplier"


@pytest.mark.parametrize(
    ("payload", "status", "field"),
    [
        ({"occurred_on": "2030-01-01"}, 400, "occurred_on"),
        ({"occurred_on": None}, 422, "occurred_on"),
        ({"tags": None}, 422, "tags"),
        ({"tags": ["gossip"]}, 422, "tags.0"),
        ({"answered_at": "2025-06-01T00:00:00Z"}, 400, "answered_at"),
        ({"channel": 3}, 422, "channel"),
        ({"supplier_id": 5}, 422, "supplier_id"),
    ],
)
def test_bad_change_is_refused_naming_the_field(
    as_manager, manager, supplier_a, payload, status, field
):
    interaction = log(manager, supplier_a, request_side="ours",
                      asked_at=NOW - dt.timedelta(days=2))  # fmt: skip
    before = interaction_rows()

    response = patch(as_manager, f"/interactions/{interaction.pk}", payload)

    assert response.status_code == status, response.content
    assert field in error_fields(response)
    assert interaction_rows() == before


def test_archive_and_restore_an_interaction(as_buyer, buyer, supplier_a):
    interaction = log(buyer, supplier_a, tags=["blame"])

    archived = post(as_buyer, f"/interactions/{interaction.pk}/archive")
    assert archived.status_code == 200 and archived.json()["archived"] is True
    assert InteractionSignal.objects.get().archived is True
    assert as_buyer.get(f"{API}/suppliers/{supplier_a.pk}/interactions").json()["count"] == 0

    restored = post(as_buyer, f"/interactions/{interaction.pk}/restore")
    assert restored.status_code == 200 and restored.json()["archived"] is False
    assert InteractionSignal.objects.get().archived is False


@pytest.mark.parametrize(
    ("method", "tail", "payload"),
    [
        ("patch", "", {"subject": "Changed"}),
        ("post", "/archive", None),
        ("post", "/restore", None),
    ],
)
def test_viewer_and_other_buyer_cannot_change_an_interaction(
    viewer, buyer, manager, supplier_b, method, tail, payload
):
    interaction = log(manager, supplier_b, subject="Original")
    before = interaction_rows()

    for user in (viewer, buyer):
        response = getattr(token_client(user), method)(
            f"{API}/interactions/{interaction.pk}{tail}", payload, content_type=JSON
        )

        assert response.status_code == 403, user
    assert interaction_rows() == before


# --- trust ledger -------------------------------------------------------------------------


def test_trust_ledger_adds_signal_weights_and_manual_entries(as_viewer, manager, supplier_a):
    log(manager, supplier_a, occurred_on=days_ago(10), initiated_by="supplier",
        tags=["early_warning", "unsolicited_suggestion"])  # fmt: skip
    log(manager, supplier_a, occurred_on=days_ago(5), tags=["blame"])
    services.add_trust_entry(
        manager, supplier_a, {"occurred_on": days_ago(1), "points": -2, "reason": "Late reply"}
    )

    response = as_viewer.get(f"{API}/suppliers/{supplier_a.pk}/trust-ledger")

    assert response.status_code == 200
    body = response.json()
    assert body["balance"] == 4 + 3 - 3 - 2
    assert body["series"] == [
        {"day": str(days_ago(10)), "balance": 7},
        {"day": str(days_ago(5)), "balance": 4},
        {"day": str(days_ago(1)), "balance": 2},
    ]
    assert body["lines"][0] == {
        "day": str(days_ago(1)), "points": -2, "source": "manual", "label": "Late reply"
    }  # fmt: skip
    assert {line["source"] for line in body["lines"]} == {
        "manual", "blame", "early_warning", "unsolicited_suggestion"
    }  # fmt: skip


def test_buyer_adds_a_trust_entry_for_their_supplier(as_buyer, buyer, supplier_a):
    response = post(
        as_buyer,
        f"/suppliers/{supplier_a.pk}/trust-entries",
        {"points": 5, "reason": "Helped with a rush order"},
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["points"] == 5 and body["occurred_on"] == str(TODAY)
    assert body["created_by"] == buyer.username and body["supplier_id"] == supplier_a.pk
    assert TrustEntry.objects.get().reason == "Helped with a rush order"
    ledger = as_buyer.get(f"{API}/suppliers/{supplier_a.pk}/trust-ledger").json()
    assert ledger["balance"] == 5


@pytest.mark.parametrize(
    ("payload", "status", "field"),
    [
        ({"points": 0, "reason": "Nothing"}, 400, "points"),
        ({"points": 51, "reason": "Too much"}, 422, "points"),
        ({"points": -51, "reason": "Too much"}, 422, "points"),
        ({"points": True, "reason": "Bool"}, 422, "points"),
        ({"points": 2.5, "reason": "Half"}, 422, "points"),
        ({"points": 3, "reason": ""}, 422, "reason"),
        ({"points": 3, "reason": "   "}, 422, "reason"),
        ({"points": 3, "reason": "x" * 501}, 422, "reason"),
        ({"points": 3}, 422, "reason"),
        ({"points": 3, "reason": "Later", "occurred_on": "2025-06-16"}, 400, "occurred_on"),
        ({"points": 3, "reason": "Number", "occurred_on": 20250101}, 422, "occurred_on"),
    ],
)
def test_bad_trust_entry_is_refused_naming_the_field(
    as_manager, supplier_a, payload, status, field
):
    response = post(as_manager, f"/suppliers/{supplier_a.pk}/trust-entries", payload)

    assert response.status_code == status, response.content
    assert field in error_fields(response)
    assert not TrustEntry.objects.exists()


def test_viewer_and_other_buyer_cannot_add_trust_entries(viewer, buyer, supplier_b):
    for user in (viewer, buyer):
        response = post(
            token_client(user),
            f"/suppliers/{supplier_b.pk}/trust-entries",
            {"points": 5, "reason": "Sneaky"},
        )

        assert response.status_code == 403
    assert not TrustEntry.objects.exists()


def test_trust_entry_for_an_unknown_supplier_is_404(as_manager):
    response = post(as_manager, "/suppliers/987654/trust-entries", {"points": 5, "reason": "x"})

    assert response.status_code == 404


# --- health and signals -------------------------------------------------------------------


def test_health_is_empty_until_first_computed(as_viewer, supplier_a):
    response = as_viewer.get(f"{API}/suppliers/{supplier_a.pk}/health")

    assert response.status_code == 200
    assert response.json() == {
        "supplier_id": supplier_a.pk, "score": None, "light": "", "change": None,
        "confidence": 0.0, "as_of": None, "breakdown": [], "findings": [], "metrics": {},
        "trend": [],
    }  # fmt: skip


def test_health_explains_the_score_and_its_drift_findings(as_viewer, manager, supplier_a):
    make_drift(manager, supplier_a)
    services.recompute()

    response = as_viewer.get(f"{API}/suppliers/{supplier_a.pk}/health")

    body = response.json()
    assert response.status_code == 200
    assert 0 <= body["score"] <= 100 and body["light"] in ("green", "yellow", "red")
    assert body["as_of"] == str(TODAY)
    assert body["trend"] == [{"day": str(TODAY), "score": body["score"]}]
    assert {c["key"] for c in body["breakdown"]} >= {"trust", "collaboration"}
    assert set(body["breakdown"][0]) == {"key", "label", "weight", "value", "subscore", "points"}
    finding = next(f for f in body["findings"] if f["signal"] == "suggestions")
    assert finding["confidence"] > 0.95 and finding["explanation"]
    assert body["metrics"]["baseline_interactions"] == 40


def test_signals_show_response_times_and_waiting_requests(as_viewer, manager, supplier_a):
    log(manager, supplier_a, occurred_on=days_ago(3), request_side="ours", request_kind="data",
        asked_at=NOW - dt.timedelta(days=3), answered_at=NOW - dt.timedelta(days=2))  # fmt: skip
    waiting = log(manager, supplier_a, occurred_on=days_ago(1), request_side="ours",
                  request_kind="concession", subject="Price cut?")  # fmt: skip

    response = as_viewer.get(f"{API}/suppliers/{supplier_a.pk}/signals")

    assert response.status_code == 200
    body = response.json()
    quarter = body["periods"][0]
    assert quarter["period"] == "2025-Q2"
    assert quarter["our_requests"] == 2 and quarter["their_median_hours"] == 24
    assert len(body["periods"]) == 6
    assert body["unanswered"] == [
        {"interaction_id": waiting.pk, "asked_at": "2025-06-14T00:00:00Z",
         "request_side": "ours", "request_kind": "concession", "subject": "Price cut?"}
    ]  # fmt: skip


# --- portfolio health ---------------------------------------------------------------------


def snapshot(supplier, score, light, change=None, as_of=TODAY):
    return HealthSnapshot.objects.create(
        supplier=supplier, as_of=as_of, score=score, light=light, change=change,
        findings=[{"signal": "trust", "label": "Trust balance falling", "baseline": "0",
                   "recent": "-12", "confidence": 1.0, "explanation": "Fell.",
                   "severity": "warning"}] if light == "red" else [],
    )  # fmt: skip


def test_portfolio_health_lists_each_watched_suppliers_latest_score(
    as_viewer, manager, supplier_a, supplier_b
):
    snapshot(supplier_a, 90, "green", as_of=days_ago(40))
    snapshot(supplier_a, 40, "red", change=-50)
    snapshot(supplier_b, 75, "green", change=5)
    gone = supplier_services.create_supplier(manager, {"name": "Gone", "status": "active"})
    snapshot(gone, 10, "red")
    supplier_services.set_archived(manager, gone, True)
    url = f"{API}/health"

    body = as_viewer.get(url).json()

    assert body["count"] == 2
    assert body["items"][0] == {
        "supplier_id": supplier_a.pk, "supplier_name": "Alpha Packaging", "score": 40,
        "light": "red", "change": -50, "as_of": str(TODAY),
        "findings": [{"signal": "trust", "label": "Trust balance falling", "baseline": "0",
                      "recent": "-12", "confidence": 1.0, "explanation": "Fell.",
                      "severity": "warning"}],
    }  # fmt: skip
    names = lambda query: [i["supplier_name"] for i in as_viewer.get(url + query).json()["items"]]  # noqa: E731
    assert names("?sort=-score") == ["Beta Boxes", "Alpha Packaging"]
    assert names("?sort=-change") == ["Beta Boxes", "Alpha Packaging"]
    assert names("?sort=name") == ["Alpha Packaging", "Beta Boxes"]
    assert names("?light=green") == ["Beta Boxes"]
    assert names("?limit=1&offset=1") == ["Beta Boxes"]


@pytest.mark.parametrize(("query", "field"), [("sort=best", "sort"), ("light=blue", "light")])
def test_bad_portfolio_health_parameter_is_422(as_viewer, query, field):
    response = as_viewer.get(f"{API}/health?{query}")

    assert response.status_code == 422
    assert field in error_fields(response)


def test_portfolio_health_runs_a_fixed_number_of_queries(as_viewer, django_assert_max_num_queries):
    suppliers = bulk_suppliers(300)
    HealthSnapshot.objects.bulk_create(
        HealthSnapshot(supplier=s, as_of=days_ago(d), score=(s.pk * 7 + d) % 100, light="yellow")
        for s in suppliers
        for d in (0, 30)
    )

    with django_assert_max_num_queries(10):
        response = as_viewer.get(f"{API}/health?limit=200&sort=-change")

    watched = sum(s.status in services.WATCHED_STATUSES for s in suppliers)
    assert response.json()["count"] == watched
    assert len(response.json()["items"]) == 200


# --- settings -----------------------------------------------------------------------------


def test_any_colleague_reads_the_settings_with_every_tag_weight(as_viewer):
    response = as_viewer.get(f"{API}/relationship/settings")

    assert response.status_code == 200
    body = response.json()
    defaults = SignalConfig()
    assert body["recent_days"] == defaults.recent_days
    assert body["significance"] == pytest.approx(defaults.significance)
    assert body["tag_weights"]["problem_hidden"] == -6
    assert len(body["tag_weights"]) == 13


def test_settings_schemas_cover_every_setting():
    every = {*services.SETTINGS_FIELDS, "tag_weights", "version"}

    assert set(SignalSettingsIn.model_fields) == every
    assert set(SignalSettingsOut.model_fields) == every


def test_admin_changes_only_the_settings_sent(admin_user):
    client = token_client(admin_user)

    payload = {"recent_days": 60, "rate_ratio": 0.4, "tag_weights": {"blame": -5}}

    response = put(client, "/relationship/settings", payload)

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["recent_days"] == 60 and body["rate_ratio"] == 0.4
    assert body["baseline_days"] == 365
    assert body["tag_weights"]["blame"] == -5 and body["tag_weights"]["early_warning"] == 4
    assert services.current_config().recent_days == 60
    second = put(client, "/relationship/settings", {"green_from": 80}).json()
    assert second["recent_days"] == 60 and second["tag_weights"]["blame"] == -5


@pytest.mark.parametrize(
    ("payload", "status", "field"),
    [
        ({"recent_days": True}, 422, "recent_days"),
        ({"recent_days": 30.5}, 422, "recent_days"),
        ({"recent_days": "30"}, 422, "recent_days"),
        ({"recent_days": 13}, 422, "recent_days"),
        ({"significance": 0.7}, 422, "significance"),
        ({"significance": False}, 422, "significance"),
        ({"significance": None}, 422, "significance"),
        ({"rate_ratio": "NaN"}, 422, "rate_ratio"),
        ({"red_below": 80, "green_from": 70}, 400, "red_below"),
        ({"recent_days": 200, "baseline_days": 100}, 400, "baseline_days"),
        ({"tag_weights": {"gossip": 2}}, 422, "tag_weights.gossip"),
        ({"tag_weights": {"blame": 21}}, 422, "tag_weights.blame"),
        ({"tag_weights": {"blame": True}}, 422, "tag_weights.blame"),
        ({"colour": "red"}, 422, "colour"),
    ],
)
def test_bad_settings_are_refused_naming_the_field(admin_user, payload, status, field):
    response = put(token_client(admin_user), "/relationship/settings", payload)

    assert response.status_code == status, response.content
    assert field in error_fields(response)
    assert not RelationshipSettings.objects.exists()


@pytest.mark.parametrize("role", ["manager", "buyer", "viewer"])
def test_only_admins_change_the_settings(request, role):
    user = request.getfixturevalue(role)

    response = put(token_client(user), "/relationship/settings", {"recent_days": 60})

    assert response.status_code == 403
    assert not RelationshipSettings.objects.exists()


# --- recompute ----------------------------------------------------------------------------


def test_manager_recomputes_and_a_drift_raises_an_alert(as_manager, manager, supplier_a):
    make_drift(manager, supplier_a)

    response = post(as_manager, "/relationship/recompute", {})

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["as_of"] == str(TODAY) and body["suppliers"] == 1 and body["scored"] == 1
    assert body["findings"] >= 1 and body["alerts_raised"] >= 1 and body["seconds"] >= 0
    assert Alert.objects.filter(supplier=supplier_a, kind="relationship.drift").exists()


def test_recompute_of_one_supplier_on_a_past_day(as_manager, supplier_a):
    response = post(
        as_manager, "/relationship/recompute", {"as_of": "2025-05-01", "supplier_id": supplier_a.pk}
    )

    assert response.status_code == 200, response.content
    assert response.json()["suppliers"] == 1 and response.json()["as_of"] == "2025-05-01"
    assert list(HealthSnapshot.objects.values_list("supplier_id", "as_of")) == [
        (supplier_a.pk, dt.date(2025, 5, 1))
    ]


@pytest.mark.parametrize(
    ("payload", "status", "field"),
    [
        ({"as_of": "2025-06-16"}, 400, "as_of"),  # in the future: a rule, not the schema
        ({"as_of": "0001-01-01"}, 400, "as_of"),  # too far back
        ({"as_of": 20250601}, 422, "as_of"),
        ({"supplier_id": 987654}, 404, None),
        ({"supplier_id": "1"}, 422, "supplier_id"),
    ],
)
def test_bad_recompute_request_is_refused(as_manager, supplier_a, payload, status, field):
    response = post(as_manager, "/relationship/recompute", payload)

    assert response.status_code == status, response.content
    if field:
        assert field in error_fields(response)
    assert not HealthSnapshot.objects.exists()


@pytest.mark.parametrize("role", ["buyer", "viewer"])
def test_buyers_and_viewers_cannot_recompute(request, supplier_a, role):
    response = post(token_client(request.getfixturevalue(role)), "/relationship/recompute", {})

    assert response.status_code == 403
    assert not HealthSnapshot.objects.exists()


# --- timeline -----------------------------------------------------------------------------


def test_timeline_merges_every_source_newest_first(as_viewer, manager, supplier_a):
    log(manager, supplier_a, occurred_on=days_ago(20), subject="Kick-off", tags=["blame"])
    services.add_trust_entry(
        manager, supplier_a, {"occurred_on": days_ago(10), "points": 4, "reason": "Fast fix"}
    )
    url = f"{API}/suppliers/{supplier_a.pk}/timeline"

    response = as_viewer.get(url)

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["truncated"] is False
    assert [i["kind"] for i in body["items"]] == ["status", "trust", "interactions"]
    assert body["items"][1]["title"] == "Trust deposit of 4"
    assert body["items"][2]["title"] == "Call: Kick-off"
    assert set(body["items"][0]) == {"when", "kind", "title", "detail", "who", "url", "badge"}
    only = as_viewer.get(f"{url}?kind=trust&kind=interactions").json()["items"]
    assert [i["kind"] for i in only] == ["trust", "interactions"]
    assert as_viewer.get(f"{url}?period=30&kind=interactions").json()["items"] != []


def test_timeline_period_narrows_and_limit_truncates(as_viewer, manager, supplier_a):
    Interaction.objects.bulk_create(
        Interaction(supplier=supplier_a, occurred_on=days_ago(i), channel="call",
                    initiated_by="ours")
        for i in range(250)
    )  # fmt: skip
    url = f"{API}/suppliers/{supplier_a.pk}/timeline?kind=interactions"

    recent = as_viewer.get(f"{url}&period=30").json()
    everything = as_viewer.get(f"{url}&period=all").json()

    assert len(recent["items"]) == 31 and recent["truncated"] is False
    assert len(everything["items"]) == 200 and everything["truncated"] is True


@pytest.mark.parametrize(("query", "field"), [("kind=gossip", "kind"), ("period=7", "period")])
def test_bad_timeline_parameter_is_422(as_viewer, supplier_a, query, field):
    response = as_viewer.get(f"{API}/suppliers/{supplier_a.pk}/timeline?{query}")

    assert response.status_code == 422
    assert field in error_fields(response)


def test_timeline_of_unknown_supplier_is_404(as_viewer):
    assert as_viewer.get(f"{API}/suppliers/987654/timeline").status_code == 404


def test_portal_user_cannot_read_even_their_own_suppliers_timeline(portal_user_a, supplier_a):
    response = token_client(portal_user_a).get(f"{API}/suppliers/{supplier_a.pk}/timeline")

    assert response.status_code == 403


# --- portal users -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "payload"),
    [
        ("get", "/suppliers/{a}/interactions", None),
        ("post", "/suppliers/{a}/interactions", INTERACTION),
        ("get", "/interactions/{i}", None),
        ("patch", "/interactions/{i}", {"subject": "Mine now"}),
        ("post", "/interactions/{i}/archive", None),
        ("post", "/interactions/{i}/restore", None),
        ("get", "/suppliers/{a}/trust-ledger", None),
        ("post", "/suppliers/{a}/trust-entries", {"points": 50, "reason": "We are great"}),
        ("get", "/suppliers/{a}/health", None),
        ("get", "/suppliers/{a}/signals", None),
        ("get", "/health", None),
        ("get", "/relationship/settings", None),
        ("put", "/relationship/settings", {"recent_days": 60}),
        ("post", "/relationship/recompute", {}),
        ("post", "/relationship/recompute", {"supplier_id": "{a}"}),
        ("get", "/suppliers/{a}/timeline", None),
    ],
)
def test_portal_user_reaches_no_relationship_signal_of_their_own_supplier(
    portal_user_a, manager, supplier_a, method, path, payload
):
    interaction = log(manager, supplier_a, subject="Internal only", notes="Our view of them")
    before = interaction_rows(), TrustEntry.objects.count(), HealthSnapshot.objects.count()
    url = API + path.format(a=supplier_a.pk, i=interaction.pk)
    if payload and payload.get("supplier_id") == "{a}":
        payload = {"supplier_id": supplier_a.pk}

    response = getattr(token_client(portal_user_a), method)(url, payload, content_type=JSON)

    assert response.status_code in (403, 404), response.content
    assert "Internal only" not in response.content.decode()
    after = interaction_rows(), TrustEntry.objects.count(), HealthSnapshot.objects.count()
    assert after == before
