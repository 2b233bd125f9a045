"""Background tasks of the alerts inbox."""

from __future__ import annotations

from django_tasks import task

from partnerbook.core.scheduling import run_and_reschedule

from . import services


@task()
def daily_digest() -> int:
    """E-mail each subscriber the alerts raised since their last digest."""
    return int(run_and_reschedule("alerts.daily_digest", services.send_digests))
