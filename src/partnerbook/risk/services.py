"""Reads and writes of portfolio risk: spend lines (and the annual spend figure they
replace), concentration and its alerts, the reserve list of backup suppliers, transition
plans, financial ratings and the power balance. The only writers of the risk models."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, Exists, Max, OuterRef, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import require
from partnerbook.alerts.services import AlertCandidate, clear_resolved, sync_alerts
from partnerbook.core import currencies
from partnerbook.core.audit import save_audited
from partnerbook.core.concurrency import lock_for_edit, next_version
from partnerbook.segmentation import services as segmentation
from partnerbook.suppliers.models import Category, Supplier

from . import domain
from .models import (
    Backup,
    FinancialRating,
    RiskSettings,
    SpendLine,
    SupplierRevenue,
    TransitionPlan,
)

CONCENTRATION_ALERT = "risk.concentration"
NO_BACKUP_ALERT = "risk.no_backup"
PLAN_ALERT = "risk.transition_plan_overdue"
FINANCIAL_ALERT = "risk.financial_deterioration"
ALERT_KINDS = (CONCENTRATION_ALERT, NO_BACKUP_ALERT, PLAN_ALERT, FINANCIAL_ALERT)
CLEARED_NOTE = "Cleared: the risk check no longer finds this."

SETTINGS_FIELDS = (
    "category_cap", "total_cap", "rating_drop", "rating_floor", "our_annual_revenue",
    "our_revenue_currency", "small_customer_share", "dominant_size_ratio", "dependence_share",
    "plan_review_days",
)  # fmt: skip
PLAN_FIELDS = (
    "knowledge_transfer",
    "alternate_sourcing",
    "exit_steps",
    "last_reviewed_on",
    "review_interval_days",
)
BACKUP_FIELDS = ("status", "qualified_on", "evidence", "note")
WINDOW_MONTHS = (12, 24)


def _text(value: Any) -> str:
    return (value or "").strip() if isinstance(value, str) or value is None else str(value)


# --- settings -------------------------------------------------------------------------------


def get_settings() -> RiskSettings:
    """The risk settings; the defaults (unsaved) until an administrator changes them."""
    return RiskSettings.objects.filter(pk=1).first() or RiskSettings(pk=1)


@transaction.atomic
def update_settings(
    actor: User, data: Mapping[str, Any], expected_version: int | None = None
) -> RiskSettings:
    """Change the risk thresholds (administrators only; audited)."""
    require(actor, "risk.configure")
    settings_obj = RiskSettings.objects.select_for_update().filter(pk=1).first() or RiskSettings(
        pk=1
    )
    lock_for_edit(settings_obj, expected_version, "these risk settings")
    for key in SETTINGS_FIELDS:
        if key in data:
            setattr(settings_obj, key, data[key])
    settings_obj.our_revenue_currency = (settings_obj.our_revenue_currency or "").upper()
    next_version(settings_obj)
    save_audited(settings_obj, actor, "Risk settings changed")
    return settings_obj


@dataclass(frozen=True)
class Money:
    """The reporting currency and the rates to it (from the segmentation settings)."""

    reporting: str
    rates: Mapping[str, object]

    def convert(self, amount: Decimal | None, currency: str) -> Decimal | None:
        return domain.to_reporting(amount, currency, self.reporting, self.rates)

    def has_rate(self, currency: str) -> bool:
        return currency == self.reporting or self.convert(Decimal(1), currency) is not None


def money() -> Money:
    scoring = segmentation.get_settings()
    return Money(scoring.reporting_currency, dict(scoring.exchange_rates or {}))


# --- spend lines ----------------------------------------------------------------------------


def latest_month(today: dt.date | None = None) -> dt.date:
    """The latest month with spend lines (not after this month); this month without any."""
    this_month = domain.month_start(today or timezone.localdate())
    latest = SpendLine.objects.filter(period__lte=this_month).aggregate(m=Max("period"))["m"]
    return latest or this_month


def clean_line(
    supplier: Supplier, data: Mapping[str, Any], money_ctx: Money | None = None
) -> dict[str, Any]:
    """Check one spend line's values (period, amount, currency, category); returns them
    normalised or raises ValidationError naming the field."""
    errors: dict[str, str] = {}
    period = data.get("period")
    if not isinstance(period, dt.date):
        errors["period"] = gettext("Give the month as YYYY-MM or YYYY-MM-01.")
    elif period > domain.month_start(timezone.localdate()):
        errors["period"] = gettext("Spend cannot be recorded for a future month.")
    elif period.year < 1990:
        errors["period"] = gettext("Give a month after 1990.")
    amount = data.get("amount")
    if not isinstance(amount, Decimal) or not amount.is_finite():
        errors["amount"] = gettext("Give the amount as a number.")
    elif abs(amount) >= Decimal("1e14") or amount != amount.quantize(domain.CENT):
        errors["amount"] = gettext("Give an amount below 100 trillion, with at most two decimals.")
    currency = _text(data.get("currency")).upper() or supplier.currency
    ctx = money_ctx or money()
    if not currencies.is_currency(currency):
        errors["currency"] = currencies.MESSAGE
    elif not ctx.has_rate(currency):
        errors["currency"] = gettext(
            "No exchange rate from %(currency)s to %(reporting)s is set in the segmentation "
            "settings; add one first."
        ) % {"currency": currency, "reporting": ctx.reporting}
    category = data.get("category") or supplier.category
    if category is None:
        errors["category"] = gettext("The supplier has no category: name the line's category.")
    if errors or not isinstance(period, dt.date):
        raise ValidationError(errors)
    return {
        "period": domain.month_start(period),
        "amount": amount,
        "currency": currency,
        "category": category,
    }


def _write_line(actor: User, supplier: Supplier, values: Mapping[str, Any]) -> tuple[str, Any]:
    """Create or update the line of (supplier, category, period, currency); returns
    ('created' | 'updated' | 'unchanged', line)."""
    line = SpendLine.objects.filter(
        supplier=supplier,
        category=values["category"],
        period=values["period"],
        currency=values["currency"],
    ).first()
    if line is None:
        line = SpendLine(supplier=supplier, **values, updated_by=actor)
        line.full_clean()
        line.save()
        return "created", line
    if line.amount == values["amount"]:
        return "unchanged", line
    line.amount = values["amount"]
    line.updated_by = actor
    line.save(update_fields=["amount", "updated_by", "updated_at"])
    return "updated", line


@transaction.atomic
def record_spend_line(actor: User, supplier: Supplier, data: Mapping[str, Any]) -> SpendLine:
    """Record what we spent with `supplier` in a month (one line per supplier, category,
    month and currency: an existing line is updated), then bring its annual spend in line
    and run the risk checks."""
    require(actor, "risk.edit", supplier)
    values = clean_line(supplier, data)
    _, line = _write_line(actor, supplier, values)
    sync_annual_spend(actor, [supplier.pk])
    check_all()
    return line


@transaction.atomic
def change_spend_line(actor: User, line: SpendLine, amount: Decimal) -> SpendLine:
    """Correct a line's amount; the annual spend and the checks follow."""
    require(actor, "risk.edit", line.supplier)
    values = clean_line(
        line.supplier,
        {
            "period": line.period,
            "amount": amount,
            "currency": line.currency,
            "category": line.category,
        },
    )
    line.amount = values["amount"]
    line.updated_by = actor
    line.save(update_fields=["amount", "updated_by", "updated_at"])
    sync_annual_spend(actor, [line.supplier_id])
    check_all()
    return line


