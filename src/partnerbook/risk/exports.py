"""CSV and XLSX exports of portfolio risk, through `core.spreadsheets`. The record exports
have the import's columns, so an exported sheet imports back unchanged."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from django.utils import timezone

from partnerbook.accounts.models import User
from partnerbook.core.spreadsheets import (
    CONTENT_TYPES,
    Cell,
    ExportFile,
    attachment,
    write_csv,
    write_xlsx,
)
from partnerbook.suppliers.models import Supplier

from . import domain, imports, services
from .models import Backup, FinancialRating, SupplierRevenue, TransitionPlan

Rows = Iterable[Sequence[Cell]]
CONCENTRATION_COLUMNS = (
    "category", "spend", "currency", "suppliers", "hhi", "band", "top_supplier",
    "top_share_percent", "over_cap",
)  # fmt: skip


def _who(supplier: Supplier) -> list[Cell]:
    return [supplier.pk, supplier.external_id, supplier.name]


def _spend(user: User) -> Rows:
    lines = (
        services.spend_lines_visible_to(user)
        .order_by("supplier_id", "period", "pk")
        .values_list(
            "supplier_id", "supplier__external_id", "supplier__name", "category__name",
            "period", "amount", "currency",
        )
    )  # fmt: skip
    for pk, ext, name, category, period, amount, currency in lines.iterator(chunk_size=5000):
        yield [pk, ext, name, category, f"{period:%Y-%m}", amount, currency]


def _visible(user: User) -> Any:
    return Supplier.objects.visible_to(user)


def _ratings(user: User) -> Rows:
    for r in FinancialRating.objects.filter(supplier__in=_visible(user)).select_related("supplier"):
        yield [*_who(r.supplier), r.rated_on.isoformat(), r.score, r.provider, r.note]


def _revenue(user: User) -> Rows:
    for r in SupplierRevenue.objects.filter(supplier__in=_visible(user)).select_related("supplier"):
        yield [*_who(r.supplier), r.annual_revenue, r.currency, r.fiscal_year, r.source]


def _backups(user: User) -> Rows:
    visible = _visible(user)
    rows = Backup.objects.filter(backup_supplier__in=visible).select_related(
        "supplier", "category", "backup_supplier"
    )
    for b in rows:
        who: list[Cell] = _who(b.supplier) if b.supplier else ["", "", ""]
        yield [
            *who,
            b.category.name if b.category else "",
            b.backup_supplier.name,
            b.backup_supplier.external_id,
            b.status,
            b.qualified_on.isoformat() if b.qualified_on else "",
            b.evidence,
            b.note,
        ]


def _plans(user: User) -> Rows:
    for p in TransitionPlan.objects.filter(supplier__in=_visible(user)).select_related("supplier"):
        yield [
            *_who(p.supplier),
            p.knowledge_transfer,
            p.alternate_sourcing,
            p.exit_steps,
            p.last_reviewed_on.isoformat() if p.last_reviewed_on else "",
            p.review_interval_days,
        ]


def _concentration(user: User) -> Rows:
    conc = services.concentration(with_trend=False)
    for c in conc.categories:
        top = c.top
        yield [
            c.name, c.spend, conc.reporting, c.supplier_count, c.hhi, c.band.label,
            top.name if top else "", domain.percent(top.of_category) if top else None,
            "; ".join(s.name for s in c.breaches),
        ]  # fmt: skip


KINDS: dict[str, tuple[Sequence[str], Callable[[User], Rows], set[str]]] = {
    "spend": (imports.SPEND_COLUMNS, _spend, {"supplier_id", "amount"}),
    "financial_ratings": (imports.RATING_COLUMNS, _ratings, {"supplier_id", "score"}),
    "supplier_revenue": (
        imports.REVENUE_COLUMNS,
        _revenue,
        {"supplier_id", "annual_revenue", "fiscal_year"},
    ),
    "backups": (imports.BACKUP_COLUMNS, _backups, set()),
    "transition_plans": (imports.PLAN_COLUMNS, _plans, {"supplier_id", "review_interval_days"}),
    "concentration": (
        CONCENTRATION_COLUMNS,
        _concentration,
        {"spend", "suppliers", "hhi", "top_share_percent"},
    ),
}


def build(user: User, kind: str, fmt: str) -> ExportFile:
    """The export `kind` ('spend', 'financial_ratings', ...) as CSV or XLSX."""
    columns, rows, numbers = KINDS[kind]
    data = list(rows(user))
    content = (
        write_csv(columns, data)
        if fmt == "csv"
        else write_xlsx(kind[:31], columns, data, number_columns=numbers)
    )
    return ExportFile(content, CONTENT_TYPES[fmt], len(data))


def respond(user: User, kind: str, fmt: str) -> HttpResponse:
    export = build(user, kind, fmt)
    return attachment(export, f"{kind}-{timezone.localdate():%Y-%m-%d}.{fmt}")
