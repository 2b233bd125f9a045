"""Reads and writes of the cadence: proposing and editing a supplier's meetings, working out
when each is due from the logged interactions, raising overdue alerts, calendar files and
feeds, and the annual relationship health check. Views, API, CLI, tasks and tests all come
through here."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerbook.accounts.models import INTERNAL_ROLES, Role, User
from partnerbook.accounts.policy import can, require
from partnerbook.accounts.services import hash_token
from partnerbook.alerts.services import AlertCandidate, sync_alerts
from partnerbook.core.audit import save_audited
from partnerbook.core.concurrency import lock_for_edit, next_version
from partnerbook.core.registry import ChecklistResult, pk_urls
from partnerbook.relationship.models import Interaction
from partnerbook.suppliers.models import Contact, Supplier

from . import domain
from .models import CadenceItem, CalendarFeed, HealthCheck, HealthCheckAnswers

ALERT_KIND = "cadence.overdue"
ITEM_FIELDS = (
    "kind", "interval_days", "channels", "our_level", "their_level", "attendees", "owner",
    "planned_start", "planned_end", "location", "reason",
)  # fmt: skip
DEFAULT_DURATION = dt.timedelta(hours=1)
UPCOMING_DAYS = 90
FEED_TOKEN_PREFIX = "pbcal_"  # noqa: S105 (a prefix, not a secret)
EARLIEST_YEAR, LATEST_YEAR = 2000, 2200


# --- the proposal -------------------------------------------------------------------------


def months_active(supplier: Supplier, today: dt.date | None = None) -> float | None:
    """How long the supplier has been active with us: from the first time its audit history
    shows it active (one query). None when it never was."""
    first = (
        supplier.history.filter(status="active")  # type: ignore[attr-defined]
        .order_by("history_date")
        .values_list("history_date", flat=True)
        .first()
    )
    if first is None:
        return None
    today = today or timezone.localdate()
    return max(0.0, (today - timezone.localdate(first)).days / 30.44)


def proposal_inputs(supplier: Supplier, today: dt.date | None = None) -> domain.ProposalInputs:
    """What the proposal rests on, read through segmentation (a fixed handful of queries)."""
    from partnerbook.segmentation.services import segmentation_of

    seg = segmentation_of(supplier)
    chosen = seg.profile.chosen_model or None
    return domain.ProposalInputs(
        model=chosen or seg.fit.recommended.value,
        model_source="chosen" if chosen else "recommended",
        quadrant=seg.quadrant.value if seg.quadrant else None,
        months_active=months_active(supplier, today),
        maturity_stage=seg.profile.maturity_stage or None,
        complexity=seg.profile.complexity,
    )


def proposal_for(supplier: Supplier, today: dt.date | None = None) -> domain.Proposal:
    return domain.propose(proposal_inputs(supplier, today))


@transaction.atomic
def apply_proposal(
    actor: User, supplier: Supplier, owner: User | None = None, today: dt.date | None = None
) -> list[CadenceItem]:
    """Create the proposed meetings for a supplier that has none yet, owned by `owner`
    (default: the relationship owner, else the actor)."""
    require(actor, "cadence.edit", supplier)
    if CadenceItem.objects.filter(supplier=supplier).exists():
        raise ValidationError(
            {"__all__": _("This supplier already has a cadence; change its meetings instead.")}
        )
    owner = owner or supplier.relationship_owner or actor
    created = []
    for proposed in proposal_for(supplier, today).items:
        created.append(
            add_item(
                actor,
                supplier,
                {
                    "kind": proposed.kind,
                    "interval_days": proposed.interval_days,
                    "channels": list(proposed.channels),
                    "our_level": proposed.our_level,
                    "their_level": proposed.their_level,
                    "owner": owner,
                    "reason": proposed.reason[:300],
                },
                today=today,
                reason="Cadence proposal applied.",
            )
        )
    return created


# --- editing items ------------------------------------------------------------------------


def _check_owner(owner: Any) -> User:
    if not isinstance(owner, User) or not owner.is_active or owner.role not in INTERNAL_ROLES:
        raise ValidationError({"owner": _("Choose an active colleague as the owner.")})
    return owner


def owner_by_id(owner_id: int | None) -> User:
    """An active internal user by id, or a ValidationError on `owner`."""
    if owner_id is None:
        raise ValidationError({"owner": _("Choose the owner.")})
    user = User.objects.filter(pk=owner_id, is_active=True, role__in=INTERNAL_ROLES).first()
    if user is None:
        raise ValidationError(
            {"owner": _("No active colleague with id %(id)s.") % {"id": owner_id}}
        )
    return user


def contacts_by_id(supplier: Supplier, ids: Sequence[int]) -> list[Contact]:
    found = list(Contact.objects.filter(supplier=supplier, pk__in=ids, archived=False))
    missing = sorted(set(ids) - {c.pk for c in found})
    if missing:
        listed = ", ".join(str(pk) for pk in missing[:10])
        raise ValidationError(
            {"contacts": _("Not among this supplier's contacts: %(names)s.") % {"names": listed}}
        )
    return found


def check_item(item: CadenceItem, data: Mapping[str, Any]) -> None:
    """Apply `data` to `item` (not saved) and check it as a save would: a ValidationError
    names each field at fault. The import checks its rows with it."""
    _apply(item, data)


def _apply(item: CadenceItem, data: Mapping[str, Any]) -> None:
    for name in ITEM_FIELDS:
        if name in data:
            setattr(item, name, data[name])
    errors: dict[str, str] = {}
    if item.kind not in domain.KINDS:
        errors["kind"] = _("Choose a kind of meeting.")
    channels = list(dict.fromkeys(item.channels or []))
    unknown = [c for c in channels if c not in domain.CHANNELS]
    if unknown:
        errors["channels"] = _("Unknown channel(s): %(channels)s.") % {
            "channels": ", ".join(map(str, unknown))
        }
    elif not channels:
        errors["channels"] = _("Choose at least one channel that counts as holding the meeting.")
    item.channels = channels
    try:
        _check_owner(item.owner if item.owner_id else None)
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    for name in ("planned_start", "planned_end"):
        moment = getattr(item, name)
        if moment is not None and not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
            errors[name] = _("Give a time between %(first)s and %(last)s.") % {
                "first": EARLIEST_YEAR,
                "last": LATEST_YEAR,
            }
    if errors:
        raise ValidationError(errors)
    if item.planned_end is not None and item.planned_start is None:
        errors["planned_start"] = _("Give the start as well as the end.")
    elif item.planned_end is not None and item.planned_start is not None:
        if item.planned_end <= item.planned_start:
            errors["planned_end"] = _("The end must be after the start.")
        elif item.planned_end - item.planned_start > dt.timedelta(days=2):
            errors["planned_end"] = _("A meeting lasts at most two days.")
    if errors:
        raise ValidationError(errors)


def _set_contacts(item: CadenceItem, data: Mapping[str, Any]) -> None:
    if "contacts" in data:
        contacts = list(data["contacts"] or [])
        wrong = [c for c in contacts if c.supplier_id != item.supplier_id]
        if wrong:
            raise ValidationError({"contacts": _("Choose contacts of this supplier.")})
        item.contacts.set(contacts)


@transaction.atomic
def add_item(
    actor: User,
    supplier: Supplier,
    data: Mapping[str, Any],
    today: dt.date | None = None,
    reason: str = "Meeting added to the cadence.",
) -> CadenceItem:
    """Add a meeting to a supplier's cadence. `data`: the model fields (`owner` a User,
    `contacts` a list of Contacts)."""
    require(actor, "cadence.edit", supplier)
    item = CadenceItem(supplier=supplier, created_on=today or timezone.localdate())
    if "interval_days" not in data and data.get("kind") in domain.DEFAULT_INTERVALS:
        item.interval_days = domain.DEFAULT_INTERVALS[data["kind"]]
    _apply(item, data)
    save_audited(item, actor, reason)
    _set_contacts(item, data)
    return item


@transaction.atomic
def update_item(
    actor: User, item: CadenceItem, data: Mapping[str, Any], expected_version: int | None = None
) -> CadenceItem:
    """Change a meeting; with `expected_version`, an edit based on an older one is refused."""
    require(actor, "cadence.edit", item.supplier)
    lock_for_edit(item, expected_version, "this meeting")
    _apply(item, data)
    next_version(item)
    save_audited(item, actor, "Meeting changed.")
    _set_contacts(item, data)
    return item


@transaction.atomic
def remove_item(actor: User, item: CadenceItem) -> None:
    """Take a meeting out of the cadence (its audit history keeps it)."""
    require(actor, "cadence.edit", item.supplier)
    item._history_user = actor  # type: ignore[attr-defined]
    item._change_reason = "Meeting removed from the cadence."  # type: ignore[attr-defined]
    item.delete()


@transaction.atomic
def replace_items(
    actor: User, supplier: Supplier, items: Sequence[Mapping[str, Any]]
) -> list[CadenceItem]:
    """Make the supplier's cadence exactly `items`: each with an `id` changes that meeting,
    each without one is added, and meetings not listed are removed."""
    require(actor, "cadence.edit", supplier)
    current = {i.pk: i for i in CadenceItem.objects.filter(supplier=supplier).select_for_update()}
    ids = [d["id"] for d in items if d.get("id") is not None]
    unknown = sorted(set(ids) - set(current))
    if unknown:
        raise ValidationError(
            {"items": _("Not a meeting of this supplier: %(id)s.") % {"id": unknown[0]}}
        )
    if len(ids) != len(set(ids)):
        raise ValidationError({"items": _("A meeting is listed twice.")})
    for pk in set(current) - set(ids):
        remove_item(actor, current[pk])
    result = []
    for index, data in enumerate(items):
        fields = {k: v for k, v in data.items() if k not in ("id", "version")}
        try:
            if data.get("id") is not None:
                result.append(update_item(actor, current[data["id"]], fields, data.get("version")))
            else:
                result.append(add_item(actor, supplier, fields))
        except ValidationError as exc:
            if not hasattr(exc, "error_dict") or getattr(exc, "current", None) is not None:
                raise
            raise ValidationError(
                {f"items.{index}.{k}": v for k, v in exc.message_dict.items()}
            ) from exc
    return result


# --- when meetings are due ----------------------------------------------------------------


def _supplier_filter(suppliers: Any) -> dict[str, Any]:
    """A filter on supplier: a queryset is used as a subquery (no long lists of ids)."""
    if isinstance(suppliers, QuerySet):
        return {"supplier__in": suppliers.values("pk")}
    return {"supplier_id__in": list(suppliers)}


def latest_by_channel(suppliers: Any) -> dict[int, dict[str, dt.date]]:
    """{supplier pk: {channel: latest day held}} from the non-archived interactions (one
    query, grouped in the database)."""
    rows = (
        Interaction.objects.filter(archived=False, **_supplier_filter(suppliers))
        .values("supplier_id", "channel")
        .annotate(latest=Max("occurred_on"))
        .order_by()
    )
    found: dict[int, dict[str, dt.date]] = {}
    for row in rows:
        found.setdefault(row["supplier_id"], {})[row["channel"]] = row["latest"]
    return found


def latest_health_checks(suppliers: Any) -> dict[int, dt.date]:
    """{supplier pk: day of the latest health check our side answered} (one query)."""
    rows = (
        HealthCheck.objects.filter(answers__side="ours", **_supplier_filter(suppliers))
        .values("supplier_id")
        .annotate(latest=Max("held_on"))
        .order_by()
    )
    return {row["supplier_id"]: row["latest"] for row in rows}


def statuses_of(
    items: Iterable[CadenceItem], suppliers: Any, today: dt.date | None = None
) -> dict[int, domain.DueStatus]:
    """{item pk: DueStatus} for `items` of `suppliers` (a queryset or ids): two queries."""
    today = today or timezone.localdate()
    by_channel = latest_by_channel(suppliers)
    checks = latest_health_checks(suppliers)
    result = {}
    for item in items:
        if item.kind == domain.ANNUAL_HEALTH_CHECK:
            held = checks.get(item.supplier_id)
        else:
            held = domain.last_held_on(item.channels, by_channel.get(item.supplier_id, {}))
        result[item.pk] = domain.due_status(item.interval_days, item.created_on, held, today)
    return result


@dataclass(frozen=True)
class ItemRow:
    item: CadenceItem
    status: domain.DueStatus


def cadence_of(supplier: Supplier, today: dt.date | None = None) -> list[ItemRow]:
    """A supplier's meetings with their due dates (four queries)."""
    items = list(
        CadenceItem.objects.filter(supplier=supplier)
        .select_related("owner")
        .prefetch_related("contacts")
    )
    statuses = statuses_of(items, [supplier.pk], today)
    return [ItemRow(item, statuses[item.pk]) for item in items]


