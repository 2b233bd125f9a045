"""Pure arithmetic of partnership economics: hours and their cost, ROI per supplier and for
the portfolio, total cost of ownership within a category, and the gain-share ledger.

No Django here: plain values in, frozen dataclasses out, every figure carrying the sentences
that explain it. Money is `Decimal` quantised to cents; nothing is ever a float."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from partnerbook.core.marks import gettext_noop

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal(100)
MAX_TEXT = 2000
MAX_TITLE = 200

# --- where partnership hours come from ------------------------------------------------------

# key -> (label, unit in the plural, default standard hours per unit). The keys are also the
# names of the standard-hours fields of the economics settings ("hours_<key>").
EFFORT_SOURCES: dict[str, tuple[str, str, Decimal]] = {
    "meeting": (gettext_noop("Meetings"), "meetings", Decimal("1.5")),
    "call": (gettext_noop("Calls"), "calls", Decimal("0.5")),
    "email": (gettext_noop("E-mails"), "e-mails", Decimal("0.25")),
    "site_visit": (gettext_noop("Site visits"), "site visits", Decimal("8")),
    "informal_checkin": (gettext_noop("Informal check-ins"), "check-ins", Decimal("0.5")),
    "business_review_meeting": (
        gettext_noop("Review meetings logged"),
        "review meetings",
        Decimal("2"),
    ),
    "workshop": (gettext_noop("Workshops"), "workshops", Decimal("4")),
    # A held review is also logged as a review meeting (above); this is the work around it:
    # preparing the scorecard, writing up decisions and following up.
    "business_review": (
        gettext_noop("Business review preparation"),
        "reviews prepared",
        Decimal("4"),
    ),
    "vetting_call": (gettext_noop("Vetting calls"), "discovery and reference calls", Decimal("1")),
    "validation": (
        gettext_noop("Vetting validations"),
        "site visits, samples and audits",
        Decimal("8"),
    ),
    "checklist_tick": (
        gettext_noop("Checklist items confirmed"),
        "checklist items",
        Decimal("0.5"),
    ),
    "onboarding_task": (gettext_noop("Onboarding tasks done"), "onboarding tasks", Decimal("2")),
}
# An interaction channel -> its effort source (the channel "business_review" is a logged
# review meeting, kept apart from the reviews app's business reviews).
CHANNEL_SOURCES: dict[str, str] = {
    "meeting": "meeting",
    "call": "call",
    "email": "email",
    "site_visit": "site_visit",
    "informal_checkin": "informal_checkin",
    "business_review": "business_review_meeting",
    "workshop": "workshop",
}
DEFAULT_HOURLY_COST = Decimal("85.00")

TIME_ACTIVITIES: dict[str, str] = {
    "joint_project": gettext_noop("Joint project"),
    "meeting_preparation": gettext_noop("Meeting preparation"),
    "problem_solving": gettext_noop("Problem solving"),
    "travel": gettext_noop("Travel"),
    "negotiation": gettext_noop("Negotiation"),
    "vetting": gettext_noop("Vetting"),
    "onboarding": gettext_noop("Onboarding"),
    "administration": gettext_noop("Administration"),
    "other": gettext_noop("Other"),
}
BENEFIT_KINDS: dict[str, str] = {
    "expediting_avoided": gettext_noop("Expediting avoided"),
    "volume_discount": gettext_noop("Volume discount"),
    "rework_avoided": gettext_noop("Rework avoided"),
    "revenue_enabled": gettext_noop("Revenue enabled"),
    "other": gettext_noop("Other"),
}
COST_KINDS: dict[str, str] = {
    "logistics": gettext_noop("Logistics"),
    "quality_rework": gettext_noop("Quality and rework"),
    "inventory": gettext_noop("Inventory"),
    "administration": gettext_noop("Administration"),
    "switching": gettext_noop("Switching"),
    "other": gettext_noop("Other"),
}
PERIOD_KINDS: dict[str, str] = {
    "month": gettext_noop("Month"),
    "quarter": gettext_noop("Quarter"),
    "year": gettext_noop("Year"),
}


def cents(value: Decimal) -> Decimal:
    """`value` rounded to the cent, halves away from zero (so -0.005 → -0.01)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def hours_text(value: Decimal) -> str:
    text = f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return f"{text} h"


