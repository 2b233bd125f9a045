"""`partnerbook export suppliers FILE`: write suppliers to a CSV or XLSX file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from pydantic import ValidationError

from partnerbook.suppliers.exports import export_suppliers
from partnerbook.suppliers.filters import SupplierFilters
from partnerbook.suppliers.imports import FORMATS
from partnerbook.suppliers.models import Supplier
from partnerbook.suppliers.services import category_with_descendants


class Command(BaseCommand):
    help = (
        "Export suppliers to a .csv or .xlsx file (chosen by the file's extension), with the "
        "same columns an import reads. The filters are those of the supplier list."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("kind", choices=["suppliers"], help="What to export.")
        parser.add_argument("file", help="Where to write: a path ending in .csv or .xlsx.")
        parser.add_argument("--q", help="Search in name, legal name and external id.")
        parser.add_argument("--status", help="Only suppliers with this status.")
        parser.add_argument("--category", type=int, help="Category id (sub-categories too).")
        parser.add_argument("--owner", type=int, help="Owner's user id; 0 = no owner.")
        parser.add_argument("--tag", help="Only suppliers with this tag.")
        parser.add_argument("--country", help="ISO 3166 two-letter country code.")
        parser.add_argument("--archived", default="current", choices=["current", "archived", "all"])
        parser.add_argument("--sort", default="name", help="As in the list, e.g. -annual_spend.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in FORMATS:
            raise CommandError("The file name must end in .csv or .xlsx.")
        names = ("q", "status", "category", "owner", "tag", "country", "archived", "sort")
        try:
            filters = SupplierFilters.model_validate(
                {k: options[k] for k in names if options[k] is not None}
            )
        except ValidationError as exc:
            problems = "; ".join(f"--{e['loc'][0]}: {e['msg']}" for e in exc.errors())
            raise CommandError(f"Bad filter: {problems}") from exc
        category_ids = category_with_descendants(filters.category) if filters.category else None
        queryset = filters.apply(Supplier.objects.all(), category_ids)
        export = export_suppliers(queryset, fmt)
        try:
            path.write_bytes(export.content)
        except OSError as exc:
            raise CommandError(f"Cannot write {path}: {exc.strerror}") from exc
        self.stdout.write(self.style.SUCCESS(f"Wrote {export.rows} suppliers to {path}."))
