"""Rules of collaboration practices, over plain values (no Django).

Every practice works in some contexts and backfires in others. `check_practice` looks at
the context of one practice (who attends, the supplier's segmentation, the agreements on
record) and returns what it found, each finding with its reason:

- a *refusal* blocks saving the practice (e.g. roadmap sharing without a mutual NDA);
- a *warning* is shown beside the practice and never blocks anything;
- a *hint* is friendly advice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# --- vocabulary -----------------------------------------------------------------------------

JOINT_PROBLEM_SOLVING = "joint_problem_solving"
EMBEDDED_ENGINEER = "embedded_engineer"
ROADMAP_SHARING = "roadmap_sharing"
SHARED_RISK_REWARD = "shared_risk_reward"
INFORMAL_CHECKINS = "informal_checkins"
SITE_VISITS = "site_visits"

PRACTICE_CHOICES: list[tuple[str, str]] = [
    (JOINT_PROBLEM_SOLVING, "Joint problem-solving sessions"),
    (EMBEDDED_ENGINEER, "Embedded or co-located engineer"),
    (ROADMAP_SHARING, "Roadmap sharing"),
    (SHARED_RISK_REWARD, "Shared risk-reward"),
    (INFORMAL_CHECKINS, "Informal check-ins"),
    (SITE_VISITS, "Rotating site visits"),
]
PRACTICE_KINDS = tuple(key for key, _ in PRACTICE_CHOICES)

# What each practice is for, and where it backfires (shown on the page and in the API).
PRACTICE_RULES: dict[str, str] = {
    JOINT_PROBLEM_SOLVING: "Sessions turn into endless meetings when nobody in the room can "
    "decide: each side should bring someone at executive or management level.",
    EMBEDDED_ENGINEER: "Expensive: kept for high-value, complex components (value at or above "
    "the cut-off, or a strategic or opportunistic supplier, and complexity 4 or 5).",
    ROADMAP_SHARING: "Only under a mutual NDA on record, never with a supplier that is also a "
    "competitor, and not when IP sensitivity is at its highest (5).",
    SHARED_RISK_REWARD: "Needs a shared risk-reward arrangement (e.g. a gain-share) and a "
    "partnership, not a transactional relationship.",
    INFORMAL_CHECKINS: "No context rule.",
    SITE_VISITS: "No context rule.",
}

MUTUAL_NDA = "mutual_nda"
ONE_WAY_NDA = "one_way_nda"
FRAMEWORK = "framework"
OTHER = "other"
AGREEMENT_CHOICES: list[tuple[str, str]] = [
    (MUTUAL_NDA, "Mutual NDA"),
    (ONE_WAY_NDA, "One-way NDA"),
    (FRAMEWORK, "Framework agreement"),
    (OTHER, "Other agreement"),
]
AGREEMENT_KINDS = tuple(key for key, _ in AGREEMENT_CHOICES)

DECISION_LEVELS = frozenset({"executive", "management"})
HIGH_VALUE_QUADRANTS = frozenset({"strategic", "opportunistic"})
MIN_EMBEDDED_COMPLEXITY = 4
HIGHEST_IP_SENSITIVITY = 5


# --- inputs ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attendee:
    """A contact who attends the practice's sessions: their side and level."""

    side: str  # "ours" or "supplier"
    level: str  # "executive", "management" or "operational"
    name: str = ""


@dataclass(frozen=True)
class AgreementFacts:
    kind: str
    signed_on: dt.date | None
    expires_on: dt.date | None = None
    archived: bool = False
    reference: str = ""


@dataclass(frozen=True)
class SegmentationFacts:
    """What segmentation knows about the supplier (None: not recorded)."""

    value_score: float | None = None
    value_cutoff: float = 50.0
    quadrant: str | None = None  # effective: an override wins
    complexity: int | None = None
    ip_sensitivity: int | None = None
    supplier_is_competitor: bool | None = None
    shared_risk_reward: bool | None = None
    engagement_model: str | None = None  # chosen, else recommended
    engagement_model_chosen: bool = False


@dataclass(frozen=True)
class PracticeContext:
    kind: str
    as_of: dt.date
    attendees: tuple[Attendee, ...] = ()
    agreements: tuple[AgreementFacts, ...] = ()
    segmentation: SegmentationFacts = field(default_factory=SegmentationFacts)


# --- results --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    code: str
    message: str


@dataclass(frozen=True)
class Checks:
    """What the context checks of one practice found."""

    kind: str
    rule: str
    refusals: tuple[Finding, ...] = ()
    warnings: tuple[Finding, ...] = ()
    hints: tuple[Finding, ...] = ()

    @property
    def allowed(self) -> bool:
        return not self.refusals


