"""Pure risk computations: spend shares and concentration (HHI), critical supply and
transition-plan reviews, deterioration of financial ratings, the power balance. No Django
import: plain data in, plain data out, and every figure carries its explanation."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from partnerbook.core.marks import gettext_noop

MAX_TEXT = 4000

BACKUP_STATUSES = {"proposed": gettext_noop("Proposed"), "qualified": gettext_noop("Qualified")}
RATING_SOURCES = {"entered": gettext_noop("Entered"), "imported": gettext_noop("Imported")}

ZERO = Decimal("0")
ONE = Decimal("1")
HUNDRED = Decimal("100")
HHI_MAX = Decimal("10000")
CENT = Decimal("0.01")

# --- months and windows -------------------------------------------------------------------


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after (or before, if negative) `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Window:
    """A span of whole months, `first` to `last` (both first days of a month)."""

    first: date
    last: date
    months: int

    @property
    def end(self) -> date:
        """The day after the window."""
        return add_months(self.last, 1)

    @property
    def label(self) -> str:
        return f"{self.first:%b %Y} – {self.last:%b %Y} ({self.months} months)"


def window_ending(last_month: date, months: int = 12) -> Window:
    """The `months` months up to and including `last_month`'s month."""
    if months < 1:
        raise ValueError("a window has at least one month")
    last = month_start(last_month)
    return Window(first=add_months(last, -(months - 1)), last=last, months=months)


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarters_ending(last_month: date, count: int = 8) -> list[date]:
    """First days of the `count` calendar quarters up to the one holding `last_month`,
    oldest first."""
    last = quarter_start(last_month)
    return [add_months(last, -3 * i) for i in reversed(range(count))]


def quarter_label(first: date) -> str:
    return f"{first.year} Q{(first.month - 1) // 3 + 1}"


# --- money ---------------------------------------------------------------------------------


def to_reporting(
    amount: Decimal | None, currency: str, reporting: str, rates: Mapping[str, object]
) -> Decimal | None:
    """`amount` in the reporting currency, in Decimal (the segmentation settings' rates give
    the value of one unit in the reporting currency); None when unknown or no rate is set."""
    if amount is None:
        return None
    if currency == reporting:
        return Decimal(amount)
    rate = rates.get(currency)
    if not isinstance(rate, int | float | str | Decimal) or isinstance(rate, bool):
        return None
    decimal_rate = Decimal(str(rate))
    if decimal_rate <= 0:
        return None
    return (Decimal(amount) * decimal_rate).quantize(CENT)


def percent(share: Decimal | None) -> Decimal | None:
    """A 0–1 share as a percentage with one decimal."""
    if share is None:
        return None
    return (share * HUNDRED).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --- shares and concentration ---------------------------------------------------------------


@dataclass(frozen=True)
class SupplierSpend:
    """One supplier's spend in one category over a window, in the reporting currency.
    `source` is "lines" (summed from spend lines) or "annual" (its annual spend figure,
    scaled to the window, because it has no spend lines)."""

    supplier_id: int
    name: str
    category_id: int | None
    category_name: str
    spend: Decimal
    source: str = "lines"


@dataclass(frozen=True)
class Share:
    """A supplier's share of its category's and of the total spend (0–1), explained."""

    supplier_id: int
    name: str
    category_id: int | None
    category_name: str
    spend: Decimal
    source: str
    of_category: Decimal
    of_total: Decimal
    category_spend: Decimal
    total_spend: Decimal
    over_category_cap: bool = False
    over_total_cap: bool = False

    @property
    def category_percent(self) -> Decimal | None:
        return percent(self.of_category)

    @property
    def total_percent(self) -> Decimal | None:
        return percent(self.of_total)

    @property
    def explanation(self) -> str:
        how = (
            "summed from its spend lines"
            if self.source == "lines"
            else "from its annual spend figure (it has no spend lines)"
        )
        return (
            f"{self.name}: {self.spend:,.2f} {how}; "
            f"÷ {self.category_spend:,.2f} in {self.category_name} = "
            f"{percent(self.of_category)} % of the category; "
            f"÷ {self.total_spend:,.2f} in total = {percent(self.of_total)} % of all spend."
        )


