"""A seeded, realistic large portfolio for benchmarks of the relationship signals.

    from bench.portfolio import generate
    result = generate(suppliers=10_000, interactions=2_000_000, seed=7, as_of=date(...))

Django must be set up and migrated. The same seed gives the same portfolio (row ids depend
on what the database held before). What is made:

- a manager and a handful of buyers, a dozen categories, suppliers (mostly active, with
  external ids) and their owner histories: most suppliers had one or two owners over three
  years, about 5% had three or more changes in the last 18 months (a "rotating door");
- interactions over the last 20 months with plausible channels, sides and notes (from a
  pool of 30 notes whose tone is computed once), about 10% requests with asked/answered
  times (some unanswered) and, on about 40% of them, one or two signal tags with the right
  side and the denormalised supplier, day and archived flag;
- some suppliers drift in the last 90 days (suggestions stop, answers get slower, and for
  some the notes turn cold, informal contacts stop or minor disputes rise), so that the
  recompute has findings and raises alerts; and a few manual trust entries.

On PostgreSQL, interactions and signals are loaded with COPY, with ids reserved from the
tables' sequences; elsewhere with `bulk_create(batch_size=5000)`. No django-simple-history
rows are written for the bulk data. `ANALYZE` runs at the end on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import time
from bisect import bisect_right
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

SPAN_DAYS = 608  # interactions spread over about 20 months before as_of
DRIFT_DAYS = 90  # the drifting suppliers change in this many last days (the recent window)
CHUNK_INTERACTIONS = 100_000  # interactions generated and written per chunk
BATCH_SIZE = 5000  # bulk_create batch size off PostgreSQL

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
STATUS_WEIGHTS = {
    "active": 80, "pilot": 5, "reserve": 4, "vetting": 3, "phasing_out": 4,
    "prospect": 2, "exited": 2,
}  # fmt: skip
PEOPLE = (
    ("Mara", "Lind"), ("Bruno", "Keller"), ("Ines", "Faber"), ("Tom", "Vos"),
    ("Lea", "Moreau"), ("Jan", "Novak"), ("Sara", "Berg"),
)  # fmt: skip
CATEGORIES = (
    "Packaging", "Logistics", "Raw materials", "Electronics", "Chemicals", "Machining",
    "Plastics", "Facility services", "IT services", "Marketing", "Travel", "Energy",
)  # fmt: skip
COUNTRIES = ("DE", "NL", "FR", "BE", "PL", "IT", "ES", "US", "CN", "SE", "CZ", "GB")
NAME_PARTS = (
    ("Nord", "Süd", "Alpha", "Beta", "Delta", "Kappa", "Vista", "Terra", "Aqua", "Flex",
     "Prime", "Rapid", "Euro", "Trans", "Meta", "Pro"),
    ("pack", "log", "chem", "tec", "form", "line", "works", "source", "trade", "mark"),
    ("GmbH", "B.V.", "S.A.", "Ltd", "AG", "Sp. z o.o.", "AB", "s.r.o."),
)  # fmt: skip
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


@dataclass
class Result:
    """What `generate` made, and how long each step took (seconds)."""

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
    method: str = ""  # "COPY" or "bulk_create"

    @property
    def rows(self) -> int:
        return (
            self.users + self.categories + self.suppliers + self.owner_assignments
            + self.interactions + self.signals + self.trust_entries
        )  # fmt: skip

    @property
    def seconds(self) -> float:
        return sum(self.timings.values())


@dataclass
class _Plan:
    """One supplier's share of the portfolio."""

    pk: int
    weight: float = 1.0  # activity, relative to the other suppliers
    count: int = 0
    drift: frozenset[str] = frozenset()  # subset of: slow, cold, informal, disputes
    owners: list[tuple[dt.date, int]] = field(default_factory=list)  # (from day, owner id)


def _weighted(rng: random.Random, weights: dict[str, float]) -> Callable[[], str]:
    keys = list(weights)
    cum = list(accumulate(weights.values()))
    total = cum[-1]
    rnd = rng.random

    def pick() -> str:
        return keys[bisect_right(cum, rnd() * total)]

    return pick


