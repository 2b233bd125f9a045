"""Performance services: the KPI set that applies to a supplier, scorecards computed from
delivery aggregates in the database, measurements, KPI definitions and delivery lines.

Every write goes through here (as an audited save) and checks who may make it."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, FilteredRelation, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth, TruncQuarter
from django.utils import timezone
from django.utils.translation import gettext
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import require
from partnerbook.alerts.services import AlertCandidate, sync_alerts
from partnerbook.core.audit import save_audited
from partnerbook.core.concurrency import lock_for_edit, next_version
from partnerbook.core.registry import ChecklistResult, pk_urls
from partnerbook.core.spreadsheets import CONTENT_TYPES, ExportFile, write_csv, write_xlsx
from partnerbook.suppliers.models import Category, Supplier

from . import domain
from .models import (
    DeliveryLine,
    KpiBaseline,
    KpiDefinition,
    KpiRating,
    Measurement,
    StoredScore,
)

KPI_FIELDS = (
    "key", "name", "kind", "direction", "unit", "target", "yellow_threshold",
    "red_threshold", "weight", "core",
)  # fmt: skip
DELIVERY_FIELDS = (
    "ordered_on", "promised_on", "promised_qty", "received_on", "received_qty", "rejected_qty",
)  # fmt: skip
MAX_TRAILING = 60

# The standard KPIs `install_default_kpis` sets up for every supplier.
DEFAULT_KPIS: tuple[dict[str, Any], ...] = (
    {"key": "on_time", "name": "On-time", "kind": "on_time", "direction": "higher", "unit": "%",
     "target": 95, "yellow_threshold": 95, "red_threshold": 85, "weight": 30},
    {"key": "in_full", "name": "In-full", "kind": "in_full", "direction": "higher", "unit": "%",
     "target": 98, "yellow_threshold": 95, "red_threshold": 90, "weight": 20},
    {"key": "acceptance", "name": "Acceptance", "kind": "acceptance", "direction": "higher",
     "unit": "%", "target": 99.5, "yellow_threshold": 99, "red_threshold": 97, "weight": 20},
    {"key": "defect_ppm", "name": "Defects", "kind": "defect_ppm", "direction": "lower",
     "unit": "ppm", "target": 500, "yellow_threshold": 1000, "red_threshold": 5000,
     "weight": 0, "core": False},
    {"key": "cost_variance", "name": "Cost variance", "kind": "cost_variance",
     "direction": "lower", "unit": "%", "target": 0, "yellow_threshold": 2,
     "red_threshold": 5, "weight": 15},
    {"key": "responsiveness", "name": "Responsiveness", "kind": "responsiveness",
     "direction": "lower", "unit": "hours", "target": 24, "yellow_threshold": 48,
     "red_threshold": 96, "weight": 10},
    {"key": "innovation", "name": "Innovation (suggestions logged)", "kind": "suggestions",
     "direction": "higher", "unit": "", "target": 2, "yellow_threshold": 1,
     "red_threshold": 0, "weight": 0, "core": False},
)  # fmt: skip
# Innovation is counted from the relationship log and shown without weight by default: a
# supplier that only has logged talks (no deliveries) would otherwise be judged on its
# suggestions alone. Give it a weight per category or supplier where it matters.


# --- KPI definitions ------------------------------------------------------------------------


def _category_chains(category_ids: set[int]) -> dict[int, list[int]]:
    """Each category with its ancestors, nearest first (one query)."""
    if not category_ids:
        return {}
    parents = dict(Category.objects.values_list("pk", "parent_id"))
    chains: dict[int, list[int]] = {}
    for category_id in category_ids:
        chain: list[int] = []
        current: int | None = category_id
        while current is not None and current not in chain:
            chain.append(current)
            current = parents.get(current)
        chains[category_id] = chain
    return chains


def _chunks(ids: Sequence[int], scope: QuerySet[Supplier] | None) -> list[Any]:
    """How a query selects `ids`: one subquery over `scope` (one query whatever the number
    of suppliers), else lists of at most 500 ids."""
    if scope is not None:
        return [scope.values("pk")]
    return [ids[start : start + 500] for start in range(0, max(len(ids), 1), 500)]


def effective_definitions_for(
    suppliers: Sequence[Supplier], scope: QuerySet[Supplier] | None = None
) -> dict[int, list[KpiDefinition]]:
    """{supplier pk: the KPI definitions that apply to it}, one per key: its own override,
    else its category's (the nearest category up the tree that defines the key), else the
    default. One query per 500 suppliers (one in all when `scope`, a queryset holding every
    supplier of `suppliers`, is given), and one more when categories define KPIs."""
    ids = [s.pk for s in suppliers]
    wanted = set(ids)
    shared: dict[int, KpiDefinition] = {}
    overrides: dict[int, list[KpiDefinition]] = {}
    for chunk in _chunks(ids, scope):
        rows = KpiDefinition.objects.filter(Q(supplier_id__in=chunk) | Q(supplier__isnull=True))
        for definition in rows:
            if definition.supplier_id is None:
                shared[definition.pk] = definition
            elif definition.supplier_id in wanted:
                overrides.setdefault(definition.supplier_id, []).append(definition)
    chains: dict[int, list[int]] = {}
    if any(d.category_id for d in shared.values()):
        chains = _category_chains({s.category_id for s in suppliers if s.category_id})
    defaults = {d.key: d for d in shared.values() if d.category_id is None}
    by_category: dict[int, dict[str, KpiDefinition]] = {}
    for definition in shared.values():
        if definition.category_id is not None:
            by_category.setdefault(definition.category_id, {})[definition.key] = definition
    found: dict[int, list[KpiDefinition]] = {}
    # Suppliers of one category without overrides share one list (built once).
    shared_lists: dict[int, list[KpiDefinition]] = {}
    for supplier in suppliers:
        category = supplier.category_id or 0
        own = overrides.get(supplier.pk)
        if not own and category in shared_lists:
            found[supplier.pk] = shared_lists[category]
            continue
        chosen = dict(defaults)
        for category_id in reversed(chains.get(category, [])):
            chosen.update(by_category.get(category_id, {}))  # nearer categories win
        chosen.update((d.key, d) for d in own or [])
        found[supplier.pk] = sorted(chosen.values(), key=lambda d: (-d.weight, d.name, d.key))
        if not own:
            shared_lists[category] = found[supplier.pk]
    return found


def effective_definitions(supplier: Supplier) -> list[KpiDefinition]:
    """The KPI definitions that apply to `supplier` (see `effective_definitions_for`)."""
    return effective_definitions_for([supplier])[supplier.pk]


def _check_definition(definition: KpiDefinition) -> None:
    problem = domain.threshold_error(
        definition.direction,
        definition.target,
        definition.yellow_threshold,
        definition.red_threshold,
    )
    if problem:
        raise ValidationError({"red_threshold": problem})


def _require_scope(actor: User, category: Category | None, supplier: Supplier | None) -> None:
    if supplier is not None:
        require(actor, "performance.edit", supplier)
    else:
        require(actor, "performance.configure")


@transaction.atomic
def define_kpi(
    actor: User,
    data: Mapping[str, Any],
    *,
    category: Category | None = None,
    supplier: Supplier | None = None,
    measure: bool = True,
) -> KpiDefinition:
    """A new KPI definition: the default (no scope), a category's, or a supplier's override.
    Defaults and category KPIs need "performance.configure"; overrides "performance.edit".
    With `measure`, the baselines of the suppliers it newly applies to are measured."""
    if category is not None and supplier is not None:
        message = gettext("A KPI applies to a category or a supplier, not both.")
        raise ValidationError({"category": message})
    _require_scope(actor, category, supplier)
    definition = KpiDefinition(category=category, supplier=supplier)
    for name in KPI_FIELDS:
        if name in data:
            setattr(definition, name, data[name])
    _check_definition(definition)
    save_audited(definition, actor, "KPI defined.")
    forget_scores([supplier.pk] if supplier is not None else None)
    if measure:
        ensure_baselines(_in_scope(category, supplier), actor=actor)
    return definition


@transaction.atomic
def update_kpi(
    actor: User,
    definition: KpiDefinition,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> KpiDefinition:
    """Change a definition's fields (not its key or scope); refused when stale."""
    _require_scope(actor, definition.category, definition.supplier)
    lock_for_edit(definition, expected_version, "this KPI")
    for name in KPI_FIELDS:
        if name in data and name != "key":
            setattr(definition, name, data[name])
    _check_definition(definition)
    next_version(definition)
    save_audited(definition, actor, "KPI changed.")
    forget_scores([definition.supplier_id] if definition.supplier_id else None)
    return definition


