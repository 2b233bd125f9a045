"""Test helpers for tests/core/test_faults.py: a portfolio whose recompute raises alerts, and a
recompute task that is slow on purpose so that a real worker process can be killed during it.

The test reaches the worker's own database through `main()`, run in a separate process
like the worker (see `RUN` below):

    setup               a portfolio with a drifting supplier
    enqueue LOG HOLD    queue `slow_recompute`; prints its id
    report ID           the task, today's snapshots and the alerts, as JSON
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from pathlib import Path
from typing import Any

from django_tasks import task

# `python -c RUN command args...`: Django is set up before this module (and its task) loads.
RUN = (
    "import os, sys, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
    "'partnerbook.settings'); django.setup(); "
    "from tests.core.slow_tasks import main; main(sys.argv[1:])"
)
HOLD_AT_MOST_SECONDS = 30  # a forgotten hold file must not keep a worker busy for ever


@task()
def slow_recompute(progress_file: str, hold_file: str) -> dict[str, Any]:
    """Recompute today's health like the nightly job, then wait while `hold_file` exists.

    Writes 'started <pid>', 'recomputed' and 'finished' lines to `progress_file`, so a test
    knows when the work is done but the task is not yet marked as finished: the moment at
    which a killed worker is the most likely to make a rerun double something."""
    from partnerbook.relationship import services

    _note(progress_file, f"started {os.getpid()}")
    summary = services.recompute()
    _note(progress_file, "recomputed")
    deadline = time.monotonic() + HOLD_AT_MOST_SECONDS
    while Path(hold_file).exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    _note(progress_file, "finished")
    return {"suppliers": summary.suppliers, "alerts_raised": summary.alerts_raised}


def _note(path: str, line: str) -> None:
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(line + "\n")


def make_portfolio() -> dict[str, int]:
    """A manager and three suppliers, one of which drifted (suggestions stopped), built
    through the services; returns their primary keys."""
    from django.utils import timezone

    from partnerbook.accounts.models import Role
    from partnerbook.relationship import services as relationship
    from partnerbook.suppliers import services as suppliers
    from tests.factories import CategoryFactory, UserFactory

    manager = UserFactory(username="mara", role=Role.MANAGER)
    category = CategoryFactory(name="Packaging")
    made = {"manager": manager.pk}
    for key, name in (("drifting", "Drift Ltd"), ("steady", "Steady Ltd"), ("quiet", "Quiet")):
        supplier = suppliers.create_supplier(
            manager, {"name": name, "category": category, "status": "active"}
        )
        made[key] = supplier.pk
        if key == "quiet":
            continue
        today = timezone.localdate()
        # Suggestions came steadily for a year; the drifting supplier's stopped 100 days ago.
        start = 100 if key == "drifting" else 1
        for i in range(40):
            relationship.record_interaction(
                manager,
                supplier,
                {"occurred_on": today - dt.timedelta(days=start + i * 9), "channel": "meeting",
                 "initiated_by": "supplier", "tags": ["unsolicited_suggestion"],
                 "notes": "Good ideas, as usual."},
            )  # fmt: skip
    return made


def report(task_id: str) -> dict[str, Any]:
    """The task's state and today's health snapshots and alerts."""
    from django.utils import timezone
    from django_tasks.backends.database.models import DBTaskResult

    from partnerbook.alerts.models import Alert
    from partnerbook.relationship.models import HealthSnapshot

    result = DBTaskResult.objects.get(pk=task_id)
    today = HealthSnapshot.objects.filter(as_of=timezone.localdate())
    return {
        "status": result.status,
        "worker_ids": result.worker_ids,
        "return_value": result.return_value,
        "traceback": result.traceback,
        "snapshots": sorted(today.values_list("supplier_id", flat=True)),
        "alerts": sorted(Alert.objects.values_list("supplier_id", "kind", "subject")),
    }


def main(argv: list[str]) -> None:
    """Run one of the commands of the module docstring; Django must be set up."""
    command, *args = argv
    if command == "setup":
        print(json.dumps(make_portfolio()))
    elif command == "enqueue":
        print(slow_recompute.enqueue(*args).id)
    elif command == "report":
        print(json.dumps(report(args[0])))
    else:
        raise SystemExit(f"Unknown command {command!r}.")
