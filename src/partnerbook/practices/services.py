"""Reads and writes of collaboration practices and agreements. Views, API, the demo loader
and tests all come through here; the rules are in `domain.py`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import require
from partnerbook.core.audit import save_audited
from partnerbook.core.concurrency import lock_for_edit, next_version
from partnerbook.core.registry import TimelineEntry, start_of
from partnerbook.core.spreadsheets import CONTENT_TYPES, ExportFile, write_csv, write_xlsx
from partnerbook.segmentation import services as segmentation_services
from partnerbook.suppliers.models import Contact, Supplier

from . import domain
from .models import Agreement, Practice

PRACTICE_FIELDS = ("kind", "started_on", "owner", "notes")
AGREEMENT_FIELDS = ("kind", "signed_on", "expires_on", "reference", "note")


# --- context --------------------------------------------------------------------------------


def segmentation_facts(supplier: Supplier) -> domain.SegmentationFacts:
    """What the practice rules need from the supplier's segmentation (a fixed few queries)."""
    seg = segmentation_services.segmentation_of(supplier)
    profile = seg.profile
    config = segmentation_services.config_from(segmentation_services.get_settings())
    chosen = profile.chosen_model or ""
    return domain.SegmentationFacts(
        value_score=seg.placement.value.score,
        value_cutoff=config.value_cutoff,
        quadrant=seg.quadrant.value if seg.quadrant is not None else None,
        complexity=profile.complexity,
        ip_sensitivity=profile.ip_sensitivity,
        supplier_is_competitor=profile.supplier_is_competitor,
        shared_risk_reward=profile.shared_risk_reward,
        engagement_model=chosen or seg.fit.recommended.value,
        engagement_model_chosen=bool(chosen),
    )


def agreement_facts(supplier: Supplier) -> tuple[domain.AgreementFacts, ...]:
    return tuple(a.facts() for a in Agreement.objects.filter(supplier=supplier, archived=False))


def _attendee(contact: Contact) -> domain.Attendee:
    return domain.Attendee(side=contact.side, level=contact.level, name=contact.name)


def check(
    kind: str,
    attendees: Iterable[Contact],
    started_on: dt.date | None,
    ended_on: dt.date | None,
    segmentation: domain.SegmentationFacts,
    agreements: tuple[domain.AgreementFacts, ...],
    today: dt.date | None = None,
) -> domain.Checks:
    """The context checks of a practice (saved or not), judged on its check day."""
    return domain.check_practice(
        domain.PracticeContext(
            kind=kind,
            as_of=domain.check_day(started_on, ended_on, today or timezone.localdate()),
            attendees=tuple(_attendee(c) for c in attendees),
            agreements=agreements,
            segmentation=segmentation,
        )
    )


def checks_for(supplier: Supplier, practices: Sequence[Practice]) -> dict[int, domain.Checks]:
    """Checks of each practice of `supplier`, recomputed now (attendees prefetched: a fixed
    number of queries whatever the number of practices)."""
    segmentation = segmentation_facts(supplier)
    agreements = agreement_facts(supplier)
    return {
        p.pk: check(p.kind, p.attendees.all(), p.started_on, p.ended_on, segmentation, agreements)
        for p in practices
    }


def checks_of(practice: Practice) -> domain.Checks:
    return checks_for(practice.supplier, [practice])[practice.pk]


# --- agreements -----------------------------------------------------------------------------


@transaction.atomic
def record_agreement(actor: User, supplier: Supplier, data: Mapping[str, Any]) -> Agreement:
    """Record a signed agreement; `data` holds kind, signed_on, and optionally expires_on,
    reference and note."""
    require(actor, "practice.edit", supplier)
    agreement = Agreement(supplier=supplier, created_by=actor)
    for key in AGREEMENT_FIELDS:
        if key in data:
            value = data[key]
            setattr(agreement, key, "" if value is None and key in ("reference", "note") else value)
    if agreement.signed_on and agreement.signed_on > timezone.localdate():
        raise ValidationError({"signed_on": "An agreement cannot be signed in the future."})
    problem = domain.agreement_dates_error(agreement.signed_on, agreement.expires_on)
    if problem:
        raise ValidationError({"expires_on": problem})
    save_audited(agreement, actor, "Agreement recorded.")
    return agreement


