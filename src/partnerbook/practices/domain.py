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

from partnerbook.core.marks import gettext_noop

# --- vocabulary -----------------------------------------------------------------------------

JOINT_PROBLEM_SOLVING = "joint_problem_solving"
EMBEDDED_ENGINEER = "embedded_engineer"
ROADMAP_SHARING = "roadmap_sharing"
SHARED_RISK_REWARD = "shared_risk_reward"
INFORMAL_CHECKINS = "informal_checkins"
SITE_VISITS = "site_visits"

PRACTICE_CHOICES: list[tuple[str, str]] = [
    (JOINT_PROBLEM_SOLVING, gettext_noop("Joint problem-solving sessions")),
    (EMBEDDED_ENGINEER, gettext_noop("Embedded or co-located engineer")),
    (ROADMAP_SHARING, gettext_noop("Roadmap sharing")),
    (SHARED_RISK_REWARD, gettext_noop("Shared risk-reward")),
    (INFORMAL_CHECKINS, gettext_noop("Informal check-ins")),
    (SITE_VISITS, gettext_noop("Rotating site visits")),
]
PRACTICE_KINDS = tuple(key for key, _ in PRACTICE_CHOICES)

# What each practice is for, and where it backfires (shown on the page and in the API).
PRACTICE_RULES: dict[str, str] = {
    JOINT_PROBLEM_SOLVING: gettext_noop(
        "Sessions turn into endless meetings when nobody in the room can decide: each side should"
        " bring someone at executive or management level."
    ),
    EMBEDDED_ENGINEER: gettext_noop(
        "Expensive: kept for high-value, complex components (value at or above the cut-off, or a "
        "strategic or opportunistic supplier, and complexity 4 or 5)."
    ),
    ROADMAP_SHARING: gettext_noop(
        "Only under a mutual NDA on record, never with a supplier that is also a competitor, and "
        "not when IP sensitivity is at its highest (5)."
    ),
    SHARED_RISK_REWARD: gettext_noop(
        "Needs a shared risk-reward arrangement (e.g. a gain-share) and a partnership, not a "
        "transactional relationship."
    ),
    INFORMAL_CHECKINS: gettext_noop("No context rule."),
    SITE_VISITS: gettext_noop("No context rule."),
}

MUTUAL_NDA = "mutual_nda"
ONE_WAY_NDA = "one_way_nda"
SUPPLY = "supply"
FRAMEWORK = "framework"
OTHER = "other"
AGREEMENT_CHOICES: list[tuple[str, str]] = [
    (MUTUAL_NDA, gettext_noop("Mutual NDA")),
    (ONE_WAY_NDA, gettext_noop("One-way NDA")),
    (SUPPLY, gettext_noop("Supply or service agreement")),
    (FRAMEWORK, gettext_noop("Framework agreement")),
    (OTHER, gettext_noop("Other agreement")),
]
AGREEMENT_KINDS = tuple(key for key, _ in AGREEMENT_CHOICES)
NDA_KINDS = frozenset({MUTUAL_NDA, ONE_WAY_NDA})
# Kinds that are contracts (not NDAs): a template applies to them, and the supply agreement
# must have one.
CONTRACT_KINDS = tuple(k for k in AGREEMENT_KINDS if k not in NDA_KINDS)
TEMPLATE_REQUIRED_KINDS = frozenset({SUPPLY})

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
    renewal_notice_days: int | None = None
    legal_reviewed_on: dt.date | None = None
    legal_reviewer: str = ""
    template: str = ""


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
        return gettext_noop("archived")
    if agreement.signed_on is None or agreement.signed_on > day:
        return gettext_noop("not yet signed")
    if agreement.expires_on is not None and agreement.expires_on <= day:
        return gettext_noop("expired")
    return gettext_noop("on record")


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


# --- contracts: templates, sections, escalation path, renewal -------------------------------
#
# A contract (any agreement that is not an NDA) follows a template chosen by how the
# relationship is run: a transactional contract keeps to what is delivered and paid; a
# collaborative one adds how the two sides work and settle problems; a strategic one adds
# what they build and share together.