# --- agreements -----------------------------------------------------------------------------


def agreement_dates_error(signed_on: dt.date | None, expires_on: dt.date | None) -> str | None:
    """Why these dates cannot stand together (None: they can)."""
    if signed_on is not None and expires_on is not None and expires_on <= signed_on:
        return "The expiry date must be after the signing date."
    return None


def on_record(agreement: AgreementFacts, day: dt.date) -> bool:
    """Signed on or before `day`, not expired on `day`, not archived."""
    if agreement.archived or agreement.signed_on is None or agreement.signed_on > day:
        return False
    return agreement.expires_on is None or agreement.expires_on > day


def agreement_status(agreement: AgreementFacts, day: dt.date) -> str:
    """'archived', 'not yet signed', 'expired' or 'on record' on `day`."""
    if agreement.archived:
        return "archived"
    if agreement.signed_on is None or agreement.signed_on > day:
        return "not yet signed"
    if agreement.expires_on is not None and agreement.expires_on <= day:
        return "expired"
    return "on record"


def mutual_nda_on(agreements: tuple[AgreementFacts, ...], day: dt.date) -> AgreementFacts | None:
    """A mutual NDA on record on `day`, the one running longest (None: there is none)."""
    valid = [a for a in agreements if a.kind == MUTUAL_NDA and on_record(a, day)]
    if not valid:
        return None
    return max(valid, key=lambda a: a.expires_on or dt.date.max)


def practice_dates_error(started_on: dt.date | None, ended_on: dt.date | None) -> str | None:
    if started_on is not None and ended_on is not None and ended_on < started_on:
        return "A practice cannot end before it started."
    return None


# --- the rules ------------------------------------------------------------------------------


def _joint_problem_solving(ctx: PracticeContext) -> list[tuple[str, Finding]]:
    found: list[tuple[str, Finding]] = []
    for side, label in (("ours", "our side"), ("supplier", "the supplier's side")):
        people = [a for a in ctx.attendees if a.side == side]
        if any(a.level in DECISION_LEVELS for a in people):
            continue
        who = (
            f"only {', '.join(a.name or a.level for a in people)} at operational level"
            if people
            else "nobody recorded"
        )
        found.append(
            (
                "warning",
                Finding(
                    f"no_decision_maker_{side}",
                    f"No decision-maker attends from {label} ({who}): sessions without "
                    "someone at executive or management level tend to drag on without "
                    "decisions.",
                ),
            )
        )
    if ctx.segmentation.supplier_is_competitor:
        found.append(
            (
                "hint",
                Finding(
                    "competitor_scope",
                    "The supplier is also a competitor: keep sessions to non-core topics.",
                ),
            )
        )
    return found


def _embedded_engineer(ctx: PracticeContext) -> list[tuple[str, Finding]]:
    seg = ctx.segmentation
    found: list[tuple[str, Finding]] = []
    if seg.value_score is None and seg.quadrant is None:
        found.append(
            (
                "warning",
                Finding(
                    "value_unknown",
                    "Cannot check that the supplier is high-value: no value score or "
                    "quadrant is recorded in its segmentation.",
                ),
            )
        )
    else:
        by_score = seg.value_score is not None and seg.value_score >= seg.value_cutoff
        by_quadrant = seg.quadrant in HIGH_VALUE_QUADRANTS
        if not (by_score or by_quadrant):
            score = "unknown" if seg.value_score is None else f"{seg.value_score:g}"
            found.append(
                (
                    "warning",
                    Finding(
                        "low_value",
                        f"Not a high-value supplier: value score {score} is below the "
                        f"cut-off {seg.value_cutoff:g} and the quadrant is "
                        f"{seg.quadrant or 'not placed'}. An embedded engineer is expensive.",
                    ),
                )
            )
    if seg.complexity is None:
        found.append(
            (
                "warning",
                Finding(
                    "complexity_unknown",
                    "Cannot check that the components are complex: complexity is not "
                    "recorded in the segmentation.",
                ),
            )
        )
    elif seg.complexity < MIN_EMBEDDED_COMPLEXITY:
        found.append(
            (
                "warning",
                Finding(
                    "low_complexity",
                    f"Complexity is {seg.complexity} of 5: an embedded engineer pays off for "
                    f"complex components ({MIN_EMBEDDED_COMPLEXITY} or more).",
                ),
            )
        )
    return found