@transaction.atomic
def archive_agreement(actor: User, agreement: Agreement) -> Agreement:
    """Archive an agreement: it stays in the history but no practice rests on it any more."""
    require(actor, "practice.edit", agreement.supplier)
    lock_for_edit(agreement, None, "this agreement")
    if not agreement.archived:
        agreement.archived = True
        next_version(agreement)
        save_audited(agreement, actor, "Agreement archived.")
    return agreement


def agreements_of(supplier: Supplier, archived: bool = False) -> list[Agreement]:
    return list(
        Agreement.objects.filter(supplier=supplier, archived=archived)
        .select_related("created_by")
        .order_by("-signed_on", "-pk")
    )


# --- practices ------------------------------------------------------------------------------


def _check_people(practice: Practice, data: Mapping[str, Any]) -> list[Contact] | None:
    owner = data.get("owner", practice.owner if practice.owner_id else None)
    if owner is None:
        raise ValidationError({"owner": "Choose who owns the practice on our side."})
    if not owner.is_internal or not owner.is_active:
        raise ValidationError({"owner": "The owner must be an active colleague."})
    if "attendees" not in data:
        return None
    attendees = list(data["attendees"] or [])
    if any(c.supplier_id != practice.supplier_id for c in attendees):
        raise ValidationError({"attendees": "Choose people from this supplier's contacts."})
    return attendees


def _apply(practice: Practice, data: Mapping[str, Any]) -> list[Contact] | None:
    for key in PRACTICE_FIELDS:
        if key in data:
            value = data[key]
            setattr(practice, key, "" if value is None and key == "notes" else value)
    if practice.kind not in domain.PRACTICE_KINDS:
        raise ValidationError({"kind": "Choose a known practice."})
    if practice.started_on is None:
        raise ValidationError({"started_on": "Give the day the practice started."})
    problem = domain.practice_dates_error(practice.started_on, practice.ended_on)
    if problem:
        raise ValidationError({"started_on": problem})
    return _check_people(practice, data)


def _refuse_if_blocked(practice: Practice, attendees: Iterable[Contact]) -> domain.Checks:
    result = check(
        practice.kind,
        attendees,
        practice.started_on,
        practice.ended_on,
        segmentation_facts(practice.supplier),
        agreement_facts(practice.supplier),
    )
    if result.refusals:
        raise ValidationError({"kind": [f.message for f in result.refusals]})
    return result


@transaction.atomic
def start_practice(actor: User, supplier: Supplier, data: Mapping[str, Any]) -> Practice:
    """Start a practice; `data` holds kind, started_on, owner (a User; default: the actor),
    notes and attendees (Contacts of this supplier, either side). A practice its context
    refuses (e.g. roadmap sharing without a mutual NDA on record) raises ValidationError
    on `kind`, naming the reasons; warnings never block."""
    require(actor, "practice.edit", supplier)
    practice = Practice(supplier=supplier, created_by=actor, owner=data.get("owner") or actor)
    attendees = _apply(practice, {**data, "owner": data.get("owner") or actor}) or []
    _refuse_if_blocked(practice, attendees)
    save_audited(practice, actor, "Practice started.")
    if attendees:
        practice.attendees.set(attendees)
    return practice


