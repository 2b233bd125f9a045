"""Write rows to CSV or XLSX safely: one writer for every export in the project."""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpResponse

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# A cell starting with one of these may run as a formula when a spreadsheet opens the file.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | Decimal | None


@dataclass(frozen=True)
class ExportFile:
    """A finished export: the file's bytes, its media type and how many rows it holds."""

    content: bytes
    content_type: str
    rows: int


def attachment(export: ExportFile, filename: str) -> HttpResponse:
    """`export` as a file to download, named `filename`."""
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def guard(text: str) -> str:
    """Keep a spreadsheet from running a cell as a formula; imports remove the apostrophe."""
    return f"'{text}" if text.startswith(FORMULA_TRIGGERS) else text


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def _number(value: Cell) -> Cell:
    if isinstance(value, str):
        return Decimal(value) if value else None
    return value


def write_csv(columns: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel opens it as UTF-8."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerows([guard(_text(cell)) for cell in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(
    sheet_name: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    number_columns: Collection[str] = (),
) -> bytes:
    """One sheet. `number_columns` are written as numbers (so a sheet can add them up);
    everything else is written as text, even when it starts with '='."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name)
    sheet.append(list(columns))
    numeric = [name in number_columns for name in columns]
    for row in rows:
        cells: list[Any] = []
        for is_number, value in zip(numeric, row, strict=True):
            if is_number:
                cells.append(_number(value))
                continue
            # Control characters are not allowed in an XLSX file.
            cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", _text(value)))
            cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
