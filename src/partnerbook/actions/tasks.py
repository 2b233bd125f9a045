"""Background tasks of the action items (django-tasks, database queue)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django_tasks import task

from partnerbook.core.scheduling import run_and_reschedule

from . import services


@task()
def daily_overdue_check(as_of: str | None = None) -> dict[str, Any]:
    """Raise an alert for each open action item past its due date (safe to repeat)."""

    def work() -> dict[str, Any]:
        day = dt.date.fromisoformat(as_of) if as_of else None
        summary = services.check_overdue(as_of=day)
        return {
            "as_of": summary.as_of.isoformat(),
            "overdue": summary.overdue,
            "alerts_raised": summary.alerts_raised,
        }

    return run_and_reschedule("actions.overdue_check", work)
