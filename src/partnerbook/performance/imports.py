"""Import delivery lines (purchase-order lines) from a CSV or XLSX file, by the same rules as
the other imports: every row is checked first, each problem is reported with its row,
column and reason, and a file with errors changes nothing unless only the valid rows were
asked for.

Each row names an existing supplier by ``external_id`` or ``supplier`` (its name). Rows are
keyed by ``po_line_id``: importing the same file again updates the lines, never duplicates
them. Lines are written in bulk (a fixed number of queries per 500 rows)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.utils import timezone

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import can, require
from partnerbook.suppliers.imports import (
    ImportResult,
    Progress,
    Table,
    chunks,
    find_supplier,
    load_supplier_lookups,
    run_import,
    table_records,
)
from partnerbook.suppliers.models import Supplier

from . import services
from .models import DeliveryLine

COLUMNS = (
    "po_line_id", "external_id", "supplier", "ordered_on", "promised_on", "promised_qty",
    "received_on", "received_qty", "rejected_qty",
)  # fmt: skip
IDENTITY = ("external_id", "supplier")
REQUIRED = ("ordered_on", "promised_on", "promised_qty")
_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
MAX_QUANTITY = Decimal("99999999999.999")


@dataclass
class _Plan:
    """One valid row: the line it writes and whether that creates, updates or changes nothing."""

    row: int
    supplier: Supplier
    po_line_id: str
    values: dict[str, Any]
    action: str  # create / update / unchanged


def import_deliveries(
    actor: User,
    source: IO[bytes] | bytes,
    filename: str,
    *,
    valid_only: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Check every row of a deliveries file, then create or update the lines as `actor`."""
    require(actor, "supplier.import")
    planned: list[_Plan] = []
    pending: list[_Plan] = []

    def check(table: Table, columns: dict[int, str], result: ImportResult) -> list[_Plan]:
        plans = _check_rows(actor, table_records(table, columns), set(columns.values()), result)
        planned.extend(plans)
        return plans

    def save(plan: _Plan) -> None:
        # Collected and written in bulk once the last plan arrives (all rows were checked).
        pending.append(plan)
        if len(pending) == len(planned):
            services.save_deliveries(
                actor,
                [(p.supplier, p.po_line_id, p.values) for p in pending if p.action != "unchanged"],
            )

    return run_import(
        ImportResult(dry_run=dry_run, valid_only=valid_only),
        source,
        filename,
        known=COLUMNS,
        identity=IDENTITY,
        check_rows=check,
        save=save,
        progress=progress,
    )


def _check_rows(
    actor: User, records: list[tuple[int, dict[str, str]]], header: set[str], result: ImportResult
) -> list[_Plan]:
    lookups = load_supplier_lookups(actor, records)
    identity_column = "external_id" if "external_id" in header else "supplier"
    today = timezone.localdate()
    first_row_of: dict[str, int] = {}
    valid: list[tuple[int, Supplier, str, dict[str, Any]]] = []
    for number, record in records:
        errors: list[tuple[str | None, str]] = []
        if record.pop("__extra__", None):
            errors.append((None, "The row has more cells than the header has columns."))
        supplier, column, reason = find_supplier(record, lookups, identity_column)
        if supplier is None:
            errors.append((column, reason))
        elif not can(actor, "performance.edit", supplier):
            errors.append((column, "You may not record deliveries for this supplier."))
        po = record.get("po_line_id", "")
        if not po:
            errors.append(("po_line_id", "Give the PO line id."))
        elif len(po) > 100:
            errors.append(("po_line_id", "At most 100 characters are allowed."))
        elif po in first_row_of:
            errors.append(("po_line_id", f"Row {first_row_of[po]} has the same PO line."))
        else:
            first_row_of[po] = number
        values = _check_values(record, errors, today)
        for error_column, error_reason in errors:
            result.add_error(number, error_column, error_reason)
        if supplier is not None and not errors:
            valid.append((number, supplier, po, values))
    existing: dict[str, DeliveryLine] = {}
    for chunk in chunks([po for _, _, po, _ in valid]):
        existing.update(
            (line.po_line_id, line) for line in DeliveryLine.objects.filter(po_line_id__in=chunk)
        )
    plans = []
    for number, supplier, po, values in valid:
        line = existing.get(po)
        if line is not None and line.supplier_id != supplier.pk:
            result.add_error(number, "po_line_id", f"PO line '{po}' belongs to another supplier.")
            continue
        if line is None:
            action = "create"
        else:
            same = all(getattr(line, name) == value for name, value in values.items())
            action = "unchanged" if same else "update"
        plans.append(_Plan(number, supplier, po, values, action))
    return plans


def _check_values(
    record: dict[str, str], errors: list[tuple[str | None, str]], today: dt.date
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    bad: set[str] = set()
    for name in ("ordered_on", "promised_on", "received_on"):
        text = record.get(name, "")
        if not text:
            if name in REQUIRED:
                errors.append((name, "Give a date (YYYY-MM-DD)."))
                bad.add(name)
            values.setdefault(name, None)
            continue
        try:
            values[name] = _parse_day(text)
        except ValueError as exc:
            errors.append((name, str(exc)))
            bad.add(name)
    for name in ("promised_qty", "received_qty", "rejected_qty"):
        text = record.get(name, "")
        if not text:
            if name in REQUIRED:
                errors.append((name, "Give a quantity."))
                bad.add(name)
            values[name] = Decimal(0)
            continue
        try:
            values[name] = _parse_quantity(text)
        except ValueError as exc:
            errors.append((name, str(exc)))
            bad.add(name)
    checked = {k: v for k, v in values.items() if k not in bad}
    for name, reason in services.delivery_problems(checked, today).items():
        if name not in bad:
            errors.append((name, reason))
    return values


def _parse_day(text: str) -> dt.date:
    found = _DATE.fullmatch(text)
    try:
        day = dt.date.fromisoformat(found.group(1)) if found else None
    except ValueError:
        day = None
    if day is None:
        raise ValueError(f"'{text}' is not a date; use YYYY-MM-DD.")
    return day


def _parse_quantity(text: str) -> Decimal:
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"'{text}' is not a number.") from None
    if not value.is_finite():
        raise ValueError(f"'{text}' is not a number.")
    if value < 0:
        raise ValueError("A quantity cannot be negative.")
    if value > MAX_QUANTITY:
        raise ValueError("This quantity is too large.")
    return value.quantize(Decimal("0.001"))
