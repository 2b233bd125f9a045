"""Faults: the database goes away during an import; a worker is killed during a recompute.

An import that loses its database connection while saving is rolled back as a whole, ends
blocked with one clear file-level error (service, web page and command line alike), and the
same import run again afterwards creates each row once. A task that a dead worker left
RUNNING is put back when a worker starts and runs again; the recompute is idempotent, so the
rerun doubles neither snapshots nor alerts."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import InterfaceError, OperationalError, close_old_connections, connection
from django.utils import timezone
from django_tasks.backends.database.models import DBTaskResult
from django_tasks.utils import get_random_id

from partnerbook.alerts.models import Alert
from partnerbook.core import tasks_recovery
from partnerbook.relationship import services as relationship
from partnerbook.relationship.imports import import_interactions
from partnerbook.relationship.models import HealthSnapshot, Interaction
from partnerbook.relationship.tasks import nightly_recompute
from partnerbook.suppliers import imports
from partnerbook.suppliers import services as supplier_services
from partnerbook.suppliers.imports import database_lost_message, import_suppliers
from partnerbook.suppliers.models import Supplier

from .slow_tasks import RUN, make_portfolio

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
LOST = database_lost_message()  # "The database could not be reached while saving; ..."
ROWS = 6
# Imports write their new rows in one bulk call per file (create_suppliers,
# record_interactions): the database is lost right after that call has written every row,
# so the test shows that rows already written do not stay.
FAIL_AT = 1


def supplier_file(rows: int = ROWS) -> bytes:
    lines = ["external_id,name,status"] + [f"F-{i},Fault Supplier {i},active" for i in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def saved_suppliers() -> list[tuple[str, str]]:
    return list(Supplier.objects.order_by("external_id").values_list("external_id", "name"))


def expected_suppliers(rows: int = ROWS) -> list[tuple[str, str]]:
    return sorted((f"F-{i}", f"Fault Supplier {i}") for i in range(rows))


def lose_database_on_save(
    monkeypatch: pytest.MonkeyPatch,
    service: Any,
    name: str,
    hook: Callable[[], None] | None = None,
    error: Exception | None = None,
) -> list[int]:
    """Make the FAIL_AT-th call of `service.name` lose the database once it has written its
    rows: then call `hook` (a real loss) or raise `error` (a simulated one). Returns the list
    of call numbers made so far."""
    original = getattr(service, name)
    calls: list[int] = []

    def flaky(*args: Any, **kwargs: Any) -> Any:
        calls.append(len(calls) + 1)
        done = original(*args, **kwargs)
        if len(calls) == FAIL_AT:
            assert Supplier.objects.exists() or name != "create_suppliers"  # rows were written
            if hook is not None:
                hook()
            if error is not None:
                raise error
        return done

    monkeypatch.setattr(service, name, flaky)
    return calls


def upload(content: bytes, name: str = "suppliers.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def nothing_was_written() -> None:
    assert Supplier.objects.count() == 0
    assert Supplier.history.count() == 0


# The database goes away during an import ---------------------------------------------------


@pytest.mark.parametrize("valid_only", [False, True], ids=["all-or-nothing", "valid-only"])
@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_lost_database_while_saving_blocks_the_import_with_one_clear_error(
    manager, monkeypatch, error, valid_only
):
    calls = lose_database_on_save(
        monkeypatch,
        supplier_services,
        "create_suppliers",
        error=error("server closed the connection unexpectedly"),
    )

    result = import_suppliers(manager, supplier_file(), "suppliers.csv", valid_only=valid_only)

    assert len(calls) == FAIL_AT  # the rows were written, then the database was lost
    assert result.blocked and not result.applied
    assert [(e.row, e.column, e.reason) for e in result.errors] == [(None, None, LOST)]
    assert (result.created, result.updated, result.unchanged) == (0, 0, 0)
    nothing_was_written()


def test_the_same_import_run_again_after_the_loss_creates_each_row_once(manager, monkeypatch):
    lose_database_on_save(
        monkeypatch, supplier_services, "create_suppliers", error=OperationalError("gone")
    )
    assert import_suppliers(manager, supplier_file(), "suppliers.csv").blocked
    monkeypatch.undo()

    result = import_suppliers(manager, supplier_file(), "suppliers.csv")
    again = import_suppliers(manager, supplier_file(), "suppliers.csv")

    assert result.applied and result.created == ROWS and not result.errors
    assert again.applied and (again.created, again.unchanged) == (0, ROWS)
    assert saved_suppliers() == expected_suppliers()


def test_a_lost_database_while_checking_the_rows_is_the_same_clear_error(manager, monkeypatch):
    def unreachable(*args: Any) -> Any:
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(imports, "_load_lookups", unreachable)

    result = import_suppliers(manager, supplier_file(), "suppliers.csv")

    assert result.blocked and not result.applied
    assert [e.reason for e in result.errors] == [database_lost_message("checking the file")]
    nothing_was_written()


def test_the_import_page_shows_the_error_instead_of_a_server_error(login, manager, monkeypatch):
    lose_database_on_save(
        monkeypatch, supplier_services, "create_suppliers", error=OperationalError("gone")
    )
    client = login(manager)

    response = client.post("/suppliers/import/", {"file": upload(supplier_file())})

    assert response.status_code == 200
    assert LOST in response.content.decode()
    assert response.context["result"].blocked
    nothing_was_written()
    monkeypatch.undo()
    retry = client.post("/suppliers/import/", {"file": upload(supplier_file())})
    assert retry.status_code == 200 and retry.context["result"].created == ROWS
    assert saved_suppliers() == expected_suppliers()


def test_the_command_line_fails_with_the_message_and_no_traceback(
    tmp_path, admin_user, monkeypatch
):
    path = tmp_path / "suppliers.csv"
    path.write_bytes(supplier_file())
    lose_database_on_save(
        monkeypatch, supplier_services, "create_suppliers", error=OperationalError("gone")
    )
    err = io.StringIO()

    with pytest.raises(CommandError) as raised:
        call_command("importdata", "suppliers", str(path), stdout=io.StringIO(), stderr=err)

    assert str(raised.value) == LOST
    assert "Traceback" not in err.getvalue()
    nothing_was_written()
    monkeypatch.undo()
    out = io.StringIO()
    call_command("importdata", "suppliers", str(path), stdout=out)
    assert f"Import done: {ROWS} created" in out.getvalue()
    assert saved_suppliers() == expected_suppliers()


def test_an_interactions_import_that_loses_the_database_logs_and_recomputes_nothing(
    manager, supplier_a, monkeypatch
):
    recomputed: list[Any] = []
    monkeypatch.setattr(relationship, "recompute", lambda **kwargs: recomputed.append(kwargs))
    lose_database_on_save(
        monkeypatch, relationship, "record_interactions", error=OperationalError("gone")
    )
    lines = ["external_id,occurred_on,channel,initiated_by,subject"] + [
        f"ERP-A,2025-05-{day:02d},call,ours,Call {day}" for day in range(1, ROWS + 1)
    ]

    result = import_interactions(manager, "\n".join(lines).encode(), "interactions.csv")

    assert result.blocked and [e.reason for e in result.errors] == [LOST]
    assert not Interaction.objects.exists()
    assert recomputed == []


def _terminate(pid: int) -> None:
    """End server process `pid` from a second connection, as a server restart would."""
    params = connection.settings_dict
    with psycopg.connect(
        dbname=params["NAME"],
        user=params["USER"],
        password=params["PASSWORD"] or None,
        host=params["HOST"] or None,
        port=params["PORT"] or None,
        autocommit=True,
    ) as other:
        # The second argument waits (up to 5 s) until the process has really ended.
        ended = other.execute("SELECT pg_terminate_backend(%s, 5000)", [pid]).fetchone()
    assert ended == (True,)


@pytest.mark.django_db(transaction=True)  # the import's own transaction is the outermost one
@pytest.mark.parametrize("through", ["service", "page", "command"])
def test_a_real_lost_connection_on_postgresql_leaves_nothing_and_the_retry_works(
    through, tmp_path, login, admin_user, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("ending the server process of a connection needs PostgreSQL")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    calls = lose_database_on_save(
        monkeypatch, supplier_services, "create_suppliers", hook=lambda: _terminate(pid)
    )
    path = tmp_path / "suppliers.csv"
    path.write_bytes(supplier_file())
    client = login(admin_user)  # signed in before the loss

    if through == "service":
        result = import_suppliers(admin_user, supplier_file(), "suppliers.csv")
        assert result.blocked and [e.reason for e in result.errors] == [LOST]
    elif through == "page":
        response = client.post("/suppliers/import/", {"file": upload(supplier_file())})
        assert response.status_code == 200 and LOST in response.content.decode()
    else:
        with pytest.raises(CommandError, match="could not be reached while saving"):
            call_command("importdata", "suppliers", str(path), stdout=io.StringIO())

    assert len(calls) == FAIL_AT
    close_old_connections()
    with connection.cursor() as cursor:  # a new server process: the old one is gone
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid
    nothing_was_written()
    monkeypatch.undo()
    result = import_suppliers(admin_user, supplier_file(), "suppliers.csv")
    assert result.applied and result.created == ROWS
    assert saved_suppliers() == expected_suppliers()


# A worker killed during a recompute --------------------------------------------------------


@pytest.fixture
def default_task_settings(monkeypatch):
    monkeypatch.delenv("PARTNERBOOK_TASK_TIMEOUT_SECONDS", raising=False)
    monkeypatch.delenv("PARTNERBOOK_TASK_MAX_ATTEMPTS", raising=False)


def left_running(task_result: Any, worker: str, started: dt.datetime) -> DBTaskResult:
    """Mark a queued task as taken by `worker` at `started`, as db_worker's claim does."""
    row = DBTaskResult.objects.get(pk=task_result.id)
    row.claim(worker)
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=started)
    row.refresh_from_db()
    return row


