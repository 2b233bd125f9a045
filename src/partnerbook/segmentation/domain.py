"""Segmentation maths: value and risk scores, the value-risk quadrant, engagement-model fit,
expectation gaps, maturity stages and the alignment triangle.

Pure: no Django. Plain values in, frozen dataclasses out, every result carrying the inputs
and contributions that explain it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from partnerbook.core.marks import Text, gettext_noop, ngettext_noop, text

# --- configuration ------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoringConfig:
    """Weights and thresholds; an administrator edits them (stored in the database)."""

    # value weights
    spend_share_weight: float = 2.0
    criticality_weight: float = 3.0
    complexity_weight: float = 2.0
    innovation_weight: float = 1.5
    integration_weight: float = 2.0
    # a supplier holding this share of total spend (or more) gets full spend points
    spend_share_full_at: float = 0.10
    # risk weights
    financial_weight: float = 3.0
    single_source_weight: float = 2.5
    market_difficulty_weight: float = 2.0
    country_weight: float = 1.5
    ip_sensitivity_weight: float = 1.0
    regulatory_weight: float = 1.0
    incidents_weight: float = 2.0
    # this many serious incidents in twelve months (or more) give full incident points
    incidents_full_at: int = 3
    # quadrant cut-offs: a score at or above the cut-off counts as high
    value_cutoff: float = 50.0
    risk_cutoff: float = 50.0
    # engagement fit: below this spend share and at or below this complexity is "low/low"
    low_spend_share: float = 0.01
    low_complexity: int = 2
    # portfolio guidance
    strategic_top_share: float = 0.20
    max_strategic_per_category: int = 5


# --- scores -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Factors:
    """What is known about one supplier. None means not recorded yet (never zero)."""

    spend_share: float | None = None  # 0..1 of total portfolio spend
    criticality: int | None = None  # 1..5
    complexity: int | None = None  # 1..5
    innovation: int | None = None  # 1..5
    integration: int | None = None  # 1..5
    financial_health: int | None = None  # 1 very weak .. 5 strong
    single_source: bool | None = None  # True: no qualified backup
    market_difficulty: int | None = None  # 1..5
    country_risk: int | None = None  # 1..5
    ip_sensitivity: int | None = None  # 1..5
    regulatory_constraints: int | None = None  # 1..5
    serious_incidents: int | None = None  # count in the last twelve months


@dataclass(frozen=True)
class Contribution:
    """One factor's part in a score."""

    factor: str
    label: str
    raw: object  # the recorded value, for display
    weight: float
    normalised: float | None  # 0..1, None when missing
    points: float  # points added to the 0..100 score (0 when missing)

    @property
    def missing(self) -> bool:
        return self.normalised is None


@dataclass(frozen=True)
class Score:
    """A 0..100 score (None when nothing is known), its confidence and its explanation."""

    score: float | None
    confidence: float  # share of the total weight that had data, 0..1
    contributions: tuple[Contribution, ...]

    @property
    def missing(self) -> list[str]:
        return [c.label for c in self.contributions if c.missing]


VALUE_FACTORS: tuple[tuple[str, str, str], ...] = (
    # (factor, label, weight attribute)
    ("spend_share", gettext_noop("Share of total spend"), "spend_share_weight"),
    ("criticality", gettext_noop("Business criticality"), "criticality_weight"),
    ("complexity", gettext_noop("Complexity of what they supply"), "complexity_weight"),
    ("innovation", gettext_noop("Innovation contribution"), "innovation_weight"),
    (
        "integration",
        gettext_noop("Integration into our products and processes"),
        "integration_weight",
    ),
)
RISK_FACTORS: tuple[tuple[str, str, str], ...] = (
    ("financial_health", gettext_noop("Financial health"), "financial_weight"),
    ("single_source", gettext_noop("Single source (no qualified backup)"), "single_source_weight"),
    ("market_difficulty", gettext_noop("Supply-market difficulty"), "market_difficulty_weight"),
    ("country_risk", gettext_noop("Country / geographic risk"), "country_weight"),
    ("ip_sensitivity", gettext_noop("Intellectual-property sensitivity"), "ip_sensitivity_weight"),
    ("regulatory_constraints", gettext_noop("Regulatory constraints"), "regulatory_weight"),
    ("serious_incidents", gettext_noop("Serious incidents (12 months)"), "incidents_weight"),
)


def _scale_1_5(value: int) -> float:
    return (min(max(value, 1), 5) - 1) / 4


