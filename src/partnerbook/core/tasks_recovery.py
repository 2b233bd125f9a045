"""Give back the tasks that a dead worker left running.

django-tasks' database worker marks a task RUNNING when it takes it and has no retry: when the
worker is killed (out of memory, `kill -9`, a server restart) the task stays RUNNING for ever
and never runs again. `partnerbook worker` calls `requeue_orphaned_tasks()` when it starts.

A RUNNING task is orphaned when its worker is gone:

- its worker ran on this machine (the worker id says so, see `worker_id()`) and that process
  no longer exists; or
- its worker cannot be checked (another machine, a plain `db_worker`) and the task started
  longer ago than `PARTNERBOOK_TASK_TIMEOUT_SECONDS` (default one hour).

A task whose worker is known to be alive is left alone, however long it runs. An orphan goes
back to READY and runs again; our tasks are idempotent (a recompute replaces its day), so a
second run doubles nothing. Each attempt stays listed in `worker_ids` (django-tasks counts
attempts from it); after `PARTNERBOOK_TASK_MAX_ATTEMPTS` attempts (default 3) the task is
marked FAILED instead, so that a task that kills its worker every time does not loop."""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import socket
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT_SECONDS = 3600
DEFAULT_MAX_ATTEMPTS = 3
_PREFIX = "pb"
_HOST_LENGTH = 32  # django-tasks allows worker ids of up to 64 characters


class WorkerLost(Exception):
    """The task's worker died during each of its attempts; recorded on the FAILED task."""


@dataclass(frozen=True)
class Recovered:
    """One orphaned task and what was done with it ('requeued' or 'failed')."""

    task_id: str
    task_path: str
    worker_id: str
    started_at: dt.datetime | None
    outcome: str

    def __str__(self) -> str:
        started = self.started_at.isoformat() if self.started_at else "an unknown time"
        verb = "Requeued" if self.outcome == "requeued" else "Gave up on"
        return (
            f"{verb} the task {self.task_path} ({self.task_id}) that worker "
            f"'{self.worker_id or '?'}' started at {started} and did not finish."
        )


def _setting(name: str, default: int, minimum: int) -> int:
    """An integer from settings, else from the environment, else `default`."""
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name) or default
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {number}.")
    return number


def task_timeout_seconds() -> int:
    """How long a task whose worker cannot be checked may run before it counts as orphaned."""
    return _setting("PARTNERBOOK_TASK_TIMEOUT_SECONDS", DEFAULT_TIMEOUT_SECONDS, 0)


def max_attempts() -> int:
    """How many times a task is started before a dead worker makes it FAILED."""
    return _setting("PARTNERBOOK_TASK_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS, 1)


def _host() -> str:
    return "".join(c for c in socket.gethostname() if c.isalnum() or c in ".-")[:_HOST_LENGTH]


def worker_id(pid: int | None = None) -> str:
    """A worker id that says where the worker runs: 'pb:<host>:<pid>:<random>'."""
    return f"{_PREFIX}:{_host()}:{pid or os.getpid()}:{secrets.token_hex(6)}"


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0 only checks that the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    return True


def worker_alive(worker: str, current: str | None = None) -> bool | None:
    """True or False when `worker` ran on this machine, None when that cannot be known.

    `current` is the id of the worker asking: a process id equal to its own but in another
    worker id means a worker before a restart (containers reuse small process ids)."""
    parts = worker.split(":")
    if len(parts) != 4 or parts[0] != _PREFIX or parts[1] != _host() or not parts[2].isdigit():
        return None
    pid = int(parts[2])
    if pid == os.getpid():
        return worker == current
    return _process_exists(pid)


def requeue_orphaned_tasks(
    timeout_seconds: int | None = None,
    current_worker: str | None = None,
    now: dt.datetime | None = None,
) -> list[Recovered]:
    """Put the RUNNING tasks whose worker is gone back to READY (or FAILED after too many
    attempts); returns what was done, which is also logged."""
    from django_tasks.backends.database.models import DBTaskResult
    from django_tasks.base import TaskResultStatus
    from django_tasks.utils import get_exception_traceback, get_module_path

    timeout = task_timeout_seconds() if timeout_seconds is None else timeout_seconds
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=timeout)
    limit = max_attempts()
    recovered = []
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).order_by("started_at")
    for task in running.only("id", "task_path", "worker_ids", "started_at"):
        last = task.worker_ids[-1] if task.worker_ids else ""
        alive = worker_alive(last, current_worker) if last else None
        if alive or (alive is None and task.started_at and task.started_at > cutoff):
            continue
        # Only the row as it was read is changed: another worker may be recovering it too,
        # or its worker may have finished it meanwhile.
        same = DBTaskResult.objects.filter(
            pk=task.pk, status=TaskResultStatus.RUNNING, started_at=task.started_at
        )
        if len(task.worker_ids) >= limit:
            error = WorkerLost(
                f"The worker died during each of the {len(task.worker_ids)} attempts "
                f"(last: {last or '?'}); the task is not tried again."
            )
            changed = same.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path=get_module_path(WorkerLost),
                traceback=get_exception_traceback(error),
                return_value=None,
            )
            outcome = "failed"
        else:
            changed = same.update(status=TaskResultStatus.READY, started_at=None)
            outcome = "requeued"
        if changed:
            item = Recovered(str(task.pk), task.task_path, last, task.started_at, outcome)
            logger.warning("%s", item)
            recovered.append(item)
    return recovered