def _ratio(part: Decimal, whole: Decimal) -> Decimal:
    return part / whole if whole > 0 else ZERO


def compute_shares(
    spends: Iterable[SupplierSpend],
    category_cap: Decimal = Decimal("30"),
    total_cap: Decimal = Decimal("30"),
) -> list[Share]:
    """Each supplier's share of its category and of the total. A supplier whose spend nets
    to zero or less (credit notes) counts as zero. Caps are percentages; a share strictly
    above a cap is flagged. Rows of one supplier in several categories stay apart for the
    category share; the total share sums the supplier across categories."""
    rows = [s for s in spends]
    positive = [max(s.spend, ZERO) for s in rows]
    total = sum(positive, ZERO)
    per_category: dict[int | None, Decimal] = defaultdict(lambda: ZERO)
    per_supplier: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for row, spend in zip(rows, positive, strict=True):
        per_category[row.category_id] += spend
        per_supplier[row.supplier_id] += spend
    shares = []
    for row, spend in zip(rows, positive, strict=True):
        of_category = _ratio(spend, per_category[row.category_id])
        of_total = _ratio(per_supplier[row.supplier_id], total)
        shares.append(
            Share(
                supplier_id=row.supplier_id,
                name=row.name,
                category_id=row.category_id,
                category_name=row.category_name,
                spend=spend,
                source=row.source,
                of_category=of_category,
                of_total=of_total,
                category_spend=per_category[row.category_id],
                total_spend=total,
                over_category_cap=of_category * HUNDRED > category_cap,
                over_total_cap=of_total * HUNDRED > total_cap,
            )
        )
    return shares


def hhi(values: Iterable[Decimal]) -> Decimal:
    """Herfindahl-Hirschman index of spend amounts: the sum of the squared percentage
    shares, 0 (no spend) to 10,000 (one supplier holds it all). Non-positive amounts count
    as zero. Rounded to a whole number."""
    amounts = [max(v, ZERO) for v in values]
    total = sum(amounts, ZERO)
    if total <= 0:
        return ZERO
    index = sum(((a * HUNDRED / total) ** 2 for a in amounts), ZERO)
    return min(index.quantize(ONE), HHI_MAX)


@dataclass(frozen=True)
class Band:
    key: str
    label: str
    explanation: str


# The three bands of the US Horizontal Merger Guidelines (DOJ/FTC, 2010), applied here to
# our own buying: how much of a category's spend sits with few suppliers.
HHI_MODERATE_FROM = Decimal("1500")
HHI_HIGH_ABOVE = Decimal("2500")
HHI_GUIDELINE = gettext_noop(
    "Bands from the US Horizontal Merger Guidelines (2010): below 1,500 unconcentrated, "
    "1,500 to 2,500 moderately concentrated, above 2,500 highly concentrated. The guidelines "
    "judge markets; here they judge how our own spend in a category is spread."
)


def hhi_band(index: Decimal | None) -> Band:
    """The concentration band an HHI falls in, with the reason."""
    if index is None or index <= 0:
        return Band(
            "none", gettext_noop("No spend"), "No spend in this window, so nothing to concentrate."
        )
    if index < HHI_MODERATE_FROM:
        return Band(
            "unconcentrated",
            gettext_noop("Unconcentrated"),
            f"HHI {index:,.0f} is below {HHI_MODERATE_FROM:,.0f}: spend is spread widely.",
        )
    if index <= HHI_HIGH_ABOVE:
        return Band(
            "moderate",
            gettext_noop("Moderately concentrated"),
            f"HHI {index:,.0f} is between {HHI_MODERATE_FROM:,.0f} and "
            f"{HHI_HIGH_ABOVE:,.0f}: a few suppliers carry much of the spend.",
        )
    return Band(
        "high",
        gettext_noop("Highly concentrated"),
        f"HHI {index:,.0f} is above {HHI_HIGH_ABOVE:,.0f}: one or two suppliers carry "
        "most of the spend.",
    )


