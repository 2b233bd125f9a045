"""The pure rules of the meeting cadence: which meetings a relationship should have (a
proposal with its reasons), when each is next due and whether it is overdue, the dates of
planned occurrences, and the comparison of both sides' health-check answers.

Standard library only: plain values in, plain values out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from partnerbook.core.marks import gettext_noop

# --- kinds of meeting ---------------------------------------------------------------------

WEEKLY_OPERATIONAL = "weekly_operational"
MONTHLY_PERFORMANCE = "monthly_performance"
QUARTERLY_STRATEGIC = "quarterly_strategic"
ANNUAL_HEALTH_CHECK = "annual_health_check"
INFORMAL_CHECKIN = "informal_checkin"

KINDS: dict[str, str] = {
    WEEKLY_OPERATIONAL: gettext_noop("Weekly operational call"),
    MONTHLY_PERFORMANCE: gettext_noop("Monthly performance review"),
    QUARTERLY_STRATEGIC: gettext_noop("Quarterly strategic review"),
    ANNUAL_HEALTH_CHECK: gettext_noop("Annual relationship health check"),
    INFORMAL_CHECKIN: gettext_noop("Informal check-in"),
}
KIND_CHOICES = list(KINDS.items())

# The interaction channels (relationship.domain.CHANNELS) that count as holding a meeting.
CHANNELS: dict[str, str] = {
    "meeting": gettext_noop("Meeting"),
    "call": gettext_noop("Call"),
    "email": gettext_noop("E-mail"),
    "site_visit": gettext_noop("Site visit"),
    "informal_checkin": gettext_noop("Informal check-in"),
    "business_review": gettext_noop("Business review"),
    "workshop": gettext_noop("Workshop"),
}
CHANNEL_CHOICES = list(CHANNELS.items())
LEVELS: dict[str, str] = {
    "executive": gettext_noop("Executive"),
    "management": gettext_noop("Management"),
    "operational": gettext_noop("Operational"),
}
LEVEL_CHOICES = list(LEVELS.items())

DEFAULT_INTERVALS = {
    WEEKLY_OPERATIONAL: 7,
    MONTHLY_PERFORMANCE: 30,
    QUARTERLY_STRATEGIC: 91,
    ANNUAL_HEALTH_CHECK: 365,
    INFORMAL_CHECKIN: 30,
}
DEFAULT_CHANNELS = {
    WEEKLY_OPERATIONAL: ("call", "meeting"),
    MONTHLY_PERFORMANCE: ("meeting", "business_review"),
    QUARTERLY_STRATEGIC: ("business_review", "meeting", "site_visit"),
    ANNUAL_HEALTH_CHECK: ("meeting", "business_review"),
    INFORMAL_CHECKIN: ("informal_checkin", "call"),
}
DEFAULT_LEVELS = {
    WEEKLY_OPERATIONAL: ("operational", "operational"),
    MONTHLY_PERFORMANCE: ("management", "management"),
    QUARTERLY_STRATEGIC: ("management", "management"),
    ANNUAL_HEALTH_CHECK: ("management", "management"),
    INFORMAL_CHECKIN: ("", ""),
}

# A relationship younger than this is new, whatever its stage.
NEW_RELATIONSHIP_MONTHS = 12
# Complexity (1-5) from which what they supply is complex enough for a weekly call.
COMPLEX_FROM = 4
EARLY_STAGES = frozenset({"transactional", "cooperative"})


# --- the proposal -------------------------------------------------------------------------


@dataclass(frozen=True)
class ProposalInputs:
    """What the proposal looks at. `model` is the engagement model (chosen, or else the
    recommended one; `model_source` says which); `months_active` is how long the supplier
    has been active with us (None: not known or never active)."""

    model: str | None = None  # "transactional" | "partnership"
    model_source: str = "recommended"  # "chosen" | "recommended"
    quadrant: str | None = None  # strategic | operational | opportunistic | avoid
    months_active: float | None = None
    maturity_stage: str | None = None  # transactional .. strategic
    complexity: int | None = None  # 1 simple .. 5 highly engineered


@dataclass(frozen=True)
class ProposedItem:
    kind: str
    interval_days: int
    channels: tuple[str, ...]
    our_level: str
    their_level: str
    reason: str

    @property
    def label(self) -> str:
        return KINDS[self.kind]


@dataclass(frozen=True)
class Proposal:
    """A proposed cadence: the meetings, and why (the facts it rests on, then per meeting)."""

    items: tuple[ProposedItem, ...]
    reasons: tuple[str, ...]
    volatile: bool
    partnership: bool


def _item(
    kind: str, reason: str, interval: int | None = None, our: str = "", their: str = ""
) -> ProposedItem:
    default_our, default_their = DEFAULT_LEVELS[kind]
    return ProposedItem(
        kind=kind,
        interval_days=interval or DEFAULT_INTERVALS[kind],
        channels=DEFAULT_CHANNELS[kind],
        our_level=our or default_our,
        their_level=their or default_their,
        reason=reason,
    )


def volatility(inputs: ProposalInputs) -> tuple[bool, bool, list[str]]:
    """(new, complex, reasons): whether the relationship is new or complex, and why."""
    reasons: list[str] = []
    new = False
    if inputs.months_active is not None and inputs.months_active < NEW_RELATIONSHIP_MONTHS:
        new = True
        reasons.append(
            f"New: active for {inputs.months_active:.0f} month(s), less than "
            f"{NEW_RELATIONSHIP_MONTHS}."
        )
    if inputs.maturity_stage in EARLY_STAGES:
        new = True
        reasons.append(f"Early maturity stage: {inputs.maturity_stage}.")
    complex_ = False
    if inputs.complexity is not None and inputs.complexity >= COMPLEX_FROM:
        complex_ = True
        reasons.append(f"Complex supply: complexity {inputs.complexity} of 5.")
    if inputs.quadrant == "opportunistic":
        complex_ = True
        reasons.append(
            gettext_noop("Opportunistic quadrant: high value with high risk needs close watch.")
        )
    if not (new or complex_):
        stage = inputs.maturity_stage or "unknown"
        active = (
            f"{inputs.months_active:.0f} months" if inputs.months_active is not None else "unknown"
        )
        reasons.append(f"Stable and mature: active {active}, maturity stage {stage}.")
    return new, complex_, reasons


def propose(inputs: ProposalInputs) -> Proposal:
    """Propose the meetings a relationship should have, with the reason for each.

    Partnerships get the full rhythm; transactional suppliers only performance reviews.
    A new or complex relationship gets a weekly operational call and monthly reviews; a
    stable and mature one meets less often (reviews quarterly)."""
    partnership = inputs.model == "partnership"
    reasons = [
        f"Engagement model: {inputs.model or 'not known (treated as transactional)'}"
        f" ({inputs.model_source})."
    ]
    if inputs.quadrant:
        reasons.append(f"Quadrant: {inputs.quadrant}.")
    new, complex_, volatile_reasons = volatility(inputs)
    reasons += volatile_reasons
    volatile = new or complex_
    items: list[ProposedItem] = []
    if partnership:
        if volatile:
            items.append(
                _item(
                    WEEKLY_OPERATIONAL,
                    gettext_noop("New or complex partnership: weekly call on day-to-day work."),
                )
            )
            items.append(
                _item(
                    MONTHLY_PERFORMANCE,
                    gettext_noop("Monthly look at the scorecard while the relationship settles."),
                )
            )
        else:
            items.append(
                _item(
                    MONTHLY_PERFORMANCE,
                    gettext_noop("Stable partnership: performance reviewed quarterly."),
                    interval=91,
                )
            )
        executive = inputs.quadrant == "strategic"
        items.append(
            _item(
                QUARTERLY_STRATEGIC,
                gettext_noop(
                    "Partnership: quarterly review of joint goals and plans, with executives "
                    "(strategic quadrant)."
                )
                if executive
                else gettext_noop("Partnership: quarterly review of joint goals and plans."),
                our="executive" if executive else "",
                their="executive" if executive else "",
            )
        )
        items.append(
            _item(
                ANNUAL_HEALTH_CHECK,
                gettext_noop(
                    "Partnership: a yearly check of trust and openness, apart from performance."
                ),
            )
        )
        items.append(
            _item(
                INFORMAL_CHECKIN,
                gettext_noop(
                    "Informal check-ins keep small problems from growing (every two weeks "
                    "while new or complex)."
                )
                if volatile
                else gettext_noop("Informal check-ins keep small problems from growing."),
                interval=14 if volatile else 42,
            )
        )
    else:
        if inputs.quadrant == "avoid":
            items.append(
                _item(
                    MONTHLY_PERFORMANCE,
                    gettext_noop("Avoid quadrant: keep effort low; review performance quarterly."),
                    interval=91,
                )
            )
        elif volatile:
            if complex_:
                items.append(
                    _item(
                        WEEKLY_OPERATIONAL,
                        gettext_noop("Complex supply: a weekly call on deliveries and changes."),
                    )
                )
            items.append(
                _item(
                    MONTHLY_PERFORMANCE,
                    gettext_noop("New or complex supplier: monthly performance review."),
                )
            )
        else:
            items.append(
                _item(
                    MONTHLY_PERFORMANCE,
                    gettext_noop("Stable transactional supplier: performance reviewed quarterly."),
                    interval=91,
                )
            )
        reasons.append(
            gettext_noop("Transactional: no strategic review or health check; the scorecard leads.")
        )
    return Proposal(
        items=tuple(items), reasons=tuple(reasons), volatile=volatile, partnership=partnership
    )


# --- when a meeting is due ----------------------------------------------------------------


@dataclass(frozen=True)
class DueStatus:
    """When an item was last held, when it is next due, and by how many days it is late."""

    last_held: dt.date | None
    next_due: dt.date
    days_overdue: int  # 0 when not overdue

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0

    @property
    def explanation(self) -> str:
        base = (
            f"last held {self.last_held.isoformat()}"
            if self.last_held
            else "never held since it was planned"
        )
        if self.overdue:
            return f"{base}; due {self.next_due.isoformat()}, {self.days_overdue} day(s) overdue"
        return f"{base}; next due {self.next_due.isoformat()}"


def due_status(
    interval_days: int, created_on: dt.date, last_held: dt.date | None, today: dt.date
) -> DueStatus:
    """Next due = last held + interval, or item creation + interval when never held.
    Overdue from the day after it was due."""
    start = last_held if last_held is not None else created_on
    next_due = start + dt.timedelta(days=interval_days)
    return DueStatus(
        last_held=last_held, next_due=next_due, days_overdue=max(0, (today - next_due).days)
    )


def last_held_on(
    channels: tuple[str, ...] | list[str], latest: dict[str, dt.date]
) -> dt.date | None:
    """The latest day among the channels that count for an item, from {channel: latest day}."""
    days = [latest[c] for c in channels if c in latest]
    return max(days) if days else None


# --- calendar occurrences -----------------------------------------------------------------


def occurrences(
    start: dt.datetime, interval_days: int, window_start: dt.datetime, window_end: dt.datetime
) -> list[dt.datetime]:
    """Starts of a meeting planned at `start` and repeating every `interval_days`, that
    fall within [window_start, window_end). A start in the past rolls forward."""
    if interval_days < 1:
        raise ValueError("interval_days must be at least 1")
    step = dt.timedelta(days=interval_days)
    current = start
    if current < window_start:
        skipped = (window_start - current) // step
        current += step * skipped
        if current < window_start:
            current += step
    found = []
    while current < window_end:
        found.append(current)
        current += step
    return found


def next_occurrence(start: dt.datetime, interval_days: int, now: dt.datetime) -> dt.datetime:
    """The first start at or after `now` of a meeting repeating from `start`."""
    if start >= now:
        return start
    horizon = now + dt.timedelta(days=interval_days + 1)
    return occurrences(start, interval_days, now, horizon)[0]


# --- the health check ---------------------------------------------------------------------

QUESTIONS: dict[str, str] = {
    "trust": gettext_noop("Trust: we rely on each other to do what we say."),
    "openness": gettext_noop("Openness: problems and bad news are shared early."),
    "reciprocity": gettext_noop("Reciprocity: both sides give as well as take."),
    "communication": gettext_noop(
        "Communication: we reach the right people and get clear answers."
    ),
    "joint_problem_solving": gettext_noop(
        "Joint problem-solving: we fix problems together, not by blame."
    ),
}
SHORT_LABELS = {
    "trust": gettext_noop("Trust"),
    "openness": gettext_noop("Openness"),
    "reciprocity": gettext_noop("Reciprocity"),
    "communication": gettext_noop("Communication"),
    "joint_problem_solving": gettext_noop("Joint problem-solving"),
}
GAP_FLAG = 2  # points apart (1-5 scale) from which a gap is flagged


@dataclass(frozen=True)
class QuestionGap:
    question: str
    label: str
    ours: int | None
    theirs: int | None
    gap: int | None  # ours - theirs; None until both answered
    flagged: bool


@dataclass(frozen=True)
class Comparison:
    rows: tuple[QuestionGap, ...]
    flagged: tuple[str, ...] = field(default_factory=tuple)

    @property
    def complete(self) -> bool:
        return all(r.gap is not None for r in self.rows)


def compare(ours: dict[str, int | None], theirs: dict[str, int | None]) -> Comparison:
    """Both sides' scores per question, side by side; a gap of GAP_FLAG or more is flagged."""
    rows = []
    for key, _text in QUESTIONS.items():
        a, b = ours.get(key), theirs.get(key)
        gap = a - b if a is not None and b is not None else None
        rows.append(
            QuestionGap(
                question=key,
                label=SHORT_LABELS[key],
                ours=a,
                theirs=b,
                gap=gap,
                flagged=gap is not None and abs(gap) >= GAP_FLAG,
            )
        )
    return Comparison(rows=tuple(rows), flagged=tuple(r.question for r in rows if r.flagged))
