"""Export suppliers to CSV or XLSX with the import's columns, so an export imports back cleanly."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from .imports import COLUMNS, FORMATS, FORMULA_TRIGGERS
from .models import Supplier

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class ExportFile:
    """A finished export: the file's bytes, its media type and how many suppliers it holds."""

    content: bytes
    content_type: str
    rows: int


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
    content = _csv(rows) if fmt == "csv" else _xlsx(rows)
    return ExportFile(content=content, content_type=CONTENT_TYPES[fmt], rows=len(suppliers))


def _guard(text: str) -> str:
    """Keep a spreadsheet from running a cell as a formula; imports remove the apostrophe."""
    return f"'{text}" if text.startswith(FORMULA_TRIGGERS) else text


def _csv(rows: Iterable[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows([_guard(cell) for cell in row] for row in rows)
    # The byte-order mark makes Excel open the file as UTF-8.
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx(rows: Iterable[list[str]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Suppliers")
    sheet.append(list(COLUMNS))
    spend = COLUMNS.index("annual_spend")
    for row in rows:
        cells: list[Any] = []
        for index, text in enumerate(row):
            if index == spend and text:
                cells.append(Decimal(text))  # a number, so that the sheet can add it up
                continue
            # Control characters are not allowed in an XLSX file.
            cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", text))
            cell.data_type = "s"  # text stays text, even when it starts with '='
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
