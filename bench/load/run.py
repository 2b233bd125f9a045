"""Load test on loopback: 50 people mixing reads and writes against a multi-worker server.

    .venv/bin/python bench/load/run.py        # or: make bench-load

1. points DATABASE_URL at PostgreSQL database `partnerbook_load` (created when missing),
   migrates it and loads the demo portfolio afresh (`partnerbook demo --reset`);
2. starts gunicorn (gthread workers) on `partnerbook.wsgi:application` on a free port of
   127.0.0.1, DEBUG off, one secret key for all workers;
3. runs locust headless (bench/load/locustfile.py) for a bounded time, then stops the
   server, also on error or Ctrl-C;
4. reads locust's CSV files and writes bench/load/results.md (and prints it): requests,
   failures, median / p95 / p99 per page, and the reasons of any failure.

Exit code 1 when any request failed (or locust reported an exception), 0 otherwise.
Traffic goes to 127.0.0.1 only. See bench/load/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import importlib.util
import math
import os
import platform
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))
from bench.database import create_database  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/partnerbook_load"
# Databases that hold someone's data or another benchmark: never reset by this script.
PROTECTED = {"partnerbook", "test_partnerbook", "partnerbook_bench"}
SERVER_START_SECONDS = 60
SIGNED_IN = "(signed in)"  # locustfile.SIGNED_IN: not imported, locust patches on import


def main() -> int:
    args = parse_args()
    # Not imported: locust monkey-patches the standard library (gevent) when imported.
    missing = [m for m in ("locust", "gunicorn") if importlib.util.find_spec(m) is None]
    if missing:
        sys.exit(f"{' and '.join(missing)} missing: .venv/bin/pip install locust gunicorn")
    check_database_url(args.database_url, args.force)
    work = Path(tempfile.mkdtemp(prefix="pb-load-"))
    env = server_environment(args, work)
    print(f"Logs and CSV files: {work}")

    create_database(args.database_url)
    partnerbook(env, "migrate", "--noinput", "-v", "0")
    demo = "(demo portfolio kept from an earlier run)"
    if not args.keep_data:
        print("Loading the demo portfolio (partnerbook demo --reset)...")
        out = partnerbook(env, "demo", "--reset")
        demo = next((line for line in out.splitlines() if "loaded in" in line), demo)

    port = free_port()
    host = f"http://127.0.0.1:{port}"
    started = dt.datetime.now(dt.UTC)
    with gunicorn_server(args, env, port, work):
        print(f"Server up on {host}; running locust for {args.run_time}...")
        locust_code, wall = run_locust(args, host, work)
    stats = read_csv(work / "locust_final_stats.csv") or read_csv(work / "locust_stats.csv")
    if not stats:
        print((work / "locust.log").read_text()[-3000:])
        sys.exit(f"locust wrote no statistics (exit code {locust_code}); see {work}")
    final = (work / "locust_final_stats.csv").exists()
    failures = read_csv(work / f"locust_{'final_' if final else ''}failures.csv")
    exceptions = read_csv(work / f"locust_{'final_' if final else ''}exceptions.csv")
    steady = steady_state(read_csv(work / "locust_final_requests.csv"))
    report = render(
        args, started, wall, demo, stats, failures, exceptions, steady, server_facts(args, work)
    )
    args.results.write_text(report)
    print()
    print(report)
    shown = args.results.relative_to(ROOT) if args.results.is_relative_to(ROOT) else args.results
    print(f"Written to {shown}")
    total = next(row for row in stats if row["Name"] == "Aggregated")
    failed = int(total["Failure Count"]) + sum(int(e["Count"]) for e in exceptions)
    if failed or int(total["Request Count"]) == 0:
        print(f"FAILED: {failed} failed requests or errors (logs in {work})")
        return 1
    return 0


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--users", type=int, default=50)
    p.add_argument("--spawn-rate", type=float, default=10)
    p.add_argument("--run-time", default="60s", help="locust's --run-time (e.g. 60s, 2m)")
    p.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    p.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    p.add_argument(
        "--keep-alive",
        type=int,
        default=10,
        help="gunicorn keep-alive seconds; longer than a user's pause between clicks (3 s)",
    )
    p.add_argument(
        "--conn-max-age", type=int, default=60, help="DATABASE_CONN_MAX_AGE for the server"
    )
    p.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    p.add_argument(
        "--keep-data", action="store_true", help="do not reload the demo portfolio first"
    )
    p.add_argument("--force", action="store_true", help="allow a database not named *_load")
    p.add_argument("--results", type=Path, default=HERE / "results.md")
    return p.parse_args()


def check_database_url(url: str, force: bool) -> None:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        sys.exit(f"The load test runs on PostgreSQL; got {url!r}")
    if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit(f"The load test only talks to this machine; got host {parts.hostname!r}")
    if name in PROTECTED or (not name.endswith("_load") and not force):
        sys.exit(
            f"Refusing to reset database {name!r}: the demo reload deletes all its data. "
            "Use a database named *_load (default partnerbook_load), or --force."
        )


def server_environment(args: argparse.Namespace, work: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARTNERBOOK_")}
    env.update(
        DJANGO_SETTINGS_MODULE="partnerbook.settings",
        DATABASE_URL=args.database_url,
        DATABASE_CONN_MAX_AGE=str(args.conn_max_age),
        # One key for every worker: a session signed by one must be valid in the others.
        PARTNERBOOK_SECRET_KEY=secrets.token_urlsafe(50),
        PARTNERBOOK_DEBUG="0",
        PARTNERBOOK_HTTPS="0",  # plain http on loopback: cookies must not be Secure-only
        PARTNERBOOK_DATA_DIR=str(work / "data"),
        PARTNERBOOK_LOG_LEVEL="WARNING",
        ALLOWED_HOSTS="127.0.0.1",
        PYTHONUNBUFFERED="1",
    )
    return env


def partnerbook(env: dict[str, str], *args: str) -> str:
    command = [sys.executable, "-m", "partnerbook.cli", *args]
    done = subprocess.run(  # noqa: S603  (our own interpreter and arguments)
        command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False
    )
    if done.returncode != 0:
        sys.exit(f"partnerbook {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def gunicorn_server(
    args: argparse.Namespace, env: dict[str, str], port: int, work: Path
) -> Iterator[None]:
    """gunicorn on 127.0.0.1:port while the block runs; stopped afterwards, whatever happens."""
    command = [
        sys.executable, "-m", "gunicorn", "partnerbook.wsgi:application",
        "--bind", f"127.0.0.1:{port}",
        "--workers", str(args.workers),
        "--worker-class", "gthread",
        "--threads", str(args.threads),
        "--timeout", "60",
        "--keep-alive", str(args.keep_alive),
        "--graceful-timeout", "10",
        "--access-logfile", str(work / "access.log"),
        "--error-logfile", "-",
    ]  # fmt: skip
    if _version_tuple("gunicorn") >= (25, 1):
        command.append("--no-control-socket")  # no socket under $HOME; runs stay apart
    log = (work / "server.log").open("w")
    server = subprocess.Popen(  # noqa: S603  (our own interpreter and arguments)
        command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        wait_until_up(server, f"http://127.0.0.1:{port}/healthz", work)
        yield
    finally:
        stop(server)
        log.close()


def _version_tuple(package: str) -> tuple[int, ...]:
    from importlib.metadata import version

    return tuple(int(p) for p in re.findall(r"\d+", version(package))[:2])


def wait_until_up(server: subprocess.Popen[bytes], health: str, work: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn exited ({server.returncode}):\n{(work / 'server.log').read_text()}")
        try:
            with urllib.request.urlopen(health, timeout=5) as response:  # noqa: S310  (loopback)
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer {health} within {SERVER_START_SECONDS} s")


def stop(server: subprocess.Popen[bytes]) -> None:
    """SIGTERM to gunicorn's master (it stops its workers); SIGKILL to its group if stuck."""
    if server.poll() is not None:
        return
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)  # the group this script started
        server.wait(timeout=10)


