"""Reads and writes of partnership economics: the settings, time logged, benefits and extra
costs; ROI per supplier and for the portfolio, TCO within a category; gain-share agreements,
their savings, verifications, payouts and ledgers. Every read issues a fixed number of
queries, whatever the number of suppliers."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import require
from partnerbook.core.audit import save_audited
from partnerbook.core.concurrency import lock_for_edit, next_version
from partnerbook.core.currencies import is_currency
from partnerbook.core.registry import TimelineEntry, start_of
from partnerbook.segmentation import services as segmentation
from partnerbook.suppliers.models import Category, Supplier

from . import domain
from .models import (
    Benefit,
    CostEntry,
    EconomicsSettings,
    GainShareAgreement,
    Payout,
    SavingsEntry,
    TimeLog,
)

SupplierScope = Sequence[int] | QuerySet[Any]


def _text(value: Any) -> str:
    return (value or "").strip() if isinstance(value, str) or value is None else str(value)


def _decimal(value: Any, field: str) -> Decimal:
    result: Decimal | None
    if isinstance(value, Decimal):
        result = value
    else:
        try:
            result = Decimal(str(value).strip().replace(",", "")) if value is not None else None
        except (InvalidOperation, ValueError):
            result = None
    if result is None or not result.is_finite():
        raise ValidationError({field: gettext("Give a number.")})
    return result


def _today() -> dt.date:
    return timezone.localdate()


# --- settings -------------------------------------------------------------------------------

SETTINGS_FIELDS = ("hourly_cost", *(f"hours_{key}" for key in domain.EFFORT_SOURCES))


def get_settings() -> EconomicsSettings:
    """The economics settings; the defaults (unsaved) until an administrator changes them."""
    return EconomicsSettings.objects.filter(pk=1).first() or EconomicsSettings(pk=1)


@transaction.atomic
def update_settings(
    actor: User, data: Mapping[str, Any], expected_version: int | None = None
) -> EconomicsSettings:
    """Change the hourly cost and the standard hours per kind of work (administrators)."""
    require(actor, "economics.configure")
    obj = EconomicsSettings.objects.select_for_update().filter(pk=1).first() or EconomicsSettings(
        pk=1
    )
    lock_for_edit(obj, expected_version, "these economics settings")
    for key in SETTINGS_FIELDS:
        if key in data and data[key] is not None:
            value = _decimal(data[key], key)
            if value < 0:
                raise ValidationError({key: gettext("Cannot be negative.")})
            setattr(obj, key, value)
    next_version(obj)
    save_audited(obj, actor, "Economics settings changed")
    return obj


# --- money in the reporting currency --------------------------------------------------------


@dataclass(frozen=True)
class Money:
    """The reporting currency and the exchange rates into it, as Decimals."""

    currency: str
    rates: Mapping[str, Decimal]

    def convert(self, amount: Decimal | None, currency: str) -> Decimal | None:
        """`amount` in the reporting currency; None when unknown or no rate is configured
        (the Decimal twin of `segmentation.services.to_reporting`)."""
        if amount is None:
            return None
        if currency == self.currency:
            return Decimal(amount)
        rate = self.rates.get(currency)
        return Decimal(amount) * rate if rate else None


def money() -> Money:
    seg = segmentation.get_settings()
    rates = {
        code: Decimal(str(rate))
        for code, rate in (seg.exchange_rates or {}).items()
        if isinstance(rate, int | float) and not isinstance(rate, bool)
    }
    return Money(seg.reporting_currency or "EUR", rates)


# --- hours, benefits and ROI ----------------------------------------------------------------


def _scope(field: str, suppliers: SupplierScope) -> Q:
    return Q(**{f"{field}__in": suppliers})


def effort_counts(suppliers: SupplierScope, win: domain.Window) -> dict[int, dict[str, int]]:
    """{supplier pk: {effort source: how many were recorded in the window}} in five
    grouped queries (interactions by channel, reviews, vetting calls, validations, checklist
    ticks, our side's onboarding tasks done)."""
    from partnerbook.actions.models import ActionItem
    from partnerbook.gate.models import Tick
    from partnerbook.relationship.models import Interaction
    from partnerbook.reviews.models import BusinessReview
    from partnerbook.sourcing.models import CandidateCall, Validation

    counts: dict[int, dict[str, int]] = defaultdict(dict)

    def add(rows: Iterable[dict[str, Any]], key_of: Any, sid: str = "supplier_id") -> None:
        for row in rows:
            key = key_of(row)
            if key:
                bucket = counts[row[sid]]
                bucket[key] = bucket.get(key, 0) + row["n"]

    add(
        Interaction.objects.filter(
            _scope("supplier", suppliers), occurred_on__range=(win.start, win.end)
        )
        .values("supplier_id", "channel")
        .annotate(n=Count("id")),
        lambda row: domain.CHANNEL_SOURCES.get(row["channel"]),
    )
    add(
        BusinessReview.objects.filter(
            _scope("supplier", suppliers), held_on__range=(win.start, win.end)
        )
        .values("supplier_id")
        .annotate(n=Count("id")),
        lambda row: "business_review",
    )
    add(
        CandidateCall.objects.filter(
            _scope("candidate__supplier", suppliers), held_on__range=(win.start, win.end)
        )
        .values("candidate__supplier_id")
        .annotate(n=Count("id")),
        lambda row: "vetting_call",
        "candidate__supplier_id",
    )
    add(
        Validation.objects.filter(
            _scope("candidate__supplier", suppliers), done_on__range=(win.start, win.end)
        )
        .values("candidate__supplier_id")
        .annotate(n=Count("id")),
        lambda row: "validation",
        "candidate__supplier_id",
    )
    add(
        Tick.objects.filter(
            _scope("supplier", suppliers),
            ticked_at__gte=start_of(win.start),
            ticked_at__lt=start_of(win.end + dt.timedelta(days=1)),
        )
        .values("supplier_id")
        .annotate(n=Count("id")),
        lambda row: "checklist_tick",
    )
    add(
        ActionItem.objects.filter(
            _scope("supplier", suppliers),
            status="done",
            done_on__range=(win.start, win.end),
            onboarding_task__side="ours",
        )
        .values("supplier_id")
        .annotate(n=Count("id")),
        lambda row: "onboarding_task",
    )
    return dict(counts)


def logged_hours(suppliers: SupplierScope, win: domain.Window) -> dict[int, Decimal]:
    """{supplier pk: hours logged directly in the window} (one query)."""
    rows = (
        TimeLog.objects.filter(_scope("supplier", suppliers), day__range=(win.start, win.end))
        .values("supplier_id")
        .annotate(total=Sum("hours"))
    )
    return {r["supplier_id"]: Decimal(r["total"]) for r in rows}


def benefit_lines(
    suppliers: SupplierScope, win: domain.Window, cash: Money
) -> tuple[dict[int, list[domain.BenefitLine]], list[str]]:
    """{supplier pk: benefits per kind in the reporting currency, our share of verified
    gain-share savings included}, and what could not be converted (three queries)."""
    lines: dict[int, list[domain.BenefitLine]] = defaultdict(list)
    missing: set[str] = set()
    per_kind: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    rows = (
        Benefit.objects.filter(
            _scope("supplier", suppliers), realised_on__range=(win.start, win.end)
        )
        .values("supplier_id", "kind", "currency")
        .annotate(total=Sum("amount"))
    )
    for r in rows:
        value = cash.convert(r["total"], r["currency"])
        if value is None:
            missing.add(r["currency"])
            continue
        per_kind[(r["supplier_id"], r["kind"])] += value
    for (sid, kind), value in sorted(per_kind.items()):
        lines[sid].append(domain.BenefitLine(domain.BENEFIT_KINDS[kind], domain.cents(value)))
    for sid, value in gainshare_benefits(suppliers, win, cash, missing).items():
        lines[sid].append(domain.BenefitLine("Our share of verified gain-share savings", value))
    return dict(lines), sorted(missing)


def gainshare_benefits(
    suppliers: SupplierScope, win: domain.Window, cash: Money, missing: set[str] | None = None
) -> dict[int, Decimal]:
    """{supplier pk: our share of its agreements' verified savings less overruns, for
    periods starting in the window} in the reporting currency (two queries)."""
    agreements = {
        a.pk: a
        for a in GainShareAgreement.objects.filter(_scope("supplier", suppliers)).only(
            "pk", "supplier_id", "currency", "supplier_saving_pct", "supplier_overrun_pct"
        )
    }
    if not agreements:
        return {}
    entries: dict[int, list[tuple[dt.date, Decimal]]] = defaultdict(list)
    for agreement_id, period, amount in SavingsEntry.objects.filter(
        agreement_id__in=list(agreements), verified_at__isnull=False
    ).values_list("agreement_id", "period", "amount"):
        entries[agreement_id].append((period, amount))
    out: dict[int, Decimal] = defaultdict(Decimal)
    for agreement_id, items in entries.items():
        agreement = agreements[agreement_id]
        ours = domain.our_gainshare_benefit(items, agreement.terms, win.start, win.end)
        value = cash.convert(ours, agreement.currency)
        if value is None:
            if missing is not None:
                missing.add(agreement.currency)
            continue
        out[agreement.supplier_id] += value
    return {sid: domain.cents(v) for sid, v in out.items() if v}


def _summaries(
    suppliers: SupplierScope, ids: Iterable[int], as_of: dt.date | None, year: int | None
) -> dict[int, domain.RoiSummary]:
    win = domain.window(as_of or _today(), year)
    cash = money()
    settings_obj = get_settings()
    standard = settings_obj.standard_hours()
    counts = effort_counts(suppliers, win)
    logged = logged_hours(suppliers, win)
    benefits, missing = benefit_lines(suppliers, win, cash)
    out: dict[int, domain.RoiSummary] = {}
    for sid in ids:
        efforts = [
            domain.EffortCount(key, n, standard[key]) for key, n in counts.get(sid, {}).items()
        ]
        efforts.sort(key=lambda e: list(domain.EFFORT_SOURCES).index(e.key))
        summary = domain.summarise_roi(
            sid, efforts, logged.get(sid, Decimal(0)), settings_obj.hourly_cost,
            benefits.get(sid, ()), cash.currency, win.label,
        )  # fmt: skip
        if missing:
            summary = _with_note(
                summary, f"Not counted (no exchange rate): amounts in {', '.join(missing)}"
            )
        out[sid] = summary
    return out


def _with_note(summary: domain.RoiSummary, note: str) -> domain.RoiSummary:
    from dataclasses import replace

    return replace(summary, explanation=(*summary.explanation, note))


def roi_summaries(
    supplier_ids: list[int], as_of: dt.date | None = None, year: int | None = None
) -> dict[int, domain.RoiSummary]:
    """{supplier pk: its ROI summary} for every id given (roi None where no effort was
    recorded), over the 12 months up to `as_of` (default today) or the calendar `year`.
    A fixed number of queries (about ten) whatever the number of ids."""
    ids = list(dict.fromkeys(int(i) for i in supplier_ids))
    return _summaries(ids, ids, as_of, year)


def roi_of(
    supplier: Supplier, as_of: dt.date | None = None, year: int | None = None
) -> domain.RoiSummary:
    return roi_summaries([supplier.pk], as_of, year)[supplier.pk]


@dataclass(frozen=True)
class PortfolioRow:
    supplier_id: int
    name: str
    category: str
    summary: domain.RoiSummary


SORTS = {
    "name": lambda r: r.name.lower(),
    "hours": lambda r: r.summary.hours,
    "cost": lambda r: r.summary.effort_cost,
    "benefits": lambda r: r.summary.benefits,
    "net": lambda r: r.summary.net,
    "roi": lambda r: (r.summary.roi is None, r.summary.roi or Decimal(0)),
}


def portfolio(
    user: User, as_of: dt.date | None = None, year: int | None = None, sort: str = "-net"
) -> tuple[domain.PortfolioRoi, list[PortfolioRow]]:
    """The portfolio ROI over the suppliers `user` may see (current, not archived), and one
    row per supplier with effort or benefits recorded, sorted by `sort` (a key of SORTS,
    "-" for descending). A fixed number of queries."""
    visible = Supplier.objects.visible_to(user).filter(archived=False).exclude(status="exited")
    names = {
        pk: (name, category or "")
        for pk, name, category in visible.values_list("pk", "name", "category__name")
    }
    summaries = _summaries(visible.values("pk"), names, as_of, year)
    rows = [
        PortfolioRow(sid, names[sid][0], names[sid][1], s)
        for sid, s in summaries.items()
        if s.has_data
    ]
    descending = sort.startswith("-")
    key = SORTS.get(sort.lstrip("-"), SORTS["net"])
    if sort.lstrip("-") == "roi":
        rows.sort(key=lambda r: r.name.lower())
        with_roi = sorted((r for r in rows if r.summary.roi is not None),
                          key=lambda r: r.summary.roi or 0, reverse=descending)  # fmt: skip
        rows = with_roi + [r for r in rows if r.summary.roi is None]
    else:
        rows.sort(key=lambda r: r.name.lower())
        rows.sort(key=key, reverse=descending)
    total = domain.portfolio_roi((r.summary for r in rows), money().currency)
    return total, rows


# --- TCO ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TcoComparison:
    category: Category
    year: int
    currency: str
    lines: list[domain.TcoLine]
    remarks: tuple[str, ...]
    hourly_cost: Decimal


def tco_comparison(user: User, category: Category, year: int | None = None) -> TcoComparison:
    """The total cost of ownership of `category`'s current suppliers for a calendar year
    (default this year): purchase spend + extra costs of that year + the partnership hours
    of that year at the hourly cost. A fixed number of queries."""
    year = year or _today().year
    cash = money()
    settings_obj = get_settings()
    suppliers = (
        Supplier.objects.visible_to(user)
        .filter(category=category, archived=False)
        .exclude(status="exited")
    )
    info = list(suppliers.values_list("pk", "name", "annual_spend", "currency"))
    ids = [row[0] for row in info]
    costs: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for row in (
        CostEntry.objects.filter(supplier_id__in=ids, year=year)
        .values("supplier_id", "kind", "currency")
        .annotate(total=Sum("amount"))
    ):
        value = cash.convert(row["total"], row["currency"])
        if value is not None:
            costs[row["supplier_id"]][row["kind"]] += value
    summaries = _summaries(ids, ids, None, year)
    items = [
        domain.TcoInput(
            pk,
            name,
            cash.convert(spend, currency) if spend is not None else None,
            {k: costs[pk][k] for k in domain.COST_KINDS if costs[pk].get(k)},
            summaries[pk].hours,
        )  # fmt: skip
        for pk, name, spend, currency in info
    ]
    lines, remarks = domain.compare_tco(items, settings_obj.hourly_cost, cash.currency)
    return TcoComparison(category, year, cash.currency, lines, remarks, settings_obj.hourly_cost)


# --- time, benefits, costs ------------------------------------------------------------------


def _choice(value: Any, table: Mapping[str, str], field: str) -> str:
    text = _text(value)
    if text not in table:
        raise ValidationError(
            {field: gettext("Use one of: %(values)s.") % {"values": ", ".join(table)}}
        )
    return text


def _currency(value: Any, default: str) -> str:
    code = _text(value).upper() or default
    if not is_currency(code):
        raise ValidationError({"currency": gettext("Use a three-letter ISO 4217 code, e.g. EUR.")})
    return code


def _day(value: Any, field: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(_text(value))
    except ValueError:
        raise ValidationError({field: gettext("Give a date as YYYY-MM-DD.")}) from None


def _not_future(day: dt.date, field: str) -> None:
    if day > _today():
        raise ValidationError({field: gettext("Cannot be in the future.")})


@transaction.atomic
def log_time(actor: User, supplier: Supplier, data: Mapping[str, Any]) -> TimeLog:
    """Record hours spent on partnership work: day, hours (0.01-24), activity, and
    optionally who (default the actor), note and reference."""
    require(actor, "economics.edit", supplier)
    day = _day(data.get("day"), "day")
    _not_future(day, "day")
    hours = _decimal(data.get("hours"), "hours")
    if not Decimal(0) < hours <= Decimal(24):
        raise ValidationError({"hours": gettext("Give between 0.01 and 24 hours.")})
    log = TimeLog(
        supplier=supplier, day=day, hours=domain.cents(hours),
        activity=_choice(data.get("activity"), domain.TIME_ACTIVITIES, "activity"),
        who=data.get("who") or actor, note=_text(data.get("note")),
        reference=_text(data.get("reference")),
    )  # fmt: skip
    save_audited(log, actor, "Time logged.")
    return log


@transaction.atomic
def add_benefit(actor: User, supplier: Supplier, data: Mapping[str, Any]) -> Benefit:
    """Record a benefit: kind, amount (> 0), currency (default the supplier's), realised_on,
    and optionally note (the evidence) and reference."""
    require(actor, "economics.edit", supplier)
    amount = _decimal(data.get("amount"), "amount")
    if amount <= 0:
        raise ValidationError({"amount": gettext("A benefit is a positive amount.")})
    day = _day(data.get("realised_on"), "realised_on")
    _not_future(day, "realised_on")
    benefit = Benefit(
        supplier=supplier, kind=_choice(data.get("kind"), domain.BENEFIT_KINDS, "kind"),
        amount=domain.cents(amount), currency=_currency(data.get("currency"), supplier.currency),
        realised_on=day, note=_text(data.get("note")), reference=_text(data.get("reference")),
        recorded_by=actor,
    )  # fmt: skip
    save_audited(benefit, actor, "Benefit recorded.")
    return benefit


@transaction.atomic
def add_cost(actor: User, supplier: Supplier, data: Mapping[str, Any]) -> CostEntry:
    """Record an extra cost of doing business with `supplier` for a year: kind, amount
    (> 0), currency (default the supplier's), year, and optionally note and reference."""
    require(actor, "economics.edit", supplier)
    amount = _decimal(data.get("amount"), "amount")
    if amount <= 0:
        raise ValidationError({"amount": gettext("A cost is a positive amount.")})
    try:
        year = int(data.get("year") or 0)
    except (TypeError, ValueError):
        year = 0
    if not 1990 <= year <= _today().year + 1:
        raise ValidationError({"year": gettext("Give a year between 1990 and next year.")})
    cost = CostEntry(
        supplier=supplier, kind=_choice(data.get("kind"), domain.COST_KINDS, "kind"),
        amount=domain.cents(amount), currency=_currency(data.get("currency"), supplier.currency),
        year=year, note=_text(data.get("note")), reference=_text(data.get("reference")),
        recorded_by=actor,
    )  # fmt: skip
    save_audited(cost, actor, "Cost recorded.")
    return cost


def time_logs_of(supplier: Supplier, limit: int = 50) -> list[TimeLog]:
    return list(TimeLog.objects.filter(supplier=supplier).select_related("who")[:limit])


def benefits_of(supplier: Supplier, limit: int = 50) -> list[Benefit]:
    return list(Benefit.objects.filter(supplier=supplier)[:limit])


def costs_of(supplier: Supplier, limit: int = 50) -> list[CostEntry]:
    return list(CostEntry.objects.filter(supplier=supplier)[:limit])


# --- gain-share agreements ------------------------------------------------------------------

AGREEMENT_FIELDS = (
    "title", "baseline", "baseline_amount", "currency", "period_kind", "supplier_saving_pct",
    "supplier_overrun_pct", "our_overrun_pct", "starts_on", "ends_on", "requires_third_party",
)  # fmt: skip


def _pct(value: Any, field: str) -> Decimal:
    pct = _decimal(value, field)
    if not Decimal(0) <= pct <= Decimal(100):
        raise ValidationError({field: gettext("Give a percentage between 0 and 100.")})
    return pct.quantize(Decimal("0.01"))


def _apply_agreement(agreement: GainShareAgreement, data: Mapping[str, Any]) -> None:
    if "title" in data:
        agreement.title = _text(data["title"])
    if not agreement.title:
        raise ValidationError({"title": gettext("Name the agreement.")})
    if "baseline" in data:
        agreement.baseline = _text(data["baseline"])
    if not agreement.baseline:
        raise ValidationError({"baseline": gettext("Say what the savings are measured against.")})
    if "baseline_amount" in data:
        agreement.baseline_amount = _decimal(data["baseline_amount"], "baseline_amount")
        if agreement.baseline_amount < 0:
            raise ValidationError({"baseline_amount": gettext("Cannot be negative.")})
    if "currency" in data:
        agreement.currency = _currency(data["currency"], agreement.supplier.currency)
    if "period_kind" in data:
        agreement.period_kind = _choice(data["period_kind"], domain.PERIOD_KINDS, "period_kind")
    if "supplier_saving_pct" in data:
        agreement.supplier_saving_pct = _pct(data["supplier_saving_pct"], "supplier_saving_pct")
    theirs = data.get("supplier_overrun_pct")
    ours = data.get("our_overrun_pct")
    if theirs is not None and theirs != "":
        agreement.supplier_overrun_pct = _pct(theirs, "supplier_overrun_pct")
        if ours is None or ours == "":
            agreement.our_overrun_pct = Decimal(100) - agreement.supplier_overrun_pct
    if ours is not None and ours != "":
        agreement.our_overrun_pct = _pct(ours, "our_overrun_pct")
        if theirs is None or theirs == "":
            agreement.supplier_overrun_pct = Decimal(100) - agreement.our_overrun_pct
    if agreement.supplier_overrun_pct + agreement.our_overrun_pct != 100:
        raise ValidationError(
            {"our_overrun_pct": gettext("The two shares of an overrun must add up to 100 %.")}
        )
    if "starts_on" in data:
        agreement.starts_on = _day(data["starts_on"], "starts_on")
    if "ends_on" in data:
        agreement.ends_on = _day(data["ends_on"], "ends_on") if data["ends_on"] else None
    if agreement.ends_on and agreement.starts_on and agreement.ends_on < agreement.starts_on:
        raise ValidationError({"ends_on": gettext("The agreement cannot end before it starts.")})
    if "requires_third_party" in data:
        agreement.requires_third_party = bool(data["requires_third_party"])


@transaction.atomic
def create_agreement(
    actor: User, supplier: Supplier, data: Mapping[str, Any]
) -> GainShareAgreement:
    """Record a gain-share agreement with `supplier`: title, baseline (text) and
    baseline_amount per period, currency, period_kind (month, quarter, year),
    supplier_saving_pct, supplier_overrun_pct and/or our_overrun_pct (they add up to 100),
    starts_on, optionally ends_on and requires_third_party."""
    require(actor, "economics.edit", supplier)
    for key in ("supplier_saving_pct", "starts_on", "baseline_amount"):
        if data.get(key) in (None, ""):
            raise ValidationError({key: gettext("This field is required.")})
    if data.get("supplier_overrun_pct") in (None, "") and data.get("our_overrun_pct") in (None, ""):
        raise ValidationError(
            {"supplier_overrun_pct": gettext("Say which share of overruns the supplier absorbs.")}
        )
    agreement = GainShareAgreement(
        supplier=supplier, created_by=actor, currency=supplier.currency,
        supplier_overrun_pct=Decimal(0), our_overrun_pct=Decimal(0),
    )  # fmt: skip
    _apply_agreement(agreement, data)
    save_audited(agreement, actor, "Gain-share agreement recorded.")
    return agreement


@transaction.atomic
def update_agreement(
    actor: User,
    agreement: GainShareAgreement,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> GainShareAgreement:
    """Change an agreement's terms. The sharing percentages and period kind are frozen once
    a saving has been verified (the ledger already paid on them)."""
    require(actor, "economics.edit", agreement.supplier)
    lock_for_edit(agreement, expected_version, "this agreement")
    frozen = ("period_kind", "supplier_saving_pct", "supplier_overrun_pct", "our_overrun_pct")
    if agreement.savings.filter(verified_at__isnull=False).exists():
        for key in frozen:
            if key in data and str(data[key]) != str(getattr(agreement, key)):
                if _decimal_or_text(data[key]) != _decimal_or_text(getattr(agreement, key)):
                    raise ValidationError(
                        {key: gettext("Savings are already verified under these terms; "
                                      "record a new agreement instead.")}
                    )  # fmt: skip
    _apply_agreement(agreement, data)
    next_version(agreement)
    save_audited(agreement, actor, "Gain-share agreement changed.")
    return agreement


def _decimal_or_text(value: Any) -> Any:
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return str(value)


def _in_term(agreement: GainShareAgreement, period: dt.date) -> None:
    first = domain.period_start(agreement.starts_on, agreement.period_kind)
    if period < first or (agreement.ends_on and period > agreement.ends_on):
        raise ValidationError({"period": gettext("The period lies outside the agreement's term.")})
    if period > _today():
        raise ValidationError({"period": gettext("The period has not started yet.")})


@transaction.atomic
def record_saving(
    actor: User, agreement: GainShareAgreement, data: Mapping[str, Any]
) -> SavingsEntry:
    """Record the saving (positive) or overrun (negative) of one period against the
    baseline, with its evidence. It counts once verified."""
    require(actor, "economics.edit", agreement.supplier)
    day = _day(data.get("period"), "period")
    period = domain.period_start(day, agreement.period_kind)
    _in_term(agreement, period)
    amount = domain.cents(_decimal(data.get("amount"), "amount"))
    if amount == 0:
        raise ValidationError(
            {"amount": gettext("Give a saving (positive) or an overrun (negative).")}
        )
    if abs(amount) >= Decimal("1e12"):
        raise ValidationError({"amount": gettext("The amount is too large.")})
    evidence = _text(data.get("evidence"))
    if not evidence:
        raise ValidationError({"evidence": gettext("Say how the saving was measured.")})
    if SavingsEntry.objects.filter(agreement=agreement, period=period).exists():
        raise ValidationError(
            {"period": gettext("This period already has a saving or overrun recorded.")}
        )
    entry = SavingsEntry(
        agreement=agreement, period=period, amount=amount, evidence=evidence, recorded_by=actor
    )
    save_audited(entry, actor, "Saving recorded." if amount > 0 else "Overrun recorded.")
    return entry


@transaction.atomic
def verify_saving(
    actor: User, entry: SavingsEntry, third_party: str = "", at: dt.datetime | None = None
) -> SavingsEntry:
    """Mark a saving or overrun verified (managers). An agreement that requires a neutral
    third party needs its name."""
    require(actor, "gainshare.verify")
    entry = SavingsEntry.objects.select_for_update().select_related("agreement").get(pk=entry.pk)
    if entry.verified:
        raise ValidationError({"verified": gettext("This entry is already verified.")})
    name = _text(third_party)
    if entry.agreement.requires_third_party and not name:
        raise ValidationError(
            {
                "third_party": gettext(
                    "This agreement needs the neutral third party that verified it."
                )
            }
        )
    if len(name) > 200:
        raise ValidationError({"third_party": gettext("At most 200 characters.")})
    entry.verified_by, entry.verified_at, entry.third_party = actor, at or timezone.now(), name
    save_audited(entry, actor, "Saving verified." if entry.amount > 0 else "Overrun verified.")
    return entry


@transaction.atomic
def record_payout(actor: User, agreement: GainShareAgreement, data: Mapping[str, Any]) -> Payout:
    """Record a payment of the supplier's share (managers): period, amount (> 0), paid_on,
    reference (unique within the agreement)."""
    require(actor, "gainshare.verify")
    period = domain.period_start(_day(data.get("period"), "period"), agreement.period_kind)
    amount = domain.cents(_decimal(data.get("amount"), "amount"))
    if amount <= 0:
        raise ValidationError({"amount": gettext("A payout is a positive amount.")})
    if amount >= Decimal("1e12"):
        raise ValidationError({"amount": gettext("The amount is too large.")})
    paid_on = _day(data.get("paid_on"), "paid_on")
    _not_future(paid_on, "paid_on")
    reference = _text(data.get("reference"))
    if not reference:
        raise ValidationError({"reference": gettext("Give the payment's reference.")})
    if len(reference) > 100:
        raise ValidationError({"reference": gettext("At most 100 characters.")})
    if Payout.objects.filter(agreement=agreement, reference=reference).exists():
        raise ValidationError(
            {"reference": gettext("A payout with this reference is already recorded.")}
        )
    payout = Payout(
        agreement=agreement, period=period, amount=amount, paid_on=paid_on,
        reference=reference, recorded_by=actor,
    )  # fmt: skip
    save_audited(payout, actor, "Payout recorded.")
    return payout


def agreements_of(supplier: Supplier) -> list[GainShareAgreement]:
    return list(GainShareAgreement.objects.filter(supplier=supplier))


@dataclass(frozen=True)
class LedgerView:
    agreement: GainShareAgreement
    ledger: domain.Ledger
    entries: dict[dt.date, SavingsEntry]  # every entry, verified or not, by period
    payouts: list[Payout]
    labels: dict[dt.date, str]


def ledger_of(
    agreement: GainShareAgreement, start: dt.date | None = None, end: dt.date | None = None
) -> LedgerView:
    """The agreement's ledger (three queries). With `start`/`end`, only the periods in that
    range are shown, but the shares are still split over the whole ledger, so the cents
    agree with the full statement; the balance carries what came before."""
    entries = {
        e.period: e
        for e in SavingsEntry.objects.filter(agreement=agreement).select_related("verified_by")
    }
    payouts = list(Payout.objects.filter(agreement=agreement))
    paid: dict[dt.date, Decimal] = defaultdict(Decimal)
    for p in payouts:
        paid[p.period] += p.amount
    periods = {p for p, e in entries.items() if e.verified} | set(paid)
    items = [
        domain.LedgerEntry(
            p, entries[p].amount if p in entries and entries[p].verified else None, paid[p]
        )
        for p in periods
    ]
    full = domain.ledger(items, agreement.terms, agreement.currency)
    result = full
    if start or end:
        lo, hi = start or dt.date.min, end or dt.date.max
        rows = tuple(r for r in full.rows if lo <= r.period <= hi)
        before = [r for r in full.rows if r.period < lo]
        opening = before[-1].balance if before else domain.ZERO
        result = domain.Ledger(
            rows,
            sum((r.amount for r in rows if r.amount > 0), domain.ZERO),
            sum((r.amount for r in rows if r.amount < 0), domain.ZERO),
            sum((r.theirs for r in rows), domain.ZERO),
            sum((r.ours for r in rows), domain.ZERO),
            sum((r.payouts for r in rows), domain.ZERO),
            rows[-1].balance if rows else opening,
            (
                f"Owed to the supplier before {lo.isoformat()}: "
                f"{domain.money(opening, agreement.currency)}",
                *full.explanation,
            ),
        )
    labels = {p: domain.period_label(p, agreement.period_kind) for p in set(entries) | periods}
    return LedgerView(agreement, result, entries, payouts, labels)


# --- timeline -------------------------------------------------------------------------------


def timeline_entries(
    user: User, supplier: Supplier, since: dt.datetime | None, limit: int
) -> list[TimelineEntry]:
    """Verified savings and payouts of `supplier`'s gain-share agreements (two queries)."""
    from partnerbook.accounts.policy import can

    if not can(user, "economics.view", supplier):
        return []
    out: list[TimelineEntry] = []
    savings = SavingsEntry.objects.filter(
        agreement__supplier=supplier, verified_at__isnull=False
    ).select_related("agreement", "verified_by")
    if since is not None:
        savings = savings.filter(verified_at__gt=since)
    for e in savings.order_by("-verified_at")[:limit]:
        when = e.verified_at or start_of(e.period)
        kind = "Saving" if e.amount > 0 else "Overrun"
        by = f" by {e.third_party}" if e.third_party else ""
        out.append(
            TimelineEntry(
                when=when,
                kind="economics",
                title=f"{kind} verified{by}: {domain.money(e.amount, e.agreement.currency)}",
                detail=f"{e.agreement.title}, "
                f"{domain.period_label(e.period, e.agreement.period_kind)}",
                who=str(e.verified_by or ""),
                url=reverse("economics:agreement", args=[e.agreement_id]),
                badge="deposit" if e.amount > 0 else "withdrawal",
            )  # fmt: skip
        )
    payouts = Payout.objects.filter(agreement__supplier=supplier).select_related("agreement")
    if since is not None:
        payouts = payouts.filter(paid_on__gt=since.date())
    for p in payouts.order_by("-paid_on", "-pk")[:limit]:
        out.append(
            TimelineEntry(
                when=start_of(p.paid_on),
                kind="economics",
                title=f"Gain-share payout {domain.money(p.amount, p.agreement.currency)}",
                detail=f"{p.agreement.title}, reference {p.reference}",
                url=reverse("economics:agreement", args=[p.agreement_id]),
            )  # fmt: skip
        )
    out.sort(key=lambda e: e.when, reverse=True)
    return out[:limit]