class _Reporter:
    """Progress and timings on a rich console, or nothing when quiet."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.console: Any = None
        if not quiet:
            from rich.console import Console

            self.console = Console()

    def log(self, text: str) -> None:
        if self.console is not None:
            self.console.print(text)

    @contextmanager
    def step(self, label: str, timings: dict[str, float]) -> Iterator[None]:
        start = time.perf_counter()
        yield
        timings[label] = time.perf_counter() - start
        self.log(f"  [green]✓[/] {label:<28} {timings[label]:7.2f} s")

    @contextmanager
    def bar(self, label: str, total: int) -> Iterator[Callable[[int], None]]:
        if self.console is None:
            yield lambda n: None
            return
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        columns = (TextColumn("  {task.description}"), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn(), TimeRemainingColumn())  # fmt: skip
        with Progress(*columns, console=self.console, transient=True) as progress:
            task = progress.add_task(label, total=total)
            yield lambda n: progress.advance(task, n)


# --- the generator ------------------------------------------------------------------------


def generate(
    suppliers: int = 10_000,
    interactions: int = 2_000_000,
    seed: int = 7,
    as_of: dt.date | None = None,
    *,
    prefix: str = "BENCH",
    quiet: bool = False,
) -> Result:
    """Create the portfolio in the default database (see the module's docstring)."""
    from django.db import connection, transaction
    from django.utils import timezone

    if suppliers < 1 or interactions < 0:
        raise ValueError("Need at least one supplier and no negative number of interactions.")
    as_of = as_of or timezone.localdate()
    rng = random.Random(seed)
    result = Result(as_of=as_of, seed=seed)
    report = _Reporter(quiet)
    postgres = connection.vendor == "postgresql"
    result.method = "COPY" if postgres else "bulk_create"
    report.log(
        f"[bold]Generating[/] {suppliers:,} suppliers and {interactions:,} interactions "
        f"(seed {seed}, as of {as_of}, {connection.vendor}, {result.method})"
    )
    t = result.timings
    with report.step("users and categories", t), transaction.atomic():
        manager, buyers = _users(prefix)
        categories = _categories(prefix)
        result.users, result.categories = 1 + len(buyers), len(categories)
    with report.step("suppliers and owners", t), transaction.atomic():
        plans = _suppliers(rng, suppliers, prefix, categories, buyers, manager, as_of, result)
        _allocate(rng, plans, interactions)
    with report.step("interactions and signals", t):
        _interactions(rng, plans, as_of, result, report, postgres)
    with report.step("trust entries", t), transaction.atomic():
        _trust_entries(rng, plans, manager, as_of, result)
    if postgres:
        with report.step("ANALYZE", t), connection.cursor() as cursor:
            for table in ("suppliers_supplier", "suppliers_ownerassignment",
                          "relationship_interaction", "relationship_interactionsignal",
                          "relationship_trustentry", "relationship_healthsnapshot",
                          "alerts_alert"):  # fmt: skip
                cursor.execute(f"ANALYZE {table}")
    report.log(
        f"  {result.rows:,} rows ({result.interactions:,} interactions, {result.signals:,} "
        f"signals) in {result.seconds:.1f} s; {len(result.drifting)} drifting suppliers, "
        f"{len(result.rotating)} with a rotating door"
    )
    return result


def _users(prefix: str) -> tuple[int, list[int]]:
    from django.contrib.auth.hashers import make_password

    from partnerbook.accounts.models import Role, User

    slug = prefix.lower()
    wanted = {f"{slug}-manager": Role.MANAGER}
    wanted.update({f"{slug}-buyer-{k}": Role.BUYER for k in range(1, 7)})
    names = dict(zip(wanted, PEOPLE, strict=True))
    existing = set(User.objects.filter(username__in=wanted).values_list("username", flat=True))
    unusable = make_password(None)
    User.objects.bulk_create(
        User(username=username, role=role, password=unusable, email=f"{username}@example.com",
             first_name=names[username][0], last_name=names[username][1])
        for username, role in wanted.items()
        if username not in existing
    )  # fmt: skip
    ids = dict(User.objects.filter(username__in=wanted).values_list("username", "pk"))
    return ids[f"{slug}-manager"], [ids[f"{slug}-buyer-{k}"] for k in range(1, 7)]


def _categories(prefix: str) -> list[int]:
    from partnerbook.suppliers.models import Category

    names = [f"{name} ({prefix.lower()})" for name in CATEGORIES]
    Category.objects.bulk_create([Category(name=n) for n in names], ignore_conflicts=True)
    return list(
        Category.objects.filter(name__in=names).order_by("name").values_list("pk", flat=True)
    )


def _suppliers(
    rng: random.Random,
    count: int,
    prefix: str,
    categories: list[int],
    buyers: list[int],
    manager: int,
    as_of: dt.date,
    result: Result,
) -> list[_Plan]:
    from partnerbook.suppliers.models import OwnerAssignment, Supplier

    status_of = _weighted(rng, STATUS_WEIGHTS)
    statuses = ["active"] + [status_of() for _ in range(count - 1)]  # the first one is watched
    active = [i for i, s in enumerate(statuses) if s == "active"]
    # ~4% drift (at least one), ~5% have a rotating door of owners (at least one)
    drifting = [0] + rng.sample(active[1:], min(len(active) - 1, max(0, round(count * 0.04) - 1)))
    drifters = set(drifting)
    others = [i for i in active if i not in drifters] or active
    rotating = set(rng.sample(others, max(1, min(len(others), round(count * 0.05)))))
    drift_kinds: dict[int, frozenset[str]] = {}
    for n, i in enumerate(drifting):
        kinds = {"slow"}  # suggestions always stop and answers always get slower
        if n == 0 or rng.random() < 0.5:
            kinds.add("cold")
        if n == 0 or rng.random() < 0.5:
            kinds.add("informal")
        if n == 0 or rng.random() < 0.3:
            kinds.add("disputes")
        drift_kinds[i] = frozenset(kinds)

    owners = [_owner_history(rng, i in rotating, buyers, as_of) for i in range(count)]
    objs = []
    for i in range(count):
        a, b, c = (rng.choice(part) for part in NAME_PARTS)
        objs.append(
            Supplier(
                name=f"{a}{b} {c} {i:05d}", legal_name=f"{a}{b} {c}",
                category_id=categories[i % len(categories)], country=rng.choice(COUNTRIES),
                status=statuses[i], annual_spend=round(rng.lognormvariate(11.5, 1.2), 2),
                currency="EUR", relationship_owner_id=owners[i][-1][1],
                external_id=f"{prefix}-{i:06d}",
            )
        )  # fmt: skip
    created = Supplier.objects.bulk_create(objs, batch_size=BATCH_SIZE)
    plans = [
        _Plan(pk=s.pk, drift=drift_kinds.get(i, frozenset()), owners=owners[i])
        for i, s in enumerate(created)
    ]
    spells = []
    for plan in plans:
        for k, (start, owner) in enumerate(plan.owners):
            end = plan.owners[k + 1][0] if k + 1 < len(plan.owners) else None
            spells.append(
                OwnerAssignment(
                    supplier_id=plan.pk, owner_id=owner, assigned_by_id=manager,
                    started_at=_at(start, 9), ended_at=None if end is None else _at(end, 9),
                )
            )  # fmt: skip
    OwnerAssignment.objects.bulk_create(spells, batch_size=BATCH_SIZE)
    result.suppliers, result.owner_assignments = len(plans), len(spells)
    result.drifting = [plans[i].pk for i in drifting]
    result.rotating = sorted(plans[i].pk for i in rotating)
    for i, plan in enumerate(plans):  # activity: a lognormal spread; drifters talk more
        plan.weight = rng.lognormvariate(0, 0.5)
        plan.weight *= 2.5 if plan.drift else 1.0
        plan.weight *= 0.3 if statuses[i] in ("prospect", "exited") else 1.0
    return plans


def _owner_history(
    rng: random.Random, rotating: bool, buyers: list[int], as_of: dt.date
) -> list[tuple[dt.date, int]]:
    """(first day, owner) spells, oldest first: one or two owners over three years, or a
    rotating door of three or four changes in the last 18 months."""
    if rotating:  # 3 or 4 changes within the last 530 days (the check looks at 18 months)
        first = as_of - dt.timedelta(days=rng.randint(600, 1200))
        changes = rng.sample(range(10, 530), rng.randint(3, 4))
        starts = [first] + sorted(as_of - dt.timedelta(days=d) for d in changes)
    elif rng.random() < 0.45:  # two owners: one change, at any time since the first
        first = as_of - dt.timedelta(days=rng.randint(730, 1200))
        span = (as_of - first).days - 70
        starts = [first, first + dt.timedelta(days=60 + rng.randrange(span))]
    else:  # one owner all along
        starts = [as_of - dt.timedelta(days=rng.randint(365, 1200))]
    history = []
    previous = None
    for start in starts:
        owner = rng.choice([b for b in buyers if b != previous])
        history.append((start, owner))
        previous = owner
    return history


def _allocate(rng: random.Random, plans: list[_Plan], total: int) -> None:
    """Share `total` interactions out by the activity weights, exactly."""
    scale = total / sum(p.weight for p in plans)
    exact = [p.weight * scale for p in plans]
    for plan, x in zip(plans, exact, strict=True):
        plan.count = int(x)
    left = total - sum(p.count for p in plans)
    by_fraction = sorted(range(len(plans)), key=lambda i: exact[i] - int(exact[i]), reverse=True)
    for i in by_fraction[:left]:
        plans[i].count += 1


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=dt.UTC)


