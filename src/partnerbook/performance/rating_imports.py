"""Import reviewers' scores of judgement KPIs ("kpi-ratings") and the supplier's ratings of
us ("partner-ratings") from CSV or XLSX files, by the rules every import follows: each row
is checked first, each problem reported with its row, column and reason, and a file with
errors changes nothing unless only the valid rows were asked for.

Rows name an existing supplier by ``external_id`` or ``supplier`` (its name). Scores are
keyed by supplier, KPI, month and reviewer; ratings of us by supplier, quarter and
criterion: importing the same file again changes nothing, and a key repeated within one
file is an error."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import IO

from django.db.models.functions import Lower
from django.utils import timezone

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import can, require
from partnerbook.suppliers.imports import (
    ImportResult,
    MappingArg,
    Progress,
    SupplierLookups,
    Table,
    chunks,
    find_supplier,
    load_supplier_lookups,
    run_import,
    table_records,
)
from partnerbook.suppliers.models import Supplier

from . import domain, ratings, services
from .models import KpiDefinition, KpiRating, PartnerRating

RATING_COLUMNS = ratings.RATING_COLUMNS
PARTNER_COLUMNS = ("external_id", "supplier", "quarter", "criterion", "score", "comment")
IDENTITY = ("external_id", "supplier")

Errors = list[tuple[str | None, str]]


def _suppliers(
    actor: User, records: list[tuple[int, dict[str, str]]], header: set[str]
) -> tuple[dict[int, tuple[Supplier | None, str, str]], SupplierLookups]:
    """{row: (supplier, column, reason)} for every row (a fixed number of queries)."""
    lookups = load_supplier_lookups(actor, records)
    identity_column = "external_id" if "external_id" in header else "supplier"
    found = {number: find_supplier(record, lookups, identity_column) for number, record in records}
    return found, lookups


def _comment(record: dict[str, str], errors: Errors) -> str:
    comment = record.get("comment", "").strip()
    if len(comment) > ratings.MAX_COMMENT:
        errors.append(("comment", f"At most {ratings.MAX_COMMENT} characters are allowed."))
    return comment


def _extra(record: dict[str, str], errors: Errors) -> None:
    if record.pop("__extra__", None):
        errors.append((None, "The row has more cells than the header has columns."))


# --- reviewers' scores ----------------------------------------------------------------------


@dataclass
class _RatingPlan:
    """One valid row: the score it saves and whether that creates, updates or changes nothing."""

    row: int
    values: ratings.RatingRow
    action: str  # create / update / unchanged


def import_kpi_ratings(
    actor: User,
    source: IO[bytes] | bytes,
    filename: str,
    *,
    valid_only: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    mapping: MappingArg = None,
) -> ImportResult:
    """Check every row of a file of reviewers' scores, then save them as `actor` (the
    scores keep the reviewer named in the ``rater`` column)."""
    require(actor, "supplier.import")

    def check(table: Table, columns: dict[int, str], result: ImportResult) -> list[_RatingPlan]:
        records = table_records(table, columns)
        return _check_ratings(actor, records, set(columns.values()), result)

    def save_all(plans: Sequence[_RatingPlan]) -> None:
        ratings.save_ratings(actor, [p.values for p in plans])

    return run_import(
        ImportResult(dry_run=dry_run, valid_only=valid_only),
        source,
        filename,
        known=RATING_COLUMNS,
        identity=IDENTITY,
        check_rows=check,
        save_all=save_all,
        progress=progress,
        mapping=mapping,
    )


def _raters(records: list[tuple[int, dict[str, str]]]) -> dict[str, User]:
    """{casefolded username: user} for the usernames the rows name (one query per 500)."""
    names = sorted({r["rater"].casefold() for _, r in records if r.get("rater")})
    found: dict[str, User] = {}
    for chunk in chunks(names):
        users = User.objects.annotate(lowered=Lower("username")).filter(lowered__in=chunk)
        found.update((u.username.casefold(), u) for u in users)
    return found


def _score(text: str, errors: Errors) -> float | None:
    if not text:
        errors.append(("score", "Give a score from 0 to 100."))
        return None
    try:
        value = float(Decimal(text.replace(",", ".")))
    except InvalidOperation:
        errors.append(("score", f"'{text}' is not a number."))
        return None
    problem = domain.rating_error(value)
    if problem:
        errors.append(("score", problem))
        return None
    return value


def _check_ratings(
    actor: User, records: list[tuple[int, dict[str, str]]], header: set[str], result: ImportResult
) -> list[_RatingPlan]:
    found, _ = _suppliers(actor, records, header)
    suppliers = list({s.pk: s for s, _, _ in found.values() if s is not None}.values())
    definitions: dict[int, list[KpiDefinition]] = (
        services.effective_definitions_for(suppliers) if suppliers else {}
    )
    raters = _raters(records)
    today = timezone.localdate()
    first_row_of: dict[tuple[int, str, dt.date, int], int] = {}
    valid: list[tuple[int, ratings.RatingRow]] = []
    for number, record in records:
        errors: Errors = []
        _extra(record, errors)
        supplier, column, reason = found[number]
        if supplier is None:
            errors.append((column, reason))
        kpi = record.get("kpi", "")
        month: dt.date | None = None
        if not kpi:
            errors.append(("kpi", "Give the KPI's key."))
        elif supplier is not None:
            kpis = {d.key: d for d in definitions[supplier.pk]}
            if kpi not in kpis:
                errors.append(("kpi", f"'{kpi}' is not one of this supplier's KPIs."))
            elif kpis[kpi].kind not in domain.RATED_KINDS:
                errors.append(("kpi", f"{kpis[kpi].name} is not scored by reviewers."))
        try:
            month = domain.parse_month(record.get("month", ""))
        except ValueError as exc:
            errors.append(("month", str(exc) if record.get("month") else "Give the month."))
        else:
            if month > services.month_start(today):
                errors.append(("month", "A month in the future cannot be scored yet."))
        rater = raters.get(record.get("rater", "").casefold()) if record.get("rater") else None
        if not record.get("rater"):
            errors.append(("rater", "Give the reviewer's username."))
        elif rater is None:
            errors.append(("rater", f"No user has the username '{record['rater']}'."))
        elif not ratings.may_score(rater):
            errors.append(("rater", f"{rater.username} may not give scores (viewers cannot)."))
        score = _score(record.get("score", ""), errors)
        comment = _comment(record, errors)
        if supplier is not None and month is not None and rater is not None and kpi:
            key = (supplier.pk, kpi, month, rater.pk)
            if key in first_row_of:
                errors.append(
                    (None, f"Row {first_row_of[key]} has the same supplier, KPI, month and rater.")
                )
            else:
                first_row_of[key] = number
        for error_column, error_reason in errors:
            result.add_error(number, error_column, error_reason)
        if not errors and supplier and month and rater and score is not None:
            valid.append((number, ratings.RatingRow(supplier, kpi, month, rater, score, comment)))
    return _rating_plans(valid)


def _rating_plans(valid: list[tuple[int, ratings.RatingRow]]) -> list[_RatingPlan]:
    existing: dict[tuple[int, str, dt.date, int], KpiRating] = {}
    supplier_ids = sorted({row.supplier.pk for _, row in valid})
    for chunk in chunks(supplier_ids):
        months = [row.period for _, row in valid if row.supplier.pk in set(chunk)]
        stored = KpiRating.objects.filter(
            supplier_id__in=chunk, period__gte=min(months), period__lte=max(months)
        )
        existing.update(((r.supplier_id, r.kpi_key, r.period, r.rater_id), r) for r in stored)
    plans = []
    for number, row in valid:
        rating = existing.get((row.supplier.pk, row.kpi_key, row.period, row.rater.pk))
        if rating is None:
            action = "create"
        elif rating.score == row.score and rating.comment == row.comment:
            action = "unchanged"
        else:
            action = "update"
        plans.append(_RatingPlan(number, row, action))
    return plans


# --- the supplier's ratings of us -----------------------------------------------------------


@dataclass
class _PartnerPlan:
    """One valid row: a criterion's rating for a supplier and quarter."""

    row: int
    supplier: Supplier
    quarter: dt.date
    criterion: str
    score: int
    comment: str
    action: str  # create / update / unchanged


