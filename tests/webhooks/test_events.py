"""The feature services publish their events; an anonymous concern carries no identity."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from partnerbook.webhooks import domain, services
from partnerbook.webhooks.models import Delivery


@pytest.fixture
def hook(admin_user):
    return services.create_webhook(
        admin_user, {"url": "https://erp.example.com/in", "events": list(domain.EVENT_KEYS)}
    )


def delivered(event: str) -> list[dict]:
    return [d.payload for d in Delivery.objects.filter(event=event).order_by("pk")]


@pytest.mark.django_db
def test_an_anonymous_concern_carries_nothing_about_its_writer(
    hook, portal_user_a, supplier_a, django_capture_on_commit_callbacks
):
    from partnerbook.portal import services as voice

    with django_capture_on_commit_callbacks(execute=True):
        concern = voice.raise_concern(
            portal_user_a, {"topic": "conduct", "text": "Shouted at in a call.", "anonymous": True}
        )
    [payload] = delivered("portal.message_received")
    assert payload == {
        "kind": "concern", "anonymous": True,
        "supplier_id": supplier_a.pk, "supplier_name": "Alpha Packaging",
    }  # fmt: skip
    text = json.dumps(payload)
    for trace in (portal_user_a.username, portal_user_a.display_name, str(concern.pk),
                  "Shouted", "conduct", '"author', '"user'):  # fmt: skip
        assert trace not in text


@pytest.mark.django_db
def test_a_named_concern_and_portal_messages_are_published(
    hook, portal_user_a, supplier_a, django_capture_on_commit_callbacks
):
    from partnerbook.portal import services as voice
    from partnerbook.tickets import services as tickets

    with django_capture_on_commit_callbacks(execute=True):
        voice.raise_concern(portal_user_a, {"topic": "payment", "text": "Late invoices."})
        voice.send_message(
            portal_user_a, {"kind": "suggestion", "title": "Reusable pallets", "text": "Try it."}
        )
        tickets.open_ticket(portal_user_a, "Invoice address?", "Where do we send them?")
    kinds = [(p["kind"], p.get("author")) for p in delivered("portal.message_received")]
    name = portal_user_a.display_name
    assert kinds == [("concern", name), ("suggestion", name), ("question", name)]


@pytest.mark.django_db
def test_alerts_reviews_and_escalations_are_published(
    hook, manager, buyer, supplier_a, django_capture_on_commit_callbacks
):
    from partnerbook.alerts.services import AlertCandidate, sync_alerts
    from partnerbook.conflicts import services as conflicts
    from partnerbook.reviews import services as reviews

    today = dt.date(2026, 3, 2)
    with django_capture_on_commit_callbacks(execute=True):
        kind = "relationship.drift"
        candidate = AlertCandidate(supplier_a.pk, kind, "suggestions", "Alpha drifts")
        sync_alerts(today, [candidate], scope_kinds={kind})
        sync_alerts(today, [candidate], scope_kinds={kind})  # seen again: no second event
        issue = conflicts.raise_issue(
            buyer,
            supplier_a,
            {"title": "Late pallets", "category": "delivery", "severity": "major"},
        )
        conflicts.move(buyer, issue, 2, "The working level needs help.")
        conflicts.move(buyer, issue, 1, "Back to the working level.")  # down: not published
        review = reviews.demo_review(manager, supplier_a, dt.date(2026, 1, 1))

    [alert] = delivered("alert.raised")
    assert alert["supplier_id"] == supplier_a.pk and alert["kind"] == kind
    assert alert["alert_id"] == supplier_a.alerts.get().pk and alert["raised_on"] == "2026-03-02"
    assert delivered("issue.escalated") == [
        {"issue_id": issue.pk, "supplier_id": supplier_a.pk, "title": "Late pallets",
         "from_level": 1, "to_level": 2}
    ]  # fmt: skip
    [recorded] = delivered("review.recorded")
    assert recorded["review_id"] == review.pk and recorded["quarter"] == review.quarter_label
