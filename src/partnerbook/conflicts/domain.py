"""The rules of supplier issues, without the database.

An issue (a dispute) is worked through with the supplier in five recorded steps, is settled
at the lowest level of the escalation path that can settle it, and leaves numbers the team
can learn from: the escalation audit flags escalations that could likely have been settled
informally, and the resolution statistics compare issues solved jointly with the others.
Every flag and figure carries the sentence that explains it.
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from partnerbook.core.marks import gettext_noop

MAX_TEXT = 4000
MAX_TITLE = 200
MIN_REASON = 10  # characters: escalating or de-escalating says why

CATEGORIES: dict[str, str] = {
    "quality": gettext_noop("Quality"),
    "delivery": gettext_noop("Delivery"),
    "commercial": gettext_noop("Commercial"),
    "communication": gettext_noop("Communication"),
    "invoicing": gettext_noop("Invoicing"),
    "other": gettext_noop("Other"),
}
SEVERITIES: dict[str, str] = {
    "minor": gettext_noop("Minor"),
    "major": gettext_noop("Major"),
    "critical": gettext_noop("Critical"),
}
SIDES: dict[str, str] = {"ours": gettext_noop("Our side"), "supplier": gettext_noop("The supplier")}
STATUSES: dict[str, str] = {"open": gettext_noop("Open"), "resolved": gettext_noop("Resolved")}


@dataclass(frozen=True)
class Step:
    """One step of structured problem-solving, with the prompt the page asks it with."""

    key: str
    label: str
    prompt: str


STEPS: tuple[Step, ...] = (
    Step("define", gettext_noop("Define the problem"),
         gettext_noop("What happened, where, since when and how often? Describe the facts "
                      "and their effect, not who is at fault.")),
    Step("data", gettext_noop("Gather data"),
         gettext_noop("What do the records, samples and both sides' observations show? What do we "
         "still not know?")),
    Step("options", gettext_noop("Options"),
         gettext_noop("What could we do, together, to fix it now and to keep it from coming back? "
         "Write down every option before choosing.")),
    Step("actions", gettext_noop("Agreed actions"),
         gettext_noop("What did we agree? Each action has an owner on either side and a due date "
         "(add them below).")),
    Step("follow_up", gettext_noop("Follow-up"),
         gettext_noop("Did the fix hold? What can we do differently so this does not happen "
                      "again?")),
)  # fmt: skip
STEP_KEYS = tuple(step.key for step in STEPS)

BLAME_RULE = gettext_noop(
    "Describe what happened and what made it possible, not who is to blame. A supplier "
    "that is blamed for a problem learns to hide the next one."
)

# Words that point at a person rather than at what happened. Matching is a reminder, never
# a refusal: the text is saved as written.
_BLAME_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"\b(?:his|her|their|its)\s+fault\b|\b[A-Z][a-z]+'s\s+fault\b|\bfault\s+of\b",
     "says whose fault it is"),
    (r"\bblam(?:e|ed|es|ing)\b", "names someone to blame"),
    (r"\b(?:incompetent|incompetence|lazy|careless|sloppy|negligent|negligence|useless|"
     r"clueless|stupid|idiot\w*)\b", "calls someone names"),
    (r"\b(?:he|she|they|[A-Z][a-z]+)\s+(?:messed\s+up|screwed\s+up|failed\s+to|forgot\s+to|"
     r"didn't\s+bother|did\s+not\s+bother|ignored)\b", "points at a person's failing"),
    (r"\bshould\s+have\s+known\b", "says someone should have known"),
)  # fmt: skip


def blame_hints(text: str) -> list[str]:
    """What in `text` reads as blaming a person (e.g. "calls someone names"), in the order
    of the patterns; [] when nothing does."""
    found: list[str] = []
    for pattern, hint in _BLAME_PATTERNS:
        if re.search(pattern, text or "") and hint not in found:
            found.append(hint)
    return found


# --- the escalation path ----------------------------------------------------------------------


@dataclass(frozen=True)
class Level:
    """One level of an escalation path: who settles the issue there, within how many days."""

    level: int
    who: str
    time_box_days: int

    def as_dict(self) -> dict[str, object]:
        return {"level": self.level, "who": self.who, "time_box_days": self.time_box_days}


DEFAULT_PATH: tuple[Level, ...] = (
    Level(1, gettext_noop("Working level, the people who handle it day to day"), 5),
    Level(2, gettext_noop("Relationship owners on both sides"), 10),
    Level(3, gettext_noop("Management on both sides"), 10),
    Level(4, gettext_noop("Executive sponsors or a joint steering committee"), 15),
)


def path_from(raw: Iterable[dict[str, object]] | None) -> tuple[Level, ...]:
    """The levels of a stored path ([{level, who, time_box_days}]), or the default path."""
    levels = tuple(
        Level(int(str(item["level"])), str(item["who"]), int(str(item["time_box_days"])))
        for item in (raw or [])
    )
    return levels or DEFAULT_PATH


def level_of(path: Sequence[Level], number: int) -> Level | None:
    return next((lv for lv in path if lv.level == number), None)


@dataclass(frozen=True)
class TimeBox:
    """Where an open issue stands against its current level's time box."""

    level: Level
    started: datetime
    ends: datetime
    next_level: Level | None

    def overdue_days(self, now: datetime) -> int:
        """Whole days since the time box ran out (0 while it runs)."""
        return max(0, (now - self.ends).days + (1 if now > self.ends else 0))

    def ran_out(self, now: datetime) -> bool:
        return now > self.ends

    def explain(self, now: datetime) -> str:
        box = f"Level {self.level.level} ({self.level.who}) has {self.level.time_box_days} days"
        if not self.ran_out(now):
            left = (self.ends - now).days
            return f"{box}; {left} day{'s' if left != 1 else ''} left (until {self.ends:%Y-%m-%d})."
        text = f"{box}; the time box ran out on {self.ends:%Y-%m-%d}."
        if self.next_level is None:
            return text + " This is the top of the path: settle it here."
        return (
            text + f" Consider escalating to level {self.next_level.level} "
            f"({self.next_level.who}); nothing moves by itself."
        )


