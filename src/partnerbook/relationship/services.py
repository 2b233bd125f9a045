"""Reads and writes of relationship signals. Views, API, CLI, imports, tasks and tests all
come through here; the maths is in `domain.py`, the tone measures in `tone.py`."""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import Avg, Case, Count, F, Min, OuterRef, Q, Subquery, Sum, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import require
from partnerbook.core import registry
from partnerbook.core.audit import save_audited, write_history
from partnerbook.core.concurrency import lock_for_edit, next_version
from partnerbook.core.db import HoursBetween, bulk_insert, raw_rows
from partnerbook.core.registry import TimelineEntry, start_of
from partnerbook.suppliers.models import Contact, OwnerAssignment, Supplier

from . import domain, tone
from .models import HealthSnapshot, Interaction, InteractionSignal, RelationshipSettings, TrustEntry

logger = logging.getLogger(__name__)

SETTINGS_FIELDS = tuple(f.name for f in fields(domain.SignalConfig) if f.name != "weights")
INTERACTION_FIELDS = (
    "occurred_on", "channel", "initiated_by", "subject", "notes", "request_side",
    "request_kind", "asked_at", "answered_at", "external_ref",
)  # fmt: skip
CHANGE_LOOKBACK_DAYS = (28, 60)
# A supplier's record must start within this many days of last year's season to compare it.
SEASON_SLACK_DAYS = 14  # health change: against a snapshot 4 to 8 weeks older
# Suppliers in these statuses have no relationship to watch.
WATCHED_STATUSES = ("vetting", "pilot", "active", "reserve", "phasing_out")

Progress = Callable[[str, int, int], None]


# --- settings -------------------------------------------------------------------------------


def get_settings() -> RelationshipSettings:
    """The settings row, or the defaults (unsaved) until an administrator changes them."""
    return RelationshipSettings.objects.filter(pk=1).first() or RelationshipSettings(pk=1)


def config_from(settings_obj: RelationshipSettings) -> domain.SignalConfig:
    weights = dict(domain.DEFAULT_WEIGHTS)
    weights.update({k: int(v) for k, v in (settings_obj.tag_weights or {}).items()})
    return domain.SignalConfig(
        **{name: getattr(settings_obj, name) for name in SETTINGS_FIELDS}, weights=weights
    )


def current_config() -> domain.SignalConfig:
    return config_from(get_settings())


def _check_weights(weights: Any) -> None:
    if not isinstance(weights, dict) or not all(
        k in domain.TAGS and isinstance(v, int) and not isinstance(v, bool) and -20 <= v <= 20
        for k, v in weights.items()
    ):
        raise ValidationError(
            {
                "tag_weights": gettext(
                    "Give whole-number weights from -20 to 20 for known tags: %(tags)s."
                )
                % {"tags": ", ".join(domain.TAGS)}
            }
        )


@transaction.atomic
def update_settings(
    actor: User, data: Mapping[str, Any], expected_version: int | None = None
) -> RelationshipSettings:
    """Change the weights and thresholds (administrators only; audited). With
    `expected_version`, a change based on an older version raises `StaleEdit`."""
    require(actor, "relationship.configure")
    obj = RelationshipSettings.objects.select_for_update().filter(pk=1).first()
    obj = obj or RelationshipSettings(pk=1)
    lock_for_edit(obj, expected_version, "these relationship settings")
    for key in (*SETTINGS_FIELDS, "tag_weights"):
        if key in data:
            setattr(obj, key, data[key])
    _check_weights(obj.tag_weights)
    if not 0 < obj.significance < 0.5:
        raise ValidationError(
            {"significance": gettext("Use a p-value between 0 and 0.5, e.g. 0.01.")}
        )
    if not 0 < obj.tolerated_ratio < 1:
        raise ValidationError(
            {"tolerated_ratio": gettext("Use a share between 0 and 1, e.g. 0.67.")}
        )
    if not 0 < obj.rate_ratio < 1:
        raise ValidationError({"rate_ratio": gettext("Use a share between 0 and 1, e.g. 0.5.")})
    if obj.response_ratio <= 1:
        raise ValidationError({"response_ratio": gettext("Use a multiple above 1, e.g. 2.")})
    if obj.red_below > obj.green_from:
        raise ValidationError({"red_below": gettext("Red must start below where green starts.")})
    if obj.recent_days < 14 or obj.baseline_days < obj.recent_days:
        raise ValidationError(
            {
                "baseline_days": gettext(
                    "The recent window needs 14 days or more, and the baseline at least as many."
                )
            }
        )
    next_version(obj)
    save_audited(obj, actor, "Relationship settings changed.")
    return obj


# --- interactions ---------------------------------------------------------------------------


def _clean_tags(tags: Iterable[str]) -> list[str]:
    tags = [t.strip() for t in tags if t and t.strip()]
    unknown = sorted({t for t in tags if t not in domain.TAGS})
    if unknown:
        raise ValidationError(
            {
                "tags": gettext("Unknown tag(s): %(unknown)s. Known: %(known)s.")
                % {"unknown": ", ".join(unknown), "known": ", ".join(domain.TAGS)}
            }
        )
    return sorted(set(tags))


