"""`partnerbook cadence_check [--as-of DATE]`: raise alerts for meetings of the cadence that
were not held by their due date. Safe to repeat: a missed due date raises one alert."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from partnerbook.cadence import services


class Command(BaseCommand):
    help = (
        "Check every supplier's meeting cadence as of a day (default today) and raise an "
        "alert for each meeting not held by its due date."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--as-of", help="The day to check for, YYYY-MM-DD (default today).")

    def handle(self, *args: Any, as_of: str | None, **opts: Any) -> None:
        day = None
        if as_of:
            try:
                day = dt.date.fromisoformat(as_of)
            except ValueError as exc:
                raise CommandError(f"--as-of: '{as_of}' is not a date like 2026-03-31.") from exc
            if day > timezone.localdate():
                raise CommandError("--as-of: the day cannot be in the future.")
        summary = services.check_overdue(as_of=day)
        self.stdout.write(
            self.style.SUCCESS(
                f"Checked {summary.items} meeting(s) as of {summary.as_of}: "
                f"{summary.overdue} overdue, {summary.alerts_raised} new alert(s)."
            )
        )
