"""Reads of contact coverage: the database feeds `domain.classify` for many suppliers at
once, in a fixed number of queries; plus what coverage means for each supplier given its
segmentation, and the health factor the relationship recompute calls."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from partnerbook.core.registry import HealthDeduction
from partnerbook.relationship.models import Interaction
from partnerbook.suppliers.models import Contact, Supplier

from . import domain

# Above this many ids the queries read everything in the window and filter in Python:
# SQLite refuses statements with too many parameters, and the number of queries stays fixed.
MAX_IDS_IN_SQL = 5000
BOWTIE_POINTS = 15
ALERT_KIND = "coverage.bowtie"


def _ids(suppliers_or_ids: Iterable[Any]) -> list[int]:
    return sorted({int(getattr(s, "pk", s)) for s in suppliers_or_ids})


def _scoped(qs: QuerySet[Any], field: str, ids: list[int]) -> QuerySet[Any]:
    return qs.filter(**{f"{field}__in": ids}) if len(ids) <= MAX_IDS_IN_SQL else qs


def coverage_for(
    suppliers_or_ids: Iterable[Any], as_of: dt.date | None = None
) -> dict[int, domain.Coverage]:
    """The coverage of each given supplier (Supplier objects or pks) on `as_of` (default
    today): four queries whatever the number of suppliers, contacts or interactions.

    Interactions are counted in the database; only those that name people are read row by
    row (through their links), so a portfolio of unnamed interactions costs little."""
    ids = _ids(suppliers_or_ids)
    as_of = as_of or timezone.localdate()
    if not ids:
        return {}
    wanted = set(ids)
    start = as_of - dt.timedelta(days=domain.WINDOW_DAYS)

    people: dict[int, list[domain.Person]] = defaultdict(list)
    contacts = _scoped(Contact.objects.all(), "supplier_id", ids).values_list(
        "pk", "supplier_id", "side", "name", "level", "function", "email"
    )
    for pk, supplier_id, side, name, level, function, email in contacts.order_by():
        if supplier_id in wanted:
            people[supplier_id].append(domain.Person(pk, side, name, level, function, email))

    logged = _scoped(
        Interaction.objects.filter(archived=False, occurred_on__gt=start, occurred_on__lte=as_of),
        "supplier_id",
        ids,
    )
    totals = {
        supplier_id: n
        for supplier_id, n in logged.values("supplier_id")
        .annotate(n=Count("pk"))
        .values_list("supplier_id", "n")
        .order_by()
        if supplier_id in wanted
    }

    link_window = Q(
        interaction__archived=False,
        interaction__occurred_on__gt=start,
        interaction__occurred_on__lte=as_of,
    )
    linked: dict[int, tuple[int, dt.date]] = {}  # interaction -> (supplier, day)
    links: dict[int, list[int]] = defaultdict(list)
    contact_links = _scoped(
        Interaction.contacts.through.objects.filter(link_window), "interaction__supplier_id", ids
    ).values_list("interaction_id", "interaction__supplier_id", "interaction__occurred_on",
                  "contact_id")  # fmt: skip
    for interaction_id, supplier_id, day, contact_id in contact_links.order_by():
        if supplier_id in wanted:
            linked[interaction_id] = (supplier_id, day)
            links[interaction_id].append(contact_id)
    participants: dict[int, list[domain.Participant]] = defaultdict(list)
    participant_links = _scoped(
        Interaction.participants.through.objects.filter(link_window),
        "interaction__supplier_id",
        ids,
    ).values_list("interaction_id", "interaction__supplier_id", "interaction__occurred_on",
                  "user_id", "user__first_name", "user__last_name", "user__username",
                  "user__email")  # fmt: skip
    for row in participant_links.order_by():
        interaction_id, supplier_id, day, user_id, first, last, username, email = row
        if supplier_id in wanted:
            linked[interaction_id] = (supplier_id, day)
            name = f"{first} {last}".strip() or username
            participants[interaction_id].append(domain.Participant(user_id, name, email or ""))

    meetings: dict[int, list[domain.Meeting]] = defaultdict(list)
    for pk, (supplier_id, day) in linked.items():
        meetings[supplier_id].append(
            domain.Meeting(day, tuple(links.get(pk, ())), tuple(participants.get(pk, ())))
        )
    return {
        pk: domain.classify(
            people[pk], meetings[pk], as_of, unlinked=totals.get(pk, 0) - len(meetings[pk])
        )
        for pk in ids
    }


def coverage_of(supplier: Supplier, as_of: dt.date | None = None) -> domain.Coverage:
    """One supplier's coverage (four queries)."""
    return coverage_for([supplier.pk], as_of)[supplier.pk]


