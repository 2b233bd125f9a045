"""Supplier performance as plain computations: the KPI definitions, traffic lights, the
weighted overall score, trends, standing bands and the KPI-count guard.

No Django here: the services feed totals and entered values in, and every result carries
a plain-language line saying how its figure came about.

The definitions, written once and used by every screen, export and endpoint:

- A delivery line *counts* for a period when it was received in that period and its
  promised quantity is above zero (a zero promised quantity is no error: the line is left
  out). Lines not yet received count nowhere.
- **On-time %** = counted lines received on or before their promised date / counted lines.
  Each line counts once whatever its quantity, so over-delivering never raises the rate,
  and the rate stays within 0-100.
- **In-full %** = counted lines whose received quantity reaches the promised quantity /
  counted lines.
- **Acceptance %** = (received - rejected) / received quantity, over the lines received in
  the period; **defect ppm** = rejected / received x 1,000,000.
- A period without counted lines (or without received quantity, for quality) has **no
  data**: None, shown as such, never 0 % or 100 %.
- Entered KPIs (cost variance %, responsiveness in hours, innovation contributions, custom)
  are recorded per month; a quarter adds up innovation contributions and averages the rest.
- Judgement KPIs (e.g. collaboration) are scored 0-100 by several internal reviewers; the
  period's value is the **median** of the scores given in it (one per reviewer and month),
  shown with the **spread** (highest minus lowest) and who has not scored yet.
- **Suggestions logged** (innovation from the relationship log): the number of logged
  interactions in the period tagged as an unsolicited suggestion from the supplier; a
  period without any logged interaction has no data (nobody was listening), not zero.
- **Baseline**: when a KPI is first defined for a supplier, its value over the 12 months
  before is kept as the baseline (no data then: no baseline figure).
- **Mutual scorecard**: the supplier rates us 1-5 per quarter on payment on time, forecast
  accuracy, clarity of specifications, responsiveness and fairness; its score is the mean
  of the criteria rated, as 0-100 ((mean - 1) / 4 x 100). It sits beside our scorecard,
  never inside it.
- **Traffic light**: green at or better than the yellow threshold, red worse than the red
  threshold, yellow in between ("better" follows the KPI's direction).
- **KPI score** 0-100: 100 at or better than the target, 0 at or worse than the red
  threshold, in a straight line between.
- **Overall score**: the weighted mean of the KPI scores over the KPIs that have data; a
  KPI without data is left out (and listed), never counted as zero. No KPI with data: no
  overall score.
- **Standing**: excellent from 85, good from 70, watch from 50, poor below.
- **KPI-count guard**: more than 10 core KPIs on one scorecard draws a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from statistics import fmean, median
from typing import TypeVar

from partnerbook.core.marks import gettext_noop

HIGHER = "higher"
LOWER = "lower"
DIRECTIONS: dict[str, str] = {
    HIGHER: gettext_noop("Higher is better"),
    LOWER: gettext_noop("Lower is better"),
}

COMPUTED_KINDS: dict[str, str] = {
    "on_time": gettext_noop("On-time delivery"),
    "in_full": gettext_noop("In-full delivery"),
    "acceptance": gettext_noop("Acceptance rate"),
    "defect_ppm": gettext_noop("Defects (ppm)"),
}
ENTERED_KINDS: dict[str, str] = {
    "cost_variance": gettext_noop("Cost variance"),
    "responsiveness": gettext_noop("Responsiveness"),
    "innovation": gettext_noop("Innovation contributions"),
    "custom": gettext_noop("Custom (entered)"),
}
# Judgement KPIs are scored 0-100 by several internal reviewers; the period's value is the
# median of their scores (see `combine_ratings`).
RATED_KINDS: dict[str, str] = {"judgement": gettext_noop("Judgement (scored by reviewers)")}
# Counted from the relationship log: unsolicited suggestions the supplier made.
LOGGED_KINDS: dict[str, str] = {"suggestions": gettext_noop("Innovation: suggestions logged")}
KINDS: dict[str, str] = {**COMPUTED_KINDS, **ENTERED_KINDS, **RATED_KINDS, **LOGGED_KINDS}
# Entered KPIs whose quarter is the sum of its months (the others are averaged).
SUMMED_KINDS = frozenset({"innovation"})

GREEN, YELLOW, RED = "green", "yellow", "red"

EXCELLENT_FROM = 85.0
GOOD_FROM = 70.0
WATCH_FROM = 50.0
STANDINGS: dict[str, str] = {
    "excellent": gettext_noop("Excellent"),
    "good": gettext_noop("Good"),
    "watch": gettext_noop("Watch"),
    "poor": gettext_noop("Poor"),
}

MAX_CORE_KPIS = 10
GUARD_MESSAGE = (
    "This scorecard has {count} core KPIs (more than {limit}). With that many, suppliers "
    "tend to optimise the metrics instead of the relationship: keep the few that matter and "
    "discuss the rest in the quarterly review."
)

MONTH, QUARTER = "month", "quarter"
GRANULARITIES = {MONTH: gettext_noop("Month"), QUARTER: gettext_noop("Quarter")}


# --- deliveries -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Delivery:
    """One purchase-order line as far as the KPIs need it."""

    promised_on: date
    promised_qty: float
    received_on: date | None
    received_qty: float = 0.0
    rejected_qty: float = 0.0


@dataclass(frozen=True)
class DeliveryTotals:
    """What the delivery KPIs of one period are computed from (the database adds the same
    figures up with one GROUP BY; `delivery_totals` does it in Python)."""

    lines: int = 0  # received lines with a promised quantity above zero
    on_time: int = 0
    in_full: int = 0
    received_qty: float = 0.0  # over every line received in the period
    rejected_qty: float = 0.0


def counts(line: Delivery) -> bool:
    """Whether a line counts towards on-time and in-full."""
    return line.received_on is not None and line.promised_qty > 0


def is_on_time(line: Delivery) -> bool:
    return counts(line) and line.received_on is not None and line.received_on <= line.promised_on


def is_in_full(line: Delivery) -> bool:
    return counts(line) and line.received_qty >= line.promised_qty


def delivery_totals(lines: Iterable[Delivery]) -> DeliveryTotals:
    """The totals of the received `lines` (all taken as belonging to one period)."""
    n = on_time = in_full = 0
    received = rejected = 0.0
    for line in lines:
        if line.received_on is None:
            continue
        received += max(line.received_qty, 0.0)
        rejected += max(line.rejected_qty, 0.0)
        if counts(line):
            n += 1
            on_time += is_on_time(line)
            in_full += is_in_full(line)
    return DeliveryTotals(n, on_time, in_full, received, rejected)


def _share(part: float, whole: float) -> float | None:
    if whole <= 0:
        return None
    return min(100.0, max(0.0, 100.0 * part / whole))


def on_time_rate(totals: DeliveryTotals) -> float | None:
    """On-time % within [0, 100], or None when no line counts."""
    return _share(totals.on_time, totals.lines)


def in_full_rate(totals: DeliveryTotals) -> float | None:
    return _share(totals.in_full, totals.lines)


def acceptance_rate(totals: DeliveryTotals) -> float | None:
    if totals.received_qty <= 0:
        return None
    return _share(totals.received_qty - min(totals.rejected_qty, totals.received_qty),
                  totals.received_qty)  # fmt: skip


def defect_ppm(totals: DeliveryTotals) -> float | None:
    if totals.received_qty <= 0:
        return None
    return 1_000_000.0 * min(totals.rejected_qty, totals.received_qty) / totals.received_qty


COMPUTE = {
    "on_time": on_time_rate,
    "in_full": in_full_rate,
    "acceptance": acceptance_rate,
    "defect_ppm": defect_ppm,
}


def computed_basis(kind: str, totals: DeliveryTotals) -> str:
    """What a computed figure was computed from, e.g. "46 of 50 lines"."""
    if kind == "on_time":
        return f"{totals.on_time} of {totals.lines} lines"
    if kind == "in_full":
        return f"{totals.in_full} of {totals.lines} lines"
    return f"{_number(totals.rejected_qty)} rejected of {_number(totals.received_qty)} received"


def combine_entered(kind: str, monthly: Sequence[float]) -> float | None:
    """A period's value of an entered KPI from its monthly values (None: none entered)."""
    if not monthly:
        return None
    return float(sum(monthly)) if kind in SUMMED_KINDS else fmean(monthly)


