"""The portfolio review's pure rules: how a suggestion (invest, maintain or phase out) is
seeded from a supplier's inputs, the guard against too many strategic partners competing
for attention, and the 30-day getting-started plan's shape. No Django import: plain data
in, plain data out, every figure with the words that explain it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from partnerbook.core.marks import gettext_noop

INVEST = "invest"
MAINTAIN = "maintain"
PHASE_OUT = "phase_out"
DECISIONS: dict[str, str] = {
    INVEST: gettext_noop("Invest"),
    MAINTAIN: gettext_noop("Maintain"),
    PHASE_OUT: gettext_noop("Phase out"),
}

SCOPE_ALL = "all"
SCOPE_CATEGORY = "category"
SCOPE_OWNER = "owner"
SCOPE_SUPPLIERS = "suppliers"
SCOPES: dict[str, str] = {
    SCOPE_ALL: gettext_noop("The whole portfolio"),
    SCOPE_CATEGORY: gettext_noop("One category (with its sub-categories)"),
    SCOPE_OWNER: gettext_noop("One relationship owner's suppliers"),
    SCOPE_SUPPLIERS: gettext_noop("Hand-picked suppliers"),
}

OPEN = "open"
CLOSED = "closed"
STATUSES: dict[str, str] = {OPEN: gettext_noop("Open"), CLOSED: gettext_noop("Closed")}

MAX_TITLE = 200
MAX_REASON = 2000
MAX_NOTE = 5000
MAX_PICKED = 1000  # hand-picked suppliers in one round

# A suggestion is the sum of each input's points: this much or more suggests investing,
# this much or less suggests phasing out; anything between suggests maintaining.
INVEST_FROM = 2
PHASE_OUT_AT = -2

DEFAULT_LIMIT = 5  # the source material's "3-5 strategic partners per team", upper end
MIN_LIMIT = 1
MAX_LIMIT = 100

QUADRANT_POINTS: dict[str, int] = {
    "strategic": 2,
    "opportunistic": 1,
    "operational": 0,
    "avoid": -2,
}
QUADRANT_WORDS: dict[str, str] = {
    "strategic": "Strategic (high value, low risk): worth deeper partnership",
    "opportunistic": "Opportunistic (high value, high risk): worth investing to lower the risk",
    "operational": "Operational (low value, low risk): keep it efficient",
    "avoid": "Avoid (low value, high risk): reduce dependence",
}
LIGHT_POINTS: dict[str, int] = {"green": 1, "yellow": 0, "red": -1}


@dataclass(frozen=True)
class ReviewInputs:
    """What is known about one supplier when a review round starts. None: not known."""

    quadrant: str | None = None  # the effective quadrant (a manager's override wins)
    quadrant_overridden: bool = False
    recommended_model: str | None = None  # "partnership" or "transactional"
    chosen_model: str | None = None
    health_score: int | None = None
    health_light: str | None = None
    health_as_of: str = ""
    performance_score: float | None = None
    performance_light: str | None = None
    performance_period: str = ""
    roi: Decimal | None = None
    roi_explanation: str = ""
    economics_available: bool = True  # False: the economics feature is not installed


@dataclass(frozen=True)
class Reason:
    """One input's share of a suggestion: what was found and the points it added."""

    input: str  # quadrant, engagement_model, health, performance, economics
    label: str
    finding: str
    points: int
    missing: bool = False

    def as_dict(self) -> dict[str, object]:
        return {
            "input": self.input,
            "label": self.label,
            "finding": self.finding,
            "points": self.points,
            "missing": self.missing,
        }


@dataclass(frozen=True)
class Suggestion:
    """The seeded suggestion with every input's reason and how they add up."""

    decision: str
    points: int
    reasons: list[Reason]
    explanation: str


def _signed(points: int) -> str:
    return f"{points:+d}"


def quadrant_reason(inputs: ReviewInputs) -> Reason:
    if inputs.quadrant is None:
        return Reason(
            "quadrant",
            "Value-risk quadrant",
            "Not placed yet: no value or risk factor recorded.",
            0,
            missing=True,
        )
    words = QUADRANT_WORDS.get(inputs.quadrant, inputs.quadrant)
    if inputs.quadrant_overridden:
        words += " (set by a manager)"
    return Reason(
        "quadrant", "Value-risk quadrant", f"{words}.", QUADRANT_POINTS.get(inputs.quadrant, 0)
    )