def _apply(
    interaction: Interaction,
    data: Mapping[str, Any],
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> None:
    for key in INTERACTION_FIELDS:
        if key in data:
            value = data[key]
            setattr(
                interaction,
                key,
                "" if value is None and key not in ("asked_at", "answered_at") else value,
            )
    today = today or timezone.localdate()
    if interaction.occurred_on and interaction.occurred_on > today:
        raise ValidationError(
            {"occurred_on": gettext("An interaction cannot be dated in the future.")}
        )
    now = now or timezone.now()
    for key in ("asked_at", "answered_at"):
        value = getattr(interaction, key)
        if value is not None and value > now + dt.timedelta(minutes=5):
            raise ValidationError({key: gettext("This time is in the future.")})
    if interaction.answered_at and not interaction.asked_at:
        raise ValidationError({"asked_at": gettext("Say when the request was made.")})
    if (
        interaction.asked_at
        and interaction.answered_at
        and interaction.answered_at < interaction.asked_at
    ):
        raise ValidationError(
            {"answered_at": gettext("The answer cannot come before the request.")}
        )
    if interaction.asked_at and not interaction.request_side:
        raise ValidationError({"request_side": gettext("Say which side asked.")})
    if interaction.request_side and not interaction.asked_at:
        interaction.asked_at = (
            start_of(interaction.occurred_on) if interaction.occurred_on else None
        )
    interaction.sentiment, interaction.formality = tone.tone_of(interaction.notes or "")


def _set_links(interaction: Interaction, data: Mapping[str, Any], new: bool = False) -> None:
    """Set the people who took part (a new interaction has none yet: nothing to clear)."""
    if "contacts" in data:
        contacts = list(data["contacts"] or [])
        if any(c.supplier_id != interaction.supplier_id for c in contacts):
            raise ValidationError(
                {"contacts": gettext("Choose people from this supplier's contacts.")}
            )
        if contacts or not new:
            interaction.contacts.set(contacts)
    if "participants" in data:
        users = list(data["participants"] or [])
        if any(not u.is_internal for u in users):
            raise ValidationError(
                {"participants": gettext("Participants on our side must be colleagues.")}
            )
        if users or not new:
            interaction.participants.set(users)


def _set_signals(interaction: Interaction, tags: list[str], new: bool = False) -> None:
    signals = _signals_of(interaction, tags)
    if not new:
        InteractionSignal.objects.filter(interaction=interaction).delete()
    InteractionSignal.objects.bulk_create(signals)


def _signals_of(interaction: Interaction, tags: list[str]) -> list[InteractionSignal]:
    """The signal rows of `interaction` with `tags` (a request always carries 'request')."""
    if interaction.request_side and "request" not in tags:
        tags = sorted({*tags, "request"})
    if "request" in tags and not interaction.request_side:
        raise ValidationError({"request_side": gettext("A request needs the side that asked.")})
    return [
        InteractionSignal(
            interaction=interaction,
            supplier_id=interaction.supplier_id,
            tag=tag,
            side=domain.signal_side(tag, interaction.initiated_by, interaction.request_side),
            occurred_on=interaction.occurred_on,
            archived=interaction.archived,
        )
        for tag in tags
    ]


@transaction.atomic
def record_interaction(actor: User, supplier: Supplier, data: Mapping[str, Any]) -> Interaction:
    """Log a touchpoint with its tags; `data` holds the model fields plus `tags`,
    `contacts` and `participants`."""
    require(actor, "relationship.log", supplier)
    tags = _clean_tags(data.get("tags") or [])
    interaction = Interaction(supplier=supplier, created_by=actor)
    _apply(interaction, data)
    # _apply checked every constraint's rule already; the database enforces them too.
    save_audited(interaction, actor, "Interaction logged.", validate_constraints=False)
    _set_links(interaction, data, new=True)
    _set_signals(interaction, tags, new=True)
    return interaction


INTERACTIONS_PER_BATCH = 1000


@transaction.atomic
def record_interactions(actor: User, items: Iterable[tuple[Supplier, Mapping[str, Any]]]) -> int:
    """Log many touchpoints as `record_interaction` logs one (the same rules, tone measured,
    signal rows from the tags, a history row "Interaction logged." by `actor`), a thousand
    at a time with a few queries each: for imports. The values' lengths and choices must
    have been checked (as an import checks every row; the database enforces the
    constraints), and no contacts or participants are set (ValueError). Returns how many
    were logged."""
    allowed: set[int] = set()
    count = 0
    today, now = timezone.localdate(), timezone.now()
    batch: list[tuple[Interaction, list[InteractionSignal]]] = []
    for supplier, data in items:
        if data.get("contacts") or data.get("participants"):
            raise ValueError("record_interactions sets no people; use record_interaction.")
        if supplier.pk not in allowed:
            require(actor, "relationship.log", supplier)
            allowed.add(supplier.pk)
        interaction = Interaction(supplier=supplier, created_by=actor)
        _apply(interaction, data, today, now)
        batch.append((interaction, _signals_of(interaction, _clean_tags(data.get("tags") or []))))
        if len(batch) >= INTERACTIONS_PER_BATCH:
            count += _write_interactions(actor, batch)
            batch = []
    return count + _write_interactions(actor, batch)


def _write_interactions(
    actor: User, batch: list[tuple[Interaction, list[InteractionSignal]]]
) -> int:
    if not batch:
        return 0
    now = timezone.now()
    interactions = [interaction for interaction, _ in batch]
    bulk_insert(Interaction, interactions, with_ids=True)
    write_history(interactions, actor, "Interaction logged.", now)
    signals = []
    for interaction, rows in batch:
        for signal in rows:
            signal.interaction_id = interaction.pk  # set before the interaction had its key
            signals.append(signal)
    bulk_insert(InteractionSignal, signals)
    return len(batch)


@transaction.atomic
def update_interaction(
    actor: User,
    interaction: Interaction,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> Interaction:
    """Change an interaction; with `expected_version`, an edit based on an older version
    raises `StaleEdit`."""
    require(actor, "relationship.log", interaction.supplier)
    lock_for_edit(interaction, expected_version, "this interaction")
    _apply(interaction, data)
    next_version(interaction)
    save_audited(interaction, actor, "Interaction edited.")
    _set_links(interaction, data)
    if "tags" in data:
        tags = list(data["tags"] or [])
    else:  # a request whose side was cleared is no request any more
        kept = interaction.signals.values_list("tag", flat=True)
        tags = [t for t in kept if t != "request" or interaction.request_side]
    # Rebuilt every time: the day and the giving side follow the interaction's fields.
    _set_signals(interaction, _clean_tags(tags))
    return interaction


@transaction.atomic
def set_interaction_archived(actor: User, interaction: Interaction, archived: bool) -> Interaction:
    """Archive (or restore) an interaction: it stays in the history but counts nowhere."""
    require(actor, "relationship.log", interaction.supplier)
    interaction.archived = archived
    save_audited(
        interaction, actor, "Interaction archived." if archived else "Interaction restored."
    )
    InteractionSignal.objects.filter(interaction=interaction).update(archived=archived)
    return interaction


def tags_of(interactions: Sequence[Interaction]) -> dict[int, list[str]]:
    """Tag keys per interaction, from prefetched signals when there are."""
    return {i.pk: sorted(s.tag for s in i.signals.all()) for i in interactions}


# --- trust ledger ---------------------------------------------------------------------------


@transaction.atomic
def add_trust_entry(actor: User, supplier: Supplier, data: Mapping[str, Any]) -> TrustEntry:
    """A manual deposit or withdrawal, with its reason."""
    require(actor, "relationship.log", supplier)
    entry = TrustEntry(
        supplier=supplier,
        occurred_on=data.get("occurred_on") or timezone.localdate(),
        points=data.get("points") or 0,
        reason=(data.get("reason") or "").strip(),
        created_by=actor,
    )
    if entry.points == 0:
        raise ValidationError(
            {"points": gettext("A trust entry moves the balance: use a non-zero number.")}
        )
    if entry.occurred_on > timezone.localdate():
        raise ValidationError(
            {"occurred_on": gettext("A trust entry cannot be dated in the future.")}
        )
    if not entry.reason:
        raise ValidationError({"reason": gettext("Say why trust moved.")})
    save_audited(entry, actor, "Trust entry added.")
    return entry


@transaction.atomic
def set_trust_entry_archived(actor: User, entry: TrustEntry, archived: bool) -> TrustEntry:
    require(actor, "relationship.log", entry.supplier)
    entry.archived = archived
    save_audited(entry, actor, "Trust entry archived." if archived else "Trust entry restored.")
    return entry


@dataclass(frozen=True)
class Ledger:
    lines: list[domain.LedgerLine]  # newest first
    series: list[tuple[dt.date, int]]  # balance after each day, oldest first
    balance: int


def ledger_of(supplier: Supplier, config: domain.SignalConfig, limit: int = 200) -> Ledger:
    """The trust ledger: signal-derived and manual entries, and the balance over time
    (three queries). The balance covers all entries; `lines` lists the newest `limit`."""
    labels = {key: gettext(label) for key, label in domain.TAG_CHOICES}
    per_day = (
        InteractionSignal.objects.filter(supplier=supplier, archived=False)
        .values("occurred_on", "tag")
        .annotate(n=Count("pk"))
    )
    lines = [
        domain.LedgerLine(
            row["occurred_on"],
            config.weights.get(row["tag"], 0) * row["n"],
            row["tag"],
            labels[row["tag"]] + (f" ×{row['n']}" if row["n"] > 1 else ""),
        )
        for row in per_day
        if config.weights.get(row["tag"], 0)
    ]
    counted: dict[tuple[dt.date, str, str], int] = defaultdict(int)
    for feed in registry.signal_feeds():
        for _, tag, day, _ in feed.events([supplier.pk], timezone.localdate()):
            counted[(day, tag, feed.label.lower())] += 1
    lines += [
        domain.LedgerLine(
            day, config.weights.get(tag, 0) * n, tag,
            labels[tag] + (f" ×{n}" if n > 1 else "") + f" ({source})",
        )
        for (day, tag, source), n in counted.items()
        if config.weights.get(tag, 0)
    ]  # fmt: skip
    lines += [
        domain.LedgerLine(e.occurred_on, e.points, "manual", e.reason)
        for e in TrustEntry.objects.filter(supplier=supplier, archived=False)
    ]
    series = domain.balance_over_time(lines)
    lines.sort(key=lambda line: line.day, reverse=True)
    return Ledger(lines[:limit], series, series[-1][1] if series else 0)


# --- response times, reciprocity and tone by period ----------------------------------------


@dataclass(frozen=True)
class PeriodRow:
    period: str  # "2026-Q3"
    our_requests: int
    their_median_hours: float | None  # how fast the supplier answered us
    their_requests: int
    our_median_hours: float | None  # how fast we answered them
    asks: int
    gives: int
    one_sided: bool
    tone: float | None
    formality: float | None
    notes: int


def _quarter(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def periods_of(
    supplier: Supplier, config: domain.SignalConfig, quarters: int = 6
) -> list[PeriodRow]:
    """Per quarter, newest first: median response times both ways, what we asked and gave,
    and the tone of the notes (three queries)."""
    today = timezone.localdate()
    start = dt.date(today.year, ((today.month - 1) // 3) * 3 + 1, 1)
    for _ in range(quarters - 1):
        start = (start - dt.timedelta(days=1)).replace(day=1)
        start = dt.date(start.year, ((start.month - 1) // 3) * 3 + 1, 1)
    interactions = Interaction.objects.filter(
        supplier=supplier, archived=False, occurred_on__gte=start
    )
    hours: dict[tuple[str, str], list[float]] = defaultdict(list)
    requests: dict[tuple[str, str], int] = defaultdict(int)
    tones: dict[str, list[float]] = defaultdict(list)
    formal: dict[str, list[float]] = defaultdict(list)
    for occurred_on, side, asked, answered, sentiment, formality in interactions.values_list(
        "occurred_on", "request_side", "asked_at", "answered_at", "sentiment", "formality"
    ):
        q = _quarter(occurred_on)
        if side:
            requests[q, side] += 1
            if asked and answered:
                hours[q, side].append((answered - asked).total_seconds() / 3600)
        if sentiment is not None:
            tones[q].append(sentiment)
        if formality is not None:
            formal[q].append(formality)
    signals = InteractionSignal.objects.filter(
        supplier=supplier, archived=False, occurred_on__gte=start
    ).values_list("occurred_on", "tag", "side")
    asks: dict[str, int] = defaultdict(int)
    gives: dict[str, int] = defaultdict(int)
    give_tags = domain.tags_in("give")
    for occurred_on, tag, side in signals:
        q = _quarter(occurred_on)
        if tag == "request" and side == "ours":
            asks[q] += 1
        elif tag in give_tags and side == "ours":
            gives[q] += 1
    for (q, side), values in hours.items():
        if side == "supplier":
            gives[q] += len(values)  # flexibility: their requests we answered
    labels = []
    cursor = start
    while cursor <= today:
        labels.append(_quarter(cursor))
        cursor = (cursor.replace(day=28) + dt.timedelta(days=100)).replace(day=1)
        cursor = dt.date(cursor.year, ((cursor.month - 1) // 3) * 3 + 1, 1)
    rows = []
    for q in sorted(set(labels), reverse=True):
        rec = domain.reciprocity(asks[q], gives[q], config)
        rows.append(
            PeriodRow(
                period=q,
                our_requests=requests[q, "ours"],
                their_median_hours=domain.median(hours[q, "ours"]),
                their_requests=requests[q, "supplier"],
                our_median_hours=domain.median(hours[q, "supplier"]),
                asks=rec.asks,
                gives=rec.gives,
                one_sided=rec.one_sided,
                tone=sum(tones[q]) / len(tones[q]) if tones[q] else None,
                formality=sum(formal[q]) / len(formal[q]) if formal[q] else None,
                notes=len(tones[q]),
            )
        )
    return rows


def unanswered_requests(supplier: Supplier | None = None, limit: int = 50) -> list[Interaction]:
    """Requests still waiting for an answer, oldest first (one query)."""
    qs = Interaction.objects.filter(
        archived=False, answered_at__isnull=True, asked_at__isnull=False
    ).exclude(request_side="")
    if supplier is not None:
        qs = qs.filter(supplier=supplier)
    return list(qs.select_related("supplier").order_by("asked_at")[:limit])


# --- set-based signals, drift, health --------------------------------------------------------


@dataclass(frozen=True)
class Windows:
    as_of: dt.date
    recent_start: dt.date  # exclusive
    baseline_start: dt.date  # exclusive

    @classmethod
    def of(cls, as_of: dt.date, config: domain.SignalConfig) -> Windows:
        recent_start = as_of - dt.timedelta(days=config.recent_days)
        return cls(as_of, recent_start, recent_start - dt.timedelta(days=config.baseline_days))


def _moments(n: int | None, mean: float | None, mean_sq: float | None) -> domain.Moments:
    if not n or mean is None:
        return domain.Moments()
    return domain.Moments(n, float(mean), float(mean_sq or 0.0))


def collect_signals(
    supplier_ids: Sequence[int] | None, as_of: dt.date, config: domain.SignalConfig
) -> dict[int, domain.SupplierSignals]:
    """Everything the checks need for many suppliers at once: five aggregate queries,
    whatever the number of suppliers or interactions."""
    w = Windows.of(as_of, config)
    recent = Q(occurred_on__gt=w.recent_start)
    base = Q(occurred_on__lte=w.recent_start)
    seasons = config.baseline_days >= 365  # the same days a year ago lie inside the baseline
    year = dt.timedelta(days=365)
    last_year = Q(occurred_on__gt=w.recent_start - year, occurred_on__lte=as_of - year)
    scope = {} if supplier_ids is None else {"supplier_id__in": supplier_ids}
    out: dict[int, domain.SupplierSignals] = defaultdict(
        lambda: domain.SupplierSignals(
            domain.Window(config.recent_days),
            domain.Window(config.baseline_days),
            last_year=domain.Window(config.recent_days) if seasons else None,
        )
    )
    sq = F("sentiment") * F("sentiment")
    fq = F("formality") * F("formality")
    rows = (
        Interaction.objects.filter(
            archived=False, occurred_on__gt=w.baseline_start, occurred_on__lte=as_of, **scope
        )
        .values("supplier_id")
        .annotate(
            r_n=Count("pk", filter=recent),
            b_n=Count("pk", filter=base),
            r_inf=Count("pk", filter=recent & Q(channel__in=domain.INFORMAL_CHANNELS)),
            b_inf=Count("pk", filter=base & Q(channel__in=domain.INFORMAL_CHANNELS)),
            r_sn=Count("sentiment", filter=recent),
            r_s=Avg("sentiment", filter=recent),
            r_s2=Avg(sq, filter=recent),
            b_sn=Count("sentiment", filter=base),
            b_s=Avg("sentiment", filter=base),
            b_s2=Avg(sq, filter=base),
            r_fn=Count("formality", filter=recent),
            r_f=Avg("formality", filter=recent),
            r_f2=Avg(fq, filter=recent),
            b_fn=Count("formality", filter=base),
            b_f=Avg("formality", filter=base),
            b_f2=Avg(fq, filter=base),
            ly_n=Count("pk", filter=last_year),
            ly_inf=Count("pk", filter=last_year & Q(channel__in=domain.INFORMAL_CHANNELS)),
            first_day=Min("occurred_on"),
        )
        .order_by()
    )
    for row in rows:
        s = out[row["supplier_id"]]
        s.recent.interactions, s.baseline.interactions = row["r_n"], row["b_n"]
        s.recent.informal, s.baseline.informal = row["r_inf"], row["b_inf"]
        s.recent.sentiment = _moments(row["r_sn"], row["r_s"], row["r_s2"])
        s.baseline.sentiment = _moments(row["b_sn"], row["b_s"], row["b_s2"])
        s.recent.formality = _moments(row["r_fn"], row["r_f"], row["r_f2"])
        s.baseline.formality = _moments(row["b_fn"], row["b_f"], row["b_f2"])
        if s.last_year is not None:
            s.last_year.interactions, s.last_year.informal = row["ly_n"], row["ly_inf"]
            # Only a record that reaches back over last year's season can show a seasonal low.
            if row["first_day"] > w.recent_start - year + dt.timedelta(days=SEASON_SLACK_DAYS):
                s.last_year = None

    give_tags = domain.tags_in("give")
    window_base = Q(occurred_on__gt=w.baseline_start) & base
    ours = Q(side="ours")
    signal_rows = (
        InteractionSignal.objects.filter(archived=False, occurred_on__lte=as_of, **scope)
        .values_list("supplier_id", "tag")
        .annotate(
            r=Count("pk", filter=recent),
            b=Count("pk", filter=window_base),
            ly=Count("pk", filter=last_year),
            total=Count("pk"),
            r_ours=Count("pk", filter=recent & ours),
            b_ours=Count("pk", filter=window_base & ours),
        )
        .order_by()
    )
    weights = config.weights
    for supplier_id, tag, r, b, ly, total, r_ours, b_ours in raw_rows(signal_rows):
        s = out[supplier_id]
        if r:
            s.recent.tags[tag] = r
        if b:
            s.baseline.tags[tag] = b
        if tag == "request":
            s.recent.our_asks += r_ours
            s.baseline.our_asks += b_ours
        elif tag in give_tags:
            s.recent.our_gives += r_ours
            s.baseline.our_gives += b_ours
        if ly and s.last_year is not None:
            s.last_year.tags[tag] = ly
        weight = weights.get(tag, 0)
        s.recent.trust_points += weight * r
        s.trust_balance += weight * total

    # The database works out the window and the answer time in hours (NULL when not
    # answered by the end of the day), so Python handles numbers, not datetimes.
    end = start_of(as_of + dt.timedelta(days=1))
    requests = (
        Interaction.objects.filter(
            archived=False, asked_at__isnull=False, occurred_on__gt=w.baseline_start,
            occurred_on__lte=as_of, **scope,
        )
        .exclude(request_side="")
        .annotate(
            is_recent=recent,
            hours=Case(When(answered_at__lt=end, then=HoursBetween(F("answered_at"),
                                                                   F("asked_at")))),
        )
        .values_list("supplier_id", "request_side", "is_recent", "hours")
        .order_by()
    )  # fmt: skip
    for supplier_id, side, is_recent, hours in raw_rows(requests):
        s = out[supplier_id]
        window = s.recent if is_recent else s.baseline
        if side == "ours":
            if hours is not None:
                window.response_hours.append(hours)
            else:
                s.unanswered += 1
        elif hours is not None:
            window.our_gives += 1  # flexibility shown: we answered their request

    # Events other features record (supplier issues count as disputes) count like tags.
    window_start = w.baseline_start
    for feed in registry.signal_feeds():
        for supplier_id, tag, day, side in feed.events(supplier_ids, as_of):
            s = out[supplier_id]
            is_recent = day > w.recent_start
            in_base = window_start < day <= w.recent_start
            if is_recent:
                s.recent.tags[tag] = s.recent.tags.get(tag, 0) + 1
            elif in_base:
                s.baseline.tags[tag] = s.baseline.tags.get(tag, 0) + 1
            if side == "ours" and (is_recent or in_base):
                window = s.recent if is_recent else s.baseline
                if tag == "request":
                    window.our_asks += 1
                elif tag in give_tags:
                    window.our_gives += 1
            if s.last_year is not None and w.recent_start - year < day <= as_of - year:
                s.last_year.tags[tag] = s.last_year.tags.get(tag, 0) + 1
            weight = weights.get(tag, 0)
            if is_recent:
                s.recent.trust_points += weight
            s.trust_balance += weight

    manual = (
        TrustEntry.objects.filter(archived=False, occurred_on__lte=as_of, **scope)
        .values("supplier_id")
        .annotate(total=Sum("points"), recent=Sum("points", filter=recent))
        .order_by()
    )
    for row in manual:
        s = out[row["supplier_id"]]
        s.trust_balance += row["total"] or 0
        s.recent.trust_points += row["recent"] or 0

    since = start_of(as_of) - dt.timedelta(days=round(config.owner_changes_months * 30.44))
    until = start_of(as_of + dt.timedelta(days=1))
    owners = (
        OwnerAssignment.objects.filter(started_at__lt=until, **scope)
        .values("supplier_id")
        .annotate(n=Count("pk", filter=Q(started_at__gte=since)), first=Min("started_at"))
        .order_by()
    )
    for row in owners:
        changes = row["n"] - (1 if row["first"] >= since else 0)
        if changes > 0:
            out[row["supplier_id"]].owner_changes = changes
    return dict(out)


@dataclass(frozen=True)
class RecomputeSummary:
    as_of: dt.date
    suppliers: int
    scored: int
    findings: int
    alerts_raised: int
    seconds: float


ALERT_KIND_OF_SIGNAL = {
    "suggestions": "relationship.drift",
    "response_time": "relationship.drift",
    "minor_disputes": "relationship.drift",
    "informal_contacts": "relationship.drift",
    "tone": "relationship.tone",
    "formality": "relationship.tone",
    "reciprocity": "relationship.reciprocity",
    "owner_turnover": "relationship.turnover",
    "trust": "relationship.trust",
}
NOTES_PER_TONE_ALERT = 5


def watched_suppliers(supplier_ids: Sequence[int] | None = None) -> list[tuple[int, str]]:
    qs = Supplier.objects.filter(archived=False, status__in=WATCHED_STATUSES)
    if supplier_ids is not None:
        qs = qs.filter(pk__in=supplier_ids)
    return list(qs.order_by("pk").values_list("pk", "name"))


MAX_DAYS_BACK = 3660  # a recompute looks at most about ten years back


def as_of_problem(day: dt.date) -> str | None:
    """Why `day` cannot be recomputed for, or None: not in the future, not over ten years back."""
    today = timezone.localdate()
    if day > today:
        return "The day cannot be in the future."
    if (today - day).days > MAX_DAYS_BACK:
        return "The day can be at most ten years back."
    return None


def recompute(
    as_of: dt.date | None = None,
    supplier_ids: Sequence[int] | None = None,
    progress: Progress | None = None,
) -> RecomputeSummary:
    """Recompute health and drift for the watched suppliers on `as_of` (default today),
    store one snapshot per supplier and day, and raise alerts for new findings.
    Set-based: a fixed number of queries plus batched writes. Running it twice for the
    same day replaces that day's snapshots and raises nothing twice."""
    from partnerbook.alerts.services import AlertCandidate, sync_alerts

    started = timezone.now()
    as_of = as_of or timezone.localdate()
    config = current_config()
    suppliers = watched_suppliers(supplier_ids)
    ids = [pk for pk, _ in suppliers]
    names = dict(suppliers)
    scope = ids if supplier_ids is not None else None
    signals = collect_signals(scope, as_of, config)
    empty = domain.SupplierSignals(
        domain.Window(config.recent_days), domain.Window(config.baseline_days)
    )
    previous = _previous_scores(scope, as_of)
    targets = response_targets(ids)
    factors = registry.health_factors()
    deductions = {f.key: f.assess(ids, as_of) if ids else {} for f in factors}
    snapshots: list[HealthSnapshot] = []
    candidates: list[AlertCandidate] = []
    finding_count = scored = 0
    for done, pk in enumerate(ids, start=1):
        s = signals.get(pk, empty)
        cfg = config if pk not in targets else replace(config, response_target_hours=targets[pk])
        result = domain.health(s, cfg)
        taken = [(f, deductions[f.key][pk]) for f in factors if pk in deductions[f.key]]
        result = domain.with_deductions(
            result,
            [domain.Deduction(f.key, f.label, max(0, min(100, d.points)), d.reason)
             for f, d in taken],
            config,
        )  # fmt: skip
        candidates.extend(d.alert for _, d in taken if d.alert is not None)
        findings = (
            domain.detect_drift(s, config) if result.score is not None or s.owner_changes else []
        )
        finding_count += len(findings)
        scored += result.score is not None
        before = previous.get(pk)
        snapshots.append(
            HealthSnapshot(
                supplier_id=pk, as_of=as_of, score=result.score, light=result.light,
                change=None if result.score is None or before is None else result.score - before,
                confidence=round(result.confidence, 3), breakdown=result.as_dict(),
                findings=[f.as_dict() for f in findings], metrics=_metrics(s),
            )
        )  # fmt: skip
        for f in findings:
            candidates.append(
                AlertCandidate(
                    supplier_id=pk, kind=ALERT_KIND_OF_SIGNAL[f.signal], subject=f.signal,
                    title=f"{names[pk]}: {f.label.lower()}", summary=f.explanation,
                    severity=f.severity, confidence=f.confidence,
                    evidence={"finding": f.as_dict(), "as_of": as_of.isoformat()},
                )
            )  # fmt: skip
        if progress and (done % 500 == 0 or done == len(ids)):
            progress("Scoring", done, len(ids))
    _add_tone_notes(candidates, as_of, config)
    with transaction.atomic():
        replaced = HealthSnapshot.objects.filter(as_of=as_of)
        if scope is not None:  # only the named suppliers' snapshots, maybe none at all
            # Two saves for one supplier at the same moment each refresh its health: the
            # row lock makes the second wait, then replace the first one's snapshot.
            list(Supplier.objects.select_for_update().filter(pk__in=ids).values_list("pk"))
            replaced = replaced.filter(supplier_id__in=ids)
        replaced.delete()
        bulk_insert(HealthSnapshot, snapshots)
        kinds = set(ALERT_KIND_OF_SIGNAL.values()).union(*(f.alert_kinds for f in factors))
        raised = sync_alerts(as_of, candidates, scope_kinds=kinds)
    return RecomputeSummary(
        as_of, len(ids), scored, finding_count, raised, (timezone.now() - started).total_seconds()
    )


def response_targets(supplier_ids: Sequence[int]) -> dict[int, float]:
    """Hours each supplier is expected to answer in, from the registered sources (e.g. a
    relationship plan's communication norms); the first source with a value wins. Suppliers
    without one use the global `response_target_hours`."""
    found: dict[int, float] = {}
    if not supplier_ids:
        return found
    for source in registry.response_target_sources():
        for pk, hours in source.targets(list(supplier_ids)).items():
            if hours is not None and hours > 0:
                found.setdefault(pk, float(hours))
    return found


def _metrics(s: domain.SupplierSignals) -> dict[str, Any]:
    return {
        "recent_interactions": s.recent.interactions,
        "baseline_interactions": s.baseline.interactions,
        "trust_balance": s.trust_balance,
        "trust_recent": s.recent.trust_points,
        "unanswered": s.unanswered,
        "owner_changes": s.owner_changes,
        "asks": s.recent.our_asks,
        "gives": s.recent.our_gives,
    }


def _previous_scores(scope: Sequence[int] | None, as_of: dt.date) -> dict[int, int]:
    """Each supplier's latest score from 4 to 8 weeks before `as_of` (one query)."""
    low, high = CHANGE_LOOKBACK_DAYS
    qs = HealthSnapshot.objects.filter(
        as_of__lte=as_of - dt.timedelta(days=low),
        as_of__gte=as_of - dt.timedelta(days=high),
        score__isnull=False,
    )
    if scope is not None:
        qs = qs.filter(supplier_id__in=scope)
    found: dict[int, int] = {}
    for supplier_id, score in qs.order_by("supplier_id", "-as_of").values_list(
        "supplier_id", "score"
    ):
        if score is not None:
            found.setdefault(supplier_id, score)
    return found


def _add_tone_notes(candidates: list[Any], as_of: dt.date, config: domain.SignalConfig) -> None:
    """Tone alerts list the recent notes behind them (one query for all flagged suppliers)."""
    flagged = {c.supplier_id: c for c in candidates if c.subject == "tone"}
    if not flagged:
        return
    w = Windows.of(as_of, config)
    notes: dict[int, list[dict[str, Any]]] = defaultdict(list)
    rows = (
        Interaction.objects.filter(
            supplier_id__in=flagged, archived=False, sentiment__isnull=False,
            occurred_on__gt=w.recent_start, occurred_on__lte=as_of,
        )
        .order_by("sentiment")
        .values("pk", "supplier_id", "occurred_on", "sentiment", "notes")
    )  # fmt: skip
    for row in rows:
        bucket = notes[row["supplier_id"]]
        if len(bucket) < NOTES_PER_TONE_ALERT:
            bucket.append(
                {"interaction": row["pk"], "date": row["occurred_on"].isoformat(),
                 "tone": round(row["sentiment"], 2), "excerpt": row["notes"][:240]}
            )  # fmt: skip
    for supplier_id, candidate in flagged.items():
        candidate.evidence["notes"] = notes.get(supplier_id, [])


# --- reads for pages and the API -----------------------------------------------------------


def latest_snapshots() -> Any:
    """Each supplier's latest health snapshot, as a queryset (one query when evaluated)."""
    newest = HealthSnapshot.objects.filter(supplier_id=OuterRef("supplier_id")).order_by("-as_of")
    return HealthSnapshot.objects.filter(as_of=Subquery(newest.values("as_of")[:1]))


def latest_health(suppliers: Sequence[Any]) -> dict[int, HealthSnapshot]:
    """Each given supplier's latest snapshot (one query, e.g. for one page of a list)."""
    ids = [getattr(s, "pk", s) for s in suppliers]
    return {snap.supplier_id: snap for snap in latest_snapshots().filter(supplier_id__in=ids)}


def refresh(supplier: Supplier) -> None:
    """Recompute one supplier's health for today after a change (a handful of queries)."""
    if not supplier.archived and supplier.status in WATCHED_STATUSES:
        try:
            recompute(supplier_ids=[supplier.pk])
        except DatabaseError:
            # The change itself is saved; tonight's recompute brings the health up to date.
            logger.exception("Refreshing the health of supplier %s failed", supplier.pk)


def light_counts(suppliers: Any) -> dict[str, int]:
    """How many of `suppliers` are green, yellow and red on their latest snapshot."""
    rows = (
        latest_snapshots()
        .filter(supplier__in=suppliers, score__isnull=False)
        .values("light")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {"green": 0, "yellow": 0, "red": 0}
    counts.update({r["light"]: r["n"] for r in rows})
    return counts


def health_of(supplier: Supplier) -> HealthSnapshot | None:
    return latest_health([supplier]).get(supplier.pk)


def health_trend(supplier: Supplier, days: int = 400) -> list[tuple[dt.date, int]]:
    """The score over time, oldest first (one query)."""
    since = timezone.localdate() - dt.timedelta(days=days)
    rows = HealthSnapshot.objects.filter(
        supplier=supplier, as_of__gte=since, score__isnull=False
    ).order_by("as_of")
    return [(day, score) for day, score in rows.values_list("as_of", "score") if score is not None]


# --- timeline -------------------------------------------------------------------------------


def interaction_entries(
    user: User, supplier: Supplier, since: dt.datetime | None, limit: int
) -> list[TimelineEntry]:
    """Interactions for the relationship timeline, newest first (two queries)."""
    qs = Interaction.objects.filter(supplier=supplier, archived=False).prefetch_related("signals")
    if since is not None:
        qs = qs.filter(occurred_on__gte=since.date())
    qs = qs.select_related("created_by").order_by("-occurred_on", "-pk")[:limit]
    channels = {key: gettext(label) for key, label in domain.CHANNEL_CHOICES}
    labels = {key: gettext(label) for key, label in domain.TAG_CHOICES}
    return [
        TimelineEntry(
            when=start_of(i.occurred_on),
            kind="interactions",
            title=f"{channels[i.channel]}{': ' + i.subject if i.subject else ''}",
            detail=i.notes,
            who=(i.created_by.display_name if i.created_by else ""),
            url=reverse("relationship:interaction_edit", args=[supplier.pk, i.pk]),
            badge="started by us" if i.initiated_by == "ours" else "started by them",
            tags=[labels[s.tag] for s in i.signals.all()],
        )
        for i in qs
    ]


def trust_entries(
    user: User, supplier: Supplier, since: dt.datetime | None, limit: int
) -> list[TimelineEntry]:
    """Manual trust deposits and withdrawals for the timeline (one query)."""
    qs = TrustEntry.objects.filter(supplier=supplier, archived=False).select_related("created_by")
    if since is not None:
        qs = qs.filter(occurred_on__gte=since.date())
    return [
        TimelineEntry(
            when=start_of(e.occurred_on),
            kind="trust",
            title=(
                gettext("Trust deposit of %(points)s")
                if e.points > 0
                else gettext("Trust withdrawal of %(points)s")
            )
            % {"points": abs(e.points)},
            detail=e.reason,
            who=e.created_by.display_name,
            badge="deposit" if e.points > 0 else "withdrawal",
        )
        for e in qs.order_by("-occurred_on", "-pk")[:limit]
    ]


def contacts_for(supplier: Supplier) -> Any:
    return Contact.objects.filter(supplier=supplier, archived=False).order_by("side", "name")
