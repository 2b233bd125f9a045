"""`partnerbook recompute [--as-of DATE] [--supplier ID ...]`: recompute relationship health
and drift, store the day's snapshots and raise alerts for new findings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from rich.progress import Progress, TaskID

from partnerbook.relationship import services
from partnerbook.suppliers.models import Supplier


class Command(BaseCommand):
    help = (
        "Recompute relationship health and drift for every watched supplier (or the ones "
        "named) as of a day (default today). Safe to repeat: a day's snapshots are replaced "
        "and the same evidence never raises a second alert."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--as-of", help="The day to compute for, YYYY-MM-DD (default today).")
        parser.add_argument(
            "--supplier", type=int, action="append", help="A supplier id (repeatable)."
        )

    def handle(
        self, *args: Any, as_of: str | None, supplier: list[int] | None, **opts: Any
    ) -> None:
        day = self._day(as_of)
        if supplier:
            found = set(Supplier.objects.filter(pk__in=supplier).values_list("pk", flat=True))
            missing = sorted(set(supplier) - found)
            if missing:
                raise CommandError(f"No supplier with id {', '.join(map(str, missing))}.")
        bar: Progress | None = Progress(transient=True) if self.stdout.isatty() else None
        tasks: dict[str, TaskID] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if bar is None:
                return
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done)

        if bar is not None:
            bar.start()
        try:
            summary = services.recompute(as_of=day, supplier_ids=supplier, progress=progress)
        finally:
            if bar is not None:
                bar.stop()
        self.stdout.write(
            self.style.SUCCESS(
                f"Recomputed {summary.suppliers} supplier(s) as of {summary.as_of}: "
                f"{summary.scored} scored, {summary.findings} drift finding(s), "
                f"{summary.alerts_raised} new alert(s), in {summary.seconds:.1f} s."
            )
        )

    @staticmethod
    def _day(text: str | None) -> dt.date | None:
        if not text:
            return None
        try:
            day = dt.date.fromisoformat(text)
        except ValueError as exc:
            raise CommandError(f"--as-of: '{text}' is not a date like 2026-03-31.") from exc
        problem = services.as_of_problem(day)
        if problem:
            raise CommandError(f"--as-of: {problem[0].lower()}{problem[1:]}")
        return day
