"""What every part of the generator shares: the context it writes into (ids, plans, users),
fast writes (COPY on PostgreSQL, `executemany` of plain tuples elsewhere), ids reserved up
front, progress on a rich console and a set-based foreign-key check."""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import accumulate
from typing import Any

BATCH_SIZE = 5000  # bulk_create batch size


def scaled(count: float, scale: float, minimum: int = 1) -> int:
    """`count` at `scale`, at least `minimum`."""
    return max(minimum, round(count * scale))


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=dt.UTC)


def weighted(rng: random.Random, weights: dict[str, float]) -> Callable[[], str]:
    """A picker of keys in proportion to their weights, drawing from `rng`."""
    keys = list(weights)
    cum = list(accumulate(weights.values()))
    total = cum[-1]
    rnd = rng.random

    def pick() -> str:
        return keys[bisect_right(cum, rnd() * total)]

    return pick


@dataclass
class Plan:
    """One supplier's share of the portfolio, as the parts need it."""

    pk: int
    index: int
    name: str
    status: str
    category: int
    spend: float
    owner: int  # the current relationship owner
    weight: float = 1.0  # activity, relative to the other suppliers
    count: int = 0  # interactions
    drift: frozenset[str] = frozenset()  # subset of: slow, cold, informal, disputes
    owners: list[tuple[dt.date, int]] = field(default_factory=list)  # (from day, owner id)
    quadrant: str = ""  # the quadrant its factors aim at
    partner: bool = False  # chosen engagement model: partnership
    poor: bool = False  # performs poorly in the last two complete quarters


@dataclass
class Context:
    """What the parts share while generating: the settings, the users, the categories, the
    suppliers' plans, and what they report (counts per table, samples, timings)."""

    scale: float
    seed: int
    as_of: dt.date
    postgres: bool
    skip_fk: bool
    report: Reporter
    password: str = ""  # the hash every generated user gets
    users: dict[str, int] = field(default_factory=dict)  # role -> user id (first of a role)
    usernames: dict[str, str] = field(default_factory=dict)
    buyers: list[int] = field(default_factory=list)
    categories: list[int] = field(default_factory=list)  # leaf categories suppliers sit in
    all_categories: list[int] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    drifting: list[int] = field(default_factory=list)  # supplier ids
    rotating: list[int] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    sample: dict[str, int] = field(default_factory=dict)
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(tz=dt.UTC))

    def rng(self, part: str) -> random.Random:
        """Each part draws from its own generator, so one part's draws never move another's."""
        return random.Random(f"{self.seed}-{part}")

    def count(self, label: str, n: int) -> None:
        self.counts[label] = self.counts.get(label, 0) + n


class Reporter:
    """Progress and timings on a rich console, or nothing when quiet."""

    def __init__(self, console: Any = None) -> None:
        self.console = console

    def log(self, text: str) -> None:
        if self.console is not None:
            self.console.print(text)

    @contextmanager
    def step(self, label: str, timings: dict[str, float]) -> Iterator[None]:
        start = time.perf_counter()
        yield
        timings[label] = timings.get(label, 0.0) + time.perf_counter() - start
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


class Ids:
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


def is_superuser(connection: Any) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SHOW is_superuser")
        return bool(cursor.fetchone()[0] == "on")


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):  # stored as naive UTC text, as Django does
        return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict | list):
        return json.dumps(value)
    return value


def _json_value(value: Any) -> Any:
    return json.dumps(value) if isinstance(value, dict | list) else value