TRANSACTIONAL = "transactional"
COLLABORATIVE = "collaborative"
STRATEGIC = "strategic"
TEMPLATE_CHOICES: list[tuple[str, str]] = [
    (TRANSACTIONAL, gettext_noop("Transactional")),
    (COLLABORATIVE, gettext_noop("Collaborative")),
    (STRATEGIC, gettext_noop("Strategic")),
]
TEMPLATES = tuple(key for key, _ in TEMPLATE_CHOICES)

# Every section of a contract: (field, label, what it says).
SECTIONS: list[tuple[str, str, str]] = [
    (
        "scope",
        gettext_noop("Scope"),
        gettext_noop("What the agreement covers and what it leaves out."),
    ),
    (
        "deliverables",
        gettext_noop("Deliverables"),
        gettext_noop("What the supplier delivers, in what quantities."),
    ),
    (
        "payment_terms",
        gettext_noop("Payment terms"),
        gettext_noop("When and how we pay (e.g. 60 days after invoice)."),
    ),
    (
        "pricing_model",
        gettext_noop("Pricing model"),
        gettext_noop("Fixed price, unit rates, cost plus, index-linked..."),
    ),
    (
        "service_levels",
        gettext_noop("Service levels"),
        gettext_noop("The levels the supplier commits to, and how measured."),
    ),
    (
        "performance_guarantees",
        gettext_noop("Performance guarantees"),
        gettext_noop("What happens when service levels are missed (credits, penalties, remedies)."),
    ),
    (
        "escalation_path",
        gettext_noop("Escalation path"),
        gettext_noop("Who settles a problem at each level, and how fast."),
    ),
    (
        "dispute_resolution",
        gettext_noop("Dispute resolution"),
        gettext_noop("Mediation, arbitration, the courts."),
    ),
    (
        "termination",
        gettext_noop("Termination"),
        gettext_noop("How either side may end the agreement, and with what notice."),
    ),
    (
        "ip_terms",
        gettext_noop("Intellectual property"),
        gettext_noop("Who owns what is made, background and foreground IP."),
    ),
    (
        "joint_investment",
        gettext_noop("Joint investment"),
        gettext_noop("What each side puts in (tooling, people, money)."),
    ),
    (
        "gain_sharing",
        gettext_noop("Revenue or gain sharing"),
        gettext_noop("How savings, gains or revenue are shared, in what proportions."),
    ),
]
SECTION_KEYS = tuple(key for key, _, _ in SECTIONS)
SECTION_LABELS = {key: label for key, label, _ in SECTIONS}
TEXT_SECTIONS = tuple(key for key in SECTION_KEYS if key != "escalation_path")

SECTION_GROUPS: list[tuple[str, tuple[str, ...]]] = [
    (gettext_noop("Scope and delivery"), ("scope", "deliverables")),
    (gettext_noop("Price and payment"), ("payment_terms", "pricing_model")),
    (gettext_noop("Service and performance"), ("service_levels", "performance_guarantees")),
    (
        gettext_noop("Problems and the way out"),
        ("escalation_path", "dispute_resolution", "termination"),
    ),
    (gettext_noop("Partnership terms"), ("ip_terms", "joint_investment", "gain_sharing")),
]
assert sorted(k for _, keys in SECTION_GROUPS for k in keys) == sorted(SECTION_KEYS)  # noqa: S101

_TRANSACTIONAL_SECTIONS = ("scope", "deliverables", "payment_terms", "termination")
_COLLABORATIVE_SECTIONS = (
    *_TRANSACTIONAL_SECTIONS,
    "service_levels",
    "escalation_path",
    "performance_guarantees",
    "dispute_resolution",
)
_STRATEGIC_SECTIONS = (*_COLLABORATIVE_SECTIONS, "ip_terms", "joint_investment", "gain_sharing")
TEMPLATE_SECTIONS: dict[str, tuple[str, ...]] = {
    TRANSACTIONAL: _TRANSACTIONAL_SECTIONS,
    COLLABORATIVE: _COLLABORATIVE_SECTIONS,
    STRATEGIC: _STRATEGIC_SECTIONS,
}
TEMPLATE_PURPOSE = {
    TRANSACTIONAL: "keeps to what is delivered and how it is paid",
    COLLABORATIVE: "adds service levels, an escalation path, performance guarantees and "
    "dispute resolution",
    STRATEGIC: "adds intellectual property, joint investment and revenue or gain sharing",
}

