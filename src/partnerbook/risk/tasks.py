"""Background tasks of portfolio risk (django-tasks, database queue)."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from partnerbook.core.scheduling import run_and_reschedule

from . import services


@task()
def nightly_risk_check() -> dict[str, Any]:
    """Run every risk check (concentration caps, critical supply without a qualified
    backup, overdue transition plans, financial deteriorations) and sync their alerts."""

    def work() -> dict[str, Any]:
        return {"alerts_raised": services.check_all()}

    return run_and_reschedule("risk.nightly_check", work)