def import_partner_ratings(
    actor: User,
    source: IO[bytes] | bytes,
    filename: str,
    *,
    valid_only: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    mapping: MappingArg = None,
) -> ImportResult:
    """Check every row of a file of the suppliers' ratings of us, then save them as `actor`
    (who must be allowed to edit each supplier's performance)."""
    require(actor, "supplier.import")

    def check(table: Table, columns: dict[int, str], result: ImportResult) -> list[_PartnerPlan]:
        records = table_records(table, columns)
        return _check_partner_ratings(actor, records, set(columns.values()), result)

    def save(plan: _PartnerPlan) -> None:
        if plan.action != "unchanged":
            given = {plan.criterion: ratings.PartnerScore(plan.score, plan.comment)}
            ratings.save_partner_ratings(actor, plan.supplier, plan.quarter, given)

    return run_import(
        ImportResult(dry_run=dry_run, valid_only=valid_only),
        source,
        filename,
        known=PARTNER_COLUMNS,
        identity=IDENTITY,
        check_rows=check,
        save=save,
        progress=progress,
        mapping=mapping,
    )


_CRITERIA = {
    **{key: key for key in domain.CUSTOMER_CRITERIA},
    **{name.casefold(): key for key, name in domain.CUSTOMER_CRITERIA.items()},
}