def money(value: Decimal, currency: str) -> str:
    return f"{cents(value):,.2f} {currency}"


def percent_text(ratio: Decimal | None) -> str:
    if ratio is None:
        return "n/a"
    return f"{(ratio * HUNDRED).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)} %"


# --- windows --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """The days an ROI or TCO covers, both ends included."""

    start: date
    end: date
    label: str


def window(as_of: date, year: int | None = None) -> Window:
    """A calendar `year`, or the 12 months up to and including `as_of`."""
    if year is not None:
        return Window(date(year, 1, 1), date(year, 12, 31), f"the year {year}")
    start = _add_months(as_of, -12) + timedelta(days=1)
    return Window(start, as_of, f"the 12 months {start.isoformat()} to {as_of.isoformat()}")


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for candidate in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def period_start(day: date, kind: str) -> date:
    """The first day of the month, quarter or year that `day` falls in."""
    if kind == "month":
        return day.replace(day=1)
    if kind == "quarter":
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    if kind == "year":
        return date(day.year, 1, 1)
    raise ValueError(f"unknown period kind {kind!r}")


def period_label(day: date, kind: str) -> str:
    if kind == "month":
        return f"{day.year}-{day.month:02d}"
    if kind == "quarter":
        return f"{day.year} Q{(day.month - 1) // 3 + 1}"
    return str(day.year)


def period_end(start: date, kind: str) -> date:
    months = {"month": 1, "quarter": 3, "year": 12}[kind]
    return _add_months(start.replace(day=1), months) - timedelta(days=1)


# --- hours and ROI --------------------------------------------------------------------------


@dataclass(frozen=True)
class EffortCount:
    """How many of one kind of recorded work were counted, at how many standard hours each."""

    key: str
    count: int
    hours_each: Decimal

    @property
    def hours(self) -> Decimal:
        return self.hours_each * self.count

    @property
    def explanation(self) -> str:
        label, unit, _ = EFFORT_SOURCES[self.key]
        return (
            f"{label}: {self.count} {unit} × {hours_text(self.hours_each)} = "
            f"{hours_text(self.hours)}"
        )


@dataclass(frozen=True)
class BenefitLine:
    """A benefit already converted to the reporting currency, with where it comes from."""

    label: str
    amount: Decimal


@dataclass(frozen=True)
class RoiSummary:
    """Partnership effort against its benefits for one supplier over a window.

    `roi` = net / effort_cost (a ratio: -1 is -100 %), None when no effort was recorded
    (or effort costs nothing); `explanation` names each input and what it contributed."""

    supplier_id: int
    hours: Decimal
    effort_cost: Decimal
    benefits: Decimal
    net: Decimal
    roi: Decimal | None
    currency: str
    explanation: tuple[str, ...]
    hourly_cost: Decimal = ZERO
    efforts: tuple[EffortCount, ...] = ()
    logged_hours: Decimal = ZERO
    benefit_lines: tuple[BenefitLine, ...] = ()
    window_label: str = ""

    @property
    def roi_percent(self) -> str:
        return percent_text(self.roi)

    @property
    def has_data(self) -> bool:
        return self.hours > 0 or self.benefits != 0


def roi(benefits: Decimal, effort_cost: Decimal) -> Decimal | None:
    """(benefits − effort cost) / effort cost, to four decimals; None without effort cost."""
    if effort_cost <= 0:
        return None
    return ((benefits - effort_cost) / effort_cost).quantize(
        Decimal("0.0001"), rounding=ROUND_HALF_UP
    )