def todays_results() -> tuple[list[int], list[tuple[Any, ...]]]:
    """Today's snapshots (supplier ids) and every alert (supplier, kind, subject)."""
    snapshots = HealthSnapshot.objects.filter(as_of=timezone.localdate())
    alerts = Alert.objects.order_by("supplier_id", "kind", "subject")
    return (
        sorted(snapshots.values_list("supplier_id", flat=True)),
        list(alerts.values_list("supplier_id", "kind", "subject")),
    )


def an_hour_and_more_ago() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=tasks_recovery.DEFAULT_TIMEOUT_SECONDS + 60)


@pytest.mark.django_db(transaction=True)  # the worker takes its own exclusive transactions
def test_a_recompute_left_running_by_a_dead_worker_runs_again_and_doubles_nothing(
    default_task_settings,
):
    portfolio = make_portfolio()
    # The uninterrupted run, to compare with.
    summary = relationship.recompute()
    uninterrupted = todays_results()
    assert summary.alerts_raised >= 1  # otherwise "not doubled" would prove nothing
    assert uninterrupted[0] == sorted(v for k, v in portfolio.items() if k != "manager")
    # A worker took the nightly recompute, did the work and died before marking it finished.
    queued = nightly_recompute.enqueue()
    left_running(queued, get_random_id(), an_hour_and_more_ago())
    out = io.StringIO()

    call_command("worker", "--batch", "--interval", "0", stdout=out)

    task = DBTaskResult.objects.get(pk=queued.id)
    assert task.status == "SUCCEEDED" and len(task.worker_ids) == 2
    assert task.return_value["alerts_raised"] == 0
    assert f"Requeued the task {nightly_recompute.module_path} ({queued.id})" in out.getvalue()
    assert todays_results() == uninterrupted
    # The rerun queued the next night once, as an uninterrupted run does.
    waiting = DBTaskResult.objects.filter(task_path=nightly_recompute.module_path, status="READY")
    assert waiting.count() == 1


