"""Benchmark (not a test): the streaming deliveries import and the scorecard recompute at scale.

    .venv/bin/python bench/performance.py
        [--database postgres://postgres@127.0.0.1:5432/partnerbook_benchdata]
        [--rows 1000000] [--suppliers 10000] [--months 12] [--entered-kpis 5] [--seed 7]
        [--chunk-size 5000] [--skip-import] [--skip-recompute]

Without --database it uses a throw-away SQLite file. A PostgreSQL database must be a
benchmark database (its name contains "bench"): it is created when missing, migrated and
emptied first.

a. Import: writes a deliveries CSV of --rows lines (once, to a temp dir) for --suppliers
   suppliers, then imports it through the registered "deliveries" import kind with a rich
   progress bar: rows/s, the process's RSS before and after and its peak (ru_maxrss); then
   imports the same file again (idempotent: nothing created or changed), with the CPU time
   spent in Python and (PostgreSQL on this machine) in the database backend. On PostgreSQL,
   a plain `COPY` of the same file into a bare table gives the ceiling the import's rate is
   compared with, and one `INSERT ... SELECT` of the same lines and their history rows
   (no Python per row) the floor the database itself needs. Aim: 50,000 rows/s on
   PostgreSQL.
b. Recompute: --entered-kpis entered KPIs x --months months x --suppliers suppliers of
   measurements (bulk_create), then every supplier's trailing scorecard (the scorecard
   page's computation: `effective_definitions_for` + `period_inputs_for` +
   `domain.scorecard`, 500 suppliers at a time, over the measurements and the deliveries
   imported in a.) and `services.portfolio(...)` over every supplier, each beside ONE
   hand-written SQL aggregate over the same rows. Aim: under 10 s on PostgreSQL.

Prints a table; always exits 0 (it reports, it does not judge).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.parts.performance import build_measurements  # noqa: E402

IMPORT_TARGET = 50_000  # rows/s on PostgreSQL
RECOMPUTE_TARGET = 10.0  # seconds on PostgreSQL
PREFIX = "PERF"
HEADER = (
    "po_line_id", "external_id", "ordered_on", "promised_on", "promised_qty", "received_on",
    "received_qty", "rejected_qty",
)  # fmt: skip


# --- data (also used by tests/performance/test_streaming.py) ---------------------------------


def build_suppliers(count: int, prefix: str = PREFIX) -> tuple[Any, list[str]]:
    """A category manager and `count` active suppliers with external ids; (manager, ids)."""
    from partnerbook.accounts.models import Role, User
    from partnerbook.suppliers.models import Supplier

    manager, _ = User.objects.get_or_create(
        username=f"{prefix.lower()}-manager", defaults={"role": Role.MANAGER}
    )
    ids = [f"{prefix}-{n:06d}" for n in range(count)]
    Supplier.objects.bulk_create(
        (Supplier(name=f"{prefix} supplier {n:06d}", external_id=ids[n], status="active")
         for n in range(count)),
        batch_size=2000,
    )  # fmt: skip
    return manager, ids


def write_deliveries(
    path: Path,
    rows: int,
    external_ids: Sequence[str],
    today: dt.date,
    seed: int = 7,
    prefix: str = "PO",
) -> Path:
    """A deliveries CSV of `rows` plausible lines over the 24 months before `today`, written
    row by row (the generator keeps nothing); PO line ids are `{prefix}-00000001`..."""
    rng = random.Random(seed)
    rand, randint = rng.random, rng.randint
    day = dt.timedelta(days=1)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for n in range(rows):
            ordered = today - randint(20, 730) * day
            promised = ordered + randint(5, 40) * day
            qty = randint(1, 500)
            if rand() < 0.95:
                received = max(ordered, min(today, promised + randint(-5, 6) * day))
                got = qty if rand() < 0.9 else randint(0, qty)
                rejected = randint(0, got) if got and rand() < 0.03 else 0
                tail = [received.isoformat(), got, rejected]
            else:
                tail = ["", "", ""]
            writer.writerow(
                [f"{prefix}-{n:08d}", external_ids[int(rand() * len(external_ids))],
                 ordered.isoformat(), promised.isoformat(), qty, *tail]
            )  # fmt: skip
    return path


# --- measuring --------------------------------------------------------------------------------


def rss_mb() -> float:
    """The process's resident memory now, in MB (Linux; elsewhere its peak)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return peak_mb()


def reset_peak() -> bool:
    """Reset the process's peak RSS (Linux: write 5 to /proc/self/clear_refs), so that the
    next ru_maxrss is the peak since now; False when that is not possible."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def cpu_seconds() -> float:
    """CPU time (user + system) this process has used so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def backend_cpu_seconds() -> float | None:
    """CPU time the PostgreSQL backend serving this connection has used so far (a server on
    this machine; None otherwise)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_mb() -> float:
    """The process's peak resident memory so far (ru_maxrss), in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10