MAX_ESCALATION_LEVELS = 5
MAX_TIME_BOX_DAYS = 365
MAX_NOTICE_DAYS = 3650
RENEWAL_ALERT_DAYS = 30
STAGE_ORDER = ("transactional", "cooperative", "collaborative", "strategic")


def required_sections(template: str) -> tuple[str, ...]:
    """The sections a contract of `template` must fill ('' or unknown: none)."""
    return TEMPLATE_SECTIONS.get(template, ())


def missing_sections(template: str, values: dict[str, object]) -> list[str]:
    """The required sections of `template` left empty in `values` (in section order)."""
    return [key for key in required_sections(template) if not values.get(key)]


def missing_section_message(template: str, key: str) -> str:
    label = dict(TEMPLATE_CHOICES).get(template, template).lower()
    return f"{SECTION_LABELS[key]} is required by the {label} template."


def suggest_template(engagement_model: str | None, maturity_stage: str | None) -> tuple[str, str]:
    """The contract template that fits how the relationship is run, and why.

    Transactional (or not decided) engagement: a transactional contract whatever the stage.
    Partnership: strategic once the relationship has reached the strategic stage, otherwise
    collaborative."""
    stage = maturity_stage or "transactional"
    stage_text = f"maturity stage {stage}"
    if engagement_model != "partnership":
        model_text = (
            "engagement model transactional"
            if engagement_model == "transactional"
            else "no engagement model recorded"
        )
        why = (
            f"Transactional: {model_text} and {stage_text}. A contract that "
            f"{TEMPLATE_PURPOSE[TRANSACTIONAL]} fits a relationship run at arm's length."
        )
        if stage in ("collaborative", "strategic"):
            why += (
                " The relationship has grown further than the engagement model says: "
                "review the engagement model in the segmentation before adding more terms."
            )
        return TRANSACTIONAL, why
    if stage == "strategic":
        return STRATEGIC, (
            f"Strategic: engagement model partnership and {stage_text}. A contract that "
            f"{TEMPLATE_PURPOSE[STRATEGIC]} fits partners who build things together."
        )
    return COLLABORATIVE, (
        f"Collaborative: engagement model partnership and {stage_text}. A contract that "
        f"{TEMPLATE_PURPOSE[COLLABORATIVE]} fits a partnership that has not reached the "
        "strategic stage yet."
    )


@dataclass(frozen=True)
class EscalationLevel:
    """One level of an escalation path: who settles the issue there, within how many days."""

    level: int
    who: str
    time_box_days: int

    def as_dict(self) -> dict[str, object]:
        return {"level": self.level, "who": self.who, "time_box_days": self.time_box_days}


def check_escalation_path(raw: object) -> tuple[tuple[EscalationLevel, ...], str | None]:
    """The levels of an escalation path given as a list of {level, who, time_box_days}, or
    why it cannot stand: levels numbered 1, 2, 3... in order, at most five, someone named at
    each, and a time box of 1 to 365 days."""
    if raw is None or raw == "":
        return (), None
    if not isinstance(raw, list):
        return (), "Give the escalation path as a list of levels."
    if len(raw) > MAX_ESCALATION_LEVELS:
        return (), f"An escalation path has at most {MAX_ESCALATION_LEVELS} levels."
    levels: list[EscalationLevel] = []
    for position, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            return (), f"Level {position}: give level, who and time_box_days."
        level, who, days = item.get("level"), item.get("who"), item.get("time_box_days")
        if isinstance(level, bool) or not isinstance(level, int) or level != position:
            return (), (
                f"Levels must be numbered 1, 2, 3... in order; found {level!r} at "
                f"position {position}."
            )
        if not isinstance(who, str) or not who.strip() or len(who) > 200:
            return (), f"Level {position}: say who settles the issue (up to 200 characters)."
        if (
            isinstance(days, bool)
            or not isinstance(days, int)
            or not 1 <= days <= MAX_TIME_BOX_DAYS
        ):
            return (), (
                f"Level {position}: the time box is a whole number of days from 1 to "
                f"{MAX_TIME_BOX_DAYS}."
            )
        levels.append(EscalationLevel(level, who.strip(), days))
    return tuple(levels), None