@dataclass(frozen=True)
class TrendPoint:
    quarter: str
    hhi: Decimal | None
    spend: Decimal


@dataclass(frozen=True)
class CategoryConcentration:
    """One category's concentration over the window, explained."""

    category_id: int | None
    name: str
    spend: Decimal
    supplier_count: int
    hhi: Decimal
    band: Band
    shares: list[Share]  # largest first
    breaches: list[Share]
    trend: list[TrendPoint] = field(default_factory=list)

    @property
    def top(self) -> Share | None:
        return self.shares[0] if self.shares else None

    @property
    def explanation(self) -> str:
        if not self.shares:
            return "No spend in this window."
        terms = " + ".join(f"{percent(s.of_category)}²" for s in self.shares[:5])
        more = f" + {len(self.shares) - 5} more" if len(self.shares) > 5 else ""
        return (
            f"HHI = sum of each supplier's squared share of the category in %: "
            f"{terms}{more} = {self.hhi:,.0f}. {self.band.explanation}"
        )


def concentration_by_category(
    shares: Sequence[Share],
    trends: Mapping[int | None, list[TrendPoint]] | None = None,
) -> list[CategoryConcentration]:
    """Group shares by category: spend, supplier count, HHI, band, top supplier and cap
    breaches; largest spend first."""
    grouped: dict[int | None, list[Share]] = defaultdict(list)
    for share in shares:
        grouped[share.category_id].append(share)
    result = []
    for category_id, rows in grouped.items():
        rows = sorted(rows, key=lambda s: (-s.spend, s.name))
        index = hhi(s.spend for s in rows)
        result.append(
            CategoryConcentration(
                category_id=category_id,
                name=rows[0].category_name,
                spend=sum((s.spend for s in rows), ZERO),
                supplier_count=sum(1 for s in rows if s.spend > 0),
                hhi=index,
                band=hhi_band(index),
                shares=rows,
                breaches=[s for s in rows if s.over_category_cap],
                trend=(trends or {}).get(category_id, []),
            )
        )
    return sorted(result, key=lambda c: (-c.spend, c.name))


def hhi_trend(
    quarter_spends: Mapping[date, Mapping[int, Decimal]], quarters: Sequence[date]
) -> list[TrendPoint]:
    """HHI per quarter from {quarter start: {supplier id: spend}}; a quarter without spend
    has no index (None)."""
    points = []
    for quarter in quarters:
        spends = quarter_spends.get(quarter, {})
        total = sum((max(v, ZERO) for v in spends.values()), ZERO)
        points.append(
            TrendPoint(
                quarter=quarter_label(quarter),
                hhi=hhi(spends.values()) if total > 0 else None,
                spend=total,
            )
        )
    return points


# --- critical supply, backups, transition plans ---------------------------------------------

HIGH_CRITICALITY = 4


def critical_reasons(
    criticality: int | None,
    single_source: bool | None,
    category_share: Decimal | None,
    category_cap: Decimal,
) -> list[str]:
    """Why a supplier counts as critical supply (empty: it does not). Any one reason is
    enough: business criticality of 4 or 5, single-sourced, or more than the cap of its
    category's spend."""
    reasons = []
    if criticality is not None and criticality >= HIGH_CRITICALITY:
        reasons.append(f"of business criticality {criticality} of 5")
    if single_source:
        reasons.append("single-sourced")
    if category_share is not None and category_share * HUNDRED > category_cap:
        reasons.append(
            f"above the cap of its category: {percent(category_share)} % (cap {category_cap:g} %)"
        )
    return reasons


@dataclass(frozen=True)
class PlanState:
    """Where a transition plan's review stands on a day."""

    key: str  # missing / never_reviewed / current / overdue
    label: str
    due_on: date | None
    explanation: str

    @property
    def overdue(self) -> bool:
        return self.key in {"overdue", "never_reviewed"}