# --- what it means for each supplier --------------------------------------------------------


@dataclass(frozen=True)
class Assessment:
    """A supplier's coverage and what it means for it."""

    supplier_id: int
    coverage: domain.Coverage
    meaning: domain.Meaning


def meaning_of(seg: Any, coverage: domain.Coverage) -> domain.Meaning:
    """What `coverage` means for a supplier with segmentation `seg` (no queries)."""
    return domain.meaning(
        coverage,
        seg.quadrant.value if seg.quadrant else None,
        seg.profile.chosen_model or None,
        seg.fit.recommended.value,
    )


def assess(supplier: Supplier, as_of: dt.date | None = None) -> Assessment:
    """One supplier's coverage and its meaning (a fixed handful of queries)."""
    from partnerbook.segmentation import services as segmentation

    coverage = coverage_of(supplier, as_of)
    return Assessment(
        supplier.pk, coverage, meaning_of(segmentation.segmentation_of(supplier), coverage)
    )


# --- health factor and alert ------------------------------------------------------------------


def bowtie_deductions(supplier_ids: list[int], as_of: dt.date) -> dict[int, HealthDeduction]:
    """The registered health factor: points off, with an alert, for each strategic or
    partnership supplier whose relationship is a bow-tie. Seven queries whatever the number
    of suppliers (coverage, suppliers with their profiles, segmentation settings)."""
    from partnerbook.alerts.services import AlertCandidate
    from partnerbook.segmentation import services as segmentation

    ids = _ids(supplier_ids)
    if not ids:
        return {}
    coverages = coverage_for(ids, as_of)
    # Only a bow-tie can cost points: the others' suppliers and profiles are not read.
    bow_ties = [
        pk for pk, coverage in coverages.items() if coverage.classification == domain.BOW_TIE
    ]
    if not bow_ties:
        return {}
    suppliers = [
        s
        for s in _scoped(Supplier.objects.select_related("segmentation"), "pk", bow_ties).order_by(
            "pk"
        )
        if s.pk in coverages
    ]
    settings_obj = segmentation.get_settings()
    config = segmentation.config_from(settings_obj)
    total = segmentation.portfolio_spend_total(settings_obj)
    out: dict[int, HealthDeduction] = {}
    for s in suppliers:
        coverage = coverages[s.pk]
        if coverage.classification != domain.BOW_TIE:
            continue
        spend = segmentation.to_reporting(s.annual_spend, s.currency, settings_obj)
        share = spend / total if spend is not None and total > 0 else None
        meaning = meaning_of(
            segmentation.evaluate(segmentation.profile_of(s), share, config), coverage
        )
        if not meaning.concern:
            continue
        reason = f"{coverage.summary} {meaning.basis}"
        alert = AlertCandidate(
            supplier_id=s.pk,
            kind=ALERT_KIND,
            subject="bow-tie",
            title=f"{s.name}: the relationship runs as a bow-tie",
            summary=f"{reason} {meaning.message}",
            severity="warning",
            evidence={
                "as_of": as_of.isoformat(),
                "pair": coverage.pair.as_dict() if coverage.pair else None,
                "meetings": coverage.meetings,
                "grid": coverage.grid,
                "missing_links": list(coverage.missing_links),
                "explanation": list(coverage.explanation),
                "basis": meaning.basis,
            },
        )
        out[s.pk] = HealthDeduction(points=BOWTIE_POINTS, reason=reason, alert=alert)
    return out


def list_cells(suppliers: list[Any]) -> dict[int, domain.Coverage]:
    """The supplier list's Coverage column for one page (four queries)."""
    return coverage_for(suppliers)
