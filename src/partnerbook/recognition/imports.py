"""Import referrals and wins from CSV or XLSX files, by the rules every import follows: each
row is checked first, each problem reported with its row, column and reason, and a file with
errors changes nothing unless only the valid rows were asked for. Every row is saved through
`recognition.services`, so the rules of the pages hold (a new win makes its one trust
deposit; a win that is only changed makes none).

Kinds: ``referrals`` and ``wins``. A row with an ``id`` changes that record; a row without
one is matched on what identifies it (referrals: referring supplier, company and date
received; wins: supplier, title and date), so importing the same file twice never
duplicates. The columns are those of the export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.utils import timezone
from django.utils.translation import gettext_lazy

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import can, require
from partnerbook.core import currencies, registry
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
from partnerbook.suppliers.models import Category, Supplier

from . import domain, services
from .models import Referral, Win

REFERRAL_COLUMNS = (
    "id", "referring_external_id", "referring_supplier", "referred_external_id",
    "referred_supplier", "company_name", "contact_name", "contact_email", "contact_phone",
    "category", "received_on", "status", "status_changed_on", "reward_text", "reward_amount",
    "reward_currency", "reward_status", "paid_on", "note",
)  # fmt: skip
WIN_COLUMNS = (
    "id", "external_id", "supplier", "title", "story", "happened_on", "impact",
    "impact_amount", "impact_currency", "published", "trust_points", "recorded_by",
)  # fmt: skip
TRUE, FALSE = ("yes", "true", "1", "y"), ("no", "false", "0", "n")

Errors = list[tuple[str | None, str]]
Records = list[tuple[int, dict[str, str]]]


@dataclass
class _Plan:
    """What one checked row will do, and the service calls that do it."""

    row: int
    action: str  # create, update or unchanged
    apply: Callable[[], Any]


def _runner(
    known: tuple[str, ...],
    identity: tuple[str, ...],
    check: Callable[[User, Records, ImportResult], list[_Plan]],
    keep_spacing: tuple[str, ...] = (),
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
            return check(actor, table_records(table, columns, keep_spacing), result)

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


def _date(record: dict[str, str], key: str, errors: Errors) -> dt.date | None:
    text = record.get(key, "")
    if not text:
        return None
    try:
        day = dt.date.fromisoformat(text[:10])
    except ValueError:
        errors.append((key, "Give the date as YYYY-MM-DD."))
        return None
    if day > timezone.localdate():
        errors.append((key, "The date is in the future."))
        return None
    return day


def _flag(record: dict[str, str], key: str, errors: Errors) -> bool | None:
    text = record.get(key, "").casefold()
    if not text:
        return None
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    errors.append((key, "Use yes or no."))
    return None


def _choice(record: dict[str, str], key: str, choices: dict[str, str], errors: Errors) -> str:
    text = record.get(key, "").casefold()
    if text and text not in choices:
        errors.append((key, f"Use one of: {', '.join(choices)}."))
        return ""
    return text


def _text(record: dict[str, str], key: str, limit: int, errors: Errors) -> str:
    text = record.get(key, "")
    if len(text) > limit:
        errors.append((key, f"At most {limit:,} characters."))
    return text


def _amount(record: dict[str, str], key: str, errors: Errors) -> Decimal | None:
    text = record.get(key, "").replace(" ", "")
    if not text:
        return None
    try:
        value = Decimal(text.replace(",", "")) if "." in text else Decimal(text.replace(",", "."))
    except InvalidOperation:
        errors.append((key, f"'{text}' is not a number."))
        return None
    if not value.is_finite() or value < 0 or value >= Decimal(10) ** 14:
        errors.append((key, "Give an amount of zero or more (at most 14 digits)."))
        return None
    return value.quantize(Decimal("0.01"))


def _currency(record: dict[str, str], key: str, errors: Errors) -> str:
    text = record.get(key, "").upper()
    if text and not currencies.is_currency(text):
        errors.append((key, currencies.MESSAGE))
        return ""
    return text


def _report(result: ImportResult, number: int, record: dict[str, str], errors: Errors) -> bool:
    """Report the row's errors; True when there were any."""
    if record.get("__extra__"):
        errors.append((None, "The row has more cells than the header has columns."))
    for column, reason in errors:
        result.add_error(number, column, reason)
    return bool(errors)