def time_box(path: Sequence[Level], current: int, since: datetime) -> TimeBox | None:
    """The time box of level `current` entered at `since`; None for a level not on the path."""
    level = level_of(path, current)
    if level is None:
        return None
    return TimeBox(level, since, since + timedelta(days=level.time_box_days),
                   level_of(path, current + 1))  # fmt: skip


def check_move(path: Sequence[Level], current: int, target: int, reason: str) -> dict[str, str]:
    """Why a move from level `current` to `target` cannot be made ({field: message}), or {}.
    Any level on the path may be chosen, but a move names its reason."""
    errors: dict[str, str] = {}
    if level_of(path, target) is None:
        top = max(lv.level for lv in path)
        errors["to_level"] = f"Choose a level from 1 to {top}."
    elif target == current:
        errors["to_level"] = f"The issue is already at level {current}."
    if len((reason or "").strip()) < MIN_REASON:
        errors["reason"] = (
            f"Say why in a sentence (at least {MIN_REASON} characters): the audit reads it later."
        )
    return errors


# --- the escalation audit ---------------------------------------------------------------------


@dataclass(frozen=True)
class EscalationFacts:
    """One escalation (a move up the path) and what the audit needs to know about its issue."""

    escalation_id: int
    issue_id: int
    supplier: str
    title: str
    category: str
    severity: str
    safety_impact: bool
    raised_at: datetime
    escalated_at: datetime
    from_level: int
    to_level: int
    reason: str = ""
    resolved_level: int | None = None  # the level the issue was resolved at, if resolved
    owner: str = ""


@dataclass(frozen=True)
class Flag:
    rule: str
    reason: str


@dataclass(frozen=True)
class Rule:
    """An audit rule: what it flags, why, and the habit or policy a run of them points to."""

    key: str
    label: str
    explanation: str
    habit: str


FAST_HOURS = 24
RULES: dict[str, Rule] = {
    "minor_fast": Rule(
        "minor_fast", gettext_noop("Minor, escalated within a day"),
        f"A minor issue with no effect on safety or function, escalated within {FAST_HOURS} "
        "hours of being raised: the working level had no time to settle it.",
        gettext_noop("Minor issues go up before the working level has tried. Agree that a minor "
                     "issue without safety or function impact stays at the working level for its "
                     "first time box, and reward suppliers for reporting it."),
    ),
    "settled_low": Rule(
        "settled_low", gettext_noop("Resolved at the working level anyway"),
        gettext_noop("The issue was escalated, then resolved at the working level (level 1): "
                     "the people closest to it could settle it."),
        gettext_noop("Escalations end where they started. Give the working level the "
                     "authority (and a small budget) to settle such issues with the supplier "
                     "directly."),
    ),
    "skipped_levels": Rule(
        "skipped_levels", gettext_noop("Levels skipped"),
        gettext_noop("Moved up more than one level at once without critical severity or "
                     "safety or function impact: the levels in between never had a chance."),
        gettext_noop("Levels are skipped. Walk up the path one level at a time unless the "
                     "issue is critical or touches safety or function."),
    ),
}  # fmt: skip
EXEMPT = (
    "Not flagged: a critical issue, or one that touches safety or function, may go straight up."
)