@dataclass(frozen=True)
class RatingSummary:
    """The reviewers' scores of one judgement KPI in one period."""

    median: float | None
    spread: float | None  # highest minus lowest; None with fewer than two scores
    count: int


def combine_ratings(scores: Sequence[float]) -> RatingSummary:
    """The median and spread of the scores given (each within 0-100)."""
    if not scores:
        return RatingSummary(None, None, 0)
    spread = max(scores) - min(scores) if len(scores) > 1 else None
    return RatingSummary(float(median(scores)), spread, len(scores))


RATING_MIN, RATING_MAX = 0.0, 100.0
T = TypeVar("T")


def rating_error(score: float) -> str | None:
    """Why a reviewer's score cannot be taken (None: it can)."""
    if score != score or score in (float("inf"), float("-inf")):
        return "Give a number from 0 to 100."
    if not RATING_MIN <= score <= RATING_MAX:
        return "A score runs from 0 to 100."
    return None


def not_yet_scored(expected: Iterable[T], scored: Iterable[T]) -> list[T]:
    """The expected reviewers (in their order, each once) who have not scored."""
    done = set(scored)
    missing: list[T] = []
    for reviewer in expected:
        if reviewer not in done and reviewer not in missing:
            missing.append(reviewer)
    return missing


def rating_line(name: str, label: str, summary: RatingSummary, missing: int) -> str:
    """One sentence on a judgement KPI's scores in a period, e.g. "Collaboration, 2026-05:
    median 72 of 3 scores (spread 15); 1 expected reviewer has not scored yet."."""
    if summary.count == 0:
        text = f"{name}, {label}: nobody has scored yet, so no data."
    else:
        noun = "score" if summary.count == 1 else "scores"
        spread = (
            "one score, no spread"
            if summary.spread is None
            else f"spread {_number(summary.spread)}"
        )
        text = (
            f"{name}, {label}: median {_number(summary.median or 0.0)} of {summary.count} "
            f"{noun} ({spread})."
        )
    if missing:
        people = "reviewer has" if missing == 1 else "reviewers have"
        text = text[:-1] + f"; {missing} expected {people} not scored yet."
    return text