def _by_id(model: Any, visible: Any, records: Records) -> dict[int, Any]:
    wanted = sorted({int(r["id"]) for _, r in records if r.get("id", "").isdigit()})
    found: dict[int, Any] = {}
    for chunk in chunks([pk for pk in wanted if pk < 2**63]):
        found.update((obj.pk, obj) for obj in visible.filter(pk__in=chunk))
    return found


# --- referrals ------------------------------------------------------------------------------


def _side(record: dict[str, str], prefix: str) -> dict[str, str]:
    return {"external_id": record.get(f"{prefix}_external_id", ""),
            "supplier": record.get(f"{prefix}_supplier", "")}  # fmt: skip


def _find(
    record: dict[str, str], prefix: str, lookups: SupplierLookups
) -> tuple[Supplier | None, str, str]:
    side = _side(record, prefix)
    supplier, column, why = find_supplier(side, lookups, f"{prefix}_supplier")
    column = f"{prefix}_external_id" if column == "external_id" else f"{prefix}_supplier"
    return supplier, column, why


def _referral_key(
    referring_id: int, referred_id: int | None, name: str, day: dt.date
) -> tuple[int, str, dt.date]:
    """What identifies a referral without an id: who gave it, the company (its supplier
    record when linked, else its name) and the day it was received."""
    company = f"supplier:{referred_id}" if referred_id else f"name:{name.casefold()}"
    return (referring_id, company, day)