def _interactions(
    rng: random.Random,
    plans: list[_Plan],
    as_of: dt.date,
    result: Result,
    report: _Reporter,
    postgres: bool,
) -> None:
    from django.db import connection, transaction

    from partnerbook.relationship import domain, tone

    total = sum(p.count for p in plans)
    # Tone of every note in the pool, once (VADER is far too slow for millions of notes).
    pools = {name: [(text, *tone.tone_of(text)) for text in notes]
             for name, notes in (("warm", WARM_NOTES), ("neutral", NEUTRAL_NOTES),
                                 ("cold", COLD_NOTES))}  # fmt: skip
    friendly = pools["warm"] + pools["neutral"]
    days = [as_of - dt.timedelta(days=k) for k in range(SPAN_DAYS)]
    ids = _Ids("relationship_interaction", total, postgres)
    # signals: ids follow the table's last one; the sequence moves past each chunk's
    next_signal = _Ids("relationship_interactionsignal", 0, postgres)
    now = dt.datetime.now(tz=dt.UTC)
    end = _at(as_of + dt.timedelta(days=1), 0)
    rnd = rng.random
    channel = _weighted(rng, CHANNEL_WEIGHTS)
    normal_tag = _weighted(rng, TAG_WEIGHTS)
    boosted = dict(TAG_WEIGHTS, unsolicited_suggestion=32, early_warning=14)
    baseline_tag = _weighted(rng, boosted)  # drifters were suggestion-rich
    stopped = {k: w for k, w in TAG_WEIGHTS.items() if k not in SUGGESTION_TAGS}
    drift_tag = _weighted(rng, stopped)
    quarrel_tag = _weighted(rng, dict(stopped, minor_dispute=40))
    kinds = list(domain.REQUEST_KINDS)
    side_of = domain.signal_side

    # Row by row foreign-key checks would double the time of COPY: a superuser can skip
    # them (session_replication_role) and check every key set-based at the end instead.
    skip_fk = postgres and _is_superuser(connection)
    chunk: list[_Plan] = []
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
                        asked = _at(day, 8 + int(rnd() * 9), int(rnd() * 60))
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
                _write(connection, "relationship_interaction", INTERACTION_COLUMNS, rows,
                       postgres, skip_fk)  # fmt: skip
                _write(connection, "relationship_interactionsignal", SIGNAL_COLUMNS, sig_rows,
                       postgres, skip_fk)  # fmt: skip
                next_signal.commit(result.signals + len(sig_rows))
            written += time.perf_counter() - started
            result.interactions += len(rows)
            result.signals += len(sig_rows)
            advance(len(rows))
            chunk, pending = [], 0
    report.log(
        f"    rows made in Python {time.perf_counter() - began - written:.1f} s, "
        f"written ({result.method}, with commits) {written:.1f} s"
    )
    if skip_fk:
        started = time.perf_counter()
        _check_foreign_keys(connection, ids.first, next_signal.first)
        report.log(f"    foreign keys checked set-based in {time.perf_counter() - started:.1f} s")


