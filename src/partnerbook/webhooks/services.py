"""Outbound webhooks: registering them (administrators only), recording a delivery for each
event a webhook subscribed to, sending deliveries with retries and back-off, switching a
failing webhook off and telling the administrators, and sending what was held once it is
switched back on."""

from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from partnerbook.accounts.models import Role, User
from partnerbook.accounts.notifications import notify
from partnerbook.accounts.policy import require
from partnerbook.core.audit import save_audited

from . import domain
from .models import (
    DESCRIPTION_LIMIT,
    ERROR_LIMIT,
    RESPONSE_BODY_LIMIT,
    URL_LIMIT,
    Delivery,
    Webhook,
)

logger = logging.getLogger(__name__)

DISABLED_EMAIL = "webhooks.disabled"
TIMEOUT_SECONDS = 10
# A worker sends at most this many deliveries of one webhook per run (then queues another
# run), so that its hold on the webhook (`sending_until`) cannot run out mid-run.
BATCH = 20
LEASE = dt.timedelta(seconds=BATCH * (TIMEOUT_SECONDS + 5))
USER_AGENT = "Partnerbook-Webhooks/1"


# --- registering --------------------------------------------------------------------------


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def _clean(data: Mapping[str, Any], current: Webhook | None) -> dict[str, Any]:
    """The fields of `data` that are given, checked; a ValidationError names each bad one."""
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    if "url" in data or current is None:
        url = data.get("url")
        url = url if isinstance(url, str) else ""
        problem = domain.url_problem(url)
        if problem is None and len(url) > URL_LIMIT:
            problem = gettext("Keep the address to %(limit)s characters.") % {"limit": URL_LIMIT}
        if problem:
            errors["url"] = gettext(problem)
        cleaned["url"] = url
    if "events" in data or current is None:
        raw = data.get("events")
        events = [e for e in raw if isinstance(e, str)] if isinstance(raw, list | tuple) else []
        if isinstance(raw, list | tuple) and len(events) != len(raw):
            errors["events"] = gettext("Give the events as a list of names.")
        problem = domain.events_problem(events)
        if problem:
            errors.setdefault("events", gettext(problem))
        cleaned["events"] = [key for key in domain.EVENT_KEYS if key in events]
    if "description" in data:
        text = data.get("description") or ""
        text = text.strip() if isinstance(text, str) else ""
        if len(text) > DESCRIPTION_LIMIT:
            errors["description"] = gettext("Keep it to %(limit)s characters.") % {
                "limit": DESCRIPTION_LIMIT
            }
        cleaned["description"] = text
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def create_webhook(actor: User, data: Mapping[str, Any]) -> Webhook:
    """Register a webhook: `data` holds url, events (a list of event names) and optionally a
    description. A fresh secret is generated for it."""
    require(actor, "webhooks.manage")
    hook = Webhook(created_by=actor, secret=new_secret(), **_clean(data, None))
    save_audited(hook, actor, "Webhook registered.")
    return hook


def _locked(hook: Webhook) -> Webhook:
    """The webhook as stored now, locked until the transaction ends (a worker may have
    changed its failure count meanwhile)."""
    return Webhook.objects.select_for_update().get(pk=hook.pk)


@transaction.atomic
def update_webhook(actor: User, hook: Webhook, data: Mapping[str, Any]) -> Webhook:
    """Change a webhook's url, events or description (only the fields given)."""
    require(actor, "webhooks.manage")
    cleaned = _clean(data, hook)
    hook = _locked(hook)
    for name, value in cleaned.items():
        setattr(hook, name, value)
    save_audited(hook, actor, "Webhook changed.")
    return hook


@transaction.atomic
def rotate_secret(actor: User, hook: Webhook) -> Webhook:
    """Give the webhook a new secret; deliveries from now on are signed with it."""
    require(actor, "webhooks.manage")
    hook = _locked(hook)
    hook.secret = new_secret()
    save_audited(hook, actor, "Secret replaced.")
    return hook