def overdue_items(
    viewer: User, owner_id: int | None = None, today: dt.date | None = None
) -> list[ItemRow]:
    """Overdue meetings of suppliers `viewer` may see (not archived), most overdue first;
    only those owned by `owner_id` when given. Three queries whatever the data size."""
    require(viewer, "cadence.view")
    visible = Supplier.objects.visible_to(viewer).filter(archived=False).exclude(status="exited")
    items_qs = CadenceItem.objects.filter(supplier__in=visible.values("pk")).select_related(
        "supplier", "owner"
    )
    if owner_id is not None:
        items_qs = items_qs.filter(owner_id=owner_id)
    items = list(items_qs)
    suppliers: Any = visible
    if owner_id is not None:
        suppliers = visible.filter(cadence_items__owner_id=owner_id).distinct()
    statuses = statuses_of(items, suppliers, today)
    rows = [ItemRow(i, statuses[i.pk]) for i in items if statuses[i.pk].overdue]
    rows.sort(key=lambda r: (-r.status.days_overdue, r.item.supplier.name, r.item.pk))
    return rows


# --- overdue alerts -----------------------------------------------------------------------


@dataclass(frozen=True)
class CheckSummary:
    as_of: dt.date
    items: int
    overdue: int
    alerts_raised: int


def overdue_candidates(as_of: dt.date) -> tuple[int, list[AlertCandidate]]:
    """(items checked, one alert candidate per overdue meeting) across all live suppliers.
    The subject names the item and its due date, so one missed due date is one alert."""
    live = Supplier.objects.filter(archived=False).exclude(status="exited")
    items = list(
        CadenceItem.objects.filter(supplier__in=live.values("pk")).select_related(
            "supplier", "owner"
        )
    )
    # Only the suppliers with items have meetings to be due: reading every live supplier's
    # interactions would cost the whole table when few suppliers have a cadence.
    statuses = statuses_of(items, sorted({item.supplier_id for item in items}), as_of)
    candidates = []
    for item in items:
        status = statuses[item.pk]
        if not status.overdue:
            continue
        candidates.append(
            AlertCandidate(
                supplier_id=item.supplier_id,
                kind=ALERT_KIND,
                subject=f"item {item.pk} due {status.next_due.isoformat()}",
                title=f"{item.label} with {item.supplier.name} is overdue",
                summary=(
                    f"Planned every {item.interval_days} days; {status.explanation}. "
                    f"Owner: {item.owner.display_name}."
                ),
                severity="warning",
                evidence={
                    "item_id": item.pk,
                    "kind": item.kind,
                    "meeting": item.label,
                    "interval_days": item.interval_days,
                    "channels": list(item.channels),
                    "owner": item.owner.display_name,
                    "last_held": status.last_held.isoformat() if status.last_held else None,
                    "due": status.next_due.isoformat(),
                    "days_overdue": status.days_overdue,
                },
            )
        )
    return len(items), candidates