def write_lines(actor: User, rows: Sequence[tuple[Supplier, dict[str, Any]]]) -> None:
    """Write many checked lines (an import), then update the touched suppliers' annual
    spend once each. Runs inside the caller's transaction."""
    for supplier, values in rows:
        _write_line(actor, supplier, values)
    sync_annual_spend(actor, sorted({supplier.pk for supplier, _ in rows}))


def sync_annual_spend(actor: User | None, supplier_ids: Sequence[int]) -> int:
    """Set each supplier's annual spend to the total of its spend lines in the last 12
    months (up to the latest month with lines), with an audit reason naming the lines: in
    the supplier's own currency when every line is in it, else in the reporting currency
    (and the supplier's currency becomes the reporting one). Suppliers without lines keep
    their figure. Returns how many changed. A fixed number of queries plus one save per
    changed supplier."""
    if not supplier_ids:
        return 0
    ctx = money()
    window = domain.window_ending(latest_month(), 12)
    totals: dict[int, Decimal] = defaultdict(lambda: domain.ZERO)
    counts: dict[int, int] = defaultdict(int)
    rows = (
        SpendLine.objects.filter(supplier_id__in=supplier_ids)
        .filter(period__gte=window.first, period__lt=window.end)
        .values("supplier_id", "currency")
        .annotate(total=Sum("amount"), lines=Count("pk"))
    )
    currencies_of: dict[int, set[str]] = defaultdict(set)
    own_totals: dict[int, Decimal] = defaultdict(lambda: domain.ZERO)
    for row in rows:
        converted = ctx.convert(_decimal(row["total"]), row["currency"])
        if converted is not None:
            totals[row["supplier_id"]] += converted
        counts[row["supplier_id"]] += row["lines"]
        currencies_of[row["supplier_id"]].add(row["currency"])
        own_totals[row["supplier_id"]] += _decimal(row["total"])
    has_lines = set(
        SpendLine.objects.filter(supplier_id__in=supplier_ids)
        .values_list("supplier_id", flat=True)
        .distinct()
    )
    changed = 0
    for supplier in Supplier.objects.filter(pk__in=sorted(has_lines)).select_for_update():
        # Lines all in the supplier's own currency keep it (no round trip through a rate);
        # lines in several currencies are summed in the reporting currency.
        if currencies_of[supplier.pk] <= {supplier.currency}:
            spend, currency = own_totals[supplier.pk], supplier.currency
        else:
            spend, currency = totals[supplier.pk], ctx.reporting
        spend = max(spend, domain.ZERO).quantize(domain.CENT)
        if supplier.annual_spend == spend and supplier.currency == currency:
            continue
        supplier.annual_spend = spend
        supplier.currency = currency
        next_version(supplier)
        save_audited(
            supplier,
            actor,
            f"Annual spend from {counts[supplier.pk]} spend line(s) of {window.label}: "
            f"{spend:,.2f} {currency}",
        )
        changed += 1
    return changed


def _decimal(value: Any) -> Decimal:
    if value is None:
        return domain.ZERO
    if isinstance(value, Decimal):
        return value.quantize(domain.CENT)
    return Decimal(str(value)).quantize(domain.CENT)


def spend_lines_visible_to(user: User) -> Any:
    """Spend lines of the suppliers `user` may see (internal users only)."""
    if not getattr(user, "is_internal", False):
        return SpendLine.objects.none()
    return SpendLine.objects.filter(supplier__in=Supplier.objects.visible_to(user))


def filter_spend_lines(qs: Any, params: Mapping[str, Any]) -> Any:
    """Narrow by supplier, category and period range (?supplier=&category=&from=&to=)."""
    if params.get("supplier"):
        qs = qs.filter(supplier_id=params["supplier"])
    if params.get("category"):
        qs = qs.filter(category_id=params["category"])
    if params.get("period_from"):
        qs = qs.filter(period__gte=domain.month_start(params["period_from"]))
    if params.get("period_to"):
        qs = qs.filter(period__lte=params["period_to"])
    return qs.select_related("supplier", "category").order_by("supplier_id", "period", "pk")


# --- concentration --------------------------------------------------------------------------


@dataclass
class Concentration:
    """Shares and concentration per category over a window, with what went into them."""

    window: domain.Window
    settings: RiskSettings
    reporting: str
    shares: list[domain.Share]
    categories: list[domain.CategoryConcentration]
    total: Decimal
    from_annual: int  # suppliers counted with their annual spend figure
    left_out: list[str] = field(default_factory=list)  # why some spend was left out

    def category(self, category_id: int | None) -> domain.CategoryConcentration | None:
        return next((c for c in self.categories if c.category_id == category_id), None)

    @property
    def total_breaches(self) -> list[domain.Share]:
        seen: dict[int, domain.Share] = {}
        for share in self.shares:
            if share.over_total_cap:
                seen.setdefault(share.supplier_id, share)
        return sorted(seen.values(), key=lambda s: -s.of_total)


def _fallback_suppliers(category_ids: Sequence[int] | None = None) -> Any:
    """Current suppliers with no spend line at all: they count with their annual spend."""
    qs = (
        Supplier.objects.filter(archived=False, annual_spend__isnull=False)
        .exclude(status="exited")
        .filter(~Exists(SpendLine.objects.filter(supplier_id=OuterRef("pk"))))
    )
    if category_ids is not None:
        qs = qs.filter(category_id__in=category_ids)
    return qs.values("pk", "name", "category_id", "category__name", "annual_spend", "currency")