@transaction.atomic
def archive_webhook(actor: User, hook: Webhook) -> Webhook:
    """Remove a webhook: it hears of no more events, and what it had not received yet is
    given up. Its delivery log is kept."""
    require(actor, "webhooks.manage")
    hook = _locked(hook)
    now = timezone.now()
    hook.archived_at = now
    if hook.active:
        hook.active, hook.disabled_at = False, now
        hook.disabled_reason = f"Removed by {actor.display_name}."
    save_audited(hook, actor, "Webhook removed.")
    hook.deliveries.filter(status__in=[Delivery.Status.PENDING, Delivery.Status.HELD]).update(
        status=Delivery.Status.FAILED, error="The webhook was removed before this was sent."
    )
    return hook


@transaction.atomic
def set_active(actor: User, hook: Webhook, active: bool) -> Webhook:
    """Switch a webhook on or off. Off: events are kept as held deliveries. On: the count
    of failures starts again and the held deliveries are sent, oldest first."""
    require(actor, "webhooks.manage")
    locked = _locked(hook)
    if locked.archived_at is not None:
        raise ValidationError({"active": gettext("This webhook was removed.")})
    if locked.active == active:
        return locked
    now = timezone.now()
    if active:
        locked.active, locked.consecutive_failures = True, 0
        locked.disabled_at, locked.disabled_reason = None, ""
        save_audited(locked, actor, "Webhook switched on.")
        locked.deliveries.filter(status=Delivery.Status.HELD).update(
            status=Delivery.Status.PENDING, next_attempt_at=now
        )
        transaction.on_commit(partial(enqueue_send, locked.pk))
    else:
        locked.active, locked.disabled_at = False, now
        locked.disabled_reason = f"Switched off by {actor.display_name}."
        save_audited(locked, actor, "Webhook switched off.")
        _hold(locked)
    return locked


def _hold(hook: Webhook) -> int:
    return hook.deliveries.filter(status=Delivery.Status.PENDING).update(
        status=Delivery.Status.HELD, next_attempt_at=None
    )


# --- reading ------------------------------------------------------------------------------


def webhooks() -> QuerySet[Webhook]:
    """The webhooks that were not removed, with their delivery counts (one query)."""
    return Webhook.objects.filter(archived_at__isnull=True).annotate(
        pending_count=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.PENDING)),
        held_count=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.HELD)),
        failed_count=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.FAILED)),
    )


def webhook_for(user: Any, webhook_id: int) -> Webhook | None:
    require(user, "webhooks.manage")
    return Webhook.objects.filter(pk=webhook_id, archived_at__isnull=True).first()


def deliveries_of(hook: Webhook) -> QuerySet[Delivery]:
    """The webhook's delivery log, newest first."""
    return hook.deliveries.order_by("-pk")


# --- events -------------------------------------------------------------------------------


def emit(event: str, payload: Mapping[str, Any]) -> None:
    """Record a delivery of `event` for every webhook that subscribed to it, once the
    caller's transaction commits (a rolled-back change sends nothing), and queue the
    sending. A webhook that is switched off gets the delivery held, to be sent once it is
    switched on again."""
    if event not in domain.EVENT_KEYS:
        raise ValueError(f"unknown webhook event {event!r}")
    data = json.loads(json.dumps(dict(payload), cls=DjangoJSONEncoder))
    transaction.on_commit(partial(_record, event, data), robust=True)


def _record(event: str, data: dict[str, Any]) -> list[Delivery]:
    hooks = [
        hook
        for hook in Webhook.objects.filter(archived_at__isnull=True).only("pk", "events", "active")
        if event in hook.events
    ]
    if not hooks:
        return []
    now = timezone.now()
    rows = Delivery.objects.bulk_create(
        Delivery(
            webhook=hook, event=event, payload=data,
            status=Delivery.Status.PENDING if hook.active else Delivery.Status.HELD,
            next_attempt_at=now if hook.active else None,
        )
        for hook in hooks
    )  # fmt: skip
    for hook in hooks:
        if hook.active:
            enqueue_send(hook.pk)
    return rows


def enqueue_send(webhook_id: int, run_after: dt.datetime | None = None) -> None:
    """Queue a run of the sending task for the webhook (at `run_after`, else now)."""
    from .tasks import send_deliveries

    task = send_deliveries.using(run_after=run_after) if run_after else send_deliveries
    task.enqueue(webhook_id)