def model_reason(inputs: ReviewInputs) -> Reason:
    label = "Engagement model"
    recommended, chosen = inputs.recommended_model, inputs.chosen_model
    if recommended is None:
        return Reason("engagement_model", label, "No recommendation yet.", 0, missing=True)
    if not chosen:
        if recommended == "partnership":
            return Reason(
                "engagement_model",
                label,
                "Partnership recommended but no model chosen yet: room to invest.",
                1,
            )
        return Reason(
            "engagement_model", label, "Transactional recommended, no model chosen yet.", 0
        )
    if recommended == chosen == "partnership":
        return Reason("engagement_model", label, "Partnership recommended and chosen.", 1)
    if recommended == chosen:
        return Reason("engagement_model", label, "Transactional recommended and chosen.", 0)
    if chosen == "partnership":
        return Reason(
            "engagement_model",
            label,
            "Run as a partnership although transactional is recommended: more "
            "relationship effort than the supplier calls for.",
            -1,
        )
    return Reason(
        "engagement_model",
        label,
        "Run as transactional although a partnership is recommended: it may deserve more.",
        1,
    )


def health_reason(inputs: ReviewInputs) -> Reason:
    label = "Relationship health"
    if inputs.health_score is None or not inputs.health_light:
        return Reason("health", label, "No health score yet (counted as 0).", 0, missing=True)
    when = f" on {inputs.health_as_of}" if inputs.health_as_of else ""
    return Reason(
        "health",
        label,
        f"{inputs.health_score} of 100, {inputs.health_light}{when}.",
        LIGHT_POINTS.get(inputs.health_light, 0),
    )


def performance_reason(inputs: ReviewInputs) -> Reason:
    label = "Performance"
    if inputs.performance_score is None or not inputs.performance_light:
        return Reason(
            "performance",
            label,
            "No scored quarter on the scorecard (counted as 0).",
            0,
            missing=True,
        )
    period = f"{inputs.performance_period}: " if inputs.performance_period else ""
    return Reason(
        "performance",
        label,
        f"{period}{inputs.performance_score:.0f} of 100, {inputs.performance_light}.",
        LIGHT_POINTS.get(inputs.performance_light, 0),
    )


def economics_reason(inputs: ReviewInputs) -> Reason:
    label = "Economics (ROI)"
    if not inputs.economics_available:
        return Reason(
            "economics",
            label,
            "Economics are not recorded in this installation (counted as 0).",
            0,
            missing=True,
        )
    if inputs.roi is None:
        why = f" {inputs.roi_explanation}" if inputs.roi_explanation else ""
        return Reason("economics", label, f"No ROI yet (counted as 0).{why}", 0, missing=True)
    pct = (inputs.roi * 100).quantize(Decimal("1"))
    detail = f" {inputs.roi_explanation}" if inputs.roi_explanation else ""
    if inputs.roi > 0:
        return Reason("economics", label, f"ROI {pct} %: the partnership pays off.{detail}", 1)
    if inputs.roi < 0:
        return Reason(
            "economics", label, f"ROI {pct} %: it costs more than it returns.{detail}", -1
        )
    return Reason("economics", label, f"ROI 0 %: it breaks even.{detail}", 0)


def suggest(inputs: ReviewInputs) -> Suggestion:
    """Invest, maintain or phase out: the sum of the five inputs' points (quadrant -2..+2,
    engagement model, health, performance and ROI -1..+1 each), against the cut-offs."""
    reasons = [
        quadrant_reason(inputs),
        model_reason(inputs),
        health_reason(inputs),
        performance_reason(inputs),
        economics_reason(inputs),
    ]
    points = sum(r.points for r in reasons)
    if points >= INVEST_FROM:
        decision, rule = INVEST, f"{_signed(points)} ≥ {_signed(INVEST_FROM)}"
    elif points <= PHASE_OUT_AT:
        decision, rule = PHASE_OUT, f"{_signed(points)} ≤ {_signed(PHASE_OUT_AT)}"
    else:
        decision = MAINTAIN
        rule = f"{_signed(points)} between {_signed(PHASE_OUT_AT)} and {_signed(INVEST_FROM)}"
    parts = " ".join(f"{r.label} {_signed(r.points)};" for r in reasons)
    missing = [r.label.lower() for r in reasons if r.missing]
    explanation = f"{parts} total {rule} → {DECISIONS[decision].lower()}."
    if missing:
        explanation += f" Not known yet: {', '.join(missing)}."
    return Suggestion(decision, points, reasons, explanation)


