"""Background tasks of relationship signals (django-tasks, database queue)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django_tasks import task

from partnerbook.core.scheduling import run_and_reschedule

from . import services


@task()
def nightly_recompute(as_of: str | None = None) -> dict[str, Any]:
    """Recompute health and drift for every watched supplier (idempotent for a day)."""

    def work() -> dict[str, Any]:
        day = dt.date.fromisoformat(as_of) if as_of else None
        summary = services.recompute(as_of=day)
        return {
            "as_of": summary.as_of.isoformat(),
            "suppliers": summary.suppliers,
            "findings": summary.findings,
            "alerts_raised": summary.alerts_raised,
            "seconds": round(summary.seconds, 2),
        }

    return run_and_reschedule("relationship.nightly_recompute", work)