def test_a_recent_task_of_a_worker_that_cannot_be_checked_is_left_running(
    default_task_settings,
):
    row = left_running(nightly_recompute.enqueue(), get_random_id(), timezone.now())

    assert tasks_recovery.requeue_orphaned_tasks() == []

    row.refresh_from_db()
    assert row.status == "RUNNING" and row.started_at is not None


def test_the_timeout_comes_from_the_setting_or_the_environment(monkeypatch, settings):
    monkeypatch.setenv("PARTNERBOOK_TASK_TIMEOUT_SECONDS", "0")
    row = left_running(nightly_recompute.enqueue(), get_random_id(), timezone.now())

    assert [r.task_id for r in tasks_recovery.requeue_orphaned_tasks()] == [str(row.pk)]

    row.refresh_from_db()
    assert (row.status, row.started_at) == ("READY", None)
    settings.PARTNERBOOK_TASK_TIMEOUT_SECONDS = 120  # the setting wins over the environment
    assert tasks_recovery.task_timeout_seconds() == 120


def test_a_bad_timeout_setting_is_a_clear_configuration_error(monkeypatch):
    monkeypatch.setenv("PARTNERBOOK_TASK_TIMEOUT_SECONDS", "an hour")

    with pytest.raises(ImproperlyConfigured, match="whole number"):
        tasks_recovery.task_timeout_seconds()


