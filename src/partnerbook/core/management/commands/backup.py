"""`partnerbook backup FILE`: write the database and the documents folder to one archive."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from partnerbook.core import backup


class Command(BaseCommand):
    help = (
        "Write a backup of the whole installation to FILE (a .tar.gz archive): the database "
        "(SQLite online backup or pg_dump), the documents folder and a manifest with the "
        "version, migration state and row counts. Runs while the server keeps serving. "
        "Restore it with `partnerbook restore FILE`."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="The archive to write, e.g. partnerbook-2025-06-01.tar.gz")
        parser.add_argument(
            "--force", action="store_true", help="Overwrite FILE if it already exists."
        )

    def handle(self, *args: Any, file: str, force: bool, **options: Any) -> None:
        try:
            result = backup.create_backup(file, force=force)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        manifest = result.manifest
        self.stdout.write(
            self.style.SUCCESS(f"Backed up to {result.path} ({backup.human_size(result.size)}).")
        )
        self.stdout.write(
            f"Database: {backup.VENDOR_NAMES[manifest.vendor]}, {manifest.total_rows} rows in "
            f"{len(manifest.row_counts)} tables."
        )
        if manifest.document_files is None:
            self.stdout.write(f"Documents: none (no folder {result.documents_folder}).")
        else:
            self.stdout.write(
                f"Documents: {manifest.document_files} file(s), "
                f"{backup.human_size(manifest.document_bytes)} from {result.documents_folder}."
            )
        self.stdout.write("Rows per table:")
        for table, count in manifest.row_counts.items():
            if count:
                self.stdout.write(f"  {table:<48} {count:>9}")
        empty = sum(1 for count in manifest.row_counts.values() if not count)
        if empty:
            self.stdout.write(f"  ({empty} empty tables)")
