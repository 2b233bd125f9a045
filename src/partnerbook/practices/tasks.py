"""Background tasks of practices and agreements (django-tasks, database queue)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django_tasks import task

from partnerbook.core.scheduling import run_and_reschedule

from . import services


@task()
def daily_renewal_check(as_of: str | None = None) -> dict[str, Any]:
    """Raise the renewal alerts of agreements whose notice date is near or passed, and clear
    those of agreements archived, extended or ended (idempotent for a day)."""

    def work() -> dict[str, Any]:
        day = dt.date.fromisoformat(as_of) if as_of else None
        return {"alerts_raised": services.check_agreement_renewals(day)}

    return run_and_reschedule("practices.daily_renewal_check", work)