def audit_flags(facts: EscalationFacts) -> list[Flag]:
    """The audit's flags on one escalation, each with its reason; [] when it looks
    justified. Critical issues and issues that touch safety or function are never flagged."""
    if facts.severity == "critical" or facts.safety_impact:
        return []
    flags: list[Flag] = []
    hours = (facts.escalated_at - facts.raised_at).total_seconds() / 3600
    if facts.severity == "minor" and facts.from_level == 1 and hours < FAST_HOURS:
        when = f"{hours:.0f} hours" if hours >= 1 else "less than an hour"
        reason = f"Minor, no safety or function impact, escalated {when} after it was raised."
        flags.append(Flag("minor_fast", reason))
    if facts.resolved_level == 1:
        reason = f"Escalated to level {facts.to_level}, yet resolved at level 1 in the end."
        flags.append(Flag("settled_low", reason))
    if facts.to_level - facts.from_level > 1:
        reason = (
            f"From level {facts.from_level} straight to level {facts.to_level} ({facts.severity})."
        )
        flags.append(Flag("skipped_levels", reason))
    return flags


@dataclass(frozen=True)
class AuditRow:
    facts: EscalationFacts
    flags: tuple[Flag, ...]

    @property
    def flagged(self) -> bool:
        return bool(self.flags)

    @property
    def why_not(self) -> str:
        """Why an unflagged escalation passed."""
        if self.facts.severity == "critical" or self.facts.safety_impact:
            return EXEMPT
        return "No rule applies: it went up one level, after the working level had time."


@dataclass(frozen=True)
class Habit:
    rule: Rule
    count: int
    share: float  # of all audited escalations


@dataclass(frozen=True)
class Audit:
    rows: tuple[AuditRow, ...]
    habits: tuple[Habit, ...]

    @property
    def flagged(self) -> int:
        return sum(1 for row in self.rows if row.flagged)

    @property
    def share(self) -> float | None:
        """The share of audited escalations that were flagged (None with none audited)."""
        return self.flagged / len(self.rows) if self.rows else None

    @property
    def summary(self) -> str:
        if not self.rows:
            return "No escalations to audit in this scope."
        n = len(self.rows)
        share = self.share or 0.0
        return (
            f"{self.flagged} of the last {n} escalation{'s' if n != 1 else ''} "
            f"({share:.0%}) could likely have been settled informally."
        )