def check_overdue(as_of: dt.date | None = None) -> CheckSummary:
    """Raise an alert for each overdue meeting not already alerted (safe to repeat)."""
    as_of = as_of or timezone.localdate()
    count, candidates = overdue_candidates(as_of)
    raised = sync_alerts(as_of, candidates, scope_kinds={ALERT_KIND})
    return CheckSummary(as_of, count, len(candidates), raised)


# --- calendars ----------------------------------------------------------------------------


def _duration(item: CadenceItem) -> dt.timedelta:
    if item.planned_start and item.planned_end:
        return item.planned_end - item.planned_start
    return DEFAULT_DURATION


def _event(item: CadenceItem, start: dt.datetime, base_url: str) -> Any:
    from icalendar import Event

    event = Event()
    # Stable per item and occurrence, so calendars update the event instead of copying it.
    event.add("uid", f"cadence-{item.pk}-{start.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}@partnerbook")
    event.add("summary", f"{item.label} · {item.supplier.name}")
    event.add("dtstart", start)
    event.add("dtend", start + _duration(item))
    event.add("dtstamp", timezone.now())
    levels = " / ".join(
        part
        for part in (
            f"our side: {item.get_our_level_display()}" if item.our_level else "",
            f"their side: {item.get_their_level_display()}" if item.their_level else "",
        )
        if part
    )
    channels = ", ".join(domain.CHANNELS.get(c, c) for c in item.channels)
    lines = [f"Supplier: {item.supplier.name}", f"Meeting: {item.label}"]
    if levels:
        lines.append(f"Levels: {levels}")
    if item.attendees:
        lines.append(f"Expected: {item.attendees}")
    lines.append(f"Counts when held as: {channels}")
    lines.append(f"Owner: {item.owner.display_name}")
    event.add("description", "\n".join(lines))
    event.add("location", item.location or channels)
    if base_url:
        event.add("url", base_url + reverse("cadence:supplier", args=[item.supplier_id]))
    return event


