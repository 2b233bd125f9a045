"""`partnerbook worker`: run background tasks (django-tasks, database queue).

Queues the daily jobs that apps register (nightly recompute, alert digests) when none is
waiting, then runs django-tasks' database worker. Start one or more per deployment; they
share the queue through the database."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from partnerbook.core import registry
from partnerbook.core.scheduling import ensure_scheduled


class Command(BaseCommand):
    help = (
        "Run the background worker: queue the daily jobs ("
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

    def handle(self, *args: Any, batch: bool, interval: float, **options: Any) -> None:
        queued = ensure_scheduled()
        for key in queued:
            self.stdout.write(f"Queued the daily job '{key}'.")
        worker_args = ["--interval", str(interval), "--no-startup-delay", "--queue-name", "*"]
        if batch:
            worker_args.append("--batch")
        call_command("db_worker", *worker_args)