# --- sending ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attempt:
    """What the receiver answered (`status` None: no answer at all, see `error`)."""

    status: int | None
    body: str
    error: str

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A receiver that redirects has not accepted the delivery: give the final address."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def body_of(delivery: Delivery) -> bytes:
    """The JSON document sent for `delivery` (its bytes are what the signature covers)."""
    document = {
        "id": delivery.pk, "event": delivery.event,
        "created_at": delivery.created_at.isoformat(), "data": delivery.payload,
    }  # fmt: skip
    return json.dumps(document, separators=(",", ":"), sort_keys=True).encode("utf-8")


def post(hook: Webhook, delivery: Delivery, now: dt.datetime) -> Attempt:
    """POST the delivery, signed, to the webhook's address; never raises for the network."""
    body = body_of(delivery)
    timestamp = str(int(now.timestamp()))
    headers = {
        "Content-Type": "application/json", "User-Agent": USER_AGENT,
        "X-Partnerbook-Event": delivery.event, "X-Partnerbook-Delivery": str(delivery.pk),
        "X-Partnerbook-Timestamp": timestamp,
        "X-Partnerbook-Signature": domain.signature(hook.secret, timestamp, body),
    }  # fmt: skip
    if domain.url_problem(hook.url):
        return Attempt(None, "", "The address is not an http:// or https:// address.")
    request = urllib.request.Request(hook.url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with _opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            return Attempt(response.status, _read(response), "")
    except urllib.error.HTTPError as exc:
        return Attempt(exc.code, _read(exc), f"The receiver answered {exc.code}.")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return Attempt(None, "", f"No answer: {reason}"[:ERROR_LIMIT])


def _read(response: Any) -> str:
    try:
        raw = response.read(RESPONSE_BODY_LIMIT)
    except (OSError, ValueError):
        return ""
    return raw.decode("utf-8", errors="replace")[:RESPONSE_BODY_LIMIT] if raw else ""


def _claim(webhook_id: int, now: dt.datetime) -> bool:
    """Take the webhook for this worker (no other worker sends its deliveries meanwhile)."""
    free = Q(sending_until__isnull=True) | Q(sending_until__lt=now)
    claimed = Webhook.objects.filter(
        free, pk=webhook_id, active=True, archived_at__isnull=True
    ).update(sending_until=now + LEASE)
    return claimed == 1


@dataclass
class SendSummary:
    sent: int = 0
    failed: int = 0
    disabled: bool = False


def send_deliveries(webhook_id: int, now: dt.datetime | None = None) -> SendSummary:
    """Send the webhook's due deliveries, oldest first. At the first failure it stops (so
    deliveries arrive in order) and queues a retry after the back-off; the
    MAX_CONSECUTIVE_FAILURES-th failure in a row switches the webhook off, holds what is
    waiting and e-mails the administrators. Safe to run twice at once: the second run
    leaves the webhook to the first."""
    summary = SendSummary()
    now = now or timezone.now()
    if not _claim(webhook_id, now):
        return summary
    hook = Webhook.objects.get(pk=webhook_id)
    retry_at: dt.datetime | None = None
    try:
        queue = list(
            hook.deliveries.filter(status=Delivery.Status.PENDING).order_by("pk")[: BATCH + 1]
        )
        for delivery in queue[:BATCH]:
            if delivery.next_attempt_at and delivery.next_attempt_at > now:
                break  # waiting for its retry, which the failure queued; later ones wait too
            attempt = post(hook, delivery, timezone.now())
            if _record_attempt(hook, delivery, attempt, timezone.now()):
                summary.sent += 1
                continue
            summary.failed += 1
            if hook.active:
                retry_at = delivery.next_attempt_at
            else:
                summary.disabled = True
            break
        else:
            if len(queue) > BATCH:
                retry_at = timezone.now()
    finally:
        Webhook.objects.filter(pk=webhook_id).update(sending_until=None)
    if retry_at is not None:
        enqueue_send(webhook_id, retry_at)
    return summary


def _record_attempt(hook: Webhook, delivery: Delivery, attempt: Attempt, when: dt.datetime) -> bool:
    """Write down one attempt; on the last failure allowed, switch the webhook off."""
    delivery.attempts += 1
    delivery.last_attempt_at = when
    delivery.response_status = attempt.status
    delivery.response_body = attempt.body
    delivery.error = attempt.error
    fields = ["attempts", "last_attempt_at", "response_status", "response_body", "error"]
    if attempt.ok:
        delivery.status, delivery.sent_at, delivery.next_attempt_at = "sent", when, None
        delivery.save(update_fields=[*fields, "status", "sent_at", "next_attempt_at"])
        if hook.consecutive_failures:
            hook.consecutive_failures = 0
            Webhook.objects.filter(pk=hook.pk).update(consecutive_failures=0)
        return True
    with transaction.atomic():
        fresh = _locked(hook)
        fresh.consecutive_failures += 1
        hook.consecutive_failures = fresh.consecutive_failures
        Webhook.objects.filter(pk=hook.pk).update(consecutive_failures=fresh.consecutive_failures)
        if fresh.consecutive_failures >= domain.MAX_CONSECUTIVE_FAILURES and fresh.active:
            delivery.next_attempt_at = None
            delivery.save(update_fields=[*fields, "next_attempt_at"])
            _disable_after_failures(fresh, attempt, when)
            hook.active = False
        else:
            wait = domain.backoff(hook.consecutive_failures)
            delivery.next_attempt_at = when + dt.timedelta(seconds=wait)
            delivery.save(update_fields=[*fields, "next_attempt_at"])
    return False


def _disable_after_failures(hook: Webhook, attempt: Attempt, when: dt.datetime) -> None:
    last = attempt.error or f"The receiver answered {attempt.status}."
    hook.active, hook.disabled_at = False, when
    hook.disabled_reason = (
        f"Switched off after {hook.consecutive_failures} failed deliveries in a row. Last: {last}"
    )[:300]
    save_audited(hook, None, hook.disabled_reason)
    held = _hold(hook)
    admins = User.objects.filter(role=Role.ADMIN, is_active=True)
    link = settings.PARTNERBOOK_BASE_URL.rstrip("/") + reverse("webhooks:detail", args=[hook.pk])
    notify(
        DISABLED_EMAIL, admins, f"Webhook switched off: {hook.url}",
        f"Partnerbook could not deliver events to {hook.url} "
        f"{hook.consecutive_failures} times in a row and switched the webhook off.\n\n"
        f"Last attempt: {last}\n\n"
        f"{held} waiting deliveries are held, and events from now on are held too; nothing "
        f"is lost. Once the receiver works again, switch the webhook on and they are sent in "
        f"order: {link}",
    )  # fmt: skip


def send_test(actor: User, hook: Webhook) -> Delivery:
    """Send a test event to the webhook now and record it in its log. A test is sent once,
    whether the webhook is on or off, and does not count towards switching it off."""
    require(actor, "webhooks.manage")
    delivery = Delivery.objects.create(
        webhook=hook, event=domain.TEST_EVENT, test=True,
        payload={"message": "A test event from Partnerbook.", "sent_by": actor.display_name},
    )  # fmt: skip
    now = timezone.now()
    attempt = post(hook, delivery, now)
    delivery.attempts, delivery.last_attempt_at = 1, now
    delivery.response_status, delivery.response_body = attempt.status, attempt.body
    delivery.error = attempt.error
    delivery.status = Delivery.Status.SENT if attempt.ok else Delivery.Status.FAILED
    delivery.sent_at = now if attempt.ok else None
    delivery.save()
    return delivery


def sweep(now: dt.datetime | None = None) -> int:
    """Queue a sending run for every switched-on webhook with deliveries due (in case a
    queued run was lost); returns how many were queued."""
    now = now or timezone.now()
    due = (
        Delivery.objects.filter(
            status=Delivery.Status.PENDING, webhook__active=True, webhook__archived_at__isnull=True
        )
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .values_list("webhook_id", flat=True)
        .distinct()
    )
    ids = sorted(set(due))
    for webhook_id in ids:
        enqueue_send(webhook_id)
    return len(ids)