@transaction.atomic
def update_practice(
    actor: User,
    practice: Practice,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> Practice:
    """Change a practice (only the keys in `data`; `attendees` replaces the list). With
    `expected_version`, an edit based on an older version raises `StaleEdit`."""
    require(actor, "practice.edit", practice.supplier)
    lock_for_edit(practice, expected_version, "this practice")
    attendees = _apply(practice, data)
    current = attendees if attendees is not None else list(practice.attendees.all())
    _refuse_if_blocked(practice, current)
    next_version(practice)
    save_audited(practice, actor, "Practice edited.")
    if attendees is not None:
        practice.attendees.set(attendees)
    return practice


@transaction.atomic
def end_practice(
    actor: User, practice: Practice, ended_on: dt.date, expected_version: int | None = None
) -> Practice:
    """End a practice on `ended_on` (not before its start, not in the future). Ending is
    never refused by the context checks."""
    require(actor, "practice.edit", practice.supplier)
    lock_for_edit(practice, expected_version, "this practice")
    if practice.status == Practice.Status.ENDED:
        raise ValidationError({"ended_on": "This practice has already ended."})
    if ended_on > timezone.localdate():
        raise ValidationError({"ended_on": "A practice cannot be ended in the future."})
    problem = domain.practice_dates_error(practice.started_on, ended_on)
    if problem:
        raise ValidationError({"ended_on": problem})
    practice.ended_on = ended_on
    practice.status = Practice.Status.ENDED
    next_version(practice)
    save_audited(practice, actor, "Practice ended.")
    return practice


def practices_of(supplier: Supplier) -> list[Practice]:
    """All practices of `supplier`, active first, newest first (two queries)."""
    return list(
        Practice.objects.filter(supplier=supplier)
        .for_list()
        .order_by("status", "-started_on", "-pk")
    )


def colleagues() -> Any:
    from partnerbook.accounts.models import INTERNAL_ROLES

    return User.objects.filter(role__in=INTERNAL_ROLES, is_active=True).order_by(
        "first_name", "username"
    )


# --- timeline -------------------------------------------------------------------------------


def timeline_entries(
    user: User, supplier: Supplier, since: dt.datetime | None, limit: int
) -> list[TimelineEntry]:
    """Practices started and ended, agreements signed; newest first (three queries)."""
    day = since.date() if since is not None else None
    labels = dict(domain.PRACTICE_CHOICES)
    url = reverse("practices:supplier", args=[supplier.pk])
    entries: list[TimelineEntry] = []
    started = Practice.objects.filter(supplier=supplier).select_related("owner")
    ended = Practice.objects.filter(supplier=supplier, ended_on__isnull=False).select_related(
        "owner"
    )
    agreements = Agreement.objects.filter(supplier=supplier, archived=False)
    if day is not None:
        started = started.filter(started_on__gte=day)
        ended = ended.filter(ended_on__gte=day)
        agreements = agreements.filter(signed_on__gte=day)
    for p in started.order_by("-started_on", "-pk")[:limit]:
        entries.append(
            TimelineEntry(
                when=start_of(p.started_on),
                kind="practices",
                title=f"Practice started: {labels[p.kind]}",
                detail=p.notes,
                who=p.owner.display_name,
                url=url,
                badge="started",
            )
        )
    for p in ended.order_by("-ended_on", "-pk")[:limit]:
        assert p.ended_on is not None  # noqa: S101 (filtered above)
        entries.append(
            TimelineEntry(
                when=start_of(p.ended_on),
                kind="practices",
                title=f"Practice ended: {labels[p.kind]}",
                who=p.owner.display_name,
                url=url,
                badge="ended",
            )
        )
    for a in agreements.order_by("-signed_on", "-pk")[:limit]:
        entries.append(
            TimelineEntry(
                when=start_of(a.signed_on),
                kind="practices",
                title=f"{a.get_kind_display()} signed"
                + (f" ({a.reference})" if a.reference else ""),
                detail=(f"Expires {a.expires_on.isoformat()}. " if a.expires_on else "") + a.note,
                url=url,
                badge="agreement",
            )
        )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]


# --- export ---------------------------------------------------------------------------------

EXPORT_COLUMNS = (
    "id", "practice", "status", "started_on", "ended_on", "owner", "attendees",
    "refusals", "warnings", "notes",
)  # fmt: skip


def export_practices(supplier: Supplier, fmt: str) -> ExportFile:
    """The supplier's practices with their current warnings, as CSV or XLSX."""
    if fmt not in CONTENT_TYPES:
        raise ValidationError({"fmt": "Choose csv or xlsx."})
    practices = practices_of(supplier)
    checks = checks_for(supplier, practices)
    rows = [
        (
            p.pk,
            p.get_kind_display(),
            p.get_status_display(),
            p.started_on.isoformat(),
            p.ended_on.isoformat() if p.ended_on else "",
            p.owner.display_name,
            "; ".join(c.name for c in p.attendees.all()),
            " ".join(f.message for f in checks[p.pk].refusals),
            " ".join(f.message for f in checks[p.pk].warnings),
            p.notes,
        )
        for p in practices
    ]
    if fmt == "csv":
        content = write_csv(EXPORT_COLUMNS, rows)
    else:
        content = write_xlsx("Practices", EXPORT_COLUMNS, rows, number_columns=("id",))
    return ExportFile(content, CONTENT_TYPES[fmt], len(rows))