def _partner_score(text: str, errors: Errors) -> int | None:
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite() or value != value.to_integral_value():
        errors.append(("score", "Rate with a whole number from 1 (poor) to 5 (excellent)."))
        return None
    problem = domain.partner_score_error(int(value))
    if problem:
        errors.append(("score", problem))
        return None
    return int(value)


def _check_partner_ratings(
    actor: User, records: list[tuple[int, dict[str, str]]], header: set[str], result: ImportResult
) -> list[_PartnerPlan]:
    found, _ = _suppliers(actor, records, header)
    current = domain.period_start(timezone.localdate(), domain.QUARTER)
    first_row_of: dict[tuple[int, dt.date, str], int] = {}
    valid: list[tuple[int, Supplier, dt.date, str, int, str]] = []
    for number, record in records:
        errors: Errors = []
        _extra(record, errors)
        supplier, column, reason = found[number]
        if supplier is None:
            errors.append((column, reason))
        elif not can(actor, "performance.edit", supplier):
            errors.append((column, "You may not enter this supplier's ratings of us."))
        quarter: dt.date | None = None
        try:
            quarter = domain.parse_quarter(record.get("quarter", ""))
        except ValueError as exc:
            errors.append(("quarter", str(exc) if record.get("quarter") else "Give the quarter."))
        else:
            if quarter > current:
                errors.append(("quarter", "A quarter in the future cannot be rated yet."))
        criterion = _CRITERIA.get(" ".join(record.get("criterion", "").split()).casefold())
        if criterion is None:
            known = ", ".join(domain.CUSTOMER_CRITERIA)
            errors.append(("criterion", f"Unknown criterion. Use one of: {known}."))
        score = _partner_score(record.get("score", ""), errors)
        comment = _comment(record, errors)
        if supplier is not None and quarter is not None and criterion is not None:
            key = (supplier.pk, quarter, criterion)
            if key in first_row_of:
                errors.append(
                    (None, f"Row {first_row_of[key]} has the same supplier, quarter and criterion.")
                )
            else:
                first_row_of[key] = number
        for error_column, error_reason in errors:
            result.add_error(number, error_column, error_reason)
        if not errors and supplier and quarter and criterion and score is not None:
            valid.append((number, supplier, quarter, criterion, score, comment))
    existing: dict[tuple[int, dt.date, str], PartnerRating] = {}
    for chunk in chunks(sorted({v[1].pk for v in valid})):
        existing.update(
            ((r.supplier_id, r.period, r.criterion), r)
            for r in PartnerRating.objects.filter(supplier_id__in=chunk)
        )
    plans = []
    for number, supplier, quarter, criterion, score, comment in valid:
        stored = existing.get((supplier.pk, quarter, criterion))
        if stored is None:
            action = "create"
        elif stored.score == score and stored.comment == comment:
            action = "unchanged"
        else:
            action = "update"
        plans.append(_PartnerPlan(number, supplier, quarter, criterion, score, comment, action))
    return plans
