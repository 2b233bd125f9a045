"""Background tasks of the outbound webhooks (django-tasks, database queue)."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from partnerbook.core.scheduling import run_and_reschedule

from . import services


@task()
def send_deliveries(webhook_id: int) -> dict[str, Any]:
    """Send a webhook's due deliveries in order; a failure queues its own retry."""
    summary = services.send_deliveries(webhook_id)
    return {"sent": summary.sent, "failed": summary.failed, "disabled": summary.disabled}


@task()
def daily_sweep() -> dict[str, Any]:
    """Queue sending for every webhook with deliveries due, in case a queued run was lost."""
    return run_and_reschedule("webhooks.sweep", lambda: {"queued": services.sweep()})