def install_default_kpis(actor: User) -> list[KpiDefinition]:
    """Set up the standard KPIs as defaults for every supplier, skipping keys that already
    have a default. Returns the definitions created."""
    require(actor, "performance.configure")
    existing = set(
        KpiDefinition.objects.filter(category__isnull=True, supplier__isnull=True).values_list(
            "key", flat=True
        )
    )
    created = [
        define_kpi(actor, data, measure=False)
        for data in DEFAULT_KPIS
        if data["key"] not in existing
    ]
    if created:
        ensure_baselines(_in_scope(None, None), actor=actor)
    return created


# --- measurements ---------------------------------------------------------------------------


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


@transaction.atomic
def record_measurement(
    actor: User,
    supplier: Supplier,
    kpi_key: str,
    period: dt.date,
    value: float,
    expected_version: int | None = None,
) -> Measurement:
    """Enter (or correct) the value of an entered KPI for one month of `supplier`."""
    require(actor, "performance.edit", supplier)
    definitions = {d.key: d for d in effective_definitions(supplier)}
    definition = definitions.get(kpi_key)
    if definition is None:
        message = gettext("'%(key)s' is not one of this supplier's KPIs.") % {"key": kpi_key}
        raise ValidationError({"kpi": message})
    if definition.kind in domain.RATED_KINDS:
        raise ValidationError(
            {
                "kpi": gettext("%(name)s is scored by reviewers; give a rating instead.")
                % {"name": definition.name}
            }
        )
    if definition.kind in domain.LOGGED_KINDS:
        message = gettext(
            "%(name)s is counted from the relationship log; log the interactions instead."
        ) % {"name": definition.name}
        raise ValidationError({"kpi": message})
    if definition.kind in domain.COMPUTED_KINDS:
        raise ValidationError(
            {
                "kpi": gettext("%(name)s is computed from deliveries; it cannot be entered.")
                % {"name": definition.name}
            }
        )
    start = month_start(period)
    if start > month_start(timezone.localdate()):
        raise ValidationError({"period": gettext("A month in the future cannot be measured yet.")})
    problem = measurement_problem(value)
    if problem:
        raise ValidationError({"value": problem})
    measurement = (
        Measurement.objects.select_for_update()
        .filter(supplier=supplier, kpi_key=kpi_key, period=start)
        .first()
    )
    if measurement is None:
        measurement = Measurement(supplier=supplier, kpi_key=kpi_key, period=start)
        reason = "Measurement entered."
    else:
        lock_for_edit(measurement, expected_version, "this measurement")
        next_version(measurement)
        reason = "Measurement corrected."
    measurement.value = float(value)
    measurement.entered_by = actor
    save_audited(measurement, actor, reason, validate_constraints=False)
    forget_scores([supplier.pk])
    return measurement


MAX_MEASURED = 1e12


def measurement_problem(value: float) -> str | None:
    if value != value or abs(value) > MAX_MEASURED:
        return "Give a number between -1,000,000,000,000 and 1,000,000,000,000."
    return None


@transaction.atomic
def save_measurements(
    actor: User, rows: Sequence[tuple[Supplier, str, dt.date, float]]
) -> DeliveryWrite:
    """Enter or correct many measurements at once: (supplier, KPI key, month, value), each
    already checked (an entered KPI of the supplier, a month not in the future). A fixed
    number of queries per 500 rows, with history rows written in bulk."""
    for supplier in {s.pk: s for s, _, _, _ in rows}.values():
        require(actor, "performance.edit", supplier)
    existing: dict[tuple[int, str, dt.date], Measurement] = {}
    keys = [(s.pk, key, month_start(day)) for s, key, day, _ in rows]
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        match = Q(pk__in=[])
        for supplier_id, key, day in chunk:
            match |= Q(supplier_id=supplier_id, kpi_key=key, period=day)
        existing.update(
            ((m.supplier_id, m.kpi_key, m.period), m)
            for m in Measurement.objects.select_for_update().filter(match)
        )
    result = DeliveryWrite()
    new: list[Measurement] = []
    changed: list[Measurement] = []
    now = timezone.now()
    for (supplier, key, _, value), natural in zip(rows, keys, strict=True):
        found = existing.get(natural)
        if found is None:
            made = Measurement(supplier=supplier, kpi_key=key, period=natural[2], value=value,
                               entered_by=actor)  # fmt: skip
            existing[natural] = made
            new.append(made)
        elif found.value == value:
            result.unchanged += 1
        else:
            found.value, found.entered_by = value, actor
            found.version += 1
            found.updated_at = now
            changed.append(found)
    if new:
        bulk_create_with_history(new, Measurement, batch_size=500, default_user=actor,
                                 default_change_reason="Measurement imported.")  # fmt: skip
    if changed:
        bulk_update_with_history(
            changed, Measurement, ["value", "entered_by", "version", "updated_at"],
            batch_size=500, default_user=actor, default_change_reason="Measurement corrected.",
        )  # fmt: skip
    result.created, result.updated = len(new), len(changed)
    if new or changed:
        forget_scores(m.supplier_id for m in [*new, *changed])
    return result