def test_a_task_of_a_dead_worker_on_this_machine_is_requeued_at_once(default_task_settings):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])  # noqa: S603
    dead.wait(timeout=10)
    row = left_running(
        nightly_recompute.enqueue(), tasks_recovery.worker_id(dead.pid), timezone.now()
    )

    recovered = tasks_recovery.requeue_orphaned_tasks()

    assert [(r.task_id, r.outcome) for r in recovered] == [(str(row.pk), "requeued")]


def test_a_task_of_a_live_worker_on_this_machine_is_left_running_however_old(
    default_task_settings,
):
    alive = tasks_recovery.worker_id(os.getppid())  # the process that started the tests
    row = left_running(nightly_recompute.enqueue(), alive, an_hour_and_more_ago())

    assert tasks_recovery.requeue_orphaned_tasks(timeout_seconds=0) == []
    row.refresh_from_db()
    assert row.status == "RUNNING"


def test_a_worker_restarted_under_the_same_process_id_requeues_its_old_task(
    default_task_settings,
):
    before_restart = tasks_recovery.worker_id()  # same host and process id, another run
    me = tasks_recovery.worker_id()
    row = left_running(nightly_recompute.enqueue(), before_restart, timezone.now())

    assert tasks_recovery.worker_alive(me, current=me) is True
    assert tasks_recovery.worker_alive(before_restart, current=me) is False
    assert tasks_recovery.worker_alive(get_random_id(), current=me) is None
    assert [r.task_id for r in tasks_recovery.requeue_orphaned_tasks(current_worker=me)] == [
        str(row.pk)
    ]


def test_a_task_whose_worker_died_at_every_attempt_is_failed_not_requeued(
    default_task_settings, settings
):
    settings.PARTNERBOOK_TASK_MAX_ATTEMPTS = 2
    row = left_running(nightly_recompute.enqueue(), get_random_id(), an_hour_and_more_ago())
    row.claim(get_random_id())  # the second attempt's worker died too
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=an_hour_and_more_ago())

    recovered = tasks_recovery.requeue_orphaned_tasks()

    assert [r.outcome for r in recovered] == ["failed"]
    row.refresh_from_db()
    assert row.status == "FAILED" and row.finished_at is not None
    assert row.exception_class_path == "partnerbook.core.tasks_recovery.WorkerLost"
    assert "died during each of the 2 attempts" in row.traceback


def test_the_worker_refuses_a_negative_timeout():
    with pytest.raises(CommandError, match="cannot be negative"):
        call_command("worker", "--batch", "--task-timeout", "-1")


# A real worker process, killed with SIGKILL --------------------------------------------------

WAIT_SECONDS = 120  # a guard against hanging, not a speed target: generous for a loaded machine


