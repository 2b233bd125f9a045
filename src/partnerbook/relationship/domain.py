"""Relationship signals as plain computations: the signal tags, the trust ledger,
reciprocity, drift detection against a supplier's own baseline, and the health score.

No Django here: the services feed plain numbers in and show what comes out. Every result
carries its inputs and contributions so that the pages can say *why*.

Statistics, in plain words (the defaults live in `SignalConfig`; an administrator can
change them):

- Each supplier is compared with itself: a *recent* window (90 days) against the *baseline*
  (the 365 days before it). Rates are per day, so the windows may differ in length.
- Counts (unsolicited suggestions, minor disputes, informal check-ins) use an exact
  conditional Poisson test. If the two rates were in a given ratio, the share of all events
  that fall into the recent window would follow a binomial law; the p-value is that
  binomial tail. The test asks whether the rate fell by *more than a tolerated margin*
  (to less than 2/3 of the baseline: one silent month in three), not merely whether it
  fell. A finding needs p ≤ 0.01, the recent rate at most half the baseline's (a rise: at
  least double) and enough data (at least 4 baseline events for a fall, 2 recent events
  for a rise).
- A yearly seasonal low is told apart from a fall: when the same 90 days a year earlier
  (the oldest part of the baseline) were quiet too, the recent window is judged against
  that season instead of the whole baseline.
- Response times use the Mann-Whitney rank test (recent answers slower than baseline
  ones) and need at least 3 answered requests in each window and a median at least twice
  the baseline's.
- Tone (VADER sentiment, -1..1) and formality (0..100) compare the window means with
  Welch's t-test and need at least 4 notes in each window and a drop of 0.25 or a rise of
  15 points. Tone only ever informs: it changes no score, quadrant or status by itself.
- A finding's confidence is 1 - p. Several signals are tested at once, hence p ≤ 0.01
  for each: simulated steady suppliers raise no drift alert in about 98 % of checks, and
  a supplier that stops suggesting and answers four times slower is caught in about 98 %.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from partnerbook.core.marks import gettext_noop

CHANNELS: dict[str, str] = {
    "meeting": gettext_noop("Meeting"),
    "call": gettext_noop("Call"),
    "email": gettext_noop("E-mail"),
    "site_visit": gettext_noop("Site visit"),
    "informal_checkin": gettext_noop("Informal check-in (no agenda)"),
    "business_review": gettext_noop("Business review"),
    "workshop": gettext_noop("Workshop"),
}
CHANNEL_CHOICES = list(CHANNELS.items())
INFORMAL_CHANNELS = frozenset({"informal_checkin"})

REQUEST_KINDS: dict[str, str] = {
    "data": gettext_noop("Data"),
    "flexibility": gettext_noop("Flexibility"),
    "concession": gettext_noop("Concession"),
}
REQUEST_KIND_CHOICES = list(REQUEST_KINDS.items())


@dataclass(frozen=True)
class Tag:
    """A signal tag: what it is called, its default trust weight, who normally gives it
    ("" = the side that started the interaction) and the groups it counts in."""

    key: str
    label: str
    weight: int
    side: str = ""
    groups: frozenset[str] = frozenset()


TAGS: dict[str, Tag] = {
    t.key: t
    for t in (
        Tag(
            "unsolicited_suggestion",
            gettext_noop("Unsolicited suggestion"),
            3,
            "supplier",
            frozenset({"collaboration", "suggestion"}),
        ),
        Tag(
            "early_warning",
            gettext_noop("Early warning shared"),
            4,
            "supplier",
            frozenset({"collaboration"}),
        ),
        Tag(
            "information_shared",
            gettext_noop("Information shared unasked"),
            2,
            "",
            frozenset({"collaboration", "give"}),
        ),
        Tag(
            "joint_improvement",
            gettext_noop("Joint improvement project"),
            3,
            "",
            frozenset({"collaboration", "give"}),
        ),
        Tag(
            "help_beyond_contract",
            gettext_noop("Help beyond contract"),
            3,
            "",
            frozenset({"collaboration", "give"}),
        ),
        Tag("recognition_given", gettext_noop("Recognition given"), 1, "ours", frozenset({"give"})),
        Tag(
            "request",
            gettext_noop("Request (data, flexibility, concession)"),
            0,
            "",
            frozenset({"ask"}),
        ),
        Tag(
            "minor_dispute",
            gettext_noop("Minor dispute"),
            -2,
            "",
            frozenset({"dispute", "minor_dispute"}),
        ),
        Tag("major_dispute", gettext_noop("Major dispute"), -5, "", frozenset({"dispute"})),
        Tag("escalation", gettext_noop("Escalation"), -4, "", frozenset({"dispute"})),
        Tag(
            "problem_hidden",
            gettext_noop("Problem hidden, then discovered"),
            -6,
            "supplier",
            frozenset({"dispute"}),
        ),
        Tag("blame", gettext_noop("Blame"), -3, "", frozenset({"dispute"})),
        Tag(
            "penalty_or_audit_finding",
            gettext_noop("Penalty or audit finding"),
            -3,
            "ours",
            frozenset({"dispute"}),
        ),
    )  # fmt: skip
}
TAG_CHOICES = [(t.key, t.label) for t in TAGS.values()]
DEFAULT_WEIGHTS = {t.key: t.weight for t in TAGS.values()}


def signal_side(tag: str, initiated_by: str, request_side: str = "") -> str:
    """Who gave a signal: the tag's usual side, the requesting side for a request, or else
    the side that started the interaction."""
    if tag == "request" and request_side:
        return request_side
    return TAGS[tag].side or initiated_by


def tags_in(group: str) -> frozenset[str]:
    """The tags that count in `group` (collaboration, give, ask, dispute, ...)."""
    return frozenset(t.key for t in TAGS.values() if group in t.groups)


@dataclass(frozen=True)
class SignalConfig:
    """Thresholds of the checks; an administrator edits them (RelationshipSettings)."""

    recent_days: int = 90
    baseline_days: int = 365
    min_baseline_events: int = 4  # a fall in a count needs this many baseline events
    min_requests: int = 3  # answered requests in each window for a response-time finding
    min_notes: int = 4  # scored notes in each window for a tone or formality finding
    # Largest p-value that still makes a finding. Several signals are tested at once, so each
    # uses 0.01: a steady supplier then raises no drift alert in about 98 % of checks.
    significance: float = 0.01
    rate_ratio: float = 0.5  # a fall: recent rate at most this share of the baseline rate
    # Tolerated fall: the test asks whether the rate fell by more than one quiet month in
    # three would explain (2/3 of the baseline), not merely whether it fell at all.
    tolerated_ratio: float = 2 / 3
    response_ratio: float = 2.0  # slower: recent median at least this multiple
    tone_drop: float = 0.25  # fall of the mean VADER score (scale -1..1)
    formality_rise: float = 15.0  # rise of the mean formality (scale 0..100)
    owner_changes_limit: int = 1  # "rotating door": more owner changes than this ...
    owner_changes_months: int = 18  # ... within this many months
    reciprocity_min_asks: int = 4  # one-sided needs at least this many of our asks
    reciprocity_ratio: float = 0.25  # one-sided: what we give / what we ask below this
    trust_fall: int = 10  # trust alert when the balance fell by this much in the window
    green_from: int = 70
    red_below: int = 45
    response_target_hours: float = 48.0
    weights: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))


# --- statistics -----------------------------------------------------------------------------


def _log_binom_pmf(k: int, n: int, p: float) -> float:
    return (
        math.lgamma(n + 1)
        - math.lgamma(k + 1)
        - math.lgamma(n - k + 1)
        + k * math.log(p)
        + (n - k) * math.log1p(-p)
    )


def binomial_tail(k: int, n: int, p: float, *, lower: bool) -> float:
    """P(X <= k) (lower) or P(X >= k) for X ~ Binomial(n, p), exactly."""
    if p <= 0.0:
        return 1.0 if lower or k <= 0 else 0.0
    if p >= 1.0:
        return 1.0 if not lower or k >= n else 0.0
    terms = range(0, k + 1) if lower else range(max(k, 0), n + 1)
    total = sum(math.exp(_log_binom_pmf(i, n, p)) for i in terms if 0 <= i <= n)
    return min(1.0, total)


def rate_test(recent: int, recent_days: float, baseline: int, baseline_days: float,
              *, fewer: bool, margin: float = 1.0) -> float:  # fmt: skip
    """One-sided exact conditional Poisson test; returns the p-value.

    With `fewer`, the null hypothesis is that the recent rate is at least `margin` times the
    baseline rate (so a fall smaller than the margin is tolerated); otherwise that it is at
    most 1/`margin` times the baseline rate."""
    factor = margin if fewer else 1 / margin
    share = factor * recent_days / (factor * recent_days + baseline_days)
    return binomial_tail(recent, recent + baseline, share, lower=fewer)


def _normal_sf(z: float) -> float:
    return 0.5 * math.erfc(z / math.sqrt(2))


def mann_whitney_greater(recent: Sequence[float], baseline: Sequence[float]) -> float:
    """One-sided p-value that recent values tend to be larger than baseline values
    (Mann-Whitney U, normal approximation with tie and continuity correction)."""
    n1, n2 = len(recent), len(baseline)
    if not n1 or not n2:
        return 1.0
    combined = sorted([(v, 0) for v in recent] + [(v, 1) for v in baseline])
    ranks = [0.0] * len(combined)
    ties = 0.0
    i = 0
    while i < len(combined):
        j = i
        while j + 1 < len(combined) and combined[j + 1][0] == combined[i][0]:
            j += 1
        rank = (i + j) / 2 + 1
        for k in range(i, j + 1):
            ranks[k] = rank
        t = j - i + 1
        ties += t**3 - t
        i = j + 1
    rank_sum = sum(r for r, (_, group) in zip(ranks, combined, strict=True) if group == 0)
    u = rank_sum - n1 * (n1 + 1) / 2
    n = n1 + n2
    variance = n1 * n2 / 12 * ((n + 1) - ties / (n * (n - 1)))
    if variance <= 0:
        return 1.0
    return _normal_sf((u - n1 * n2 / 2 - 0.5) / math.sqrt(variance))


@dataclass(frozen=True)
class Moments:
    """Count, mean and mean of squares of some values (what SQL AVG can give)."""

    n: int = 0
    mean: float = 0.0
    mean_sq: float = 0.0

    @property
    def variance(self) -> float:
        if self.n < 2:
            return 0.0
        return max(0.0, (self.mean_sq - self.mean**2) * self.n / (self.n - 1))

    @classmethod
    def of(cls, values: Iterable[float]) -> Moments:
        data = list(values)
        if not data:
            return cls()
        return cls(len(data), sum(data) / len(data), sum(v * v for v in data) / len(data))


def _beta_fraction(a: float, b: float, x: float) -> float:
    """Continued fraction of the regularised incomplete beta function (Lentz's method)."""
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    result = d
    for m in range(1, 300):
        for numerator in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + numerator / c
            c = c if abs(c) > tiny else tiny
            result *= d * c
        if abs(d * c - 1.0) < 1e-12:
            break
    return result


def _incomplete_beta(a: float, b: float, x: float) -> float:
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    front = math.exp(
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1) / (a + b + 2):
        return front * _beta_fraction(a, b, x) / a
    return 1.0 - front * _beta_fraction(b, a, 1 - x) / b


def t_sf(t: float, df: float) -> float:
    """P(T > t) for Student's t with `df` degrees of freedom."""
    tail = 0.5 * _incomplete_beta(df / 2, 0.5, df / (df + t * t))
    return tail if t > 0 else 1.0 - tail


def mean_shift_test(recent: Moments, baseline: Moments, *, lower: bool) -> float:
    """One-sided Welch t-test p-value that the recent mean is lower (`lower`) or higher."""
    if recent.n < 2 or baseline.n < 2:
        return 1.0
    vr, vb = recent.variance / recent.n, baseline.variance / baseline.n
    spread = math.sqrt(vr + vb)
    diff = recent.mean - baseline.mean
    if spread == 0:
        return 0.0 if (diff < 0 if lower else diff > 0) else 1.0
    df = (vr + vb) ** 2 / (vr**2 / (recent.n - 1) + vb**2 / (baseline.n - 1))
    return t_sf(-diff / spread if lower else diff / spread, df)


def median(values: Sequence[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


# --- the inputs for one supplier ------------------------------------------------------------


@dataclass
class Window:
    """What happened with one supplier in one window (recent or baseline)."""

    days: int
    interactions: int = 0
    informal: int = 0
    tags: dict[str, int] = field(default_factory=dict)  # tag -> count
    our_asks: int = 0  # requests we made
    our_gives: int = 0  # give-group signals on our side, plus supplier requests we answered
    response_hours: list[float] = field(default_factory=list)  # supplier answering us
    sentiment: Moments = field(default_factory=Moments)
    formality: Moments = field(default_factory=Moments)
    trust_points: int = 0  # net trust change inside the window (signals and manual)

    def count(self, group: str) -> int:
        """Events of the tags in `group` (e.g. "collaboration", "dispute")."""
        return sum(n for tag, n in self.tags.items() if group in TAGS[tag].groups)


@dataclass
class SupplierSignals:
    """Everything the checks look at for one supplier on one day."""

    recent: Window
    baseline: Window
    owner_changes: int = 0  # within `owner_changes_months`
    # The same days one year before the recent window (they lie inside the baseline), for
    # telling a seasonal low from a fall; None when not collected.
    last_year: Window | None = None
    trust_balance: int = 0  # all time, up to the day
    unanswered: int = 0  # our requests still waiting for the supplier


# --- findings (drift) -----------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """A drift signal that moved away from the supplier's own baseline."""

    signal: str
    label: str
    baseline: str  # the baseline value, in words
    recent: str  # the recent value, in words
    confidence: float  # 1 - p (1.0 for rules that are not statistical)
    explanation: str
    severity: str = "warning"

    def as_dict(self) -> dict[str, object]:
        return {
            "signal": self.signal,
            "label": self.label,
            "baseline": self.baseline,
            "recent": self.recent,
            "confidence": round(self.confidence, 3),
            "explanation": self.explanation,
            "severity": self.severity,
        }


SIGNAL_LABELS = {
    "suggestions": gettext_noop("Fewer unsolicited suggestions"),
    "response_time": gettext_noop("Slower answers to our requests"),
    "formality": gettext_noop("More formal tone"),
    "tone": gettext_noop("Tone of notes dropped"),
    "minor_disputes": gettext_noop("More minor disputes"),
    "informal_contacts": gettext_noop("Fewer informal contacts"),
    "reciprocity": gettext_noop("One-sided relationship"),
    "owner_turnover": gettext_noop("Rotating door of relationship owners"),
    "trust": gettext_noop("Trust balance falling"),
}


def chance(p: float) -> str:
    """A p-value in words for people: "0.6%", or "under 0.1%" rather than "0.0%"."""
    return "under 0.1%" if p < 0.001 else f"{p:.1%}"


def _per_month(count: int, days: int) -> str:
    return f"{count} in {days} days ({count / days * 30.44:.1f} a month)"


def _count_finding(signal: str, counts: tuple[int, int, int | None],
                   signals: SupplierSignals, config: SignalConfig,
                   *, fewer: bool) -> Finding | None:  # fmt: skip
    """A fall (`fewer`) or rise in a count, against the baseline and, when the same season
    last year was also quiet, against that season instead."""
    recent, baseline, last_year = counts
    r_days, b_days = signals.recent.days, signals.baseline.days
    if fewer and baseline < config.min_baseline_events:
        return None
    if not fewer and recent < 2:
        return None
    compare, compare_days, against = baseline, b_days, "the baseline"
    if fewer and last_year is not None:
        rest, rest_days = baseline - last_year, b_days - r_days
        if rest_days > 0 and last_year / r_days <= config.tolerated_ratio * rest / rest_days:
            # Last year's same season was quiet too: a seasonal low, judged against it.
            compare, compare_days, against = last_year, r_days, "the same season last year"
            if compare < config.min_baseline_events:
                return None
    recent_rate, compare_rate = recent / r_days, compare / compare_days
    if fewer and recent_rate > config.rate_ratio * compare_rate:
        return None
    if not fewer and recent_rate < compare_rate / config.rate_ratio:
        return None
    p = rate_test(recent, r_days, compare, compare_days, fewer=fewer,
                  margin=config.tolerated_ratio)  # fmt: skip
    if p > config.significance:
        return None
    expected = compare_rate * r_days
    return Finding(
        signal=signal,
        label=SIGNAL_LABELS[signal],
        baseline=_per_month(baseline, b_days),
        recent=_per_month(recent, r_days),
        confidence=1 - p,
        explanation=(
            f"At the rate of {against} about {expected:.1f} were expected in the last "
            f"{r_days} days; there were {recent}. The chance of this with no more than a "
            f"{1 - config.tolerated_ratio:.0%} change is {chance(p)} (exact Poisson rate test)."
        ),
    )


def detect_drift(signals: SupplierSignals, config: SignalConfig) -> list[Finding]:
    """Every drift finding for one supplier, each with baseline, recent value and confidence."""
    recent, base = signals.recent, signals.baseline
    # Seasonality is judged only when there was any activity a year ago.
    last = signals.last_year if signals.last_year and signals.last_year.interactions else None
    findings: list[Finding | None] = [
        _count_finding("suggestions", (recent.count("suggestion"), base.count("suggestion"),
                       last.count("suggestion") if last else None), signals, config, fewer=True),
        _count_finding("minor_disputes", (recent.count("minor_dispute"),
                       base.count("minor_dispute"), None), signals, config, fewer=False),
        _count_finding("informal_contacts", (recent.informal, base.informal,
                       last.informal if last else None), signals, config, fewer=True),
        _response_finding(signals, config),
        _tone_finding(signals, config),
        _formality_finding(signals, config),
        _reciprocity_finding(signals, config),
        _turnover_finding(signals, config),
        _trust_finding(signals, config),
    ]  # fmt: skip
    return [f for f in findings if f is not None]


def _hours(value: float | None) -> str:
    if value is None:
        return "no answers"
    return f"{value / 24:.1f} days" if value >= 48 else f"{value:.0f} hours"


def _response_finding(signals: SupplierSignals, config: SignalConfig) -> Finding | None:
    recent, base = signals.recent.response_hours, signals.baseline.response_hours
    if len(recent) < config.min_requests or len(base) < config.min_requests:
        return None
    recent_median, base_median = median(recent), median(base)
    assert recent_median is not None and base_median is not None  # noqa: S101
    if recent_median < config.response_ratio * max(base_median, 1.0):
        return None
    p = mann_whitney_greater(recent, base)
    if p > config.significance:
        return None
    return Finding(
        signal="response_time",
        label=SIGNAL_LABELS["response_time"],
        baseline=f"median {_hours(base_median)} over {len(base)} requests",
        recent=f"median {_hours(recent_median)} over {len(recent)} requests",
        confidence=1 - p,
        explanation=(
            f"The supplier now takes {recent_median / max(base_median, 1.0):.1f}× as long to "
            f"answer our requests. Chance of this without a real change: {chance(p)} "
            "(Mann-Whitney rank test)."
        ),
    )


def _note_finding(signal: str, recent: Moments, base: Moments, *, lower: bool, shift: float,
                  describe: str, config: SignalConfig) -> Finding | None:  # fmt: skip
    """A shift of the notes' mean tone or formality (`lower`: a drop) of at least `shift`.
    `describe` formats a mean, e.g. "mean tone {:+.2f}"."""
    if recent.n < config.min_notes or base.n < config.min_notes:
        return None
    if (base.mean - recent.mean if lower else recent.mean - base.mean) < shift:
        return None
    p = mean_shift_test(recent, base, lower=lower)
    if p > config.significance:
        return None
    what = (
        "Notes of recent interactions read more negatively (VADER sentiment, -1 to +1)."
        if lower
        else "Recent notes use more formal language (fewer casual words, more formal phrases)."
    )
    return Finding(
        signal=signal,
        label=SIGNAL_LABELS[signal],
        baseline=f"{describe.format(base.mean)} over {base.n} notes",
        recent=f"{describe.format(recent.mean)} over {recent.n} notes",
        confidence=1 - p,
        explanation=(
            f"{what} Chance of this without a real change: {chance(p)} (Welch t-test). Tone is "
            "an early-warning input only: it changes no score, quadrant or status by itself."
        ),
        severity="info",
    )


def _tone_finding(signals: SupplierSignals, config: SignalConfig) -> Finding | None:
    return _note_finding("tone", signals.recent.sentiment, signals.baseline.sentiment,
                         lower=True, shift=config.tone_drop, describe="mean tone {:+.2f}",
                         config=config)  # fmt: skip


def _formality_finding(signals: SupplierSignals, config: SignalConfig) -> Finding | None:
    return _note_finding("formality", signals.recent.formality, signals.baseline.formality,
                         lower=False, shift=config.formality_rise,
                         describe="formality {:.0f}/100", config=config)  # fmt: skip


@dataclass(frozen=True)
class Reciprocity:
    asks: int
    gives: int
    ratio: float | None  # gives per ask
    one_sided: bool
    explanation: str


def reciprocity(asks: int, gives: int, config: SignalConfig) -> Reciprocity:
    """What we ask of the supplier against what we give back, in one window."""
    ratio = gives / asks if asks else None
    one_sided = asks >= config.reciprocity_min_asks and (ratio or 0.0) < config.reciprocity_ratio
    if one_sided:
        text = (
            f"We asked {asks} times and gave back {gives} times (recognition, information, "
            "help, flexibility): the relationship runs one way."
        )
    elif asks:
        text = f"We asked {asks} times and gave back {gives} times."
    else:
        text = f"We made no requests; we gave {gives} times."
    return Reciprocity(asks, gives, ratio, one_sided, text)


def _reciprocity_finding(signals: SupplierSignals, config: SignalConfig) -> Finding | None:
    now = reciprocity(signals.recent.our_asks, signals.recent.our_gives, config)
    before = reciprocity(signals.baseline.our_asks, signals.baseline.our_gives, config)
    if not now.one_sided or before.one_sided:
        return None
    return Finding(
        signal="reciprocity",
        label=SIGNAL_LABELS["reciprocity"],
        baseline=f"{before.gives} given for {before.asks} asked",
        recent=f"{now.gives} given for {now.asks} asked",
        confidence=1.0,
        explanation=now.explanation + " In the baseline it was balanced.",
    )


def _turnover_finding(signals: SupplierSignals, config: SignalConfig) -> Finding | None:
    if signals.owner_changes <= config.owner_changes_limit:
        return None
    return Finding(
        signal="owner_turnover",
        label=SIGNAL_LABELS["owner_turnover"],
        baseline=f"at most {config.owner_changes_limit} change(s) expected",
        recent=f"{signals.owner_changes} owner changes in {config.owner_changes_months} months",
        confidence=1.0,
        explanation=(
            "The relationship owner changed more often than the limit; every handover loses "
            "context and personal trust."
        ),
    )


def _trust_finding(signals: SupplierSignals, config: SignalConfig) -> Finding | None:
    change = signals.recent.trust_points
    if signals.trust_balance >= 0 and change > -config.trust_fall:
        return None
    if signals.trust_balance < 0:
        text = f"The trust balance is negative ({signals.trust_balance:+d} points)."
    else:
        text = f"The trust balance fell by {-change} points in {signals.recent.days} days."
    return Finding(
        signal="trust",
        label=SIGNAL_LABELS["trust"],
        baseline=f"balance {signals.trust_balance - change:+d} at the window's start",
        recent=f"balance {signals.trust_balance:+d} now ({change:+d})",
        confidence=1.0,
        explanation=text,
        severity="critical" if signals.trust_balance < 0 else "warning",
    )


# --- health ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Component:
    key: str
    label: str
    weight: float
    value: str  # the input, in words; "no data" when missing
    subscore: float | None  # 0..100, None when missing
    points: float  # contribution to the score (weights of missing parts are shared out)
    deduction: bool = False  # points another app takes off (a registered health factor)


@dataclass(frozen=True)
class Health:
    score: int | None
    light: str  # green / yellow / red, or "" without data
    confidence: float  # share of the weight that had data
    components: list[Component]

    def as_dict(self) -> list[dict[str, object]]:
        return [
            {
                "key": c.key,
                "label": c.label,
                "weight": c.weight,
                "value": c.value,
                "subscore": None if c.subscore is None else round(c.subscore, 1),
                "points": round(c.points, 1),
                **({"deduction": True} if c.deduction else {}),
            }
            for c in self.components
        ]


HEALTH_WEIGHTS = {
    "trust": 20.0,
    "collaboration": 20.0,
    "responsiveness": 15.0,
    "tone": 15.0,
    "disputes": 15.0,
    "informal": 5.0,
    "reciprocity": 5.0,
    "owner_stability": 5.0,
}
DISPUTE_PENALTIES = {
    "minor_dispute": 10,
    "major_dispute": 30,
    "escalation": 20,
    "problem_hidden": 30,
    "blame": 10,
    "penalty_or_audit_finding": 15,
}


def _ratio_score(recent: int, recent_days: int, baseline: int, baseline_days: int) -> float | None:
    if not recent and not baseline:
        return None
    if not baseline:
        return 100.0
    ratio = (recent / recent_days) / (baseline / baseline_days)
    return 100.0 * min(1.0, ratio)


def light_for(score: int | None, config: SignalConfig) -> str:
    if score is None:
        return ""
    if score >= config.green_from:
        return "green"
    return "red" if score < config.red_below else "yellow"


def health(signals: SupplierSignals, config: SignalConfig) -> Health:
    """Relationship health 0..100 as a weighted average of the parts that have data."""
    recent, base = signals.recent, signals.baseline
    # Events other features feed in (supplier issues) are data even without interactions.
    any_data = recent.interactions or base.interactions or recent.tags or base.tags
    parts: list[tuple[str, str, str, float | None]] = []
    trust = recent.trust_points
    parts.append(("trust", gettext_noop("Trust ledger (last window)"), f"{trust:+d} points",
                  50 + 50 * math.tanh(trust / 10) if any_data else None))  # fmt: skip
    collab_r, collab_b = recent.count("collaboration"), base.count("collaboration")
    parts.append(("collaboration", gettext_noop("Collaboration signals against baseline"),
                  f"{collab_r} recent, {collab_b} in the baseline",
                  _ratio_score(collab_r, recent.days, collab_b, base.days)))  # fmt: skip
    med = median(recent.response_hours)
    target = config.response_target_hours
    parts.append(("responsiveness", gettext_noop("Supplier's answers to our requests"),
                  f"median {_hours(med)} against a {_hours(target)} target"
                  if med is not None else "no answered requests",
                  None if med is None else
                  100.0 * max(0.0, min(1.0, 1 - (med - target) / (4 * target)))))  # fmt: skip
    tone = recent.sentiment if recent.sentiment.n >= 2 else Moments()  # one note is no tone
    parts.append(("tone", gettext_noop("Tone of recent notes"),
                  f"{tone.mean:+.2f} over {tone.n} notes" if tone.n else "no notes",
                  (tone.mean + 1) * 50 if tone.n else None))  # fmt: skip
    penalty = sum(DISPUTE_PENALTIES.get(t, 0) * n for t, n in recent.tags.items())
    disputes = recent.count("dispute")
    parts.append(("disputes", gettext_noop("Disputes and friction (recent)"), f"{disputes} recent",
                  max(0.0, 100.0 - penalty) if any_data else None))  # fmt: skip
    parts.append(
        (
            "informal",
            gettext_noop("Informal contact against baseline"),
            f"{recent.informal} recent, {base.informal} in the baseline",
            _ratio_score(recent.informal, recent.days, base.informal, base.days),
        )
    )
    rec = reciprocity(recent.our_asks, recent.our_gives, config)
    parts.append(
        (
            "reciprocity",
            gettext_noop("Reciprocity (we give / we ask)"),
            f"{rec.gives} given, {rec.asks} asked",
            # smoothed, so that one unanswered favour is not a one-sided relationship
            None
            if not (rec.asks or rec.gives)
            else 100.0 * min(1.0, (rec.gives + 1) / (0.5 * rec.asks + 1)),
        )
    )
    extra = signals.owner_changes - config.owner_changes_limit
    parts.append(("owner_stability", gettext_noop("Stable relationship owner"),
                  f"{signals.owner_changes} change{'' if signals.owner_changes == 1 else 's'} "
                  f"in {config.owner_changes_months} months",
                  100.0 if extra <= 0 else max(0.0, 100.0 - 50.0 * extra)))  # fmt: skip

    present = sum(HEALTH_WEIGHTS[k] for k, _, _, s in parts if s is not None)
    total = sum(HEALTH_WEIGHTS.values())
    if not any_data or present == 0:
        components = [Component(k, label, HEALTH_WEIGHTS[k], v, None, 0.0)
                      for k, label, v, _ in parts]  # fmt: skip
        return Health(None, "", 0.0, components)
    components = [
        Component(key, label, HEALTH_WEIGHTS[key], value if s is not None else f"{value} (no data)",
                  s, 0.0 if s is None else s * HEALTH_WEIGHTS[key] / present)
        for key, label, value, s in parts
    ]  # fmt: skip
    score = round(sum(c.points for c in components))
    return Health(score, light_for(score, config), present / total, components)


@dataclass(frozen=True)
class Deduction:
    """Points another part of the system takes off the score, and why (e.g. a partnership
    carried by one pair of people)."""

    key: str
    label: str
    points: int  # 0..100
    reason: str


def with_deductions(
    result: Health, deductions: Sequence[Deduction], config: SignalConfig
) -> Health:
    """`result` with each deduction shown as a line of the breakdown and taken off the score
    (never below 0); the light follows the new score. A score that could not be computed
    stays unknown, but the lines still say what was found."""
    if not deductions:
        return result
    lines = [
        Component(d.key, d.label, 0.0, d.reason, None, -float(d.points), deduction=True)
        for d in deductions
    ]
    if result.score is None:
        return replace(result, components=[*result.components, *lines])
    score = max(0, result.score - sum(d.points for d in deductions))
    return Health(score, light_for(score, config), result.confidence, [*result.components, *lines])


# --- trust ledger ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LedgerLine:
    day: date
    points: int
    source: str  # a tag key, or "manual"
    label: str


def balance_over_time(lines: Iterable[LedgerLine]) -> list[tuple[date, int]]:
    """Running balance at the end of each day that has entries, oldest first."""
    per_day: dict[date, int] = {}
    for line in lines:
        per_day[line.day] = per_day.get(line.day, 0) + line.points
    balance = 0
    series = []
    for day in sorted(per_day):
        balance += per_day[day]
        series.append((day, balance))
    return series
