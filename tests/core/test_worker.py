"""Background work: the daily jobs are queued once, each run queues the next, and the worker
runs what is due (django-tasks' database queue, the same one `make run` starts)."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks.backends.database.models import DBTaskResult

from partnerbook.core import registry, scheduling
from partnerbook.relationship import services as relationship
from partnerbook.relationship.models import HealthSnapshot
from partnerbook.relationship.tasks import nightly_recompute

pytestmark = pytest.mark.django_db


def ready(path: str) -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=path, status="READY"))


def test_every_app_registers_its_daily_job():
    keys = {job.key for job in registry.scheduled_jobs()}

    assert {"relationship.nightly_recompute", "alerts.daily_digest"} <= keys


def local(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=timezone.get_current_timezone())


def test_the_next_run_is_the_coming_occurrence_of_the_hour():
    assert scheduling.next_run(local(2026, 3, 4, 1, 30), 2, 0) == local(2026, 3, 4, 2, 0)
    assert scheduling.next_run(local(2026, 3, 4, 2, 0), 2, 0) == local(2026, 3, 5, 2, 0)


def test_ensure_scheduled_queues_each_daily_job_once():
    first = scheduling.ensure_scheduled()
    second = scheduling.ensure_scheduled()

    assert set(first) == {job.key for job in registry.scheduled_jobs()}
    assert second == []
    queued = ready(nightly_recompute.module_path)
    assert len(queued) == 1
    assert queued[0].run_after > timezone.now()
    assert timezone.localtime(queued[0].run_after).hour == 2


def test_the_nightly_recompute_stores_todays_health_and_queues_the_next_night(supplier_a):
    result = nightly_recompute.call()

    assert result["as_of"] == timezone.localdate().isoformat()
    assert result["suppliers"] >= 1
    assert HealthSnapshot.objects.filter(supplier=supplier_a, as_of=timezone.localdate()).exists()
    assert len(ready(nightly_recompute.module_path)) == 1


def test_the_nightly_recompute_queues_the_next_night_even_when_it_fails(monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(relationship, "recompute", broken)

    with pytest.raises(RuntimeError):
        nightly_recompute.call()

    assert len(ready(nightly_recompute.module_path)) == 1


@pytest.mark.django_db(transaction=True)  # the worker takes its own exclusive transactions
def test_the_worker_runs_a_due_task_and_leaves_the_daily_jobs_queued(supplier_a):
    due = nightly_recompute.enqueue()
    out = StringIO()

    call_command("worker", "--batch", "--interval", "0", stdout=out)

    assert DBTaskResult.objects.get(pk=due.id).status == "SUCCEEDED"
    assert HealthSnapshot.objects.filter(supplier=supplier_a, as_of=timezone.localdate()).exists()
    for job in registry.scheduled_jobs():
        assert len(ready(job.task.module_path)) == 1, job.key
    assert "Queued the daily job" in out.getvalue()