def _normalise(factor: str, value: object, config: ScoringConfig) -> float | None:
    """Map a recorded value to 0..1, where 1 means 'the most value' or 'the most risk'."""
    if value is None:
        return None
    if factor == "spend_share":
        assert isinstance(value, int | float)  # noqa: S101 - typed by Factors
        full = config.spend_share_full_at
        return min(max(float(value), 0.0) / full, 1.0) if full > 0 else 1.0
    if factor == "financial_health":
        assert isinstance(value, int)  # noqa: S101
        return 1.0 - _scale_1_5(value)  # weak finances are a high risk
    if factor == "single_source":
        return 1.0 if value else 0.0
    if factor == "serious_incidents":
        assert isinstance(value, int)  # noqa: S101
        full = max(config.incidents_full_at, 1)
        return min(max(value, 0) / full, 1.0)
    assert isinstance(value, int)  # noqa: S101
    return _scale_1_5(value)


def _score(
    factors: Factors, config: ScoringConfig, table: tuple[tuple[str, str, str], ...]
) -> Score:
    present_weight = 0.0
    total_weight = 0.0
    weighted = 0.0
    parts: list[tuple[str, str, object, float, float | None]] = []
    for factor, label, weight_name in table:
        weight = max(float(getattr(config, weight_name)), 0.0)
        raw = getattr(factors, factor)
        normalised = _normalise(factor, raw, config)
        total_weight += weight
        if normalised is not None:
            present_weight += weight
            weighted += weight * normalised
        parts.append((factor, label, raw, weight, normalised))
    if present_weight <= 0:
        contributions = tuple(Contribution(f, lbl, r, w, n, 0.0) for f, lbl, r, w, n in parts)
        return Score(None, 0.0, contributions)
    # Missing factors are left out of the average instead of counting as zero; they
    # lower the confidence instead.
    contributions = tuple(
        Contribution(f, lbl, r, w, n, 0.0 if n is None else 100.0 * w * n / present_weight)
        for f, lbl, r, w, n in parts
    )
    confidence = present_weight / total_weight if total_weight else 0.0
    return Score(round(100.0 * weighted / present_weight, 1), round(confidence, 3), contributions)


def value_score(factors: Factors, config: ScoringConfig) -> Score:
    """How much the supplier matters to us, 0..100."""
    return _score(factors, config, VALUE_FACTORS)


def risk_score(factors: Factors, config: ScoringConfig) -> Score:
    """How exposed we are through this supplier, 0..100."""
    return _score(factors, config, RISK_FACTORS)


# --- quadrant -----------------------------------------------------------------------------


class Quadrant(StrEnum):
    STRATEGIC = "strategic"
    OPERATIONAL = "operational"
    OPPORTUNISTIC = "opportunistic"
    AVOID = "avoid"


QUADRANT_LABELS = {
    Quadrant.STRATEGIC: gettext_noop("Strategic"),
    Quadrant.OPERATIONAL: gettext_noop("Operational"),
    Quadrant.OPPORTUNISTIC: gettext_noop("Opportunistic"),
    Quadrant.AVOID: gettext_noop("Avoid"),
}
QUADRANT_MEANING = {
    Quadrant.STRATEGIC: gettext_noop("High value, low risk: invest time and attention here."),
    Quadrant.OPERATIONAL: gettext_noop("Low value, low risk: keep it simple and efficient."),
    Quadrant.OPPORTUNISTIC: gettext_noop(
        "High value, high risk: keep the value, plan for the risk."
    ),
    Quadrant.AVOID: gettext_noop("Low value, high risk: reduce exposure or replace."),
}


@dataclass(frozen=True)
class Placement:
    """The computed quadrant (None when a score is unknown) and why."""

    value: Score
    risk: Score
    quadrant: Quadrant | None
    reason: str

    @property
    def confidence(self) -> float:
        return round(min(self.value.confidence, self.risk.confidence), 3)


def quadrant_for(value: float, risk: float, config: ScoringConfig) -> Quadrant:
    """Scores at or above their cut-off count as high."""
    high_value = value >= config.value_cutoff
    high_risk = risk >= config.risk_cutoff
    if high_value:
        return Quadrant.OPPORTUNISTIC if high_risk else Quadrant.STRATEGIC
    return Quadrant.AVOID if high_risk else Quadrant.OPERATIONAL


