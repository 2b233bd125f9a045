"""`partnerbook import KIND FILE`: import any registered kind of file (suppliers,
segmentation factors, interactions, ...) from CSV or XLSX."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.test import override_settings
from rich.progress import Progress, TaskID

from partnerbook.accounts.models import Role, User
from partnerbook.accounts.policy import can
from partnerbook.core import registry
from partnerbook.suppliers.mapping_services import mapping_for

PROGRESS_FROM_ROWS = 500


class _ProgressBar:
    """A rich progress bar for big files on a terminal; does nothing otherwise."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar: Progress | None = None
        self.tasks: dict[str, TaskID] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled or total <= PROGRESS_FROM_ROWS:
            return
        if self.bar is None:
            self.bar = Progress(transient=True)
            self.bar.start()
        if stage not in self.tasks:
            self.tasks[stage] = self.bar.add_task(stage, total=total)
        self.bar.update(self.tasks[stage], completed=done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


class Command(BaseCommand):
    help = (
        "Import a CSV or XLSX file of suppliers, segmentation factors or interactions. Every row "
        "is checked first; any error stops the whole import unless --valid-only is given."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "kind",
            choices=[k.key for k in registry.import_kinds()],
            help="What the file holds: "
            + "; ".join(f"{k.key} ({k.label})" for k in registry.import_kinds())
            + ".",
        )
        parser.add_argument("file", help="A .csv or .xlsx file.")
        parser.add_argument(
            "--valid-only", action="store_true", help="Import the valid rows, report the rest."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; save nothing."
        )
        parser.add_argument(
            "--mapping",
            metavar="NAME",
            help="A saved column mapping (import profile) to read the file with, e.g. the one "
            "made for your ERP's export on the import page.",
        )
        parser.add_argument(
            "--user",
            help="Username the changes are recorded under (an admin or category manager). "
            "Default: the first active administrator.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actor = self._actor(options["user"])
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        kind = registry.import_kind(options["kind"])
        assert kind is not None  # noqa: S101 (argparse checked the choice)
        mapping = None
        if options["mapping"]:
            try:
                mapping = mapping_for(actor, options["mapping"], kind.key)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages), returncode=2) from None
        progress = _ProgressBar(enabled=self.stdout.isatty())
        cli_limit = override_settings(
            PARTNERBOOK_MAX_IMPORT_BYTES=settings.PARTNERBOOK_MAX_CLI_IMPORT_BYTES
        )
        try:
            with cli_limit, path.open("rb") as handle:
                result = kind.run(
                    actor,
                    handle,
                    path.name,
                    valid_only=options["valid_only"],
                    dry_run=options["dry_run"],
                    progress=progress,
                    mapping=mapping,
                )
        finally:
            progress.close()
        # A problem with the whole file or the database (no row number) is why the import
        # stopped: it is the command's error message rather than one more line of the list.
        stopped_by = [e.reason for e in result.errors if e.row is None] if result.blocked else []
        for error in result.errors:
            if not (stopped_by and error.row is None):
                self.stderr.write(str(error))
        if result.hidden_errors:
            self.stderr.write(f"... and {result.hidden_errors} more errors.")
        if result.blocked:
            raise CommandError(" ".join(stopped_by) or result.summary)
        style = self.style.WARNING if result.error_count else self.style.SUCCESS
        self.stdout.write(style(result.summary))

    def _actor(self, username: str | None) -> User:
        if username:
            user = User.objects.filter(username=username, is_active=True).first()
            if user is None:
                raise CommandError(f"No active user '{username}'.")
        else:
            user = User.objects.filter(role=Role.ADMIN, is_active=True).order_by("pk").first()
            if user is None:
                raise CommandError("No active administrator; name one with --user.")
        if not can(user, "supplier.import"):
            raise CommandError(
                f"'{user.username}' may not import suppliers; use an admin or category manager."
            )
        return user
