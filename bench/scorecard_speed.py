"""Benchmark (not a test): the scorecard pages and the nightly performance work at scale.

    .venv/bin/python bench/scorecard_speed.py --database postgres://postgres@127.0.0.1:5432/pb_x
        [--build] [--suppliers 10000] [--rows 1000000] [--months 12] [--repeat 15]

With --build (or an empty database) it migrates, empties the database and builds the data
with bench/performance.py's helpers: --suppliers suppliers, --rows delivery lines over 24
months (written with one COPY and one INSERT ... SELECT, no history rows: the scorecards
never read them) and 5 entered KPIs x --months months of measurements per supplier. Without
it the data already there is reused, so repeated measurements are quick.

Measures, in this process (test client, no server): the scorecard list `/performance/`
(first page and a poor-standing page), the supplier Performance tab, the supplier list
column (`services.standings` over 50 suppliers), `services.portfolio` over every supplier,
the nightly check (`tasks.nightly_check`'s work: baselines and the two-red-quarters alerts)
and every supplier's trailing scorecard, beside ONE hand-written SQL aggregate over the same
rows as bench/performance.py computes it. Prints medians (and p95 for pages)."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def timings(work: Callable[[], Any], repeat: int) -> list[float]:
    found = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        found.append(time.perf_counter() - start)
    return found


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def raw_quarters(today: Any) -> int:
    """ONE hand-written statement over the rows the nightly check reads: entered values per
    supplier, KPI and quarter, and delivery totals per supplier and quarter, for the last
    two complete quarters, fetched to Python; returns the number of rows."""
    from django.db import connection

    from partnerbook.performance import domain

    latest = domain.shift(domain.period_start(today, domain.QUARTER), domain.QUARTER, -1)
    first, end = domain.shift(latest, domain.QUARTER, -1), domain.shift(latest, domain.QUARTER, 1)
    sql = """
        SELECT supplier_id, kpi_key, date_trunc('quarter', period)::date, AVG(value),
               SUM(value), COUNT(*), NULL, NULL
        FROM performance_measurement
        WHERE period >= %s AND period < %s
        GROUP BY 1, 2, 3
        UNION ALL
        SELECT supplier_id, '', date_trunc('quarter', received_on)::date,
               SUM(CASE WHEN promised_qty > 0 THEN 1 ELSE 0 END),
               SUM(CASE WHEN promised_qty > 0 AND received_on <= promised_on THEN 1 ELSE 0 END),
               SUM(CASE WHEN promised_qty > 0 AND received_qty >= promised_qty
                        THEN 1 ELSE 0 END),
               SUM(received_qty), SUM(rejected_qty)
        FROM performance_deliveryline
        WHERE received_on >= %s AND received_on < %s
        GROUP BY 1, 3
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [first, end, first, end])
        return len(cursor.fetchall())