# --- the mutual scorecard -------------------------------------------------------------------

CUSTOMER_CRITERIA: dict[str, str] = {
    "payment_on_time": gettext_noop("Payment on time"),
    "forecast_accuracy": gettext_noop("Forecast accuracy"),
    "spec_clarity": gettext_noop("Clarity of specifications"),
    "responsiveness": gettext_noop("Responsiveness"),
    "fairness": gettext_noop("Fairness"),
}
RATING_WORDS = {
    1: gettext_noop("poor"),
    2: gettext_noop("weak"),
    3: gettext_noop("fair"),
    4: gettext_noop("good"),
    5: gettext_noop("excellent"),
}


@dataclass(frozen=True)
class CustomerScore:
    """How the supplier rated us in one quarter."""

    start: date
    label: str
    criteria: list[tuple[str, str, int | None]]  # (key, name, score 1-5 or None)
    score: float | None  # 0-100; None when nothing was rated
    light: str | None
    explanation: str


def customer_score(start: date, ratings: Mapping[str, int]) -> CustomerScore:
    """The mutual scorecard of one quarter from the supplier's 1-5 ratings by criterion."""
    criteria = [(key, name, ratings.get(key)) for key, name in CUSTOMER_CRITERIA.items()]
    given = [score for _, _, score in criteria if score is not None]
    label = period_label(start, QUARTER)
    if not given:
        return CustomerScore(start, label, criteria, None, None,
                             f"{label}: the supplier has not rated us yet.")  # fmt: skip
    mean = fmean(given)
    score = (mean - 1) / 4 * 100
    colour = GREEN if score >= GOOD_FROM else (YELLOW if score >= WATCH_FROM else RED)
    weakest = min((s, n) for _, n, s in criteria if s is not None)
    explanation = (
        f"{label}: {len(given)} of {len(CUSTOMER_CRITERIA)} criteria rated, mean "
        f"{mean:.1f} of 5 → {_number(score)} of 100 ({colour}); lowest: {weakest[1]} "
        f"({weakest[0]}, {RATING_WORDS[weakest[0]]})."
    )
    return CustomerScore(start, label, criteria, score, colour, explanation)


