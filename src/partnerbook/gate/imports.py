"""Import of hand-ticked checklist items (CSV or XLSX), by the rules every import follows:
each problem is reported with its row, column and reason; a file with errors changes
nothing unless only the valid rows were asked for; the same file twice changes nothing the
second time. Only the items no other feature owns are ticked this way; the others follow
their own data (and their own imports)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO, Any

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import can, require
from partnerbook.core.spreadsheets import write_csv
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
from partnerbook.suppliers.models import Supplier

from . import domain, services
from .models import Tick

COLUMNS = ("external_id", "supplier", "item", "evidence")
EXPORT_COLUMNS = ("external_id", "supplier", "item", "holds", "evidence")


@dataclass
class _TickPlan:
    row: int
    supplier: Supplier
    key: str
    evidence: str
    existing: str | None

    @property
    def action(self) -> str:
        if self.existing is None:
            return "create"
        return "unchanged" if self.existing == self.evidence else "update"


def import_ticks(
    actor: User,
    source: IO[bytes] | bytes,
    filename: str,
    *,
    valid_only: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    mapping: MappingArg = None,
) -> ImportResult:
    """Tick `fit` and `financial` for the suppliers named, with the evidence given."""
    require(actor, "playbook.view")
    return run_import(
        ImportResult(dry_run=dry_run, valid_only=valid_only),
        source,
        filename,
        known=COLUMNS,
        identity=("supplier", "external_id"),
        check_rows=lambda table, columns, res: _check(actor, table, columns, res),
        save=lambda plan: _save(actor, plan),
        progress=progress,
        mapping=mapping,
    )


def _save(actor: User, plan: _TickPlan) -> None:
    if plan.action != "unchanged":
        services.tick(actor, plan.supplier, plan.key, plan.evidence)


def _item_key(text: str) -> str | None:
    wanted = " ".join(text.split()).casefold()
    for key, (label, _, _) in domain.MANUAL_ITEMS.items():
        if wanted in (key, label.casefold()):
            return key
    return None


def _check(
    actor: User, table: Table, columns: dict[int, str], result: ImportResult
) -> list[_TickPlan]:
    records = table_records(table, columns)
    lookups = load_supplier_lookups(actor, records)
    found_ids = {s.pk for s in lookups.by_external_id.values()} | {
        s.pk for group in lookups.by_name.values() for s in group
    }
    existing = {
        (t.supplier_id, t.key): t.evidence for t in Tick.objects.filter(supplier_id__in=found_ids)
    }
    seen: dict[tuple[int, str], int] = {}
    plans = []
    for number, record in records:
        errors: list[tuple[str | None, str]] = []
        if record.pop("__extra__", None):
            errors.append((None, "The row has more cells than the header has columns."))
        supplier, column, problem = find_supplier(record, lookups, "supplier")
        if problem:
            errors.append((column, problem))
        elif supplier is not None and not can(actor, "playbook.edit", supplier):
            errors.append((column, "You may not change this supplier's checklist."))
        key = _item_key(record.get("item", ""))
        if key is None:
            names = ", ".join(f"{k} ({label})" for k, (label, _, _) in domain.MANUAL_ITEMS.items())
            errors.append(("item", f"Only these items are ticked by hand: {names}."))
        evidence = record.get("evidence", "").strip()
        if not evidence:
            errors.append(("evidence", "Name the evidence you relied on."))
        elif len(evidence) > domain.MAX_EVIDENCE:
            errors.append(("evidence", f"Keep it under {domain.MAX_EVIDENCE} characters."))
        if supplier is not None and key is not None:
            if (supplier.pk, key) in seen:
                errors.append(("item", f"Row {seen[supplier.pk, key]} ticks the same item."))
            seen.setdefault((supplier.pk, key), number)
        for col, reason in errors:
            result.add_error(number, col, reason)
        if errors or supplier is None or key is None:
            continue
        plans.append(_TickPlan(number, supplier, key, evidence, existing.get((supplier.pk, key))))
    return plans


def export_checklists(suppliers: list[Supplier]) -> bytes:
    """Every item of each supplier's checklist as CSV: whether it holds and its evidence."""
    lists = services.checklists([s.pk for s in suppliers])
    rows: list[tuple[Any, ...]] = []
    for supplier in suppliers:
        for item in lists[supplier.pk].items:
            rows.append(
                (supplier.external_id, supplier.name, item.key, "yes" if item.ok else "no",
                 item.evidence)
            )  # fmt: skip
    return write_csv(EXPORT_COLUMNS, rows)
