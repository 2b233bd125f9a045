"""`partnerbook backup` and `partnerbook restore`: a backup brings back every row and every
document exactly as they were, and a restore refuses what it cannot restore safely.

The tests run with `transaction=True`: the backup reads the database the way a second
process would (SQLite's backup API, pg_dump), so the data must be committed. On SQLite the
test database lives in shared-cache memory, which the backup API reads and writes like a
file; `test_the_commands_back_up_and_restore_a_live_sqlite_file` covers a real WAL file
through the installed `partnerbook` script.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from partnerbook.alerts.models import Alert
from partnerbook.core import backup
from partnerbook.relationship import services as relationship
from partnerbook.relationship.models import Interaction
from partnerbook.segmentation import services as segmentation
from partnerbook.suppliers import services as suppliers
from partnerbook.suppliers.models import Supplier

ROUND_TRIP = pytest.mark.django_db(transaction=True)


def partnerbook_models() -> list[Any]:
    """Every table of every Partnerbook app: history and many-to-many tables included."""
    return [
        model
        for config in apps.get_app_configs()
        if config.name.startswith("partnerbook.")
        for model in config.get_models(include_auto_created=True)
    ]


def all_rows() -> dict[str, list[tuple[Any, ...]]]:
    return {
        model._meta.db_table: list(model._base_manager.order_by("pk").values_list())
        for model in partnerbook_models()
    }


def run(command: str, *args: str) -> str:
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def days_ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


@pytest.fixture
def portfolio(manager, buyer, supplier_a, supplier_b):
    """Suppliers with contacts, interactions (with people and tags), trust, segmentation,
    health snapshots and alerts, all written by the services, so with their history."""
    kim = suppliers.create_contact(
        manager, supplier_a, {"side": "supplier", "name": "Kim Jansen", "function": "sales"}
    )
    suppliers.update_supplier(manager, supplier_a, {"annual_spend": 310000})
    suppliers.change_status(
        manager, supplier_b, "active", "Pilot went well.",
        override_reason="Activated by override, so the backup holds a checklist decision too.",
    )  # fmt: skip
    for days, tags in ((40, ["early_warning"]), (12, ["problem_hidden"]), (2, [])):
        relationship.record_interaction(
            manager, supplier_a,
            {"occurred_on": days_ago(days), "channel": "call", "initiated_by": "supplier",
             "tags": tags, "notes": "They told us about a late resin delivery.",
             "contacts": [kim], "participants": [buyer]},
        )  # fmt: skip
    relationship.add_trust_entry(
        manager, supplier_a, {"occurred_on": days_ago(5), "points": -2, "reason": "Late reply"}
    )
    segmentation.update_factors(manager, supplier_b, {"criticality": 4, "innovation": 3})
    relationship.recompute()
    return supplier_a


def rewrite_manifest(archive: Path, change) -> None:
    """Edit the manifest inside `archive` in place with `change(manifest_dict)`."""
    with tarfile.open(archive) as tar:
        members = [(m, tar.extractfile(m).read() if m.isfile() else None) for m in tar]
    with tarfile.open(archive, "w:gz") as tar:
        for member, data in members:
            if member.name == "manifest.json":
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
                member.size = len(data)
            tar.addfile(member, io.BytesIO(data) if data is not None else None)


class Terminal(io.StringIO):
    """Standard input that claims to be a terminal, with the operator's answer in it."""

    def isatty(self) -> bool:
        return True


@ROUND_TRIP
def test_restore_brings_back_every_row_of_every_partnerbook_table(portfolio, manager, tmp_path):
    archive = tmp_path / "partnerbook.tar.gz"
    saved = all_rows()
    assert saved["suppliers_historicalsupplier"] and saved["relationship_interaction_contacts"]
    assert saved["relationship_healthsnapshot"] and saved["relationship_historicalinteraction"]
    run("backup", str(archive))

    suppliers.update_supplier(manager, portfolio, {"name": "Alpha Packaging Group"})
    suppliers.create_supplier(manager, {"name": "Gamma Glass", "country": "DE"})
    Interaction.objects.all().delete()
    Alert.objects.all().delete()
    assert all_rows() != saved

    output = run("restore", str(archive), "--yes")

    assert all_rows() == saved
    tables = len(backup.read_manifest(archive).row_counts)
    assert f"Row counts match the backup in all {tables} tables" in output
    assert "the backup was already up to date" in output