# --- deliveries -----------------------------------------------------------------------------


def delivery_problems(values: Mapping[str, Any], today: dt.date) -> dict[str, str]:
    """{field: why} for one delivery line's parsed values (the rules the database also
    enforces, and a received date in the future)."""
    problems: dict[str, str] = {}
    for name in ("promised_qty", "received_qty", "rejected_qty"):
        quantity = values.get(name)
        if quantity is not None and quantity < 0:
            problems[name] = "A quantity cannot be negative."
    ordered, promised, received = (
        values.get("ordered_on"),
        values.get("promised_on"),
        values.get("received_on"),
    )
    if received is not None and ordered is not None and received < ordered:
        problems["received_on"] = "The line cannot be received before it was ordered."
    elif received is not None and received > today:
        problems["received_on"] = "A received date cannot be in the future."
    if promised is not None and ordered is not None and promised < ordered:
        problems["promised_on"] = "The promised date cannot come before the order."
    received_qty = values.get("received_qty") or Decimal(0)
    rejected_qty = values.get("rejected_qty") or Decimal(0)
    if "rejected_qty" not in problems and rejected_qty > received_qty:
        problems["rejected_qty"] = "More cannot be rejected than was received."
    if received is None and received_qty > 0 and "received_on" not in problems:
        problems["received_on"] = "Give the received date for a received quantity."
    return problems