def plan_state(
    exists: bool, last_reviewed_on: date | None, interval_days: int, as_of: date
) -> PlanState:
    """A plan is due `interval_days` after its last review; never reviewed counts as
    overdue."""
    if not exists:
        return PlanState(
            "missing", gettext_noop("No plan"), None, "No transition plan is recorded."
        )
    if last_reviewed_on is None:
        return PlanState(
            "never_reviewed",
            gettext_noop("Never reviewed"),
            None,
            "The plan has never been reviewed, so nobody has checked it still works.",
        )
    due = last_reviewed_on + timedelta(days=interval_days)
    if due < as_of:
        return PlanState(
            "overdue",
            gettext_noop("Review overdue"),
            due,
            f"Last reviewed {last_reviewed_on:%d %b %Y}; due every {interval_days} days, so "
            f"on {due:%d %b %Y}: {(as_of - due).days} days late.",
        )
    return PlanState(
        "current",
        gettext_noop("Current"),
        due,
        f"Last reviewed {last_reviewed_on:%d %b %Y}; next review due {due:%d %b %Y} "
        f"(every {interval_days} days).",
    )


# --- financial watch -------------------------------------------------------------------------


@dataclass(frozen=True)
class Rating:
    rated_on: date
    score: Decimal
    provider: str


@dataclass(frozen=True)
class Deterioration:
    """A provider's latest rating that is worse than its previous one by the rules."""

    provider: str
    previous: Rating
    current: Rating
    reasons: list[str]

    @property
    def explanation(self) -> str:
        return (
            f"{self.provider}: {self.previous.score:g} on {self.previous.rated_on:%d %b %Y} → "
            f"{self.current.score:g} on {self.current.rated_on:%d %b %Y}; "
            + "; ".join(self.reasons)
            + "."
        )


def deterioration(
    previous: Rating, current: Rating, drop: Decimal, floor: Decimal
) -> Deterioration | None:
    """The change from `previous` to `current` (same provider) is a deterioration when
    the score fell by at least `drop` points, or crossed from at or above `floor` to
    below it."""
    reasons = []
    fall = previous.score - current.score
    if fall >= drop:
        reasons.append(f"fell {fall:g} points (alert from a fall of {drop:g})")
    if previous.score >= floor > current.score:
        reasons.append(f"crossed below the floor of {floor:g}")
    if not reasons:
        return None
    return Deterioration(current.provider, previous, current, reasons)


def latest_deteriorations(
    ratings: Iterable[Rating], drop: Decimal, floor: Decimal
) -> list[Deterioration]:
    """For each provider, whether its latest rating deteriorated from its previous one
    (older changes are history, not news)."""
    by_provider: dict[str, list[Rating]] = defaultdict(list)
    for rating in ratings:
        by_provider[rating.provider].append(rating)
    found = []
    for provider in sorted(by_provider):
        history = sorted(by_provider[provider], key=lambda r: r.rated_on)
        if len(history) >= 2:
            change = deterioration(history[-2], history[-1], drop, floor)
            if change is not None:
                found.append(change)
    return found


# Score (0–100, higher is healthier) → the segmentation's financial-health factor (1–5).
HEALTH_BANDS: tuple[tuple[Decimal, int, str], ...] = (
    (Decimal("80"), 5, gettext_noop("strong")),
    (Decimal("60"), 4, gettext_noop("sound")),
    (Decimal("40"), 3, gettext_noop("fair")),
    (Decimal("20"), 2, gettext_noop("weak")),
    (Decimal("0"), 1, gettext_noop("very weak")),
)


@dataclass(frozen=True)
class HealthFactor:
    value: int
    explanation: str


def health_factor(score: Decimal) -> HealthFactor:
    """The financial-health factor (1 very weak … 5 strong) a 0–100 score suggests, in
    bands of 20 points."""
    for lower, value, word in HEALTH_BANDS:
        if score >= lower:
            upper = Decimal("100") if value == 5 else lower + Decimal("19.99")
            return HealthFactor(
                value,
                f"Score {score:g} falls in the band {lower:g}–{upper:g}, which maps to "
                f"{value} ({word}) on the 1–5 financial-health scale.",
            )
    return HealthFactor(1, f"Score {score:g} is below every band: 1 (very weak).")