@ROUND_TRIP
def test_a_restored_database_takes_new_records(portfolio, manager, tmp_path):
    archive = tmp_path / "partnerbook.tar.gz"
    run("backup", str(archive))
    newest = Supplier.objects.order_by("pk").last().pk
    run("restore", str(archive), "--yes")

    gamma = suppliers.create_supplier(manager, {"name": "Gamma Glass", "country": "DE"})

    assert gamma.pk > newest
    assert gamma.history.count() == 1


@ROUND_TRIP
def test_backup_prints_the_file_its_size_and_the_row_counts(portfolio, tmp_path):
    archive = tmp_path / "partnerbook.tar.gz"

    output = run("backup", str(archive))

    assert f"Backed up to {archive} (" in output
    assert "suppliers_supplier " in output and "suppliers_historicalsupplier " in output
    manifest = backup.read_manifest(archive)
    assert manifest.vendor == connection.vendor
    assert manifest.row_counts["suppliers_supplier"] == 2
    applied = MigrationRecorder(connection).applied_migrations()
    newest = max(name for app, name in applied if app == "suppliers")
    assert manifest.migrations["suppliers"] == newest
    assert f"{manifest.total_rows} rows in {len(manifest.row_counts)} tables" in output
    assert archive.stat().st_mode & 0o777 == 0o600  # it holds password hashes


@ROUND_TRIP
def test_the_archive_holds_the_manifest_first_then_the_database_dump(portfolio, tmp_path):
    archive = tmp_path / "partnerbook.tar.gz"
    run("backup", str(archive))

    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())

    assert names[:2] == ["manifest.json", backup.DATABASE_FILES[connection.vendor]]
    assert manifest["format"] == "partnerbook-backup"
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["partnerbook_version"] and manifest["created_at"]


@ROUND_TRIP
def test_backup_refuses_to_overwrite_a_file_without_force(portfolio, tmp_path):
    archive = tmp_path / "partnerbook.tar.gz"
    archive.write_text("an older backup")

    with pytest.raises(CommandError, match="already exists; use --force"):
        run("backup", str(archive))
    assert archive.read_text() == "an older backup"

    run("backup", str(archive), "--force")
    assert backup.read_manifest(archive).row_counts["suppliers_supplier"] == 2


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@ROUND_TRIP
def test_documents_come_back_exactly_as_they_were(portfolio, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    documents = tmp_path / "media"
    (documents / "contracts").mkdir(parents=True)
    (documents / "contracts" / "alpha-framework.pdf").write_bytes(b"%PDF-1.7 framework")
    (documents / "audit-2024.txt").write_text("Audit passed with two findings.")
    saved = tree(documents)
    archive = tmp_path / "partnerbook.tar.gz"
    output = run("backup", str(archive))
    assert "Documents: 2 file(s)" in output

    (documents / "contracts" / "alpha-framework.pdf").write_bytes(b"overwritten")
    (documents / "audit-2024.txt").unlink()
    (documents / "uploaded-later.txt").write_text("not in the backup")

    output = run("restore", str(archive), "--yes")

    assert tree(documents) == saved
    assert f"Documents: 2 file(s) restored to {documents}" in output


def test_the_documents_folder_is_media_under_the_data_folder_without_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = ""
    settings.DATA_DIR = tmp_path

    assert backup.documents_folder() == tmp_path / "media"


@ROUND_TRIP
def test_restore_leaves_documents_alone_when_the_backup_had_none(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    archive = tmp_path / "partnerbook.tar.gz"
    run("backup", str(archive))
    assert backup.read_manifest(archive).document_files is None
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "new.txt").write_text("kept")

    output = run("restore", str(archive), "--yes")

    assert (tmp_path / "media" / "new.txt").read_text() == "kept"
    assert "the backup has none; the documents folder is untouched" in output


def make_tar_without_manifest(path: Path) -> None:
    with tarfile.open(path, "w:gz") as tar:
        data = b"just some notes"
        info = tarfile.TarInfo("notes.txt")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))


