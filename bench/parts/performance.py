"""Performance: the standard KPI definitions, entered KPI measurements and delivery lines.

- the standard KPIs (performance.services.DEFAULT_KPIS) and three custom entered ones as
  defaults for every supplier (no baselines: they are measured when a page asks);
- 600,000 measurements at scale 1: five entered KPIs x 12 months x every supplier;
- 1,000,000 delivery lines at scale 1 over the 24 months before `as_of`, shared out among
  the suppliers that deliver (active, pilot, reserve, phasing out) by their activity;
- about 2% of the active suppliers perform poorly in both of the last two complete
  quarters (late, short and rejected deliveries, red entered KPIs), so that the nightly
  check raises its alerts.

Written straight into the tables (COPY on PostgreSQL, executemany elsewhere), not through
the import; no history rows. `build_measurements` is the scorecard deep-dive's data
(bench/performance.py).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Sequence
from typing import Any

from .common import Context, Ids, scaled, write_chunks

MONTHS = 12  # months of entered measurements
DELIVERY_DAYS = 730  # delivery lines over the last 24 months
CUSTOM_KPIS = (  # (key, name, kind, direction, unit, target, yellow, red, weight)
    ("safety", "Safety incidents", "custom", "lower", "", 0, 1, 3, 5),
    ("sustainability", "Sustainability score", "custom", "higher", "", 80, 70, 50, 5),
    ("carbon", "Carbon per unit", "custom", "lower", "kg", 1, 2, 4, 5),
)
ENTERED_KPIS = (  # (key, name, kind, direction, unit, target, yellow, red, weight)
    ("cost_variance", "Cost variance", "cost_variance", "lower", "%", 0, 2, 5, 15),
    ("responsiveness", "Responsiveness", "responsiveness", "lower", "hours", 24, 48, 96, 10),
    ("innovation", "Innovation contributions", "innovation", "higher", "", 2, 1, 0, 5),
    *CUSTOM_KPIS[:2],
    CUSTOM_KPIS[2],
    ("packaging", "Packaging waste", "custom", "lower", "kg", 5, 10, 20, 5),
)
DELIVERING = frozenset({"active", "pilot", "reserve", "phasing_out"})
MEASUREMENT_COLUMNS = (
    "id", "supplier_id", "kpi_key", "period", "value", "entered_by_id", "version", "updated_at",
)  # fmt: skip
DELIVERY_COLUMNS = (
    "id", "po_line_id", "supplier_id", "ordered_on", "promised_on", "promised_qty",
    "received_on", "received_qty", "rejected_qty", "version", "updated_at",
)  # fmt: skip


def generate(ctx: Context) -> None:
    definitions(ctx)
    poor_suppliers(ctx)
    measurements(ctx, scaled(600_000, ctx.scale))
    deliveries(ctx, scaled(1_000_000, ctx.scale))


def definitions(ctx: Context) -> None:
    from partnerbook.performance.models import KpiDefinition
    from partnerbook.performance.services import DEFAULT_KPIS

    fields = ("key", "name", "kind", "direction", "unit", "target", "yellow_threshold",
              "red_threshold", "weight")  # fmt: skip
    rows = [dict(data) for data in DEFAULT_KPIS]
    rows += [dict(zip(fields, kpi, strict=True)) for kpi in CUSTOM_KPIS]
    KpiDefinition.objects.bulk_create(KpiDefinition(**row) for row in rows)
    ctx.count("KPI definitions", len(rows))


def poor_suppliers(ctx: Context) -> None:
    """Mark about 2% of the active suppliers (at least one) as poor lately."""
    rng = ctx.rng("poor")
    active = [p for p in ctx.plans[1:] if p.status == "active"]
    for plan in rng.sample(active, min(len(active), max(1, round(len(ctx.plans) * 0.02)))):
        plan.poor = True


def _quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def poor_window(as_of: dt.date) -> tuple[dt.date, dt.date]:
    """[first day, day after) of the last two complete quarters before `as_of`."""
    end = _quarter_start(as_of)
    start = end
    for _ in range(2):
        start = _quarter_start(start - dt.timedelta(days=1))
    return start, end


def _months(as_of: dt.date, count: int) -> list[dt.date]:
    first = as_of.replace(day=1)
    out = []
    for _ in range(count):
        out.append(first)
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return out


def measurements(ctx: Context, total: int) -> None:
    """`total` measurements: five entered KPIs per supplier and month, newest months first,
    as many suppliers as that takes (every supplier at the full count)."""
    rng = ctx.rng("measurements")
    keys = ("cost_variance", "responsiveness", "safety", "sustainability", "carbon")
    months = _months(ctx.as_of, MONTHS)
    start, end = poor_window(ctx.as_of)
    per_supplier = len(keys) * len(months)
    plans = ctx.plans[: -(-total // per_supplier)]
    ids = Ids("performance_measurement", total, ctx.postgres)
    entered_by, now = ctx.users["buyer"], ctx.now
    gauss, rnd = rng.gauss, rng.random

    def rows() -> Iterator[tuple[Any, ...]]:
        made = 0
        for plan in plans:
            for period in months:
                bad = plan.poor and start <= period < end
                values = (
                    round(gauss(7, 2) if bad else gauss(1, 1.5), 2),
                    round(rng.lognormvariate(5, 0.3) if bad else rng.lognormvariate(3, 0.5), 1),
                    float(int(rnd() < (0.6 if bad else 0.05))),
                    round(gauss(55 if bad else 82, 8), 1),
                    round(rng.uniform(2.5, 5) if bad else rng.uniform(0.4, 2.2), 2),
                )
                for key, value in zip(keys, values, strict=True):
                    if made == total:
                        return
                    made += 1
                    yield (next(ids), plan.pk, key, period, value, entered_by, 1, now)

    ctx.count("measurements", write_chunks(ctx, "performance_measurement",
                                           MEASUREMENT_COLUMNS, rows()))  # fmt: skip


def deliveries(ctx: Context, total: int) -> None:
    """`total` delivery lines among the delivering suppliers, by their activity."""
    from bisect import bisect_right
    from itertools import accumulate

    rng = ctx.rng("deliveries")
    plans = [p for p in ctx.plans if p.status in DELIVERING] or ctx.plans
    cum = list(accumulate(p.weight for p in plans))
    weight_total = cum[-1]
    as_of = ctx.as_of
    start, end = poor_window(as_of)
    ids = Ids("performance_deliveryline", total, ctx.postgres)
    now, rnd, randint = ctx.now, rng.random, rng.randint
    day = dt.timedelta(days=1)
    # the sample supplier delivers in every month
    forced = [plans[0]] * min(total, 48) if plans[0] is ctx.plans[0] else []

    def rows() -> Iterator[tuple[Any, ...]]:
        for n in range(total):
            plan = forced[n] if n < len(forced) else plans[bisect_right(cum, rnd() * weight_total)]
            ordered = as_of - randint(20, DELIVERY_DAYS) * day
            promised = ordered + randint(5, 40) * day
            qty = randint(1, 500)
            bad = plan.poor and start <= promised < end
            on_time, in_full, reject = (0.45, 0.6, 0.3) if bad else (0.93, 0.95, 0.02)
            if promised <= as_of or rnd() < 0.3:
                received = promised + (randint(-3, 0) if rnd() < on_time else randint(1, 12)) * day
                received = max(ordered, min(received, as_of))
                got = qty if rnd() < in_full else randint(0, qty)
                rejected = randint(0, max(1, got // 5)) if got and rnd() < reject else 0
                yield (next(ids), f"PO-{n:08d}", plan.pk, ordered, promised, qty, received,
                       got, min(rejected, got), 1, now)  # fmt: skip
            else:
                yield (next(ids), f"PO-{n:08d}", plan.pk, ordered, promised, qty, None, 0, 0, 1,
                       now)  # fmt: skip

    ctx.count("delivery lines", write_chunks(ctx, "performance_deliveryline",
                                             DELIVERY_COLUMNS, rows()))  # fmt: skip


def build_measurements(
    actor: Any, external_ids: Sequence[str], months: int, kpis: int, today: dt.date, seed: int = 7
) -> int:
    """The standard KPIs, `kpis` entered KPI definitions among them or beside them (defaults
    for every supplier) and one measurement per supplier, KPI and month for the `months`
    months up to `today`'s, with bulk_create; returns the number of measurements."""
    from partnerbook.performance import domain, services
    from partnerbook.performance.models import KpiDefinition, Measurement
    from partnerbook.suppliers.models import Supplier

    rng = random.Random(seed)
    if not KpiDefinition.objects.exists():
        services.install_default_kpis(actor)
    chosen = ENTERED_KPIS[:kpis]
    for key, name, kind, direction, unit, target, yellow, red, weight in chosen:
        KpiDefinition.objects.get_or_create(
            key=key, category=None, supplier=None,
            defaults={"name": name, "kind": kind, "direction": direction, "unit": unit,
                      "target": target, "yellow_threshold": yellow, "red_threshold": red,
                      "weight": weight},
        )  # fmt: skip
    current = domain.period_start(today, domain.MONTH)
    periods = [domain.shift(current, domain.MONTH, -k) for k in range(months)]
    pks = list(Supplier.objects.filter(external_id__in=external_ids).values_list("pk", flat=True))
    batch: list[Measurement] = []
    made = 0
    for pk in pks:
        for key, *_rest in chosen:
            for period in periods:
                value = round(rng.uniform(0, 100), 2)
                batch.append(Measurement(supplier_id=pk, kpi_key=key, period=period, value=value))
        if len(batch) >= 20_000:
            Measurement.objects.bulk_create(batch, batch_size=5000)
            made += len(batch)
            batch = []
    Measurement.objects.bulk_create(batch, batch_size=5000)
    return made + len(batch)
