"""Speed benchmarks (not tests): time the busiest pages against a large portfolio.

    make bench            # or: .venv/bin/python bench/run.py [--suppliers 5000]

Uses a throw-away SQLite database (or DATABASE_URL) and prints the median of several
requests next to its target. Targets are for a 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

TARGETS_MS = {
    "supplier list, first page": 300,
    "supplier list, filtered + sorted": 300,
    "API supplier list, 200 per page": 500,
    "CSV export of the whole list": 3000,
    "portfolio matrix data (chart endpoint)": 1500,
    "portfolio page": 1000,
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--suppliers", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    os.environ.setdefault("PARTNERBOOK_DATA_DIR", tempfile.mkdtemp(prefix="pb-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerbook.settings")
    os.environ["ALLOWED_HOSTS"] = "testserver"  # Django's test client host
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from tests.factories import bulk_suppliers

    from partnerbook.accounts.models import Role, User
    from partnerbook.segmentation.models import SegmentationProfile

    call_command("migrate", verbosity=0)
    user = User.objects.create(username="bench", role=Role.MANAGER)
    suppliers = bulk_suppliers(args.suppliers, owner=user)
    SegmentationProfile.objects.bulk_create(
        SegmentationProfile(supplier=s, criticality=i % 5 + 1, complexity=(i * 3) % 5 + 1,
                            financial_health=(i * 7) % 5 + 1, market_difficulty=i % 4 + 1)
        for i, s in enumerate(suppliers)
    )  # fmt: skip
    client = Client()
    client.force_login(user)

    pages = {
        "supplier list, first page": "/suppliers/",
        "supplier list, filtered + sorted": "/suppliers/?status=active&sort=-annual_spend&page=3",
        "API supplier list, 200 per page": "/api/v1/suppliers?limit=200",
        "CSV export of the whole list": "/suppliers/export.csv",
        "portfolio matrix data (chart endpoint)": "/api/v1/portfolio/matrix",
        "portfolio page": "/portfolio/",
    }
    print(f"{args.suppliers} suppliers, median of {args.repeat} requests")
    failed = False
    for label, url in pages.items():
        timings = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                break
        if response.status_code != 200:
            print(f"  FAIL {label:38s} HTTP {response.status_code}")
            failed = True
            continue
        median = statistics.median(timings)
        ok = median <= TARGETS_MS[label]
        failed |= not ok
        verdict = "ok  " if ok else "SLOW"
        print(f"  {verdict} {label:38s} {median:8.1f} ms  (target {TARGETS_MS[label]} ms)")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