def audit(escalations: Sequence[EscalationFacts]) -> Audit:
    """Run every rule over `escalations` (newest first, as given): the flagged rows, the
    share flagged and, per rule that fired, the habit it points to (most frequent first)."""
    rows = tuple(AuditRow(f, tuple(audit_flags(f))) for f in escalations)
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        for flag in row.flags:
            counts[flag.rule] += 1
    total = len(rows)
    habits = tuple(
        Habit(RULES[key], count, count / total)
        for key, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    return Audit(rows, habits)


# --- resolution statistics --------------------------------------------------------------------


@dataclass(frozen=True)
class Resolved:
    """One resolved issue, as the statistics see it."""

    days: float
    severity: str
    category: str
    joint: bool  # worked through with the supplier's input on at least one step
    supplier: str = ""
    owner: str = ""


@dataclass(frozen=True)
class Cell:
    """The median days to resolve of a group of issues, with and without joint work."""

    n: int
    median_days: float | None
    joint_n: int
    joint_median: float | None
    alone_n: int
    alone_median: float | None

    @property
    def explain(self) -> str:
        if not self.n:
            return "No resolved issues."
        text = f"Median of {self.n} resolved issue{'s' if self.n != 1 else ''}"
        if self.joint_n and self.alone_n and self.joint_median is not None:
            assert self.alone_median is not None  # noqa: S101 (both groups are non-empty)
            text += (
                f": {self.joint_median:.1f} days with joint problem-solving ({self.joint_n}) "
                f"against {self.alone_median:.1f} without ({self.alone_n})"
            )
        return text + "."


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def cell(items: Iterable[Resolved]) -> Cell:
    rows = list(items)
    joint = [r.days for r in rows if r.joint]
    alone = [r.days for r in rows if not r.joint]
    return Cell(len(rows), _median([r.days for r in rows]), len(joint), _median(joint),
                len(alone), _median(alone))  # fmt: skip


@dataclass
class Statistics:
    overall: Cell
    by_severity: dict[str, Cell] = field(default_factory=dict)
    by_category: dict[str, Cell] = field(default_factory=dict)
    by_supplier: dict[str, Cell] = field(default_factory=dict)
    by_owner: dict[str, Cell] = field(default_factory=dict)

    @property
    def joint_pays_off(self) -> str:
        """One sentence on whether joint problem-solving shortens resolution."""
        c = self.overall
        if not c.joint_n or not c.alone_n or c.joint_median is None or c.alone_median is None:
            return "Not enough resolved issues on both sides to compare joint problem-solving."
        if c.alone_median == 0:
            return "Issues without joint problem-solving were resolved the same day."
        ratio = c.joint_median / c.alone_median
        if ratio < 1:
            return (
                f"Issues solved jointly took {1 - ratio:.0%} less time "
                f"({c.joint_median:.1f} against {c.alone_median:.1f} days, median)."
            )
        return (
            f"Issues solved jointly did not resolve faster ({c.joint_median:.1f} against "
            f"{c.alone_median:.1f} days, median)."
        )


def _grouped(rows: Sequence[Resolved], key: str, limit: int | None = None) -> dict[str, Cell]:
    groups: dict[str, list[Resolved]] = defaultdict(list)
    for row in rows:
        groups[getattr(row, key) or "—"].append(row)
    cells = {name: cell(items) for name, items in groups.items()}
    ordered = sorted(cells.items(), key=lambda kv: (-kv[1].n, kv[0]))
    return dict(ordered[:limit] if limit else ordered)


def resolution_statistics(rows: Sequence[Resolved], top: int = 20) -> Statistics:
    """Median days to resolve overall, by severity, category, supplier and owner (the `top`
    busiest of each), each split by joint problem-solving."""
    by_severity = {key: cell(r for r in rows if r.severity == key) for key in SEVERITIES}
    by_category = {key: cell(r for r in rows if r.category == key) for key in CATEGORIES}
    return Statistics(
        overall=cell(rows),
        by_severity={k: v for k, v in by_severity.items() if v.n},
        by_category={k: v for k, v in by_category.items() if v.n},
        by_supplier=_grouped(rows, "supplier", top),
        by_owner=_grouped(rows, "owner", top),
    )


def days_between(start: date | datetime, end: date | datetime) -> float:
    """Days from `start` to `end`, never negative."""
    if isinstance(start, datetime) and isinstance(end, datetime):
        return max(0.0, (end - start).total_seconds() / 86400)
    d0 = start.date() if isinstance(start, datetime) else start
    d1 = end.date() if isinstance(end, datetime) else end
    return float(max(0, (d1 - d0).days))


# --- corrective action requests (8D) ----------------------------------------------------------

DISCIPLINES: tuple[Step, ...] = (
    Step("d1_team", gettext_noop("D1 Team"),
         gettext_noop("Who works on it, on both sides, and who leads?")),
    Step("d2_problem", gettext_noop("D2 Problem description"),
         gettext_noop("What is wrong, in measurable terms: what, where, when, how many?")),
    Step("d3_containment", gettext_noop("D3 Containment"),
         gettext_noop("What protects us and our customers now, until the cause is fixed?")),
    Step("d4_root_cause", gettext_noop("D4 Root cause"),
         gettext_noop("Why did it happen, and why was it not caught? Ask why until the "
                      "process shows.")),
    Step("d5_corrective_action", gettext_noop("D5 Corrective action"),
         gettext_noop("What removes the root cause, and how do we know it will?")),
    Step("d6_verification", gettext_noop("D6 Verification"),
         gettext_noop("What shows the corrective action works (data, samples, a time period)?")),
    Step("d7_prevention", gettext_noop("D7 Prevention"),
         gettext_noop("What changes in the process, the drawings or the checks so it cannot "
                      "come back?")),
    Step("d8_closure", gettext_noop("D8 Closure"),
         gettext_noop("What did we learn, and whom do we thank?")),
)  # fmt: skip
DISCIPLINE_KEYS = tuple(d.key for d in DISCIPLINES)
# The disciplines the supplier answers (through the portal): the team, containment, root
# cause, the corrective action, its verification and prevention. We describe the problem
# (D2) when we open the request and close it (D8) once D1-D7 are answered.
SUPPLIER_DISCIPLINES = (
    "d1_team", "d3_containment", "d4_root_cause", "d5_corrective_action", "d6_verification",
    "d7_prevention",
)  # fmt: skip


def car_missing(answered: Iterable[str]) -> list[str]:
    """The labels of the disciplines before D8 that are still unanswered: a corrective
    action request closes only when they are all answered."""
    done = set(answered)
    return [d.label for d in DISCIPLINES[:-1] if d.key not in done]


# --- breaches ---------------------------------------------------------------------------------

BREACH_KINDS: dict[str, str] = {
    "hidden_problem": gettext_noop("A hidden problem discovered"),
    "broken_commitment": gettext_noop("A broken commitment"),
}
BREACH_POINTS = -8  # the withdrawal a breach makes in the trust ledger
RETROSPECTIVE_POINTS = 3  # the deposit a joint retrospective makes