def _calendar(name: str) -> Any:
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", "-//Partnerbook//Cadence//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    return cal


def item_calendar(item: CadenceItem, now: dt.datetime | None = None, base_url: str = "") -> bytes:
    """An ICS file with the item's next planned occurrence (none when it has no time yet)."""
    now = now or timezone.now()
    cal = _calendar(f"{item.label} · {item.supplier.name}")
    if item.planned_start is not None:
        start = domain.next_occurrence(item.planned_start, item.interval_days, now)
        cal.add_component(_event(item, start, base_url))
    return bytes(cal.to_ical())


def upcoming_items(user: User) -> QuerySet[CadenceItem]:
    """Planned meetings `user` owns at suppliers they may see."""
    visible = Supplier.objects.visible_to(user).filter(archived=False).exclude(status="exited")
    return (
        CadenceItem.objects.filter(
            owner=user, planned_start__isnull=False, supplier__in=visible.values("pk")
        )
        .select_related("supplier", "owner")
        .order_by("pk")
    )


def upcoming_calendar(
    user: User, now: dt.datetime | None = None, days: int = UPCOMING_DAYS, base_url: str = ""
) -> bytes:
    """An ICS file with every occurrence in the next `days` of the meetings `user` owns."""
    now = now or timezone.now()
    end = now + dt.timedelta(days=days)
    cal = _calendar(f"Supplier meetings · {user.display_name}")
    for item in upcoming_items(user):
        assert item.planned_start is not None  # noqa: S101 (filtered above)
        for start in domain.occurrences(item.planned_start, item.interval_days, now, end):
            cal.add_component(_event(item, start, base_url))
    return bytes(cal.to_ical())