def parse_escalation_text(text: str) -> tuple[list[dict[str, object]], str | None]:
    """'1:Buyer:5; 2:Category manager:10' (levels separated by ';' or new lines) as a list
    of levels, or why it cannot be read. Not checked further: see check_escalation_path."""
    levels: list[dict[str, object]] = []
    parts = [p.strip() for p in text.replace("\n", ";").split(";")]
    for part in (p for p in parts if p):
        level, sep, rest = part.partition(":")
        who, sep2, days = rest.rpartition(":")
        if not sep or not sep2 or not level.strip().isdigit() or not days.strip().isdigit():
            return [], (
                f"Cannot read '{part[:60]}': write each level as level:who:days, e.g. "
                "1:Buyer:5; 2:Category manager:10."
            )
        levels.append({"level": int(level), "who": who.strip(), "time_box_days": int(days)})
    return levels, None


def escalation_text(levels: list[dict[str, object]] | None) -> str:
    """The escalation path written as parse_escalation_text reads it."""
    return "; ".join(
        f"{lv.get('level')}:{lv.get('who')}:{lv.get('time_box_days')}" for lv in levels or []
    )


def notice_date(expires_on: dt.date | None, renewal_notice_days: int | None) -> dt.date | None:
    """The last day to give notice (renew or end): the end date less the notice period, or
    the end date itself without one. None for an open-ended agreement."""
    if expires_on is None:
        return None
    return expires_on - dt.timedelta(days=renewal_notice_days or 0)


@dataclass(frozen=True)
class Renewal:
    """Where an agreement stands towards its renewal on a day, and why."""

    state: str  # open-ended, archived, expired, not due, due soon, notice passed
    label: str
    notice_on: dt.date | None
    days_left: int | None  # days until the notice date (negative: passed)
    alert: bool
    reason: str


def renewal(agreement: AgreementFacts, day: dt.date) -> Renewal:
    """The renewal status of an agreement on `day`. An alert is due from RENEWAL_ALERT_DAYS
    days before the notice date until the agreement ends (or is archived or extended)."""
    notice_on = notice_date(agreement.expires_on, agreement.renewal_notice_days)
    if agreement.archived:
        return Renewal("archived", "archived", notice_on, None, False, "The agreement is archived.")
    if agreement.expires_on is None or notice_on is None:
        return Renewal(
            "open_ended", "open-ended", None, None, False, "The agreement has no end date."
        )
    left = (notice_on - day).days
    period = (
        f"{agreement.renewal_notice_days} days' notice"
        if agreement.renewal_notice_days
        else "no notice period"
    )
    dates = (
        f"It ends on {agreement.expires_on.isoformat()} with {period}, so the notice date is "
        f"{notice_on.isoformat()}"
    )
    if agreement.expires_on <= day:
        return Renewal("expired", "expired", notice_on, left, False, f"{dates}; it has ended.")
    if left < 0:
        return Renewal(
            "notice_passed",
            f"notice date passed {-left} days ago",
            notice_on,
            left,
            True,
            f"{dates}, which passed {-left} days ago; "
            f"{(agreement.expires_on - day).days} days remain until it ends.",
        )
    if left <= RENEWAL_ALERT_DAYS:
        return Renewal(
            "due_soon",
            f"notice due in {left} days",
            notice_on,
            left,
            True,
            f"{dates}: {left} days left to decide whether to renew.",
        )
    return Renewal("not_due", f"notice due in {left} days", notice_on, left, False, f"{dates}.")


def contract_in_force(agreements: list[AgreementFacts], day: dt.date) -> AgreementFacts | None:
    """The contract (not an NDA) on record on `day` signed last (None: there is none)."""
    valid = [a for a in agreements if a.kind not in NDA_KINDS and on_record(a, day)]
    if not valid:
        return None
    return max(valid, key=lambda a: a.signed_on or dt.date.min)