def _is_superuser(connection: Any) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SHOW is_superuser")
        return bool(cursor.fetchone()[0] == "on")


FOREIGN_KEYS = (
    ("relationship_interaction", "supplier_id", "suppliers_supplier"),
    ("relationship_interaction", "created_by_id", "accounts_user"),
    ("relationship_interactionsignal", "interaction_id", "relationship_interaction"),
    ("relationship_interactionsignal", "supplier_id", "suppliers_supplier"),
)


def _check_foreign_keys(connection: Any, first_interaction: int, first_signal: int) -> None:
    """What the skipped triggers would have checked, for the loaded rows, in one query."""
    checks, params = [], []
    for table, column, target in FOREIGN_KEYS:
        missing = f"NOT EXISTS (SELECT 1 FROM {target} t WHERE t.id = x.{column})"  # noqa: S608
        where = f"x.id >= %s AND x.{column} IS NOT NULL AND {missing}"
        checks.append(f"(SELECT COUNT(*) FROM {table} x WHERE {where})")  # noqa: S608
        params.append(first_interaction if table == "relationship_interaction" else first_signal)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(checks), params)
        broken = cursor.fetchone()
    bad = {f"{t}.{c}": n for (t, c, _), n in zip(FOREIGN_KEYS, broken, strict=True) if n}
    if bad:
        raise RuntimeError(f"Generated rows with broken foreign keys: {bad}")


