"""Import delivery lines (purchase-order lines) from a CSV or XLSX file, by the same rules as
the other imports: each problem is reported with its row, column and reason, and a file with
errors changes nothing unless only the valid rows were asked for.

Each row names an existing supplier by ``external_id`` or ``supplier`` (its name). Rows are
keyed by ``po_line_id``: importing the same file again updates the changed lines and leaves
the others alone, never duplicating them.

Delivery files can be large (an ERP's year of order lines), so this import streams: rows are
read, checked and written a chunk at a time (5,000 rows) inside ONE transaction, which is
rolled back at the end when the file had errors (or for a dry run). Memory stays flat: only
the current chunk, the first errors (see `ImportResult.add_error`), the suppliers named so
far and a compact record of the PO line ids met so far (`streaming.SeenKeys`) are kept. So
the file's size is limited (PARTNERBOOK_MAX_IMPORT_BYTES), its number of rows is not."""

from __future__ import annotations

import datetime as dt
import gc
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation
from itertools import chain, islice
from typing import IO, Any, NamedTuple

from django.conf import settings
from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.utils import timezone

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import can, require
from partnerbook.suppliers.imports import (
    ImportFileError,
    ImportResult,
    MappingArg,
    Progress,
    SupplierLookups,
    Table,
    check_header,
    database_lost_message,
    find_supplier,
    load_supplier_lookups,
    table_records,
)
from partnerbook.suppliers.mapping import HeaderPlan, plan_header
from partnerbook.suppliers.models import Supplier

from . import services, streaming

COLUMNS = (
    "po_line_id", "external_id", "supplier", "ordered_on", "promised_on", "promised_qty",
    "received_on", "received_qty", "rejected_qty",
)  # fmt: skip
IDENTITY = ("external_id", "supplier")
REQUIRED = ("ordered_on", "promised_on", "promised_qty")
_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
MAX_QUANTITY = Decimal("99999999999.999")
CHUNK_ROWS = 5000
PROGRESS_STAGE = "Importing delivery lines"
# Identifiers looked up without finding a supplier are remembered so that each is asked for
# once; past this many (a file of nothing but unknown suppliers) the memory is cleared.
_MAX_REMEMBERED_MISSES = 100_000


def import_deliveries(
    actor: User,
    source: IO[bytes] | bytes,
    filename: str,
    *,
    valid_only: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    chunk_size: int = CHUNK_ROWS,
    mapping: MappingArg = None,
) -> ImportResult:
    """Check and write a deliveries file as `actor`, `chunk_size` rows at a time, in one
    transaction: any error undoes it all unless `valid_only` (then the bad rows are left out
    and reported); `dry_run` undoes it in any case and reports what it would have done."""
    require(actor, "supplier.import")
    result = ImportResult(dry_run=dry_run, valid_only=valid_only)
    header_plan: HeaderPlan | None = None
    try:
        table = streaming.open_table(source, filename, settings.PARTNERBOOK_MAX_IMPORT_BYTES)
    except ImportFileError as exc:
        return _stopped(result, None, None, str(exc))
    try:
        first = next(table.rows, None)
        if first is None:
            raise ImportFileError("The file has a header row but no rows under it.")
        # The same mapping step as every other import (suppliers.imports.run_import), a row
        # at a time because this import streams.
        header_plan = plan_header(table.header, COLUMNS, mapping)
        for title, reason in header_plan.errors:
            result.add_error(1, title, reason)
        header = header_plan.header
        columns = check_header(Table(header, []), result, COLUMNS, identity=IDENTITY)
        if result.error_count:
            result.blocked = True
            return result
        rows: Iterator[tuple[int, list[str]]] = chain([first], table.rows)
        if header_plan.changes:
            rows = ((number, header_plan.row(cells)) for number, cells in rows)
        run = _Run(actor, result, header, columns, progress, table.estimated_rows)
        run.all(rows, max(1, chunk_size))
    except ImportFileError as exc:
        _stopped(result, None, None, str(exc))
    except _UnnamedColumn as exc:
        _stopped(result, 1, f"#{exc.index + 1}", "This column has values but no name.")
    except IntegrityError:
        _stopped(result, None, None, CHANGED_MEANWHILE)
    except (OperationalError, InterfaceError):
        connection = transaction.get_connection()
        if not connection.in_atomic_block:
            # Drop a broken connection now, so that the page or command reconnects afterwards.
            connection.close_if_unusable_or_obsolete()
        _stopped(result, None, None, database_lost_message("saving"))
    finally:
        table.close()
        result.errors = header_plan.restore(result.errors) if header_plan else result.errors
    return result