def _database_url(tmp_path: Path) -> str:
    """The worker's database: a SQLite file, or on PostgreSQL this test's own database (the
    test runs outside a transaction, so the worker sees what it commits, and it is emptied
    afterwards)."""
    params = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'worker.sqlite3'}"
    if connection.vendor != "postgresql":
        pytest.skip(f"no worker database for {connection.vendor}")
    password = f":{params['PASSWORD']}" if params["PASSWORD"] else ""
    host = params["HOST"] or "localhost"
    port = f":{params['PORT']}" if params["PORT"] else ""
    return f"postgres://{params['USER']}{password}@{host}{port}/{params['NAME']}"


class WorkerProcesses:
    """Runs `partnerbook` commands against the worker's database, always bounded in time."""

    def __init__(self, tmp_path: Path, database_url: str) -> None:
        self.tmp_path = tmp_path
        keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TZ")}
        self.env = {
            **keep,
            "PARTNERBOOK_DATA_DIR": str(tmp_path),
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "partnerbook.settings",
            "PYTHONPATH": str(ROOT),  # so that the worker can import tests.core.slow_tasks
            "PARTNERBOOK_LOG_LEVEL": "WARNING",
        }
        self.started: list[subprocess.Popen[bytes]] = []

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "partnerbook.cli", *args]

    def run(self, argv: list[str], timeout: float = 60, **env: str) -> str:
        done = subprocess.run(  # noqa: S603 - our own commands
            argv,
            cwd=self.tmp_path,
            env={**self.env, **env},
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    def helper(self, *args: str) -> str:
        return self.run([sys.executable, "-c", RUN, *args]).strip()

    def start(self, *args: str, log: Path) -> subprocess.Popen[bytes]:
        with log.open("wb") as output:
            process = subprocess.Popen(  # noqa: S603 - our own command
                self.command(*args),
                cwd=self.tmp_path,
                env=self.env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        self.started.append(process)
        return process

    def stop_all(self) -> None:
        for process in self.started:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=10)


def wait_for(condition: Callable[[], bool], what: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        assert process.poll() is None, f"the worker exited early while waiting for {what}"
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_during_a_recompute_is_replaced_and_the_task_runs_once_to_the_end(
    tmp_path, migrated_sqlite
):
    workers = WorkerProcesses(tmp_path, _database_url(tmp_path))
    progress, hold = tmp_path / "progress.log", tmp_path / "hold"
    hold.touch()
    try:
        # On SQLite the worker gets its own file: a copy of the migrated test database.
        migrated_sqlite(tmp_path / "worker.sqlite3")
        portfolio = json.loads(workers.helper("setup"))
        task_id = workers.helper("enqueue", str(progress), str(hold))
        first = workers.start("worker", "--interval", "0.1", log=tmp_path / "first.log")
        wait_for(
            lambda: progress.exists() and "recomputed" in progress.read_text(),
            "the recompute to be done",
            first,
        )

        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=10)  # reaped: the process id no longer exists
        orphaned = json.loads(workers.helper("report", task_id))
        assert orphaned["status"] == "RUNNING" and len(orphaned["worker_ids"]) == 1
        hold.unlink()
        out = workers.run(
            workers.command("worker", "--batch", "--interval", "0"),
            PARTNERBOOK_TASK_TIMEOUT_SECONDS="0",
        )
        done = json.loads(workers.helper("report", task_id))
    finally:
        workers.stop_all()

    assert f"Requeued the task tests.core.slow_tasks.slow_recompute ({task_id})" in out
    assert done["status"] == "SUCCEEDED", done["traceback"]
    assert len(done["worker_ids"]) == 2 and done["worker_ids"][0] == orphaned["worker_ids"][0]
    lines = progress.read_text().splitlines()
    assert [line.split()[0] for line in lines] == [
        "started", "recomputed", "started", "recomputed", "finished",
    ]  # fmt: skip
    assert lines[0] != lines[2]  # two different worker processes
    suppliers = sorted(v for k, v in portfolio.items() if k != "manager")
    assert done["snapshots"] == suppliers  # one snapshot per supplier for the day
    assert done["alerts"] == orphaned["alerts"] and orphaned["alerts"]  # raised once, not twice
    assert done["return_value"]["alerts_raised"] == 0
