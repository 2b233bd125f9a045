"""Excel templates for the import kinds: a workbook with the kind's columns as headers, one
example row, drop-down lists for the columns that take fixed values, and a sheet that
explains every column.

The workbook's sheets:

- "Data" (first, the one an import reads): the header row (bold, frozen) and row 2, an
  example in grey italics. The example is real data in the right shape; people overwrite or
  delete it before importing (the "Columns" sheet says so). It names a made-up supplier
  ("EX-001", "Example Supplier Ltd"), so an example left in by mistake is refused by the
  import rather than changing a real supplier.
- "Columns": for each column whether it is required, what it means, the values it takes and
  the example.
- "Lists" (hidden, only when needed): long lists of values that the drop-downs point at.

Dates and months are kept as text cells (what is typed is what is imported, whatever the
spreadsheet's date settings); numbers get a number format.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from .registry import ImportColumn, ImportKind, Label

DATA_SHEET = "Data"
COLUMNS_SHEET = "Columns"
LISTS_SHEET = "Lists"
# Drop-downs and formats cover this many rows under the header.
TEMPLATE_ROWS = 5000
# Excel refuses an inline list longer than 255 characters; longer lists go to "Lists".
_INLINE_LIMIT = 255
GENERIC_NOTE = "A column the import reads; see the help on the import page."
_FORMATS = {
    "text": "@",
    "date": "@",
    "month": "@",
    "datetime": "@",
    "integer": "0",
    "decimal": "0.00",
}
_FORMAT_HINTS = {
    "date": "A date written YYYY-MM-DD, e.g. 2026-03-31.",
    "month": "A month written YYYY-MM, e.g. 2026-03.",
    "datetime": "A date and time written YYYY-MM-DD HH:MM, e.g. 2026-03-31 09:30.",
    "integer": "A whole number.",
    "decimal": "A number with a dot for decimals, e.g. 1250.50.",
}
MIME_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class TemplateColumn:
    """One column as the template shows it: the registered help with its choices read."""

    name: str
    description: Label
    required: bool
    example: str
    choices: tuple[str, ...] | None  # None: free text
    format: str


def template_columns(kind: ImportKind) -> list[TemplateColumn]:
    """The kind's columns in file order, with current choice lists (one query at most per
    column whose choices come from the database)."""
    found = []
    for name in kind.columns:
        info = kind.column_info(name) or ImportColumn(name=name, description=GENERIC_NOTE)
        choices = info.choices() if callable(info.choices) else info.choices
        found.append(
            TemplateColumn(
                name=name,
                description=info.description,
                required=info.required,
                example=info.example,
                choices=tuple(str(c) for c in choices) if choices is not None else None,
                format=info.format if info.format in _FORMATS else "text",
            )
        )
    return found


def template_filename(kind: ImportKind) -> str:
    return f"partnerbook-import-{kind.key}.xlsx"


def build_template(kind: ImportKind) -> bytes:
    """The kind's template as .xlsx bytes."""
    columns = template_columns(kind)
    workbook = Workbook()
    data = workbook.active
    assert data is not None  # noqa: S101 (a new workbook always has one sheet)
    data.title = DATA_SHEET
    explained = workbook.create_sheet(COLUMNS_SHEET)
    lists: Worksheet | None = None
    bold = Font(bold=True)
    example_font = Font(italic=True, color="808080")
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        header = data.cell(row=1, column=index, value=column.name)
        header.font = bold
        example = data.cell(row=2, column=index, value=_cell_value(column))
        example.font = example_font
        example.number_format = _FORMATS[column.format]
        data.column_dimensions[letter].width = max(14, min(40, len(column.name) + 4))
        data.column_dimensions[letter].number_format = _FORMATS[column.format]
        if column.choices:
            if _fits_inline(column.choices):
                source = '"' + ",".join(column.choices) + '"'
            else:
                if lists is None:
                    lists = workbook.create_sheet(LISTS_SHEET)
                    lists.sheet_state = "hidden"
                source = _list_range(lists, index, column)
            validation = DataValidation(
                type="list",
                formula1=source,
                allow_blank=True,
                showErrorMessage=True,
                errorStyle="warning",
                errorTitle=column.name[:32],
                error="This is not one of the listed values; the import may refuse it.",
            )
            validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
            data.add_data_validation(validation)
    data.freeze_panes = "A2"
    _write_explanations(explained, columns)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell_value(column: TemplateColumn) -> str | int | float | None:
    if not column.example:
        return None
    if column.format == "integer":
        try:
            return int(column.example)
        except ValueError:
            return column.example
    if column.format == "decimal":
        try:
            return float(column.example)
        except ValueError:
            return column.example
    return column.example


def _fits_inline(choices: Sequence[str]) -> bool:
    text = ",".join(choices)
    return len(text) + 2 <= _INLINE_LIMIT and not any("," in c or '"' in c for c in choices)


def _list_range(lists: Worksheet, index: int, column: TemplateColumn) -> str:
    assert column.choices is not None  # noqa: S101
    letter = get_column_letter(index)
    lists.cell(row=1, column=index, value=column.name).font = Font(bold=True)
    for row, value in enumerate(column.choices, start=2):
        lists.cell(row=row, column=index, value=value).number_format = "@"
    last = len(column.choices) + 1
    return f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${last}"


def _allowed(column: TemplateColumn) -> str:
    if column.choices is not None:
        if not column.choices:
            return "None defined yet."
        if len(column.choices) > 30:
            return (
                f"One of {len(column.choices)} values (pick from the drop-down), "
                f"e.g. {', '.join(column.choices[:5])}."
            )
        return ", ".join(column.choices)
    return _FORMAT_HINTS.get(column.format, "Text.")


def _write_explanations(sheet: Worksheet, columns: list[TemplateColumn]) -> None:
    titles = ("Column", "Required", "What it means", "Allowed values", "Example")
    for index, title in enumerate(titles, start=1):
        sheet.cell(row=1, column=index, value=title).font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row, column in enumerate(columns, start=2):
        values = (
            column.name,
            "yes" if column.required else "no",
            column.description,
            _allowed(column),
            column.example,
        )
        for index, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=index, value=value)
            cell.alignment = wrap
            cell.number_format = "@"
    for letter, width in zip("ABCDE", (24, 10, 70, 45, 24), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    notes = (
        "How to use this template:",
        "Row 2 of the Data sheet is an example: overwrite it or delete it before importing. "
        "It names a made-up supplier, so an example left in by mistake is refused.",
        "Only the first sheet (Data) is imported; keep the header row as it is. Columns you "
        "do not need may be deleted, except the required ones.",
        "Drop-downs list the values a column takes; dates and months are text cells, typed "
        "as shown in the Allowed values column.",
    )
    start = len(columns) + 3
    for offset, note in enumerate(notes):
        cell = sheet.cell(row=start + offset, column=1, value=note)
        if offset == 0:
            cell.font = Font(bold=True)
