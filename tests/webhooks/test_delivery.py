"""Deliveries to a real local receiver: signed with the documented recipe, retried with
back-off, the webhook switched off after five failures in a row (administrators told),
nothing lost meanwhile, and everything held sent in order once it is switched on again."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from django_tasks.backends.database.models import DBTaskResult

from partnerbook.core import events
from partnerbook.webhooks import domain, services, tasks
from partnerbook.webhooks.models import Delivery, Webhook

DOCS = Path(__file__).resolve().parents[2] / "docs" / "webhooks.md"
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def documented_verify():
    """The `verify` function exactly as docs/webhooks.md shows it."""
    code = re.search(r"```python\n(.*?)```", DOCS.read_text(), re.S).group(1)
    namespace: dict = {}
    exec(compile(code, str(DOCS), "exec"), namespace)  # noqa: S102 (our own documentation)
    return namespace["verify"]


def queued() -> list[DBTaskResult]:
    return list(
        DBTaskResult.objects.filter(
            task_path=tasks.send_deliveries.module_path, status="READY"
        ).order_by("run_after")
    )


def run_queued() -> int:
    """Run the queued sending tasks that are due now, as `partnerbook worker` would."""
    ran = 0
    while True:
        due = (
            DBTaskResult.objects.ready()
            .filter(task_path=tasks.send_deliveries.module_path)
            .order_by("run_after", "enqueued_at")
            .first()
        )
        if due is None:
            return ran
        due.delete()
        tasks.send_deliveries.call(*due.args_kwargs["args"])
        ran += 1


@pytest.fixture
def hook(admin_user, receiver):
    return services.create_webhook(
        admin_user, {"url": receiver.url, "events": list(domain.EVENT_KEYS)}
    )


@pytest.mark.django_db
def test_a_status_change_is_delivered_signed_with_the_documented_recipe(
    hook, receiver, manager, supplier_a, django_capture_on_commit_callbacks
):
    from partnerbook.suppliers import services as suppliers

    with django_capture_on_commit_callbacks(execute=True):
        suppliers.change_status(manager, supplier_a, "reserve")
    assert run_queued() == 1

    [request] = receiver.requests
    assert request.path == "/partnerbook-events"
    assert request.headers["X-Partnerbook-Event"] == "supplier.status_changed"
    verify = documented_verify()
    assert verify(hook.secret, request.headers, request.body)
    assert not verify(hook.secret, request.headers, request.body + b" ")
    assert not verify("whsec_another", request.headers, request.body)
    document = json.loads(request.body)
    delivery = Delivery.objects.get()
    assert request.headers["X-Partnerbook-Delivery"] == str(delivery.pk) == str(document["id"])
    assert document["event"] == "supplier.status_changed"
    assert document["data"] == {
        "supplier_id": supplier_a.pk, "supplier_name": "Alpha Packaging",
        "from_status": "active", "to_status": "reserve",
    }  # fmt: skip
    assert delivery.status == "sent" and delivery.attempts == 1
    assert delivery.response_status == 200 and delivery.response_body == '{"ok": true}'


@pytest.mark.django_db
def test_a_stale_or_rotated_signature_does_not_verify(hook, receiver, admin_user):
    verify = documented_verify()
    with time_machine.travel(START, tick=False):
        delivery = services.send_test(admin_user, hook)
    assert delivery.status == "sent"
    [request] = receiver.requests
    with time_machine.travel(START + dt.timedelta(minutes=10), tick=False):
        assert not verify(hook.secret, request.headers, request.body)  # too old: a replay
    with time_machine.travel(START, tick=False):
        assert verify(hook.secret, request.headers, request.body)
        rotated = services.rotate_secret(admin_user, hook)
        assert not verify(rotated.secret, request.headers, request.body)


@pytest.mark.django_db
def test_five_failures_switch_the_hook_off_and_nothing_is_lost(
    hook, receiver, admin_user, manager, django_capture_on_commit_callbacks
):
    receiver.fail(503)
    now = START
    with time_machine.travel(now, tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            events.publish("alert.raised", {"alert_id": 1})
            events.publish("alert.raised", {"alert_id": 2})
        run_queued()
        waits = []
        for _ in range(4):
            first = Delivery.objects.order_by("pk").first()
            assert first.status == "pending"
            waits.append(first.next_attempt_at - timezone.now())
            [retry] = [t for t in queued() if t.run_after == first.next_attempt_at]
            assert run_queued() == 0  # not due yet: nothing is sent early
            clock.move_to(first.next_attempt_at)
            with django_capture_on_commit_callbacks(execute=True):  # the e-mail leaves
                run_queued()

        assert [w.total_seconds() for w in waits] == [60, 300, 1800, 7200]
        assert len(receiver.requests) == 5  # the first delivery, five times; the second waits
        assert {json.loads(r.body)["data"]["alert_id"] for r in receiver.requests} == {1}
        hook.refresh_from_db()
        assert not hook.active and hook.disabled_at == timezone.now()
        assert "5 failed deliveries in a row" in hook.disabled_reason
        assert "503" in hook.disabled_reason
        assert list(Delivery.objects.values_list("status", flat=True)) == ["held", "held"]
        first = Delivery.objects.order_by("pk").first()
        assert first.attempts == 5 and first.response_status == 503
        assert len(first.response_body) == 2000  # the answer, cut short

        # The administrators are told (an e-mail); the manager is not.
        [message] = mail.outbox
        assert message.to == [admin_user.email]
        assert "switched off" in message.subject and "nothing is lost" in message.body
        assert f"/webhooks/{hook.pk}/" in message.body

        # While it is off, new events are held, not sent and not lost.
        with django_capture_on_commit_callbacks(execute=True):
            events.publish("alert.raised", {"alert_id": 3})
        assert run_queued() == 0 and len(receiver.requests) == 5
        assert Delivery.objects.filter(status="held").count() == 3

        receiver.recover()
        clock.shift(dt.timedelta(days=2))
        with django_capture_on_commit_callbacks(execute=True):
            services.set_active(admin_user, hook, True)
        run_queued()

    sent = [json.loads(r.body)["data"]["alert_id"] for r in receiver.requests[5:]]
    assert sent == [1, 2, 3]  # everything held, in order
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}
    hook.refresh_from_db()
    assert hook.active and hook.consecutive_failures == 0 and not hook.disabled_reason


@pytest.mark.django_db
def test_a_success_resets_the_count_of_failures(hook, receiver, django_capture_on_commit_callbacks):
    with time_machine.travel(START, tick=False) as clock:
        receiver.fail(500)
        with django_capture_on_commit_callbacks(execute=True):
            events.publish("review.recorded", {"review_id": 1})
        run_queued()
        hook.refresh_from_db()
        assert hook.consecutive_failures == 1 and hook.active
        receiver.recover()
        clock.shift(dt.timedelta(minutes=1))
        run_queued()
    hook.refresh_from_db()
    assert hook.consecutive_failures == 0
    assert Delivery.objects.get().status == "sent"


@pytest.mark.django_db
def test_an_unreachable_receiver_counts_as_a_failure(
    admin_user, django_capture_on_commit_callbacks
):
    hook = services.create_webhook(
        admin_user, {"url": "http://127.0.0.1:9/nothing-listens", "events": ["alert.raised"]}
    )
    with django_capture_on_commit_callbacks(execute=True):
        events.publish("alert.raised", {"alert_id": 1})
    run_queued()
    delivery = Delivery.objects.get()
    assert delivery.status == "pending" and delivery.attempts == 1
    assert delivery.response_status is None and delivery.error.startswith("No answer")
    assert Webhook.objects.get(pk=hook.pk).consecutive_failures == 1


@pytest.mark.django_db
def test_only_subscribed_hooks_hear_of_an_event_and_a_rollback_sends_nothing(
    admin_user, receiver, django_capture_on_commit_callbacks
):
    from django.db import transaction

    alerts = services.create_webhook(admin_user, {"url": receiver.url, "events": ["alert.raised"]})
    services.create_webhook(admin_user, {"url": receiver.url, "events": ["review.recorded"]})
    with django_capture_on_commit_callbacks(execute=True):
        events.publish("alert.raised", {"alert_id": 1})
        with pytest.raises(RuntimeError), transaction.atomic():
            events.publish("alert.raised", {"alert_id": 2})
            raise RuntimeError("rolled back")
    assert list(Delivery.objects.values_list("webhook_id", "payload")) == [
        (alerts.pk, {"alert_id": 1})
    ]


@pytest.mark.django_db
def test_a_switched_off_hook_keeps_its_events_as_held(
    hook, receiver, admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.set_active(admin_user, hook, False)
        events.publish("issue.escalated", {"issue_id": 7})
    assert run_queued() == 0 and not receiver.requests
    assert Delivery.objects.get().status == "held"
    with django_capture_on_commit_callbacks(execute=True):
        services.set_active(admin_user, hook, True)
    run_queued()
    assert len(receiver.requests) == 1 and Delivery.objects.get().status == "sent"


@pytest.mark.django_db
def test_a_removed_hook_gives_up_what_it_had_not_received(
    hook, admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.set_active(admin_user, hook, False)
        events.publish("alert.raised", {"alert_id": 1})
    services.archive_webhook(admin_user, hook)
    delivery = Delivery.objects.get()
    assert delivery.status == "failed" and "removed" in delivery.error
    with django_capture_on_commit_callbacks(execute=True):
        events.publish("alert.raised", {"alert_id": 2})
    assert Delivery.objects.count() == 1


@pytest.mark.django_db
def test_the_sweep_queues_forgotten_deliveries(hook, receiver, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        events.publish("alert.raised", {"alert_id": 1})
    DBTaskResult.objects.all().delete()  # the queued run was lost
    assert services.sweep() == 1
    run_queued()
    assert len(receiver.requests) == 1


@pytest.mark.django_db
def test_two_workers_do_not_send_the_same_hook_at_once(hook, receiver):
    Delivery.objects.create(webhook=hook, event="alert.raised", payload={})
    Webhook.objects.filter(pk=hook.pk).update(
        sending_until=timezone.now() + dt.timedelta(minutes=1)
    )
    assert services.send_deliveries(hook.pk).sent == 0 and not receiver.requests


@pytest.mark.django_db
def test_a_redirect_is_not_followed(admin_user, receiver):
    hook = services.create_webhook(admin_user, {"url": receiver.url, "events": ["alert.raised"]})
    receiver.fail(302)
    delivery = services.send_test(admin_user, hook)
    assert delivery.status == "failed" and delivery.response_status == 302
    assert Webhook.objects.get(pk=hook.pk).consecutive_failures == 0  # a test does not count


def test_the_back_off_grows_and_stops_at_the_last_wait():
    assert [domain.backoff(n) for n in range(1, 7)] == [60, 300, 1800, 7200, 7200, 7200]


def test_the_signature_is_an_hmac_of_timestamp_and_body():
    import hashlib
    import hmac

    expected = hmac.new(b"k", b"1700000000.{}", hashlib.sha256).hexdigest()
    assert domain.signature("k", "1700000000", b"{}") == "sha256=" + expected
