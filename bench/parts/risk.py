"""Risk: monthly spend lines (24 months for every active or phasing-out supplier, one
category concentrated on one supplier so the concentration page shows a cap breach),
financial ratings for about one supplier in ten (some dropping sharply), and backups on
the reserve list (for single suppliers and for whole categories)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .common import Context, Ids, write

MONTHS = 24
SPEND_COLUMNS = ("id", "supplier_id", "category_id", "period", "amount", "currency",
                 "updated_at", "updated_by_id")  # fmt: skip
RATING_COLUMNS = ("id", "supplier_id", "rated_on", "score", "provider", "note", "source",
                  "created_at")  # fmt: skip
BACKUP_COLUMNS = ("id", "supplier_id", "category_id", "backup_supplier_id", "status",
                  "qualified_on", "evidence", "note", "created_at", "version")  # fmt: skip


def _months(as_of: dt.date, count: int) -> list[dt.date]:
    first = as_of.replace(day=1)
    out = []
    for _ in range(count):
        first = (first - dt.timedelta(days=1)).replace(day=1)  # complete months only
        out.append(first)
    return out


def generate(ctx: Context) -> None:
    rng = ctx.rng("risk")
    now, as_of = ctx.now, ctx.as_of
    months = _months(as_of, MONTHS)
    spenders = [p for p in ctx.plans if p.status in ("active", "phasing_out")]
    # one category is concentrated: its first spender takes as much as all the others
    concentrated = ctx.categories[-1]
    holder = next((p for p in spenders if p.category == concentrated and p.index), None)
    monthly = {p.pk: p.spend / 12 for p in spenders}
    if holder is not None:
        same = {p.pk for p in spenders if p.category == concentrated} - {holder.pk}
        others = sum(monthly[pk] for pk in same)
        monthly[holder.pk] = max(monthly[holder.pk], others * 1.2)
        ctx.sample["concentrated_category_id"] = concentrated
        ctx.sample["concentrated_supplier_id"] = holder.pk
    ids = Ids("risk_spendline", len(spenders) * len(months), ctx.postgres)
    buyer = ctx.users["buyer"]
    rows = []
    for plan in spenders:
        base = monthly[plan.pk]
        for period in months:
            amount = Decimal(str(round(base * rng.uniform(0.6, 1.4), 2)))
            rows.append((next(ids), plan.pk, plan.category, period, amount, "EUR", now, buyer))
    ctx.count("spend lines", write(ctx, "risk_spendline", SPEND_COLUMNS, rows))

    rated = [ctx.plans[0], *rng.sample(ctx.plans[1:], len(ctx.plans[1:]) // 10)]
    ids = Ids("risk_financialrating", len(rated) * 4, ctx.postgres)
    rows = []
    for plan in rated:
        score = rng.uniform(45, 90)
        dropping = rng.random() < 0.1
        for q in range(4):
            day = as_of - dt.timedelta(days=30 + 91 * (3 - q))
            if dropping and q == 3:
                score = max(5.0, score - rng.uniform(20, 35))
            else:
                score = min(100.0, max(0.0, score + rng.uniform(-4, 4)))
            rows.append((next(ids), plan.pk, day, Decimal(f"{score:.2f}"), "CreditScope", "",
                         "imported", now))  # fmt: skip
    ctx.count("financial ratings", write(ctx, "risk_financialrating", RATING_COLUMNS, rows))

    reserve = [p for p in ctx.plans if p.status in ("reserve", "pilot")]
    rows = []
    ids = Ids("risk_backup", 0, ctx.postgres)
    for category in ctx.categories:
        for backup in [p for p in reserve if p.category == category][:2]:
            qualified = rng.random() < 0.5
            rows.append((next(ids), None, category, backup.pk,
                         "qualified" if qualified else "proposed",
                         as_of - dt.timedelta(days=rng.randint(30, 400)) if qualified else None,
                         "Pilot passed." if qualified else "", "", now, 1))  # fmt: skip
    critical = [p for p in ctx.plans if p.quadrant == "strategic" and p.status == "active"]
    for plan in critical[: max(1, len(critical) // 5)]:
        options = [b for b in reserve if b.category == plan.category and b.pk != plan.pk]
        if options:
            rows.append((next(ids), plan.pk, None, rng.choice(options).pk, "proposed", None, "",
                         "Could take over half the volume.", now, 1))  # fmt: skip
    write(ctx, "risk_backup", BACKUP_COLUMNS, rows)
    ids.commit(len(rows))
    ctx.count("backups", len(rows))