def write(ctx: Context, table: str, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> int:
    """Write `rows` (tuples in the order of `columns`, ids included) into `table`: COPY on
    PostgreSQL (foreign-key triggers skipped when the context may: `check_foreign_keys`
    checks every key at the end), `executemany` of plain tuples elsewhere (no model
    objects). Returns the number of rows."""
    from django.db import connection

    if not rows:
        return 0
    # Which columns need adapting: the first non-empty value of each decides.
    kinds: dict[int, type] = {}
    for row in rows[:2000]:
        for k, value in enumerate(row):
            if k not in kinds and value is not None:
                kinds[k] = type(value)
        if len(kinds) == len(columns):
            break
    if ctx.postgres:
        adapt = [k for k, t in kinds.items() if t in (dict, list)]
        connection.ensure_connection()
        with connection.connection.cursor() as cursor:
            sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            if ctx.skip_fk:  # checked set-based afterwards, see check_foreign_keys
                cursor.execute("SET LOCAL session_replication_role = replica")
            with cursor.copy(sql) as copy:
                if adapt:
                    for row in rows:
                        copy.write_row([_json_value(v) for v in row])
                else:
                    for row in rows:
                        copy.write_row(row)
            if ctx.skip_fk:
                cursor.execute("SET LOCAL session_replication_role = DEFAULT")
        return len(rows)
    adapt = [k for k, t in kinds.items() if t in (dt.datetime, dt.date, Decimal, dict, list)]
    if adapt:
        rows = [
            tuple(_sqlite_value(v) if k in adapt else v for k, v in enumerate(row)) for row in rows
        ]
    placeholders = ", ".join("?" for _ in columns)
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"  # noqa: S608
    connection.ensure_connection()
    raw = connection.connection.cursor()  # the sqlite3 cursor: no per-row Django work
    try:
        for start in range(0, len(rows), 50_000):
            raw.executemany(sql, rows[start : start + 50_000])
    finally:
        raw.close()
    return len(rows)


def write_chunks(
    ctx: Context,
    table: str,
    columns: Sequence[str],
    rows: Iterable[tuple[Any, ...]],
    chunk: int = 100_000,
) -> int:
    """`write` a stream of rows, `chunk` rows per transaction."""
    from django.db import transaction

    batch: list[tuple[Any, ...]] = []
    written = 0
    for row in rows:
        batch.append(row)
        if len(batch) >= chunk:
            with transaction.atomic():
                written += write(ctx, table, columns, batch)
            batch = []
    with transaction.atomic():
        written += write(ctx, table, columns, batch)
    return written


def project_models() -> list[Any]:
    """Every concrete model of the project's apps (not the historical ones)."""
    from django.apps import apps

    return [
        m
        for m in apps.get_models()
        if m.__module__.startswith("partnerbook.") and not m.__name__.startswith("Historical")
    ]


def finish(ctx: Context, timings: dict[str, float]) -> None:
    """What every generation ends with: the foreign keys checked set-based when the COPYs
    skipped the per-row checks, and ANALYZE on PostgreSQL (fresh statistics for the
    planner)."""
    from django.db import connection

    if ctx.skip_fk:
        with ctx.report.step("foreign keys checked", timings):
            broken = check_foreign_keys()
            if broken:
                raise RuntimeError(f"Generated rows with broken foreign keys: {broken}")
    if ctx.postgres:
        with ctx.report.step("ANALYZE", timings), connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def check_foreign_keys() -> dict[str, int]:
    """Every foreign key of every project table, checked set-based (one statement per
    table): {"table.column": broken rows} for the broken ones (empty: all hold)."""
    from django.db import connection

    broken: dict[str, int] = {}
    with connection.cursor() as cursor:
        for model in project_models():
            table = model._meta.db_table
            checks = []
            names = []
            for f in model._meta.concrete_fields:
                if not f.is_relation or f.related_model is None:
                    continue
                target = f.related_model._meta.db_table
                key = f.target_field.column
                sub = f"SELECT 1 FROM {target} t WHERE t.{key} = x.{f.column}"  # noqa: S608
                missing = f"NOT EXISTS ({sub})"
                where = f"x.{f.column} IS NOT NULL AND {missing}"
                checks.append(f"(SELECT COUNT(*) FROM {table} x WHERE {where})")  # noqa: S608
                names.append(f"{table}.{f.column}")
            if not checks:
                continue
            cursor.execute("SELECT " + ", ".join(checks))
            for name, n in zip(names, cursor.fetchone(), strict=True):
                if n:
                    broken[name] = n
    return broken
