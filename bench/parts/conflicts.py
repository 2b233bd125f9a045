"""Supplier issues: 50,000 at scale 1 over the last two years, most resolved, a few thousand
escalated (some within a day while minor, some resolved back at the working level, some
skipping levels, so the escalation audit has real content), with problem-solving steps on
some and corrective action requests on some quality issues."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from itertools import accumulate

from .common import Context, Ids, at, scaled, weighted, write

SPAN_DAYS = 730
ISSUE_COLUMNS = (
    "id", "supplier_id", "title", "category", "severity", "safety_impact", "description",
    "raised_by_side", "raised_by_id", "raised_at", "status", "resolved_at", "resolution",
    "path", "level", "level_since", "resolved_level", "updated_at", "version",
)  # fmt: skip
ESCALATION_COLUMNS = ("id", "issue_id", "from_level", "to_level", "reason", "moved_by_id",
                      "moved_at")  # fmt: skip
STEP_COLUMNS = ("id", "issue_id", "step", "ours", "theirs", "held", "updated_by_id", "updated_at")
CAR_COLUMNS = ("id", "issue_id", "opened_on", "due_on", "closed_on", "created_by_id", "version")
TITLES = {
    "quality": ("Burrs on machined housings", "Wrong colour shade on batch", "Cracked cartons",
                "Out-of-tolerance diameter"),
    "delivery": ("Late delivery of weekly call-off", "Short shipment", "Wrong delivery address"),
    "commercial": ("Unagreed price increase", "Surcharge on freight", "Payment terms dispute"),
    "communication": ("No answer to forecast request", "Missed weekly call"),
    "invoicing": ("Invoice does not match order", "Duplicate invoice"),
    "other": ("Missing certificate of origin", "Packaging label layout"),
}  # fmt: skip
CATEGORY_WEIGHTS = {"quality": 30, "delivery": 30, "commercial": 12, "communication": 10,
                    "invoicing": 12, "other": 6}  # fmt: skip
SEVERITY_WEIGHTS = {"minor": 60, "major": 32, "critical": 8}


def generate(ctx: Context) -> None:
    rng = ctx.rng("conflicts")
    total = scaled(50_000, ctx.scale)
    plans = [p for p in ctx.plans if p.status not in ("prospect",)] or ctx.plans
    cum = list(accumulate(p.weight for p in plans))
    rnd, randint = rng.random, rng.randint
    category_of, severity_of = weighted(rng, CATEGORY_WEIGHTS), weighted(rng, SEVERITY_WEIGHTS)
    buyers, manager = ctx.buyers, ctx.users["manager"]
    now, as_of = ctx.now, ctx.as_of
    end = at(as_of, 18)
    ids = Ids("conflicts_supplierissue", total, ctx.postgres)
    esc_ids = Ids("conflicts_escalation", 0, ctx.postgres)
    step_ids = Ids("conflicts_problemstep", 0, ctx.postgres)
    car_ids = Ids("conflicts_correctiveaction", 0, ctx.postgres)
    issues, escalations, steps, cars = [], [], [], []
    sample = ctx.plans[0]
    for n in range(total):
        plan = sample if n < 3 else plans[bisect_right(cum, rnd() * cum[-1])]
        category, severity = category_of(), severity_of()
        safety = category == "quality" and severity != "minor" and rnd() < 0.2
        raised = end - dt.timedelta(minutes=randint(60, SPAN_DAYS * 1440))
        age_days = (end - raised).days
        resolved = rnd() < (0.9 if age_days > 60 else 0.4)
        level, level_since = 1, raised
        pk = next(ids)
        moved = raised
        if n < 3 or rnd() < 0.065:  # escalated
            fast = severity == "minor" and rnd() < 0.4
            moved = raised + dt.timedelta(hours=randint(1, 20) if fast else randint(30, 400))
            to = 3 if rnd() < 0.15 else 2  # 1 -> 3 skips a level
            if moved < end:
                escalations.append(
                    (
                        next(esc_ids),
                        pk,
                        1,
                        to,
                        "Not settled at the working level within its time box.",
                        rng.choice(buyers),
                        moved,
                    )
                )
                level, level_since = to, moved
                if to == 2 and rnd() < 0.25:
                    moved = moved + dt.timedelta(hours=randint(24, 300))
                    if moved < end:
                        escalations.append((next(esc_ids), pk, 2, 3, "Relationship owners "
                                            "could not agree.", manager, moved))  # fmt: skip
                        level, level_since = 3, moved
                if resolved and rnd() < 0.3:  # settled back at the working level
                    moved = moved + dt.timedelta(hours=randint(24, 200))
                    if moved < end:
                        escalations.append(
                            (
                                next(esc_ids),
                                pk,
                                level,
                                1,
                                "Handed back: the working level agreed a fix.",
                                manager,
                                moved,
                            )
                        )
                        level, level_since = 1, moved
        resolved_at = None
        if resolved:
            resolved_at = max(moved, raised) + dt.timedelta(hours=randint(2, 24 * 40))
            if resolved_at >= end:
                resolved, resolved_at = False, None
        title = rng.choice(TITLES[category])
        issues.append(
            (pk, plan.pk, title, category, severity, safety,
             f"{title}: found at goods receipt, see the attached report.",
             "ours" if rnd() < 0.85 else "supplier", rng.choice(buyers), raised,
             "resolved" if resolved else "open", resolved_at,
             "Fixed at the source; follow-up showed it held." if resolved else "", [], level,
             level_since, level if resolved else None, now, 1)
        )  # fmt: skip
        if n < 3 or rnd() < 0.12:
            for k, step in enumerate(("define", "data", "options", "actions")[: randint(1, 4)]):
                steps.append((next(step_ids), pk, step, f"Our view of the {step} step.",
                              "Their view, shared in the joint call." if k % 2 == 0 else "",
                              None, rng.choice(buyers), now))  # fmt: skip
        if category == "quality" and (n < 3 or rnd() < 0.08):
            opened = raised.date() + dt.timedelta(days=1)
            closed = resolved_at.date() if resolved_at and rnd() < 0.8 else None
            cars.append((next(car_ids), pk, opened, opened + dt.timedelta(days=30),
                         max(closed, opened) if closed else None, manager, 1))  # fmt: skip
    write(ctx, "conflicts_supplierissue", ISSUE_COLUMNS, issues)
    for label, table, columns, rows, seq in (
        ("escalations", "conflicts_escalation", ESCALATION_COLUMNS, escalations, esc_ids),
        ("problem steps", "conflicts_problemstep", STEP_COLUMNS, steps, step_ids),
        ("corrective actions", "conflicts_correctiveaction", CAR_COLUMNS, cars, car_ids),
    ):
        write(ctx, table, columns, rows)
        seq.commit(len(rows))
        ctx.count(label, len(rows))
    ctx.count("supplier issues", len(issues))
    first = {i[0] for i in issues[:3]}  # the sample supplier's issues
    escalated = next((r[1] for r in escalations if r[1] in first), issues[0][0])
    ctx.sample["issue_id"] = escalated
