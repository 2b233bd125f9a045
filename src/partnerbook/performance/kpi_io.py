"""Import and export of KPI definitions and entered measurements (CSV or XLSX), by the rules
every import keeps: each row checked first and each problem reported with its row, column
and reason; a file with errors changes nothing unless only the valid rows were asked for;
importing the same file again changes nothing.

- KPI definitions are keyed by their key and scope: no category and no supplier is the
  default; a ``category`` (its name) makes a category KPI; an ``external_id`` or ``supplier``
  makes one supplier's override. A row for an existing definition updates it (not its kind:
  a KPI that changes kind is a new KPI with a new key).
- Measurements are keyed by supplier, KPI and month; only entered KPIs (cost variance,
  responsiveness, innovation, custom) are measured this way.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django.db.models import QuerySet
from django.utils import timezone

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import can, require
from partnerbook.core.spreadsheets import CONTENT_TYPES, ExportFile, write_csv, write_xlsx
from partnerbook.suppliers.imports import (
    ImportResult,
    MappingArg,
    Progress,
    Table,
    find_supplier,
    load_supplier_lookups,
    run_import,
    table_records,
)
from partnerbook.suppliers.models import Category, Supplier

from . import domain, services
from .models import KpiDefinition, Measurement

KPI_COLUMNS = (
    "key", "name", "kind", "direction", "unit", "target", "yellow_threshold", "red_threshold",
    "weight", "core", "category", "external_id", "supplier",
)  # fmt: skip
MEASUREMENT_COLUMNS = ("external_id", "supplier", "kpi", "month", "value")
_TRUE = {"yes", "y", "true", "1", "x"}
_FALSE = {"no", "n", "false", "0", ""}
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")  # as KEY_VALIDATOR


# --- export ---------------------------------------------------------------------------------


def _write(title: str, columns: tuple[str, ...], rows: list[list[Any]], fmt: str,
           numbers: tuple[str, ...]) -> ExportFile:  # fmt: skip
    if fmt == "xlsx":
        content = write_xlsx(title, columns, rows, number_columns=numbers)
    else:
        content = write_csv(columns, rows)
    return ExportFile(content, CONTENT_TYPES[fmt], len(rows))


def export_kpis(definitions: QuerySet[KpiDefinition], fmt: str) -> ExportFile:
    """Every definition as a row the KPI import reads back unchanged (one query)."""
    rows = [
        [
            d.key, d.name, d.kind, d.direction, d.unit, d.target, d.yellow_threshold,
            d.red_threshold, d.weight, "yes" if d.core else "no",
            d.category.name if d.category else "",
            d.supplier.external_id if d.supplier else "", d.supplier.name if d.supplier else "",
        ]
        for d in definitions.select_related("category", "supplier").order_by("key", "pk")
    ]  # fmt: skip
    numbers = ("target", "yellow_threshold", "red_threshold", "weight")
    return _write("KPIs", KPI_COLUMNS, rows, fmt, numbers)


def export_measurements(measurements: QuerySet[Measurement], fmt: str) -> ExportFile:
    """Entered values as rows the measurement import reads back unchanged (one query)."""
    rows = [
        [m.supplier.external_id, m.supplier.name, m.kpi_key, f"{m.period:%Y-%m}", m.value]
        for m in measurements.select_related("supplier").order_by(
            "supplier__name", "kpi_key", "period"
        )  # fmt: skip
    ]
    return _write("Measurements", MEASUREMENT_COLUMNS, rows, fmt, ("value",))


# --- shared checks --------------------------------------------------------------------------


def _number(text: str, column: str, errors: list[tuple[str | None, str]]) -> float | None:
    try:
        value = float(text.replace(",", ""))
    except ValueError:
        errors.append((column, f"'{text}' is not a number."))
        return None
    if not math.isfinite(value) or abs(value) > services.MAX_MEASURED:
        errors.append((column, "Give a number between -1e12 and 1e12."))
        return None
    return value


def _month(text: str, errors: list[tuple[str | None, str]]) -> dt.date | None:
    try:
        return domain.parse_month(text)
    except ValueError as exc:
        errors.append(("month", str(exc)))
        return None


# --- KPI definitions import -----------------------------------------------------------------


@dataclass
class _KpiPlan:
    row: int
    data: dict[str, Any]
    category: Category | None
    supplier: Supplier | None
    existing: KpiDefinition | None
    changes: dict[str, Any] = field(default_factory=dict)

    @property
    def action(self) -> str:
        if self.existing is None:
            return "create"
        return "update" if self.changes else "unchanged"


def import_kpis(
    actor: User,
    source: IO[bytes] | bytes,
    filename: str,
    *,
    valid_only: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    mapping: MappingArg = None,
) -> ImportResult:
    """Create or update KPI definitions from a file; then measure the new baselines."""
    require(actor, "supplier.import")
    result = run_import(
        ImportResult(dry_run=dry_run, valid_only=valid_only),
        source,
        filename,
        known=KPI_COLUMNS,
        identity=("key",),
        check_rows=lambda table, columns, res: _check_kpis(actor, table, columns, res),
        save=lambda plan: _save_kpi(actor, plan),
        progress=progress,
        mapping=mapping,
    )
    if result.applied and result.created:
        services.ensure_all_baselines(actor=actor)
    return result


def _save_kpi(actor: User, plan: _KpiPlan) -> None:
    if plan.existing is None:
        services.define_kpi(
            actor, plan.data, category=plan.category, supplier=plan.supplier, measure=False
        )
    elif plan.changes:
        services.update_kpi(actor, plan.existing, plan.changes)


def _kpi_values(record: dict[str, str], errors: list[tuple[str | None, str]]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    key = record.get("key", "")
    if not _KEY.match(key) or len(key) > 40:
        errors.append(("key", "Use lower-case letters, digits and _, starting with a letter."))
    data["key"] = key
    name = record.get("name", "")
    if not name or len(name) > 100:
        errors.append(("name", "Give a name of at most 100 characters."))
    data["name"] = name
    for column, choices in (("kind", domain.KINDS), ("direction", domain.DIRECTIONS)):
        value = record.get(column, "")
        if value not in choices:
            errors.append((column, f"Use one of: {', '.join(choices)}."))
        data[column] = value
    unit = record.get("unit", "")
    if len(unit) > 20:
        errors.append(("unit", "At most 20 characters."))
    data["unit"] = unit
    for column in ("target", "yellow_threshold", "red_threshold"):
        text = record.get(column, "")
        if not text:
            errors.append((column, "Give a number."))
            continue
        data[column] = _number(text, column, errors)
    weight = _number(record.get("weight") or "1", "weight", errors)
    if weight is not None and not 0 <= weight <= 1000:
        errors.append(("weight", "Give a weight from 0 to 1,000."))
    data["weight"] = weight
    core = record.get("core", "yes").casefold()
    if core not in _TRUE | _FALSE:
        errors.append(("core", "Use yes or no."))
    data["core"] = core in _TRUE or not record.get("core")
    numbers = [data.get(c) for c in ("target", "yellow_threshold", "red_threshold")]
    if data["direction"] in domain.DIRECTIONS and all(n is not None for n in numbers):
        problem = domain.threshold_error(data["direction"], *numbers)  # type: ignore[arg-type]
        if problem:
            errors.append(("red_threshold", problem))
    return data


def _check_kpis(
    actor: User, table: Table, columns: dict[int, str], result: ImportResult
) -> list[_KpiPlan]:
    records = table_records(table, columns)
    header = set(columns.values())
    lookups = load_supplier_lookups(actor, records)
    identity = "external_id" if "external_id" in header else "supplier"
    categories = {c.name.casefold(): c for c in Category.objects.all()}
    existing = {
        (d.key, d.category_id, d.supplier_id): d
        for d in KpiDefinition.objects.filter(key__in={r.get("key", "") for _, r in records})
    }
    seen: dict[tuple[str, int | None, int | None], int] = {}
    plans = []
    for number, record in records:
        errors: list[tuple[str | None, str]] = []
        if record.pop("__extra__", None):
            errors.append((None, "The row has more cells than the header has columns."))
        data = _kpi_values(record, errors)
        category = supplier = None
        if record.get("category"):
            category = categories.get(record["category"].casefold())
            if category is None:
                errors.append(("category", f"No category is called '{record['category']}'."))
        if record.get("external_id") or record.get("supplier"):
            supplier, column, reason = find_supplier(record, lookups, identity)
            if supplier is None:
                errors.append((column, reason))
            elif category is not None:
                errors.append(("category", "A KPI applies to a category or a supplier, not both."))
            elif not can(actor, "performance.edit", supplier):
                errors.append((column, f"You may not change the KPIs of {supplier.name}."))
        elif not can(actor, "performance.configure"):
            errors.append(("key", "Only managers and administrators set shared KPIs."))
        scope = (data["key"], category.pk if category else None, supplier.pk if supplier else None)
        if scope in seen:
            errors.append(("key", f"Row {seen[scope]} defines the same KPI."))
        seen.setdefault(scope, number)
        found = existing.get(scope)
        if found is not None and data["kind"] and found.kind != data["kind"]:
            errors.append(("kind", f"'{found.key}' is already a {found.get_kind_display()} KPI; "
                                   "give a new key for a different kind."))  # fmt: skip
        for error_column, error_reason in errors:
            result.add_error(number, error_column, error_reason)
        if errors:
            continue
        changes = {}
        if found is not None:
            changes = {
                k: v for k, v in data.items() if k not in ("key", "kind") and getattr(found, k) != v
            }
        plans.append(_KpiPlan(number, data, category, supplier, found, changes))
    return plans


# --- measurements import --------------------------------------------------------------------


@dataclass
class _MeasurementPlan:
    row: int
    supplier: Supplier
    kpi: str
    month: dt.date
    value: float
    action: str


def import_measurements(
    actor: User,
    source: IO[bytes] | bytes,
    filename: str,
    *,
    valid_only: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    mapping: MappingArg = None,
) -> ImportResult:
    """Enter or correct monthly values of entered KPIs from a file, written in bulk."""
    require(actor, "supplier.import")

    def save_all(plans: Sequence[_MeasurementPlan]) -> None:
        services.save_measurements(actor, [(p.supplier, p.kpi, p.month, p.value) for p in plans])

    return run_import(
        ImportResult(dry_run=dry_run, valid_only=valid_only),
        source,
        filename,
        known=MEASUREMENT_COLUMNS,
        identity=("external_id", "supplier"),
        check_rows=lambda table, columns, res: _check_measurements(actor, table, columns, res),
        save_all=save_all,
        progress=progress,
        mapping=mapping,
    )


def _check_measurements(
    actor: User, table: Table, columns: dict[int, str], result: ImportResult
) -> list[_MeasurementPlan]:
    records = table_records(table, columns)
    header = set(columns.values())
    lookups = load_supplier_lookups(actor, records)
    identity = "external_id" if "external_id" in header else "supplier"
    found_suppliers = {s.pk: s for s in lookups.by_external_id.values()}
    for group in lookups.by_name.values():
        found_suppliers.update((s.pk, s) for s in group)
    definitions = services.effective_definitions_for(list(found_suppliers.values()))
    kinds = {pk: {d.key: d for d in defs} for pk, defs in definitions.items()}
    existing = {
        (m.supplier_id, m.kpi_key, m.period): m.value
        for m in Measurement.objects.filter(supplier_id__in=list(found_suppliers))
    }
    this_month = timezone.localdate().replace(day=1)
    seen: dict[tuple[int, str, dt.date], int] = {}
    plans = []
    for number, record in records:
        errors: list[tuple[str | None, str]] = []
        if record.pop("__extra__", None):
            errors.append((None, "The row has more cells than the header has columns."))
        supplier, column, reason = find_supplier(record, lookups, identity)
        if supplier is None:
            errors.append((column, reason))
        elif not can(actor, "performance.edit", supplier):
            errors.append((column, f"You may not enter measurements for {supplier.name}."))
        key = record.get("kpi", "")
        if supplier is not None and not errors:
            definition = kinds.get(supplier.pk, {}).get(key)
            if definition is None:
                errors.append(("kpi", f"'{key}' is not one of {supplier.name}'s KPIs."))
            elif definition.kind not in domain.ENTERED_KINDS:
                errors.append(("kpi", f"{definition.name} is not entered by month "
                                      f"({definition.get_kind_display()})."))  # fmt: skip
        month = _month(record.get("month", ""), errors)
        if month is not None and month > this_month:
            errors.append(("month", "A month in the future cannot be measured yet."))
        text = record.get("value", "")
        value = _number(text, "value", errors) if text else None
        if not text:
            errors.append(("value", "Give a number."))
        if supplier is not None and month is not None:
            natural = (supplier.pk, key, month)
            if natural in seen:
                errors.append(("month", f"Row {seen[natural]} has the same KPI and month."))
            seen.setdefault(natural, number)
        for error_column, error_reason in errors:
            result.add_error(number, error_column, error_reason)
        if errors or supplier is None or month is None or value is None:
            continue
        before = existing.get((supplier.pk, key, month))
        action = "create" if before is None else ("unchanged" if before == value else "update")
        plans.append(_MeasurementPlan(number, supplier, key, month, value, action))
    return plans


def export_deliveries(lines: QuerySet[Any], fmt: str) -> ExportFile:
    """Delivery lines as rows the deliveries import reads back unchanged (one query)."""
    from .imports import COLUMNS

    rows = [
        [
            line.po_line_id, line.supplier.external_id, line.supplier.name, line.ordered_on,
            line.promised_on, line.promised_qty, line.received_on or "", line.received_qty,
            line.rejected_qty,
        ]
        for line in lines.select_related("supplier").order_by("promised_on", "po_line_id")
    ]  # fmt: skip
    numbers = ("promised_qty", "received_qty", "rejected_qty")
    return _write("Deliveries", tuple(COLUMNS), rows, fmt, numbers)
