"""The benchmark: a large generated portfolio, measured on PostgreSQL and on SQLite in one run.

    make bench                 # or: .venv/bin/python bench/run.py [--scale 1] [--repeat 30]
    .venv/bin/python bench/run.py --scale 0.05 --databases sqlite     # a quick look

For each database, in a child process of its own (a fresh PostgreSQL database
`partnerbook_bench`, or a fresh SQLite file):

1. migrates and generates the portfolio with `bench/generate.py` (10,000 suppliers, two
   million interactions, a million delivery lines... at `--scale 1`);
2. times the full recompute, part by part: what the nightly jobs compute (health, drift,
   scorecards, quadrants, risk and the daily checks, with the alerts they raise);
3. starts gunicorn (several workers, DEBUG off) on a free port of 127.0.0.1, signs in
   through the real form and requests every measured page and endpoint `--repeat` times
   one after the other: p50 and p95 per page;
4. times three imports through the product (suppliers, interactions, deliveries): rows/s
   and the process's peak memory during each.

Beside every figure it prints the LIMIT: the same figure computed by one hand-written SQL
statement over the same rows (`bench/limits.py`), or for an import a plain COPY of the
file into a bare table (SQLite: one executemany), and the ratio. The table goes to the
screen and to `bench/last-run.md`; `bench/RESULTS.md` discusses the recorded run.

Targets (issue 14; 2 cores, PostgreSQL, `--scale 1`): full recompute under 10 s and within
3x of its limit; every page p95 under 250 ms; imports at least 50,000 rows/s with flat
memory. Exits 0 when it measured everything (a missed target is a finding, not a crash),
1 when a page failed or something could not be measured.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import math
import os
import platform
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
from bench.database import create_database  # noqa: E402

DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/partnerbook_bench"
LOCAL = ("127.0.0.1", "localhost", "::1")
TARGET_RECOMPUTE_S = 10.0
TARGET_RATIO = 3.0
TARGET_P95_MS = 250.0
TARGET_IMPORT_RATE = 50_000
# Rows per file at --scale 1. The suppliers and interactions imports read a whole file
# (at most 100,000 rows); the deliveries import streams.
IMPORT_SIZES = {"suppliers": 10_000, "interactions": 50_000, "deliveries": 1_000_000}


def main() -> int:
    args = parse_args()
    if args.child:
        return child(args)
    return parent(args)


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--scale", type=float, default=1.0, help="1 = 10,000 suppliers (default)")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--databases", default="postgres,sqlite", help="postgres,sqlite (default)")
    p.add_argument("--postgres-url", default=DEFAULT_POSTGRES)
    p.add_argument("--repeat", type=int, default=30, help="timed requests per page (30)")
    p.add_argument("--recompute-runs", type=int, default=2, help="runs of each part; best")
    p.add_argument("--workers", type=int, default=3, help="gunicorn workers (3)")
    p.add_argument("--out", type=Path, default=HERE / "last-run.md")
    p.add_argument("--child", choices=("postgres", "sqlite"), help=argparse.SUPPRESS)
    p.add_argument("--json", type=Path, help=argparse.SUPPRESS)
    return p.parse_args()


# --- the parent: one child per database, then the table ---------------------------------------


def parent(args: argparse.Namespace) -> int:
    databases = [d.strip() for d in args.databases.split(",") if d.strip()]
    unknown = set(databases) - {"postgres", "sqlite"}
    if unknown:
        sys.exit(f"--databases takes postgres and/or sqlite, not {', '.join(sorted(unknown))}")
    started = dt.datetime.now(dt.UTC)
    results, failed = [], False
    work = Path(tempfile.mkdtemp(prefix="pb-bench-"))
    for database in databases:
        out = work / f"{database}.json"
        command = [sys.executable, str(Path(__file__).resolve()), "--child", database,
                   "--json", str(out), "--scale", str(args.scale), "--seed", str(args.seed),
                   "--repeat", str(args.repeat), "--recompute-runs", str(args.recompute_runs),
                   "--workers", str(args.workers), "--postgres-url", args.postgres_url]  # fmt: skip
        print(f"\n=== {database} ===", flush=True)
        done = subprocess.run(command, cwd=ROOT, check=False)  # noqa: S603 - our own script
        if done.returncode != 0 or not out.exists():
            print(f"The {database} run failed (exit code {done.returncode}).")
            failed = True
            continue
        results.append(json.loads(out.read_text()))
    if not results:
        return 1
    report = render(results, args, started)
    args.out.write_text(report)
    print()
    print(report)
    shown = args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out
    print(f"Written to {shown}")
    failed |= any(r["failures"] for r in results)
    return 1 if failed else 0


# --- the child: one database ---------------------------------------------------------------


def child(args: argparse.Namespace) -> int:
    work = Path(tempfile.mkdtemp(prefix=f"pb-bench-{args.child}-"))
    if args.child == "postgres":
        url = args.postgres_url
        parts = urlsplit(url)
        if not parts.path.endswith("_bench") or parts.hostname not in LOCAL:
            sys.exit(f"Refusing to reset {url!r}: use a local database named *_bench.")
        create_database(url, fresh=True)
    else:
        url = f"sqlite:///{work / 'bench.sqlite3'}"
    env = {
        "DJANGO_SETTINGS_MODULE": "partnerbook.settings",
        "DATABASE_URL": url,
        "DATABASE_CONN_MAX_AGE": "60",
        "PARTNERBOOK_SECRET_KEY": secrets.token_urlsafe(50),
        "PARTNERBOOK_DEBUG": "0",
        "PARTNERBOOK_HTTPS": "0",
        "PARTNERBOOK_DATA_DIR": str(work / "data"),
        "PARTNERBOOK_LOG_LEVEL": "WARNING",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    os.environ.update(env)
    import django

    django.setup()
    from bench.generate import generate
    from django.core.management import call_command
    from django.db import connection
    from rich.console import Console

    from bench import limits

    console = Console()
    result: dict[str, Any] = {"database": args.child, "failures": []}
    with timed() as elapsed:
        call_command("migrate", verbosity=0)
    console.print(f"migrated in {elapsed():.1f} s")
    generated = generate(scale=args.scale, seed=args.seed, console=console)
    analyze()
    result.update(
        vendor=connection.vendor,
        version=database_version(),
        counts=generated.counts,
        generate_seconds=generated.seconds,
        as_of=generated.as_of.isoformat(),
    )
    ctx = limits.Context(connection.vendor, generated.as_of, generated.sample["supplier_id"])
    console.rule("recompute")
    result["recompute"] = measure_recompute(ctx, args.recompute_runs, console)
    console.rule("pages")
    result["pages"] = measure_pages(ctx, generated, args, env, work, console, result["failures"])
    console.rule("imports")
    result["imports"] = measure_imports(
        ctx, generated, args.scale, work, console, result["failures"]
    )
    args.json.write_text(json.dumps(result, indent=1, default=str))
    return 0


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def database_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
        cursor.execute("SELECT sqlite_version()")
        return f"SQLite {cursor.fetchone()[0]}"


class timed:  # noqa: N801 - used as a context manager, like contextlib's
    def __enter__(self) -> Callable[[], float]:
        self.start = time.perf_counter()
        self.end: float | None = None
        return lambda: (self.end or time.perf_counter()) - self.start

    def __exit__(self, *exc: object) -> None:
        self.end = time.perf_counter()


def time_limit(statement: tuple[str, list[Any]], runs: int = 5) -> float:
    """Median seconds of running the statement and fetching every row."""
    from django.db import connection

    sql, params = statement
    times = []
    for _ in range(runs):
        with connection.cursor() as cursor, timed() as elapsed:
            cursor.execute(sql, params)
            cursor.fetchall()
        times.append(elapsed())
    return statistics.median(times)


# --- the recompute ----------------------------------------------------------------------------


def recompute_parts() -> list[tuple[str, Callable[[dt.date], Any], Callable[..., Any]]]:
    """(label, the product's work for a day, its limit) for every part of the nightly
    recompute, in the order the nightly jobs run."""
    from bench import limits
    from partnerbook.accounts.models import Role, User
    from partnerbook.actions import services as actions
    from partnerbook.cadence import services as cadence
    from partnerbook.conflicts import services as conflicts
    from partnerbook.documents import services as documents
    from partnerbook.performance import services as performance
    from partnerbook.practices import services as practices
    from partnerbook.relationship import services as relationship
    from partnerbook.risk import services as risk
    from partnerbook.segmentation import cache
    from partnerbook.segmentation import services as segmentation

    admin = User.objects.filter(role=Role.ADMIN, is_active=True).order_by("pk").first()

    def quadrants(day: dt.date) -> Any:
        # Scored afresh, as after a change: the portfolio kept between requests is forgotten.
        cache.forget()
        return segmentation.portfolio(admin)

    def scorecards(day: dt.date) -> Any:
        return performance.ensure_all_baselines(day), performance.check_red_quarters(day)

    def daily(day: dt.date) -> Any:
        return (
            actions.check_overdue(as_of=day),
            cadence.check_overdue(as_of=day),
            conflicts.check_time_boxes(),
            documents.check_expiring_certificates(day),
            practices.check_agreement_renewals(day),
        )

    return [
        ("health, drift and their alerts", lambda d: relationship.recompute(as_of=d),
         limits.relationship),
        ("scorecards, baselines and two-red-quarter alerts", scorecards, limits.performance),
        ("stored scores (this month and quarter, every supplier)",
         lambda d: performance.rebuild_scores(d), limits.stored_scores),
        ("quadrants of every supplier", quadrants, limits.quadrants),
        ("risk checks and their alerts", lambda d: risk.check_all(d), limits.risk),
        ("other daily checks and their alerts", daily, limits.daily_checks),
    ]  # fmt: skip


def measure_recompute(ctx: Any, runs: int, console: Any) -> list[dict[str, Any]]:
    import gc

    rows = []
    for label, work, limit in recompute_parts():
        times = []
        for _ in range(max(runs, 1)):
            gc.collect()
            with timed() as elapsed:
                work(ctx.as_of)
            times.append(elapsed())
        row = {"label": label, "seconds": min(times), "runs": times,
               "limit": time_limit(limit(ctx), runs=3)}  # fmt: skip
        console.print(f"{label}: {row['seconds']:.2f} s (limit {row['limit']:.2f} s)")
        rows.append(row)
    return rows


# --- pages, through a real server ---------------------------------------------------------------


def pages_to_measure(ctx: Any) -> list[tuple[str, str, Callable[..., Any]]]:
    """(label, path, limit) of every measured page and endpoint."""
    from django.urls import reverse

    from bench import limits
    from partnerbook.core import registry
    from partnerbook.suppliers.templatetags.supplier_pages import OWN_TABS

    pk = ctx.supplier_id
    pages = [
        ("portfolio page", "/portfolio/", limits.portfolio),
        ("portfolio chart (API)", "/api/v1/portfolio/matrix", limits.portfolio),
        ("supplier list", "/suppliers/", limits.supplier_list),
        ("supplier list (API, 200)", "/api/v1/suppliers?limit=200",
         lambda c: limits.supplier_list(c, 200)),
        ("alerts inbox", "/alerts/", limits.alerts_inbox),
        ("scorecard list", reverse("performance:portfolio"), limits.scorecard_list),
        ("pipeline board", reverse("gate:board"), limits.pipeline),
        ("escalation audit", reverse("conflicts:audit"), limits.escalation_audit),
        ("concentration", reverse("risk:concentration"), limits.concentration),
    ]  # fmt: skip
    for key, _label in OWN_TABS:
        path = f"/suppliers/{pk}/" if key == "overview" else f"/suppliers/{pk}/{key}/"
        pages.append((f"supplier: {key}", path, limits.TAB_LIMITS[key]))
    for tab in registry.tabs():
        pages.append((f"supplier: {tab.key}", reverse(tab.url_name, args=[pk]),
                      limits.TAB_LIMITS[tab.key]))  # fmt: skip
    return pages


def measure_pages(
    ctx: Any,
    generated: Any,
    args: argparse.Namespace,
    env: dict[str, str],
    work: Path,
    console: Any,
    failures: list[str],
) -> list[dict[str, Any]]:
    import requests
    from bench.generate import PASSWORD
    from bench.load.run import free_port, gunicorn_server

    pages = pages_to_measure(ctx)
    server_env = {k: v for k, v in os.environ.items() if not k.startswith("PARTNERBOOK_")}
    server_env.update(env, PYTHONPATH=str(ROOT / "src"), PYTHONUNBUFFERED="1")
    server_args = argparse.Namespace(workers=args.workers, threads=1, keep_alive=10)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    rows = []
    with gunicorn_server(server_args, server_env, port, work):
        session = requests.Session()
        sign_in(session, base, generated.users["manager"], PASSWORD)
        for label, path, limit in pages:
            times, status = [], 0
            for n in range(args.repeat + 2):  # two untimed requests warm the workers
                with timed() as elapsed:
                    response = session.get(base + path, allow_redirects=False, timeout=120)
                status = response.status_code
                if status != 200:
                    break
                if n >= 2:
                    times.append(elapsed() * 1000)
            if status != 200:
                failures.append(f"{label} ({path}): HTTP {status}")
                console.print(f"[red]{label}: HTTP {status}[/]")
                rows.append({"label": label, "path": path, "status": status})
                continue
            row = {
                "label": label, "path": path, "status": status,
                "p50": percentile(times, 50), "p95": percentile(times, 95),
                "limit": time_limit(limit(ctx)) * 1000,
            }  # fmt: skip
            console.print(f"{label}: p50 {row['p50']:.0f} ms, p95 {row['p95']:.0f} ms "
                          f"(limit {row['limit']:.1f} ms)")  # fmt: skip
            rows.append(row)
    return rows


def sign_in(session: Any, base: str, username: str, password: str) -> None:
    from bench.load.scenario import csrf_token

    form = session.get(f"{base}/login/", timeout=60)
    reply = session.post(
        f"{base}/login/",
        data={
            "csrfmiddlewaretoken": csrf_token(form.text),
            "username": username,
            "password": password,
        },  # fmt: skip
        headers={"Referer": f"{base}/login/"},
        allow_redirects=False,
        timeout=60,
    )
    if reply.status_code != 302 or "/login/" in reply.headers.get("Location", ""):
        raise RuntimeError(f"signing in as {username} failed (HTTP {reply.status_code})")


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


# --- imports ----------------------------------------------------------------------------------


def measure_imports(
    ctx: Any, generated: Any, scale: float, work: Path, console: Any, failures: list[str]
) -> list[dict[str, Any]]:
    from bench.performance import write_deliveries

    from partnerbook.accounts.models import User
    from partnerbook.suppliers.models import Supplier

    actor = User.objects.get(username=generated.users["manager"])
    with_ids = Supplier.objects.exclude(external_id="").order_by("pk")
    external_ids = list(with_ids.values_list("external_id", flat=True))
    sizes = {kind: max(int(n * scale), 100) for kind, n in IMPORT_SIZES.items()}
    files = {
        "suppliers": write_suppliers(work / "suppliers.csv", sizes["suppliers"]),
        "interactions": write_interactions(
            work / "interactions.csv", sizes["interactions"], external_ids, ctx.as_of
        ),
        "deliveries": write_deliveries(
            work / "deliveries.csv", sizes["deliveries"], external_ids, ctx.as_of, prefix="BENCH"
        ),
    }
    rows = []
    for kind, path in files.items():
        run = run_import(kind, path, actor)
        if run["errors"]:
            failures.append(f"{kind} import: {'; '.join(run['first_errors'])}")
        run["limit"] = plain_load(path)
        run["limit_rate"] = run["rows"] / run["limit"] if run["limit"] else 0.0
        console.print(
            f"{kind}: {run['rows']:,} rows in {run['seconds']:.1f} s = {run['rate']:,.0f} rows/s, "
            f"peak +{run['peak_growth']:.0f} MB, errors {run['errors']} "
            f"(plain load {run['limit_rate']:,.0f} rows/s)"
        )
        rows.append(run)
    return rows


def write_suppliers(path: Path, rows: int) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["external_id", "name", "country", "status", "annual_spend", "currency"])
        for n in range(rows):
            writer.writerow([f"BENCH-NEW-{n:07d}", f"Imported supplier {n:07d}", "DE",
                             "prospect", 1000 + n % 90_000, "EUR"])  # fmt: skip
    return path


def write_interactions(path: Path, rows: int, external_ids: list[str], as_of: dt.date) -> Path:
    import random

    rng = random.Random(11)
    channels = ("email", "call", "meeting", "informal_checkin")
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["external_ref", "external_id", "occurred_on", "channel",
                         "initiated_by", "subject", "notes"])  # fmt: skip
        for n in range(rows):
            day = as_of - dt.timedelta(days=rng.randint(0, 365))
            writer.writerow(
                [
                    f"BENCH-I-{n:08d}",
                    rng.choice(external_ids),
                    day.isoformat(),
                    rng.choice(channels),
                    rng.choice(("ours", "supplier")),
                    "Imported call",
                    "Discussed the forecast and the open orders.",
                ]
            )
    return path


def run_import(kind: str, path: Path, actor: Any) -> dict[str, Any]:
    """One import through the registered import kind, as the command line runs it, with the
    process's peak memory reset just before (Linux)."""
    import gc

    from bench.performance import peak_mb, reset_peak, rss_mb
    from django.conf import settings
    from django.test import override_settings

    from partnerbook.core import registry

    import_kind = registry.import_kind(kind)
    assert import_kind is not None  # noqa: S101
    gc.collect()
    before = rss_mb()
    reset = reset_peak()
    # The command line's size limit, as `partnerbook import` runs it.
    cli_limit = override_settings(
        PARTNERBOOK_MAX_IMPORT_BYTES=settings.PARTNERBOOK_MAX_CLI_IMPORT_BYTES
    )
    with cli_limit, path.open("rb") as handle, timed() as elapsed:
        result = import_kind.run(actor, handle, path.name)
    seconds = elapsed()
    return {
        "kind": kind, "rows": result.rows, "seconds": seconds,
        "rate": result.rows / seconds if seconds else 0.0,
        "created": result.created, "errors": result.error_count,
        "first_errors": [str(e) for e in result.errors[:3]],
        "rss_before": before, "peak": peak_mb(), "peak_reset": reset,
        "peak_growth": peak_mb() - before, "file_mb": path.stat().st_size / 2**20,
    }  # fmt: skip


def plain_load(path: Path) -> float:
    """Seconds to load the file into a bare table of text columns, committed: a plain COPY
    on PostgreSQL, one executemany in one transaction on SQLite."""
    from django.db import connection, transaction

    with path.open(newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    columns = ", ".join(f'"{name}" text' for name in header)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_plain_load")
        cursor.execute(f"CREATE TABLE bench_plain_load ({columns})")
    with timed() as elapsed, transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with path.open("rb") as handle:
                copy_sql = "COPY bench_plain_load FROM STDIN (FORMAT csv, HEADER true)"
                with cursor.copy(copy_sql) as copy:
                    while block := handle.read(1 << 20):
                        copy.write(block)
        else:
            marks = ", ".join("?" for _ in header)
            with path.open(newline="", encoding="utf-8") as handle:
                reader = csv.reader(handle)
                next(reader)
                insert = f"INSERT INTO bench_plain_load VALUES ({marks})"  # noqa: S608
                cursor.connection.executemany(insert, reader)
    seconds = elapsed()
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_plain_load")
    return seconds


# --- the table ------------------------------------------------------------------------------


def _ratio(value: float) -> str:
    """One decimal below 10 (a cached page may beat its limit: 0.4), whole numbers above."""
    return f"{value:.1f}" if value < 10 else f"{value:.0f}"


def render(results: list[dict[str, Any]], args: argparse.Namespace, started: dt.datetime) -> str:
    by_db = {r["database"]: r for r in results}
    dbs = [d for d in ("postgres", "sqlite") if d in by_db]
    names = {"postgres": "PostgreSQL", "sqlite": "SQLite"}
    first = results[0]
    lines = [
        "# Benchmark: the last run",
        "",
        "Written by `bench/run.py` (`make bench`). Each figure sits beside its **limit**: the",
        "same figure from one hand-written SQL statement over the same rows (`bench/limits.py`),",
        "or, for an import, a plain load of the file into a bare table. *× limit* is how many",
        "times the limit the product takes. Targets apply to PostgreSQL.",
        "",
        "| | |",
        "| --- | --- |",
        f"| date | {started:%Y-%m-%d %H:%M} UTC |",
        f"| machine | {os.cpu_count()} cores, {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}; server, client and database on the same machine |",
        f"| databases | {', '.join(by_db[d]['version'] for d in dbs)} |",
        f"| data (`--scale {args.scale:g}`, seed {args.seed}) | "
        + ", ".join(f"{n:,} {label}" for label, n in first["counts"].items())
        + " |",
        f"| server | gunicorn, {args.workers} sync workers, DEBUG off; "
        f"{args.repeat} timed requests per page, one at a time, after two untimed |",
        "| generated in | "
        + "; ".join(f"{names[d]} {sum(by_db[d]['generate_seconds'].values()):.0f} s" for d in dbs)
        + " |",
        "",
    ]
    head = "| figure | " + " | ".join(f"{names[d]} | limit | × limit" for d in dbs)
    rule = "| --- | " + " | ".join("---: | ---: | ---:" for _ in dbs)

    def verdict(ok: bool | None) -> str:
        return "" if ok is None else (" ✓" if ok else " **✗**")

    # recompute
    lines += ["## Full recompute (seconds, best of "
              f"{args.recompute_runs})", "", head + " | target |", rule + " | --- |"]  # fmt: skip
    labels = [row["label"] for row in first["recompute"]]
    totals = {}
    for label in [*labels, "**full recompute**"]:
        cells = []
        ok: bool | None = None
        for d in dbs:
            rows = by_db[d]["recompute"]
            if label.startswith("**"):
                value = sum(r["seconds"] for r in rows)
                limit = sum(r["limit"] for r in rows)
                totals[d] = (value, limit)
            else:
                row = next(r for r in rows if r["label"] == label)
                value, limit = row["seconds"], row["limit"]
            cells.append(f"{value:.2f} | {limit:.2f} | {_ratio(value / limit if limit else 0)}")
            if d == "postgres" and label.startswith("**"):
                ok = value < TARGET_RECOMPUTE_S and value <= TARGET_RATIO * limit
        target = ""
        if label.startswith("**"):
            target = f"< {TARGET_RECOMPUTE_S:g} s, ≤ {TARGET_RATIO:g}× limit"
        lines.append(f"| {label} | {' | '.join(cells)} | {target}{verdict(ok)} |")
    # pages
    lines += ["", "## Pages and endpoints (milliseconds: p50 / p95)", "",
              head + " | p95 target |", rule + " | --- |"]  # fmt: skip
    for page in first["pages"]:
        cells = []
        ok = None
        for d in dbs:
            row = next((r for r in by_db[d]["pages"] if r["label"] == page["label"]), None)
            if row is None or row["status"] != 200:
                cells.append(f"HTTP {row['status'] if row else '–'} | – | –")
                if d == "postgres":
                    ok = False
                continue
            ratio = row["p50"] / row["limit"] if row["limit"] else 0
            limit = f"{row['limit']:.2f}" if row["limit"] < 1 else f"{row['limit']:.1f}"
            cells.append(f"{row['p50']:.0f} / {row['p95']:.0f} | {limit} | {_ratio(ratio)}")
            if d == "postgres":
                ok = row["p95"] < TARGET_P95_MS
        target = f"< {TARGET_P95_MS:g}{verdict(ok)}"
        lines.append(f"| {page['label']} | {' | '.join(cells)} | {target} |")
    # imports
    lines += ["", "## Imports (rows per second; peak memory growth during the import)", ""]
    lines.append("| figure | " + " | ".join(f"{names[d]} | limit | × limit | peak" for d in dbs)
                 + " | target |")  # fmt: skip
    lines.append("| --- | " + " | ".join("---: | ---: | ---: | ---:" for _ in dbs) + " | --- |")
    for item in first["imports"]:
        cells = []
        ok = None
        for d in dbs:
            row = next(r for r in by_db[d]["imports"] if r["kind"] == item["kind"])
            ratio = row["limit_rate"] / row["rate"] if row["rate"] else 0
            errors = f" ({row['errors']} errors)" if row["errors"] else ""
            cells.append(f"{row['rate']:,.0f}{errors} | {row['limit_rate']:,.0f} | {_ratio(ratio)} "
                         f"| +{row['peak_growth']:.0f} MB")  # fmt: skip
            if d == "postgres":
                ok = row["rate"] >= TARGET_IMPORT_RATE and not row["errors"]
        label = f"{item['kind']} ({item['rows']:,} rows, {item['file_mb']:.0f} MB)"
        lines.append(f"| {label} | {' | '.join(cells)} | ≥ {TARGET_IMPORT_RATE:,}/s{verdict(ok)} |")
    failures = [f"- {r['database']}: {f}" for r in results for f in r["failures"]]
    if failures:
        lines += ["", "## Failures", "", *failures]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