def place(factors: Factors, config: ScoringConfig) -> Placement:
    """Score both axes and place the supplier in the value-risk matrix."""
    value, risk = value_score(factors, config), risk_score(factors, config)
    if value.score is None or risk.score is None:
        missing_axis = "value" if value.score is None else "risk"
        return Placement(value, risk, None, f"No {missing_axis} factor is recorded yet.")
    quadrant = quadrant_for(value.score, risk.score, config)
    value_side = "high" if value.score >= config.value_cutoff else "low"
    risk_side = "high" if risk.score >= config.risk_cutoff else "low"
    reason = (
        f"Value {value.score:g} is {value_side} (cut-off {config.value_cutoff:g}) and "
        f"risk {risk.score:g} is {risk_side} (cut-off {config.risk_cutoff:g})."
    )
    return Placement(value, risk, quadrant, reason)


# --- engagement model ---------------------------------------------------------------------


class EngagementModel(StrEnum):
    TRANSACTIONAL = "transactional"
    PARTNERSHIP = "partnership"


# The models' names in a sentence (lower case, as the English has always shown them).
ENGAGEMENT_WORDS = {
    EngagementModel.TRANSACTIONAL.value: gettext_noop("transactional"),
    EngagementModel.PARTNERSHIP.value: gettext_noop("partnership"),
}


@dataclass(frozen=True)
class EngagementInputs:
    commodity: bool | None = None  # many interchangeable suppliers
    collaboration_willingness: int | None = None  # 1 unable/unwilling .. 5 eager
    supplier_is_competitor: bool | None = None
    regulation_mandates_distance: bool | None = None
    shared_risk_reward: bool | None = None


@dataclass(frozen=True)
class Reason:
    points_to: EngagementModel
    text: str
    decisive: bool = False  # on its own enough to keep the relationship transactional


@dataclass(frozen=True)
class EngagementFit:
    recommended: EngagementModel
    reasons: tuple[Reason, ...]
    summary: str

    def mismatch_with(self, chosen: str | None) -> bool:
        return bool(chosen) and chosen != self.recommended.value


def engagement_fit(
    factors: Factors, inputs: EngagementInputs, placement: Placement, config: ScoringConfig
) -> EngagementFit:
    """Recommend transactional or partnership, with every reason that applies.

    Partnership is not the default: a tie, or no reason at all, means transactional; any
    decisive reason (unwilling supplier, competitor, regulated distance) settles it.
    """
    t, p = EngagementModel.TRANSACTIONAL, EngagementModel.PARTNERSHIP
    reasons: list[Reason] = []
    if inputs.commodity:
        reasons.append(Reason(t, gettext_noop("Commodity with many interchangeable suppliers.")))
    if (
        factors.spend_share is not None
        and factors.complexity is not None
        and factors.spend_share < config.low_spend_share
        and factors.complexity <= config.low_complexity
    ):
        reasons.append(
            Reason(t, f"Low spend ({factors.spend_share:.1%}) and low complexity "
                      f"({factors.complexity}/5).")
        )  # fmt: skip
    if inputs.collaboration_willingness is not None and inputs.collaboration_willingness <= 2:
        reasons.append(
            Reason(t, gettext_noop("The supplier is unable or unwilling to collaborate."), True)
        )
    if factors.ip_sensitivity is not None and factors.ip_sensitivity >= 5:
        reasons.append(
            Reason(t, gettext_noop("Highly sensitive intellectual property is involved."))
        )
    if inputs.supplier_is_competitor:
        reasons.append(Reason(t, gettext_noop("The supplier is also a competitor."), True))
    if inputs.regulation_mandates_distance:
        reasons.append(
            Reason(t, gettext_noop("Regulation requires an arm's-length relationship."), True)
        )
    if placement.quadrant == Quadrant.STRATEGIC:
        reasons.append(Reason(p, gettext_noop("Strategic quadrant: high value at low risk.")))
    if factors.integration is not None and factors.integration >= 4:
        reasons.append(Reason(p, f"Deep integration into our products ({factors.integration}/5)."))
    if inputs.shared_risk_reward:
        reasons.append(Reason(p, gettext_noop("Risk and reward are shared (e.g. gain-share).")))

    counts = Counter(r.points_to for r in reasons)
    if any(r.decisive for r in reasons):
        recommended, summary = (
            t,
            gettext_noop("A decisive reason keeps this relationship transactional."),
        )
    elif counts[p] > counts[t]:
        recommended = p
        summary = f"{counts[p]} reason(s) for partnership against {counts[t]} for transactional."
    elif reasons:
        recommended = t
        summary = (
            f"{counts[t]} reason(s) for transactional against {counts[p]} for partnership; "
            "partnership needs the stronger case."
        )
    else:
        recommended, summary = (
            t,
            gettext_noop("No reason for a partnership is recorded: stay transactional."),
        )
    return EngagementFit(recommended, tuple(reasons), summary)


