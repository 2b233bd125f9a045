"""Exports of referrals and wins as CSV or XLSX, with the columns the imports accept, so an
exported file can be imported back. One query per export, whatever the number of rows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import require
from partnerbook.core.spreadsheets import CONTENT_TYPES, Cell, ExportFile, write_csv, write_xlsx

from . import imports, services
from .models import Referral, Win

EXPORT_LIMIT = 50_000
Rows = list[Sequence[Cell]]
REFERRAL_NUMBERS = {"id", "reward_amount"}
WIN_NUMBERS = {"id", "impact_amount", "trust_points"}


def _day(value: Any) -> str:
    return "" if value is None else str(value.isoformat())


def referral_rows(user: User, params: Mapping[str, Any]) -> Rows:
    qs = services.filter_referrals(Referral.objects.visible_to(user).for_list(), params)
    rows: Rows = []
    for r in qs[:EXPORT_LIMIT]:
        referred = r.referred_supplier
        rows.append((
            r.pk, r.referring_supplier.external_id, r.referring_supplier.name,
            referred.external_id if referred else "", referred.name if referred else "",
            r.company_name, r.contact_name, r.contact_email, r.contact_phone,
            r.category.name if r.category else "", _day(r.received_on), r.status,
            _day(r.status_changed_on), r.reward_text, r.reward_amount, r.reward_currency,
            r.reward_status, _day(r.paid_on), r.note,
        ))  # fmt: skip
    return rows


def win_rows(user: User, params: Mapping[str, Any]) -> Rows:
    qs = Win.objects.visible_to(user).for_list()
    supplier = str(params.get("supplier") or "")
    if supplier.isdigit() and len(supplier) <= 18:
        qs = qs.filter(supplier_id=int(supplier))
    if params.get("published") in (True, False):
        qs = qs.filter(published=params["published"])
    return [
        (
            w.pk, w.supplier.external_id, w.supplier.name, w.title, w.story, _day(w.happened_on),
            w.impact, w.impact_amount, w.impact_currency, "yes" if w.published else "no",
            w.trust_points, w.recorded_by.username if w.recorded_by else "",
        )
        for w in qs[:EXPORT_LIMIT]
    ]  # fmt: skip


def _file(
    fmt: str, sheet: str, columns: Sequence[str], rows: Rows, numbers: set[str]
) -> ExportFile:
    if fmt == "csv":
        return ExportFile(write_csv(columns, rows), CONTENT_TYPES["csv"], len(rows))
    return ExportFile(write_xlsx(sheet, columns, rows, numbers), CONTENT_TYPES["xlsx"], len(rows))


def export_referrals(user: User, params: Mapping[str, Any], fmt: str) -> ExportFile:
    """The referrals `user` may see, narrowed by the list's filters."""
    require(user, "recognition.view")
    rows = referral_rows(user, params)
    return _file(fmt, "Referrals", imports.REFERRAL_COLUMNS, rows, REFERRAL_NUMBERS)


def export_wins(user: User, params: Mapping[str, Any], fmt: str) -> ExportFile:
    """The wins `user` may see (of one supplier with `supplier`)."""
    require(user, "recognition.view")
    return _file(fmt, "Wins", imports.WIN_COLUMNS, win_rows(user, params), WIN_NUMBERS)