@contextmanager
def timed() -> Iterator[Callable[[], float]]:
    start = time.perf_counter()
    end: list[float] = []
    yield lambda: (end[0] if end else time.perf_counter()) - start
    end.append(time.perf_counter())


@contextmanager
def progress_bar(console: Any, enabled: bool = True) -> Iterator[Callable[[str, int, int], None]]:
    """A `progress(stage, done, total)` callback drawing a rich progress bar."""
    if not enabled:
        yield lambda stage, done, total: None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskID,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    tasks: dict[str, TaskID] = {}
    columns = (TextColumn("  {task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn(), TimeRemainingColumn())  # fmt: skip
    with Progress(*columns, console=console, transient=True) as bar:

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update


@dataclass
class ImportRun:
    """One import of the file, as measured."""

    seconds: float
    rows: int
    created: int
    updated: int
    unchanged: int
    errors: int
    rss_before: float
    rss_after: float
    peak: float
    peak_reset: bool  # True: `peak` is the import's own (the process's peak was reset)
    cpu: float  # seconds of CPU in this process
    database_cpu: float | None  # seconds of CPU in the PostgreSQL backend
    first_errors: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def run_import(
    path: Path, actor: Any, console: Any = None, chunk_size: int | None = None
) -> ImportRun:
    """Import `path` through the registered deliveries import kind, as the CLI does."""
    from partnerbook.core import registry

    kind = registry.import_kind("deliveries")
    assert kind is not None
    extra = {"chunk_size": chunk_size} if chunk_size else {}
    before = rss_mb()
    reset = reset_peak()
    database_cpu = backend_cpu_seconds()
    cpu = cpu_seconds()
    with progress_bar(console, enabled=console is not None) as progress:
        with path.open("rb") as handle, timed() as elapsed:
            result = kind.run(actor, handle, path.name, progress=progress, **extra)
    cpu = cpu_seconds() - cpu
    if database_cpu is not None:
        database_cpu = (backend_cpu_seconds() or 0.0) - database_cpu
    return ImportRun(
        seconds=elapsed(), rows=result.rows, created=result.created, updated=result.updated,
        unchanged=result.unchanged, errors=result.error_count, rss_before=before,
        rss_after=rss_mb(), peak=peak_mb(), peak_reset=reset, cpu=cpu,
        database_cpu=database_cpu, first_errors=[str(e) for e in result.errors[:5]],
    )  # fmt: skip


def plain_copy(path: Path) -> float:
    """Seconds for a plain `COPY ... FROM STDIN (FORMAT csv, HEADER)` of the file into a bare
    table with no index, key or constraint (PostgreSQL), committed."""
    from django.db import connection, transaction

    columns = ", ".join(f"{c} {'text' if c.endswith('id') else 'date'}" for c in HEADER[:4])
    columns += ", promised_qty numeric(14, 3), received_on date, received_qty numeric(14, 3), "
    columns += "rejected_qty numeric(14, 3)"
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_plain_copy")
        cursor.execute(f"CREATE TABLE bench_plain_copy ({columns})")
    with timed() as elapsed:
        with transaction.atomic(), connection.cursor() as cursor, path.open("rb") as handle:
            with cursor.copy("COPY bench_plain_copy FROM STDIN (FORMAT csv, HEADER true)") as copy:
                while block := handle.read(1 << 20):
                    copy.write(block)
    return elapsed()


def database_floor(actor: Any) -> float:
    """Seconds the database alone needs to write the file's lines as the import does: with
    every line gone, ONE `INSERT ... SELECT` of the lines from the plain COPY's table and
    ONE of their history rows, committed (indexes, constraints and foreign-key checks as in
    the real tables). No Python per row: the floor under the import's time. Leaves the same
    lines in place (with new ids) and drops the COPY's table."""
    from django.db import connection, transaction
    from django.utils import timezone

    columns = "po_line_id, supplier_id, " + ", ".join(HEADER[2:])
    lines = "performance_deliveryline"
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {lines}, performance_historicaldeliveryline")
    with timed() as elapsed:
        with transaction.atomic(), connection.cursor() as cursor:
            now = timezone.now()
            cursor.execute(
                f"INSERT INTO {lines} ({columns}, version, updated_at) "  # noqa: S608
                "SELECT c.po_line_id, s.id, c.ordered_on, c.promised_on, c.promised_qty, "
                "c.received_on, COALESCE(c.received_qty, 0), COALESCE(c.rejected_qty, 0), 1, %s "
                "FROM bench_plain_copy c "
                "JOIN suppliers_supplier s ON s.external_id = c.external_id",
                [now],
            )
            cursor.execute(
                f"INSERT INTO performance_historicaldeliveryline (id, {columns}, version, "  # noqa: S608
                "updated_at, history_date, history_change_reason, history_type, history_user_id) "
                f"SELECT id, {columns}, version, updated_at, %s, 'Delivery line imported.', '+', "
                f"%s FROM {lines}",
                [now, actor.pk],
            )
    seconds = elapsed()
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_plain_copy")
    return seconds


def add_import_rows(table: Any, label: str, run: ImportRun) -> None:
    table.add_row(label, f"{run.seconds:.1f} s")
    table.add_row("  rate", f"{run.rate:,.0f} rows/s")
    counts = f"{run.created:,} / {run.updated:,} / {run.unchanged:,} / {run.errors:,}"
    table.add_row("  created / updated / unchanged / errors", counts)
    table.add_row("  RSS before → after", f"{run.rss_before:.0f} → {run.rss_after:.0f} MB")
    peak = "peak RSS during it (ru_maxrss)" if run.peak_reset else "peak RSS so far (ru_maxrss)"
    table.add_row(f"  {peak}", f"{run.peak:.0f} MB")
    cpu = f"{run.cpu:.1f} s here"
    if run.database_cpu is not None:
        cpu += f", {run.database_cpu:.1f} s in the PostgreSQL backend"
    table.add_row("  CPU time", cpu)


# --- the recompute ----------------------------------------------------------------------------


def recompute_scorecards(today: dt.date, months: int, chunk: int = 500) -> tuple[int, int]:
    """Every supplier's trailing scorecard of `months` months up to `today`'s, computed as
    the scorecard page computes one, `chunk` suppliers at a time; (suppliers, periods)."""
    from partnerbook.performance import domain, services
    from partnerbook.suppliers.models import Supplier

    current = domain.period_start(today, domain.MONTH)
    starts = [domain.shift(current, domain.MONTH, -n) for n in range(months - 1, -1, -1)]
    suppliers = list(Supplier.objects.order_by("pk"))
    periods = 0
    for index in range(0, len(suppliers), chunk):
        part = suppliers[index : index + chunk]
        definitions = services.effective_definitions_for(part)
        kinds = {pk: {d.key: d.kind for d in defs} for pk, defs in definitions.items()}
        ids = [s.pk for s in part if definitions[s.pk]]
        inputs = services.period_inputs_for(ids, starts, domain.MONTH, kinds)
        for pk in ids:
            kpis = [d.as_kpi() for d in definitions[pk]]
            card = domain.scorecard(kpis, inputs[pk], domain.MONTH)
            periods += len(card.trailing)
    return len(suppliers), periods


def recompute_portfolio(today: dt.date) -> int:
    """`services.portfolio` over every supplier (this month's scored period, as the
    portfolio list shows it), with the whole portfolio as its `scope`; the number scored."""
    from partnerbook.performance import services
    from partnerbook.suppliers.models import Supplier

    everyone = Supplier.objects.all()
    rows = services.portfolio(list(everyone.order_by("pk")), today, scope=everyone)
    return sum(1 for row in rows if row.score is not None)


def raw_aggregate(today: dt.date, months: int) -> int:
    """ONE hand-written statement over the same rows: entered values per supplier, KPI and
    month, and delivery totals (lines, on time, in full, received, rejected) per supplier
    and month, fetched to Python (`bench/limits.performance`); returns the number of rows."""
    from django.db import connection

    from bench import limits

    sql, params = limits.performance(limits.Context(connection.vendor, today, 0), months)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return len(cursor.fetchall())


# --- the run ----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", help="a PostgreSQL URL (default: throw-away SQLite)")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--suppliers", type=int, default=10_000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--entered-kpis", type=int, default=5, choices=range(1, 8))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--chunk-size", type=int, default=None, help="import chunk (5000)")
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--skip-recompute", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="pb-bench-performance-"))
    try:
        run(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(args: argparse.Namespace, work: Path) -> None:
    """The benchmark, with its files (the CSV, a SQLite database) in `work`."""
    if args.database:
        name = urlsplit(args.database).path.lstrip("/")
        if "bench" not in name.lower():
            print(f"{name} does not look like a benchmark database; not touching it.")
            return
        from bench.database import create_database

        create_database(args.database)
        os.environ["DATABASE_URL"] = args.database
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ["PARTNERBOOK_DATA_DIR"] = str(work)
    # The import streams, so its memory does not grow with the file; the size limit (5 MB
    # by default, for uploads through the web page) is raised for this file.
    os.environ["PARTNERBOOK_MAX_IMPORT_BYTES"] = str(4 * 2**30)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerbook.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone
    from rich.console import Console
    from rich.table import Table

    console = Console(width=110)
    postgres = connection.vendor == "postgresql"
    name = str(connection.settings_dict["NAME"])
    console.rule(f"[bold]Performance benchmark[/] — {connection.vendor} {name}")
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    today = timezone.localdate()
    table = Table(title=f"Performance benchmark ({connection.vendor}, {os.cpu_count()} cores)")
    table.add_column("measure")
    table.add_column("value", justify="right")

    with timed() as elapsed:
        actor, external_ids = build_suppliers(args.suppliers)
    console.print(f"{args.suppliers:,} suppliers in {elapsed():.1f} s")

    if not args.skip_import:
        path = work / "deliveries.csv"
        with timed() as elapsed:
            write_deliveries(path, args.rows, external_ids, today, args.seed)
        size = path.stat().st_size / 2**20
        console.print(f"{args.rows:,} delivery lines written to {path} ({size:.0f} MB) in "
                      f"{elapsed():.1f} s")  # fmt: skip
        first = run_import(path, actor, console, args.chunk_size)
        console.print(f"first import: {first.seconds:.1f} s, {first.rate:,.0f} rows/s "
                      f"{first.first_errors}")  # fmt: skip
        again = run_import(path, actor, console, args.chunk_size)
        console.print(f"second import: {again.seconds:.1f} s, {again.rate:,.0f} rows/s")
        table.add_row("a. deliveries file", f"{args.rows:,} rows, {size:.0f} MB")
        for label, run in (("first import (all new)", first), ("second import, same file", again)):
            add_import_rows(table, label, run)
        if postgres:
            copy_seconds = plain_copy(path)
            copy_rate = args.rows / copy_seconds
            table.add_row("plain COPY of the file into a bare table", f"{copy_seconds:.1f} s")
            table.add_row("  rate", f"{copy_rate:,.0f} rows/s")
            ratios = f"{first.rate / copy_rate:.2f}, {again.rate / copy_rate:.2f}"
            table.add_row("import rate / COPY rate (first, second)", ratios)
            floor = database_floor(actor)
            table.add_row(
                "database floor: INSERT … SELECT of the lines and their", f"{floor:.1f} s"
            )
            table.add_row("  history rows from the COPY's table, committed",
                          f"{args.rows / floor:,.0f} rows/s")  # fmt: skip
            table.add_row("first import time / database floor", f"{first.seconds / floor:.2f}")
            verdict = "met" if first.rate >= IMPORT_TARGET else "missed"
            if args.rows < 1_000_000:
                verdict = "(the aim is for 1,000,000 rows)"
            table.add_row(f"aim: {IMPORT_TARGET:,} rows/s (first import)", verdict)
        path.unlink()

    if not args.skip_recompute:
        with timed() as elapsed:
            made = build_measurements(actor, external_ids, args.months, args.entered_kpis, today,
                                      args.seed)  # fmt: skip
        console.print(f"{made:,} measurements in {elapsed():.1f} s")
        if postgres:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        runs = []
        for _ in range(2):
            with timed() as elapsed:
                suppliers, periods = recompute_scorecards(today, args.months)
            runs.append(elapsed())
        console.print(f"trailing scorecards: {', '.join(f'{t:.2f} s' for t in runs)}")
        portfolio_runs = []
        for _ in range(2):
            with timed() as elapsed:
                scored = recompute_portfolio(today)
            portfolio_runs.append(elapsed())
        raw_runs = []
        for _ in range(3):
            with timed() as elapsed:
                raw_rows = raw_aggregate(today, args.months)
            raw_runs.append(elapsed())
        best, raw = min(runs), min(raw_runs)
        table.add_row("b. measurements", f"{made:,} ({args.entered_kpis} KPIs × "
                      f"{args.months} months × {args.suppliers:,} suppliers)")  # fmt: skip
        table.add_row("  plus delivery lines", "as imported in a." if not args.skip_import
                      else "none")  # fmt: skip
        table.add_row(f"every trailing {args.months}-month scorecard, best of 2",
                      f"{best:.2f} s")  # fmt: skip
        table.add_row("  scorecards / scored periods", f"{suppliers:,} / {periods:,}")
        table.add_row("services.portfolio over every supplier, best of 2",
                      f"{min(portfolio_runs):.2f} s ({scored:,} scored)")  # fmt: skip
        table.add_row("hand-written SQL aggregate, same rows, best of 3",
                      f"{raw:.2f} s ({raw_rows:,} rows)")  # fmt: skip
        table.add_row("  ratio scorecards / SQL", f"{best / raw:.1f}×" if raw else "-")
        if postgres:
            verdict = "met" if best < RECOMPUTE_TARGET else "missed"
            if made < 600_000:
                verdict = "(the aim is for 600,000 measurements)"
            table.add_row(f"aim: under {RECOMPUTE_TARGET:.0f} s", verdict)
    console.print(table)
    load = os.getloadavg()
    console.print(f"load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
