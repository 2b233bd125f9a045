"""Import portfolio-risk data from CSV or XLSX files, by the rules every import follows:
every row is checked first, each problem reported with its row, column and reason, and a
file with errors changes nothing unless only the valid rows were asked for. Re-importing
the same file never duplicates: rows are matched on their natural key and updated.

Kinds: ``spend`` (monthly spend lines), ``financial_ratings`` (a third-party risk file),
``supplier_revenue``, ``backups`` and ``transition_plans``. A row names its supplier by
``supplier_id`` (Partnerbook's id), ``external_id`` (the ERP's number) or ``supplier``
(the exact name). The columns are those of the exports."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import can, require
from partnerbook.core import registry
from partnerbook.suppliers.imports import (
    ImportResult,
    MappingArg,
    Progress,
    Table,
    chunks,
    find_supplier,
    load_supplier_lookups,
    run_import,
    table_records,
)
from partnerbook.suppliers.models import Category, Supplier

from . import domain, services
from .models import Backup, FinancialRating, SpendLine, SupplierRevenue, TransitionPlan

WHO = ("supplier_id", "external_id", "supplier")
SPEND_COLUMNS = (*WHO, "category", "period", "amount", "currency")
RATING_COLUMNS = (*WHO, "date", "score", "provider", "note")
REVENUE_COLUMNS = (*WHO, "annual_revenue", "currency", "fiscal_year", "source")
BACKUP_COLUMNS = (
    *WHO, "for_category", "backup_supplier", "backup_external_id", "status", "qualified_on",
    "evidence", "note",
)  # fmt: skip
PLAN_COLUMNS = (*WHO, *services.PLAN_FIELDS)

Errors = list[tuple[str | None, str]]
Records = list[tuple[int, dict[str, str]]]


@dataclass
class _Plan:
    """What one checked row will do."""

    row: int
    action: str  # create, update or unchanged
    supplier: Supplier | None = None
    values: dict[str, Any] = field(default_factory=dict)
    apply: Callable[[], Any] | None = None


def _runner(
    known: tuple[str, ...],
    check: Callable[[User, Records, ImportResult], list[_Plan]],
    save_all: Callable[[User, Sequence[_Plan]], None] | None = None,
) -> Callable[..., ImportResult]:
    def run(
        actor: User,
        source: IO[bytes] | bytes,
        filename: str,
        *,
        valid_only: bool = False,
        dry_run: bool = False,
        progress: Progress | None = None,
        mapping: MappingArg = None,
    ) -> ImportResult:
        require(actor, "supplier.import")

        def check_rows(table: Table, columns: dict[int, str], result: ImportResult) -> list[_Plan]:
            return check(actor, table_records(table, columns), result)

        def one(plan: _Plan) -> None:
            if plan.apply is not None:
                plan.apply()

        def every(plans: Sequence[_Plan]) -> None:
            if save_all is not None:
                save_all(actor, plans)
            services.check_all()

        result = run_import(
            ImportResult(dry_run=dry_run, valid_only=valid_only),
            source,
            filename,
            known=known,
            identity=WHO,
            check_rows=check_rows,
            save=None if save_all else one,
            save_all=every if save_all else None,
            progress=progress,
            mapping=mapping,
        )
        if result.applied and save_all is None:
            services.check_all()
        return result

    return run


# --- reading cells --------------------------------------------------------------------------


def _date(record: dict[str, str], key: str, errors: Errors, required: bool = True) -> Any:
    text = record.get(key, "")
    if not text:
        if required:
            errors.append((key, "Give the date as YYYY-MM-DD."))
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        errors.append((key, "Give the date as YYYY-MM-DD."))
        return None


def _month(record: dict[str, str], key: str, errors: Errors) -> dt.date | None:
    text = record.get(key, "")
    match = re.fullmatch(r"(\d{4})-(\d{1,2})(-\d{1,2})?( 00:00:00)?", text)
    if not match:
        errors.append((key, "Give the month as YYYY-MM (or its first day, YYYY-MM-01)."))
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), 1)
    except ValueError:
        errors.append((key, "Give the month as YYYY-MM (or its first day, YYYY-MM-01)."))
        return None


def _amount(record: dict[str, str], key: str, errors: Errors) -> Decimal | None:
    text = re.sub(r"[\s\u00a0\u202f']", "", record.get(key, ""))
    if not text:
        errors.append((key, "Give the amount."))
        return None
    if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", text):
        text = text.replace(",", "")
    elif re.fullmatch(r"-?\d{1,3}(\.\d{3})*,\d+", text):
        text = text.replace(".", "").replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        errors.append((key, f"'{record[key]}' is not a number."))
        return None
    if not value.is_finite():
        errors.append((key, f"'{record[key]}' is not a number."))
        return None
    return value


def _report(result: ImportResult, number: int, record: dict[str, str], errors: Errors) -> bool:
    if record.get("__extra__"):
        errors.append((None, "The row has more cells than the header has columns."))
    for column, reason in errors:
        result.add_error(number, column, reason)
    return bool(errors)


def _validation(exc: ValidationError, errors: Errors, columns: dict[str, str]) -> None:
    for key, messages in exc.message_dict.items():
        for message in messages:
            errors.append((columns.get(key, key), message))


class _Suppliers:
    """The suppliers the rows name, by id, external id or name (a fixed number of queries
    plus one per 500 ids)."""

    def __init__(self, actor: User, records: Records, prefix: str = "") -> None:
        self.prefix = prefix
        renamed = [
            (
                n,
                {
                    "external_id": r.get(f"{prefix}external_id", ""),
                    "supplier": r.get(f"{prefix}supplier", ""),
                },
            )
            for n, r in records
        ]
        self.lookups = load_supplier_lookups(actor, renamed)
        wanted = sorted(
            {int(r["supplier_id"]) for _, r in records if r.get("supplier_id", "").isdigit()}
        )
        self.by_id: dict[int, Supplier] = {}
        visible = Supplier.objects.visible_to(actor).select_related("category")
        for chunk in chunks([w for w in wanted if w < 2**62]):
            self.by_id.update((s.pk, s) for s in visible.filter(pk__in=chunk))

    def find(self, record: dict[str, str], errors: Errors) -> Supplier | None:
        text = record.get("supplier_id", "") if not self.prefix else ""
        if text:
            supplier = self.by_id.get(int(text)) if text.isdigit() and len(text) < 19 else None
            if supplier is None:
                errors.append(("supplier_id", f"No supplier you may see has the id '{text}'."))
            return supplier
        renamed = {
            "external_id": record.get(f"{self.prefix}external_id", ""),
            "supplier": record.get(f"{self.prefix}supplier", ""),
        }
        supplier, column, why = find_supplier(renamed, self.lookups, "supplier")
        if supplier is None:
            errors.append((f"{self.prefix}{column}", why))
        return supplier


def _editable(actor: User, supplier: Supplier | None, errors: Errors, column: str) -> bool:
    if supplier is not None and not can(actor, "risk.edit", supplier):
        errors.append((column, f"You may not change the risk records of {supplier.name}."))
        return False
    return supplier is not None


def _categories() -> dict[str, Category | None]:
    found: dict[str, Category | None] = {}
    for category in Category.objects.all():
        key = category.name.casefold()
        found[key] = None if key in found else category
    return found


# --- spend ----------------------------------------------------------------------------------


def _check_spend(actor: User, records: Records, result: ImportResult) -> list[_Plan]:
    suppliers = _Suppliers(actor, records)
    categories = _categories()
    ctx = services.money()
    checked: list[tuple[int, Supplier, dict[str, Any]]] = []
    seen: dict[tuple[int, int, dt.date, str], int] = {}
    for number, record in records:
        errors: Errors = []
        supplier = suppliers.find(record, errors)
        _editable(actor, supplier, errors, "supplier")
        category = None
        if record.get("category"):
            key = record["category"].casefold()
            if key not in categories:
                errors.append(("category", f"No category is called '{record['category']}'."))
            else:
                category = categories[key]
        period = _month(record, "period", errors)
        amount = _amount(record, "amount", errors)
        if supplier is not None and period is not None and amount is not None:
            try:
                values = services.clean_line(
                    supplier,
                    {
                        "period": period,
                        "amount": amount,
                        "currency": record.get("currency", ""),
                        "category": category,
                    },
                    ctx,
                )
            except ValidationError as exc:
                _validation(exc, errors, {})
            else:
                key4 = (supplier.pk, values["category"].pk, values["period"], values["currency"])
                if key4 in seen:
                    errors.append(
                        (None, f"Row {seen[key4]} already gives this supplier, category, "
                               "month and currency.")
                    )  # fmt: skip
                seen[key4] = number
        if _report(result, number, record, errors) or supplier is None:
            continue
        checked.append((number, supplier, values))
    existing: dict[tuple[int, int, dt.date, str], Decimal] = {}
    supplier_ids = sorted({s.pk for _, s, _ in checked})
    for chunk in chunks(supplier_ids):
        for row in SpendLine.objects.filter(supplier_id__in=chunk).values(
            "supplier_id", "category_id", "period", "currency", "amount"
        ):
            existing[(row["supplier_id"], row["category_id"], row["period"], row["currency"])] = (
                row["amount"]
            )
    plans = []
    for number, supplier, values in checked:
        key4 = (supplier.pk, values["category"].pk, values["period"], values["currency"])
        before = existing.get(key4)
        action = (
            "create" if before is None else "unchanged" if before == values["amount"] else "update"
        )
        plans.append(_Plan(number, action, supplier, values))
    return plans


def _save_spend(actor: User, plans: Sequence[_Plan]) -> None:
    services.write_lines(actor, [(p.supplier, p.values) for p in plans if p.supplier])


# --- financial ratings ----------------------------------------------------------------------


def _check_ratings(actor: User, records: Records, result: ImportResult) -> list[_Plan]:
    suppliers = _Suppliers(actor, records)
    existing: dict[tuple[int, str, dt.date], FinancialRating] = {}
    plans = []
    checked = []
    for number, record in records:
        errors: Errors = []
        supplier = suppliers.find(record, errors)
        _editable(actor, supplier, errors, "supplier_id")
        rated_on = _date(record, "date", errors)
        score = _amount(record, "score", errors)
        values: dict[str, Any] = {}
        # Check every cell, even when the date or the score could not be read.
        try:
            values = services.clean_rating(
                {
                    "rated_on": rated_on or dt.date(2000, 1, 1),
                    "score": Decimal(0) if score is None else score,
                    "provider": record.get("provider", ""),
                    "note": record.get("note", ""),
                }
            )
        except ValidationError as exc:
            _validation(exc, errors, {"rated_on": "date"})
        if _report(result, number, record, errors) or supplier is None:
            continue
        checked.append((number, supplier, values))
    for chunk in chunks(sorted({s.pk for _, s, _ in checked})):
        for rating in FinancialRating.objects.filter(supplier_id__in=chunk):
            existing[(rating.supplier_id, rating.provider, rating.rated_on)] = rating
    for number, supplier, values in checked:
        before = existing.get((supplier.pk, values["provider"], values["rated_on"]))
        action = (
            "create"
            if before is None
            else "unchanged"
            if before.score == values["score"] and before.note == values["note"]
            else "update"
        )
        plans.append(
            _Plan(
                number, action, supplier, values,
                apply=partial(services.write_rating, actor, supplier, values, "imported"),
            )
        )  # fmt: skip
    return plans


# --- supplier revenue -----------------------------------------------------------------------


def _check_revenue(actor: User, records: Records, result: ImportResult) -> list[_Plan]:
    suppliers = _Suppliers(actor, records)
    plans = []
    checked = []
    for number, record in records:
        errors: Errors = []
        supplier = suppliers.find(record, errors)
        _editable(actor, supplier, errors, "supplier")
        amount = _amount(record, "annual_revenue", errors)
        year_text = record.get("fiscal_year", "")
        year: int | None = None
        if year_text:
            if year_text.isdigit() and len(year_text) == 4:
                year = int(year_text)
            else:
                errors.append(("fiscal_year", "Give a year such as 2025."))
        values: dict[str, Any] = {}
        if amount is not None:
            try:
                values = services.clean_revenue(
                    {
                        "annual_revenue": amount,
                        "currency": record.get("currency", ""),
                        "fiscal_year": year,
                        "source": record.get("source", ""),
                    }
                )
            except ValidationError as exc:
                _validation(exc, errors, {})
        if _report(result, number, record, errors) or supplier is None:
            continue
        checked.append((number, supplier, values))
    existing = {
        r.supplier_id: r
        for chunk in chunks(sorted({s.pk for _, s, _ in checked}))
        for r in SupplierRevenue.objects.filter(supplier_id__in=chunk)
    }
    for number, supplier, values in checked:
        before = existing.get(supplier.pk)
        action = (
            "create"
            if before is None
            else "unchanged"
            if all(getattr(before, k) == v for k, v in values.items())
            else "update"
        )
        plans.append(
            _Plan(
                number, action, supplier, values,
                apply=partial(services.set_revenue, actor, supplier, values),
            )
        )  # fmt: skip
    return plans


# --- backups --------------------------------------------------------------------------------


def _check_backups(actor: User, records: Records, result: ImportResult) -> list[_Plan]:
    suppliers = _Suppliers(actor, records)
    backups = _Suppliers(actor, records, prefix="backup_")
    categories = _categories()
    plans = []
    for number, record in records:
        errors: Errors = []
        category = None
        supplier = None
        if record.get("for_category"):
            key = record["for_category"].casefold()
            category = categories.get(key)
            if category is None:
                errors.append(
                    ("for_category", f"No category is called '{record['for_category']}'.")
                )
            if any(record.get(k) for k in WHO):
                errors.append(("for_category", "Give the supplier or the category, not both."))
            elif not can(actor, "risk.edit", None):
                errors.append(("for_category", "Only managers keep a category's reserve list."))
        else:
            supplier = suppliers.find(record, errors)
            _editable(actor, supplier, errors, "supplier")
        backup_supplier = backups.find(record, errors)
        status = record.get("status", "").casefold() or "proposed"
        if status not in domain.BACKUP_STATUSES:
            errors.append(("status", "Use proposed or qualified."))
        qualified_on = _date(record, "qualified_on", errors, required=False)
        for key in ("evidence", "note"):
            if len(record.get(key, "")) > domain.MAX_TEXT:
                errors.append((key, f"At most {domain.MAX_TEXT:,} characters."))
        if _report(result, number, record, errors) or backup_supplier is None:
            continue
        if supplier is None and category is None:
            continue
        data = {
            "status": status,
            "qualified_on": qualified_on,
            "evidence": record.get("evidence", ""),
            "note": record.get("note", ""),
        }
        existing = Backup.objects.filter(
            backup_supplier=backup_supplier, supplier=supplier, category=category
        ).first()
        if existing is None:
            plans.append(
                _Plan(
                    number, "create",
                    apply=partial(
                        services.add_backup, actor, backup_supplier, supplier=supplier,
                        category=category, data=data,
                    ),
                )
            )  # fmt: skip
            continue
        same = (
            existing.status == status
            and (qualified_on is None or existing.qualified_on == qualified_on)
            and existing.evidence == data["evidence"]
            and existing.note == data["note"]
        )
        plans.append(
            _Plan(
                number, "unchanged" if same else "update",
                apply=None if same else partial(services.update_backup, actor, existing, data),
            )
        )  # fmt: skip
    return plans


# --- transition plans -----------------------------------------------------------------------


def _check_plans(actor: User, records: Records, result: ImportResult) -> list[_Plan]:
    suppliers = _Suppliers(actor, records)
    plans = []
    for number, record in records:
        errors: Errors = []
        supplier = suppliers.find(record, errors)
        _editable(actor, supplier, errors, "supplier")
        data: dict[str, Any] = {}
        for key in services.PLAN_FIELDS[:3]:
            if key in record:
                if len(record[key]) > domain.MAX_TEXT:
                    errors.append((key, f"At most {domain.MAX_TEXT:,} characters."))
                data[key] = record[key]
        if record.get("last_reviewed_on"):
            data["last_reviewed_on"] = _date(record, "last_reviewed_on", errors)
        if record.get("review_interval_days"):
            text = record["review_interval_days"]
            if text.isdigit() and 1 <= int(text) <= 3650:
                data["review_interval_days"] = int(text)
            else:
                errors.append(("review_interval_days", "Give a number of days from 1 to 3650."))
        if _report(result, number, record, errors) or supplier is None:
            continue
        existing = TransitionPlan.objects.filter(supplier=supplier).first()
        same = existing is not None and all(getattr(existing, k) == v for k, v in data.items())
        plans.append(
            _Plan(
                number, "create" if existing is None else "unchanged" if same else "update",
                apply=None if same else partial(services.save_plan, actor, supplier, data),
            )
        )  # fmt: skip
    return plans


import_spend = _runner(SPEND_COLUMNS, _check_spend, _save_spend)
import_ratings = _runner(RATING_COLUMNS, _check_ratings)
import_revenue = _runner(REVENUE_COLUMNS, _check_revenue)
import_backups = _runner(BACKUP_COLUMNS, _check_backups)
import_plans = _runner(PLAN_COLUMNS, _check_plans)

KINDS = (
    registry.ImportKind(
        key="spend", label=gettext_lazy("Spend lines"), run=import_spend, columns=SPEND_COLUMNS,
        help_template="risk/_import_help.html", order=80,
    ),
    registry.ImportKind(
        key="financial_ratings", label=gettext_lazy("Financial ratings"), run=import_ratings,
        columns=RATING_COLUMNS, help_template="risk/_import_help.html", order=81,
    ),
    registry.ImportKind(
        key="supplier_revenue", label=gettext_lazy("Supplier revenue"), run=import_revenue,
        columns=REVENUE_COLUMNS, help_template="risk/_import_help.html", order=82,
    ),
    registry.ImportKind(
        key="backups", label=gettext_lazy("Backup suppliers"), run=import_backups,
        columns=BACKUP_COLUMNS,
        help_template="risk/_import_help.html", order=83,
    ),
    registry.ImportKind(
        key="transition_plans", label=gettext_lazy("Transition plans"), run=import_plans,
        columns=PLAN_COLUMNS, help_template="risk/_import_help.html", order=84,
    ),
)  # fmt: skip
