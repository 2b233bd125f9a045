"""Back up and restore a whole Partnerbook installation, database and documents, as one file.

A backup is a gzip-compressed tar archive holding, in this order:

    manifest.json       what the backup is (see `Manifest`); first, so it reads quickly
    database.sqlite3    SQLite: a copy made with SQLite's online backup API, or
    database.pgdump     PostgreSQL: a `pg_dump --format=custom` dump
    documents/...       the documents folder (uploaded files), when there is one

Both databases are copied online, from one consistent snapshot, while the application keeps
running. The row counts in the manifest come from that same snapshot, so a restore can prove
that it brought back exactly what was saved.
"""

from __future__ import annotations

import glob
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess  # noqa: S404 - runs pg_dump, pg_restore and psql with fixed arguments
import tarfile
import tempfile
from collections.abc import Iterable, Mapping
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

import partnerbook

FORMAT = "partnerbook-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DOCUMENTS = "documents"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
POSTGRES_BIN_DIRS = "/usr/lib/postgresql/*/bin"

# libpq reads these from the environment; Django keeps them in DATABASES[...]["OPTIONS"].
_LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


@dataclass(frozen=True)
class Manifest:
    """What a backup holds, as written to its manifest.json."""

    partnerbook_version: str
    created_at: str
    vendor: str
    migrations: dict[str, str]  # app label -> latest applied migration
    row_counts: dict[str, int]  # table -> rows, for every table in the database
    document_files: int | None = None  # None: there was no documents folder
    document_bytes: int = 0

    @property
    def database_file(self) -> str:
        return DATABASE_FILES[self.vendor]

    @property
    def total_rows(self) -> int:
        return sum(self.row_counts.values())

    def to_json(self) -> str:
        documents = (
            None
            if self.document_files is None
            else {"folder": DOCUMENTS, "files": self.document_files, "bytes": self.document_bytes}
        )
        return json.dumps(
            {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "partnerbook_version": self.partnerbook_version,
                "created_at": self.created_at,
                "database": {"vendor": self.vendor, "file": self.database_file},
                "migrations": self.migrations,
                "row_counts": self.row_counts,
                "documents": documents,
            },
            indent=2,
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str | bytes, source: str) -> Manifest:
        """The manifest in `text`; BackupError when it is not a Partnerbook manifest."""
        not_ours = BackupError(f"{source} is not a Partnerbook backup: its {MANIFEST} is not ours.")
        try:
            data = json.loads(text)
        except ValueError as error:
            raise not_ours from error
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise not_ours
        version = data.get("format_version")
        if not isinstance(version, int) or version > FORMAT_VERSION:
            raise BackupError(
                f"{source} was made by a newer Partnerbook (backup format {version!r}); "
                "upgrade Partnerbook before restoring it."
            )
        try:
            database = data["database"]
            documents = data.get("documents")
            manifest = cls(
                partnerbook_version=str(data["partnerbook_version"]),
                created_at=str(data["created_at"]),
                vendor=str(database["vendor"]),
                migrations={str(k): str(v) for k, v in data["migrations"].items()},
                row_counts={str(k): int(v) for k, v in data["row_counts"].items()},
                document_files=None if documents is None else int(documents["files"]),
                document_bytes=0 if documents is None else int(documents["bytes"]),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise not_ours from error
        if manifest.vendor not in DATABASE_FILES:
            raise BackupError(
                f"{source} holds a {manifest.vendor!r} database, which Partnerbook cannot restore."
            )
        return manifest


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    manifest: Manifest
    documents_folder: Path


@dataclass(frozen=True)
class RestoreResult:
    manifest: Manifest
    database: str
    restored_counts: dict[str, int]  # per table, read back right after the restore
    applied_migrations: list[str] = field(default_factory=list)  # "app.name", by `migrate`
    changed_by_migrate: dict[str, tuple[int, int]] = field(default_factory=dict)
    documents_folder: Path | None = None  # where documents were restored, if any


# --- where things are ------------------------------------------------------------------


def documents_folder() -> Path:
    """The folder of uploaded documents: MEDIA_ROOT when set, else DATA_DIR/media."""
    media_root = getattr(settings, "MEDIA_ROOT", "")
    if media_root:
        return Path(media_root).absolute()
    return Path(settings.DATA_DIR) / "media"


def describe_database(using: str = DEFAULT_DB_ALIAS) -> str:
    """A human description of the database a restore would replace."""
    connection = connections[using]
    params = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"SQLite database {params['NAME']}"
    where = params.get("HOST") or "the local server"
    if params.get("PORT"):
        where = f"{where}:{params['PORT']}"
    vendor = VENDOR_NAMES.get(connection.vendor, connection.vendor)
    return f'{vendor} database "{params.get("NAME")}" on {where}'


def postgres_tool(name: str) -> str:
    """The path of a PostgreSQL client program: from PATH, else the newest under
    /usr/lib/postgresql/*/bin (Debian and Ubuntu keep them there)."""
    found = shutil.which(name)
    if found:
        return found

    def major(path: str) -> int:
        version = Path(path).parent.parent.name
        return int(version) if version.isdigit() else 0

    candidates = sorted(glob.glob(f"{POSTGRES_BIN_DIRS}/{name}"), key=major)
    if candidates:
        return candidates[-1]
    raise BackupError(
        f"{name} was not found on PATH or in {POSTGRES_BIN_DIRS}; install the PostgreSQL "
        "client programs (the postgresql-client package) in the version of your server."
    )


def _postgres_env(params: Mapping[str, Any]) -> dict[str, str]:
    """The environment for libpq programs: connection settings as PG* variables, so the
    password never shows on a command line."""
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if params.get(key):
            env[variable] = str(params[key])
    for key, variable in _LIBPQ_OPTIONS.items():
        value = (params.get("OPTIONS") or {}).get(key)
        if value:
            env[variable] = str(value)
    env["PGAPPNAME"] = "partnerbook-backup"
    return env


def _run(command: list[str], env: Mapping[str, str]) -> str:
    """Run a client program; its stdout, or BackupError with what it said on stderr."""
    result = subprocess.run(  # noqa: S603 - fixed program and arguments, no shell
        command, env=dict(env), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")
    return result.stdout


def _ensure_outside_transaction(connection: BaseDatabaseWrapper) -> None:
    if connection.in_atomic_block:
        raise BackupError("Backups and restores cannot run inside a database transaction.")


# --- reading the database --------------------------------------------------------------


def _latest_per_app(applied: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The latest applied migration of each app. Migration names start with their sequence
    number (0001_, 0002_...), so within an app the greatest name is the latest."""
    latest: dict[str, str] = {}
    for app, name in applied:
        if name > latest.get(app, ""):
            latest[app] = name
    return dict(sorted(latest.items()))


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _count_rows(cursor: Any, tables: Iterable[str]) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608 - a table name
        counts[table] = int(cursor.fetchone()[0])
    return counts


def _sqlite_tables(cursor: Any) -> list[str]:
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    return [row[0] for row in cursor.fetchall()]


def _dump_sqlite(
    connection: BaseDatabaseWrapper, target: Path
) -> tuple[dict[str, str], dict[str, int]]:
    """Copy the live database to `target` with SQLite's online backup API (readers and
    writers carry on), then read the migration state and row counts from the copy."""
    connection.ensure_connection()
    live: sqlite3.Connection = connection.connection  # type: ignore[assignment]
    try:
        with closing(sqlite3.connect(target)) as copy:
            live.backup(copy)
            # A self-contained file: no -wal or -shm companions needed to open it.
            copy.execute("PRAGMA journal_mode=DELETE")
            cursor = copy.cursor()
            counts = _count_rows(cursor, _sqlite_tables(cursor))
            migrations = cursor.execute("SELECT app, name FROM django_migrations").fetchall()
    except sqlite3.Error as error:
        raise BackupError(f"The SQLite backup failed: {error}") from error
    return _latest_per_app(migrations), counts


def _dump_postgresql(
    connection: BaseDatabaseWrapper, target: Path
) -> tuple[dict[str, str], dict[str, int]]:
    """pg_dump the database to `target`. The row counts and migration state are read in a
    transaction whose snapshot pg_dump shares (--snapshot), so they describe the dump."""
    pg_dump = postgres_tool("pg_dump")
    env = _postgres_env(connection.settings_dict)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = _count_rows(cursor, connection.introspection.table_names(cursor))
        cursor.execute("SELECT app, name FROM django_migrations")
        migrations = cursor.fetchall()
        _run(
            [
                pg_dump,
                "--format=custom",
                "--no-password",
                f"--snapshot={snapshot}",
                f"--file={target}",
            ],
            env,
        )
    return _latest_per_app(migrations), counts


def _document_files(folder: Path) -> tuple[int, int]:
    files = size = 0
    for root, _dirs, names in os.walk(folder):
        for name in names:
            path = Path(root) / name
            if path.is_file():
                files += 1
                size += path.stat().st_size
    return files, size


# --- backup ----------------------------------------------------------------------------


def create_backup(
    target: Path | str, *, force: bool = False, using: str = DEFAULT_DB_ALIAS
) -> BackupResult:
    """Write a backup of the database and the documents folder to `target` (a new file,
    readable by its owner only; an existing one is replaced only with `force`)."""
    target = Path(target).expanduser().absolute()
    if target.is_dir():
        raise BackupError(f"{target} is a folder; name the backup file to write.")
    if target.exists() and not force:
        raise BackupError(f"{target} already exists; use --force to overwrite it.")
    if not target.parent.is_dir():
        raise BackupError(f"The folder {target.parent} does not exist.")
    documents = documents_folder()
    if target.parent.resolve().is_relative_to(documents.resolve()):
        raise BackupError(
            f"Write the backup outside the documents folder {documents}: it would include itself."
        )
    connection = connections[using]
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"Partnerbook cannot back up a {connection.vendor} database.")
    _ensure_outside_transaction(connection)

    with tempfile.TemporaryDirectory(prefix=".partnerbook-backup-", dir=target.parent) as tmp:
        dump = Path(tmp) / DATABASE_FILES[connection.vendor]
        if connection.vendor == "sqlite":
            migrations, counts = _dump_sqlite(connection, dump)
        else:
            migrations, counts = _dump_postgresql(connection, dump)
        has_documents = documents.is_dir()
        files, size = _document_files(documents) if has_documents else (0, 0)
        manifest = Manifest(
            partnerbook_version=partnerbook.__version__,
            created_at=timezone.now().isoformat(timespec="seconds"),
            vendor=connection.vendor,
            migrations=migrations,
            row_counts=counts,
            document_files=files if has_documents else None,
            document_bytes=size,
        )
        partial = Path(tmp) / "backup.tar.gz"
        # Owner-only from the start: the backup holds password hashes and sessions.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with (
            os.fdopen(descriptor, "wb") as raw,
            tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as archive,
        ):
            payload = manifest.to_json().encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(payload), int(timezone.now().timestamp()), 0o600
            archive.addfile(info, io.BytesIO(payload))
            archive.add(dump, arcname=manifest.database_file)
            if has_documents:
                archive.add(documents, arcname=DOCUMENTS)
        if target.exists() and not force:  # appeared while we were writing
            raise BackupError(f"{target} already exists; use --force to overwrite it.")
        os.replace(partial, target)
    return BackupResult(target, target.stat().st_size, manifest, documents)


# --- restore ---------------------------------------------------------------------------


def read_manifest(archive: Path | str) -> Manifest:
    """The manifest of the backup `archive`; BackupError when it is not a Partnerbook backup."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"{archive} does not exist or is not a file.")
    try:
        with tarfile.open(archive, "r:*") as tar:
            for member in tar:
                if member.name == MANIFEST and member.isfile():
                    extracted = tar.extractfile(member)
                    if extracted is not None:
                        return Manifest.from_json(extracted.read(), str(archive))
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(
            f"{archive} is not a Partnerbook backup (not a readable archive: {error})."
        ) from error
    raise BackupError(f"{archive} is not a Partnerbook backup: it has no {MANIFEST}.")


def unknown_migrations(manifest: Manifest) -> list[str]:
    """The backup's latest migrations that this version of the code does not have."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return [
        f"{app}.{name}"
        for app, name in sorted(manifest.migrations.items())
        if (app, name) not in known
    ]


def check_restorable(manifest: Manifest, using: str = DEFAULT_DB_ALIAS) -> None:
    """BackupError unless `manifest`'s backup can be restored into this installation."""
    vendor = connections[using].vendor
    if manifest.vendor != vendor:
        raise BackupError(
            f"This backup holds a {VENDOR_NAMES[manifest.vendor]} database, but this "
            f"Partnerbook uses {VENDOR_NAMES.get(vendor, vendor)}; restore it into an "
            f"installation that uses {VENDOR_NAMES[manifest.vendor]}."
        )
    newer = unknown_migrations(manifest)
    if newer:
        raise BackupError(
            f"This backup comes from a newer Partnerbook ({manifest.partnerbook_version}, "
            f"this is {partnerbook.__version__}): its migrations {', '.join(newer)} are unknown "
            "here. Upgrade Partnerbook, then restore."
        )


def _extract(
    archive: Path, manifest: Manifest, staging: Path, documents_staging: Path | None
) -> Path:
    """Unpack the database dump into `staging` and the documents into `documents_staging`;
    the dump's path. Members are checked like untrusted data (no absolute paths, no links
    out of the folder, no devices)."""
    dump: Path | None = None
    try:
        with tarfile.open(archive, "r:*") as tar:
            for member in tar:
                if member.name == manifest.database_file and member.isfile():
                    tar.extract(member, staging, filter="data")
                    dump = staging / member.name
                elif documents_staging is not None and (
                    member.name == DOCUMENTS or member.name.startswith(DOCUMENTS + "/")
                ):
                    tar.extract(member, documents_staging, filter="data")
    except (tarfile.TarError, EOFError) as error:
        raise BackupError(f"{archive} is damaged and cannot be unpacked: {error}") from error
    if dump is None:
        raise BackupError(f"{archive} is damaged: it has no {manifest.database_file}.")
    return dump


def _restore_sqlite(connection: BaseDatabaseWrapper, dump: Path) -> None:
    """Copy `dump` into the live database file with SQLite's backup API: one write
    transaction, so other readers see either the old or the restored database."""
    name = str(connection.settings_dict["NAME"])
    timeout = float((connection.settings_dict.get("OPTIONS") or {}).get("timeout", 30))
    try:
        with closing(sqlite3.connect(dump)) as source:
            check = source.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise BackupError(f"The database in the backup is damaged: {check}")
            connection.close()
            with closing(sqlite3.connect(name, uri=True, timeout=timeout)) as live:
                source.backup(live)
    except sqlite3.Error as error:
        raise BackupError(f"The SQLite restore failed: {error}") from error


# A table in `pg_restore --list`: "215; 1259 16390 TABLE public accounts_user owner".
_TOC_TABLE = re.compile(r"^\d+; \d+ \d+ TABLE (?!DATA )\S+ (\S+) ", re.MULTILINE)


def _restore_postgresql(connection: BaseDatabaseWrapper, dump: Path) -> None:
    """Replace the database's tables with the dump's, in one transaction: pg_restore
    --clean --if-exists --no-owner turns the dump into an SQL script, psql runs it with
    --single-transaction. Tables the dump does not have (made by migrations newer than the
    backup) are dropped in the same transaction, so that `migrate` can create them again and
    nothing newer than the backup survives."""
    pg_restore, psql = postgres_tool("pg_restore"), postgres_tool("psql")
    env = _postgres_env(connection.settings_dict)
    archived = set(_TOC_TABLE.findall(_run([pg_restore, "--list", str(dump)], env)))
    if "django_migrations" not in archived:
        raise BackupError("The database dump in the backup is not a Partnerbook database.")
    # The whole script is written before psql starts: were pg_restore to stop halfway
    # while feeding psql through a pipe, psql would commit half a restore.
    script = dump.with_suffix(".sql")
    _run([pg_restore, "--clean", "--if-exists", "--no-owner", f"--file={script}", str(dump)], env)
    with connection.cursor() as cursor:
        current = set(connection.introspection.table_names(cursor))
    connection.close()
    drops = "".join(
        f"DROP TABLE IF EXISTS {_quote(t)} CASCADE;" for t in sorted(current - archived)
    )
    try:
        _run(
            [
                psql,
                "--no-psqlrc",
                "--quiet",
                "--no-password",
                "--single-transaction",
                "--set=ON_ERROR_STOP=1",
                *([f"--command={drops}"] if drops else []),
                f"--file={script}",
            ],
            env,
        )
    except BackupError as error:
        raise BackupError(
            f"The PostgreSQL restore failed and was rolled back; the database is unchanged. {error}"
        ) from error
    finally:
        script.unlink(missing_ok=True)


def _current_counts(connection: BaseDatabaseWrapper, tables: Iterable[str]) -> dict[str, int]:
    """Rows per table, for those of `tables` that exist (-1 for those that do not)."""
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        counts = _count_rows(cursor, [t for t in tables if t in existing])
    return {t: counts.get(t, -1) for t in sorted(tables)}


def _replace_documents(new: Path, folder: Path) -> None:
    """Make `folder` hold exactly what `new` holds. Contents are swapped rather than the
    folder itself, which may be a mount point."""
    folder.mkdir(parents=True, exist_ok=True)
    for child in folder.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    if new.is_dir():
        for child in new.iterdir():
            shutil.move(child, folder / child.name)


def restore_backup(archive: Path | str, *, using: str = DEFAULT_DB_ALIAS) -> RestoreResult:
    """Replace the database and the documents with those in `archive`, then migrate.

    The database is checked against the manifest's row counts right after it is restored,
    before `migrate` runs; BackupError when they differ."""
    archive = Path(archive)
    manifest = read_manifest(archive)
    check_restorable(manifest, using)
    connection = connections[using]
    _ensure_outside_transaction(connection)
    database = describe_database(using)
    folder = documents_folder()
    with tempfile.TemporaryDirectory(prefix="partnerbook-restore-") as staging:
        documents_staging: Path | None = None
        if manifest.document_files is not None:
            folder.parent.mkdir(parents=True, exist_ok=True)
            documents_staging = Path(
                tempfile.mkdtemp(prefix=".partnerbook-restore-", dir=folder.parent)
            )
        try:
            dump = _extract(archive, manifest, Path(staging), documents_staging)
            if connection.vendor == "sqlite":
                _restore_sqlite(connection, dump)
            else:
                _restore_postgresql(connection, dump)
            connection.close()
            ContentType.objects.clear_cache()  # ids may differ in the restored database
            restored = _current_counts(connection, manifest.row_counts)
            wrong = {
                t: (n, restored[t]) for t, n in manifest.row_counts.items() if restored[t] != n
            }
            if wrong:
                details = ", ".join(f"{t}: {a} expected, {b} found" for t, (a, b) in wrong.items())
                raise BackupError(f"The restored database does not match the backup: {details}.")
            if documents_staging is not None:
                _replace_documents(documents_staging / DOCUMENTS, folder)
        finally:
            if documents_staging is not None:
                shutil.rmtree(documents_staging, ignore_errors=True)

    recorder = MigrationRecorder(connection)
    before = set(recorder.applied_migrations())
    call_command("migrate", database=using, interactive=False, verbosity=0)
    applied = sorted(f"{app}.{name}" for app, name in set(recorder.applied_migrations()) - before)
    after = _current_counts(connection, manifest.row_counts)
    changed = {t: (restored[t], after[t]) for t in manifest.row_counts if after[t] != restored[t]}
    return RestoreResult(
        manifest=manifest,
        database=database,
        restored_counts=restored,
        applied_migrations=applied,
        changed_by_migrate=changed,
        documents_folder=folder if documents_staging is not None else None,
    )


def human_size(size: float) -> str:
    """`1536` -> `1.5 KB`."""
    if size < 1024:
        return f"{size:.0f} bytes"
    for unit in ("KB", "MB", "GB"):
        size /= 1024
        if size < 1024 or unit == "GB":
            break
    return f"{size:.1f} {unit}"