@transaction.atomic
def rotate_feed_token(actor: User) -> str:
    """A new secret token for `actor`'s calendar feed (the old one stops working). Only its
    hash is stored: show the returned token once. Our people's feeds hold the meetings they
    own; a portal user's feed holds their own supplier's meetings with the supplier side."""
    _require_feed(actor)
    token = FEED_TOKEN_PREFIX + secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.filter(user=actor).first() or CalendarFeed(user=actor)
    feed.token_hash = hash_token(token)
    save_audited(feed, actor, "Calendar feed link replaced.")
    return token


def has_feed(user: User) -> bool:
    return CalendarFeed.objects.filter(user=user).exists()


def user_for_feed_token(token: str) -> User | None:
    """The active internal user whose feed token this is, or None. The token is looked up by
    its hash, so no comparison leaks how much of a guess was right."""
    if not token.startswith(FEED_TOKEN_PREFIX) or len(token) > 200:
        return None
    feed = CalendarFeed.objects.filter(token_hash=hash_token(token)).select_related("user").first()
    if feed is None:
        return None
    user = feed.user
    return user if _may_use_feed(user) else None


def _may_use_feed(user: Any) -> bool:
    return can(user, "calendar.use") or can(user, "portal.use")


def _require_feed(user: Any) -> None:
    if not _may_use_feed(user):
        require(user, "calendar.use")  # raises with the usual message