# --- power balance ---------------------------------------------------------------------------

POWER_KINDS = {
    "small_customer": gettext_noop("We are a small customer of a dominant supplier"),
    "balanced": gettext_noop("Balanced"),
    "they_depend": gettext_noop("They depend on us"),
    "unknown": gettext_noop("Unknown"),
}

SMALL_CUSTOMER_SUGGESTIONS = (
    gettext_noop(
        "Build personal ties with the people who decide things on their side (the account "
        "director, the plant manager, the engineering lead), so we are a name, not an order "
        "number."
    ),
    gettext_noop(
        "Be the easiest customer they have: pay on time, send forecasts that hold and "
        "specifications that are complete. Reliability in small things earns attention."
    ),
    gettext_noop(
        "Propose a joint steering committee that meets a few times a year, to give the "
        "relationship a place on their management's calendar."
    ),
    gettext_noop(
        "Look for niches where we bring them something others cannot: a reference application, "
        "early feedback on new products, a market they want to learn, a technology we master."
    ),
)


@dataclass(frozen=True)
class PowerBalance:
    """Who needs whom more, with the figures behind it."""

    kind: str
    our_share: Decimal | None  # our spend ÷ their revenue (0–1)
    size_ratio: Decimal | None  # their revenue ÷ ours
    explanation: str
    suggestions: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return POWER_KINDS[self.kind]

    @property
    def share_percent(self) -> Decimal | None:
        if self.our_share is None:
            return None
        return (self.our_share * HUNDRED).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def power_balance(
    our_spend: Decimal | None,
    their_revenue: Decimal | None,
    our_revenue: Decimal | None,
    small_share: Decimal,
    dominant_ratio: Decimal,
    dependence_share: Decimal,
) -> PowerBalance:
    """Classify the relationship by our share of their revenue and their size against ours
    (all amounts in one currency; thresholds in % and as a multiple).

    - they depend on us: our spend is at least `dependence_share` % of their revenue;
    - small customer of a dominant supplier: under `small_share` % of their revenue and
      they are at least `dominant_ratio` times our size;
    - balanced otherwise. Unknown without their revenue."""
    if their_revenue is None or their_revenue <= 0:
        return PowerBalance(
            "unknown", None, None, "Their annual revenue is not recorded, so it cannot be said."
        )
    spend = max(our_spend or ZERO, ZERO)
    share = spend / their_revenue
    ratio = their_revenue / our_revenue if our_revenue and our_revenue > 0 else None
    share_text = (
        f"Our spend of {spend:,.2f} is {percent(share)} % of their revenue of {their_revenue:,.2f}"
    )
    size_text = (
        f"they are {ratio:,.1f} times our size"
        if ratio is not None
        else "our own revenue is not set in the risk settings, so sizes cannot be compared"
    )
    if share * HUNDRED >= dependence_share:
        return PowerBalance(
            "they_depend",
            share,
            ratio,
            f"{share_text} (at least {dependence_share:g} %); {size_text}. Losing us "
            "would hurt them: use that weight fairly.",
        )
    if share * HUNDRED < small_share and ratio is not None and ratio >= dominant_ratio:
        return PowerBalance(
            "small_customer",
            share,
            ratio,
            f"{share_text} (under {small_share:g} %) and {size_text} (at least "
            f"{dominant_ratio:g} times): we matter little to them, so their attention has "
            "to be earned.",
            SMALL_CUSTOMER_SUGGESTIONS,
        )
    return PowerBalance(
        "balanced",
        share,
        ratio,
        f"{share_text}; {size_text}. Neither side dominates by the thresholds "
        f"(small customer under {small_share:g} % and {dominant_ratio:g} times our size; "
        f"dependence from {dependence_share:g} %).",
    )
