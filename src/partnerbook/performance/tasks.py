"""Background tasks of supplier performance (django-tasks, database queue)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django_tasks import task

from partnerbook.core.scheduling import run_and_reschedule

from . import services


@task()
def nightly_check(as_of: str | None = None) -> dict[str, Any]:
    """Raise the alerts for suppliers poor two quarters running (idempotent for a day)."""

    def work() -> dict[str, Any]:
        day = dt.date.fromisoformat(as_of) if as_of else None
        return {"alerts_raised": services.check_red_quarters(day)}

    return run_and_reschedule("performance.nightly_check", work)