# --- expectations and maturity ------------------------------------------------------------


class Stage(StrEnum):
    TRANSACTIONAL = "transactional"
    COOPERATIVE = "cooperative"
    COLLABORATIVE = "collaborative"
    STRATEGIC = "strategic"


STAGES = list(Stage)
STAGE_LABELS = {
    Stage.TRANSACTIONAL: gettext_noop("Transactional"),
    Stage.COOPERATIVE: gettext_noop("Cooperative"),
    Stage.COLLABORATIVE: gettext_noop("Collaborative"),
    Stage.STRATEGIC: gettext_noop("Strategic"),
}
# What a relationship needs to show before it moves into each stage.
STAGE_REQUIREMENTS = {
    Stage.TRANSACTIONAL: gettext_noop(
        "Orders, prices and deliveries are agreed; each side minds itself."
    ),
    Stage.COOPERATIVE: gettext_noop(
        "Schedules, forecasts and basic requirements are shared openly."
    ),
    Stage.COLLABORATIVE: gettext_noop("Problems are solved jointly and risks are shared."),
    Stage.STRATEGIC: gettext_noop(
        "Long-term goals are aligned; both sides invest jointly and share rewards."
    ),
}


def next_stage(current: str | None) -> Stage | None:
    """The stage after `current` (None at the top)."""
    index = STAGES.index(Stage(current or Stage.TRANSACTIONAL))
    return STAGES[index + 1] if index + 1 < len(STAGES) else None


@dataclass(frozen=True)
class ExpectationGap:
    ours: Stage
    theirs: Stage
    distance: int  # stages between the two; positive when the supplier expects more
    flagged: bool
    suggestion: str


def expectation_gap(
    ours: str | None,
    theirs: str | None,
    our_importance: int | None = None,
    their_importance: int | None = None,
) -> ExpectationGap | None:
    """Compare what each side expects; more than one stage apart is flagged. None if unknown."""
    if not ours or not theirs:
        return None
    our_stage, their_stage = Stage(ours), Stage(theirs)
    distance = STAGES.index(their_stage) - STAGES.index(our_stage)
    flagged = abs(distance) > 1
    if distance > 0:
        suggestion = gettext_noop(
            "The supplier expects a closer relationship than we run. Meet at a higher "
            "management level to agree what the relationship should be, rather than leaving "
            "it to the day-to-day contacts."
        )
        if their_importance and our_importance and their_importance > our_importance:
            suggestion += " They also rate the relationship as more important than we do."
    elif distance < 0:
        suggestion = gettext_noop(
            "We expect more than the supplier does. Check whether they can and want to invest "
            "in the relationship, and what would make it worth it for them."
        )
    else:
        suggestion = gettext_noop("Both sides expect the same kind of relationship.")
    if not flagged and distance:
        suggestion = gettext_noop(
            "The two sides are one stage apart: worth a conversation, not yet a risk."
        )
    return ExpectationGap(our_stage, their_stage, distance, flagged, suggestion)


# --- alignment triangle -------------------------------------------------------------------

DIMENSIONS = ("goals", "values", "capabilities")


@dataclass(frozen=True)
class AlignmentReading:
    """One assessment's analysis: per-dimension averages, the weakest side, the biggest gap."""

    averages: dict[str, float]
    gaps: dict[str, int]
    weakest: str
    biggest_disagreement: str | None  # None when both sides agree everywhere


def analyse_alignment(ours: Mapping[str, int], theirs: Mapping[str, int]) -> AlignmentReading:
    """`ours` and `theirs` map each dimension to a 1..5 score."""
    averages = {d: (ours[d] + theirs[d]) / 2 for d in DIMENSIONS}
    gaps = {d: abs(ours[d] - theirs[d]) for d in DIMENSIONS}
    weakest = min(DIMENSIONS, key=lambda d: (averages[d], -gaps[d]))
    widest = max(DIMENSIONS, key=lambda d: gaps[d])
    return AlignmentReading(averages, gaps, weakest, widest if gaps[widest] > 0 else None)


# --- portfolio guidance -------------------------------------------------------------------


@dataclass(frozen=True)
class PortfolioRow:
    supplier_id: int
    name: str
    category: str | None
    spend: float | None  # in the reporting currency
    quadrant: Quadrant | None  # effective (overridden if overridden)
    recommended: EngagementModel
    chosen: str | None
    expectation_flagged: bool


