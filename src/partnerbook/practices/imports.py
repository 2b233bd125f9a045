"""Import agreements from a CSV or XLSX file, by the same rules as the supplier import: every
row is checked first (including the sections its template requires), each problem is
reported with its row, column and reason, and a file with errors changes nothing unless
only the valid rows were asked for.

Each row names an existing supplier, by ``external_id`` or by ``supplier`` (its name); an
import never creates suppliers. A row finds its agreement (so that importing a file twice
never duplicates) by supplier, kind and ``reference``, or, without a reference, by
supplier, kind and ``signed_on``; it updates that agreement (not archived) or records a new
one. An empty cell leaves the value as it is on update. ``escalation_path`` is written
``1:Buyer:5; 2:Category manager:10`` (level:who:days). Everything is written through the
agreement services, as the importing user.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import require
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
from .models import Agreement

IDENTITY = ("external_id", "supplier")
DATE_COLUMNS = ("signed_on", "starts_on", "expires_on", "legal_reviewed_on")
COLUMNS = (
    *IDENTITY, "kind", "template", "reference", "signed_on", "starts_on", "expires_on",
    "renewal_notice_days", *domain.TEXT_SECTIONS, "escalation_path", "legal_reviewed_on",
    "legal_reviewer", "note",
)  # fmt: skip
_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ]00:00(?::00)?)?")


@dataclass
class _Plan:
    """What one valid row will do: record a new agreement or change an existing one."""

    row: int
    supplier: Supplier
    agreement: Agreement | None
    changes: dict[str, Any] = field(default_factory=dict)

    @property
    def action(self) -> str:
        if self.agreement is None:
            return "create"
        return "update" if self.changes else "unchanged"


def import_agreements(
    actor: User,
    source: IO[bytes] | bytes,
    filename: str,
    *,
    valid_only: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    mapping: MappingArg = None,
) -> ImportResult:
    """Check every row of an agreements file, then record the agreements as `actor`.

    Any error means nothing is saved, unless `valid_only`: then the valid rows are saved
    and the others reported. `dry_run` checks and counts without saving anything."""
    require(actor, "supplier.import")
    return run_import(
        ImportResult(dry_run=dry_run, valid_only=valid_only),
        source,
        filename,
        known=COLUMNS,
        identity=IDENTITY,
        check_rows=lambda table, columns, result: _check_rows(
            actor, table_records(table, columns), set(columns.values()), result, progress
        ),
        save=lambda plan: _save(actor, plan),
        progress=progress,
        mapping=mapping,
    )


def _check_rows(
    actor: User,
    records: list[tuple[int, dict[str, str]]],
    header: set[str],
    result: ImportResult,
    progress: Progress | None,
) -> list[_Plan]:
    lookups = load_supplier_lookups(actor, records)
    identity_column = "external_id" if "external_id" in header else "supplier"
    supplier_ids = {s.pk for s in lookups.by_external_id.values()} | {
        s.pk for found in lookups.by_name.values() for s in found
    }
    existing: dict[tuple[int, str, str], Agreement] = {}
    for a in Agreement.objects.filter(supplier_id__in=supplier_ids, archived=False).order_by("pk"):
        existing.setdefault((a.supplier_id, a.kind, f"ref:{a.reference}"), a)
        existing.setdefault((a.supplier_id, a.kind, f"day:{a.signed_on.isoformat()}"), a)
    plans: list[_Plan] = []
    first_row_of: dict[tuple[int, str, str], int] = {}
    for done, (number, record) in enumerate(records, start=1):
        errors: list[tuple[str | None, str]] = []
        if record.pop("__extra__", None):
            errors.append((None, "The row has more cells than the header has columns."))
        supplier, column, reason = find_supplier(record, lookups, identity_column)
        if supplier is None:
            errors.append((column, reason))
        values = _parse_row(record, errors)
        plan = None
        if supplier is not None and not errors:
            plan = _plan(number, supplier, values, existing, first_row_of, errors)
        for error_column, error_reason in errors:
            result.add_error(number, error_column, error_reason)
        if plan is not None and not errors:
            plans.append(plan)
        if progress and (done % 100 == 0 or done == len(records)):
            progress("Checking", done, len(records))
    return plans


def _parse_row(record: dict[str, str], errors: list[tuple[str | None, str]]) -> dict[str, Any]:
    """The values the row gives (empty cells left out); (column, reason) into `errors`."""
    values: dict[str, Any] = {}
    kind = record.get("kind", "").casefold()
    if not kind:
        errors.append(("kind", f"Give the kind: {', '.join(domain.AGREEMENT_KINDS)}."))
    elif kind not in domain.AGREEMENT_KINDS:
        errors.append(("kind", f"Use one of: {', '.join(domain.AGREEMENT_KINDS)}."))
    else:
        values["kind"] = kind
    template = record.get("template", "").casefold()
    if template:
        if template in domain.TEMPLATES:
            values["template"] = template
        else:
            errors.append(("template", f"Use one of: {', '.join(domain.TEMPLATES)}."))
    for key in DATE_COLUMNS:
        if record.get(key):
            try:
                values[key] = _parse_day(record[key])
            except ValueError as exc:
                errors.append((key, str(exc)))
    notice = record.get("renewal_notice_days", "")
    if notice:
        found = re.fullmatch(r"(\d{1,5})(?:[.,]0*)?", notice)
        if found and int(found.group(1)) <= domain.MAX_NOTICE_DAYS:
            values["renewal_notice_days"] = int(found.group(1))
        else:
            errors.append(
                (
                    "renewal_notice_days",
                    f"'{notice}' is not a whole number of days from 0 to {domain.MAX_NOTICE_DAYS}.",
                )
            )
    if record.get("escalation_path"):
        levels, problem = domain.parse_escalation_text(record["escalation_path"])
        if problem is None:
            _, problem = domain.check_escalation_path(levels)
        if problem:
            errors.append(("escalation_path", problem))
        else:
            values["escalation_path"] = levels
    for key in ("reference", *domain.TEXT_SECTIONS, "legal_reviewer", "note"):
        if record.get(key):
            values[key] = record[key]
    return values


def _plan(
    number: int,
    supplier: Supplier,
    values: dict[str, Any],
    existing: dict[tuple[int, str, str], Agreement],
    first_row_of: dict[tuple[int, str, str], int],
    errors: list[tuple[str | None, str]],
) -> _Plan | None:
    kind = values["kind"]
    if values.get("reference"):
        key = (supplier.pk, kind, f"ref:{values['reference']}")
    elif "signed_on" in values:
        key = (supplier.pk, kind, f"day:{values['signed_on'].isoformat()}")
    else:
        errors.append(("signed_on", "Give the signing date (or a reference)."))
        return None
    if key in first_row_of:
        errors.append((None, f"Row {first_row_of[key]} is about the same agreement."))
        return None
    first_row_of[key] = number
    agreement = existing.get(key)
    # Check the whole agreement as it would be saved, without saving anything.
    trial = Agreement(supplier=supplier) if agreement is None else _copy(agreement)
    try:
        services.check_agreement_data(trial, values)
    except ValidationError as exc:
        for column, messages in exc.message_dict.items():
            for message in messages:
                errors.append((column if column in COLUMNS else None, message))
        return None
    if agreement is None:
        return _Plan(number, supplier, None, values)
    changes = {k: v for k, v in values.items() if getattr(agreement, k) != v}
    return _Plan(number, supplier, agreement, changes)


def _copy(agreement: Agreement) -> Agreement:
    trial = Agreement()
    trial.__dict__.update({k: v for k, v in agreement.__dict__.items() if k != "_state"})
    return trial


def _parse_day(text: str) -> dt.date:
    found = _DATE.fullmatch(text)
    try:
        day = dt.date.fromisoformat(found.group(1)) if found else None
    except ValueError:
        day = None
    if day is None:
        raise ValueError(f"'{text}' is not a date; use YYYY-MM-DD.")
    return day


def _save(actor: User, plan: _Plan) -> None:
    if plan.agreement is None:
        services.record_agreement(actor, plan.supplier, plan.changes)
    elif plan.changes:
        plan.agreement.supplier = plan.supplier
        services.update_agreement(actor, plan.agreement, plan.changes)