PARTNER_SCORES = range(1, 6)
_QUARTER_TEXT = re.compile(r"(\d{4})\s*-?\s*Q([1-4])", re.IGNORECASE)
_DAY_TEXT = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00(?:\.0+)?)?)?")
_MONTH_TEXT = re.compile(r"(\d{4})-(\d{2})")


def quarter_text(start: date) -> str:
    """How a quarter is written in files and the API: "2026-Q2"."""
    return f"{start.year}-Q{(start.month - 1) // 3 + 1}"


def parse_quarter(text: str) -> date:
    """The first day of the quarter written as "2026-Q2" (also "2026 Q2", "2026Q2") or as
    its first day ("2026-04-01"). Raises ValueError saying what is wrong."""
    text = text.strip()
    found = _QUARTER_TEXT.fullmatch(text)
    if found and int(found.group(1)) >= 1900:
        return date(int(found.group(1)), 3 * int(found.group(2)) - 2, 1)
    day = _parse_day(text)
    if day is None:
        raise ValueError(f"'{text}' is not a quarter; write it as YYYY-Qn, e.g. 2026-Q2.")
    if day != period_start(day, QUARTER):
        raise ValueError(
            f"{day:%Y-%m-%d} is not the first day of a quarter; write the quarter as YYYY-Qn."
        )
    return day


def parse_month(text: str) -> date:
    """The first day of the month written as "2026-05" or as its first day ("2026-05-01").
    Raises ValueError saying what is wrong."""
    text = text.strip()
    found = _MONTH_TEXT.fullmatch(text)
    if found and 1 <= int(found.group(2)) <= 12 and int(found.group(1)) >= 1900:
        return date(int(found.group(1)), int(found.group(2)), 1)
    day = _parse_day(text)
    if day is None:
        raise ValueError(f"'{text}' is not a month; write it as YYYY-MM, e.g. 2026-05.")
    if day.day != 1:
        raise ValueError(f"{day:%Y-%m-%d} is not the first day of a month; write YYYY-MM.")
    return day


def _parse_day(text: str) -> date | None:
    found = _DAY_TEXT.fullmatch(text)
    if not found or int(found.group(1)) < 1900:
        return None
    try:
        return date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    except ValueError:
        return None


def partner_light(score: int | None) -> str | None:
    """The light of one criterion's 1-5 rating, by the same bands as the quarter's score
    (4-5 green, 3 yellow, 1-2 red); None when not rated."""
    if score is None:
        return None
    value = (score - 1) / 4 * 100
    return GREEN if value >= GOOD_FROM else (YELLOW if value >= WATCH_FROM else RED)


def partner_score_error(score: object) -> str | None:
    """Why a rating of us cannot be taken (None: it can): a whole number from 1 to 5."""
    if isinstance(score, bool) or not isinstance(score, int) or score not in PARTNER_SCORES:
        return "Rate from 1 (poor) to 5 (excellent)."
    return None


def mutual_line(ours: PeriodScore | None, theirs: CustomerScore) -> str:
    """One quarter of the mutual scorecard in a sentence: how we score them next to how they
    rate us. The two figures are shown side by side and never combined."""
    if ours is None or ours.overall is None:
        mine = "we have no overall score for them"
    else:
        band = STANDINGS.get(ours.standing or "", "").lower()
        mine = f"we score them {_number(ours.overall)} of 100 ({band})"
    if theirs.score is None:
        their = "they have not rated us"
    else:
        their = f"they rate us {_number(theirs.score)} of 100 ({theirs.light})"
    return f"{theirs.label}: {mine}; {their}."


# --- baselines ------------------------------------------------------------------------------

BASELINE_MONTHS = 12


