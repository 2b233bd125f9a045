"""Background tasks of documents (django-tasks, database queue)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django_tasks import task

from partnerbook.core.scheduling import run_and_reschedule

from . import services


@task()
def daily_check(as_of: str | None = None) -> dict[str, Any]:
    """Raise the alerts for certificates that expire within 30 days or have expired
    (idempotent for a day)."""

    def work() -> dict[str, Any]:
        day = dt.date.fromisoformat(as_of) if as_of else None
        return {"alerts_raised": services.check_expiring_certificates(day)}

    return run_and_reschedule("documents.daily_check", work)
