"""The machinery behind the streaming deliveries import: a file read row by row (CSV decoded
as it is read, XLSX through openpyxl's read-only mode), a compact record of the PO
line ids met so far, and a writer that stores checked lines chunk by chunk in the caller's
transaction (COPY into a staging table and one upsert on PostgreSQL; executemany and one
upsert on SQLite), with their history rows.

Nothing here keeps a whole file: memory grows with the chunk size and, for the PO line ids,
by a fixed 16 bytes a slot (see `SeenKeys`)."""

from __future__ import annotations

import csv
import io
import itertools
import zlib
from array import array
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, Any

from django.db import connection
from django.utils import timezone

from partnerbook.accounts.models import User
from partnerbook.suppliers.imports import (
    FORMATS,
    MAX_COLUMNS,
    ImportFileError,
    cell_text,
)

_BLOCK = 1 << 20  # bytes read at a time


# --- reading ----------------------------------------------------------------------------------


@dataclass
class StreamedTable:
    """A file's header and an iterator over its non-blank rows as (spreadsheet row number,
    cells as text, blank cells at the end dropped). Reading the rows may still raise
    ImportFileError (binary data, not UTF-8, a damaged sheet, a file growing past the
    limit). `estimated_rows` is for progress bars only (0: unknown)."""

    header: list[str]
    rows: Generator[tuple[int, list[str]], None, None]
    estimated_rows: int

    def close(self) -> None:
        self.rows.close()


def open_table(source: IO[bytes] | bytes, filename: str, limit: int) -> StreamedTable:
    """Open a CSV or XLSX file for reading row by row, with the same rules and messages as
    `suppliers.imports.read_table` (which reads a whole file at once), except that there is
    no limit on the number of rows (the size limit, `limit` bytes, still applies). The
    header has been read when this returns. Raises ImportFileError."""
    extension = PurePath(filename or "").suffix.lower().lstrip(".")
    if extension not in FORMATS:
        raise ImportFileError("Upload a .csv or .xlsx file.")
    stream: IO[bytes] = io.BytesIO(source) if isinstance(source, bytes) else source
    size = _size(stream)
    if size is not None and size > limit:
        raise ImportFileError(_too_big(limit))
    if size == 0:
        raise ImportFileError("The file is empty.")
    if extension == "csv":
        estimate = _count_lines(stream) - 1
        raw: Iterator[list[Any]] = _csv_rows(stream, limit)
        convert = False
    else:
        raw = _xlsx_rows(stream, limit)
        estimate = next(raw)[0] - 1  # the first item is the sheet's row count (see there)
        convert = True
    rows = _rows(raw, convert)
    try:
        header = next(rows)[1]
    except BaseException:
        rows.close()
        raise
    return StreamedTable(header=header, rows=rows, estimated_rows=max(estimate, 0))


def _too_big(limit: int) -> str:
    size = f"{limit / (1024 * 1024):.0f} MB" if limit >= 1024 * 1024 else f"{limit} bytes"
    return f"The file is larger than the {size} an import may have. Split it into smaller files."


def _size(stream: IO[bytes]) -> int | None:
    """Bytes left to read, when that can be known without reading."""
    size = getattr(stream, "size", None)
    if isinstance(size, int):
        return size
    try:
        if stream.seekable():
            here = stream.tell()
            end = stream.seek(0, io.SEEK_END)
            stream.seek(here)
            return end - here
    except (AttributeError, OSError, ValueError):
        pass
    return None


def _count_lines(stream: IO[bytes]) -> int:
    """Line breaks in a seekable file (a quick first pass, for the progress bar), 0 when the
    file cannot be read twice."""
    try:
        if not stream.seekable():
            return 0
        here = stream.tell()
    except (AttributeError, OSError, ValueError):
        return 0
    count = 0
    last = b""
    while block := stream.read(_BLOCK):
        count += block.count(b"\n")
        last = block
    stream.seek(here)
    return count + (1 if last and not last.endswith(b"\n") else 0)


def _rows(raw: Iterator[list[Any]], convert: bool) -> Generator[tuple[int, list[str]], None, None]:
    """The header first (row 1), then each non-blank row; blank rows are skipped but counted,
    so numbers match the spreadsheet."""
    header: list[str] | None = None
    number = 0
    for number, values in enumerate(raw, start=1):  # noqa: B007 (used after the loop)
        header = _trimmed(values, convert)
        if not header:
            if any(_trimmed(more, convert) for more in raw):
                raise ImportFileError(
                    "The first row must be the header with the column names; it is empty."
                )
            raise ImportFileError("The file is empty.")
        if len(header) > MAX_COLUMNS:
            raise ImportFileError(f"The file has more than {MAX_COLUMNS} columns.")
        break
    if header is None:
        raise ImportFileError("The file is empty.")
    yield number, header
    for row, values in enumerate(raw, start=number + 1):
        cells = _trimmed(values, convert)
        if cells:
            yield row, cells