def summarise_roi(
    supplier_id: int,
    efforts: Iterable[EffortCount],
    logged_hours: Decimal,
    hourly_cost: Decimal,
    benefit_lines: Iterable[BenefitLine],
    currency: str,
    window_label: str = "",
) -> RoiSummary:
    """The ROI of one supplier from counted work, hours logged directly, the hourly cost and
    the benefits (already in `currency`)."""
    counted = tuple(e for e in efforts if e.count)
    lines = tuple(b for b in benefit_lines if b.amount)
    hours = sum((e.hours for e in counted), Decimal(0)) + logged_hours
    effort_cost = cents(hours * hourly_cost)
    benefits = cents(sum((b.amount for b in lines), Decimal(0)))
    net = benefits - effort_cost
    ratio = roi(benefits, effort_cost)
    text: list[str] = [e.explanation for e in counted]
    if logged_hours:
        text.append(f"Time logged directly: {hours_text(logged_hours)}")
    if hours:
        text.append(
            f"Effort: {hours_text(hours)} × {money(hourly_cost, currency)} per hour = "
            f"{money(effort_cost, currency)}"
        )
    else:
        text.append(
            "No partnership effort recorded" + (f" in {window_label}" if window_label else "")
        )
    text.extend(f"Benefit — {b.label}: {money(b.amount, currency)}" for b in lines)
    if not lines:
        text.append("No benefits recorded")
    text.append(
        f"Net: {money(benefits, currency)} benefits − {money(effort_cost, currency)} effort = "
        f"{money(net, currency)}"
    )
    text.append(
        f"ROI = net / effort cost = {percent_text(ratio)}"
        if ratio is not None
        else "ROI: not defined without effort cost"
    )
    return RoiSummary(
        supplier_id=supplier_id,
        hours=hours,
        effort_cost=effort_cost,
        benefits=benefits,
        net=net,
        roi=ratio,
        currency=currency,
        explanation=tuple(text),
        hourly_cost=hourly_cost,
        efforts=counted,
        logged_hours=logged_hours,
        benefit_lines=lines,
        window_label=window_label,
    )


@dataclass(frozen=True)
class PortfolioRoi:
    """The portfolio's ROI: the totals of its suppliers' hours, costs and benefits."""

    suppliers: int
    with_effort: int
    hours: Decimal
    effort_cost: Decimal
    benefits: Decimal
    net: Decimal
    roi: Decimal | None
    currency: str
    explanation: tuple[str, ...]

    @property
    def roi_percent(self) -> str:
        return percent_text(self.roi)


def portfolio_roi(summaries: Iterable[RoiSummary], currency: str) -> PortfolioRoi:
    """ROI over the portfolio: total benefits against total effort cost (not an average of
    the suppliers' ratios, which would weigh a two-hour supplier like a two-hundred-hour one)."""
    rows = list(summaries)
    hours = sum((s.hours for s in rows), Decimal(0))
    cost = sum((s.effort_cost for s in rows), ZERO)
    benefits = sum((s.benefits for s in rows), ZERO)
    net = benefits - cost
    ratio = roi(benefits, cost)
    with_effort = sum(1 for s in rows if s.effort_cost > 0)
    text = (
        f"{len(rows)} suppliers, {with_effort} with partnership effort recorded",
        f"Hours: {hours_text(hours)}, costing {money(cost, currency)}",
        f"Benefits: {money(benefits, currency)}",
        f"Net: {money(net, currency)}; ROI = net / effort cost = {percent_text(ratio)}",
    )
    return PortfolioRoi(len(rows), with_effort, hours, cost, benefits, net, ratio, currency, text)


# --- total cost of ownership ----------------------------------------------------------------


@dataclass(frozen=True)
class TcoInput:
    """What one supplier of a category costs us, in the reporting currency. `spend` is None
    when its annual spend is unknown or cannot be converted."""

    supplier_id: int
    name: str
    spend: Decimal | None
    extra_costs: Mapping[str, Decimal]  # cost kind -> amount
    hours: Decimal


@dataclass(frozen=True)
class TcoLine:
    """One supplier's total cost of ownership and its breakdown."""

    supplier_id: int
    name: str
    spend: Decimal | None
    extra_costs: tuple[tuple[str, Decimal], ...]
    extra_total: Decimal
    hours: Decimal
    hours_cost: Decimal
    total: Decimal
    per_100: Decimal | None  # total cost per 100 of purchase spend
    explanation: tuple[str, ...]


