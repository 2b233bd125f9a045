"""Exports of partnership economics: the portfolio ROI table (CSV or XLSX, with each row's
explanation) and a gain-share agreement's statement for a range of periods (XLSX)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from partnerbook.accounts.models import User
from partnerbook.core.spreadsheets import (
    CONTENT_TYPES,
    Cell,
    ExportFile,
    guard,
    write_csv,
    write_xlsx,
)

from . import domain, services
from .models import GainShareAgreement

ROI_COLUMNS = (
    "supplier_id", "supplier", "category", "hours", "effort_cost", "benefits", "net", "roi_percent",
    "currency", "explanation",
)  # fmt: skip
ROI_NUMBERS = {"supplier_id", "hours", "effort_cost", "benefits", "net", "roi_percent"}
LEDGER_COLUMNS = (
    "period", "saving_or_overrun", "supplier_share", "our_share", "payouts",
    "balance_owed_to_supplier", "verified_by", "third_party", "evidence",
)  # fmt: skip


def _pct(ratio: Any) -> Cell:
    return None if ratio is None else ratio * 100


def portfolio_export(user: User, year: int | None, sort: str, fmt: str) -> ExportFile:
    """Every supplier row of the portfolio ROI as `user` sees it (a fixed number of queries)."""
    total, rows = services.portfolio(user, year=year, sort=sort)
    table: list[list[Cell]] = [
        [r.supplier_id, r.name, r.category, r.summary.hours, r.summary.effort_cost,
         r.summary.benefits, r.summary.net, _pct(r.summary.roi), r.summary.currency,
         " | ".join(r.summary.explanation)]
        for r in rows
    ]  # fmt: skip
    table.append(
        [None, "Portfolio", "", total.hours, total.effort_cost, total.benefits, total.net,
         _pct(total.roi), total.currency, " | ".join(total.explanation)]
    )  # fmt: skip
    if fmt == "csv":
        content = write_csv(ROI_COLUMNS, table)
    else:
        content = write_xlsx("Partnership ROI", ROI_COLUMNS, table, ROI_NUMBERS)
    return ExportFile(content, CONTENT_TYPES[fmt], len(table))


def statement_xlsx(
    agreement: GainShareAgreement, start: dt.date | None, end: dt.date | None
) -> ExportFile:
    """The agreement's statement: its terms, then the ledger for the periods from `start`
    to `end` (shares split over the whole ledger, so the cents match every statement)."""
    from openpyxl import Workbook

    view = services.ledger_of(agreement, start, end)
    book = Workbook()
    sheet = book.worksheets[0]
    sheet.title = "Statement"
    cur = agreement.currency
    terms = [
        ("Gain-share statement", agreement.title),
        ("Supplier", agreement.supplier.name),
        ("Baseline", agreement.baseline),
        ("Baseline per period", f"{domain.money(agreement.baseline_amount, cur)}"),
        ("Supplier's share of savings", f"{agreement.supplier_saving_pct} %"),
        ("Overruns absorbed", f"supplier {agreement.supplier_overrun_pct} %, "
                              f"us {agreement.our_overrun_pct} %"),
        ("Periods", f"{start or 'first'} to {end or 'last'}"),
        ("Currency", cur),
        ("Prepared on", services._today().isoformat()),
    ]  # fmt: skip
    for label, value in terms:
        sheet.append([label, guard(str(value))])
    sheet.append([])
    sheet.append(list(LEDGER_COLUMNS))
    for row in view.ledger.rows:
        entry = view.entries.get(row.period)
        verified = entry is not None and entry.verified
        sheet.append([
            view.labels[row.period], row.amount, row.theirs, row.ours, row.payouts, row.balance,
            guard(str(entry.verified_by or "")) if verified and entry else "",
            guard(entry.third_party) if verified and entry else "",
            guard(entry.evidence) if verified and entry else "",
        ])  # fmt: skip
    ledger = view.ledger
    sheet.append(["Total", ledger.savings + ledger.overruns, ledger.theirs, ledger.ours,
                  ledger.paid, ledger.balance])  # fmt: skip
    sheet.append([])
    for line in ledger.explanation:
        sheet.append([guard(line)])
    for column, width in zip("ABCDEFGHI", (26, 18, 16, 16, 14, 22, 18, 22, 40), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return ExportFile(buffer.getvalue(), CONTENT_TYPES["xlsx"], len(ledger.rows))