def _trimmed(values: list[Any], convert: bool) -> list[str]:
    """The cells as text, without the blank ones at the end."""
    cells = [cell_text(v) for v in values] if convert else values
    while cells and not cells[-1].strip():
        cells.pop()
    return cells


class _CheckedBytes(io.RawIOBase):
    """A binary stream that refuses binary data (NUL bytes) and more than `limit` bytes."""

    def __init__(self, source: IO[bytes], limit: int) -> None:
        self.source, self.limit, self.done = source, limit, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.source.read(len(buffer))
        if b"\x00" in data:
            raise ImportFileError("This does not look like a CSV file (it contains binary data).")
        self.done += len(data)
        if self.done > self.limit:
            raise ImportFileError(_too_big(self.limit))
        buffer[: len(data)] = data
        return len(data)


def _csv_rows(stream: IO[bytes], limit: int) -> Iterator[list[Any]]:
    raw = io.BufferedReader(_CheckedBytes(stream, limit), _BLOCK)
    text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
    try:
        first = text.readline()
        # The header holds only column names, so the separator it uses most is the file's.
        header_line = first.split("\n", 1)[0]
        delimiter = max((",", ";", "\t"), key=header_line.count)
        yield from csv.reader(itertools.chain([first], text), delimiter=delimiter)
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            "The CSV file is not UTF-8 text. Save it as 'CSV UTF-8' and try again."
        ) from exc
    except csv.Error as exc:
        raise ImportFileError(f"The CSV file cannot be read: {exc}.") from exc


def _xlsx_rows(stream: IO[bytes], limit: int) -> Iterator[list[Any]]:
    """First yields [the sheet's row count (0: unknown)], then each row's values."""
    from openpyxl import load_workbook

    try:
        seekable = stream.seekable()
    except (AttributeError, OSError, ValueError):
        seekable = False
    if not seekable:  # a zip file needs seeking; the size limit bounds this copy
        data = stream.read(limit + 1)
        if len(data) > limit:
            raise ImportFileError(_too_big(limit))
        stream = io.BytesIO(data)
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of error for a damaged file
        raise ImportFileError(
            "The file is not a readable Excel workbook (.xlsx). Open and save it again in "
            "a spreadsheet program, or export it as CSV."
        ) from exc
    try:
        if not workbook.worksheets:
            raise ImportFileError("The workbook has no sheet.")
        sheet = workbook.worksheets[0]
        try:
            yield [getattr(sheet, "max_row", None) or 0]
            for values in sheet.iter_rows(values_only=True):
                yield list(values)
        except ImportFileError:
            raise
        except Exception as exc:  # a damaged sheet fails while it is being read
            raise ImportFileError("The first sheet of the workbook cannot be read.") from exc
    finally:
        workbook.close()


# --- PO line ids met so far -------------------------------------------------------------------


class SeenKeys:
    """The keys met so far in a file (PO line ids), each with the row it first appeared on.

    Not a dict of strings: an open-addressing table of three flat arrays holding Python's
    64-bit string hash, a CRC-32 of the key and the row number: 16 bytes a slot, at most
    half the slots in use. A million ids cost 32 MB (2^21 slots; 48 MB for a moment while
    the table doubles, which `expected` avoids), where a dict from a million ids such as
    'PO-00000001' to their rows takes 117 MB. Two different ids count as the same only when
    both their 64-bit hash and their CRC-32 agree: for a million ids, about one chance in
    10^17 per file."""

    def __init__(self, expected: int = 0) -> None:
        slots = 1 << 16
        while slots < 2 * expected:
            slots <<= 1
        self._allocate(slots)
        self.count = 0

    def _allocate(self, slots: int) -> None:
        self._hashes = array("q", [0]) * slots
        self._checks = array("I", [0]) * slots
        self._rows = array("I", [0]) * slots
        self._mask = slots - 1

    def first_row(self, key: str, row: int) -> int | None:
        """The row where `key` appeared first, or None (and `key` is remembered at `row`)."""
        found = hash(key) or 1  # 0 marks an empty slot
        check = zlib.crc32(key.encode("utf-8", "surrogatepass"))
        hashes, mask = self._hashes, self._mask
        slot = found & mask
        while (other := hashes[slot]) != 0:
            if other == found and self._checks[slot] == check:
                return self._rows[slot]
            slot = (slot + 1) & mask
        hashes[slot], self._checks[slot], self._rows[slot] = found, check, row
        self.count += 1
        if self.count * 2 > len(hashes):
            self._grow()
        return None

    def _grow(self) -> None:
        old = zip(self._hashes, self._checks, self._rows, strict=True)
        hashes, checks, rows = self._hashes, self._checks, self._rows
        self._allocate(len(hashes) * 2)
        mask = self._mask
        for found, check, row in old:
            if found:
                slot = found & mask
                while self._hashes[slot]:
                    slot = (slot + 1) & mask
                self._hashes[slot], self._checks[slot], self._rows[slot] = found, check, row
        del hashes, checks, rows

    @property
    def nbytes(self) -> int:
        """Memory held by the table."""
        return sum(a.itemsize * len(a) for a in (self._hashes, self._checks, self._rows))


