"""ONE seeded, reproducible generator of a realistic large portfolio for every feature.

    from bench.generate import generate, PASSWORD
    result = generate(scale=1.0, seed=7, as_of=None, console=None)

    .venv/bin/python bench/generate.py --database-url URL [--scale 0.05] [--seed 7]
        [--as-of YYYY-MM-DD]

At scale 1 (every count scales linearly, at least one where that makes sense):

- core (parts/core.py): 8 internal users (a manager, five buyers, a viewer, an
  administrator) who all sign in with `PASSWORD`, hashed once; a small category hierarchy;
  10,000 suppliers (mostly active) with owner histories; ~3 contacts a supplier on both
  sides (partners more);
- segmentation (parts/segmentation.py): a profile for every supplier spread over the four
  quadrants, engagement models (some commodities treated as partners), expectation gaps,
  maturity moves and alignment assessments for partners;
- relationship (parts/relationship.py): 2,000,000 interactions with their signal tags and
  some trust entries; some suppliers drift in the last 90 days so the recompute raises
  alerts;
- performance (parts/performance.py): the standard KPI definitions, 600,000 measurements,
  1,000,000 delivery lines; some suppliers poor two quarters running;
- conflicts (parts/conflicts.py): 50,000 supplier issues, a few thousand escalations,
  problem steps and corrective action requests;
- risk (parts/risk.py): 24 months of spend lines, one category concentrated on one
  supplier, financial ratings, backups;
- practices (parts/practices.py): agreements, about one for every two partners;
- documents (parts/documents.py): ~3 metadata rows a supplier (no files);
- gate (parts/gate.py): checklist ticks for the pipeline, recent activations.

No alerts and no health snapshots are made (the recompute makes them), and no
django-simple-history rows are written for the bulk data. Big tables go in with COPY on
PostgreSQL (ids reserved from the sequences; a superuser skips the per-row foreign-key
triggers and every key is checked set-based at the end), and with `executemany` of plain
tuples elsewhere; the small ones with `bulk_create`. The same seed gives the same content
(ids may differ between databases).

`generate` expects Django set up and the database migrated and empty of business data.
The CLI creates a PostgreSQL database when missing (or uses a fresh SQLite file), migrates,
empties it, generates and prints the rows and seconds per part.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.parts import (  # noqa: E402
    conflicts,
    core,
    documents,
    gate,
    performance,
    practices,
    relationship,
    risk,
    segmentation,
)
from bench.parts.common import Context, Reporter, finish, is_superuser, scaled  # noqa: E402

PASSWORD = "bench-password"  # noqa: S105 (every generated internal user's; bench data only)


@dataclass
class Result:
    """What `generate` made."""

    as_of: dt.date
    seed: int
    scale: float
    counts: dict[str, int] = field(default_factory=dict)  # rows per table (label)
    seconds: dict[str, float] = field(default_factory=dict)  # seconds per part
    users: dict[str, str] = field(default_factory=dict)  # role -> username
    sample: dict[str, int] = field(default_factory=dict)  # ids worth looking at
    drifting: list[int] = field(default_factory=list)
    rotating: list[int] = field(default_factory=list)
    method: str = ""

    @property
    def rows(self) -> int:
        return sum(self.counts.values())

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())


class NotEmpty(RuntimeError):
    """The database already holds business data."""


def _check_empty() -> None:
    from partnerbook.conflicts.models import SupplierIssue
    from partnerbook.relationship.models import Interaction
    from partnerbook.suppliers.models import Category, Supplier

    held = [m.__name__ for m in (Supplier, Category, Interaction, SupplierIssue)
            if m.objects.exists()]  # fmt: skip
    if held:
        raise NotEmpty(
            f"The database already holds business data ({', '.join(held)}): generate needs a "
            "migrated, empty database (the CLI empties one first)."
        )


def generate(
    scale: float = 1.0, seed: int = 7, as_of: dt.date | None = None, console: Any = None
) -> Result:
    """Generate the portfolio at `scale` into the default database (see the docstring)."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    if scale <= 0:
        raise ValueError("The scale must be positive.")
    _check_empty()
    postgres = connection.vendor == "postgresql"
    ctx = Context(
        scale=scale, seed=seed, as_of=as_of or timezone.localdate(), postgres=postgres,
        skip_fk=postgres and is_superuser(connection), report=Reporter(console),
        password=make_password(PASSWORD),
    )  # fmt: skip
    result = Result(as_of=ctx.as_of, seed=seed, scale=scale,
                    method="COPY" if postgres else "executemany")  # fmt: skip
    report, t = ctx.report, result.seconds
    report.log(
        f"[bold]Generating[/] the portfolio at scale {scale:g} (seed {seed}, as of {ctx.as_of}, "
        f"{connection.vendor}, {result.method})"
    )
    with report.step("core", t), transaction.atomic():
        core.users(ctx)
        core.categories(ctx)
        core.suppliers(ctx, scaled(10_000, scale))
    with report.step("segmentation", t), transaction.atomic():
        segmentation.generate(ctx)
    with report.step("contacts", t), transaction.atomic():
        core.contacts(ctx)
    with report.step("relationship", t):
        relationship.interactions_and_signals(ctx, scaled(2_000_000, scale))
        with transaction.atomic():
            relationship.trust_entries(ctx)
    with report.step("performance", t):
        performance.generate(ctx)
    with report.step("conflicts", t), transaction.atomic():
        conflicts.generate(ctx)
    with report.step("risk", t), transaction.atomic():
        risk.generate(ctx)
    with report.step("practices", t), transaction.atomic():
        practices.generate(ctx)
    with report.step("documents", t), transaction.atomic():
        documents.generate(ctx)
    with report.step("gate", t), transaction.atomic():
        gate.generate(ctx)
    finish(ctx, t)
    result.counts = dict(ctx.counts)
    result.users = dict(ctx.usernames)
    result.drifting, result.rotating = ctx.drifting, ctx.rotating
    result.sample = {"supplier_id": ctx.plans[0].pk, **ctx.sample}
    if ctx.drifting[1:]:
        result.sample["drifting_supplier_id"] = ctx.drifting[1]
    poor = [p.pk for p in ctx.plans if p.poor]
    if poor:
        result.sample["poor_supplier_id"] = poor[0]
    report.log(
        f"  {result.rows:,} rows in {result.total_seconds:.1f} s; sample supplier "
        f"{result.sample['supplier_id']}"
    )
    return result