def tco(item: TcoInput, hourly_cost: Decimal, currency: str) -> TcoLine:
    """Purchase spend + recorded extra costs + the cost of the partnership hours."""
    extras = tuple((k, cents(v)) for k, v in item.extra_costs.items() if v)
    extra_total = sum((v for _, v in extras), ZERO)
    hours_cost = cents(item.hours * hourly_cost)
    spend = cents(item.spend) if item.spend is not None else None
    total = (spend or ZERO) + extra_total + hours_cost
    per_100 = cents(total / spend * HUNDRED) if spend else None
    text = [
        f"Purchase spend: {money(spend, currency)}"
        if spend is not None
        else "Purchase spend: unknown (no annual spend, or no exchange rate for it)"
    ]
    text.extend(f"{COST_KINDS.get(k, k)}: {money(v, currency)}" for k, v in extras)
    text.append(
        f"Partnership hours: {hours_text(item.hours)} × {money(hourly_cost, currency)} = "
        f"{money(hours_cost, currency)}"
    )
    text.append(f"Total cost of ownership: {money(total, currency)}")
    text.append(
        f"Per 100 of spend: {total:,.2f} / {spend:,.2f} × 100 = {per_100}"
        if per_100 is not None
        else "Per 100 of spend: not defined without a purchase spend"
    )
    return TcoLine(
        item.supplier_id, item.name, spend, extras, extra_total, item.hours, hours_cost,
        total, per_100, tuple(text),
    )  # fmt: skip


def compare_tco(
    items: Iterable[TcoInput], hourly_cost: Decimal, currency: str
) -> tuple[list[TcoLine], tuple[str, ...]]:
    """The category's suppliers ranked by cost per 100 of spend (cheapest first; unknown
    spend last), and remarks where the ranking by spend alone would mislead."""
    lines = sorted(
        (tco(i, hourly_cost, currency) for i in items),
        key=lambda ln: (ln.per_100 is None, ln.per_100 or ZERO, ln.name),
    )
    remarks: list[str] = []
    known = [ln for ln in lines if ln.per_100 is not None]
    if len(known) >= 2:
        best, worst = known[0], known[-1]
        remarks.append(
            f"{best.name} costs the least in total: {best.per_100} per 100 of purchase spend; "
            f"{worst.name} the most: {worst.per_100}."
        )
        # The costliest per 100 is where the purchase price hides the most.
        extra = (worst.per_100 or ZERO) - HUNDRED
        if extra > 0:
            remarks.append(
                f"{worst.name}: extra costs and partnership hours add {extra} to every 100 "
                "spent on its invoices, more than for any other supplier of the category; "
                "judged by purchase price alone it looks cheaper than it is."
            )
    return lines, tuple(remarks)


# --- gain-share ledger ----------------------------------------------------------------------


@dataclass(frozen=True)
class Terms:
    """The sharing terms of a gain-share agreement, in percent (0-100)."""

    supplier_saving_pct: Decimal  # the supplier's share of verified savings
    supplier_overrun_pct: Decimal  # the share of an overrun the supplier absorbs

    @property
    def our_overrun_pct(self) -> Decimal:
        return HUNDRED - self.supplier_overrun_pct


@dataclass(frozen=True)
class Split:
    """One verified saving (positive) or overrun (negative) and who gets or bears what:
    `theirs + ours == amount`, to the cent."""

    amount: Decimal
    theirs: Decimal
    ours: Decimal


def split_entries(amounts: Sequence[Decimal], terms: Terms) -> list[Split]:
    """Split verified savings and overruns, in ledger order, between the supplier and us.

    The supplier's share is computed on the running total, separately for savings and for
    overruns (each has its own percentage): its share of the first k savings is
    round(their sum × pct), and each entry's share is the difference from the entry before.
    So the per-entry shares always add up to the rounded share of the totals, and rounding
    never creates or loses a cent; ours is the amount less theirs."""
    out: list[Split] = []
    running = {True: ZERO, False: ZERO}
    shared = {True: ZERO, False: ZERO}
    pct = {True: terms.supplier_saving_pct / HUNDRED, False: terms.supplier_overrun_pct / HUNDRED}
    for raw in amounts:
        amount = cents(raw)
        saving = amount >= 0
        running[saving] += amount
        target = cents(running[saving] * pct[saving])
        theirs = target - shared[saving]
        shared[saving] = target
        out.append(Split(amount, theirs, amount - theirs))
    return out