class _Ids:
    """Consecutive ids for a table: reserved from its sequence up front on PostgreSQL
    (setval), or following its largest id elsewhere."""

    def __init__(self, table: str, count: int, postgres: bool) -> None:
        from django.db import connection

        self.table, self.postgres = table, postgres
        with connection.cursor() as cursor:
            if postgres:
                cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
                self.sequence = cursor.fetchone()[0]
                last = "COALESCE(pg_sequence_last_value(%s::regclass), 0)"
                sql = f"SELECT GREATEST(COALESCE(MAX(id), 0), {last}) FROM {table}"  # noqa: S608
                cursor.execute(sql, [self.sequence])
            else:
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
            self.next = cursor.fetchone()[0] + 1
        self.first = self.next
        if count:
            self.commit(count)

    def __call__(self) -> int:
        pk = self.next
        self.next += 1
        return pk

    def __next__(self) -> int:
        return self()

    def commit(self, count: int) -> None:
        """Move the sequence past `count` ids from the first one."""
        if self.postgres and count:
            from django.db import connection

            with connection.cursor() as cursor:
                cursor.execute("SELECT setval(%s, %s)", [self.sequence, self.first + count - 1])


def _write(
    connection: Any,
    table: str,
    columns: tuple[str, ...],
    rows: list[tuple[Any, ...]],
    postgres: bool,
    skip_fk_triggers: bool = False,
) -> None:
    if not rows:
        return
    if postgres:
        connection.ensure_connection()
        with connection.connection.cursor() as cursor:
            sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            if skip_fk_triggers:  # checked set-based afterwards, see _check_foreign_keys
                cursor.execute("SET LOCAL session_replication_role = replica")
            with cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row)
            if skip_fk_triggers:
                cursor.execute("SET LOCAL session_replication_role = DEFAULT")
        return
    from partnerbook.relationship.models import Interaction, InteractionSignal

    model: Any = Interaction if table == "relationship_interaction" else InteractionSignal
    model.objects.bulk_create(
        [model(**dict(zip(columns, row, strict=True))) for row in rows], batch_size=BATCH_SIZE
    )


def _trust_entries(
    rng: random.Random, plans: list[_Plan], manager: int, as_of: dt.date, result: Result
) -> None:
    from partnerbook.relationship.models import TrustEntry

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
    TrustEntry.objects.bulk_create(entries, batch_size=BATCH_SIZE)
    result.trust_entries = len(entries)
