"""The alerts inbox: raising alerts from checks (without repeats), handling them, the daily
digest. Alerts inform people; nothing here changes a supplier, score or decision."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import can, require
from partnerbook.core import events, registry
from partnerbook.core.audit import save_audited
from partnerbook.core.registry import TimelineEntry
from partnerbook.suppliers.models import Supplier

from .models import Alert, AlertPreference

# A condition not seen for this many days and then seen again is a new episode: a new alert.
REFIRE_AFTER_DAYS = 14
MAX_NOTE = 2000


@dataclass
class AlertCandidate:
    """What a check found for one supplier; `sync_alerts` decides whether it is new."""

    supplier_id: int
    kind: str
    subject: str
    title: str
    summary: str = ""
    severity: str = "warning"
    confidence: float | None = None
    evidence: dict[str, Any] = field(default_factory=dict)


def sync_alerts(as_of: dt.date, candidates: Sequence[AlertCandidate], scope_kinds: set[str]) -> int:
    """Record what the checks saw on `as_of`; returns how many alerts were raised.

    A candidate whose condition is already covered by an alert seen within the last
    REFIRE_AFTER_DAYS days (whatever its status: open, acknowledged or dismissed) only
    moves that alert's `last_seen_on`; the alert keeps the evidence it was raised with. So
    the same evidence never raises a second alert, and handling an alert is respected.
    Two queries plus batched writes."""
    unknown = {c.kind for c in candidates} - set(registry.alert_kinds())
    if unknown:
        raise ValueError(f"unregistered alert kind(s): {sorted(unknown)}")
    if not candidates:
        return 0
    supplier_ids = sorted({c.supplier_id for c in candidates})
    recent = (
        Alert.objects.filter(
            kind__in=scope_kinds,
            supplier_id__in=supplier_ids,
            last_seen_on__gte=as_of - dt.timedelta(days=REFIRE_AFTER_DAYS),
            raised_on__lte=as_of,
        )
        .order_by("supplier_id", "kind", "subject", "-last_seen_on", "-pk")
        .values_list("pk", "supplier_id", "kind", "subject", "last_seen_on")
    )
    existing: dict[tuple[int, str, str], tuple[int, dt.date]] = {}
    for pk, supplier_id, kind, subject, last_seen in recent:
        existing.setdefault((supplier_id, kind, subject), (pk, last_seen))
    seen_again: list[int] = []
    to_create: list[Alert] = []
    for c in candidates:
        found = existing.get((c.supplier_id, c.kind, c.subject[:100]))
        if found is not None:
            if as_of > found[1]:
                seen_again.append(found[0])
            continue
        to_create.append(
            Alert(
                supplier_id=c.supplier_id, kind=c.kind, subject=c.subject[:100],
                title=c.title[:200], summary=c.summary, severity=c.severity,
                confidence=c.confidence, evidence=c.evidence, raised_on=as_of, last_seen_on=as_of,
            )
        )  # fmt: skip
    with transaction.atomic():
        # Book-keeping of the checks, not a change anyone made: no history row.
        for start in range(0, len(seen_again), 5000):
            Alert.objects.filter(pk__in=seen_again[start : start + 5000]).update(last_seen_on=as_of)
        if to_create:
            bulk_create_with_history(
                to_create, Alert, batch_size=1000, default_change_reason="Raised by a check."
            )
        for alert in to_create:
            events.publish("alert.raised", _alert_event(alert))
    return len(to_create)


def _alert_event(alert: Alert) -> dict[str, Any]:
    return {
        "alert_id": alert.pk, "supplier_id": alert.supplier_id, "kind": alert.kind,
        "title": alert.title, "severity": alert.severity, "raised_on": alert.raised_on,
    }  # fmt: skip


def clear_resolved(kind: str, still_found: set[tuple[int, str]], note: str) -> int:
    """Dismiss, with `note`, the open alerts of `kind` whose condition a check no longer
    finds (`still_found`: the (supplier id, subject) pairs it found today), e.g. a renewed
    agreement. Only the alerts change, each with a history row; returns how many."""
    stale = [
        alert
        for alert in Alert.objects.filter(kind=kind, status=Alert.Status.OPEN)
        if (alert.supplier_id, alert.subject) not in still_found
    ]
    now = timezone.now()
    for alert in stale:
        alert.status, alert.handled_at, alert.note = Alert.Status.DISMISSED, now, note
    if stale:
        bulk_update_with_history(
            stale, Alert, ["status", "handled_at", "note"], batch_size=1000,
            default_change_reason=note,
        )  # fmt: skip
    return len(stale)


def _handle(actor: User, alert: Alert, status: str, note: str) -> Alert:
    require(actor, "alert.handle", alert.supplier)
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ValidationError({"note": f"Keep the note under {MAX_NOTE} characters."})
    if status == Alert.Status.DISMISSED and not note:
        raise ValidationError({"note": "Say why the alert does not need action."})
    if "\x00" in note:
        raise ValidationError({"note": "The note contains a NUL character."})
    alert.status = status
    alert.note = note
    alert.handled_by = actor
    alert.handled_at = timezone.now()
    verb = "Acknowledged" if status == Alert.Status.ACKNOWLEDGED else "Dismissed"
    save_audited(alert, actor, f"{verb}: {note}" if note else verb)
    return alert


@transaction.atomic
def acknowledge(actor: User, alert: Alert, note: str = "") -> Alert:
    """Someone has seen the alert and will act on it (the note says how)."""
    return _handle(actor, alert, Alert.Status.ACKNOWLEDGED, note)


@transaction.atomic
def dismiss(actor: User, alert: Alert, note: str) -> Alert:
    """The alert needs no action; the note (required) says why."""
    return _handle(actor, alert, Alert.Status.DISMISSED, note)


@transaction.atomic
def reopen(actor: User, alert: Alert) -> Alert:
    require(actor, "alert.handle", alert.supplier)
    alert.status = Alert.Status.OPEN
    alert.handled_by = None
    alert.handled_at = None
    save_audited(alert, actor, "Reopened.")
    return alert


# --- the inbox ------------------------------------------------------------------------------

STATUS_FILTERS = {"open": ["open"], "handled": ["acknowledged", "dismissed"], "all": None}


def inbox(user: User, params: Mapping[str, str]) -> tuple[Any, dict[str, str]]:
    """Alerts `user` may see, newest first, narrowed by ?status=&kind=&supplier=&q=;
    returns the queryset (fixed number of queries once evaluated) and the cleaned filters."""
    status = params.get("status") or "open"
    if status not in STATUS_FILTERS:
        status = "open"
    qs = Alert.objects.visible_to(user).select_related("supplier", "handled_by")
    wanted = STATUS_FILTERS[status]
    if wanted is not None:
        qs = qs.filter(status__in=wanted)
    kind = params.get("kind") or ""
    if kind in registry.alert_kinds():
        qs = qs.filter(kind=kind)
    else:
        kind = ""
    supplier = params.get("supplier") or ""
    if supplier.isdigit() and len(supplier) < 12:
        qs = qs.filter(supplier_id=int(supplier))
    else:
        supplier = ""
    mine = params.get("mine") == "1"
    if mine:
        qs = qs.filter(supplier__relationship_owner=user)
    return qs.order_by("-raised_on", "-pk"), {
        "status": status, "kind": kind, "supplier": supplier, "mine": "1" if mine else "",
    }  # fmt: skip


def open_count_for(user: User) -> int | None:
    """Open alerts a person may see, for the navigation badge (one query)."""
    return Alert.objects.visible_to(user).filter(status="open").count() or None


def open_counts(supplier_ids: Iterable[int]) -> dict[int, int]:
    from django.db.models import Count

    rows = (
        Alert.objects.filter(supplier_id__in=list(supplier_ids), status="open")
        .values("supplier_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {r["supplier_id"]: r["n"] for r in rows}


def timeline_entries(
    user: User, supplier: Supplier, since: dt.datetime | None, limit: int
) -> list[TimelineEntry]:
    """Alerts raised and handled, for the relationship timeline (one query)."""
    if not can(user, "alert.view"):
        return []
    qs = Alert.objects.filter(supplier=supplier).select_related("handled_by")
    if since is not None:
        qs = qs.filter(Q(raised_on__gte=since.date()) | Q(handled_at__gte=since))
    entries: list[TimelineEntry] = []
    for alert in qs.order_by("-raised_on", "-pk")[:limit]:
        url = reverse("alerts:detail", args=[alert.pk])
        entries.append(
            TimelineEntry(
                when=registry.start_of(alert.raised_on), kind="alerts",
                title=f"Alert: {alert.title}", detail=alert.summary, url=url,
                badge=alert.severity,
            )
        )  # fmt: skip
        if alert.handled_at is not None and (since is None or alert.handled_at >= since):
            who = alert.handled_by.display_name if alert.handled_by else "someone"
            entries.append(
                TimelineEntry(
                    when=alert.handled_at, kind="alerts",
                    title=f"Alert {alert.get_status_display().lower()}: {alert.title}",
                    detail=alert.note, who=who, url=url, badge=alert.status,
                )
            )  # fmt: skip
    return entries


# --- daily digest ---------------------------------------------------------------------------


@transaction.atomic
def set_digest(actor: User, enabled: bool) -> AlertPreference:
    require(actor, "alert.view")
    pref, _ = AlertPreference.objects.get_or_create(user=actor)
    pref.daily_digest = enabled
    if enabled and pref.last_digest_at is None:
        pref.last_digest_at = timezone.now()
    save_audited(pref, actor, "Daily digest " + ("on" if enabled else "off"))
    return pref


def send_digests(now: dt.datetime | None = None) -> int:
    """E-mail each subscriber the alerts raised since their last digest; returns the number
    of e-mails sent. Queries: two, plus one per subscriber with news."""
    now = now or timezone.now()
    prefs = AlertPreference.objects.filter(daily_digest=True, user__is_active=True).select_related(
        "user"
    )
    sent = 0
    for pref in prefs:
        user = pref.user
        if not user.email or not user.is_internal:
            continue
        since = pref.last_digest_at or now - dt.timedelta(days=1)
        alerts = list(
            Alert.objects.visible_to(user)
            .filter(created_at__gt=since, created_at__lte=now, status="open")
            .select_related("supplier")
            .order_by("-raised_on")[:100]
        )
        if alerts:
            lines = [f"- {a.supplier.name}: {a.title}\n  {a.summary}" for a in alerts]
            send_mail(
                subject=f"Partnerbook: {len(alerts)} new alert{'s' if len(alerts) != 1 else ''}",
                message="New early warnings since your last digest:\n\n"
                + "\n".join(lines)
                + "\n\nOpen the alerts inbox in Partnerbook to acknowledge or dismiss them.",
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[user.email],
            )
            sent += 1
        pref.last_digest_at = now
        pref.save(update_fields=["last_digest_at"])
    return sent