# --- writing ----------------------------------------------------------------------------------

STAGE = "pb_delivery_stage"
LINE_COLUMNS = (
    "po_line_id", "supplier_id", "ordered_on", "promised_on", "promised_qty", "received_on",
    "received_qty", "rejected_qty",
)  # fmt: skip
VALUE_COLUMNS = LINE_COLUMNS[2:]
TABLE = "performance_deliveryline"
HISTORY_TABLE = "performance_historicaldeliveryline"
# A staged line whose PO line id is another supplier's. A scalar subquery, not a join: each
# staged line looks its PO line id up in the index, where a join would let the planner,
# without statistics on the fresh staging table, hash the whole table of lines every chunk.
_ANOTHER_SUPPLIERS = (
    f"(SELECT d.supplier_id FROM {TABLE} d WHERE d.po_line_id = {STAGE}.po_line_id) "  # noqa: S608
    f"<> {STAGE}.supplier_id"
)
CREATED_REASON = "Delivery line imported."
UPDATED_REASON = "Delivery line updated."


@dataclass
class Written:
    """What one chunk did: lines created, updated and left as they were."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0


Line = tuple[Any, ...]
"""(row, po_line_id, supplier_id, ordered_on, promised_on, promised_qty, received_on,
received_qty, rejected_qty) of one checked row."""


class DeliveryWriter:
    """Stores checked delivery lines chunk by chunk inside the caller's transaction: a
    temporary staging table takes each chunk (COPY on PostgreSQL, executemany elsewhere),
    and the lines whose PO line id is another supplier's are found and left out (`stage`);
    then one statement creates the new lines and updates the changed ones (keyed by PO line
    id; an unchanged line is not touched, not even its version), and their history rows are
    written in bulk with `actor` and the reason "Delivery line imported." or "Delivery line
    updated." (`apply`). At most five queries a chunk, whatever its size."""

    def __init__(self, actor: User) -> None:
        self.actor = actor
        self.postgres = connection.vendor == "postgresql"
        self.staged = 0

    def open(self) -> None:
        """Create the staging table (inside the current transaction)."""
        decimal = "numeric(14, 3)" if self.postgres else "decimal"
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self._temporary}.{STAGE}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {STAGE} (row_number integer NOT NULL, "
                "po_line_id varchar(100) NOT NULL, supplier_id bigint NOT NULL, "
                f"ordered_on date NOT NULL, promised_on date NOT NULL, promised_qty {decimal} "
                f"NOT NULL, received_on date NULL, received_qty {decimal} NOT NULL, "
                f"rejected_qty {decimal} NOT NULL)" + (" ON COMMIT DROP" if self.postgres else "")
            )

    def close(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self._temporary}.{STAGE}")

    @property
    def _temporary(self) -> str:
        """The schema of temporary tables: never drop a real table of the same name."""
        return "pg_temp" if self.postgres else "temp"

    def stage(self, lines: Sequence[Line]) -> list[tuple[int, str]]:
        """Put `lines` (one chunk) in the staging table, in place of the chunk before, and
        return the (row, PO line id) of those whose PO line id belongs to another supplier;
        these are left out of the staging table."""
        self.staged = len(lines)
        if not lines:
            return []
        with connection.cursor() as cursor:
            cursor.execute(f"{'TRUNCATE' if self.postgres else 'DELETE FROM'} {STAGE}")
            self._stage(cursor, lines)
            cursor.execute(
                f"SELECT row_number, po_line_id FROM {STAGE} WHERE {_ANOTHER_SUPPLIERS} "  # noqa: S608
                "ORDER BY row_number"
            )
            foreign = [(row, po) for row, po in cursor.fetchall()]
            if foreign:
                cursor.execute(f"DELETE FROM {STAGE} WHERE {_ANOTHER_SUPPLIERS}")  # noqa: S608
        self.staged -= len(foreign)
        return foreign

    def apply(self) -> Written:
        """Create or update the staged lines, with their history rows."""
        if not self.staged:
            return Written()
        now = timezone.now()
        with connection.cursor() as cursor:
            if self.postgres:
                created, updated = self._upsert_postgres(cursor, now)
            else:
                created, updated = self._upsert_sqlite(cursor, now)
        return Written(created, updated, self.staged - created - updated)

    def _stage(self, cursor: Any, lines: Sequence[Line]) -> None:
        columns = f"row_number, {', '.join(LINE_COLUMNS)}"
        if self.postgres:
            with cursor.copy(f"COPY {STAGE} ({columns}) FROM STDIN") as copy:
                for line in lines:
                    copy.write_row(line)
            return
        ops = connection.ops
        cursor.executemany(
            f"INSERT INTO {STAGE} ({columns}) VALUES ({', '.join(['%s'] * 9)})",  # noqa: S608
            [
                (
                    row,
                    po,
                    supplier,
                    ops.adapt_datefield_value(ordered),
                    ops.adapt_datefield_value(promised),
                    ops.adapt_decimalfield_value(qty),
                    ops.adapt_datefield_value(received),
                    ops.adapt_decimalfield_value(got),
                    ops.adapt_decimalfield_value(rejected),
                )
                for row, po, supplier, ordered, promised, qty, received, got, rejected in lines
            ],
        )

    def _upsert_sql(self, distinct: str) -> str:
        columns = ", ".join(LINE_COLUMNS)
        updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in VALUE_COLUMNS)
        return (
            f"INSERT INTO {TABLE} ({columns}, version, updated_at) "  # noqa: S608
            f"SELECT {columns}, 1, %s FROM {STAGE} WHERE true "
            f"ON CONFLICT (po_line_id) DO UPDATE SET {updates}, "
            f"version = {TABLE}.version + 1, updated_at = EXCLUDED.updated_at "
            f"WHERE {TABLE}.supplier_id = EXCLUDED.supplier_id AND ({distinct}) "
            f"RETURNING id, {columns}, version, updated_at"
        )

    def _upsert_postgres(self, cursor: Any, now: Any) -> tuple[int, int]:
        """One statement: the upsert, the history rows of what it wrote, and the counts
        (a line with version 1 was just created)."""
        mine = ", ".join(f"{TABLE}.{c}" for c in VALUE_COLUMNS)
        theirs = ", ".join(f"EXCLUDED.{c}" for c in VALUE_COLUMNS)
        upsert = self._upsert_sql(f"({mine}) IS DISTINCT FROM ({theirs})")
        columns = f"id, {', '.join(LINE_COLUMNS)}, version, updated_at"
        cursor.execute(
            f"WITH written AS ({upsert}), logged AS ("  # noqa: S608
            f"INSERT INTO {HISTORY_TABLE} ({columns}, history_date, history_change_reason, "
            "history_type, history_user_id) "
            f"SELECT {columns}, %s, CASE WHEN version = 1 THEN %s ELSE %s END, "
            "CASE WHEN version = 1 THEN '+' ELSE '~' END, %s FROM written) "
            "SELECT COUNT(*) FILTER (WHERE version = 1), COUNT(*) FILTER (WHERE version > 1) "
            "FROM written",
            [now, now, CREATED_REASON, UPDATED_REASON, self.actor.pk],
        )
        created, updated = cursor.fetchone()
        return int(created), int(updated)

    def _upsert_sqlite(self, cursor: Any, now: Any) -> tuple[int, int]:
        """The upsert returns what it wrote (at most a chunk), which goes back as history
        rows with executemany."""
        distinct = " OR ".join(f"{TABLE}.{c} IS NOT EXCLUDED.{c}" for c in VALUE_COLUMNS)
        stamp = connection.ops.adapt_datetimefield_value(now)
        cursor.execute(self._upsert_sql(distinct), [stamp])
        written = cursor.fetchall()
        if not written:
            return 0, 0
        columns = f"id, {', '.join(LINE_COLUMNS)}, version, updated_at"
        cursor.executemany(
            f"INSERT INTO {HISTORY_TABLE} ({columns}, history_date, "  # noqa: S608
            "history_change_reason, history_type, history_user_id) VALUES "
            f"({', '.join(['%s'] * 15)})",
            [
                (
                    *line,
                    stamp,
                    CREATED_REASON if line[-2] == 1 else UPDATED_REASON,
                    "+" if line[-2] == 1 else "~",
                    self.actor.pk,
                )  # fmt: skip
                for line in written
            ],
        )
        created = sum(1 for line in written if line[-2] == 1)
        return created, len(written) - created
