"""Interactions, their signal tags and manual trust entries, over the suppliers of
parts/core.py.

- interactions over the last 20 months with plausible channels, sides and notes (from a
  pool of 30 notes whose tone is computed once), about 10% requests with asked/answered
  times (some unanswered) and, on about 40% of them, one or two signal tags with the right
  side and the denormalised supplier, day and archived flag;
- some suppliers drift in the last 90 days (suggestions stop, answers get slower, and for
  some the notes turn cold, informal contacts stop or minor disputes rise), so that the
  recompute has findings and raises alerts; and a few manual trust entries.

On PostgreSQL, interactions and signals are loaded with COPY, with ids reserved from the
tables' sequences; elsewhere with `executemany` of plain tuples. No django-simple-history
rows are written for the bulk data.

`portfolio(...)` is the relationship deep-dive's data set alone (bench/signals.py): users,
categories, suppliers and owners (parts/core.py), then this part.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from .common import Context, Ids, Plan, Reporter, at, is_superuser, weighted, write

SPAN_DAYS = 608  # interactions spread over about 20 months before as_of
DRIFT_DAYS = 90  # the drifting suppliers change in this many last days (the recent window)

CHUNK_INTERACTIONS = 100_000  # interactions generated and written per chunk

# --- pools --------------------------------------------------------------------------------

WARM_NOTES = (
    "Hi Erik, quick call about the Q3 forecast. Great news: they'll add a second shift. Thanks!",
    "Coffee with their account manager; she's happy to share the ramp-up plan for the new line.",
    "Great catch-up at the plant. They suggested a cheaper pallet pattern, awesome idea!",
    "Quick chat with Lena: they spotted a resin shortage early and already secured stock. Cheers!",
    "Thanks to their engineers we cut scrap by 12% on the joint improvement project. Great work.",
    "Hey team, they delivered the urgent samples a day early. Really helpful, no worries.",
    "Friendly brainstorm on packaging weight; they'll send three proposals. Let's try one.",
    "Lunch with their sales lead. Open, positive conversation about next year's volumes.",
    "They flagged a possible port strike early and rerouted two containers. Excellent support.",
    "Quick call: they're happy to hold the price through Q1 and help with the launch. Great!",
    "Cheers for the smooth audit, their quality team was open and well prepared.",
    "Hi all, thanks for the fast answer on the drawings; good collaboration as always.",
)
NEUTRAL_NOTES = (
    "Monthly review of deliveries and open orders. Two items to follow up next week.",
    "Discussed the forecast for the next quarter and the updated lead times.",
    "Call about invoice reconciliation; finance will compare the statements.",
    "Reviewed the quality report for March. No change to the inspection plan.",
    "Site visit to the warehouse; capacity matches the agreed volumes.",
    "Agreed the agenda for the business review and who attends from each side.",
    "Shared the updated specification for the carton; they will confirm by Friday.",
    "Status update on the tooling transfer; the timeline stays as planned.",
)
COLD_NOTES = (
    "Dear Sir or Madam, please find attached our formal notice: the repeated late deliveries "
    "are unacceptable, as per the agreement.",
    "We regret to inform you that the supplier has not answered. The agreement stipulates a "
    "reply within 48 hours.",
    "With reference to the failed batch: their legal team disputes responsibility. We reserve "
    "the right to claim damages.",
    "Kindly note that the delivery was late again and incomplete. This is unacceptable and a "
    "serious problem.",
    "Pursuant to the contract we hereby request a corrective action plan. The repeated "
    "failures are a concern.",
    "The supplier blamed our forecast for the shortage. Tense meeting, no agreement reached, "
    "escalation pending.",
    "Please be advised that the price increase was refused. They threatened to stop "
    "deliveries; very poor cooperation.",
    "For the record: the quality problem was hidden for weeks and only found in our audit. "
    "Trust is damaged.",
    "Dear Sir, in accordance with the agreement we reject the invoice and dispute the "
    "wrong charges.",
    "Formal meeting, minutes in writing only. They refused the request and complained about "
    "our payment terms.",
)
SUBJECTS = {
    "meeting": ("Monthly review", "Forecast meeting", "Quality follow-up", "Pricing talks"),
    "call": ("Delivery status", "Quick call", "Forecast check", "Invoice question"),
    "email": ("Order confirmation", "Specification update", "Lead times", "Documents"),
    "site_visit": ("Plant visit", "Warehouse visit", "Audit visit"),
    "informal_checkin": ("Coffee", "Catch-up", "Lunch"),
    "business_review": ("Quarterly business review", "Annual review"),
    "workshop": ("Improvement workshop", "Innovation day", "Packaging workshop"),
}
CHANNEL_WEIGHTS = {
    "email": 34, "call": 24, "meeting": 15, "informal_checkin": 11,
    "site_visit": 5, "business_review": 5, "workshop": 6,
}  # fmt: skip
TAG_WEIGHTS = {
    "unsolicited_suggestion": 16, "early_warning": 8, "information_shared": 14,
    "joint_improvement": 6, "help_beyond_contract": 6, "recognition_given": 12,
    "minor_dispute": 9, "major_dispute": 1.5, "escalation": 1.5, "problem_hidden": 0.5,
    "blame": 1.5, "penalty_or_audit_finding": 1,
}  # fmt: skip
SUGGESTION_TAGS = ("unsolicited_suggestion", "early_warning")
TRUST_REASONS = (
    (8, "Stepped in with spare capacity during our plant shutdown."),
    (5, "Shared cost breakdowns openly in the price review."),
    (3, "Waived the expedite fee for the launch order."),
    (-5, "Missed the promised date for the corrective action plan."),
    (-8, "Invoiced a surcharge that was not agreed."),
    (-10, "Diverted allocated capacity to a competitor without telling us."),
)
INTERACTION_COLUMNS = (
    "id", "supplier_id", "occurred_on", "channel", "initiated_by", "subject", "notes",
    "request_side", "request_kind", "asked_at", "answered_at", "sentiment", "formality",
    "external_ref", "archived", "created_by_id", "created_at", "updated_at", "version",
)  # fmt: skip
SIGNAL_COLUMNS = ("id", "interaction_id", "supplier_id", "tag", "side", "occurred_on", "archived")


def allocate(plans: list[Plan], total: int) -> None:
    """Share `total` interactions out by the activity weights, exactly."""
    scale = total / sum(p.weight for p in plans)
    exact = [p.weight * scale for p in plans]
    for plan, x in zip(plans, exact, strict=True):
        plan.count = int(x)
    left = total - sum(p.count for p in plans)
    by_fraction = sorted(range(len(plans)), key=lambda i: exact[i] - int(exact[i]), reverse=True)
    for i in by_fraction[:left]:
        plans[i].count += 1


def interactions_and_signals(ctx: Context, total: int) -> None:
    """`total` interactions (shared out by the plans' activity) and their signal tags."""
    from django.db import transaction

    from partnerbook.relationship import domain, tone

    plans, as_of, postgres, report = ctx.plans, ctx.as_of, ctx.postgres, ctx.report
    rng = ctx.rng("interactions")
    allocate(plans, total)
    # Tone of every note in the pool, once (VADER is far too slow for millions of notes).
    pools = {name: [(text, *tone.tone_of(text)) for text in notes]
             for name, notes in (("warm", WARM_NOTES), ("neutral", NEUTRAL_NOTES),
                                 ("cold", COLD_NOTES))}  # fmt: skip
    friendly = pools["warm"] + pools["neutral"]
    days = [as_of - dt.timedelta(days=k) for k in range(SPAN_DAYS)]
    ids = Ids("relationship_interaction", total, postgres)
    # signals: ids follow the table's last one; the sequence moves past each chunk's
    next_signal = Ids("relationship_interactionsignal", 0, postgres)
    now = ctx.now
    end = at(as_of + dt.timedelta(days=1), 0)
    rnd = rng.random
    channel = weighted(rng, CHANNEL_WEIGHTS)
    normal_tag = weighted(rng, TAG_WEIGHTS)
    boosted = dict(TAG_WEIGHTS, unsolicited_suggestion=32, early_warning=14)
    baseline_tag = weighted(rng, boosted)  # drifters were suggestion-rich
    stopped = {k: w for k, w in TAG_WEIGHTS.items() if k not in SUGGESTION_TAGS}
    drift_tag = weighted(rng, stopped)
    quarrel_tag = weighted(rng, dict(stopped, minor_dispute=40))
    kinds = list(domain.REQUEST_KINDS)
    side_of = domain.signal_side

    chunk: list[Plan] = []
    made = signals = 0
    pending = 0
    written = 0.0  # seconds spent writing (and committing) rather than making rows
    began = time.perf_counter()
    with report.bar("interactions", total) as advance:
        for plan in [*plans, None]:
            if plan is not None:
                chunk.append(plan)
                pending += plan.count
                if pending < CHUNK_INTERACTIONS:
                    continue
            if not chunk:
                break
            rows: list[tuple[Any, ...]] = []
            sig_rows: list[tuple[Any, ...]] = []
            for p in chunk:
                drift = p.drift
                starts = [d for d, _ in p.owners]
                owners = [o for _, o in p.owners]
                tag_chance = 0.6 if drift else 0.4
                request_chance = 0.25 if drift else 0.1
                for _ in range(p.count):
                    ago = int(rnd() * SPAN_DAYS)
                    day = days[ago]
                    late = bool(drift) and ago < DRIFT_DAYS
                    ch = channel()
                    if ch == "informal_checkin" and late and "informal" in drift:
                        ch = "email"
                    side = "ours" if rnd() < 0.55 else "supplier"
                    if rnd() < 0.85:
                        if late and "cold" in drift and rnd() < 0.85:
                            pool = pools["cold"]
                        else:
                            pool = friendly if rnd() < 0.96 else pools["cold"]
                        notes, sentiment, formality = pool[int(rnd() * len(pool))]
                    else:
                        notes, sentiment, formality = "", None, None
                    req_side = req_kind = ""
                    asked = answered = None
                    if rnd() < request_chance:
                        req_side = "ours" if rnd() < (0.8 if drift else 0.7) else "supplier"
                        req_kind = kinds[int(rnd() * 3)]
                        asked = at(day, 8 + int(rnd() * 9), int(rnd() * 60))
                        if rnd() < 0.9:
                            hours = rng.lognormvariate(3.0, 0.8)  # median ~20 h
                            if late and req_side == "ours":
                                hours *= 6
                            answered = asked + dt.timedelta(hours=hours)
                            if answered >= end:
                                answered = None
                    archived = rnd() < 0.01
                    pk = next(ids)
                    k = bisect_right(starts, day) - 1
                    rows.append(
                        (pk, p.pk, day, ch, side, SUBJECTS[ch][int(rnd() * len(SUBJECTS[ch]))],
                         notes, req_side, req_kind, asked, answered, sentiment, formality, "",
                         archived, owners[max(k, 0)], now, now, 1)
                    )  # fmt: skip
                    tags = {"request"} if req_side else set()
                    if rnd() < tag_chance:
                        if late:
                            pick = quarrel_tag if "disputes" in drift else drift_tag
                        else:
                            pick = baseline_tag if drift else normal_tag
                        tags.add(pick())
                        if rnd() < 0.3:
                            tags.add(pick())
                    for tag in sorted(tags):
                        sig_rows.append(
                            (next_signal(), pk, p.pk, tag, side_of(tag, side, req_side), day,
                             archived)
                        )  # fmt: skip
            started = time.perf_counter()
            with transaction.atomic():
                write(ctx, "relationship_interaction", INTERACTION_COLUMNS, rows)
                write(ctx, "relationship_interactionsignal", SIGNAL_COLUMNS, sig_rows)
                next_signal.commit(signals + len(sig_rows))
            written += time.perf_counter() - started
            made += len(rows)
            signals += len(sig_rows)
            advance(len(rows))
            chunk, pending = [], 0
    report.log(
        f"    rows made in Python {time.perf_counter() - began - written:.1f} s, "
        f"written ({'COPY' if postgres else 'executemany'}, with commits) {written:.1f} s"
    )
    ctx.count("interactions", made)
    ctx.count("interaction signals", signals)


def trust_entries(ctx: Context) -> None:
    """A few manual trust entries (one to three for about one supplier in 40)."""
    from partnerbook.relationship.models import TrustEntry

    rng, plans, manager, as_of = ctx.rng("trust"), ctx.plans, ctx.users["manager"], ctx.as_of

    chosen = rng.sample(plans, max(3, min(len(plans), math.ceil(len(plans) / 40))))
    entries = []
    for plan in chosen:
        for _ in range(rng.randint(1, 3)):
            points, reason = rng.choice(TRUST_REASONS)
            day = as_of - dt.timedelta(days=rng.randrange(SPAN_DAYS))
            entries.append(
                TrustEntry(supplier_id=plan.pk, occurred_on=day, points=points, reason=reason,
                           created_by_id=manager)
            )  # fmt: skip
    TrustEntry.objects.bulk_create(entries, batch_size=5000)
    ctx.count("trust entries", len(entries))


# --- the relationship deep-dive's data set (bench/signals.py) ------------------------------


@dataclass
class Result:
    """What `portfolio` made, and how long each step took (seconds)."""

    as_of: dt.date
    seed: int
    users: int = 0
    categories: int = 0
    suppliers: int = 0
    owner_assignments: int = 0
    interactions: int = 0
    signals: int = 0
    trust_entries: int = 0
    drifting: list[int] = field(default_factory=list)  # supplier ids
    rotating: list[int] = field(default_factory=list)  # supplier ids with a rotating door
    timings: dict[str, float] = field(default_factory=dict)
    method: str = ""  # "COPY" or "executemany"

    @property
    def rows(self) -> int:
        return (
            self.users + self.categories + self.suppliers + self.owner_assignments
            + self.interactions + self.signals + self.trust_entries
        )  # fmt: skip

    @property
    def seconds(self) -> float:
        return sum(self.timings.values())


def portfolio(
    suppliers: int = 10_000,
    interactions: int = 2_000_000,
    seed: int = 7,
    as_of: dt.date | None = None,
    *,
    quiet: bool = False,
) -> Result:
    """Users, categories, `suppliers` suppliers with owner histories (parts/core.py) and
    `interactions` interactions with their signals and trust entries, in the default
    database. The same seed gives the same portfolio (ids depend on what the database held
    before). `ANALYZE` runs at the end on PostgreSQL."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    from . import core
    from .common import finish

    if suppliers < 1 or interactions < 0:
        raise ValueError("Need at least one supplier and no negative number of interactions.")
    console = None
    if not quiet:
        from rich.console import Console

        console = Console()
    postgres = connection.vendor == "postgresql"
    # Row by row foreign-key checks would double the time of COPY: a superuser can skip
    # them (session_replication_role) and check every key set-based at the end instead.
    ctx = Context(
        scale=1.0, seed=seed, as_of=as_of or timezone.localdate(), postgres=postgres,
        skip_fk=postgres and is_superuser(connection), report=Reporter(console),
        password=make_password(None),
    )  # fmt: skip
    result = Result(as_of=ctx.as_of, seed=seed, method="COPY" if postgres else "executemany")
    report, t = ctx.report, result.timings
    report.log(
        f"[bold]Generating[/] {suppliers:,} suppliers and {interactions:,} interactions "
        f"(seed {seed}, as of {ctx.as_of}, {connection.vendor}, {result.method})"
    )
    with report.step("users and categories", t), transaction.atomic():
        core.users(ctx)
        core.categories(ctx)
    with report.step("suppliers and owners", t), transaction.atomic():
        core.suppliers(ctx, suppliers)
    with report.step("interactions and signals", t):
        interactions_and_signals(ctx, interactions)
    with report.step("trust entries", t), transaction.atomic():
        trust_entries(ctx)
    finish(ctx, t)
    c = ctx.counts
    result.users, result.categories = c["users"], c["categories"]
    result.suppliers, result.owner_assignments = c["suppliers"], c["owner assignments"]
    result.interactions, result.signals = c["interactions"], c["interaction signals"]
    result.trust_entries = c["trust entries"]
    result.drifting, result.rotating = ctx.drifting, ctx.rotating
    report.log(
        f"  {result.rows:,} rows ({result.interactions:,} interactions, {result.signals:,} "
        f"signals) in {result.seconds:.1f} s; {len(result.drifting)} drifting suppliers, "
        f"{len(result.rotating)} with a rotating door"
    )
    return result