# --- the command line ---------------------------------------------------------------------


def _empty_postgres() -> None:
    """TRUNCATE every app table (and the history tables), restarting the sequences."""
    from django.apps import apps
    from django.db import connection

    tables = [m._meta.db_table for m in apps.get_models() if m._meta.managed]
    existing = set(connection.introspection.table_names())
    tables = [t for t in tables if t in existing and t != "django_migrations"]
    tables = [t for t in tables if not t.startswith(("django_content_type", "auth_permission"))]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True,
                        help="postgres://... or sqlite:///path (a fresh file is made)")  # fmt: skip
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=None)
    args = parser.parse_args(argv)
    url = args.database_url
    if url.startswith("sqlite"):
        path = Path(url.split("///", 1)[1] if "///" in url else url.split(":", 1)[1])
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        from bench.database import create_database

        create_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerbook.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from rich.console import Console
    from rich.table import Table

    console = Console()
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrated = time.perf_counter() - started
    if connection.vendor == "postgresql":
        _empty_postgres()
    console.print(f"migrated (and emptied) in {migrated:.1f} s")
    result = generate(scale=args.scale, seed=args.seed, as_of=args.as_of, console=console)
    table = Table(title=f"Generated portfolio, scale {args.scale:g}, seed {args.seed}, "
                  f"{connection.vendor} ({result.method}), as of {result.as_of}")  # fmt: skip
    table.add_column("table")
    table.add_column("rows", justify="right")
    for label, n in result.counts.items():
        table.add_row(label, f"{n:,}")
    table.add_row("[bold]total[/]", f"[bold]{result.rows:,}[/]")
    console.print(table)
    timing = Table(title="Seconds per part")
    timing.add_column("part")
    timing.add_column("seconds", justify="right")
    for part, seconds in result.seconds.items():
        timing.add_row(part, f"{seconds:.1f}")
    timing.add_row("[bold]total[/]", f"[bold]{result.total_seconds:.1f}[/]")
    console.print(timing)
    console.print(f"users: {result.users} (password {PASSWORD!r}); sample: {result.sample}")


if __name__ == "__main__":
    main()