def feed_calendar(token: str, now: dt.datetime | None = None, base_url: str = "") -> bytes | None:
    """The feed behind `token` (None: no such token, rotated, or its user may no longer use
    calendars). A portal user's feed holds only their own supplier's meetings."""
    user = user_for_feed_token(token)
    if user is None:
        return None
    if user.role == Role.SUPPLIER_CONTACT:
        return portal_calendar(user, now, base_url=base_url)
    return upcoming_calendar(user, now, base_url=base_url)


# --- the portal's view of the meetings -------------------------------------------------------


def portal_items(user: User) -> QuerySet[CadenceItem]:
    """The meetings of the portal user's own supplier that involve the supplier's side: a
    level on their side or named supplier contacts. Meetings only our side attends (none
    of the two) stay off the portal."""
    require(user, "portal.use")
    visible = Supplier.objects.visible_to(user).values("pk")
    involving = CadenceItem.objects.filter(supplier__in=visible).filter(
        Q(their_level__gt="") | Q(contacts__isnull=False)
    )
    return (
        CadenceItem.objects.filter(pk__in=involving.values("pk"))
        .select_related("supplier", "owner")
        .order_by("pk")
    )


def portal_calendar(
    user: User, now: dt.datetime | None = None, days: int = UPCOMING_DAYS, base_url: str = ""
) -> bytes:
    """An ICS file with every occurrence in the next `days` of the portal user's supplier
    meetings (`portal_items`)."""
    now = now or timezone.now()
    end = now + dt.timedelta(days=days)
    cal = _calendar(f"Meetings with us · {user.display_name}")
    for item in portal_items(user).filter(planned_start__isnull=False):
        assert item.planned_start is not None  # noqa: S101 (filtered above)
        for start in domain.occurrences(item.planned_start, item.interval_days, now, end):
            event = _event(item, start, "")
            if base_url:
                event.add("url", base_url + reverse("portal_cadence:meetings"))
            cal.add_component(event)
    return bytes(cal.to_ical())


# --- health checks ------------------------------------------------------------------------


def _answers(
    check: HealthCheck, side: str, actor: User, data: Mapping[str, Any]
) -> HealthCheckAnswers:
    answers = HealthCheckAnswers(check_record=check, side=side, answered_by=actor)
    errors = {}
    for q in domain.QUESTIONS:
        value = data.get(q)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            errors[q] = _("Give a score from 1 to 5.")
            continue
        setattr(answers, q, value)
        setattr(answers, f"{q}_comment", str(data.get(f"{q}_comment") or "").strip()[:1000])
    if errors:
        raise ValidationError(errors)
    return answers


@transaction.atomic
def record_health_check(
    actor: User,
    supplier: Supplier,
    held_on: dt.date,
    answers: Mapping[str, Any],
    notes: str = "",
) -> HealthCheck:
    """Hold a health check: our side's answers (each question 1-5, `<question>_comment`
    optional). The supplier's answers are attached later with `record_answers`."""
    require(actor, "healthcheck.answer", supplier)
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("A health check cannot be held in the future.")})
    check = HealthCheck(supplier=supplier, held_on=held_on, notes=notes, created_by=actor)
    ours = _answers(check, "ours", actor, answers)
    save_audited(check, actor, "Health check held.")
    ours.check_record = check
    save_audited(ours, actor, "Our answers to the health check.")
    return check


@transaction.atomic
def record_answers(
    actor: User, check: HealthCheck, side: str, answers: Mapping[str, Any]
) -> HealthCheckAnswers:
    """Attach one side's answers to a check. The supplier side is answered by the supplier's
    own portal user, or entered on their behalf by someone allowed to answer for us."""
    supplier = check.supplier
    if side == "supplier":
        own = (
            actor.is_active
            and actor.role == Role.SUPPLIER_CONTACT
            and actor.supplier_id == supplier.pk
        )
        if not own:
            require(actor, "healthcheck.answer", supplier)
    elif side == "ours":
        require(actor, "healthcheck.answer", supplier)
    else:
        raise ValidationError({"side": _("Choose our side or the supplier's.")})
    if HealthCheckAnswers.objects.filter(check_record=check, side=side).exists():
        raise ValidationError({"side": _("This side has already answered this health check.")})
    record = _answers(check, side, actor, answers)
    save_audited(record, actor, f"{side.capitalize()} answers to the health check.")
    return record


