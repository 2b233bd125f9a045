"""Import partnership economics from CSV or XLSX files, by the rules every import follows:
each row is checked first and each problem reported with its row, column and reason; a file
with errors changes nothing unless only the valid rows were asked for; every row is saved
through `economics.services`, so the rules of the pages hold.

Kinds: ``time_logs``, ``benefits``, ``cost_entries`` (rows name the supplier by
``external_id`` or name in ``supplier``), ``gainshare_savings`` and ``gainshare_payouts``
(rows name the agreement by ``agreement_id``). Re-importing a file never duplicates: a row
with a ``reference`` already stored, or one identical to a stored record, is left unchanged."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.utils.translation import gettext_lazy

from partnerbook.accounts.models import INTERNAL_ROLES, User
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
from partnerbook.suppliers.models import Supplier

from . import domain, services
from .models import Benefit, CostEntry, GainShareAgreement, Payout, SavingsEntry, TimeLog

TIME_COLUMNS = ("external_id", "supplier", "day", "hours", "activity", "who", "note", "reference")
BENEFIT_COLUMNS = (
    "external_id", "supplier", "kind", "amount", "currency", "realised_on", "note", "reference",
)  # fmt: skip
COST_COLUMNS = (
    "external_id",
    "supplier",
    "kind",
    "amount",
    "currency",
    "year",
    "note",
    "reference",
)
SAVING_COLUMNS = ("agreement_id", "supplier", "period", "amount", "evidence", "verified",
                  "third_party")  # fmt: skip
PAYOUT_COLUMNS = ("agreement_id", "supplier", "period", "amount", "paid_on", "reference")
TRUE, FALSE = ("yes", "true", "1", "y"), ("no", "false", "0", "n", "")
MAX_AMOUNT = Decimal("1e12")

Errors = list[tuple[str | None, str]]
Records = list[tuple[int, dict[str, str]]]


@dataclass
class _Plan:
    row: int
    action: str  # create, update or unchanged
    apply: Callable[[], Any]


def _runner(
    known: tuple[str, ...],
    identity: tuple[str, ...],
    check: Callable[[User, Records, ImportResult], list[_Plan]],
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
            return check(actor, table_records(table, columns, ("note", "evidence")), result)

        return run_import(
            ImportResult(dry_run=dry_run, valid_only=valid_only),
            source,
            filename,
            known=known,
            identity=identity,
            check_rows=check_rows,
            save=lambda plan: plan.apply(),
            progress=progress,
            mapping=mapping,
        )

    return run


# --- reading cells --------------------------------------------------------------------------


def _date(
    record: dict[str, str], key: str, errors: Errors, required: bool = True
) -> dt.date | None:
    text = record.get(key, "")
    if not text:
        if required:
            errors.append((key, "Give a date as YYYY-MM-DD."))
        return None
    try:
        day = dt.date.fromisoformat(text[:10])
    except ValueError:
        errors.append((key, "Give the date as YYYY-MM-DD."))
        return None
    if day.year < 1990:
        errors.append((key, "Give a date after 1990."))
        return None
    return day


def _amount(
    record: dict[str, str], key: str, errors: Errors, positive: bool = True
) -> Decimal | None:
    text = record.get(key, "").replace(" ", "").replace(",", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        errors.append((key, f"'{record.get(key, '')}' is not a number."))
        return None
    if not value.is_finite() or abs(value) >= MAX_AMOUNT:
        errors.append((key, "Give a number below a trillion."))
        return None
    if positive and value <= 0:
        errors.append((key, "Give an amount above zero."))
        return None
    if not positive and value == 0:
        errors.append((key, "Give a saving (positive) or an overrun (negative)."))
        return None
    return domain.cents(value)


def _choice(record: dict[str, str], key: str, table: dict[str, str], errors: Errors) -> str:
    value = record.get(key, "").lower()
    if value not in table:
        errors.append((key, f"Use one of: {', '.join(table)}."))
    return value


def _currency(record: dict[str, str], supplier: Supplier | None, errors: Errors) -> str:
    from partnerbook.core.currencies import is_currency

    code = record.get("currency", "").upper() or (supplier.currency if supplier else "EUR")
    if not is_currency(code):
        errors.append(("currency", "Use a three-letter ISO 4217 code, e.g. EUR."))
    return code


def _report(result: ImportResult, number: int, errors: Errors) -> bool:
    for column, reason in errors:
        result.add_error(number, column, reason)
    return bool(errors)


def _suppliers(
    actor: User, records: Records, result: ImportResult
) -> list[tuple[int, dict[str, str], Supplier]]:
    """The rows whose supplier is found and may be edited by `actor`; the others reported."""
    lookups = load_supplier_lookups(actor, records)
    found = []
    for number, record in records:
        if record.get("__extra__"):
            result.add_error(number, None, "The row has more cells than the header has columns.")
            continue
        supplier, column, why = find_supplier(record, lookups, "supplier")
        if supplier is None:
            result.add_error(number, column, why)
        elif not can(actor, "economics.edit", supplier):
            result.add_error(number, column, "You may not record economics for this supplier.")
        else:
            found.append((number, record, supplier))
    return found


def _existing(model: Any, supplier_ids: Iterable[int], fields: tuple[str, ...]) -> set[tuple]:
    keys: set[tuple] = set()
    for chunk in chunks(sorted(set(supplier_ids))):
        keys.update(model.objects.filter(supplier_id__in=chunk).values_list(*fields))
    return keys


# --- time logs, benefits, costs -------------------------------------------------------------


def _users() -> dict[str, User]:
    out: dict[str, User] = {}
    for user in User.objects.filter(role__in=INTERNAL_ROLES, is_active=True):
        for key in {user.username.casefold(), user.email.casefold()} - {""}:
            out[key] = user
    return out


def _check_supplier_rows(
    actor: User,
    records: Records,
    result: ImportResult,
    model: Any,
    natural: tuple[str, ...],
    parse: Callable[[dict[str, str], Supplier, Errors], dict[str, Any]],
    save: Callable[[User, Supplier, dict[str, Any]], Any],
) -> list[_Plan]:
    rows = _suppliers(actor, records, result)
    ids = [s.pk for _, _, s in rows]
    refs = _existing(model, ids, ("supplier_id", "reference"))
    stored = _existing(model, ids, ("supplier_id", *natural))
    seen: set[tuple] = set()
    plans: list[_Plan] = []
    for number, record, supplier in rows:
        errors: Errors = []
        data = parse(record, supplier, errors)
        if _report(result, number, errors):
            continue
        reference = data.get("reference", "")
        key = (supplier.pk, *(data[f] for f in natural))
        if (reference and (supplier.pk, reference) in refs) or (not reference and key in stored):
            plans.append(_Plan(number, "unchanged", lambda: None))
            continue
        dedupe = (supplier.pk, reference) if reference else key
        if dedupe in seen:
            result.add_error(number, "reference" if reference else None,
                             "The same record appears earlier in the file.")  # fmt: skip
            continue
        seen.add(dedupe)
        plans.append(
            _Plan(number, "create", lambda s=supplier, d=data: save(actor, s, d))  # type: ignore[misc]
        )
    return plans


def _time_row(
    users: dict[str, User],
) -> Callable[[dict[str, str], Supplier, Errors], dict[str, Any]]:
    def parse(record: dict[str, str], supplier: Supplier, errors: Errors) -> dict[str, Any]:
        day = _date(record, "day", errors)
        if day and day > services._today():
            errors.append(("day", "Cannot be in the future."))
        hours = _amount(record, "hours", errors)
        if hours is not None and hours > 24:
            errors.append(("hours", "Give between 0.01 and 24 hours."))
        who = None
        if record.get("who"):
            who = users.get(record["who"].casefold())
            if who is None:
                errors.append(("who", f"No colleague is called '{record['who']}'."))
        return {
            "day": day, "hours": hours, "who": who, "note": record.get("note", ""),
            "activity": _choice(record, "activity", domain.TIME_ACTIVITIES, errors),
            "reference": record.get("reference", "")[:100],
        }  # fmt: skip

    return parse


def _benefit_row(record: dict[str, str], supplier: Supplier, errors: Errors) -> dict[str, Any]:
    day = _date(record, "realised_on", errors)
    if day and day > services._today():
        errors.append(("realised_on", "Cannot be in the future."))
    return {
        "kind": _choice(record, "kind", domain.BENEFIT_KINDS, errors),
        "amount": _amount(record, "amount", errors),
        "currency": _currency(record, supplier, errors),
        "realised_on": day, "note": record.get("note", ""),
        "reference": record.get("reference", "")[:100],
    }  # fmt: skip


def _cost_row(record: dict[str, str], supplier: Supplier, errors: Errors) -> dict[str, Any]:
    year = record.get("year", "")
    if not (year.isdigit() and 1990 <= int(year) <= services._today().year + 1):
        errors.append(("year", "Give a year between 1990 and next year."))
    return {
        "kind": _choice(record, "kind", domain.COST_KINDS, errors),
        "amount": _amount(record, "amount", errors),
        "currency": _currency(record, supplier, errors),
        "year": int(year) if year.isdigit() else None, "note": record.get("note", ""),
        "reference": record.get("reference", "")[:100],
    }  # fmt: skip


def _check_time(actor: User, records: Records, result: ImportResult) -> list[_Plan]:
    return _check_supplier_rows(
        actor, records, result, TimeLog, ("day", "hours", "activity", "note"),
        _time_row(_users()), services.log_time,
    )  # fmt: skip


def _check_benefits(actor: User, records: Records, result: ImportResult) -> list[_Plan]:
    return _check_supplier_rows(
        actor, records, result, Benefit, ("kind", "amount", "currency", "realised_on", "note"),
        _benefit_row, services.add_benefit,
    )  # fmt: skip


def _check_costs(actor: User, records: Records, result: ImportResult) -> list[_Plan]:
    return _check_supplier_rows(
        actor, records, result, CostEntry, ("kind", "amount", "currency", "year", "note"),
        _cost_row, services.add_cost,
    )  # fmt: skip


# --- gain-share savings and payouts ---------------------------------------------------------


def _agreements(
    actor: User, records: Records, result: ImportResult, action: str
) -> list[tuple[int, dict[str, str], GainShareAgreement]]:
    wanted = sorted(
        {int(r["agreement_id"]) for _, r in records if r.get("agreement_id", "").isdigit()
         and len(r["agreement_id"]) < 16}
    )  # fmt: skip
    visible = Supplier.objects.visible_to(actor)
    found: dict[int, GainShareAgreement] = {}
    for chunk in chunks(wanted):
        found.update(
            (a.pk, a)
            for a in GainShareAgreement.objects.filter(pk__in=chunk, supplier__in=visible)
            .select_related("supplier")
        )  # fmt: skip
    out = []
    for number, record in records:
        text = record.get("agreement_id", "")
        agreement = found.get(int(text)) if text.isdigit() and len(text) < 16 else None
        if agreement is None:
            result.add_error(
                number, "agreement_id", f"No gain-share agreement has the id '{text}'."
            )
        elif not can(actor, action, agreement.supplier):
            result.add_error(number, "agreement_id", "You may not record this for the agreement.")
        else:
            out.append((number, record, agreement))
    return out


def _check_savings(actor: User, records: Records, result: ImportResult) -> list[_Plan]:
    rows = _agreements(actor, records, result, "economics.edit")
    stored = {
        (e.agreement_id, e.period): e
        for chunk in chunks(sorted({a.pk for _, _, a in rows}))
        for e in SavingsEntry.objects.filter(agreement_id__in=chunk)
    }
    seen: set[tuple[int, dt.date]] = set()
    plans: list[_Plan] = []
    for number, record, agreement in rows:
        errors: Errors = []
        day = _date(record, "period", errors)
        amount = _amount(record, "amount", errors, positive=False)
        verified_text = record.get("verified", "").lower()
        if verified_text not in TRUE + FALSE:
            errors.append(("verified", "Use yes or no."))
        verify = verified_text in TRUE
        if verify and not can(actor, "gainshare.verify"):
            errors.append(("verified", "Only managers verify savings."))
        third_party = record.get("third_party", "")
        if verify and agreement.requires_third_party and not third_party:
            errors.append(("third_party", "This agreement needs the neutral third party."))
        if not record.get("evidence"):
            errors.append(("evidence", "Say how the saving was measured."))
        if _report(result, number, errors) or day is None or amount is None:
            continue
        period = domain.period_start(day, agreement.period_kind)
        if (agreement.pk, period) in seen:
            result.add_error(number, "period", "The same period appears earlier in the file.")
            continue
        seen.add((agreement.pk, period))
        existing = stored.get((agreement.pk, period))
        if existing is not None:
            if existing.amount != amount:
                result.add_error(number, "amount", (
                    f"This period already has {existing.amount} recorded; change it on the page."
                ))  # fmt: skip
                continue
            if verify and not existing.verified:
                plans.append(_Plan(number, "update", lambda e=existing, t=third_party:  # type: ignore[misc]
                                   services.verify_saving(actor, e, t)))  # fmt: skip
            else:
                plans.append(_Plan(number, "unchanged", lambda: None))
            continue

        def apply(a: GainShareAgreement = agreement, d: dict[str, Any] | None = None,
                  v: bool = verify, t: str = third_party) -> None:  # fmt: skip
            entry = services.record_saving(actor, a, d or {})
            if v:
                services.verify_saving(actor, entry, t)

        data = {"period": period, "amount": amount, "evidence": record.get("evidence", "")}
        plans.append(_Plan(number, "create", lambda a=agreement, d=data, f=apply: f(a, d)))  # type: ignore[misc]
    return plans


def _check_payouts(actor: User, records: Records, result: ImportResult) -> list[_Plan]:
    rows = _agreements(actor, records, result, "economics.edit")
    if rows and not can(actor, "gainshare.verify"):
        for number, _, _ in rows:
            result.add_error(number, "agreement_id", "Only managers record payouts.")
        return []
    stored = {
        (p.agreement_id, p.reference): p
        for chunk in chunks(sorted({a.pk for _, _, a in rows}))
        for p in Payout.objects.filter(agreement_id__in=chunk)
    }
    seen: set[tuple[int, str]] = set()
    plans: list[_Plan] = []
    for number, record, agreement in rows:
        errors: Errors = []
        day = _date(record, "period", errors)
        paid_on = _date(record, "paid_on", errors)
        if paid_on and paid_on > services._today():
            errors.append(("paid_on", "Cannot be in the future."))
        amount = _amount(record, "amount", errors)
        reference = record.get("reference", "")
        if not reference or len(reference) > 100:
            errors.append(("reference", "Give the payment's reference (at most 100 characters)."))
        if _report(result, number, errors) or day is None:
            continue
        key = (agreement.pk, reference)
        if key in seen:
            result.add_error(number, "reference", "The same payout appears earlier in the file.")
            continue
        seen.add(key)
        existing = stored.get(key)
        if existing is not None:
            if existing.amount != amount or existing.paid_on != paid_on:
                result.add_error(number, "reference", (
                    "A payout with this reference is already recorded with other values."
                ))  # fmt: skip
            else:
                plans.append(_Plan(number, "unchanged", lambda: None))
            continue
        data = {"period": day, "amount": amount, "paid_on": paid_on, "reference": reference}
        plans.append(_Plan(number, "create", lambda a=agreement, d=data:  # type: ignore[misc]
                           services.record_payout(actor, a, d)))  # fmt: skip
    return plans


import_time_logs = _runner(TIME_COLUMNS, ("external_id", "supplier"), _check_time)
import_benefits = _runner(BENEFIT_COLUMNS, ("external_id", "supplier"), _check_benefits)
import_costs = _runner(COST_COLUMNS, ("external_id", "supplier"), _check_costs)
import_savings = _runner(SAVING_COLUMNS, ("agreement_id",), _check_savings)
import_payouts = _runner(PAYOUT_COLUMNS, ("agreement_id",), _check_payouts)

HELP = "economics/_import_help.html"
KINDS: list[registry.ImportKind] = [
    registry.ImportKind(key="time_logs", label=gettext_lazy("Time spent on partnerships"),
                        run=import_time_logs, columns=TIME_COLUMNS, help_template=HELP, order=90),
    registry.ImportKind(key="benefits", label=gettext_lazy("Partnership benefits"),
                        run=import_benefits, columns=BENEFIT_COLUMNS, help_template=HELP,
                        order=91),
    registry.ImportKind(key="cost_entries",
                        label=gettext_lazy("Extra costs (total cost of ownership)"),
                        run=import_costs, columns=COST_COLUMNS, help_template=HELP, order=92),
    registry.ImportKind(key="gainshare_savings",
                        label=gettext_lazy("Gain-share savings and overruns"),
                        run=import_savings, columns=SAVING_COLUMNS, help_template=HELP,
                        order=93),
    registry.ImportKind(key="gainshare_payouts", label=gettext_lazy("Gain-share payouts"),
                        run=import_payouts, columns=PAYOUT_COLUMNS, help_template=HELP,
                        order=94),
]  # fmt: skip