def _check_referrals(actor: User, records: Records, result: ImportResult) -> list[_Plan]:
    sides = [(n, _side(r, p)) for n, r in records for p in ("referring", "referred")]
    lookups = load_supplier_lookups(actor, sides)
    categories = {c.name.casefold(): c for c in Category.objects.all()}
    visible = Referral.objects.visible_to(actor).select_related(
        "referring_supplier", "referred_supplier", "category"
    )
    by_id = _by_id(Referral, visible, records)
    referring_ids = {s.pk for s in lookups.by_external_id.values()} | {
        s.pk for group in lookups.by_name.values() for s in group
    }
    stored = {
        _referral_key(r.referring_supplier_id, r.referred_supplier_id, r.company_name,
                      r.received_on): r
        for r in visible.filter(referring_supplier_id__in=referring_ids)
    }  # fmt: skip
    plans: list[_Plan] = []
    can_edit = can(actor, "referral.edit")
    for number, record in records:
        errors: Errors = []
        if not can_edit:
            errors.append((None, "You may not record referrals."))
        referring, column, why = _find(record, "referring", lookups)
        if referring is None:
            errors.append((column, why))
        referred = None
        if record.get("referred_external_id") or record.get("referred_supplier"):
            referred, column, why = _find(record, "referred", lookups)
            if referred is None:
                errors.append((column, why))
        name = " ".join(_text(record, "company_name", domain.MAX_NAME, errors).split())
        if referred is None and not name and not any(c == "referred_supplier" for c, _ in errors):
            errors.append(("company_name", "Name the referred company or its supplier record."))
        category = None
        if record.get("category"):
            category = categories.get(record["category"].casefold())
            if category is None:
                errors.append(("category", f"No category is called '{record['category']}'."))
        received_on = _date(record, "received_on", errors) or timezone.localdate()
        status = _choice(record, "status", domain.REFERRAL_STATUSES, errors) or "received"
        reward_status = _choice(record, "reward_status", domain.REWARD_STATUSES, errors) or "none"
        data: dict[str, Any] = {
            "referred_supplier": referred, "company_name": name, "category": category,
            "received_on": received_on, "reward_status": reward_status,
            "contact_name": _text(record, "contact_name", domain.MAX_NAME, errors),
            "contact_email": _text(record, "contact_email", 254, errors),
            "contact_phone": _text(record, "contact_phone", 50, errors),
            "reward_text": _text(record, "reward_text", 300, errors),
            "reward_amount": _amount(record, "reward_amount", errors),
            "reward_currency": _currency(record, "reward_currency", errors),
            "paid_on": _date(record, "paid_on", errors),
            "note": _text(record, "note", domain.MAX_TEXT, errors),
        }  # fmt: skip
        reward = domain.reward_error(
            reward_status, data["reward_amount"], data["reward_currency"], data["paid_on"]
        )
        if reward:
            errors.append(reward)
        if referred is not None and referring is not None and referred.pk == referring.pk:
            errors.append(("referred_supplier", "A supplier cannot refer itself."))
        existing: Referral | None = None
        id_text = record.get("id", "")
        if id_text:
            existing = by_id.get(int(id_text)) if id_text.isdigit() else None
            if existing is None:
                errors.append(("id", f"No referral you may see has the id '{id_text}'."))
            elif referring is not None and existing.referring_supplier_id != referring.pk:
                errors.append(
                    ("referring_supplier", "This referral was given by another supplier.")
                )
        elif referring is not None:
            key = _referral_key(referring.pk, referred.pk if referred else None, name, received_on)
            existing = stored.get(key)
        if existing is not None and status != existing.status:
            why_not = domain.move_error(existing.status, status)
            if why_not:
                errors.append(("status", why_not))
        if _report(result, number, record, errors) or referring is None:
            continue
        if existing is None:
            key = _referral_key(referring.pk, referred.pk if referred else None, name, received_on)
            if key in stored:  # twice in the file: the first row creates it
                plans.append(_Plan(number, "unchanged", lambda: None))
                continue
            stored[key] = Referral(referring_supplier=referring)
            create = _record_referral(actor, referring, {**data, "status": status})
            plans.append(_Plan(number, "create", create))
            continue
        changes = _referral_changes(existing, data)
        moving = status != existing.status
        if not changes and not moving:
            plans.append(_Plan(number, "unchanged", lambda: None))
            continue
        on = _date(record, "status_changed_on", []) if moving else None
        change = _change_referral(actor, existing, changes, status if moving else "", on)
        plans.append(_Plan(number, "update", change))
    return plans


def _referral_changes(referral: Referral, data: dict[str, Any]) -> dict[str, Any]:
    changes = {}
    for key, value in data.items():
        current = getattr(referral, key)
        if key == "category" and value is None:
            continue  # a blank category keeps the stored one
        if current != value and not (current in ("", None) and value in ("", None)):
            changes[key] = value
    return changes


def _record_referral(actor: User, referring: Supplier, data: dict[str, Any]) -> Callable[[], Any]:
    return lambda: services.record_referral(actor, referring, data)


def _change_referral(
    actor: User, referral: Referral, changes: dict[str, Any], status: str, on: dt.date | None
) -> Callable[[], None]:
    def apply() -> None:
        if changes:
            services.update_referral(actor, referral, changes)
        if status:
            services.move_referral(actor, referral, status, on)

    return apply


# --- wins -----------------------------------------------------------------------------------