# --- the guard: too many strategic partners competing for attention -------------------------


@dataclass(frozen=True)
class AttentionRow:
    """One supplier of a round as the guard sees it."""

    supplier_id: int
    supplier: str
    owner: str  # the relationship owner's name; "" when nobody owns it
    quadrant: str | None
    model: str | None  # the engagement model chosen (else the recommended one)
    decision: str  # "" while undecided


def attention_reason(row: AttentionRow) -> str | None:
    """Why this supplier counts as a strategic partner competing for attention (None: it
    does not): a partnership with an invest decision, or a partnership in the strategic
    quadrant (decided or not, unless it is being phased out)."""
    if row.model != "partnership" or row.decision == PHASE_OUT:
        return None
    if row.decision == INVEST:
        return "invest decision on a partnership"
    if row.quadrant == "strategic":
        return "partnership in the strategic quadrant"
    return None


@dataclass(frozen=True)
class GuardWarning:
    who: str  # an owner's name, "No owner", or "The team"
    count: int
    limit: int
    suppliers: list[str]
    message: str


@dataclass(frozen=True)
class Guard:
    counted: dict[int, str]  # supplier id -> why it counts
    per_owner: dict[str, int]
    total: int
    owner_limit: int
    team_limit: int
    warnings: list[GuardWarning] = field(default_factory=list)
    explanation: str = ""


NO_OWNER = "No owner"


def attention_guard(rows: Iterable[AttentionRow], owner_limit: int, team_limit: int) -> Guard:
    """Count the strategic partners per relationship owner and in total, and warn where a
    count is above its limit. Informs only: it never changes a decision."""
    counted: dict[int, str] = {}
    names: dict[str, list[str]] = {}
    for row in rows:
        why = attention_reason(row)
        if why is None:
            continue
        counted[row.supplier_id] = why
        names.setdefault(row.owner or NO_OWNER, []).append(row.supplier)
    per_owner = {owner: len(found) for owner, found in sorted(names.items())}
    total = sum(per_owner.values())
    warnings = []
    for owner, found in sorted(names.items()):
        if len(found) > owner_limit:
            warnings.append(
                GuardWarning(
                    owner,
                    len(found),
                    owner_limit,
                    sorted(found),
                    f"{owner} looks after {len(found)} strategic partners; more than "
                    f"{owner_limit} dilutes the attention each one gets.",
                )
            )
    if total > team_limit:
        everyone = sorted(n for found in names.values() for n in found)
        warnings.append(
            GuardWarning(
                "The team",
                total,
                team_limit,
                everyone,
                f"The team has {total} strategic partners; the guideline is a handful "
                f"(limit {team_limit}). Consider which ones to maintain rather than invest in.",
            )
        )
    explanation = (
        "Counted: partnerships with an invest decision, and partnerships in the strategic "
        f"quadrant not being phased out. Limits: {owner_limit} per relationship owner, "
        f"{team_limit} for the team."
    )
    return Guard(counted, per_owner, total, owner_limit, team_limit, warnings, explanation)


# --- progress -----------------------------------------------------------------------------


def progress_text(decided: int, total: int) -> str:
    return f"{decided} of {total} decided"


# --- the 30-day getting-started plan -------------------------------------------------------


@dataclass(frozen=True)
class PlanItem:
    """One item of the 30-day plan as the data shows it."""

    key: str
    week: int
    title: str
    ok: bool
    evidence: str  # what was found, or what is missing
    url: str = ""
    link_label: str = ""


@dataclass(frozen=True)
class PlanWeek:
    week: int
    title: str
    items: list[PlanItem]

    @property
    def done(self) -> bool:
        return all(item.ok for item in self.items)


WEEK_TITLES: dict[int, str] = {
    1: gettext_noop("Define what a partner must be"),
    2: gettext_noop("Review the portfolio"),
    3: gettext_noop("Run one partner through the playbook"),
    4: gettext_noop("Set that partner's rhythm and measures"),
}


def plan_weeks(items: Sequence[PlanItem]) -> list[PlanWeek]:
    """The items grouped into the four weeks, in order."""
    return [
        PlanWeek(week, title, [i for i in items if i.week == week])
        for week, title in WEEK_TITLES.items()
    ]


def next_step(weeks: Sequence[PlanWeek]) -> PlanItem | None:
    """The first item not done yet: where a new team should begin."""
    for week in weeks:
        for item in week.items:
            if not item.ok:
                return item
    return None