@ROUND_TRIP
@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_text("name,country\nAlpha,NL\n"), "not a Partnerbook backup"),
        (make_tar_without_manifest, "not a Partnerbook backup: it has no manifest.json"),
        (lambda p: None, "does not exist"),
    ],
    ids=["text file", "archive without manifest", "missing file"],
)
def test_restore_refuses_a_file_that_is_not_a_backup(portfolio, tmp_path, make, message):
    path = tmp_path / "suppliers.tar.gz"
    make(path)

    with pytest.raises(CommandError, match=message):
        run("restore", str(path), "--yes")
    assert Supplier.objects.count() == 2


@ROUND_TRIP
def test_restore_refuses_a_backup_of_another_database_vendor(portfolio, tmp_path):
    archive = tmp_path / "partnerbook.tar.gz"
    run("backup", str(archive))
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    rewrite_manifest(archive, lambda m: m["database"].update(vendor=other))
    suppliers.create_supplier(portfolio.relationship_owner, {"name": "Gamma", "country": "DE"})

    with pytest.raises(CommandError, match=f"holds a {backup.VENDOR_NAMES[other]} database"):
        run("restore", str(archive), "--yes")
    assert Supplier.objects.count() == 3


@ROUND_TRIP
def test_restore_refuses_a_backup_whose_migrations_are_newer_than_the_code(portfolio, tmp_path):
    archive = tmp_path / "partnerbook.tar.gz"
    run("backup", str(archive))
    rewrite_manifest(archive, lambda m: m["migrations"].update(suppliers="0999_from_the_future"))

    with pytest.raises(CommandError, match=r"newer Partnerbook.*suppliers\.0999_from_the_future"):
        run("restore", str(archive), "--yes")


@ROUND_TRIP
def test_restore_without_a_terminal_needs_yes(portfolio, manager, tmp_path, monkeypatch):
    archive = tmp_path / "partnerbook.tar.gz"
    run("backup", str(archive))
    suppliers.update_supplier(manager, portfolio, {"name": "Renamed after the backup"})
    monkeypatch.setattr(sys, "stdin", io.StringIO("yes\n"))  # piped, not a terminal

    with pytest.raises(CommandError, match="no terminal to confirm on; pass --yes"):
        run("restore", str(archive))
    assert Supplier.objects.filter(name="Renamed after the backup").exists()


@ROUND_TRIP
@pytest.mark.parametrize(("answer", "restored"), [("no\n", False), ("yes\n", True)])
def test_restore_asks_first_and_goes_ahead_only_on_yes(
    portfolio, manager, tmp_path, monkeypatch, answer, restored
):
    archive = tmp_path / "partnerbook.tar.gz"
    run("backup", str(archive))
    suppliers.update_supplier(manager, portfolio, {"name": "Renamed after the backup"})
    monkeypatch.setattr(sys, "stdin", Terminal(answer))

    if restored:
        output = run("restore", str(archive))
        assert "This replaces ALL data" in output and "Type 'yes' to restore" in output
    else:
        with pytest.raises(CommandError, match="Restore cancelled; nothing was changed"):
            run("restore", str(archive))
    assert Supplier.objects.filter(name="Renamed after the backup").exists() is not restored