def _check_wins(actor: User, records: Records, result: ImportResult) -> list[_Plan]:
    lookups = load_supplier_lookups(actor, records)
    visible = Win.objects.visible_to(actor).select_related("supplier")
    by_id = _by_id(Win, visible, records)
    supplier_ids = {s.pk for s in lookups.by_external_id.values()} | {
        s.pk for group in lookups.by_name.values() for s in group
    }
    stored = {
        (w.supplier_id, w.title.casefold(), w.happened_on): w
        for w in visible.filter(supplier_id__in=supplier_ids)
    }
    plans: list[_Plan] = []
    for number, record in records:
        errors: Errors = []
        supplier, column, why = find_supplier(record, lookups, "supplier")
        if supplier is None:
            errors.append((column, why))
        elif not can(actor, "recognition.edit", supplier):
            errors.append((column, f"You may not record wins of {supplier.name}."))
        title = " ".join(_text(record, "title", domain.MAX_TITLE, errors).split())
        if not title:
            errors.append(("title", "Name the win in a few words."))
        story = _text(record, "story", domain.MAX_TEXT, errors)
        if not story.strip():
            errors.append(("story", "Tell what happened, in a sentence or two."))
        happened_on = _date(record, "happened_on", errors) or timezone.localdate()
        data: dict[str, Any] = {
            "title": title, "story": story.strip(), "happened_on": happened_on,
            "impact": _text(record, "impact", domain.MAX_TEXT, errors).strip(),
            "impact_amount": _amount(record, "impact_amount", errors),
            "impact_currency": _currency(record, "impact_currency", errors),
        }  # fmt: skip
        if data["impact_amount"] is not None and not data["impact_currency"]:
            errors.append(("impact_currency", "Give the currency of the amount."))
        published = _flag(record, "published", errors)
        if published is not None:
            data["published"] = published
        points_text = record.get("trust_points", "")
        points = None
        if points_text:
            points = int(points_text) if points_text.isdigit() and len(points_text) < 4 else 0
            if not domain.MIN_WIN_POINTS <= points <= domain.MAX_WIN_POINTS:
                errors.append(("trust_points", f"Use a whole number from {domain.MIN_WIN_POINTS} "
                                               f"to {domain.MAX_WIN_POINTS}."))  # fmt: skip
        existing: Win | None = None
        id_text = record.get("id", "")
        if id_text:
            existing = by_id.get(int(id_text)) if id_text.isdigit() else None
            if existing is None:
                errors.append(("id", f"No win you may see has the id '{id_text}'."))
            elif supplier is not None and existing.supplier_id != supplier.pk:
                errors.append(("supplier", "This win belongs to another supplier."))
        elif supplier is not None:
            existing = stored.get((supplier.pk, title.casefold(), happened_on))
        if _report(result, number, record, errors) or supplier is None:
            continue
        if existing is None:
            key = (supplier.pk, title.casefold(), happened_on)
            if key in stored:
                plans.append(_Plan(number, "unchanged", lambda: None))
                continue
            stored[key] = Win(supplier=supplier)
            if points is not None:
                data["trust_points"] = points
            plans.append(_Plan(number, "create", _record_win(actor, supplier, data)))
            continue
        changes = {
            k: v for k, v in data.items()
            if getattr(existing, k) != v and not (getattr(existing, k) in ("", None)
                                                  and v in ("", None))
        }  # fmt: skip
        if not changes:
            plans.append(_Plan(number, "unchanged", lambda: None))
            continue
        plans.append(_Plan(number, "update", _change_win(actor, existing, changes)))
    return plans


def _record_win(actor: User, supplier: Supplier, data: dict[str, Any]) -> Callable[[], Any]:
    return lambda: services.record_win(actor, supplier, data)


def _change_win(actor: User, win: Win, changes: dict[str, Any]) -> Callable[[], Any]:
    return lambda: services.update_win(actor, win, changes)


# --- the kinds ------------------------------------------------------------------------------

import_referrals = _runner(
    REFERRAL_COLUMNS, ("referring_external_id", "referring_supplier"), _check_referrals,
    keep_spacing=("note",),
)  # fmt: skip
import_wins = _runner(WIN_COLUMNS, ("external_id", "supplier"), _check_wins,
                      keep_spacing=("story", "impact"))  # fmt: skip

HELP = "recognition/_import_help.html"
KINDS: list[registry.ImportKind] = [
    registry.ImportKind(key="referrals", label=gettext_lazy("Referrals"), run=import_referrals,
                        columns=REFERRAL_COLUMNS, help_template=HELP, order=110),
    registry.ImportKind(key="wins", label=gettext_lazy("Wins (recognition)"), run=import_wins,
                        columns=WIN_COLUMNS, help_template=HELP, order=111),
]  # fmt: skip
