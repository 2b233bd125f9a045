"""`partnerbook restore FILE`: replace all data with a backup made by `partnerbook backup`."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from partnerbook.core import backup


class Command(BaseCommand):
    help = (
        "Replace ALL data (the database and the documents folder) with the backup in FILE, "
        "then run the migrations, so a backup from an older version is brought up to date, "
        "and check the row counts against the backup's manifest. Asks for confirmation "
        "unless --yes. Stop the server and the worker first."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="A backup archive written by `partnerbook backup`.")
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask for confirmation (for scripts)."
        )

    def handle(self, *args: Any, file: str, yes: bool, **options: Any) -> None:
        try:
            manifest = backup.read_manifest(file)
            backup.check_restorable(manifest)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Backup of {manifest.created_at} by Partnerbook {manifest.partnerbook_version}: "
            f"{backup.VENDOR_NAMES[manifest.vendor]}, {manifest.total_rows} rows in "
            f"{len(manifest.row_counts)} tables, "
            + (
                "no documents."
                if manifest.document_files is None
                else f"{manifest.document_files} document file(s)."
            )
        )
        if not yes:
            self._confirm(manifest)
        try:
            result = backup.restore_backup(file)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self._report(result)

    def _confirm(self, manifest: backup.Manifest) -> None:
        replaced = backup.describe_database()
        if manifest.document_files is not None:
            replaced += f" and the documents folder {backup.documents_folder()}"
        if not sys.stdin.isatty():
            raise CommandError(
                f"Restoring replaces all data in the {replaced}. There is no terminal to "
                "confirm on; pass --yes to restore anyway."
            )
        self.stdout.write(self.style.WARNING(f"This replaces ALL data in the {replaced}."))
        self.stdout.write("Type 'yes' to restore: ", ending="")
        self.stdout.flush()
        if sys.stdin.readline().strip().lower() != "yes":
            raise CommandError("Restore cancelled; nothing was changed.")

    def _report(self, result: backup.RestoreResult) -> None:
        counts = result.restored_counts
        self.stdout.write(self.style.SUCCESS(f"Restored into the {result.database}."))
        self.stdout.write(
            f"Row counts match the backup in all {len(counts)} tables "
            f"({sum(counts.values())} rows)."
        )
        if result.documents_folder is not None:
            self.stdout.write(
                f"Documents: {result.manifest.document_files} file(s) restored to "
                f"{result.documents_folder}."
            )
        else:
            self.stdout.write("Documents: the backup has none; the documents folder is untouched.")
        if result.applied_migrations:
            self.stdout.write(
                f"Migrated from the backup's version: {len(result.applied_migrations)} "
                f"migration(s) applied ({', '.join(result.applied_migrations)})."
            )
        else:
            self.stdout.write("Migrations: the backup was already up to date.")
        for table, (before, after) in result.changed_by_migrate.items():
            self.stdout.write(f"  migrate changed {table}: {before} -> {after} rows")