def run_locust(args: argparse.Namespace, host: str, work: Path) -> tuple[int, float]:
    command = [
        sys.executable, "-m", "locust",
        "-f", str(HERE / "locustfile.py"),
        "--headless",
        "--host", host,
        "--users", str(args.users),
        "--spawn-rate", str(args.spawn_rate),
        "--run-time", args.run_time,
        "--stop-timeout", "15",
        "--csv", str(work / "locust"),
        "--only-summary",
        "--loglevel", "WARNING",
    ]  # fmt: skip
    started = time.monotonic()
    with (work / "locust.log").open("w") as log:
        done = subprocess.run(  # noqa: S603  (our own interpreter and arguments)
            command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
            timeout=seconds(args.run_time) + 180, check=False,
        )  # fmt: skip
    return done.returncode, time.monotonic() - started


def seconds(run_time: str) -> int:
    """locust's run time ('60s', '2m', '1h30m', '90') in seconds."""
    if run_time.isdigit():
        return int(run_time)
    units = {"h": 3600, "m": 60, "s": 1}
    return sum(int(n) * units[u] for n, u in re.findall(r"(\d+)\s*([hms])", run_time))


def read_csv(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(newline="") as f:
        return list(csv.DictReader(f))


def steady_state(samples: list[dict[str, str]]) -> dict[str, Any]:
    """Exact p95 per page of the requests started after the last user finished signing in
    (the sign-in burst hashes 50 passwords at once on 2 cores), and when that was."""
    marks = [float(s["start"]) for s in samples if s["name"] == SIGNED_IN]
    requests = [s for s in samples if s["name"] != SIGNED_IN]
    if not marks or not requests:
        return {}
    first = min(float(s["start"]) for s in requests)
    after = max(marks)
    times: dict[str, list[float]] = {}
    for s in requests:
        if float(s["start"]) >= after:
            times.setdefault(s["name"], []).append(float(s["ms"]))
            times.setdefault("", []).append(float(s["ms"]))
    return {
        "ramp_seconds": after - first,
        "signed_in": len(marks),
        "p95": {name: percentile(values, 95) for name, values in times.items()},
        "count": {name: len(values) for name, values in times.items()},
    }


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def server_facts(args: argparse.Namespace, work: Path) -> dict[str, str]:
    """Versions, and what the server itself logged: HTTP statuses and any 500s."""
    from importlib.metadata import version

    import psycopg

    try:
        url = args.database_url.replace("postgres://", "postgresql://", 1)
        with psycopg.connect(url, connect_timeout=10) as conn:
            row = conn.execute("SHOW server_version").fetchone()
            pg = f"PostgreSQL {row[0].split()[0]}" if row else "PostgreSQL"
    except psycopg.Error:
        pg = "PostgreSQL"
    statuses: Counter[str] = Counter()
    access = work / "access.log"
    if access.exists():
        for line in access.read_text().splitlines():
            match = re.search(r'" (\d{3}) ', line)
            if match:
                statuses[match.group(1)] += 1
    server_log = (work / "server.log").read_text() if (work / "server.log").exists() else ""
    errors = [line for line in server_log.splitlines() if "Internal Server Error" in line]
    last_lines = [
        line for line in server_log.splitlines() if re.match(r"^\w+(\.\w+)*(Error|Exception)", line)
    ]
    return {
        "versions": (
            f"Python {platform.python_version()}, Django {version('django')}, "
            f"gunicorn {version('gunicorn')}, locust {version('locust')}, {pg}"
        ),
        "statuses": ", ".join(f"{n} × {code}" for code, n in sorted(statuses.items())),
        "server_errors": "\n".join(errors[:10]),
        "exception_lines": "\n".join(
            f"{n} × {line}" for line, n in Counter(last_lines).most_common(10)
        ),
    }


def _ms(value: str) -> str:
    try:
        return f"{float(value):.0f}"
    except ValueError:
        return value or "–"


def render(
    args: argparse.Namespace,
    started: dt.datetime,
    wall: float,
    demo: str,
    stats: list[dict[str, str]],
    failures: list[dict[str, str]],
    exceptions: list[dict[str, str]],
    steady: dict[str, Any],
    facts: dict[str, str],
) -> str:
    total = next(row for row in stats if row["Name"] == "Aggregated")
    pages = [row for row in stats if row["Name"] != "Aggregated"]
    failed = int(total["Failure Count"])
    errors = sum(int(e["Count"]) for e in exceptions)
    cores = os.cpu_count() or 0
    steady_p95 = steady.get("p95", {})
    burst = (
        f"all {steady['signed_in']} users were signed in {steady['ramp_seconds']:.0f} s after "
        "the first request; the last column counts only requests started after that"
        if steady
        else "not measured"
    )
    lines = [
        "# Load test: results of the last run",
        "",
        "Written by `bench/load/run.py` (`make bench-load`); how to run it and what the",
        "scenario does: [README.md](README.md). Times in milliseconds, measured by locust at",
        "the client. Median, p95 and p99 are locust's (it rounds times above 100 ms to 2",
        "significant digits); the steady-state p95 is exact, from every request's own time.",
        "",
        "| | |",
        "| --- | --- |",
        f"| date | {started:%Y-%m-%d %H:%M} UTC |",
        f"| machine | {cores} cores, {platform.system()} {platform.machine()}; "
        "locust, gunicorn and PostgreSQL all run on it |",
        f"| server | gunicorn, {args.workers} gthread workers × {args.threads} threads on "
        f"127.0.0.1, keep-alive {args.keep_alive} s, DEBUG off, "
        f"DATABASE_CONN_MAX_AGE={args.conn_max_age} |",
        f"| versions | {facts['versions']} |",
        f"| data | {demo} |",
        f"| users | {args.users} (spawned {args.spawn_rate:g}/s), 1–3 s think time between "
        "clicks: buyers 50 %, manager 20 %, viewer/admin 30 % |",
        f"| duration | {args.run_time} (locust ran {wall:.0f} s, including the stop) |",
        f"| requests | {total['Request Count']} ({float(total['Requests/s']):.1f}/s) |",
        f"| failures | **{failed}**{f' (+ {errors} locust exceptions)' if errors else ''} |",
        f"| sign-in burst | {burst} |",
        f"| server answered | {facts['statuses'] or 'n/a'} (access log, health probe included) |",
        "",
        "## Per page",
        "",
        "| page | method | requests | failures | median | p95 | p99 | max | p95 steady |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in [*pages, total]:
        name = row["Name"]
        label, key = ("**all**", "") if name == "Aggregated" else (name, name)
        method = "" if name == "Aggregated" else row["Type"]
        p95 = f"{steady_p95[key]:.0f}" if key in steady_p95 else "–"
        lines.append(
            f"| {label} | {method} | {row['Request Count']} | {row['Failure Count']} "
            f"| {_ms(row['50%'])} | {_ms(row['95%'])} | {_ms(row['99%'])} "
            f"| {_ms(row['Max Response Time'])} | {p95} |"
        )
    if failures:
        lines += [
            "",
            "## Failures",
            "",
            "| page | method | count | reason |",
            "| --- | --- | ---: | --- |",
        ]
        for f in failures:
            reason = f["Error"].replace("|", "\\|").replace("\n", " ")[:300]
            lines.append(f"| {f['Name']} | {f['Method']} | {f['Occurrences']} | {reason} |")
    if exceptions:
        lines += ["", "## Exceptions in the scenario (locust)", ""]
        lines += [f"- {e['Count']} × {e['Message'][:300]}" for e in exceptions]
    if facts["server_errors"] or facts["exception_lines"]:
        lines += ["", "## Server log (errors)", "", "```"]
        lines += [facts["server_errors"], facts["exception_lines"], "```"]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