@ROUND_TRIP
def test_restoring_an_older_backup_migrates_it_and_drops_newer_tables(portfolio, tmp_path):
    """A backup made before the alerts app existed: its tables (with foreign keys into the
    restored ones) must go, then `migrate` creates them again."""
    archive = tmp_path / "older.tar.gz"
    try:
        call_command("migrate", "alerts", "zero", verbosity=0)
        run("backup", str(archive))
        call_command("migrate", verbosity=0)
        relationship.recompute()  # alerts raised after the "upgrade"
        assert Alert.objects.exists()

        output = run("restore", str(archive), "--yes")
    finally:
        call_command("migrate", verbosity=0)  # whatever happened, leave the schema whole

    # alerts.0001 and the migrations that depend on it (e.g. plans, whose recovery plans
    # point at an alert)
    assert "Migrated from the backup's version: " in output
    assert "alerts.0001_initial" in output
    assert not Alert.objects.exists()
    assert Supplier.objects.count() == 2


@ROUND_TRIP
def test_restore_refuses_a_damaged_backup_and_changes_nothing(portfolio, tmp_path):
    archive = tmp_path / "partnerbook.tar.gz"
    run("backup", str(archive))
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as tar, tarfile.open(damaged, "w:gz") as out:
        for member in tar:
            data = tar.extractfile(member).read() if member.isfile() else None
            if member.name.startswith("database."):
                data = b"\0" * len(data)
            out.addfile(member, io.BytesIO(data) if data is not None else None)
    saved = all_rows()

    with pytest.raises(CommandError, match="failed|damaged"):
        run("restore", str(damaged), "--yes")
    assert all_rows() == saved


def partnerbook(data_dir: Path, *args: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """The installed `partnerbook` script on a SQLite file database in `data_dir`."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(PARTNERBOOK_DATA_DIR=str(data_dir), PARTNERBOOK_SECRET_KEY="test-backup")
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-m", "partnerbook.cli", *args],
        capture_output=True, text=True, env=env, check=False, **kwargs,
    )  # fmt: skip


def sqlite_dump(database: Path) -> list[str]:
    with closing(sqlite3.connect(database)) as db:
        return list(db.iterdump())


ADD_SUPPLIER = """
from partnerbook.accounts.models import Role, User
from partnerbook.suppliers import services
admin = User.objects.create_user("ada", role=Role.ADMIN, is_superuser=True)
services.create_supplier(admin, {"name": "Alpha Packaging", "country": "NL"})
"""
RENAME_SUPPLIER = """
from partnerbook.accounts.models import User
from partnerbook.suppliers import services
from partnerbook.suppliers.models import Supplier
services.update_supplier(User.objects.get(), Supplier.objects.get(), {"name": "Renamed"})
"""


def test_the_commands_back_up_and_restore_a_live_sqlite_file(tmp_path, migrated_sqlite):
    data_dir, archive = tmp_path / "var", tmp_path / "partnerbook.tar.gz"
    database = data_dir / "partnerbook.sqlite3"
    if not migrated_sqlite(database):
        # This test runs the commands on their own SQLite file whatever the suite's database;
        # the SQLite pass runs it, and here it would only migrate a file for two minutes.
        pytest.skip("a SQLite file's backup: run on the SQLite pass")
    assert partnerbook(data_dir, "shell", "-c", ADD_SUPPLIER).returncode == 0
    saved = sqlite_dump(database)

    # Another process is in the middle of a write: the backup neither waits nor sees it.
    with closing(sqlite3.connect(database, isolation_level=None)) as writer:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("DELETE FROM suppliers_supplier_tags")
        writer.execute("UPDATE suppliers_supplier SET name = 'uncommitted'")
        backed_up = partnerbook(data_dir, "backup", str(archive), timeout=60)
        writer.execute("ROLLBACK")
    assert backed_up.returncode == 0, backed_up.stderr
    assert partnerbook(data_dir, "shell", "-c", RENAME_SUPPLIER).returncode == 0
    assert sqlite_dump(database) != saved

    unconfirmed = partnerbook(data_dir, "restore", str(archive), stdin=subprocess.DEVNULL)
    assert unconfirmed.returncode != 0 and "pass --yes" in unconfirmed.stderr
    restored = partnerbook(data_dir, "restore", str(archive), "--yes")

    assert restored.returncode == 0, restored.stderr
    assert sqlite_dump(database) == saved
