"""Background tasks of supplier performance (django-tasks, database queue)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django_tasks import task

from partnerbook.core.scheduling import run_and_reschedule

from . import services


@task()
def nightly_check(as_of: str | None = None) -> dict[str, Any]:
    """Measure the baselines of KPIs newly applying to a supplier (e.g. a new supplier) and
    raise the alerts for suppliers poor two quarters running (idempotent for a day)."""

    def work() -> dict[str, Any]:
        day = dt.date.fromisoformat(as_of) if as_of else None
        return {
            "baselines_measured": services.ensure_all_baselines(day),
            "alerts_raised": services.check_red_quarters(day),
        }

    return run_and_reschedule("performance.nightly_check", work)


@task()
def refresh_scores() -> dict[str, Any]:
    """Start each day from freshly computed stored scores: forget them all (whatever a change
    made outside the services may have left behind) and score this month and quarter of
    every supplier not archived again, so that the first visit of the day is quick too."""

    def work() -> dict[str, Any]:
        return services.rebuild_scores()

    return run_and_reschedule("performance.refresh_scores", work)