@dataclass(frozen=True)
class CheckView:
    check: HealthCheck
    ours: HealthCheckAnswers | None
    theirs: HealthCheckAnswers | None
    comparison: domain.Comparison


def view_of(check: HealthCheck) -> CheckView:
    """Both sides' answers side by side with the gaps (uses prefetched `answers`)."""
    by_side = {a.side: a for a in check.answers.all()}
    ours, theirs = by_side.get("ours"), by_side.get("supplier")
    comparison = domain.compare(ours.scores() if ours else {}, theirs.scores() if theirs else {})
    return CheckView(check, ours, theirs, comparison)


def health_checks_of(supplier: Supplier) -> list[CheckView]:
    """Every check of a supplier, newest first, with both sides' answers (two queries)."""
    checks = HealthCheck.objects.filter(supplier=supplier).prefetch_related("answers")
    return [view_of(c) for c in checks]


def health_check_due(supplier: Supplier, today: dt.date | None = None) -> domain.DueStatus | None:
    """When the next health check is due, from the cadence's annual item (None: no item)."""
    item = (
        CadenceItem.objects.filter(supplier=supplier, kind=domain.ANNUAL_HEALTH_CHECK)
        .order_by("pk")
        .first()
    )
    if item is None:
        return None
    return statuses_of([item], [supplier.pk], today)[item.pk]


# --- export -------------------------------------------------------------------------------

EXPORT_COLUMNS = (
    "supplier_id", "external_id", "supplier", "kind", "interval_days", "channels",
    "our_level", "their_level", "attendees", "owner", "planned_start", "planned_end",
    "location", "last_held", "next_due", "days_overdue",
)  # fmt: skip


def export_rows(viewer: User, today: dt.date | None = None) -> list[list[Any]]:
    """Every meeting of the suppliers `viewer` may see, one row each (four queries)."""
    require(viewer, "cadence.view")
    visible = Supplier.objects.visible_to(viewer).filter(archived=False)
    items = list(
        CadenceItem.objects.filter(supplier__in=visible.values("pk"))
        .select_related("supplier", "owner")
        .order_by("supplier__name", "supplier_id", "interval_days", "pk")
    )
    statuses = statuses_of(items, visible, today)
    rows = []
    for item in items:
        status = statuses[item.pk]
        rows.append(
            [
                item.supplier_id, item.supplier.external_id, item.supplier.name, item.kind,
                item.interval_days, " ".join(item.channels), item.our_level, item.their_level,
                item.attendees, item.owner.username,
                timezone.localtime(item.planned_start).isoformat() if item.planned_start else "",
                timezone.localtime(item.planned_end).isoformat() if item.planned_end else "",
                item.location, status.last_held.isoformat() if status.last_held else "",
                status.next_due.isoformat(), status.days_overdue,
            ]
        )  # fmt: skip
    return rows


# --- decision checklist item (read by the gate before a supplier becomes active) -----------


def checklist_cadence(supplier_ids: list[int]) -> dict[int, ChecklistResult]:
    """{pk: ChecklistResult}: a communication cadence is set (its meetings named), in one
    query."""
    meetings: dict[int, list[tuple[str, int]]] = {}
    rows = CadenceItem.objects.filter(supplier_id__in=supplier_ids).order_by(
        "supplier_id", "interval_days", "pk"
    )
    for supplier_id, kind, interval in rows.values_list("supplier_id", "kind", "interval_days"):
        meetings.setdefault(supplier_id, []).append((kind, interval))
    url_of = pk_urls("cadence:supplier")
    found = {}
    for pk in supplier_ids:
        url = url_of(pk)
        items = meetings.get(pk, [])
        if not items:
            found[pk] = ChecklistResult(False, "No meetings in the rhythm yet.", url)
            continue
        names = ", ".join(
            f"{domain.KINDS.get(kind, kind).lower()} every {interval} days"
            for kind, interval in items[:3]
        )
        more = f" and {len(items) - 3} more" if len(items) > 3 else ""
        count = f"{len(items)} meeting{'s' if len(items) != 1 else ''}"
        found[pk] = ChecklistResult(True, f"{count}: {names}{more}.", url)
    return found
