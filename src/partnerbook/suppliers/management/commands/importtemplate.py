"""`partnerbook template KIND [--output FILE]`: write the Excel template of an import kind."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from partnerbook.core import import_templates, registry


class Command(BaseCommand):
    help = (
        "Write the Excel template of an import kind: its column headers, drop-down lists, an "
        "example row and a sheet explaining every column."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("kind", choices=[k.key for k in registry.import_kinds()])
        parser.add_argument(
            "--output", help="Where to write it (default: partnerbook-import-KIND.xlsx here)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        kind = registry.import_kind(options["kind"])
        assert kind is not None  # noqa: S101 (argparse checked the choice)
        path = Path(options["output"] or import_templates.template_filename(kind))
        if path.suffix.lower() != ".xlsx":
            raise CommandError("The template is an Excel file: give a name ending in .xlsx.")
        try:
            path.write_bytes(import_templates.build_template(kind))
        except OSError as exc:
            raise CommandError(f"Cannot write {path}: {exc.strerror}.") from exc
        self.stdout.write(self.style.SUCCESS(f"Wrote the template of {kind.label} to {path}."))
