"""Import meeting cadences from a CSV or XLSX file, by the same rules as every import: each row
is checked first, each problem reported with its row, column and reason, and a file with
errors changes nothing unless only the valid rows were asked for.

Each row names an existing supplier (``external_id`` or ``supplier`` name) and a ``kind`` of
meeting. A supplier has at most one meeting of a kind through an import: when it has one, the
row updates it (empty cells leave values alone), otherwise the row adds it. Importing the
same file twice never duplicates.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from partnerbook.accounts.models import INTERNAL_ROLES, User
from partnerbook.accounts.policy import can, require
from partnerbook.suppliers.imports import (
    ImportResult,
    MappingArg,
    Progress,
    find_supplier,
    load_supplier_lookups,
    run_import,
    table_records,
)
from partnerbook.suppliers.models import Supplier

from . import domain, services
from .models import MAX_INTERVAL, CadenceItem

COLUMNS = (
    "external_id", "supplier", "kind", "interval_days", "channels", "our_level",
    "their_level", "attendees", "owner", "planned_start", "planned_end", "location",
)  # fmt: skip
IDENTITY = ("external_id", "supplier")
KIND_WORDS = {**{k: k for k in domain.KINDS}, **{v.casefold(): k for k, v in domain.KINDS.items()}}
TEXT_LIMITS = {"attendees": 300, "location": 200}


@dataclass
class _Plan:
    row: int
    supplier: Supplier
    item: CadenceItem | None
    fields: dict[str, Any] = field(default_factory=dict)

    @property
    def action(self) -> str:
        if self.item is None:
            return "create"
        return "update" if self.fields else "unchanged"


def _moment(text: str) -> dt.datetime:
    value = dt.datetime.fromisoformat(text)
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def _check(actor: User, table: Any, columns: dict[int, str], result: ImportResult) -> list[_Plan]:
    records = table_records(table, columns)
    lookups = load_supplier_lookups(actor, records)
    usernames = {r["owner"] for _, r in records if r.get("owner")}
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=usernames, is_active=True, role__in=INTERNAL_ROLES
        )
    }
    found_ids = {s.pk for s in lookups.by_external_id.values()} | {
        s.pk for group in lookups.by_name.values() for s in group
    }
    existing = {
        (i.supplier_id, i.kind): i
        for i in CadenceItem.objects.filter(supplier_id__in=found_ids)
        .select_related("owner")
        .order_by("-pk")
    }
    plans: list[_Plan] = []
    seen: dict[tuple[int, str], int] = {}
    for number, record in records:
        errors: list[tuple[str, str]] = []
        if record.get("__extra__"):
            errors.append(("", "The row has more cells than the header has columns."))
        supplier, column, why = find_supplier(record, lookups, "supplier")
        if supplier is None:
            errors.append((column, why))
        elif not can(actor, "cadence.edit", supplier):
            errors.append((column, f"You may not change the cadence of {supplier.name}."))
        kind = KIND_WORDS.get(record.get("kind", "").casefold())
        if kind is None:
            errors.append(("kind", f"Use one of: {', '.join(domain.KINDS)}."))
        values: dict[str, Any] = {}
        if record.get("interval_days"):
            text = record["interval_days"]
            if not text.isdigit() or not 1 <= int(text) <= MAX_INTERVAL:
                errors.append(("interval_days", f"Give whole days from 1 to {MAX_INTERVAL}."))
            else:
                values["interval_days"] = int(text)
        if record.get("channels"):
            channels = [c for c in record["channels"].replace(",", " ").split() if c]
            unknown = [c for c in channels if c not in domain.CHANNELS]
            if unknown:
                errors.append(("channels", f"Unknown channel(s): {', '.join(unknown)}."))
            else:
                values["channels"] = list(dict.fromkeys(channels))
        for name in ("our_level", "their_level"):
            if record.get(name):
                if record[name] not in domain.LEVELS:
                    errors.append((name, f"Use one of: {', '.join(domain.LEVELS)}."))
                else:
                    values[name] = record[name]
        for name, limit in TEXT_LIMITS.items():
            if record.get(name):
                if len(record[name]) > limit:
                    errors.append((name, f"At most {limit} characters."))
                else:
                    values[name] = record[name]
        if record.get("owner"):
            owner = users.get(record["owner"])
            if owner is None:
                errors.append(("owner", f"No active colleague with username '{record['owner']}'."))
            else:
                values["owner"] = owner
        for name in ("planned_start", "planned_end"):
            if record.get(name):
                try:
                    values[name] = _moment(record[name])
                except ValueError:
                    errors.append((name, "Give a date and time like 2026-03-31 09:30."))
        if supplier is not None and kind is not None:
            key = (supplier.pk, kind)
            if key in seen:
                errors.append(("kind", f"Row {seen[key]} already has this meeting."))
            seen.setdefault(key, number)
        if not errors and supplier is not None and kind is not None:
            item = existing.get((supplier.pk, kind))
            if item is None:
                values.setdefault("channels", list(domain.DEFAULT_CHANNELS[kind]))
                values.setdefault("owner", supplier.relationship_owner or actor)
                values["kind"] = kind
            else:
                values = {
                    k: v
                    for k, v in values.items()
                    if (getattr(item, f"{k}_id", None) if k == "owner" else getattr(item, k))
                    != (v.pk if k == "owner" else v)
                }
            # The service's own checks on a trial copy, so that a row that passes here
            # (a dry run too) is saved as it was checked.
            trial = copy.copy(item) if item is not None else CadenceItem(supplier=supplier)
            try:
                services.check_item(trial, values)
            except ValidationError as exc:
                for name, messages in exc.message_dict.items():
                    errors.append((name if name in COLUMNS else "", messages[0]))
            else:
                plans.append(_Plan(number, supplier, item, values))
        for column_name, reason in errors:
            result.add_error(number, column_name or None, reason)
    return plans


def _save(actor: User, plan: _Plan) -> None:
    if plan.item is None:
        services.add_item(actor, plan.supplier, plan.fields, reason="Imported.")
    elif plan.fields:
        plan.item.supplier = plan.supplier
        services.update_item(actor, plan.item, plan.fields)


def import_cadence(
    actor: User,
    source: IO[bytes] | bytes,
    filename: str,
    *,
    valid_only: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    mapping: MappingArg = None,
) -> ImportResult:
    """Check every row, then add or update meetings as `actor` (see the module docstring)."""
    require(actor, "supplier.import")
    return run_import(
        ImportResult(dry_run=dry_run, valid_only=valid_only),
        source,
        filename,
        known=COLUMNS,
        identity=IDENTITY,
        check_rows=lambda table, columns, result: _check(actor, table, columns, result),
        save=lambda plan: _save(actor, plan),
        progress=progress,
        mapping=mapping,
    )