def add_totals(parts: Iterable[DeliveryTotals]) -> DeliveryTotals:
    """The delivery totals of several periods taken as one."""
    lines = on_time = in_full = 0
    received = rejected = 0.0
    for part in parts:
        lines += part.lines
        on_time += part.on_time
        in_full += part.in_full
        received += part.received_qty
        rejected += part.rejected_qty
    return DeliveryTotals(lines, on_time, in_full, received, rejected)


@dataclass(frozen=True)
class Baseline:
    """Where a KPI stood over the months before it was defined for a supplier."""

    value: float | None
    basis: str


def baseline(kpi_kind: str, key: str, months: Sequence[PeriodData]) -> Baseline:
    """A KPI's baseline over `months` (oldest first) taken as one period: computed KPIs from
    all the delivery lines of the window; entered and judgement KPIs as the mean of the
    months that have a value (so innovation contributions are per month, like the monthly
    scorecard). No data in the window: no baseline figure."""
    if not months:
        return Baseline(None, "no months to measure")
    span = f"{months[0].start:%Y-%m} to {months[-1].start:%Y-%m}"
    if kpi_kind in COMPUTE:
        totals = add_totals(m.totals for m in months)
        value = COMPUTE[kpi_kind](totals)
        if value is None:
            return Baseline(None, f"no deliveries counted {span}")
        return Baseline(value, f"{computed_basis(kpi_kind, totals)}, {span}")
    given = [v for m in months if (v := m.entered.get(key)) is not None]
    if not given:
        return Baseline(None, f"nothing entered {span}")
    value = fmean(given)
    return Baseline(value, f"mean of {len(given)} month(s) with a value, {span}")


# --- lights, scores, standing ---------------------------------------------------------------


@dataclass(frozen=True)
class Kpi:
    """A KPI as it applies to one supplier (from its category, its override or the default)."""

    key: str
    name: str
    kind: str
    direction: str
    unit: str
    target: float
    yellow: float  # worse than this: yellow
    red: float  # worse than this: red
    weight: float
    core: bool = True


def threshold_error(direction: str, target: float, yellow: float, red: float) -> str | None:
    """Why these thresholds do not fit together (None: they do)."""
    if direction == HIGHER and not red <= yellow <= target:
        return "When higher is better, the red threshold ≤ the yellow threshold ≤ the target."
    if direction == LOWER and not red >= yellow >= target:
        return "When lower is better, the red threshold ≥ the yellow threshold ≥ the target."
    if red == target:
        return "The red threshold must differ from the target."
    return None


def _better_or_equal(kpi: Kpi, value: float, than: float) -> bool:
    return value >= than if kpi.direction == HIGHER else value <= than


def light(kpi: Kpi, value: float | None) -> str | None:
    """green / yellow / red, or None without data."""
    if value is None:
        return None
    if _better_or_equal(kpi, value, kpi.yellow):
        return GREEN
    if _better_or_equal(kpi, value, kpi.red):
        return YELLOW
    return RED


def kpi_score(kpi: Kpi, value: float | None) -> float | None:
    """0-100: 100 at or better than the target, 0 at or worse than the red threshold."""
    if value is None:
        return None
    if _better_or_equal(kpi, value, kpi.target):
        return 100.0
    if kpi.target == kpi.red:  # refused when defined; kept safe anyway
        return 0.0
    share = (value - kpi.red) / (kpi.target - kpi.red)
    return 100.0 * min(1.0, max(0.0, share))


def standing(score: float | None) -> str | None:
    """The band of an overall score (None without a score)."""
    if score is None:
        return None
    if score >= EXCELLENT_FROM:
        return "excellent"
    if score >= GOOD_FROM:
        return "good"
    if score >= WATCH_FROM:
        return "watch"
    return "poor"


def core_guard(kpis: Sequence[Kpi], limit: int = MAX_CORE_KPIS) -> str | None:
    """The warning for a scorecard with too many core KPIs (None: within the limit)."""
    count = sum(1 for kpi in kpis if kpi.core)
    if count <= limit:
        return None
    return GUARD_MESSAGE.format(count=count, limit=limit)


# --- the scorecard --------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodData:
    """The inputs of one period: delivery totals and entered values by KPI key."""

    start: date
    totals: DeliveryTotals = field(default_factory=DeliveryTotals)
    entered: Mapping[str, float | None] = field(default_factory=dict)