@dataclass(frozen=True)
class GuidanceCheck:
    """One portfolio-level warning. `title` and `detail` are sentences (`str()` gives the
    English; pages translate them with `|translated`)."""

    code: str
    title: Text | str
    detail: Text | str
    supplier_ids: tuple[int, ...] = field(default_factory=tuple)
    url: str = ""  # a page with the whole list and the reasons, when there is one


def portfolio_guidance(rows: Sequence[PortfolioRow], config: ScoringConfig) -> list[GuidanceCheck]:
    """Portfolio-level warnings with the suppliers behind each. Informs; changes nothing."""
    checks: list[GuidanceCheck] = []
    strategic = [r for r in rows if r.quadrant == Quadrant.STRATEGIC]
    by_spend = sorted(
        (r for r in rows if r.spend is not None), key=lambda r: r.spend or 0.0, reverse=True
    )
    if by_spend and strategic:
        top_n = max(1, round(len(by_spend) * config.strategic_top_share))
        top_ids = {r.supplier_id for r in by_spend[:top_n]}
        outside = [r for r in strategic if r.supplier_id not in top_ids]
        if outside:
            checks.append(
                GuidanceCheck(
                    "strategic_outside_top",
                    ngettext_noop(
                        "%(count)s strategic supplier outside the top %(share)s%% by spend",
                        "%(count)s strategic suppliers outside the top %(share)s%% by spend",
                        len(outside),
                        share=round(config.strategic_top_share * 100),
                    ),
                    text(
                        gettext_noop(
                            "Deep partnership effort usually belongs to the top tenth to fifth "
                            "of the supplier base. Check that each of these earns it: %(names)s"
                        ),
                        names=", ".join(r.name for r in outside[:10])
                        + ("…" if len(outside) > 10 else "."),
                    ),
                    tuple(r.supplier_id for r in outside),
                )
            )
    per_category: dict[str, list[PortfolioRow]] = {}
    for r in strategic:
        per_category.setdefault(r.category or "No category", []).append(r)
    for category, members in sorted(per_category.items()):
        if len(members) > config.max_strategic_per_category:
            checks.append(
                GuidanceCheck(
                    "too_many_strategic",
                    ngettext_noop(
                        "%(count)s strategic supplier in %(category)s",
                        "%(count)s strategic suppliers in %(category)s",
                        len(members),
                        category=category,
                    ),
                    ngettext_noop(
                        "More than %(count)s strategic partner in one category dilutes the "
                        "attention each one gets.",
                        "More than %(count)s strategic partners in one category dilutes the "
                        "attention each one gets.",
                        config.max_strategic_per_category,
                    ),
                    tuple(r.supplier_id for r in members),
                )
            )
    mismatched = [r for r in rows if r.chosen and r.chosen != r.recommended.value]
    if mismatched:
        checks.append(
            GuidanceCheck(
                "model_mismatch",
                ngettext_noop(
                    "%(count)s supplier runs on another engagement model than recommended",
                    "%(count)s suppliers run on another engagement model than recommended",
                    len(mismatched),
                ),
                text(
                    "%(rows)s",
                    rows=[
                        text(
                            gettext_noop(
                                "%(name)s: chosen %(chosen)s, recommended %(recommended)s"
                            ),
                            name=r.name,
                            chosen=text(ENGAGEMENT_WORDS.get(r.chosen or "", r.chosen or "")),
                            recommended=text(ENGAGEMENT_WORDS[r.recommended.value]),
                        )
                        for r in mismatched[:10]
                    ],
                ),
                tuple(r.supplier_id for r in mismatched),
            )
        )
    gaps = [r for r in rows if r.expectation_flagged]
    if gaps:
        checks.append(
            GuidanceCheck(
                "expectation_gaps",
                ngettext_noop(
                    "%(count)s open expectation gap", "%(count)s open expectation gaps", len(gaps)
                ),
                text(
                    gettext_noop(
                        "The two sides expect relationships more than one stage apart: %(names)s"
                    ),
                    names=", ".join(r.name for r in gaps[:10]),
                ),
                tuple(r.supplier_id for r in gaps),
            )
        )
    return checks


def spend_shares(spends: Iterable[tuple[int, float | None]]) -> dict[int, float | None]:
    """Each supplier's share of the total known spend (None where its spend is unknown)."""
    items = list(spends)
    total = sum(s for _, s in items if s is not None and s > 0)
    return {
        pk: (None if s is None else (max(s, 0.0) / total if total > 0 else 0.0)) for pk, s in items
    }
