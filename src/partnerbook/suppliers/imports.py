"""Import suppliers from a CSV or XLSX file: read, check every row, then write through services.

How rows find their supplier (so that importing the same file twice never duplicates):

- a row with an ``external_id`` updates the supplier with exactly that external id, or
  creates one when none has it;
- a row without an ``external_id`` updates the supplier whose name equals the row's name,
  ignoring case, when exactly one supplier has that name; it creates a supplier when none
  does, and is a row error when several do (the file must then say which one by external id).
  Such a match never renames the supplier, not even to change the letter case.

An empty cell leaves the value alone on update and means the default on create; a value
cannot be cleared through an import. Problems with the header (unknown or repeated columns)
block the whole file, even with ``valid_only``, because they concern every row.

The file reading, header check, error report and all-or-nothing saving are public here so that
other imports (segmentation factors) follow exactly the same rules.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import PurePath
from typing import IO, Any, Protocol, TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django_countries import countries

from partnerbook.accounts.models import INTERNAL_ROLES, User
from partnerbook.accounts.policy import require
from partnerbook.core import currencies
from partnerbook.core.spreadsheets import FORMULA_TRIGGERS

from . import services
from .domain import STATUS_LABELS, transition_error
from .mapping import HeaderPlan, plan_header
from .models import Category, Supplier

COLUMNS = (
    "external_id", "name", "legal_name", "category", "country", "website", "status",
    "annual_spend", "currency", "relationship_owner", "tags", "notes",
)  # fmt: skip
# Read but never exported: why a manager makes a supplier active without the complete
# decision checklist (the status guard's override).
IMPORT_COLUMNS = (*COLUMNS, "override_reason")
FORMATS = ("csv", "xlsx")
MAX_REPORTED_ERRORS = 200
MAX_ROWS = 100_000
MAX_COLUMNS = 100
# Cells starting with these may run as formulas in a spreadsheet; exports put an
# apostrophe in front, and imports take it away again.
_CHUNK = 500
logger = logging.getLogger(__name__)
_PLAIN_FIELDS = ("external_id", "name", "legal_name", "website", "currency", "notes")

MappingArg = Any
"""A column mapping for `run_import`: None, a dict {file's title: column}, a
`mapping.ColumnMapping` or a saved `models.ImportMapping` profile."""

Progress = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)`` while checking and while saving rows."""


class ImportFileError(Exception):
    """The file as a whole cannot be read (too big, wrong type, corrupt, empty)."""


@dataclass(frozen=True)
class RowError:
    """One problem: spreadsheet row (header = 1; None for the whole file), column, reason."""

    row: int | None
    column: str | None
    reason: str

    def __str__(self) -> str:
        if self.row is None:
            return self.reason
        where = f"row {self.row}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.reason}"


@dataclass
class ImportResult:
    """What an import did (or, for a dry run or a blocked import, would have done)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    applied: bool = False
    blocked: bool = False  # errors stopped (or, in a dry run, would stop) the import
    error_count: int = 0
    rows: int = 0
    skipped: int = 0
    dry_run: bool = False
    valid_only: bool = False
    can_create: bool = True  # False: rows only update existing records, so no "created" count

    def add_error(self, row: int | None, column: str | None, reason: str) -> None:
        """Record a problem; the list keeps the first MAX_REPORTED_ERRORS, the count all."""
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append(RowError(row, column, reason))

    @property
    def hidden_errors(self) -> int:
        """Errors counted but not listed."""
        return self.error_count - len(self.errors)

    @property
    def summary(self) -> str:
        """One or two sentences for people: what happened and why."""
        counts = f"{self.updated} updated, {self.unchanged} unchanged"
        if self.can_create:
            counts = f"{self.created} created, {counts}"
        noun = "error" if self.error_count == 1 else "errors"
        if self.blocked:
            start = "Check only: as it is, this file" if self.dry_run else "Nothing was imported:"
            text = (
                f"{start} would change nothing because it has {self.error_count} {noun}."
                if self.dry_run
                else f"{start} the file has {self.error_count} {noun}."
            )
            if not self.valid_only and any((e.row or 0) > 1 for e in self.errors):
                text += " Fix them and import again, or import the valid rows only."
            return text
        if self.dry_run:
            text = f"Check only, nothing was saved. The import would give: {counts}."
            if self.skipped:
                text += f" {self.skipped} row(s) with errors would be left out."
            return text
        text = f"Import done: {counts}."
        if self.skipped:
            text += f" {self.skipped} row(s) with errors were left out."
        return text


@dataclass
class Table:
    """A file's header cells and its non-blank rows."""

    header: list[str]
    rows: list[tuple[int, list[str]]]  # (spreadsheet row number, cells)


@dataclass
class _Plan:
    """What one valid row will do."""

    row: int
    supplier: Supplier | None  # None: create a new supplier
    fields: dict[str, Any]  # for an update, only the fields that change
    tags: list[str] | None = None
    status: str | None = None  # for an update, the status to move to
    override_reason: str = ""  # for a status move a guard would refuse (a manager's reason)

    @property
    def action(self) -> str:
        if self.supplier is None:
            return "create"
        if self.fields or self.tags is not None or self.status:
            return "update"
        return "unchanged"


def import_suppliers(
    actor: User,
    source: IO[bytes] | bytes,
    filename: str,
    *,
    valid_only: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    mapping: MappingArg = None,
) -> ImportResult:
    """Check every row of a supplier file, then create or update suppliers as `actor`.

    Any error means nothing is saved, unless `valid_only`: then the valid rows are saved
    and the others reported. `dry_run` checks and counts without saving anything.
    """
    require(actor, "supplier.import")
    return run_import(
        ImportResult(dry_run=dry_run, valid_only=valid_only),
        source,
        filename,
        known=IMPORT_COLUMNS,
        identity=("name", "external_id"),
        check_rows=lambda table, columns, result: _check_rows(
            actor, table, columns, result, progress
        ),
        save=lambda plan: _save(actor, plan),
        save_bulk=lambda plans: _save_bulk(actor, plans),
        progress=progress,
        mapping=mapping,
    )


def run_import(
    result: ImportResult,
    source: IO[bytes] | bytes,
    filename: str,
    *,
    known: Sequence[str],
    identity: Sequence[str],
    check_rows: Callable[[Table, dict[int, str], ImportResult], Sequence[PlanT]],
    save: Callable[[PlanT], None] | None = None,
    save_all: Callable[[Sequence[PlanT]], None] | None = None,
    save_bulk: Callable[[Sequence[PlanT]], Sequence[PlanT]] | None = None,
    progress: Progress | None,
    mapping: MappingArg = None,
) -> ImportResult:
    """The steps every import shares: read the file, map its columns (`mapping`: a saved
    profile, a dict {file's title: column}, or None for names and synonyms only; see
    `suppliers.mapping`), check the header, check every row, then stop on errors, count (dry
    run) or save. `check_rows` turns rows into plans and reports row errors; `save` writes one
    plan through the services, or `save_all` writes every plan that changes something at once
    (a bulk write; all rows are checked before). With `save` and `save_bulk`, the plans are
    first offered to `save_bulk`, which writes those it can in bulk and returns the others
    for `save` (see `save_plans`). Errors name the file's own column titles."""
    try:
        table = read_table(source, filename)
    except ImportFileError as exc:
        result.add_error(None, None, str(exc))
        result.blocked = True
        return result
    header_plan = plan_header(table.header, known, mapping)
    if header_plan.changes:
        table = Table(header_plan.header, [(n, header_plan.row(c)) for n, c in table.rows])
    try:
        return _run_checked(
            result,
            table,
            header_plan,
            known,
            identity,
            check_rows,
            save,
            save_all,
            progress,
            save_bulk,
        )
    finally:
        result.errors = header_plan.restore(result.errors)


def _run_checked(
    result: ImportResult,
    table: Table,
    header_plan: HeaderPlan,
    known: Sequence[str],
    identity: Sequence[str],
    check_rows: Callable[[Table, dict[int, str], ImportResult], Sequence[PlanT]],
    save: Callable[[PlanT], None] | None,
    save_all: Callable[[Sequence[PlanT]], None] | None,
    progress: Progress | None,
    save_bulk: Callable[[Sequence[PlanT]], Sequence[PlanT]] | None = None,
) -> ImportResult:
    for title, reason in header_plan.errors:
        result.add_error(1, title, reason)
    columns = check_header(table, result, known, identity=identity)
    if result.error_count:
        result.blocked = True
        return result
    result.rows = len(table.rows)
    try:
        plans = check_rows(table, columns, result)
    except (OperationalError, InterfaceError):
        _database_lost(result, "checking the file")
        return result
    result.skipped = result.rows - len(plans)
    if result.error_count and not result.valid_only:
        result.blocked = True
        return result
    if result.dry_run:
        count_plans(plans, result)
        return result
    if save_all is not None:
        save_all_plans(plans, result, save_all, known)
    elif save is not None:
        save_plans(plans, result, progress, save, known, save_bulk)
    return result


def save_all_plans(
    plans: Sequence[PlanT],
    result: ImportResult,
    save_all: Callable[[Sequence[PlanT]], None],
    columns: Sequence[str],
) -> None:
    """Write every plan that changes something with one bulk `save_all`, in one transaction:
    a failure undoes all of it and is reported for the file."""
    try:
        with transaction.atomic():
            save_all([plan for plan in plans if plan.action != "unchanged"])
    except (ValidationError, PermissionDenied, IntegrityError) as exc:
        _report(result, None, exc, columns)
        result.blocked = True
        return
    except (OperationalError, InterfaceError):
        _database_lost(result, "saving")
        return
    count_plans(plans, result)
    result.applied = True


# Reading files -----------------------------------------------------------------------------


def read_table(source: IO[bytes] | bytes, filename: str) -> Table:
    """The header and the non-blank rows of a CSV or XLSX file, every cell as text.

    Raises ImportFileError when the file is too big, of another type, damaged or empty.
    """
    limit: int = settings.PARTNERBOOK_MAX_IMPORT_BYTES
    extension = PurePath(filename or "").suffix.lower().lstrip(".")
    if extension not in FORMATS:
        raise ImportFileError("Upload a .csv or .xlsx file.")
    size = len(source) if isinstance(source, bytes) else getattr(source, "size", None)
    if not isinstance(size, int) or size <= limit:
        data = source if isinstance(source, bytes) else source.read(limit + 1)
        size = len(data)
    if size > limit:
        raise ImportFileError(
            f"The file is larger than the {_megabytes(limit)} an import may have. "
            "Split it into smaller files."
        )
    if not data.strip():
        raise ImportFileError("The file is empty.")
    raw_rows = _csv_rows(data) if extension == "csv" else _xlsx_rows(data)
    table = _to_table(raw_rows)
    if not table.rows:
        raise ImportFileError("The file has a header row but no rows under it.")
    return table


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size} bytes"