@dataclass(frozen=True)
class KpiResult:
    """One KPI in one period, with why it shows what it shows."""

    key: str
    name: str
    unit: str
    value: float | None
    light: str | None
    score: float | None
    weight_share: float | None  # % of the overall score's weight (None: no data)
    points: float | None
    previous: float | None
    trend: str | None  # better / worse / same, None without both values
    explanation: str


@dataclass(frozen=True)
class PeriodScore:
    """One period of a scorecard."""

    start: date
    label: str
    kpis: list[KpiResult]
    overall: float | None
    standing: str | None
    no_data: list[str]  # names of the KPIs without data, left out of the overall score


@dataclass(frozen=True)
class Scorecard:
    """The latest period in detail, the trailing periods (oldest first) and the guard."""

    granularity: str
    current: PeriodScore
    previous: PeriodScore | None
    trailing: list[PeriodScore]
    overall_trend: str | None
    guard: str | None


def period_label(start: date, granularity: str) -> str:
    if granularity == QUARTER:
        return f"{start.year} Q{(start.month - 1) // 3 + 1}"
    return f"{start:%Y-%m}"


def period_start(day: date, granularity: str) -> date:
    month = day.month if granularity == MONTH else 3 * ((day.month - 1) // 3) + 1
    return date(day.year, month, 1)


def shift(start: date, granularity: str, periods: int) -> date:
    """The start of the period `periods` periods after (negative: before) `start`."""
    months = periods * (3 if granularity == QUARTER else 1)
    index = start.year * 12 + start.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def value_of(kpi: Kpi, data: PeriodData) -> float | None:
    if kpi.kind in COMPUTE:
        return COMPUTE[kpi.kind](data.totals)
    return data.entered.get(kpi.key)


def _number(value: float) -> str:
    text = f"{value:,.1f}"
    return text[:-2] if text.endswith(".0") else text


def format_value(value: float | None, unit: str) -> str:
    if value is None:
        return "no data"
    if unit == "%":
        return f"{_number(value)} %"
    return f"{_number(value)} {unit}".strip()


def _trend(kpi: Kpi, value: float | None, previous: float | None) -> str | None:
    if value is None or previous is None:
        return None
    if abs(value - previous) < 1e-9:
        return "same"
    up = value > previous
    return "better" if up == (kpi.direction == HIGHER) else "worse"


def _explain(
    kpi: Kpi,
    value: float | None,
    colour: str | None,
    score: float | None,
    share: float | None,
    points: float | None,
    totals: DeliveryTotals,
) -> str:
    """The plain-language line saying how a KPI's figure and points came about."""
    if value is None:
        basis = (
            "no deliveries counted" if kpi.kind in COMPUTE
            else "no interactions logged" if kpi.kind in LOGGED_KINDS
            else "nothing entered"
        )  # fmt: skip
        return (
            f"{kpi.name}: no data for this period ({basis}); left out of the overall "
            f"score, not counted as zero."
        )
    name = f"{kpi.name} {format_value(value, kpi.unit)}"
    if kpi.kind in COMPUTE:
        name += f" ({computed_basis(kpi.kind, totals)})"
    elif kpi.kind in LOGGED_KINDS:
        name += " (from the relationship log)"
    target = f"against a {format_value(kpi.target, kpi.unit)} target"
    if share is None or points is None:
        return f"{name} {target}: {colour}; no weight, so not in the overall score."
    return (
        f"{name} {target}: {colour}; scores {_number(score or 0.0)} of 100, "
        f"weight {_number(share)} % → {points:.1f} points."
    )


def score_period(
    kpis: Sequence[Kpi],
    data: PeriodData,
    granularity: str,
    previous: PeriodData | None = None,
    explain: bool = True,
) -> PeriodScore:
    """Every KPI of one period with its light, score, weight share and explanation, and the
    weighted overall score over the KPIs that have data. With `explain` False the
    explanation lines are left empty (for bulk work that shows no KPI line)."""
    values = [value_of(kpi, data) for kpi in kpis]
    befores = (
        [value_of(kpi, previous) for kpi in kpis] if previous is not None else [None] * len(kpis)
    )
    total_weight = sum(
        kpi.weight
        for kpi, value in zip(kpis, values, strict=True)
        if value is not None and kpi.weight > 0
    )
    results = []
    overall_points = 0.0
    for kpi, value, before in zip(kpis, values, befores, strict=True):
        colour = light(kpi, value)
        score = kpi_score(kpi, value)
        share = points = None
        if value is not None and kpi.weight > 0 and total_weight > 0:
            share = 100.0 * kpi.weight / total_weight
            points = (score or 0.0) * share / 100.0
            overall_points += points
        explanation = (
            _explain(kpi, value, colour, score, share, points, data.totals) if explain else ""
        )
        results.append(
            KpiResult(
                key=kpi.key, name=kpi.name, unit=kpi.unit, value=value, light=colour,
                score=score, weight_share=share, points=points, previous=before,
                trend=_trend(kpi, value, before), explanation=explanation,
            )
        )  # fmt: skip
    overall = overall_points if total_weight > 0 else None
    return PeriodScore(
        start=data.start,
        label=period_label(data.start, granularity),
        kpis=results,
        overall=overall,
        standing=standing(overall),
        no_data=[kpi.name for kpi, value in zip(kpis, values, strict=True) if value is None],
    )


def scorecard(kpis: Sequence[Kpi], periods: Sequence[PeriodData], granularity: str) -> Scorecard:
    """The scorecard over `periods` (oldest first, the last one is the current period). Only
    the current period carries the explanation lines; the trailing ones carry the figures."""
    if not periods:
        raise ValueError("A scorecard needs at least one period.")
    trailing: list[PeriodScore] = []
    last = len(periods) - 1
    for index, data in enumerate(periods):
        before = periods[index - 1] if index else None
        trailing.append(score_period(kpis, data, granularity, before, explain=index == last))
    current = trailing[-1]
    previous = trailing[-2] if len(trailing) > 1 else None
    overall_trend = None
    if previous is not None and current.overall is not None and previous.overall is not None:
        difference = current.overall - previous.overall
        overall_trend = (
            "same" if abs(difference) < 0.05 else ("better" if difference > 0 else "worse")
        )
    return Scorecard(
        granularity=granularity,
        current=current,
        previous=previous,
        trailing=trailing,
        overall_trend=overall_trend,
        guard=core_guard(kpis),
    )


# --- a scored period kept as data (services.StoredScore) ------------------------------------


def period_as_data(score: PeriodScore) -> dict[str, object]:
    """A scored period as plain JSON data, explanations included; `period_from_data` gives
    the same PeriodScore back."""
    return {
        "start": score.start.isoformat(),
        "label": score.label,
        "overall": score.overall,
        "standing": score.standing,
        "no_data": list(score.no_data),
        "kpis": [
            [
                k.key,
                k.name,
                k.unit,
                k.value,
                k.light,
                k.score,
                k.weight_share,
                k.points,
                k.previous,
                k.trend,
                k.explanation,
            ]
            for k in score.kpis
        ],  # fmt: skip
    }


def period_from_data(data: Mapping[str, object]) -> PeriodScore:
    """The PeriodScore that `period_as_data` wrote."""
    kpis = data["kpis"]
    no_data = data["no_data"]
    assert isinstance(kpis, list) and isinstance(no_data, list)  # noqa: S101
    overall, standing_ = data["overall"], data["standing"]
    return PeriodScore(
        start=date.fromisoformat(str(data["start"])),
        label=str(data["label"]),
        kpis=[_kpi_from_row(row) for row in kpis],
        overall=float(overall) if isinstance(overall, (int, float)) else None,
        standing=str(standing_) if standing_ else None,
        no_data=[str(name) for name in no_data],
    )


def _float(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) else None


def _kpi_from_row(row: Sequence[object]) -> KpiResult:
    key, name, unit, value, colour, score, share, points, previous, trend, why = row
    return KpiResult(
        key=str(key), name=str(name), unit=str(unit), value=_float(value),
        light=str(colour) if colour else None, score=_float(score),
        weight_share=_float(share), points=_float(points), previous=_float(previous),
        trend=str(trend) if trend else None, explanation=str(why),
    )  # fmt: skip