CHANGED_MEANWHILE = (
    "Someone changed these suppliers or delivery lines while the file was imported; "
    "nothing was imported. Import it again."
)


class _UnnamedColumn(Exception):
    """A column without a name has a value: a problem with the header, so with every row."""

    def __init__(self, index: int) -> None:
        super().__init__(index)
        self.index = index


def _stopped(
    result: ImportResult, row: int | None, column: str | None, reason: str
) -> ImportResult:
    """Block `result` with the one problem that stopped the whole file; the row errors found
    before it are dropped (nothing was written)."""
    result.errors.clear()
    result.error_count = result.created = result.updated = result.unchanged = 0
    result.skipped = 0
    result.applied = False
    result.blocked = True
    result.add_error(row, column, reason)
    return result


class _Run:
    """One streaming import: checks each chunk of rows and hands the good ones to the
    writer, keeping only what later chunks need."""

    def __init__(
        self,
        actor: User,
        result: ImportResult,
        header: list[str],
        columns: dict[int, str],
        progress: Progress | None,
        estimated_rows: int,
    ) -> None:
        self.actor, self.result, self.header, self.columns = actor, result, header, columns
        self.progress, self.estimated_rows = progress, estimated_rows
        self.unnamed = [index for index, title in enumerate(header) if not title.strip()]
        self.identity_column = "external_id" if "external_id" in columns.values() else "supplier"
        self.today = timezone.localdate()
        self.seen = streaming.SeenKeys(expected=estimated_rows)
        self.lookups = SupplierLookups(by_external_id={}, by_name={})
        self.asked_ids: set[str] = set()
        self.asked_names: set[str] = set()
        self.allowed: dict[int, bool] = {}
        self.bad_rows = 0

    def all(self, rows: Iterator[tuple[int, list[str]]], chunk_size: int) -> None:
        result = self.result
        writer = streaming.DeliveryWriter(self.actor)
        # Reading and checking the next chunk is pure Python and runs in a second thread
        # while the database writes this one (the driver lets go of the GIL while it waits),
        # so the two overlap instead of taking turns. It starts once this chunk is staged,
        # so that it does not compete with the staging, which is Python work too. Only this
        # thread touches the database, and at most two chunks are in memory.
        with (
            _collector_paused(),
            transaction.atomic(),
            ThreadPoolExecutor(1, "delivery-import") as reader,
        ):
            writer.open()
            prepared = self._prepare(rows, chunk_size)
            while prepared:
                result.rows += len(prepared)
                for row, po in writer.stage(self._finish(prepared)):
                    result.add_error(
                        row, "po_line_id", f"PO line '{po}' belongs to another supplier."
                    )
                    self.bad_rows += 1
                pending = reader.submit(self._prepare, rows, chunk_size)
                # Once the file is bound to be refused, the rest is only checked.
                if result.valid_only or not result.error_count:
                    written = writer.apply()
                    result.created += written.created
                    result.updated += written.updated
                    result.unchanged += written.unchanged
                if self.progress:
                    total = max(self.estimated_rows, result.rows)
                    self.progress(PROGRESS_STAGE, result.rows, total)
                prepared = pending.result()
            writer.close()
            result.skipped = self.bad_rows
            if result.error_count and not result.valid_only:
                result.blocked = True
                result.created = result.updated = result.unchanged = 0
            if result.blocked or result.dry_run:
                transaction.set_rollback(True)
        result.applied = not (result.blocked or result.dry_run)
        if result.applied and (result.created or result.updated):
            named = chain(self.lookups.by_external_id.values(), *self.lookups.by_name.values())
            services.forget_scores(supplier.pk for supplier in named)
        if self.progress:
            self.progress(PROGRESS_STAGE, result.rows, result.rows)

    def _prepare(self, rows: Iterator[tuple[int, list[str]]], chunk_size: int) -> list[_Prepared]:
        """Read the next chunk and run every check that needs no database: each row with
        its errors so far and where a supplier error would go among them. Runs in the
        reading thread; an empty list at the end of the file."""
        chunk = list(islice(rows, chunk_size))
        for index in self.unnamed:
            for _, cells in chunk:
                if index < len(cells) and cells[index].strip():
                    raise _UnnamedColumn(index)
        seen, today = self.seen, self.today
        prepared = []
        for number, record in table_records(Table(self.header, chunk), self.columns):
            errors: list[tuple[str | None, str]] = []
            if record.pop("__extra__", None):
                errors.append((None, "The row has more cells than the header has columns."))
            supplier_error_at = len(errors)
            po = record.get("po_line_id", "")
            if not po:
                errors.append(("po_line_id", "Give the PO line id."))
            elif len(po) > 100:
                errors.append(("po_line_id", "At most 100 characters are allowed."))
            elif (first := seen.first_row(po, number)) is not None:
                errors.append(("po_line_id", f"Row {first} has the same PO line."))
            values = _check_values(record, errors, today)
            prepared.append(_Prepared(number, record, po, values, errors, supplier_error_at))
        return prepared

    def _finish(self, prepared: list[_Prepared]) -> list[streaming.Line]:
        """Find each row's supplier and check that `actor` may record its deliveries; report
        the rows' errors and return the good rows as lines to write."""
        self._load_suppliers([(p.number, p.record) for p in prepared])
        result, lookups, identity_column = self.result, self.lookups, self.identity_column
        lines: list[streaming.Line] = []
        for number, record, po, values, errors, supplier_error_at in prepared:
            supplier, column, reason = find_supplier(record, lookups, identity_column)
            if supplier is None:
                errors.insert(supplier_error_at, (column, reason))
            elif not self._may_edit(supplier):
                errors.insert(
                    supplier_error_at, (column, "You may not record deliveries for this supplier.")
                )
            if supplier is None or errors:
                self.bad_rows += 1
                for error_column, error_reason in errors:
                    result.add_error(number, error_column, error_reason)
                continue
            lines.append(
                (number, po, supplier.pk, values["ordered_on"], values["promised_on"],
                 values["promised_qty"], values["received_on"], values["received_qty"],
                 values["rejected_qty"])
            )  # fmt: skip
        return lines

    def _load_suppliers(self, records: list[tuple[int, dict[str, str]]]) -> None:
        """Look up the suppliers this chunk names that no earlier chunk named."""
        new = []
        for number, record in records:
            external_id = record.get("external_id")
            if external_id:
                if external_id not in self.asked_ids:
                    new.append((number, record))
            elif record.get("supplier") and record["supplier"].casefold() not in self.asked_names:
                new.append((number, record))
        if not new:
            return
        if len(self.asked_ids) + len(self.asked_names) > _MAX_REMEMBERED_MISSES:
            self.asked_ids.clear()
            self.asked_names.clear()
        found = load_supplier_lookups(self.actor, new)
        self.lookups.by_external_id.update(found.by_external_id)
        self.lookups.by_name.update(found.by_name)
        for _, record in new:
            if record.get("external_id"):
                self.asked_ids.add(record["external_id"])
            else:
                self.asked_names.add(record["supplier"].casefold())

    def _may_edit(self, supplier: Supplier) -> bool:
        allowed = self.allowed.get(supplier.pk)
        if allowed is None:
            allowed = self.allowed[supplier.pk] = can(self.actor, "performance.edit", supplier)
        return allowed


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector: the rows make millions of short-lived containers
    without cycles (reference counting frees them), and each automatic collection would
    walk every object the process holds; that took a third of the checking time in the
    benchmark. The chunks' garbage stays bounded, and the collector resumes afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Prepared(NamedTuple):
    """One row after the checks that need no database."""

    number: int
    record: dict[str, str]
    po: str
    values: dict[str, Any]
    errors: list[tuple[str | None, str]]
    supplier_error_at: int  # where in `errors` a problem with the supplier belongs


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
    checked = {k: v for k, v in values.items() if k not in bad} if bad else values
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