def _csv_rows(data: bytes) -> Iterator[list[Any]]:
    if b"\x00" in data:
        raise ImportFileError("This does not look like a CSV file (it contains binary data).")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            "The CSV file is not UTF-8 text. Save it as 'CSV UTF-8' and try again."
        ) from exc
    first_line = text.split("\n", 1)[0]
    # The header holds only column names, so the separator it uses most is the file's.
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield from reader
    except csv.Error as exc:
        raise ImportFileError(f"The CSV file cannot be read: {exc}.") from exc


def _xlsx_rows(data: bytes) -> Iterator[list[Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
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
            for values in sheet.iter_rows(values_only=True):
                yield list(values)
        except ImportFileError:
            raise
        except Exception as exc:  # a damaged sheet fails while it is being read
            raise ImportFileError("The first sheet of the workbook cannot be read.") from exc
    finally:
        workbook.close()


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def _to_table(raw_rows: Iterable[list[Any]]) -> Table:
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    for number, raw in enumerate(raw_rows, start=1):
        cells = [cell_text(v) for v in raw]
        while cells and not cells[-1].strip():
            cells.pop()
        if header is None:
            if not cells:
                raise ImportFileError(
                    "The first row must be the header with the column names; it is empty."
                )
            if len(cells) > MAX_COLUMNS:
                raise ImportFileError(f"The file has more than {MAX_COLUMNS} columns.")
            header = cells
            continue
        if not cells:
            continue  # blank rows are skipped, but still counted so numbers match the sheet
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(
                f"The file has more than {MAX_ROWS:,} rows. Split it into smaller files."
            )
        rows.append((number, cells))
    if header is None:
        raise ImportFileError("The file is empty.")
    return Table(header=header, rows=rows)


def _column_key(text: str) -> str:
    return "_".join(text.strip().lower().split())


def check_header(
    table: Table, result: ImportResult, known: Sequence[str], identity: Sequence[str]
) -> dict[int, str]:
    """Map each column position to its known column name; report unknown or repeated ones,
    and a header without any of the `identity` columns that say which record a row is about.
    """
    columns: dict[int, str] = {}
    seen: set[str] = set()
    for index, title in enumerate(table.header):
        key = _column_key(title)
        if not key:
            if any(index < len(cells) and cells[index].strip() for _, cells in table.rows):
                result.add_error(1, f"#{index + 1}", "This column has values but no name.")
            continue
        if key not in known:
            result.add_error(
                1, title.strip(), f"Unknown column. Known columns: {', '.join(known)}."
            )
        elif key in seen:
            result.add_error(1, title.strip(), "This column appears more than once.")
        else:
            seen.add(key)
            columns[index] = key
    if not result.error_count and not seen.intersection(identity):
        needed = " or ".join(f"an '{c}'" if c[0] in "aeiou" else f"a '{c}'" for c in identity)
        result.add_error(1, None, f"The file needs {needed} column.")
    return columns


# Checking rows -----------------------------------------------------------------------------


@dataclass
class _Lookups:
    """Reference data for the whole file, fetched in a fixed number of queries."""

    categories: dict[str, Category | None]  # casefolded name -> category; None: ambiguous
    users: dict[str, User | None]  # casefolded username or e-mail -> user; None: ambiguous
    by_external_id: dict[str, Supplier]
    by_name: dict[str, list[Supplier]]


def chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    """`values` in slices of 500, for `__in` filters of a bounded size."""
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _load_lookups(records: list[tuple[int, dict[str, str]]]) -> _Lookups:
    categories: dict[str, Category | None] = {}
    for category in Category.objects.all():
        key = category.name.casefold()
        categories[key] = None if key in categories else category
    users: dict[str, User | None] = {}
    for user in User.objects.filter(role__in=INTERNAL_ROLES, is_active=True):
        for key in {user.username.casefold(), user.email.casefold()} - {""}:
            users[key] = None if key in users and users[key] != user else user

    external_ids = sorted({r["external_id"] for _, r in records if r.get("external_id")})
    wanted_names = {r["name"].casefold() for _, r in records if r.get("name")}
    name_pks: dict[str, list[int]] = {}
    if any(not r.get("external_id") and r.get("name") for _, r in records):
        for pk, name in Supplier.objects.values_list("pk", "name"):
            if name.casefold() in wanted_names:
                name_pks.setdefault(name.casefold(), []).append(pk)
    wanted_pks = sorted({pk for pks in name_pks.values() for pk in pks})

    suppliers = Supplier.objects.select_related("category", "relationship_owner")
    suppliers = suppliers.prefetch_related("tags")
    loaded: dict[int, Supplier] = {}
    for chunk in chunks(external_ids):
        loaded.update((s.pk, s) for s in suppliers.filter(external_id__in=chunk))
    for chunk in chunks([pk for pk in wanted_pks if pk not in loaded]):
        loaded.update((s.pk, s) for s in suppliers.filter(pk__in=chunk))
    return _Lookups(
        categories=categories,
        users=users,
        by_external_id={s.external_id: s for s in loaded.values() if s.external_id},
        by_name={key: [loaded[pk] for pk in pks] for key, pks in name_pks.items()},
    )


def table_records(
    table: Table, columns: dict[int, str], keep_spacing: Sequence[str] = ()
) -> list[tuple[int, dict[str, str]]]:
    """Each row as (row number, {column: cell text}), trimmed except in `keep_spacing` columns.

    A row with more cells than the header has columns gets the key ``__extra__``.
    """
    records = []
    for number, cells in table.rows:
        record: dict[str, str] = {}
        for index, key in columns.items():
            if index < len(cells):
                value = _unguard(cells[index])
                record[key] = value if key in keep_spacing and value.strip() else value.strip()
        if len(cells) > len(table.header):
            record["__extra__"] = "1"
        records.append((number, record))
    return records


def _unguard(value: str) -> str:
    if value[:1] == "'" and value[1:2] and value[1] in FORMULA_TRIGGERS:
        return value[1:]
    return value


def _check_rows(
    actor: User,
    table: Table,
    columns: dict[int, str],
    result: ImportResult,
    progress: Progress | None,
) -> list[_Plan]:
    records = table_records(table, columns, keep_spacing=("notes",))
    lookups = _load_lookups(records)
    plans: list[_Plan] = []
    first_row_of: dict[str, int] = {}  # external id / supplier / new name -> first row
    for done, (number, record) in enumerate(records, start=1):
        errors: list[tuple[str | None, str]] = []
        supplier, match_error = _find_supplier(record, lookups)
        plan = None
        if match_error:
            errors.append(("name", match_error))
        else:
            for key in _identity_keys(supplier, record):
                if key in first_row_of:
                    where = "external_id" if key.startswith("id:") else "name"
                    errors.append((where, f"Row {first_row_of[key]} is about the same supplier."))
                    break
            for key in _identity_keys(supplier, record):
                first_row_of.setdefault(key, number)
            plan = _check_row(number, record, supplier, lookups, errors)
        if plan is not None and plan.supplier is not None and plan.status and not errors:
            _guard_errors(actor, plan.supplier, plan, errors)
        for column, reason in errors:
            result.add_error(number, column, reason)
        if plan is not None and not errors:
            plans.append(plan)
        if progress and (done % 100 == 0 or done == len(records)):
            progress("Checking", done, len(records))
    return plans


def _identity_keys(supplier: Supplier | None, record: dict[str, str]) -> list[str]:
    keys = []
    if record.get("external_id"):
        keys.append(f"id:{record['external_id']}")
    if supplier is not None:
        keys.append(f"supplier:{supplier.pk}")
    elif not record.get("external_id") and record.get("name"):
        keys.append(f"name:{record['name'].casefold()}")
    return keys


def _check_row(
    number: int,
    record: dict[str, str],
    supplier: Supplier | None,
    lookups: _Lookups,
    errors: list[tuple[str | None, str]],
) -> _Plan | None:
    """Parse and validate one row for `supplier` (None: a new one).

    Appends (column, reason) to `errors`; returns None when the row cannot be imported.
    """
    if record.pop("__extra__", None):
        errors.append((None, "The row has more cells than the header has columns."))
    values: dict[str, Any] = {}
    bad: set[str] = set()

    def fail(column: str, reason: str) -> None:
        errors.append((column, reason))
        bad.add(column)

    for key in _PLAIN_FIELDS:
        if record.get(key):
            values[key] = record[key]
    if supplier is not None and not record.get("external_id"):
        values.pop("name", None)  # the name found the supplier; a change of case is no rename
    if "currency" in values:
        values["currency"] = values["currency"].upper()
    if "website" in values and "://" not in values["website"]:
        values["website"] = f"https://{values['website']}"
    if supplier is None and not record.get("name"):
        fail("name", "A new supplier needs a name.")
    if record.get("category"):
        category = lookups.categories.get(record["category"].casefold(), False)
        if category is False:
            fail("category", f"No category is called '{record['category']}'.")
        elif category is None:
            fail("category", "Several categories have this name; rename one of them.")
        else:
            values["category"] = category
    if record.get("country"):
        code = _country_code(record["country"])
        if code:
            values["country"] = code
        else:
            fail("country", f"'{record['country']}' is not a country name or ISO code.")
    status = None
    if record.get("status"):
        status = _status_value(record["status"])
        if status is None:
            fail("status", f"Unknown status. Use one of: {', '.join(STATUS_LABELS)}.")
    if record.get("annual_spend"):
        try:
            values["annual_spend"] = parse_amount(record["annual_spend"])
        except ValueError as exc:
            fail("annual_spend", str(exc))
    if "currency" in values and not currencies.is_currency(values["currency"]):
        fail("currency", currencies.MESSAGE)
    if record.get("relationship_owner"):
        owner = lookups.users.get(record["relationship_owner"].casefold(), False)
        if owner is False:
            fail("relationship_owner", "No active internal user has this username or e-mail.")
        elif owner is None:
            fail("relationship_owner", "Several users match; use the username.")
        else:
            values["relationship_owner"] = owner
    tags: list[str] | None = None
    if record.get("tags"):
        try:
            tags = services.normalise_tags(re.split(r"[,;]", record["tags"]))
        except ValidationError as exc:
            fail("tags", " ".join(exc.messages))

    _model_errors(supplier, values, status, bad, errors)
    if status is not None and supplier is not None and status != supplier.status:
        if supplier.archived:
            fail("status", "The supplier is archived; restore it before changing its status.")
        elif reason := transition_error(supplier.status, status):
            fail("status", reason)
    if bad or errors:
        return None
    if supplier is None:
        if status is not None:
            values["status"] = status
        return _Plan(row=number, supplier=None, fields=values, tags=tags)
    changed = {k: v for k, v in values.items() if not _same(supplier, k, v)}
    if tags is not None and sorted(t.name for t in supplier.tags.all()) == sorted(tags):
        tags = None
    return _Plan(
        row=number,
        supplier=supplier,
        fields=changed,
        tags=tags,
        status=status if status != supplier.status else None,
        override_reason=record.get("override_reason", ""),
    )


def _guard_errors(
    actor: User, supplier: Supplier, plan: _Plan, errors: list[tuple[str | None, str]]
) -> None:
    """The status guards' refusal of the row's status move (e.g. the decision checklist
    before active), one error per line, so that nothing is saved. A few queries for each
    row that moves a supplier to a guarded status; none for the others."""
    refusal = services.status_refusal(actor, supplier, plan.status or "", plan.override_reason)
    if refusal is None:
        return
    for name, messages in refusal.message_dict.items():
        column = name if name in IMPORT_COLUMNS else "status"
        errors.extend((column, message) for message in messages)


def _find_supplier(record: dict[str, str], lookups: _Lookups) -> tuple[Supplier | None, str]:
    if record.get("external_id"):
        return lookups.by_external_id.get(record["external_id"]), ""
    matches = lookups.by_name.get(record.get("name", "").casefold(), [])
    if len(matches) > 1:
        return None, (
            f"{len(matches)} suppliers have this name; add their external_id to say which one."
        )
    return (matches[0] if matches else None), ""


def _model_errors(
    supplier: Supplier | None,
    values: dict[str, Any],
    status: str | None,
    bad: set[str],
    errors: list[tuple[str | None, str]],
) -> None:
    """Run the model's own field validation on the row's would-be supplier, without queries."""
    if supplier is None:
        candidate = Supplier()
    else:
        candidate = Supplier(
            **{f.attname: getattr(supplier, f.attname) for f in Supplier._meta.concrete_fields}
        )
    for key, value in values.items():
        if key not in bad:
            setattr(candidate, key, value)
    if status is not None and "status" not in bad:
        candidate.status = status
    # Category and owner were looked up above; checking them again would cost a query a row.
    # The model's clean() only asks whether another supplier has the row's external id:
    # the lookups answer that (a row whose external id exists updates that supplier).
    # The country was checked against the list of countries above; the field's own check
    # rebuilds its choices each time (a millisecond a row).
    exclude = [*bad, "category", "relationship_owner", "country"]
    if supplier is None and not values.get("name"):
        exclude.append("name")
    try:
        candidate.clean_fields(exclude=exclude)
    except ValidationError as exc:
        for column, messages in exc.message_dict.items():
            for message in messages:
                errors.append((column if column in COLUMNS else None, message))
                bad.add(column)


def _same(supplier: Supplier, key: str, value: Any) -> bool:
    if key == "category":
        return supplier.category_id == value.pk
    if key == "relationship_owner":
        return supplier.relationship_owner_id == value.pk
    if key == "country":
        return bool(supplier.country.code == value)
    if key == "notes":  # browsers send CRLF, XLSX keeps LF: not a change people made
        return _lines(supplier.notes) == _lines(value)
    return bool(getattr(supplier, key) == value)


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _country_code(text: str) -> str:
    code = countries.alpha2(text.upper()) if len(text) <= 3 else ""
    if not code:
        found = countries.by_name(text)
        code = found if isinstance(found, str) else ""
    return str(code)


def _status_value(text: str) -> str | None:
    wanted = _column_key(text)
    for status, label in STATUS_LABELS.items():
        if wanted in {status.value, _column_key(label)}:
            return status.value
    return None


def parse_amount(text: str) -> Decimal:
    """A non-negative amount from '1234.5', '1,234.50', '1.234,50' or '1234,5'.

    Raises ValueError with a reason people understand.
    """
    value = re.sub(r"[\s\u00a0\u202f']", "", text)
    if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", value):
        value = value.replace(",", "")
    elif re.fullmatch(r"-?\d{1,3}(\.\d{3})*,\d+", value):
        value = value.replace(".", "").replace(",", ".")
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"'{text}' is not a number.") from None
    if not amount.is_finite():
        raise ValueError(f"'{text}' is not a number.")
    if amount < 0:
        raise ValueError("The annual spend cannot be negative.")
    return amount


# Finding existing suppliers (for imports about them: segmentation, interactions) -------------


@dataclass
class SupplierLookups:
    """The suppliers a file names, by external id and by casefolded name."""

    by_external_id: dict[str, Supplier]
    by_name: dict[str, list[Supplier]]  # casefolded name -> suppliers with that name


def load_supplier_lookups(
    actor: User, records: list[tuple[int, dict[str, str]]], related: Sequence[str] = ()
) -> SupplierLookups:
    """The suppliers visible to `actor` that the rows name in their `external_id` or
    `supplier` column, with `related` one-to-one records joined; a fixed number of queries
    plus one per 500 suppliers."""
    visible = Supplier.objects.visible_to(actor)
    external_ids = sorted({r["external_id"] for _, r in records if r.get("external_id")})
    wanted_names = {
        r["supplier"].casefold()
        for _, r in records
        if r.get("supplier") and not r.get("external_id")
    }
    name_pks: dict[str, list[int]] = {}
    if wanted_names:
        for pk, name in visible.values_list("pk", "name"):
            if name.casefold() in wanted_names:
                name_pks.setdefault(name.casefold(), []).append(pk)
    joined = visible.select_related(*related) if related else visible
    loaded: dict[int, Supplier] = {}
    for chunk in chunks(external_ids):
        loaded.update((s.pk, s) for s in joined.filter(external_id__in=chunk))
    for chunk in chunks(sorted({pk for pks in name_pks.values() for pk in pks} - set(loaded))):
        loaded.update((s.pk, s) for s in joined.filter(pk__in=chunk))
    return SupplierLookups(
        by_external_id={s.external_id: s for s in loaded.values() if s.external_id},
        by_name={key: [loaded[pk] for pk in pks] for key, pks in name_pks.items()},
    )


def find_supplier(
    record: dict[str, str], lookups: SupplierLookups, identity_column: str
) -> tuple[Supplier | None, str, str]:
    """(supplier, the column that found it, '') or (None, column, why not)."""
    external_id, name = record.get("external_id", ""), record.get("supplier", "")
    if external_id:
        supplier = lookups.by_external_id.get(external_id)
        if supplier is None:
            return None, "external_id", f"No supplier has the external id '{external_id}'."
        if name and name.casefold() != supplier.name.casefold():
            return None, "supplier", (
                f"The supplier with external id '{external_id}' is called '{supplier.name}'."
            )  # fmt: skip
        return supplier, "external_id", ""
    if not name:
        return None, identity_column, "Say which supplier: give its external_id or its name."
    matches = lookups.by_name.get(name.casefold(), [])
    if not matches:
        return None, "supplier", f"No supplier is called '{name}'; an import never creates one."
    if len(matches) > 1:
        return None, "supplier", (
            f"{len(matches)} suppliers have this name; add their external_id to say which one."
        )  # fmt: skip
    return matches[0], "supplier", ""


# Saving ------------------------------------------------------------------------------------


class _Rollback(Exception):
    """Raised inside the transaction to undo an all-or-nothing import."""


class Plan(Protocol):
    """What one checked row will do: its row number and 'create', 'update' or 'unchanged'."""

    @property
    def row(self) -> int: ...

    @property
    def action(self) -> str: ...


PlanT = TypeVar("PlanT", bound=Plan)


def count_plans(plans: Sequence[Plan], result: ImportResult) -> None:
    for plan in plans:
        action = plan.action
        if action == "create":
            result.created += 1
        elif action == "update":
            result.updated += 1
        else:
            result.unchanged += 1


def save_plans(
    plans: Sequence[PlanT],
    result: ImportResult,
    progress: Progress | None,
    save: Callable[[PlanT], None],
    columns: Sequence[str],
    save_bulk: Callable[[Sequence[PlanT]], Sequence[PlanT]] | None = None,
) -> None:
    """Save every plan with `save` in one transaction: all or nothing, or with
    `result.valid_only` each row on its own. Errors are reported under their row and, when
    the field is one of `columns`, that column.

    With `save_bulk`, the plans go to it first: it writes those it can in bulk (a few
    queries per thousand rows) and returns the others, which `save` writes one by one. Should
    the bulk write fail, it is undone and every plan is saved one by one instead, so that
    each problem is still reported under its row."""
    try:
        with transaction.atomic():
            rest: Sequence[PlanT] = plans
            if save_bulk is not None and plans:
                rest = _save_in_bulk(plans, result, save_bulk)
                if progress and len(rest) < len(plans):
                    progress("Saving", len(plans) - len(rest), len(plans))
            for done, plan in enumerate(rest, start=len(plans) - len(rest) + 1):
                try:
                    # In valid-only mode each row gets a savepoint, so a failure undoes it alone.
                    with transaction.atomic(savepoint=result.valid_only):
                        save(plan)
                except (ValidationError, PermissionDenied, IntegrityError) as exc:
                    _report(result, plan.row, exc, columns)
                    if not result.valid_only:
                        raise _Rollback from exc
                    result.skipped += 1
                else:
                    count_plans([plan], result)
                if progress and (done % 100 == 0 or done == len(plans)):
                    progress("Saving", done, len(plans))
    except _Rollback:
        result.created = result.updated = result.unchanged = 0
        result.blocked = True
        return
    except (OperationalError, InterfaceError):
        # The connection was lost (server restarted, network, lock timeout): the transaction
        # is gone with it, so nothing of this import was written and it can simply be rerun.
        _database_lost(result, "saving")
        return
    result.applied = True


def _save_in_bulk(
    plans: Sequence[PlanT],
    result: ImportResult,
    save_bulk: Callable[[Sequence[PlanT]], Sequence[PlanT]],
) -> Sequence[PlanT]:
    """Offer `plans` to `save_bulk` inside a savepoint; count what it wrote and return the
    plans left for saving one by one (all of them when the bulk write failed)."""
    try:
        with transaction.atomic():
            rest = save_bulk(plans)
    except (ValidationError, PermissionDenied, IntegrityError):
        logger.info("A bulk import write failed; saving its rows one by one.", exc_info=True)
        return plans
    left = {id(plan) for plan in rest}
    count_plans([plan for plan in plans if id(plan) not in left], result)
    return rest


def _database_lost(result: ImportResult, stage: str) -> None:
    """Block `result` with one file-level error saying that the database went away."""
    logger.warning("The database was lost during an import, while %s.", stage, exc_info=True)
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        # Drop a broken connection now, so that the page or command reconnects afterwards.
        connection.close_if_unusable_or_obsolete()
    result.created = result.updated = result.unchanged = 0
    result.blocked = True
    result.add_error(None, None, database_lost_message(stage))


def database_lost_message(stage: str = "saving") -> str:
    """What people are told when the database went away during an import."""
    return f"The database could not be reached while {stage}; nothing was imported. Try again."


def _report(result: ImportResult, row: int | None, exc: Exception, columns: Sequence[str]) -> None:
    if isinstance(exc, IntegrityError):
        result.add_error(row, None, "Someone changed this record meanwhile; import again.")
    elif isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for column, messages in exc.message_dict.items():
            for message in messages:
                result.add_error(row, column if column in columns else None, message)
    else:
        messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        for message in messages:
            result.add_error(row, None, message)


def _save(actor: User, plan: _Plan) -> None:
    data = dict(plan.fields)
    if plan.tags is not None:
        data["tags"] = plan.tags
    if plan.supplier is None:
        services.create_supplier(actor, data)
        return
    if data:
        services.update_supplier(actor, plan.supplier, data)
    if plan.status:
        services.change_status(
            actor, plan.supplier, plan.status, "Changed by an import.", plan.override_reason
        )


def _save_bulk(actor: User, plans: Sequence[_Plan]) -> list[_Plan]:
    """Write the plain creations and updates in bulk (`services.create_suppliers`,
    `services.update_suppliers`); return the plans that set tags or move a status, which
    `_save` writes one by one through the single-supplier services."""
    creates: list[_Plan] = []
    updates: list[_Plan] = []
    rest: list[_Plan] = []
    for plan in plans:
        if plan.tags is not None or plan.status:
            rest.append(plan)
        elif plan.supplier is None:
            creates.append(plan)
        elif plan.fields:
            updates.append(plan)
    services.create_suppliers(actor, [plan.fields for plan in creates])
    services.update_suppliers(
        actor, [(plan.supplier, plan.fields) for plan in updates if plan.supplier is not None]
    )
    return rest