def build(suppliers: int, rows: int, months: int) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    import performance as helpers

    call_command("flush", interactive=False, verbosity=0)
    today = timezone.localdate()
    start = time.perf_counter()
    actor, external_ids = helpers.build_suppliers(suppliers)
    print(f"{suppliers:,} suppliers in {time.perf_counter() - start:.1f} s")
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "deliveries.csv"
        helpers.write_deliveries(path, rows, external_ids, today)
        start = time.perf_counter()
        helpers.plain_copy(path)
        columns = "po_line_id, supplier_id, " + ", ".join(helpers.HEADER[2:])
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO performance_deliveryline ({columns}, version, updated_at) "  # noqa: S608
                "SELECT c.po_line_id, s.id, c.ordered_on, c.promised_on, c.promised_qty, "
                "c.received_on, COALESCE(c.received_qty, 0), COALESCE(c.rejected_qty, 0), 1, "
                "now() FROM bench_plain_copy c "
                "JOIN suppliers_supplier s ON s.external_id = c.external_id"
            )
            cursor.execute("DROP TABLE bench_plain_copy")
        print(f"{rows:,} delivery lines in {time.perf_counter() - start:.1f} s")
    start = time.perf_counter()
    made = helpers.build_measurements(actor, external_ids, months, 5, today)
    print(f"{made:,} measurements in {time.perf_counter() - start:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", required=True, help="a PostgreSQL URL")
    parser.add_argument("--build", action="store_true")
    parser.add_argument("--suppliers", type=int, default=10_000)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--skip-nightly", action="store_true")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerbook.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    import performance as helpers
    from partnerbook.accounts.models import Role, User
    from partnerbook.performance import services, tasks
    from partnerbook.suppliers.models import Supplier

    helpers.create_database(args.database)
    call_command("migrate", verbosity=0)
    if args.build or not Supplier.objects.exists():
        build(args.suppliers, args.rows, args.months)
    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    today = timezone.localdate()
    viewer, _ = User.objects.get_or_create(username="bench-viewer", defaults={"role": Role.MANAGER})
    client = Client()
    client.force_login(viewer)
    n = args.repeat
    results: list[tuple[str, str]] = []

    def page(label: str, url: str) -> None:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        runs = timings(lambda: client.get(url), n)
        results.append(
            (
                label,
                f"median {statistics.median(runs) * 1000:.0f} ms, p95 {p95(runs) * 1000:.0f} ms",
            )
        )

    def once(label: str, work: Callable[[], Any], repeat: int = 2) -> float:
        runs = timings(work, repeat)
        results.append((label, f"best of {repeat}: {min(runs):.2f} s"))
        return min(runs)

    some = Supplier.objects.order_by("pk")[Supplier.objects.count() // 2]
    page("GET /performance/", "/performance/")
    page("GET /performance/?show=poor", "/performance/?show=poor")
    page("GET /performance/?granularity=quarter", "/performance/?granularity=quarter")
    page(f"GET /performance/suppliers/{some.pk}/", f"/performance/suppliers/{some.pk}/")
    fifty = list(Supplier.objects.order_by("name")[:50])
    runs = timings(lambda: services.standings(fifty), n)
    results.append(
        ("services.standings (50 suppliers)", f"median {statistics.median(runs) * 1000:.0f} ms")
    )
    everyone = Supplier.objects.all()
    listed = list(everyone.order_by("pk"))
    once(
        "services.portfolio over every supplier",
        lambda: services.portfolio(listed, today, scope=everyone),
    )
    if not args.skip_nightly:
        once(
            "nightly_check work (baselines + red quarters)",
            lambda: (services.ensure_all_baselines(), services.check_red_quarters()),
        )
        once("  services.check_red_quarters", services.check_red_quarters)
        once("  services.ensure_all_baselines", services.ensure_all_baselines)
    if not args.skip_nightly:
        nightly = min(timings(lambda: tasks.nightly_check.call(), 2))
        results.append(("tasks.nightly_check (steady state)", f"best of 2: {nightly:.2f} s"))
        raw_nightly = once(
            "hand-written SQL, the same two quarters' rows", lambda: raw_quarters(today), 3
        )
        results.append(("  ratio nightly / SQL", f"{nightly / raw_nightly:.1f}x"))
    scorecards = once(
        f"every trailing {args.months}-month scorecard",
        lambda: helpers.recompute_scorecards(today, args.months),
    )
    raw = once(
        "hand-written SQL aggregate, same rows",
        lambda: helpers.raw_aggregate(today, args.months),
        3,
    )
    results.append(("  ratio scorecards / SQL", f"{scorecards / raw:.1f}x"))
    width = max(len(label) for label, _ in results)
    print(
        f"\n{connection.vendor} {connection.settings_dict['NAME']}, load {os.getloadavg()[0]:.2f}"
    )
    for label, value in results:
        print(f"{label:<{width}}  {value}")


if __name__ == "__main__":
    main()
