"""Background tasks of supplier issues (django-tasks, database queue)."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from partnerbook.core.scheduling import run_and_reschedule

from . import services


@task()
def daily_time_box_check() -> dict[str, Any]:
    """Raise the alerts of escalation time boxes that ran out and clear those of issues
    moved or resolved since (idempotent for a day)."""

    def work() -> dict[str, Any]:
        return {"alerts_raised": services.check_time_boxes()}

    return run_and_reschedule("conflicts.daily_time_box_check", work)