def concentration(
    last_month: dt.date | None = None, months: int = 12, *, with_trend: bool = True
) -> Concentration:
    """Every supplier's share of its category and of the total over the `months` months up
    to `last_month` (default: the latest month with spend lines), and the concentration per
    category with its quarterly HHI trend. A fixed number of queries: aggregates run in the
    database."""
    risk_settings = get_settings()
    ctx = money()
    window = domain.window_ending(last_month or latest_month(), months)
    spends: dict[tuple[int, int | None], domain.SupplierSpend] = {}
    left_out: set[str] = set()
    # Sum per supplier, category and currency first, then join the names to the sums (a
    # join before the grouping names every one of the lines).
    sql = (
        "SELECT a.supplier_id, s.name, a.category_id, c.name, a.currency, a.total FROM ("  # noqa: S608
        "SELECT supplier_id, category_id, currency, SUM(amount) AS total "
        f"FROM {SpendLine._meta.db_table} WHERE period >= %s AND period < %s "
        "GROUP BY supplier_id, category_id, currency) AS a "
        f"JOIN {Supplier._meta.db_table} s ON s.id = a.supplier_id "
        f"LEFT JOIN {Category._meta.db_table} c ON c.id = a.category_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [window.first, window.end])
        rows = cursor.fetchall()
    for supplier_id, supplier_name, category_id, category_name, currency, total in rows:
        converted = ctx.convert(_decimal(total), currency)
        if converted is None:
            left_out.add(f"spend in {currency} (no exchange rate to {ctx.reporting})")
            continue
        key = (supplier_id, category_id)
        before = spends.get(key)
        spends[key] = domain.SupplierSpend(
            supplier_id=supplier_id,
            name=supplier_name,
            category_id=category_id,
            category_name=category_name,
            spend=converted + (before.spend if before else domain.ZERO),
        )
    scale = Decimal(months) / Decimal(12)
    fallback = list(_fallback_suppliers())
    for row in fallback:
        converted = ctx.convert(row["annual_spend"], row["currency"])
        if converted is None:
            left_out.add(f"annual spend in {row['currency']} (no exchange rate)")
            continue
        spends[(row["pk"], row["category_id"])] = domain.SupplierSpend(
            supplier_id=row["pk"],
            name=row["name"],
            category_id=row["category_id"],
            category_name=row["category__name"] or "No category",
            spend=(converted * scale).quantize(domain.CENT),
            source="annual",
        )
    shares = domain.compute_shares(
        spends.values(), risk_settings.category_cap, risk_settings.total_cap
    )
    trends = _trends(window.last, ctx, fallback) if with_trend else {}
    return Concentration(
        window=window,
        settings=risk_settings,
        reporting=ctx.reporting,
        shares=shares,
        categories=domain.concentration_by_category(shares, trends),
        total=shares[0].total_spend if shares else domain.ZERO,
        from_annual=len(fallback),
        left_out=sorted(left_out),
    )


def _trends(
    last_month: dt.date, ctx: Money, fallback: Sequence[Mapping[str, Any]]
) -> dict[int | None, list[domain.TrendPoint]]:
    """HHI per category for each of the 8 quarters up to `last_month`, computed in the
    database: per (category, quarter) the sum of each supplier's spend and of its square
    (HHI = 10,000 × Σs² ÷ (Σs)²). One query. Suppliers without lines add a quarter of their
    annual spend to every quarter."""
    quarters = domain.quarters_ending(last_month, 8)
    currencies_known = [ctx.reporting] + sorted(
        c for c in ctx.rates if c != ctx.reporting and ctx.has_rate(c)
    )
    pg = connection.vendor == "postgresql"

    def number(value: Decimal) -> Any:
        return value if pg else float(value)

    rate_case = " ".join("WHEN %s THEN %s" for _ in currencies_known[1:])
    rate_params: list[Any] = []
    for code in currencies_known[1:]:
        rate_params += [code, number(ctx.convert(Decimal(1), code) or domain.ZERO)]
    rate = f"(CASE currency {rate_case} ELSE 1 END)" if rate_case else "1"
    quarter_case = " ".join(
        "WHEN period >= %s THEN %s" for _ in range(len(quarters) - 1)
    )  # newest first
    quarter_params: list[Any] = []
    for index in reversed(range(1, len(quarters))):
        quarter_params += [quarters[index], index]
    table = SpendLine._meta.db_table
    placeholders = ", ".join("%s" for _ in currencies_known)
    sql = (
        "SELECT category_id, q, SUM(s * s), SUM(s) FROM ("  # noqa: S608 (no user text)
        f"SELECT category_id, supplier_id, (CASE {quarter_case} ELSE 0 END) AS q, "
        f"SUM(amount * {rate}) AS s FROM {table} "
        f"WHERE period >= %s AND period < %s AND currency IN ({placeholders}) "
        "GROUP BY 1, 2, 3) AS per_supplier WHERE s > 0 GROUP BY category_id, q"
    )
    end = domain.add_months(quarters[-1], 3)
    params = [*quarter_params, *rate_params, quarters[0], end, *currencies_known]
    sums: dict[int | None, dict[int, list[Decimal]]] = defaultdict(
        lambda: defaultdict(lambda: [domain.ZERO, domain.ZERO])
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for category_id, q, squares, total in cursor.fetchall():
            cell = sums[category_id][int(q)]
            cell[0] += Decimal(str(squares))
            cell[1] += Decimal(str(total))
    for row in fallback:
        converted = ctx.convert(row["annual_spend"], row["currency"])
        if not converted or converted <= 0:
            continue
        quarter_spend = converted / 4
        for index in range(len(quarters)):
            cell = sums[row["category_id"]][index]
            cell[0] += quarter_spend * quarter_spend
            cell[1] += quarter_spend
    trends: dict[int | None, list[domain.TrendPoint]] = {}
    for category_id, per_quarter in sums.items():
        points = []
        for index, first in enumerate(quarters):
            squares, total = per_quarter.get(index, [domain.ZERO, domain.ZERO])
            index_value = (
                min(
                    (domain.HHI_MAX * squares / (total * total)).quantize(domain.ONE),
                    domain.HHI_MAX,
                )
                if total > 0
                else None
            )
            points.append(
                domain.TrendPoint(
                    domain.quarter_label(first), index_value, total.quantize(domain.CENT)
                )
            )
        trends[category_id] = points
    return trends


def _positive(value: Decimal) -> Decimal:
    return value if value > 0 else domain.ZERO


def supplier_shares(
    supplier: Supplier,
    window: domain.Window,
    risk_settings: RiskSettings,
    ctx: Money,
) -> list[domain.Share]:
    """One supplier's shares of its categories and of all spend over `window`: the same
    figures as `concentration` gives for it, without building the whole portfolio's shares.
    The database sums every category's spend per supplier (a supplier's net spend counted
    from zero up, as `domain.compute_shares` does); only spend in another currency than the
    reporting one comes back as per-supplier rows, to convert with the settings' rates.
    Three queries (spend, suppliers without lines, category names)."""
    table = SpendLine._meta.db_table
    sql = (
        # Per supplier, category and currency the sum, and whether any of the supplier's
        # lines in the category are in another currency than the reporting one.
        "WITH g AS (SELECT supplier_id, category_id, currency, SUM(amount) AS s, "  # noqa: S608
        "MAX(CASE WHEN currency <> %s THEN 1 ELSE 0 END) "
        "OVER (PARTITION BY supplier_id, category_id) AS mixed "
        f"FROM {table} WHERE period >= %s AND period < %s "
        "GROUP BY supplier_id, category_id, currency) "
        # Per category: the positive spend of suppliers whose lines there are all in the
        # reporting currency (one row per category).
        "SELECT 0, category_id, NULL, NULL, SUM(CASE WHEN s > 0 THEN s ELSE 0 END) FROM g "
        "WHERE mixed = 0 GROUP BY category_id "
        # The rest row by row: suppliers with spend in another currency, and this supplier.
        "UNION ALL SELECT 1, category_id, supplier_id, currency, s FROM g "
        "WHERE mixed = 1 OR supplier_id = %s"
    )
    params: list[Any] = [ctx.reporting, window.first, window.end, supplier.pk]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    per_category: dict[int | None, Decimal] = defaultdict(lambda: domain.ZERO)
    mixed_keys = {(r[2], r[1]) for r in rows if r[0] == 1 and r[3] != ctx.reporting}
    mixed: dict[tuple[int, int | None], Decimal] = defaultdict(lambda: domain.ZERO)
    mine: dict[int | None, Decimal] = defaultdict(lambda: domain.ZERO)
    for kind, category_id, supplier_id, currency, amount in rows:
        if kind == 0:
            per_category[category_id] += _decimal(amount)
            continue
        converted = ctx.convert(_decimal(amount), currency)
        if converted is None:
            continue  # no rate: left out, as on the concentration page
        if supplier_id == supplier.pk:
            mine[category_id] += converted
        if (supplier_id, category_id) in mixed_keys:
            mixed[(supplier_id, category_id)] += converted
    for (_, category_id), spend in mixed.items():
        per_category[category_id] += _positive(spend)
    scale = Decimal(window.months) / Decimal(12)
    own_category_name = ""
    for row in _fallback_suppliers():
        converted = ctx.convert(row["annual_spend"], row["currency"])
        if converted is None:
            continue
        spend = _positive((converted * scale).quantize(domain.CENT))
        per_category[row["category_id"]] += spend
        if row["pk"] == supplier.pk:
            mine[row["category_id"]] = spend
            own_category_name = row["category__name"] or "No category"
    total = sum(per_category.values(), domain.ZERO)
    mine = {category_id: _positive(spend) for category_id, spend in mine.items()}
    supplier_total = sum(mine.values(), domain.ZERO)
    names: dict[int | None, str] = dict(
        Category.objects.filter(pk__in=[c for c in mine if c is not None]).values_list("pk", "name")
    )
    source = "lines" if not own_category_name else "annual"
    shares = []
    for category_id, spend in mine.items():
        category_spend = per_category[category_id]
        of_category = spend / category_spend if category_spend > 0 else domain.ZERO
        of_total = supplier_total / total if total > 0 else domain.ZERO
        shares.append(
            domain.Share(
                supplier_id=supplier.pk,
                name=supplier.name,
                category_id=category_id,
                category_name=names.get(category_id) or own_category_name or "No category",
                spend=spend,
                source=source,
                of_category=of_category,
                of_total=of_total,
                category_spend=category_spend,
                total_spend=total,
                over_category_cap=of_category * domain.HUNDRED > risk_settings.category_cap,
                over_total_cap=of_total * domain.HUNDRED > risk_settings.total_cap,
            )
        )
    return sorted(shares, key=lambda s: (-s.spend, s.category_name))


def category_shares_for(page: Sequence[Supplier]) -> dict[int, domain.Share]:
    """{supplier pk: its share of its own category's annual spend}, for a page of the
    supplier list, in three queries. Annual spend is what spend lines keep up to date (the
    last 12 months of lines), so this matches the concentration page's default window for
    suppliers that sell in their own category only."""
    category_ids = sorted({s.category_id for s in page if s.category_id})
    if not category_ids:
        return {}
    risk_settings = get_settings()
    ctx = money()
    totals: dict[int, Decimal] = defaultdict(lambda: domain.ZERO)
    rows = (
        Supplier.objects.filter(category_id__in=category_ids, archived=False)
        .exclude(status="exited")
        .values("category_id", "currency")
        .annotate(total=Sum("annual_spend"))
        .order_by()
    )
    for row in rows:
        converted = ctx.convert(_decimal(row["total"]), row["currency"])
        if converted is not None and row["category_id"] is not None:
            totals[row["category_id"]] += max(converted, domain.ZERO)
    result: dict[int, domain.Share] = {}
    for supplier in page:
        spend = ctx.convert(supplier.annual_spend, supplier.currency)
        category_total = totals.get(supplier.category_id or 0, domain.ZERO)
        if spend is None or spend <= 0 or category_total <= 0 or supplier.archived:
            continue
        share = spend / category_total
        result[supplier.pk] = domain.Share(
            supplier_id=supplier.pk, name=supplier.name, category_id=supplier.category_id,
            category_name="", spend=spend, source="annual", of_category=share,
            of_total=domain.ZERO, category_spend=category_total, total_spend=domain.ZERO,
            over_category_cap=share * domain.HUNDRED > risk_settings.category_cap,
        )  # fmt: skip
    return result


def concentration_candidates(conc: Concentration) -> list[AlertCandidate]:
    """A cap alert per supplier above the category cap (per category) or the total cap."""
    found = []
    cap_c, cap_t = conc.settings.category_cap, conc.settings.total_cap
    for share in conc.shares:
        if share.over_category_cap:
            found.append(
                AlertCandidate(
                    supplier_id=share.supplier_id,
                    kind=CONCENTRATION_ALERT,
                    subject=f"category:{share.category_id}",
                    title=f"{share.name} holds {domain.percent(share.of_category)} % of "
                    f"{share.category_name} (cap {cap_c:g} %)",
                    summary=share.explanation,
                    evidence={
                        "share_percent": str(domain.percent(share.of_category)),
                        "cap_percent": f"{cap_c:g}",
                        "spend": str(share.spend),
                        "category_spend": str(share.category_spend),
                        "currency": conc.reporting,
                        "window": conc.window.label,
                        "source": share.source,
                    },
                )
            )
    for share in conc.total_breaches:
        found.append(
            AlertCandidate(
                supplier_id=share.supplier_id,
                kind=CONCENTRATION_ALERT,
                subject="total",
                title=f"{share.name} holds {domain.percent(share.of_total)} % of all spend "
                f"(cap {cap_t:g} %)",
                summary=share.explanation,
                evidence={
                    "share_percent": str(domain.percent(share.of_total)),
                    "cap_percent": f"{cap_t:g}",
                    "total_spend": str(share.total_spend),
                    "currency": conc.reporting,
                    "window": conc.window.label,
                },
            )
        )
    return found


# --- critical supply, backups and transition plans -----------------------------------------


@dataclass
class PlaybookState:
    """What the playbook knows about a backup supplier's vetting."""

    status: str
    status_label: str
    activation: str  # "" or how it passed the activation gate
    passed_validations: int

    @property
    def vetted(self) -> bool:
        return bool(self.activation) or self.passed_validations > 0

    @property
    def explanation(self) -> str:
        parts = [f"status {self.status_label}"]
        if self.activation:
            parts.append(f"activation gate: {self.activation}")
        if self.passed_validations:
            parts.append(f"{self.passed_validations} sourcing validation(s) passed")
        if not self.vetted:
            parts.append("not vetted through the playbook yet")
        return "; ".join(parts)


def playbook_states(supplier_ids: Iterable[int]) -> dict[int, PlaybookState]:
    """{supplier pk: its playbook vetting state} (three queries)."""
    from partnerbook.gate.services import latest_activations
    from partnerbook.sourcing.models import Validation

    ids = sorted(set(supplier_ids))
    if not ids:
        return {}
    activations = latest_activations(ids)
    passed = dict(
        Validation.objects.filter(candidate__supplier_id__in=ids, result="passed")
        .values("candidate__supplier_id")
        .annotate(n=Count("pk"))
        .values_list("candidate__supplier_id", "n")
    )
    states = {}
    for supplier in Supplier.objects.filter(pk__in=ids).only("pk", "status"):
        activation = activations.get(supplier.pk)
        states[supplier.pk] = PlaybookState(
            status=supplier.status,
            status_label=supplier.get_status_display(),
            activation=activation.get_how_display() if activation else "",
            passed_validations=passed.get(supplier.pk, 0),
        )
    return states


def _check_backup(backup: Backup, state: PlaybookState | None) -> None:
    if backup.status == "qualified":
        if not backup.evidence.strip() and not (state and state.vetted):
            raise ValidationError(
                {
                    "evidence": gettext(
                        "A backup qualifies through the playbook (the activation gate "
                        "or a passed sourcing validation) or with a person's evidence: describe "
                        "how it was vetted."
                    )
                }
            )
        if backup.qualified_on is None:
            backup.qualified_on = timezone.localdate()
        if backup.qualified_on > timezone.localdate():
            raise ValidationError({"qualified_on": gettext("The date cannot be in the future.")})
    else:
        backup.qualified_on = None


@transaction.atomic
def add_backup(
    actor: User,
    backup_supplier: Supplier,
    *,
    supplier: Supplier | None = None,
    category: Category | None = None,
    data: Mapping[str, Any] | None = None,
    run_checks: bool = True,
) -> Backup:
    """Put `backup_supplier` on the reserve list for one critical supplier or a category,
    then re-run the risk checks (a qualified backup clears the no-backup alert);
    `run_checks=False` leaves them to the caller, who adds several at once."""
    if (supplier is None) == (category is None):
        raise ValidationError(
            {"supplier": gettext("Give either the supplier or the category it backs up.")}
        )
    require(actor, "risk.edit", supplier)
    data = data or {}
    backup = Backup(
        supplier=supplier,
        category=category,
        backup_supplier=backup_supplier,
        status=data.get("status") or "proposed",
        qualified_on=data.get("qualified_on"),
        evidence=_text(data.get("evidence")),
        note=_text(data.get("note")),
    )
    if supplier is not None and backup_supplier.pk == supplier.pk:
        raise ValidationError({"backup_supplier": gettext("A supplier cannot be its own backup.")})
    duplicate = Backup.objects.filter(backup_supplier=backup_supplier)
    duplicate = (
        duplicate.filter(supplier=supplier)
        if supplier is not None
        else duplicate.filter(category=category)
    )
    if duplicate.exists():
        raise ValidationError({"backup_supplier": gettext("This backup is already on the list.")})
    _check_backup(backup, playbook_states([backup_supplier.pk]).get(backup_supplier.pk))
    save_audited(backup, actor, f"Backup added ({backup.get_status_display()})")
    if run_checks:
        check_all()
    return backup


@transaction.atomic
def update_backup(
    actor: User, backup: Backup, data: Mapping[str, Any], expected_version: int | None = None
) -> Backup:
    """Change a backup's status, qualification date, evidence or note."""
    require(actor, "risk.edit", backup.supplier)
    lock_for_edit(backup, expected_version, "this backup")
    for key in BACKUP_FIELDS:
        if key in data:
            value = data[key]
            setattr(backup, key, _text(value) if key in {"evidence", "note"} else value)
    _check_backup(
        backup, playbook_states([backup.backup_supplier_id]).get(backup.backup_supplier_id)
    )
    next_version(backup)
    save_audited(backup, actor, f"Backup changed ({backup.get_status_display()})")
    check_all()
    return backup


@transaction.atomic
def save_plan(
    actor: User, supplier: Supplier, data: Mapping[str, Any], expected_version: int | None = None
) -> TransitionPlan:
    """Create or change the transition plan of `supplier`."""
    require(actor, "risk.edit", supplier)
    plan = TransitionPlan.objects.filter(supplier=supplier).first()
    if plan is None:
        plan = TransitionPlan(
            supplier=supplier, review_interval_days=get_settings().plan_review_days
        )
        reason = "Transition plan written"
    else:
        lock_for_edit(plan, expected_version, "this transition plan")
        next_version(plan)
        reason = "Transition plan changed"
    for key in PLAN_FIELDS:
        if key in data:
            value = data[key]
            setattr(plan, key, _text(value) if key in PLAN_FIELDS[:3] else value)
    if plan.last_reviewed_on and plan.last_reviewed_on > timezone.localdate():
        raise ValidationError(
            {"last_reviewed_on": gettext("The review date cannot be in the future.")}
        )
    save_audited(plan, actor, reason)
    check_all()
    return plan


@transaction.atomic
def mark_plan_reviewed(
    actor: User, plan: TransitionPlan, on: dt.date | None = None
) -> TransitionPlan:
    """Record that the plan was reviewed (today unless `on`)."""
    require(actor, "risk.edit", plan.supplier)
    day = on or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError(
            {"last_reviewed_on": gettext("The review date cannot be in the future.")}
        )
    plan.last_reviewed_on = day
    next_version(plan)
    save_audited(plan, actor, f"Transition plan reviewed on {day:%Y-%m-%d}")
    check_all()
    return plan


@dataclass
class BackupView:
    backup: Backup
    playbook: PlaybookState | None
    scope: str  # "supplier" or "category"


@dataclass
class CriticalSupply:
    """One critical supplier on the reserve list: why it is critical, its backups (its own
    and its category's), whether one is qualified, and its transition plan."""

    supplier: Supplier
    reasons: list[str]
    backups: list[BackupView]
    plan: TransitionPlan | None
    plan_state: domain.PlanState

    @property
    def covered(self) -> bool:
        return any(b.backup.status == "qualified" for b in self.backups)

    @property
    def explanation(self) -> str:
        why = "Critical because it is " + ", and ".join(self.reasons) + "."
        if self.covered:
            return why + " A qualified backup is on the reserve list."
        proposed = [b for b in self.backups if b.backup.status == "proposed"]
        if proposed:
            names = ", ".join(b.backup.backup_supplier.name for b in proposed)
            return why + f" No qualified backup yet (proposed: {names})."
        return why + " No backup is on the reserve list."


def critical_supply(
    as_of: dt.date | None = None,
    conc: Concentration | None = None,
    supplier_ids: Sequence[int] | None = None,
    *,
    shares: Sequence[domain.Share] | None = None,
    risk_settings: RiskSettings | None = None,
) -> list[CriticalSupply]:
    """Current suppliers that are critical (business criticality 4–5, single-sourced, or
    above the category cap), with their backups and plans. A fixed number of queries.
    `shares` (with `risk_settings`) stand in for the whole concentration when the shares of
    the suppliers asked for are known (the Risk tab of one supplier)."""
    day = as_of or timezone.localdate()
    if shares is None or risk_settings is None:
        conc = conc or concentration(with_trend=False)
        shares, risk_settings = conc.shares, conc.settings
    cap = risk_settings.category_cap
    top_share: dict[int, Decimal] = {}
    for share in shares:
        if share.of_category > top_share.get(share.supplier_id, domain.ZERO):
            top_share[share.supplier_id] = share.of_category
    over_cap = [pk for pk, s in top_share.items() if s * domain.HUNDRED > cap]
    qs = (
        Supplier.objects.filter(archived=False)
        .exclude(status="exited")
        .filter(
            Q(segmentation__criticality__gte=domain.HIGH_CRITICALITY)
            | Q(segmentation__single_source=True)
            | Q(pk__in=over_cap)
        )
        .select_related("segmentation", "category")
        .order_by("name", "pk")
    )
    if supplier_ids is not None:
        qs = qs.filter(pk__in=supplier_ids)
    suppliers = list(qs)
    ids = [s.pk for s in suppliers]
    category_ids = {s.category_id for s in suppliers if s.category_id}
    backups = list(
        Backup.objects.filter(Q(supplier_id__in=ids) | Q(category_id__in=category_ids))
        .select_related("backup_supplier", "category")
        .order_by("pk")
    )
    for_supplier: dict[int, list[Backup]] = defaultdict(list)
    for_category: dict[int, list[Backup]] = defaultdict(list)
    for b in backups:  # in pk order, as listed
        if b.supplier_id is not None:
            for_supplier[b.supplier_id].append(b)
        if b.category_id is not None:
            for_category[b.category_id].append(b)
    states = playbook_states(b.backup_supplier_id for b in backups)
    plans = {p.supplier_id: p for p in TransitionPlan.objects.filter(supplier_id__in=ids)}
    result = []
    for supplier in suppliers:
        profile = getattr(supplier, "segmentation", None)
        reasons = domain.critical_reasons(
            profile.criticality if profile else None,
            profile.single_source if profile else None,
            top_share.get(supplier.pk),
            cap,
        )
        if not reasons:
            continue
        mine = [
            BackupView(b, states.get(b.backup_supplier_id), "supplier")
            for b in for_supplier.get(supplier.pk, ())
        ] + [
            BackupView(b, states.get(b.backup_supplier_id), "category")
            for b in for_category.get(supplier.category_id, ())
            if b.backup_supplier_id != supplier.pk
        ]
        plan = plans.get(supplier.pk)
        result.append(
            CriticalSupply(
                supplier=supplier,
                reasons=reasons,
                backups=mine,
                plan=plan,
                plan_state=domain.plan_state(
                    plan is not None,
                    plan.last_reviewed_on if plan else None,
                    plan.review_interval_days if plan else 0,
                    day,
                ),
            )
        )
    return result


def backup_candidates(items: Sequence[CriticalSupply]) -> list[AlertCandidate]:
    return [
        AlertCandidate(
            supplier_id=item.supplier.pk,
            kind=NO_BACKUP_ALERT,
            subject="no-qualified-backup",
            title=f"{item.supplier.name}: critical supply without a qualified backup",
            summary=item.explanation,
            severity="critical" if not item.backups else "warning",
            evidence={
                "critical_because": item.reasons,
                "backups": [
                    {
                        "supplier": b.backup.backup_supplier.name,
                        "status": b.backup.status,
                        "for": b.scope,
                    }
                    for b in item.backups
                ],
            },
        )
        for item in items
        if not item.covered
    ]


def plan_candidates(as_of: dt.date) -> list[AlertCandidate]:
    """An alert per transition plan whose review is overdue (or that was never reviewed)."""
    found = []
    for plan in TransitionPlan.objects.select_related("supplier").filter(supplier__archived=False):
        state = domain.plan_state(True, plan.last_reviewed_on, plan.review_interval_days, as_of)
        if state.overdue:
            found.append(
                AlertCandidate(
                    supplier_id=plan.supplier_id,
                    kind=PLAN_ALERT,
                    # One episode per missed due date: a plan reviewed and then let slip
                    # again raises a new alert.
                    subject=f"transition-plan:{state.due_on or 'never-reviewed'}",
                    title=f"{plan.supplier.name}: transition plan review overdue",
                    summary=state.explanation,
                    evidence={
                        "last_reviewed_on": str(plan.last_reviewed_on or ""),
                        "review_interval_days": plan.review_interval_days,
                        "due_on": str(state.due_on or ""),
                    },
                )
            )
    return found


# --- financial watch ------------------------------------------------------------------------


def _rating(r: FinancialRating) -> domain.Rating:
    return domain.Rating(r.rated_on, r.score, r.provider)


def clean_rating(data: Mapping[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    rated_on = data.get("rated_on")
    if not isinstance(rated_on, dt.date):
        errors["rated_on"] = gettext("Give the date as YYYY-MM-DD.")
    elif rated_on > timezone.localdate():
        errors["rated_on"] = gettext("A rating cannot be dated in the future.")
    score = data.get("score")
    if not isinstance(score, Decimal) or not score.is_finite() or not 0 <= score <= 100:
        errors["score"] = gettext("Give a score from 0 to 100 (higher is healthier).")
    elif score != score.quantize(domain.CENT):
        errors["score"] = gettext("Give the score with at most two decimals.")
    provider = _text(data.get("provider"))
    if not provider:
        errors["provider"] = gettext("Name the provider of the rating.")
    elif len(provider) > 80:
        errors["provider"] = gettext("Keep the provider's name under 80 characters.")
    note = _text(data.get("note"))
    if len(note) > domain.MAX_TEXT:
        errors["note"] = gettext("Keep the note under %(count)s characters.") % {
            "count": domain.MAX_TEXT
        }
    if errors:
        raise ValidationError(errors)
    return {"rated_on": rated_on, "score": score, "provider": provider, "note": note}


def write_rating(
    actor: User, supplier: Supplier, values: Mapping[str, Any], source: str
) -> tuple[str, FinancialRating]:
    """Create the rating, or update the same provider's rating of that day."""
    rating = FinancialRating.objects.filter(
        supplier=supplier, provider=values["provider"], rated_on=values["rated_on"]
    ).first()
    if rating is None:
        rating = FinancialRating(supplier=supplier, source=source, **values)
        save_audited(rating, actor, f"Financial rating recorded ({source})")
        return "created", rating
    if rating.score == values["score"] and rating.note == values["note"]:
        return "unchanged", rating
    rating.score, rating.note = values["score"], values["note"]
    save_audited(rating, actor, f"Financial rating corrected ({source})")
    return "updated", rating


@transaction.atomic
def record_rating(
    actor: User, supplier: Supplier, data: Mapping[str, Any], source: str = "entered"
) -> FinancialRating:
    """Record a financial rating (0–100, higher is healthier), then run the checks."""
    require(actor, "risk.edit", supplier)
    _, rating = write_rating(actor, supplier, clean_rating(data), source)
    check_all()
    return rating


def financial_candidates(risk_settings: RiskSettings) -> list[AlertCandidate]:
    """An alert per supplier and provider whose latest rating deteriorated. One query."""
    by_supplier: dict[int, list[domain.Rating]] = defaultdict(list)
    names: dict[int, str] = {}
    for r in FinancialRating.objects.filter(supplier__archived=False).select_related("supplier"):
        by_supplier[r.supplier_id].append(_rating(r))
        names[r.supplier_id] = r.supplier.name
    found = []
    for supplier_id, ratings in by_supplier.items():
        for change in domain.latest_deteriorations(
            ratings, risk_settings.rating_drop, risk_settings.rating_floor
        ):
            found.append(
                AlertCandidate(
                    supplier_id=supplier_id,
                    kind=FINANCIAL_ALERT,
                    subject=f"{change.provider[:80]}:{change.current.rated_on}",
                    title=f"{names[supplier_id]}: financial rating fell "
                    f"({change.previous.score:g} → {change.current.score:g})",
                    summary=change.explanation,
                    evidence={
                        "provider": change.provider,
                        "previous": {
                            "rated_on": str(change.previous.rated_on),
                            "score": str(change.previous.score),
                        },
                        "current": {
                            "rated_on": str(change.current.rated_on),
                            "score": str(change.current.score),
                        },
                        "reasons": change.reasons,
                    },
                )
            )
    return found


@dataclass
class FinancialWatch:
    supplier: Supplier
    latest: FinancialRating | None
    history: list[FinancialRating]
    deteriorations: list[domain.Deterioration]
    factor: domain.HealthFactor | None
    current_factor: int | None


def financial_watch(supplier: Supplier) -> FinancialWatch:
    """One supplier's ratings, their deteriorations and the factor they suggest."""
    risk_settings = get_settings()
    history = list(FinancialRating.objects.filter(supplier=supplier).order_by("-rated_on", "pk"))
    latest = history[0] if history else None
    profile = getattr(supplier, "segmentation", None) if _has_profile(supplier) else None
    return FinancialWatch(
        supplier=supplier,
        latest=latest,
        history=history,
        deteriorations=domain.latest_deteriorations(
            [_rating(r) for r in history], risk_settings.rating_drop, risk_settings.rating_floor
        ),
        factor=domain.health_factor(latest.score) if latest else None,
        current_factor=profile.financial_health if profile else None,
    )


def _has_profile(supplier: Supplier) -> bool:
    from partnerbook.segmentation.models import SegmentationProfile

    try:
        return isinstance(supplier.segmentation, SegmentationProfile)
    except SegmentationProfile.DoesNotExist:
        return False


def financial_list(user: User) -> list[dict[str, Any]]:
    """The latest rating per supplier with its previous one from the same provider, the
    suggested factor and any deterioration (two queries)."""
    risk_settings = get_settings()
    visible = Supplier.objects.visible_to(user).values("pk")
    ratings = (
        FinancialRating.objects.filter(supplier_id__in=visible)
        .select_related("supplier")
        .order_by("supplier__name", "supplier_id", "-rated_on", "pk")
    )
    grouped: dict[int, list[FinancialRating]] = {}
    for r in ratings:
        grouped.setdefault(r.supplier_id, []).append(r)
    rows = []
    for history in grouped.values():
        latest = history[0]
        rows.append(
            {
                "supplier": latest.supplier,
                "latest": latest,
                "count": len(history),
                "factor": domain.health_factor(latest.score),
                "deteriorations": domain.latest_deteriorations(
                    [_rating(r) for r in history],
                    risk_settings.rating_drop,
                    risk_settings.rating_floor,
                ),
            }
        )
    return rows


@transaction.atomic
def use_rating_as_factor(actor: User, supplier: Supplier) -> int:
    """Set the supplier's financial-health factor (segmentation) from its latest rating,
    through segmentation's own service. Only ever on a person's request."""
    require(actor, "risk.edit", supplier)
    latest = FinancialRating.objects.filter(supplier=supplier).order_by("-rated_on", "-pk").first()
    if latest is None:
        raise ValidationError({"rating": gettext("This supplier has no financial rating yet.")})
    factor = domain.health_factor(latest.score)
    segmentation.update_factors(actor, supplier, {"financial_health": factor.value})
    return factor.value


# --- power balance --------------------------------------------------------------------------


def clean_revenue(data: Mapping[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    amount = data.get("annual_revenue")
    if not isinstance(amount, Decimal) or not amount.is_finite() or amount <= 0:
        errors["annual_revenue"] = gettext("Give their annual revenue as a positive number.")
    elif amount >= Decimal("1e18") or amount != amount.quantize(domain.CENT):
        errors["annual_revenue"] = gettext("Give an amount below 10^18, with at most two decimals.")
    currency = _text(data.get("currency")).upper()
    if not currencies.is_currency(currency):
        errors["currency"] = currencies.MESSAGE
    year = data.get("fiscal_year")
    if year is not None and (not isinstance(year, int) or not 1900 <= year <= 2200):
        errors["fiscal_year"] = gettext("Give a year such as 2025.")
    source = _text(data.get("source"))
    if len(source) > 200:
        errors["source"] = gettext("Keep the source under 200 characters.")
    if errors:
        raise ValidationError(errors)
    return {"annual_revenue": amount, "currency": currency, "fiscal_year": year, "source": source}


@transaction.atomic
def set_revenue(
    actor: User, supplier: Supplier, data: Mapping[str, Any], expected_version: int | None = None
) -> SupplierRevenue:
    """Record the supplier's own annual revenue (for the power balance)."""
    require(actor, "risk.edit", supplier)
    values = clean_revenue(data)
    revenue = SupplierRevenue.objects.filter(supplier=supplier).first()
    if revenue is None:
        revenue = SupplierRevenue(supplier=supplier, **values)
        save_audited(revenue, actor, "Supplier revenue recorded")
        return revenue
    lock_for_edit(revenue, expected_version, "this revenue figure")
    if all(getattr(revenue, k) == v for k, v in values.items()):
        return revenue
    for key, value in values.items():
        setattr(revenue, key, value)
    next_version(revenue)
    save_audited(revenue, actor, "Supplier revenue changed")
    return revenue


def power_for(
    supplier: Supplier,
    revenue: SupplierRevenue | None,
    risk_settings: RiskSettings,
    ctx: Money,
) -> domain.PowerBalance:
    """The power balance with one supplier; our spend is its annual spend figure (which
    spend lines keep up to date), all in the reporting currency."""
    our_spend = ctx.convert(supplier.annual_spend, supplier.currency)
    their_revenue = ctx.convert(revenue.annual_revenue, revenue.currency) if revenue else None
    ours = ctx.convert(risk_settings.our_annual_revenue, risk_settings.our_revenue_currency)
    return domain.power_balance(
        our_spend,
        their_revenue,
        ours,
        risk_settings.small_customer_share,
        risk_settings.dominant_size_ratio,
        risk_settings.dependence_share,
    )


def power_list(user: User) -> list[tuple[Supplier, SupplierRevenue, domain.PowerBalance]]:
    """Every visible supplier with a recorded revenue and its power balance (one query plus
    the settings)."""
    risk_settings, ctx = get_settings(), money()
    rows = (
        SupplierRevenue.objects.filter(supplier__in=Supplier.objects.visible_to(user))
        .select_related("supplier")
        .order_by("supplier__name")
    )
    return [(r.supplier, r, power_for(r.supplier, r, risk_settings, ctx)) for r in rows]


# --- the supplier's Risk tab ---------------------------------------------------------------


@dataclass
class SupplierRisk:
    supplier: Supplier
    shares: list[domain.Share]
    window: domain.Window
    critical: CriticalSupply | None
    backups_given: list[Backup]  # where this supplier is itself a backup
    plan: TransitionPlan | None
    plan_state: domain.PlanState
    watch: FinancialWatch
    revenue: SupplierRevenue | None
    power: domain.PowerBalance
    reporting: str
    line_count: int
    settings: RiskSettings


def supplier_risk(supplier: Supplier) -> SupplierRisk:
    """Everything the Risk tab shows about one supplier."""
    risk_settings, ctx = get_settings(), money()
    window = domain.window_ending(latest_month(), 12)
    shares = supplier_shares(supplier, window, risk_settings, ctx)
    critical = critical_supply(
        supplier_ids=[supplier.pk], shares=shares, risk_settings=risk_settings
    )
    plan = TransitionPlan.objects.filter(supplier=supplier).first()
    revenue = SupplierRevenue.objects.filter(supplier=supplier).first()
    return SupplierRisk(
        supplier=supplier,
        shares=shares,
        window=window,
        critical=critical[0] if critical else None,
        backups_given=list(
            Backup.objects.filter(backup_supplier=supplier).select_related("supplier", "category")
        ),
        plan=plan,
        plan_state=domain.plan_state(
            plan is not None,
            plan.last_reviewed_on if plan else None,
            plan.review_interval_days if plan else 0,
            timezone.localdate(),
        ),
        watch=financial_watch(supplier),
        revenue=revenue,
        power=power_for(supplier, revenue, risk_settings, ctx),
        reporting=ctx.reporting,
        line_count=SpendLine.objects.filter(supplier=supplier).count(),
        settings=risk_settings,
    )


# --- the checks -----------------------------------------------------------------------------


def check_all(as_of: dt.date | None = None) -> dict[str, int]:
    """Run every risk check and sync its alerts: raise what is new, clear what no longer
    holds. Alerts inform; nothing here changes a supplier or a decision."""
    day = as_of or timezone.localdate()
    conc = concentration(with_trend=False)
    results = {}
    for kind, candidates in (
        (CONCENTRATION_ALERT, concentration_candidates(conc)),
        (NO_BACKUP_ALERT, backup_candidates(critical_supply(day, conc))),
        (PLAN_ALERT, plan_candidates(day)),
        (FINANCIAL_ALERT, financial_candidates(conc.settings)),
    ):
        results[kind] = sync_alerts(day, candidates, scope_kinds={kind})
        clear_resolved(kind, {(c.supplier_id, c.subject[:100]) for c in candidates}, CLEARED_NOTE)
    return results


def supplier_url(supplier_id: int) -> str:
    return reverse("risk:supplier", args=[supplier_id])
