"""The one spreadsheet writer every export uses."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from partnerbook.core.spreadsheets import write_csv, write_xlsx


def test_csv_guards_formulas_and_starts_with_a_byte_order_mark():
    content = write_csv(["name", "spend"], [["=HYPERLINK(1)", 3.0], ["Plain", None]])
    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text and "Plain," in text and ",3\r\n" in text


def test_xlsx_writes_numbers_as_numbers_and_text_as_text():
    content = write_xlsx(
        "Sheet",
        ["name", "spend"],
        [["=1+1", "1200.50"], ["Bell\x07", None]],
        number_columns={"spend"},
    )
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("name", "spend")
    assert rows[1] == ("=1+1", 1200.5)  # a real number a sheet can add up
    assert sheet.cell(row=2, column=1).data_type == "s"  # stays text, never a formula
    assert rows[2] == ("Bell", None)  # control characters are not allowed in XLSX