def supplier_share_of_totals(amounts: Sequence[Decimal], terms: Terms) -> Decimal:
    """The supplier's share computed once on the totals (savings and overruns apart)."""
    savings = sum((cents(a) for a in amounts if cents(a) >= 0), ZERO)
    overruns = sum((cents(a) for a in amounts if cents(a) < 0), ZERO)
    return cents(savings * terms.supplier_saving_pct / HUNDRED) + cents(
        overruns * terms.supplier_overrun_pct / HUNDRED
    )


@dataclass(frozen=True)
class LedgerEntry:
    """A period of a gain-share agreement as the ledger reads it. `amount` is None when no
    verified saving or overrun was recorded for it (only payouts)."""

    period: date
    amount: Decimal | None
    payouts: Decimal = ZERO


@dataclass(frozen=True)
class LedgerRow:
    """One period of the ledger: the verified saving or overrun, the supplier's share, ours,
    the payouts, and what we owe the supplier after it."""

    period: date
    amount: Decimal
    theirs: Decimal
    ours: Decimal
    payouts: Decimal
    balance: Decimal
    explanation: str


@dataclass(frozen=True)
class Ledger:
    rows: tuple[LedgerRow, ...]
    savings: Decimal
    overruns: Decimal
    theirs: Decimal
    ours: Decimal
    paid: Decimal
    balance: Decimal  # owed to the supplier (negative: the supplier owes us)
    explanation: tuple[str, ...]

    @property
    def net(self) -> Decimal:
        return self.savings + self.overruns


def ledger(entries: Iterable[LedgerEntry], terms: Terms, currency: str) -> Ledger:
    """The ledger of an agreement: `entries` in any order, at most one amount per period."""
    ordered = sorted(entries, key=lambda e: e.period)
    with_amount = [e for e in ordered if e.amount is not None]
    splits = iter(split_entries([e.amount for e in with_amount if e.amount is not None], terms))
    rows: list[LedgerRow] = []
    balance = ZERO
    for entry in ordered:
        split = next(splits) if entry.amount is not None else Split(ZERO, ZERO, ZERO)
        paid = cents(entry.payouts)
        balance += split.theirs - paid
        if entry.amount is None:
            text = "No verified saving or overrun"
        elif split.amount >= 0:
            text = (
                f"Saving {money(split.amount, currency)}: supplier "
                f"{terms.supplier_saving_pct.normalize():f} % = {money(split.theirs, currency)}, "
                f"ours {money(split.ours, currency)}"
            )
        else:
            text = (
                f"Overrun {money(split.amount, currency)}: the supplier absorbs "
                f"{terms.supplier_overrun_pct.normalize():f} % = {money(split.theirs, currency)}, "
                f"we absorb {money(split.ours, currency)}"
            )
        if paid:
            text += f"; paid {money(paid, currency)}"
        rows.append(
            LedgerRow(entry.period, split.amount, split.theirs, split.ours, paid, balance, text)
        )
    amounts = [r.amount for r in rows]
    savings = sum((a for a in amounts if a > 0), ZERO)
    overruns = sum((a for a in amounts if a < 0), ZERO)
    theirs = sum((r.theirs for r in rows), ZERO)
    ours = sum((r.ours for r in rows), ZERO)
    paid_total = sum((r.payouts for r in rows), ZERO)
    summary = (
        f"Verified savings {money(savings, currency)}, overruns {money(overruns, currency)}",
        f"Supplier's share {money(theirs, currency)} (computed on running totals, so the "
        "cents always add up), ours "
        f"{money(ours, currency)}",
        f"Paid out {money(paid_total, currency)}; owed to the supplier "
        f"{money(theirs - paid_total, currency)}",
    )
    return Ledger(tuple(rows), savings, overruns, theirs, ours, paid_total, balance, summary)


def our_gainshare_benefit(
    entries: Iterable[tuple[date, Decimal]], terms: Terms, start: date, end: date
) -> Decimal:
    """Our share of an agreement's verified savings and overruns whose period starts within
    [start, end]: the ledger is split over every entry (so the cents match the ledger), then
    only the window's entries are summed."""
    ordered = sorted(entries)
    splits = split_entries([amount for _, amount in ordered], terms)
    return sum(
        (s.ours for (period, _), s in zip(ordered, splits, strict=True) if start <= period <= end),
        ZERO,
    )
