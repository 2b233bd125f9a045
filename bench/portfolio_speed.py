"""Time the portfolio page, its chart endpoint and the supplier list at a large size.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pb_mine \
        PYTHONPATH=src .venv/bin/python bench/portfolio_speed.py [--suppliers 10000] [--profile]

Builds the data set once (suppliers, every one segmented, a few overrides, chosen models
and expectation gaps) in the database DATABASE_URL names, then prints the median and
slowest of `--repeat` requests and the queries of one request, in-process with Django's
test client. `--profile URL` prints a cProfile profile of one request instead.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

COLD = "(after a change) "
PAGES = {
    COLD + "matrix endpoint": "/api/v1/portfolio/matrix",
    "portfolio page": "/portfolio/",
    "portfolio page, sorted by risk, page 3": "/portfolio/?sort=-risk&page=3",
    "matrix endpoint": "/api/v1/portfolio/matrix",
    "supplier list, first page": "/suppliers/",
    "supplier list, sorted by spend, page 3": "/suppliers/?sort=-annual_spend&page=3",
    "API supplier list, 200": "/api/v1/suppliers?limit=200",
    "CSV export of the list": "/suppliers/export.csv",
}


def build(count: int) -> None:
    from tests.factories import bulk_suppliers

    from partnerbook.accounts.models import Role, User
    from partnerbook.segmentation.models import SegmentationProfile

    owner = User.objects.create(username="bench-buyer", role=Role.BUYER)
    suppliers = bulk_suppliers(count, owner=owner)
    SegmentationProfile.objects.bulk_create(
        SegmentationProfile(
            supplier=s,
            criticality=(i % 5) + 1, complexity=(i * 3 % 5) + 1, innovation=(i * 7 % 5) + 1,
            integration=(i * 2 % 5) + 1, financial_health=(i * 11 % 5) + 1,
            single_source=i % 4 == 0, market_difficulty=(i * 13 % 5) + 1,
            serious_incidents=i % 3, commodity=i % 6 == 0,
            chosen_model=["", "partnership", "transactional"][i % 3],
            quadrant_override="avoid" if i % 50 == 1 else "",
            override_reason="Sanctions screening" if i % 50 == 1 else "",
            our_expectation="transactional" if i % 9 == 0 else "",
            supplier_expectation="strategic" if i % 9 == 0 else "",
        )
        for i, s in enumerate(suppliers)
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--suppliers", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--profile", metavar="URL")
    parser.add_argument(
        "--own-guidance-only",
        action="store_true",
        help="leave out other apps' portfolio checks (the decision checklist's), to time "
        "the portfolio's own part",
    )
    parser.add_argument("--cold", action="store_true", help="profile after a change")
    parser.add_argument("--only", help="time only the pages whose label contains this")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerbook.settings")
    # Keep the connection between requests, as a server's workers do (and so that the
    # queries of one request can be counted).
    os.environ.setdefault("DATABASE_CONN_MAX_AGE", "60")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from partnerbook.accounts.models import Role, User

    try:
        from partnerbook.portfolio.api import _BODIES
        from partnerbook.segmentation.cache import forget
    except ImportError:  # a version without the kept portfolio: every request computes it
        _BODIES: dict = {}  # type: ignore[no-redef]

        def forget() -> None:  # type: ignore[misc]
            pass

    from partnerbook.suppliers.models import Supplier

    if args.own_guidance_only:
        from partnerbook.core import registry

        registry.portfolio_checks = lambda supplier_ids: []
    call_command("migrate", verbosity=0)
    if Supplier.objects.count() < args.suppliers:
        start = time.perf_counter()
        build(args.suppliers - Supplier.objects.count())
        print(f"built in {time.perf_counter() - start:.1f} s")
    viewer, _ = User.objects.get_or_create(username="bench-manager", role=Role.MANAGER)
    client = Client()
    client.force_login(viewer)

    if args.profile:
        import cProfile
        import pstats

        client.get(args.profile)
        if args.cold:
            forget()
            _BODIES.clear()
        profiler = cProfile.Profile()
        profiler.enable()
        client.get(args.profile)
        profiler.disable()
        stats = pstats.Stats(profiler).sort_stats("cumulative")
        stats.print_stats(45)
        stats.sort_stats("tottime").print_stats(25)
        return

    print(f"{Supplier.objects.count()} suppliers on {connection.vendor}, {args.repeat} requests")
    for label, url in PAGES.items():
        if args.only and args.only not in label:
            continue
        response = client.get(url)  # warm up
        assert response.status_code == 200, (url, response.status_code)
        queries: list[str] = []

        def count(run, sql, *rest, queries=queries):  # type: ignore[no-untyped-def]
            queries.append(sql)
            return run(sql, *rest)

        with connection.execute_wrapper(count):
            counted = client.get(url)
            if hasattr(counted, "streaming_content"):
                b"".join(counted.streaming_content)
        timings = []
        for _ in range(args.repeat):
            if label.startswith(COLD):  # what the first request after a change pays
                forget()
                _BODIES.clear()
            start = time.perf_counter()
            response = client.get(url)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
            timings.append((time.perf_counter() - start) * 1000)
        print(
            f"  {label:42s} median {statistics.median(timings):7.1f} ms"
            f"  max {max(timings):7.1f} ms  {len(queries):3d} queries"
        )


if __name__ == "__main__":
    main()
