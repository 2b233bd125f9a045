"""`partnerbook worker`: run background tasks (django-tasks, database queue).

Gives back the tasks that a killed worker left running (see `core.tasks_recovery`), queues
the daily jobs that apps register (nightly recompute, alert digests) when none is waiting,
then runs django-tasks' database worker. Start one or more per deployment; they share the
queue through the database."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from partnerbook.core import registry
from partnerbook.core.scheduling import ensure_scheduled
from partnerbook.core.tasks_recovery import requeue_orphaned_tasks, worker_id


class Command(BaseCommand):
    help = (
        "Run the background worker: requeue the tasks a dead worker left running, queue the "
        "daily jobs ("
        + ", ".join(j.key for j in registry.scheduled_jobs())
        + ") and process queued tasks. --batch processes what is due now and exits."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--batch", action="store_true", help="Process the tasks due now, then exit."
        )
        parser.add_argument(
            "--interval", type=float, default=2.0, help="Seconds between queue checks."
        )
        parser.add_argument(
            "--task-timeout",
            type=int,
            default=None,
            metavar="SECONDS",
            help="Requeue a running task whose worker cannot be checked once it started this "
            "long ago (default: PARTNERBOOK_TASK_TIMEOUT_SECONDS, else 3600).",
        )

    def handle(
        self, *args: Any, batch: bool, interval: float, task_timeout: int | None, **options: Any
    ) -> None:
        if task_timeout is not None and task_timeout < 0:
            raise CommandError("--task-timeout cannot be negative.")
        me = worker_id()
        for recovered in requeue_orphaned_tasks(task_timeout, current_worker=me):
            self.stdout.write(str(recovered))
        queued = ensure_scheduled()
        for key in queued:
            self.stdout.write(f"Queued the daily job '{key}'.")
        worker_args = ["--interval", str(interval), "--no-startup-delay", "--queue-name", "*"]
        worker_args += ["--worker-id", me]
        if batch:
            worker_args.append("--batch")
        call_command("db_worker", *worker_args)