def _roadmap_sharing(ctx: PracticeContext) -> list[tuple[str, Finding]]:
    seg = ctx.segmentation
    found: list[tuple[str, Finding]] = []
    nda = mutual_nda_on(ctx.agreements, ctx.as_of)
    if nda is None:
        mutual = [a for a in ctx.agreements if a.kind == MUTUAL_NDA and not a.archived]
        detail = (
            "the mutual NDA on file is "
            + ", ".join(sorted({agreement_status(a, ctx.as_of) for a in mutual}))
            if mutual
            else "none is recorded"
        )
        found.append(
            (
                "refusal",
                Finding(
                    "no_mutual_nda",
                    f"Roadmaps are shared only under a mutual NDA on record on "
                    f"{ctx.as_of.isoformat()}; {detail}.",
                ),
            )
        )
    if seg.supplier_is_competitor:
        found.append(
            (
                "refusal",
                Finding(
                    "supplier_is_competitor",
                    "The supplier is also a competitor (segmentation): sharing our roadmap "
                    "could reach a rival.",
                ),
            )
        )
    elif seg.supplier_is_competitor is None:
        found.append(
            (
                "warning",
                Finding(
                    "competitor_unknown",
                    "Whether the supplier is also a competitor is not recorded in the "
                    "segmentation: check before sharing.",
                ),
            )
        )
    if seg.ip_sensitivity is not None and seg.ip_sensitivity >= HIGHEST_IP_SENSITIVITY:
        found.append(
            (
                "refusal",
                Finding(
                    "ip_sensitivity_highest",
                    f"IP sensitivity is {seg.ip_sensitivity} of 5 (the highest): the roadmap "
                    "stays in-house.",
                ),
            )
        )
    elif seg.ip_sensitivity is None:
        found.append(
            (
                "warning",
                Finding(
                    "ip_sensitivity_unknown",
                    "IP sensitivity is not recorded in the segmentation: check before sharing.",
                ),
            )
        )
    return found


def _shared_risk_reward(ctx: PracticeContext) -> list[tuple[str, Finding]]:
    seg = ctx.segmentation
    found: list[tuple[str, Finding]] = []
    if seg.shared_risk_reward is None:
        found.append(
            (
                "warning",
                Finding(
                    "risk_reward_not_set",
                    "The segmentation does not say whether risk and reward are shared: "
                    "record it before relying on this practice.",
                ),
            )
        )
    elif not seg.shared_risk_reward:
        found.append(
            (
                "warning",
                Finding(
                    "risk_reward_not_shared",
                    "The segmentation says risk and reward are not shared with this supplier.",
                ),
            )
        )
    if seg.engagement_model == "transactional":
        how = "chosen" if seg.engagement_model_chosen else "recommended"
        found.append(
            (
                "warning",
                Finding(
                    "transactional",
                    f"The engagement model {how} for this supplier is transactional: sharing "
                    "risk and reward needs a partnership and a high level of trust.",
                ),
            )
        )
    return found


def _informal_checkins(ctx: PracticeContext) -> list[tuple[str, Finding]]:
    return [
        (
            "hint",
            Finding(
                "keep_it_light",
                "No context rule for this practice. Keep them short and without an agenda; "
                "log them as informal check-ins on the Relationship tab.",
            ),
        )
    ]


def _site_visits(ctx: PracticeContext) -> list[tuple[str, Finding]]:
    return [
        (
            "hint",
            Finding(
                "rotate_people",
                "No context rule for this practice. Rotate who visits so that people meet "
                "on several levels, not only the usual pair.",
            ),
        )
    ]


_RULES = {
    JOINT_PROBLEM_SOLVING: _joint_problem_solving,
    EMBEDDED_ENGINEER: _embedded_engineer,
    ROADMAP_SHARING: _roadmap_sharing,
    SHARED_RISK_REWARD: _shared_risk_reward,
    INFORMAL_CHECKINS: _informal_checkins,
    SITE_VISITS: _site_visits,
}


def check_practice(ctx: PracticeContext) -> Checks:
    """The context checks of one practice (see the module docstring)."""
    if ctx.kind not in _RULES:
        raise ValueError(f"unknown practice kind {ctx.kind!r}")
    found = _RULES[ctx.kind](ctx)
    return Checks(
        kind=ctx.kind,
        rule=PRACTICE_RULES[ctx.kind],
        refusals=tuple(f for severity, f in found if severity == "refusal"),
        warnings=tuple(f for severity, f in found if severity == "warning"),
        hints=tuple(f for severity, f in found if severity == "hint"),
    )


def check_day(started_on: dt.date | None, ended_on: dt.date | None, today: dt.date) -> dt.date:
    """The day a practice's context is judged on: its end for an ended practice, otherwise
    today or its start when that lies ahead."""
    if ended_on is not None:
        return ended_on
    if started_on is not None and started_on > today:
        return started_on
    return today
