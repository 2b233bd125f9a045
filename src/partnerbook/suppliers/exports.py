"""Export suppliers to CSV or XLSX with the import's columns, so an export imports back cleanly."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.utils import timezone

from partnerbook.core.spreadsheets import CONTENT_TYPES, ExportFile, write_csv, write_xlsx

from .imports import COLUMNS, FORMATS
from .models import Supplier


def supplier_rows(suppliers: Iterable[Supplier]) -> Iterator[list[str]]:
    """One list of cell texts per supplier, in COLUMNS order (no header)."""
    for s in suppliers:
        yield [
            s.external_id,
            s.name,
            s.legal_name,
            s.category.name if s.category else "",
            s.country.code or "",
            s.website,
            s.status,
            "" if s.annual_spend is None else str(s.annual_spend),
            s.currency,
            s.relationship_owner.username if s.relationship_owner else "",
            ", ".join(sorted(t.name for t in s.tags.all())),
            s.notes,
        ]


def export_filename(fmt: str) -> str:
    """E.g. 'suppliers-2025-03-01.xlsx', dated in the site's time zone."""
    return f"suppliers-{timezone.localdate():%Y-%m-%d}.{fmt}"


def export_suppliers(queryset: Any, fmt: str) -> ExportFile:
    """Write the suppliers of `queryset`, in its order, as a CSV or XLSX file.

    Runs three queries however many suppliers there are.
    """
    if fmt not in FORMATS:
        raise ValueError(f"Unknown export format {fmt!r}; use one of {', '.join(FORMATS)}.")
    suppliers = list(
        queryset.select_related("category", "relationship_owner").prefetch_related("tags")
    )
    rows = supplier_rows(suppliers)
    if fmt == "csv":
        content = write_csv(COLUMNS, rows)
    else:
        content = write_xlsx("Suppliers", COLUMNS, rows, number_columns={"annual_spend"})
    return ExportFile(content=content, content_type=CONTENT_TYPES[fmt], rows=len(suppliers))