@dataclass
class DeliveryWrite:
    """What a batch of delivery lines did."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _same(line: DeliveryLine, values: Mapping[str, Any]) -> bool:
    return all(
        getattr(line, name) == values.get(name, getattr(line, name)) for name in DELIVERY_FIELDS
    )


@transaction.atomic
def save_deliveries(
    actor: User, rows: Sequence[tuple[Supplier, str, Mapping[str, Any]]]
) -> DeliveryWrite:
    """Create or update delivery lines in bulk, keyed by PO line id: (supplier, po_line_id,
    values) with every field of DELIVERY_FIELDS. A line breaking a rule (see
    `delivery_problems`) or a PO line id of another supplier refuses the whole batch.
    A fixed number of queries per 500 lines, with history rows written in bulk."""
    for supplier in {s.pk: s for s, _, _ in rows}.values():
        require(actor, "performance.edit", supplier)
    today = timezone.localdate()
    for _, po, values in rows:
        problems = delivery_problems(values, today)
        if problems:
            raise ValidationError({k: f"PO line '{po}': {v}" for k, v in problems.items()})
    ids = [po for _, po, _ in rows]
    existing: dict[str, DeliveryLine] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        existing.update(
            (line.po_line_id, line)
            for line in DeliveryLine.objects.select_for_update().filter(po_line_id__in=chunk)
        )
    result = DeliveryWrite()
    new: list[DeliveryLine] = []
    changed: list[DeliveryLine] = []
    for supplier, po, values in rows:
        line = existing.get(po)
        if line is None:
            new.append(DeliveryLine(supplier=supplier, po_line_id=po, **values))
            continue
        if line.supplier_id != supplier.pk:
            raise ValidationError({"po_line_id": f"PO line '{po}' belongs to another supplier."})
        if _same(line, values):
            result.unchanged += 1
            continue
        for name in DELIVERY_FIELDS:
            setattr(line, name, values.get(name, getattr(line, name)))
        line.version += 1
        line.updated_at = timezone.now()
        changed.append(line)
    if new:
        bulk_create_with_history(new, DeliveryLine, batch_size=500, default_user=actor,
                                 default_change_reason="Delivery line imported.")  # fmt: skip
    if changed:
        bulk_update_with_history(
            changed, DeliveryLine, [*DELIVERY_FIELDS, "version", "updated_at"],
            batch_size=500, default_user=actor, default_change_reason="Delivery line updated.",
        )  # fmt: skip
    result.created, result.updated = len(new), len(changed)
    if new or changed:
        forget_scores(m.supplier_id for m in [*new, *changed])
    return result


@transaction.atomic
def record_delivery(
    actor: User, supplier: Supplier, po_line_id: str, values: Mapping[str, Any]
) -> DeliveryLine:
    """Create or update one delivery line (by its PO line id) after checking its rules."""
    require(actor, "performance.edit", supplier)
    problems = delivery_problems(values, timezone.localdate())
    if problems:
        raise ValidationError(problems)  # without the PO line id: the client sent one line
    full = {name: values.get(name) for name in DELIVERY_FIELDS}
    full["received_qty"] = full["received_qty"] or Decimal(0)
    full["rejected_qty"] = full["rejected_qty"] or Decimal(0)
    save_deliveries(actor, [(supplier, po_line_id, full)])
    return DeliveryLine.objects.get(po_line_id=po_line_id)


# --- scorecards -----------------------------------------------------------------------------


def _as_float(value: Any) -> float:
    return float(value) if value is not None else 0.0


def period_inputs_for(
    supplier_ids: Sequence[int],
    starts: Sequence[dt.date],
    granularity: str,
    kinds: Mapping[int, Mapping[str, str]],
    scope: QuerySet[Supplier] | None = None,
) -> dict[int, list[domain.PeriodData]]:
    """{supplier pk: the inputs of each period in `starts`}: delivery totals from one GROUP
    BY, entered values from one query and reviewers' scores (their median) from one more
    (per 500 suppliers; none when no supplier has a judgement KPI). `kinds` maps each supplier's
    KPI keys to their kind, which says how months add up to a quarter. With `scope` (a
    queryset holding every supplier of `supplier_ids`), three queries in all."""
    first = starts[0]
    end = domain.shift(starts[-1], granularity, 1)
    trunc = TruncQuarter if granularity == domain.QUARTER else TruncMonth
    counted = Q(promised_qty__gt=0)
    totals: dict[tuple[int, dt.date], domain.DeliveryTotals] = {}
    monthly: dict[tuple[int, dt.date], dict[str, list[float]]] = {}
    scores: dict[tuple[int, dt.date, str], list[float]] = {}
    buckets: dict[dt.date, dt.date] = {}  # month -> the start of its period
    # Reviewers' scores are read only when some supplier has a judgement KPI.
    judged = any(kind in domain.RATED_KINDS for found in kinds.values() for kind in found.values())
    for chunk in _chunks(supplier_ids, scope):
        rows = (
            DeliveryLine.objects.filter(
                supplier_id__in=chunk, received_on__gte=first, received_on__lt=end
            )
            .annotate(bucket=trunc("received_on"))
            .values("supplier_id", "bucket")
            .annotate(
                lines=Count("pk", filter=counted),
                on_time=Count("pk", filter=counted & Q(received_on__lte=F("promised_on"))),
                in_full=Count("pk", filter=counted & Q(received_qty__gte=F("promised_qty"))),
                received=Sum("received_qty"),
                rejected=Sum("rejected_qty"),
            )
            .order_by()
        )
        for row in rows:
            bucket = row["bucket"]
            if isinstance(bucket, dt.datetime):
                bucket = bucket.date()
            totals[row["supplier_id"], bucket] = domain.DeliveryTotals(
                lines=row["lines"], on_time=row["on_time"], in_full=row["in_full"],
                received_qty=_as_float(row["received"]),
                rejected_qty=_as_float(row["rejected"]),
            )  # fmt: skip
        measured = Measurement.objects.filter(
            supplier_id__in=chunk, period__gte=first, period__lt=end
        ).values_list("supplier_id", "kpi_key", "period", "value")
        for supplier_id, key, period, value in measured:
            bucket = buckets.get(period)
            if bucket is None:
                bucket = buckets[period] = domain.period_start(period, granularity)
            by_key = monthly.get((supplier_id, bucket))
            if by_key is None:
                monthly[supplier_id, bucket] = {key: [value]}
            elif key in by_key:
                by_key[key].append(value)
            else:
                by_key[key] = [value]
        if not judged:
            continue
        rated = KpiRating.objects.filter(
            supplier_id__in=chunk, period__gte=first, period__lt=end
        ).values_list("supplier_id", "kpi_key", "period", "score")
        for supplier_id, key, period, score in rated:
            bucket = domain.period_start(period, granularity)
            scores.setdefault((supplier_id, bucket, key), []).append(score)
    logged = _logged_suggestions(supplier_ids, first, end, trunc, kinds, scope)
    entered: dict[tuple[int, dt.date], dict[str, float | None]] = {}
    for (supplier_id, bucket), by_key in monthly.items():
        kinds_of = kinds.get(supplier_id, {})
        # One month's value is the period's value whatever the kind (sum or mean of one).
        entered[supplier_id, bucket] = {
            key: float(values[0])
            if len(values) == 1
            else domain.combine_entered(kinds_of.get(key, "custom"), values)
            for key, values in by_key.items()
        }
    for (supplier_id, bucket, key), given in scores.items():
        if kinds.get(supplier_id, {}).get(key) in domain.RATED_KINDS:
            entered.setdefault((supplier_id, bucket), {})[key] = domain.combine_ratings(
                given
            ).median
    for (supplier_id, bucket), count in logged.items():
        for key, kind in kinds.get(supplier_id, {}).items():
            if kind in domain.LOGGED_KINDS:
                entered.setdefault((supplier_id, bucket), {})[key] = float(count)
    return {
        supplier_id: [
            domain.PeriodData(
                start,
                totals.get((supplier_id, start), domain.DeliveryTotals()),
                entered.get((supplier_id, start), {}),
            )
            for start in starts
        ]
        for supplier_id in supplier_ids
    }


def _logged_suggestions(
    supplier_ids: Sequence[int],
    first: dt.date,
    end: dt.date,
    trunc: Any,
    kinds: Mapping[int, Mapping[str, str]],
    scope: QuerySet[Supplier] | None,
) -> dict[tuple[int, dt.date], int]:
    """{(supplier, period start): unsolicited suggestions from the supplier} for the periods
    with at least one logged interaction (none logged: no data). One query per 500
    suppliers, and none when no supplier has a KPI counted from the log."""
    from partnerbook.relationship.models import Interaction, InteractionSignal

    wanted = [
        pk for pk in supplier_ids
        if any(kind in domain.LOGGED_KINDS for kind in kinds.get(pk, {}).values())
    ]  # fmt: skip
    if not wanted:
        return {}
    found: dict[tuple[int, dt.date], int] = {}

    def bucket_of(row: Mapping[str, Any]) -> tuple[int, dt.date]:
        bucket = row["bucket"]
        return row["supplier_id"], bucket.date() if isinstance(bucket, dt.datetime) else bucket

    window = {"archived": False, "occurred_on__gte": first, "occurred_on__lt": end}
    for chunk in _chunks(wanted, scope if len(wanted) == len(supplier_ids) else None):
        # Two GROUP BYs rather than one over interactions joined to their signals: the
        # signal rows carry their supplier, day and archived flag, and a tag is on an
        # interaction at most once, so counting them counts the interactions.
        logged = (
            Interaction.objects.filter(supplier_id__in=chunk, **window)
            .annotate(bucket=trunc("occurred_on"))
            .values("supplier_id", "bucket")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in logged:
            found[bucket_of(row)] = 0
        suggested = (
            InteractionSignal.objects.filter(
                supplier_id__in=chunk, tag="unsolicited_suggestion", side="supplier", **window
            )
            .annotate(bucket=trunc("occurred_on"))
            .values("supplier_id", "bucket")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in suggested:
            key = bucket_of(row)
            if key in found:
                found[key] = row["n"]
    return found


def inputs_for(
    suppliers: Sequence[Supplier],
    starts: Sequence[dt.date],
    granularity: str,
    scope: QuerySet[Supplier] | None = None,
) -> tuple[dict[int, list[KpiDefinition]], dict[int, list[domain.PeriodData]]]:
    """The KPI definitions that apply to each of `suppliers`, and the inputs of each period
    in `starts` for those that have KPIs (the others are left out of the second dict). A
    fixed number of queries per 500 suppliers, or in all with `scope` (see
    `period_inputs_for`)."""
    definitions = effective_definitions_for(suppliers, scope)
    kinds = {pk: {d.key: d.kind for d in defs} for pk, defs in definitions.items()}
    with_kpis = [s.pk for s in suppliers if definitions[s.pk]]
    if not with_kpis:
        return definitions, {}
    return definitions, period_inputs_for(with_kpis, starts, granularity, kinds, scope)


def scorecard(
    supplier: Supplier,
    period: dt.date | None = None,
    granularity: str = domain.MONTH,
    trailing: int = 12,
) -> tuple[domain.Scorecard, list[KpiDefinition]]:
    """The scorecard of the period containing `period` (default: the current one) and the
    `trailing` periods up to it, with the KPI definitions used. Six queries, whatever the
    number of deliveries."""
    if granularity not in domain.GRANULARITIES:
        raise ValidationError({"granularity": "Use month or quarter."})
    trailing = max(1, min(trailing, MAX_TRAILING))
    current = domain.period_start(period or timezone.localdate(), granularity)
    starts = [domain.shift(current, granularity, -n) for n in range(trailing - 1, -1, -1)]
    definitions = effective_definitions(supplier)
    kpis = [d.as_kpi() for d in definitions]
    kinds = {supplier.pk: {d.key: d.kind for d in definitions}}
    inputs = period_inputs_for([supplier.pk], starts, granularity, kinds)[supplier.pk]
    card = domain.scorecard(kpis, inputs, granularity)
    return card, definitions


EXPORT_COLUMNS = (
    "supplier", "period", "kpi", "name", "value", "unit", "light", "score", "weight_share",
    "points", "overall", "standing",
)  # fmt: skip


def rounded(value: float | None, places: int = 4) -> float | None:
    """How figures leave the system (page, export, API): the same rounding everywhere."""
    return None if value is None else round(value, places)


def export_scorecard(
    supplier: Supplier, period: dt.date | None, granularity: str, fmt: str
) -> ExportFile:
    """The trailing periods of the scorecard, one row per period and KPI."""
    card, _ = scorecard(supplier, period, granularity)
    rows: list[list[Any]] = []
    for score in card.trailing:
        for kpi in score.kpis:
            rows.append(
                [
                    supplier.name, score.label, kpi.key, kpi.name, rounded(kpi.value), kpi.unit,
                    kpi.light or "no data", rounded(kpi.score), rounded(kpi.weight_share),
                    rounded(kpi.points), rounded(score.overall), score.standing or "no data",
                ]
            )  # fmt: skip
    if fmt == "xlsx":
        numbers = ("value", "score", "weight_share", "points", "overall")
        content = write_xlsx("Scorecard", EXPORT_COLUMNS, rows, number_columns=numbers)
    else:
        content = write_csv(EXPORT_COLUMNS, rows)
    return ExportFile(content, CONTENT_TYPES[fmt], len(rows))


@dataclass(frozen=True)
class PortfolioRow:
    """One supplier on the portfolio performance list."""

    supplier: Supplier
    score: domain.PeriodScore | None  # None: no KPI applies
    guard: str | None  # the warning when it has too many core KPIs
    core_count: int = 0  # its number of core KPIs


def portfolio(
    suppliers: Sequence[Supplier],
    period: dt.date | None = None,
    granularity: str = domain.MONTH,
    scope: QuerySet[Supplier] | None = None,
    explain: bool = True,
) -> list[PortfolioRow]:
    """Each supplier's scored period (the period containing `period`, default the current
    one), computed exactly as its scorecard does, with the KPI-count guard; a fixed number
    of queries per 500 suppliers, or in all when `scope` (a queryset holding every supplier
    of `suppliers`) is given. With `explain` False the KPI lines are left empty."""
    start = domain.period_start(period or timezone.localdate(), granularity)
    definitions, inputs = inputs_for(suppliers, [start], granularity, scope)
    rows = []
    as_kpis: dict[int, tuple[list[domain.Kpi], str | None, int]] = {}  # by id of a list
    for supplier in suppliers:
        found = definitions[supplier.pk]
        if id(found) not in as_kpis:
            kpis = [d.as_kpi() for d in found]
            core = sum(1 for kpi in kpis if kpi.core)
            as_kpis[id(found)] = (kpis, domain.core_guard(kpis), core)
        kpis, guard, core = as_kpis[id(found)]
        score = None
        if supplier.pk in inputs:
            score = domain.score_period(kpis, inputs[supplier.pk][0], granularity, explain=explain)
        rows.append(PortfolioRow(supplier, score, guard, core))
    return rows


def standings(suppliers: Sequence[Supplier]) -> dict[int, domain.PeriodScore]:
    """{supplier pk: this month's scored period}, for a supplier-list column (from the
    stored scores, computing those missing; a fixed number of queries)."""
    start = domain.period_start(timezone.localdate(), domain.MONTH)
    ids = [s.pk for s in suppliers]
    refresh_scores(Supplier.objects.filter(pk__in=ids), start, domain.MONTH)
    rows = StoredScore.objects.filter(
        supplier_id__in=ids, granularity=domain.MONTH, start=start, has_kpis=True
    ).values_list("supplier_id", "score")
    return {pk: domain.period_from_data(data) for pk, data in rows}


# --- stored scores --------------------------------------------------------------------------


def forget_scores(supplier_ids: Iterable[int] | None = None) -> None:
    """Remove the stored scores of `supplier_ids` (None: of every supplier), for a change of
    their inputs: they are computed again when next asked for. Done at once and again when
    the transaction commits, so that a page scoring from the old data meanwhile does not
    keep its result."""
    ids = None if supplier_ids is None else sorted(set(supplier_ids))

    def forget() -> None:
        rows = StoredScore.objects.all()
        if ids is None:
            rows.delete()
            return
        for start in range(0, len(ids), 500):
            rows.filter(supplier_id__in=ids[start : start + 500]).delete()

    if ids == []:
        return
    forget()
    transaction.on_commit(forget)


def connect_forgetting() -> None:
    """Forget stored scores when a model outside these services that feeds them is saved
    or deleted: a supplier (its category chooses its KPIs), a category (the tree), a logged
    interaction (suggestions logged; its tags are written with it) and a KPI definition
    deleted."""
    from django.db.models.signals import post_delete, post_save

    from partnerbook.relationship.models import Interaction

    def supplier_changed(sender: Any, instance: Supplier, **kwargs: Any) -> None:
        forget_scores([instance.pk])

    def logged(sender: Any, instance: Any, **kwargs: Any) -> None:
        forget_scores([instance.supplier_id])

    def everyone(sender: Any, instance: Any, **kwargs: Any) -> None:
        forget_scores()

    def definition_deleted(sender: Any, instance: KpiDefinition, **kwargs: Any) -> None:
        forget_scores([instance.supplier_id] if instance.supplier_id else None)

    for signal, when in ((post_save, "save"), (post_delete, "delete")):
        uid = f"performance.forget.{{}}.{when}"
        signal.connect(logged, Interaction, weak=False, dispatch_uid=uid.format("Interaction"))
        signal.connect(everyone, Category, weak=False, dispatch_uid=uid.format("Category"))
    post_save.connect(supplier_changed, sender=Supplier, weak=False,
                      dispatch_uid="performance.forget.Supplier")  # fmt: skip
    post_delete.connect(definition_deleted, sender=KpiDefinition, weak=False,
                        dispatch_uid="performance.forget.KpiDefinition")  # fmt: skip


def rebuild_scores(today: dt.date | None = None) -> dict[str, int]:
    """Forget every stored score, then store this month's and this quarter's of every
    supplier not archived (the daily refresh); {granularity: how many were stored}."""
    day = today or timezone.localdate()
    forget_scores()
    scope = Supplier.objects.filter(archived=False)
    return {
        granularity: len(refresh_scores(scope, domain.period_start(day, granularity), granularity))
        for granularity in (domain.MONTH, domain.QUARTER)
    }


SHOWN_GROUPS: dict[str, dict[str, Any]] = {
    "poor": {"standing": "poor"},
    "guard": {"core_count__gt": domain.MAX_CORE_KPIS},
    "no_data": {"has_kpis": True, "overall__isnull": True},
}


def _in_group(key: str, row: Mapping[str, Any]) -> bool:
    """Whether a stored score (as `refresh_scores` made it) belongs to a SHOWN_GROUPS group."""
    if key == "poor":
        return bool(row["standing"] == "poor")
    if key == "guard":
        return bool(row["core_count"] > domain.MAX_CORE_KPIS)
    return bool(row["has_kpis"] and row["overall"] is None)


@dataclass(frozen=True)
class StoredPortfolio:
    """The scored period of every supplier of a scope, as stored: `rows` (ordered by the
    supplier's name) and the size of each group of SHOWN_GROUPS (and "all")."""

    rows: QuerySet[StoredScore]
    counts: dict[str, int]

    def group(self, key: str) -> QuerySet[StoredScore]:
        return self.rows if key == "all" else self.rows.filter(**SHOWN_GROUPS[key])


def stored_portfolio(
    scope: QuerySet[Supplier], start: dt.date, granularity: str
) -> StoredPortfolio:
    """Every supplier of `scope` with its scored period starting `start`, from the stored
    scores (those missing are computed and stored first): what `portfolio` gives, without
    scoring every supplier on every request. One query when every score is stored (the
    group sizes), a fixed number more otherwise."""
    kept = FilteredRelation(
        "stored_scores",
        condition=Q(stored_scores__granularity=granularity, stored_scores__start=start),
    )
    counts = scope.annotate(kept=kept).aggregate(
        all=Count("pk"),
        stored=Count("kept__pk"),
        **{
            key: Count("kept__pk", filter=Q(**{f"kept__{name}": v for name, v in rule.items()}))
            for key, rule in SHOWN_GROUPS.items()
        },
    )  # fmt: skip
    if counts["stored"] < counts["all"]:
        for row in refresh_scores(scope, start, granularity):
            for key in SHOWN_GROUPS:
                counts[key] += _in_group(key, row)
    rows = (
        StoredScore.objects.filter(granularity=granularity, start=start, supplier__in=scope)
        .select_related("supplier__category")
        .order_by("name", "supplier_id")
    )
    return StoredPortfolio(rows, counts)


def portfolio_row(stored: StoredScore) -> PortfolioRow:
    """The portfolio row a stored score stands for (as `portfolio` computed it)."""
    score = domain.period_from_data(stored.score) if stored.has_kpis else None
    guard = None
    if stored.core_count > domain.MAX_CORE_KPIS:
        guard = domain.GUARD_MESSAGE.format(count=stored.core_count, limit=domain.MAX_CORE_KPIS)
    return PortfolioRow(stored.supplier, score, guard, stored.core_count)


_INSERT = {
    "postgresql": """
        INSERT INTO performance_storedscore (supplier_id, name, granularity, start, has_kpis,
                                             overall, standing, core_count, score, computed_at)
        SELECT (r->>'supplier_id')::integer, r->>'name', %s, %s, (r->>'has_kpis')::boolean,
               (r->>'overall')::double precision, r->>'standing',
               (r->>'core_count')::integer, r->'score', %s
        FROM jsonb_array_elements(%s::jsonb) AS r
        ON CONFLICT DO NOTHING""",
    "sqlite": """
        INSERT OR IGNORE INTO performance_storedscore (supplier_id, name, granularity, start,
                              has_kpis, overall, standing, core_count, score, computed_at)
        SELECT json_extract(value, '$.supplier_id'), json_extract(value, '$.name'), %s, %s,
               json_extract(value, '$.has_kpis'), json_extract(value, '$.overall'),
               json_extract(value, '$.standing'), json_extract(value, '$.core_count'),
               json(json_extract(value, '$.score')), %s
        FROM json_each(%s)""",
}


def _insert_scores(made: list[dict[str, Any]], start: dt.date, granularity: str) -> None:
    """Store computed scores in ONE statement whatever their number (skipping any stored
    meanwhile by another request)."""
    from django.db import connection

    now = timezone.now()
    sql = _INSERT.get(connection.vendor)
    if sql is None:  # another database: Django's own bulk insert
        StoredScore.objects.bulk_create(
            [StoredScore(granularity=granularity, start=start, computed_at=now, **row)
             for row in made],
            ignore_conflicts=True,
        )  # fmt: skip
        return
    with connection.cursor() as cursor:
        cursor.execute(sql, [granularity, start, now, json.dumps(made)])


def refresh_scores(
    scope: QuerySet[Supplier], start: dt.date, granularity: str
) -> list[dict[str, Any]]:
    """Compute and store the scored period starting `start` of each supplier of `scope`
    that has none stored (explanations included); returns what was stored. One query when
    none is missing, a fixed number more otherwise."""
    stored = StoredScore.objects.filter(granularity=granularity, start=start)
    missing_scope = scope.exclude(pk__in=stored.values("supplier_id"))
    missing = list(missing_scope.only("pk", "category_id", "name").order_by("pk"))
    if not missing:
        return []
    pks = [s.pk for s in missing]
    chosen = Supplier.objects.filter(pk__in=pks) if len(pks) <= 500 else missing_scope
    made = []
    for row in portfolio(missing, start, granularity, scope=chosen):
        score = row.score
        made.append(
            {
                "supplier_id": row.supplier.pk,
                "name": row.supplier.name,
                "has_kpis": score is not None,
                "overall": score.overall if score is not None else None,
                "standing": (score.standing or "") if score is not None else "",
                "core_count": row.core_count,
                "score": domain.period_as_data(score) if score is not None else {},
            }
        )
    _insert_scores(made, start, granularity)
    return made


def guarded(
    suppliers: Sequence[Supplier], scope: QuerySet[Supplier] | None = None
) -> list[tuple[Supplier, int]]:
    """(supplier, its number of core KPIs) for the suppliers whose scorecard has more than
    the limit of core KPIs, most first (two or three queries with `scope`)."""
    definitions = effective_definitions_for(suppliers, scope)
    found = []
    for supplier in suppliers:
        count = sum(1 for d in definitions[supplier.pk] if d.core)
        if count > domain.MAX_CORE_KPIS:
            found.append((supplier, count))
    return sorted(found, key=lambda pair: (-pair[1], pair[0].name))


STANDING_QUARTERS = 4


def poor_standing(suppliers: Sequence[Supplier]) -> dict[int, str]:
    """{supplier pk: a warning} for the suppliers whose latest scored quarter (among the
    last four complete ones, so that a supplier back from the reserve list is judged by its
    last deliveries) was poor; for wherever a supplier is picked for new work. A fixed
    number of queries per 500 suppliers."""
    if not suppliers:
        return {}
    latest = domain.shift(
        domain.period_start(timezone.localdate(), domain.QUARTER), domain.QUARTER, -1
    )
    starts = [
        domain.shift(latest, domain.QUARTER, -n) for n in range(STANDING_QUARTERS - 1, -1, -1)
    ]
    warnings = {}
    for index in range(0, len(suppliers), 500):
        chunk = suppliers[index : index + 500]
        definitions, inputs = inputs_for(chunk, starts, domain.QUARTER)
        for pk in inputs:
            kpis = [d.as_kpi() for d in definitions[pk]]
            scored = [
                domain.score_period(kpis, data, domain.QUARTER, explain=False)
                for data in inputs[pk]
            ]
            last = next((p for p in reversed(scored) if p.overall is not None), None)
            if last is None or last.standing != "poor" or last.overall is None:
                continue
            red = [k.name for k in last.kpis if k.light == domain.RED]
            warnings[pk] = (
                f"Poor performance standing in {last.label} (overall {last.overall:.1f} of 100"
                + (f"; red: {', '.join(red)}" if red else "")
                + "). Agree how it will be fixed before giving this supplier new work."
            )
    return warnings


# --- baselines ------------------------------------------------------------------------------


def baselines_for(supplier: Supplier) -> dict[str, KpiBaseline]:
    """{KPI key: its baseline} of one supplier (one query)."""
    return {b.kpi_key: b for b in KpiBaseline.objects.filter(supplier=supplier)}


def ensure_baselines(
    suppliers: Sequence[Supplier], as_of: dt.date | None = None, actor: User | None = None
) -> int:
    """Measure the baseline of every KPI that applies to `suppliers` and has none yet: its
    value over the 12 months before the month of `as_of` (default today). A baseline is
    kept once; later changes do not move it. Returns how many were measured; a fixed
    number of queries per 500 suppliers."""
    end = month_start(as_of or timezone.localdate())
    starts = [domain.shift(end, domain.MONTH, -n) for n in range(domain.BASELINE_MONTHS, 0, -1)]
    now = timezone.now()
    created = 0
    for index in range(0, len(suppliers), 500):
        chunk = list(suppliers[index : index + 500])
        definitions = effective_definitions_for(chunk)
        have = set(
            KpiBaseline.objects.filter(supplier__in=[s.pk for s in chunk]).values_list(
                "supplier_id", "kpi_key"
            )
        )
        missing = {
            pk: [d for d in defs if (pk, d.key) not in have] for pk, defs in definitions.items()
        }
        missing = {pk: defs for pk, defs in missing.items() if defs}
        if not missing:
            continue
        kinds = {pk: {d.key: d.kind for d in definitions[pk]} for pk in missing}
        inputs = period_inputs_for(list(missing), starts, domain.MONTH, kinds)
        rows = []
        for pk, defs in missing.items():
            for definition in defs:
                found = domain.baseline(definition.kind, definition.key, inputs[pk])
                rows.append(
                    KpiBaseline(
                        supplier_id=pk, kpi_key=definition.key, value=found.value,
                        basis=found.basis[:200], window_start=starts[0], window_end=end,
                        measured_at=now,
                    )
                )  # fmt: skip
        with transaction.atomic():
            bulk_create_with_history(
                rows, KpiBaseline, batch_size=500, default_user=actor,
                default_change_reason="Baseline measured.",
            )  # fmt: skip
        created += len(rows)
    return created


def ensure_all_baselines(as_of: dt.date | None = None, actor: User | None = None) -> int:
    """`ensure_baselines` for every supplier not archived (the nightly job and the demo)."""
    suppliers = list(
        Supplier.objects.filter(archived=False).only("pk", "category_id").order_by("pk")
    )
    return ensure_baselines(suppliers, as_of, actor)


def _in_scope(category: Category | None, supplier: Supplier | None) -> list[Supplier]:
    """The suppliers a new definition applies to."""
    if supplier is not None:
        return [supplier]
    rows = Supplier.objects.filter(archived=False)
    if category is not None:
        chains = _category_chains({c for c in rows.values_list("category_id", flat=True) if c})
        inside = [c for c, chain in chains.items() if category.pk in chain]
        rows = rows.filter(category_id__in=inside)
    return list(rows.order_by("pk"))


RED_QUARTERS_KIND = "performance.red_quarters"


def _backups(suppliers: Sequence[Supplier]) -> dict[int, list[str]]:
    """{category pk: names of its suppliers on the reserve list} (one query)."""
    categories = {s.category_id for s in suppliers if s.category_id}
    found: dict[int, list[str]] = {}
    rows = Supplier.objects.filter(category_id__in=categories, status="reserve", archived=False)
    for category_id, name in rows.order_by("name").values_list("category_id", "name"):
        found.setdefault(category_id, []).append(name)
    return found


def red_quarter_candidates(
    suppliers: Sequence[Supplier], as_of: dt.date, scope: QuerySet[Supplier] | None = None
) -> list[AlertCandidate]:
    """An alert for each supplier whose standing was poor (red) in both of the last two
    complete quarters before `as_of`, suggesting a root-cause diagnosis and, when the
    category has no supplier on the reserve list, finding a backup. A fixed number of
    queries per 500 suppliers, or in all with `scope` (a queryset of `suppliers`)."""
    latest = domain.shift(domain.period_start(as_of, domain.QUARTER), domain.QUARTER, -1)
    starts = [domain.shift(latest, domain.QUARTER, -1), latest]
    definitions, inputs = inputs_for(suppliers, starts, domain.QUARTER, scope)
    if not inputs:
        return []
    backups = _backups(suppliers)
    candidates = []
    as_kpis: dict[int, list[domain.Kpi]] = {}  # by id of a shared list of definitions
    for supplier in suppliers:
        if supplier.pk not in inputs:
            continue
        found = definitions[supplier.pk]
        if id(found) not in as_kpis:
            as_kpis[id(found)] = [d.as_kpi() for d in found]
        kpis = as_kpis[id(found)]
        first, second = inputs[supplier.pk]
        # The alert gives each quarter's overall score and red KPIs: no KPI lines to
        # explain, no trends to compare; the earlier quarter only matters when the latest
        # one was poor.
        last = domain.score_period(kpis, second, domain.QUARTER, explain=False)
        if last.standing != "poor":
            continue
        scores = [domain.score_period(kpis, first, domain.QUARTER, explain=False), last]
        if scores[0].standing != "poor":
            continue
        reserve = [n for n in backups.get(supplier.category_id or 0, []) if n != supplier.name]
        backup = (
            f"Backup on the reserve list: {', '.join(reserve[:3])}."
            if reserve
            else "No supplier of this category is on the reserve list: consider finding a backup."
        )
        quarters = " and ".join(
            f"{s.label} ({s.overall:.1f})" for s in scores if s.overall is not None
        )
        candidates.append(
            AlertCandidate(
                supplier_id=supplier.pk,
                kind=RED_QUARTERS_KIND,
                subject=scores[-1].label,
                title=f"{supplier.name}: poor performance two quarters running",
                summary=(
                    f"Overall score below {domain.WATCH_FROM:.0f} in {quarters}. Diagnose the "
                    "root cause with the supplier (capability, communication or incentives) "
                    f"before acting. {backup}"
                ),
                evidence={
                    "quarters": [
                        {
                            "period": s.label,
                            "overall": s.overall,
                            "red": [k.name for k in s.kpis if k.light == domain.RED],
                        }
                        for s in scores
                    ],
                    "backups": reserve[:10],
                },  # fmt: skip
            )
        )
    return candidates


def check_red_quarters(as_of: dt.date | None = None) -> int:
    """Raise (or keep) the two-red-quarters alerts for every supplier not archived; returns
    how many alerts were raised. A fixed number of queries whatever the number of
    suppliers."""
    day = as_of or timezone.localdate()
    scope = Supplier.objects.filter(archived=False)
    suppliers = list(scope.only("pk", "name", "category_id").order_by("pk"))
    candidates = red_quarter_candidates(suppliers, day, scope)
    return sync_alerts(day, candidates, scope_kinds={RED_QUARTERS_KIND})


def demo_deliveries(
    actor: User,
    supplier: Supplier,
    *,
    months: int = 24,
    lines_per_month: int = 20,
    on_time_share: float = 0.9,
    reject_share: float = 0.002,
    seed: int = 0,
    today: dt.date | None = None,
) -> DeliveryWrite:
    """Monthly delivery lines for the demo: `months` months up to today, about
    `on_time_share` of them on time and `reject_share` of the quantity rejected.
    Deterministic for a seed; re-running it changes nothing (PO line ids are stable)."""
    import random

    rng = random.Random(f"{seed}-{supplier.pk}")  # noqa: S311 (demo data, not security)
    end = today or timezone.localdate()
    first = domain.shift(month_start(end), domain.MONTH, -(months - 1))
    rows: list[tuple[Supplier, str, Mapping[str, Any]]] = []
    for index in range(months):
        start = domain.shift(first, domain.MONTH, index)
        for n in range(lines_per_month):
            promised = start + dt.timedelta(days=rng.randrange(1, 27))
            late = rng.random() >= on_time_share
            received = promised + dt.timedelta(days=rng.randrange(1, 8) if late else 0)
            quantity = Decimal(rng.randrange(10, 500))
            rejected = (quantity * Decimal(reject_share) * Decimal(rng.random() * 2)).quantize(
                Decimal("1")
            )
            done = received <= end
            rows.append(
                (
                    supplier,
                    f"DEMO-{supplier.pk}-{start:%Y%m}-{n:03d}",
                    {
                        "ordered_on": promised - dt.timedelta(days=rng.randrange(14, 45)),
                        "promised_on": promised,
                        "promised_qty": quantity,
                        "received_on": received if done else None,
                        "received_qty": quantity if done else Decimal(0),
                        "rejected_qty": min(rejected, quantity) if done else Decimal(0),
                    },
                )
            )
    return save_deliveries(actor, rows)


# --- decision checklist item (read by the gate before a supplier becomes active) -----------


def checklist_kpis(supplier_ids: list[int]) -> dict[int, ChecklistResult]:
    """{pk: ChecklistResult}: the KPIs that count towards the score apply and each has its
    baseline measured, in a fixed number of queries."""
    suppliers = list(Supplier.objects.filter(pk__in=supplier_ids))
    definitions = effective_definitions_for(suppliers)
    have = set(
        KpiBaseline.objects.filter(supplier_id__in=supplier_ids).values_list(
            "supplier_id", "kpi_key"
        )
    )
    found = {}
    url_of = pk_urls("performance:supplier")  # one reverse() for every supplier
    for pk in supplier_ids:
        url = url_of(pk)
        weighted = [d for d in definitions.get(pk, []) if d.weight > 0]
        if not weighted:
            found[pk] = ChecklistResult(False, "No KPI with a weight applies.", url)
            continue
        without = [d.name for d in weighted if (pk, d.key) not in have]
        if without:
            text = (
                f"No baseline yet for {', '.join(without)} (measured every night, or "
                "now from the checklist)."
            )
            found[pk] = ChecklistResult(False, text, url)
        else:
            found[pk] = ChecklistResult(True, f"{len(weighted)} KPIs, each with its baseline.", url)
    return found
