"""Daily background jobs on the django-tasks database queue.

Apps register a `ScheduledJob` (see `core.registry`). `ensure_scheduled()` queues the next
run of every job that has none waiting; each run queues the one after it when it finishes
(`run_and_reschedule`). Jobs are idempotent (a recompute for a day replaces that day), so a
run that is repeated after a crash does no harm."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from . import registry


def next_run(now: dt.datetime, hour: int, minute: int) -> dt.datetime:
    """The next moment at hour:minute local time strictly after `now`."""
    local = timezone.localtime(now)
    candidate = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if candidate <= local:
        candidate += dt.timedelta(days=1)
    return candidate


def _pending(job: registry.ScheduledJob) -> bool:
    from django_tasks.backends.database.models import DBTaskResult
    from django_tasks.base import TaskResultStatus

    return DBTaskResult.objects.filter(
        task_path=job.task.module_path, status=TaskResultStatus.READY
    ).exists()


def schedule(job: registry.ScheduledJob, now: dt.datetime | None = None) -> Any:
    """Queue the next run of `job`."""
    run_after = next_run(now or timezone.now(), job.hour, job.minute)
    return job.task.using(run_after=run_after).enqueue()


def ensure_scheduled(now: dt.datetime | None = None) -> list[str]:
    """Queue a run for every registered job that has none waiting; returns their keys."""
    queued = []
    for job in registry.scheduled_jobs():
        if not _pending(job):
            schedule(job, now)
            queued.append(job.key)
    return queued


def run_and_reschedule(key: str, work: Callable[[], Any]) -> Any:
    """Run a job's work, then queue its next run (also when the work failed)."""
    try:
        return work()
    finally:
        job = next(j for j in registry.scheduled_jobs() if j.key == key)
        if not _pending(job):
            schedule(job)
