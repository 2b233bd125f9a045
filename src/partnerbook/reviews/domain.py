"""Quarterly business reviews as plain computations: quarters, the frozen copy of a quarter's
scorecard, the re-check of the value-risk quadrant (did it change, did risk rise) and the
summary that goes on the relationship timeline.

No Django here. The rules, written once:

- A review covers one **quarter**, named "2026-Q1" in forms and the API and stored as its
  first day. A quarter that has not started yet cannot be reviewed; the form proposes the
  last complete quarter.
- The review is **held** on a day from the quarter's first day up to today.
- The quarter's scorecard is **frozen** when the review is recorded: every KPI's value,
  light, score, weight share and explanation, the overall score and standing, and the KPIs
  without data. Pages show that copy, never a recomputation, so a later correction of the
  deliveries does not rewrite what was discussed.
- **Re-check of the quadrant**: the supplier's quadrant and risk score now, against those
  stored at the previous review (for the first review: the current assessment, so nothing
  has changed yet). **Risk rose** when the risk score is higher than before, or the
  quadrant moved from a low-risk quadrant (strategic, operational) to a high-risk one
  (opportunistic, avoid). When risk rose, the review needs a mitigation plan.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from partnerbook.core.marks import gettext_noop
from partnerbook.performance import domain as performance

QUARTER_PATTERN = r"^(19|20)[0-9]{2}-Q[1-4]$"
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")

QUADRANT_LABELS: dict[str, str] = {
    "strategic": gettext_noop("Strategic"),
    "operational": gettext_noop("Operational"),
    "opportunistic": gettext_noop("Opportunistic"),
    "avoid": gettext_noop("Avoid"),
}
# The risk side of each quadrant: strategic and operational are low risk.
HIGH_RISK_QUADRANTS = frozenset({"opportunistic", "avoid"})
NOT_PLACED = gettext_noop("not placed")

MAX_POINTS = 30  # decisions or successes in one review
POINT_LENGTH = 300
MAX_ACTIONS = 30
NOTES_LIMIT = 20_000  # the interaction's notes field


# --- quarters -------------------------------------------------------------------------------


def quarter_start(day: date) -> date:
    """The first day of the quarter containing `day`."""
    return performance.period_start(day, performance.QUARTER)


def next_quarter(start: date) -> date:
    return performance.shift(start, performance.QUARTER, 1)


def last_complete_quarter(today: date) -> date:
    """The first day of the last quarter that ended before `today`."""
    return performance.shift(quarter_start(today), performance.QUARTER, -1)


def is_quarter_start(day: date) -> bool:
    return day.day == 1 and day.month in (1, 4, 7, 10)


def quarter_key(start: date) -> str:
    """'2026-Q1': how a quarter is named in forms, links and the API."""
    return f"{start.year}-Q{(start.month - 1) // 3 + 1}"


def quarter_label(start: date) -> str:
    """'2026 Q1': how a quarter is shown."""
    return performance.period_label(start, performance.QUARTER)


def parse_quarter(text: str | None) -> date | None:
    """The first day of a quarter named '2026-Q1' (None when the text is not one)."""
    found = _QUARTER.match((text or "").strip())
    if not found or not 1900 <= int(found.group(1)) <= 2099:
        return None
    return date(int(found.group(1)), 3 * (int(found.group(2)) - 1) + 1, 1)


def recent_quarters(today: date, count: int = 8) -> list[date]:
    """The current quarter and the `count - 1` before it, newest first."""
    current = quarter_start(today)
    return [performance.shift(current, performance.QUARTER, -n) for n in range(count)]


def quarter_problem(start: date, today: date) -> str | None:
    """Why a review of the quarter starting `start` cannot be recorded (None: it can)."""
    if not is_quarter_start(start):
        return "Give a quarter such as 2026-Q1."
    if start > quarter_start(today):
        return "This quarter has not started yet; review it once it is under way or over."
    return None


def held_on_problem(held_on: date, start: date, today: date) -> str | None:
    """Why a review of the quarter starting `start` cannot have been held on `held_on`."""
    if held_on > today:
        return "A review cannot be held in the future; record it once it has taken place."
    if held_on < start:
        return f"A review of {quarter_label(start)} cannot be held before the quarter began."
    return None


def due_problem(due_on: date | None, held_on: date) -> str | None:
    if due_on is not None and due_on < held_on:
        return "An action cannot be due before the review that raised it."
    return None


# --- short texts ----------------------------------------------------------------------------


def parse_points(text: str) -> list[str]:
    """One point per line of `text`, trimmed, without blanks or repeats."""
    return clean_points(text.splitlines())


def clean_points(values: Iterable[str]) -> list[str]:
    points: list[str] = []
    for value in values:
        value = value.strip().lstrip("-•* ").strip()
        if value and value not in points:
            points.append(value)
    return points


def points_problem(points: Sequence[str]) -> str | None:
    if len(points) > MAX_POINTS:
        return f"Keep it to {MAX_POINTS} points at most."
    if any(len(p) > POINT_LENGTH for p in points):
        return f"Keep each point to {POINT_LENGTH} characters."
    return None


# --- the frozen scorecard -------------------------------------------------------------------


def _rounded(value: float | None, places: int = 4) -> float | None:
    return None if value is None else round(value, places)


def freeze_scorecard(
    card: performance.Scorecard,
    frozen_at: str,
    complete: bool,
    customer: performance.CustomerScore | None = None,
) -> dict[str, Any]:
    """The scorecard's current period as plain JSON-ready data, to be stored with a review.
    Figures are rounded as everywhere else (4 decimals); `display` is the value with its
    unit as the pages show it. `complete` says whether the quarter was over when frozen."""
    current = card.current
    data: dict[str, Any] = {
        "label": current.label,
        "start": current.start.isoformat(),
        "granularity": card.granularity,
        "overall": _rounded(current.overall),
        "standing": current.standing,
        "overall_trend": card.overall_trend,
        "previous_overall": _rounded(card.previous.overall) if card.previous else None,
        "no_data": list(current.no_data),
        "guard": card.guard,
        "complete": complete,
        "frozen_at": frozen_at,
        "kpis": [
            {
                "key": k.key,
                "name": k.name,
                "unit": k.unit,
                "value": _rounded(k.value),
                "display": performance.format_value(k.value, k.unit),
                "light": k.light,
                "score": _rounded(k.score),
                "weight_share": _rounded(k.weight_share),
                "points": _rounded(k.points),
                "previous": _rounded(k.previous),
                "trend": k.trend,
                "explanation": k.explanation,
            }
            for k in current.kpis
        ],  # fmt: skip
        "customer": None,
    }
    if customer is not None and customer.score is not None:
        data["customer"] = {
            "label": customer.label,
            "score": _rounded(customer.score),
            "light": customer.light,
            "explanation": customer.explanation,
            "criteria": [
                {"key": key, "name": name, "score": score} for key, name, score in customer.criteria
            ],
        }
    return data


def light_counts(snapshot: dict[str, Any]) -> dict[str, int]:
    """How many KPIs of a frozen scorecard were green, yellow and red."""
    counts = {performance.GREEN: 0, performance.YELLOW: 0, performance.RED: 0}
    for kpi in snapshot.get("kpis", []):
        if kpi.get("light") in counts:
            counts[kpi["light"]] += 1
    return counts


# --- the re-check of the value-risk quadrant ------------------------------------------------


@dataclass(frozen=True)
class Position:
    """Where the supplier stood in the value-risk matrix at one moment."""

    quadrant: str | None  # a key of QUADRANT_LABELS; None: not placed
    risk: float | None  # 0-100; None: no risk factor recorded


@dataclass(frozen=True)
class Recheck:
    """The quadrant and risk at the previous review (or, for the first review, now) against
    now, and what that means."""

    before: Position
    after: Position
    first: bool  # no earlier review: "before" is the current assessment

    @property
    def quadrant_changed(self) -> bool:
        return self.before.quadrant != self.after.quadrant

    @property
    def risk_rose(self) -> bool:
        return risk_rose(self.before, self.after)

    @property
    def summary(self) -> str:
        return recheck_summary(self.before, self.after, self.first)

    @property
    def before_label(self) -> str:
        return quadrant_label(self.before.quadrant)

    @property
    def after_label(self) -> str:
        return quadrant_label(self.after.quadrant)


def quadrant_label(quadrant: str | None) -> str:
    return QUADRANT_LABELS.get(quadrant or "", NOT_PLACED)


def moved_to_riskier(before: str | None, after: str | None) -> bool:
    """True when the quadrant moved from the low-risk side to the high-risk side."""
    if before is None or after is None:
        return False
    return before not in HIGH_RISK_QUADRANTS and after in HIGH_RISK_QUADRANTS


def risk_rose(before: Position, after: Position) -> bool:
    """Risk rose when the risk score went up or the quadrant moved to a riskier one. Without
    a score on either side there is nothing to compare (never a rise by default)."""
    higher = before.risk is not None and after.risk is not None and after.risk > before.risk
    return higher or moved_to_riskier(before.quadrant, after.quadrant)


def recheck(before: Position | None, after: Position) -> Recheck:
    """The re-check against the previous review's position (None: this is the first)."""
    if before is None:
        return Recheck(after, after, first=True)
    return Recheck(before, after, first=False)


def _risk_text(value: float | None) -> str:
    return "unknown" if value is None else f"{value:g}"


def recheck_summary(before: Position, after: Position, first: bool) -> str:
    """One plain sentence about the quadrant and the risk score since the last review."""
    now = quadrant_label(after.quadrant)
    if first:
        return (
            f"First review: the supplier is placed {now} with a risk score of "
            f"{_risk_text(after.risk)}; the next review compares against this."
        )
    if before.quadrant != after.quadrant:
        text = f"Quadrant changed from {quadrant_label(before.quadrant)} to {now}"
    else:
        text = f"Quadrant unchanged ({now})"
    text += f"; risk score {_risk_text(before.risk)} → {_risk_text(after.risk)}"
    if risk_rose(before, after):
        return text + ". Risk rose since the last review: a mitigation plan is needed."
    return text + "."


# --- the timeline entry ---------------------------------------------------------------------


def interaction_notes(
    label: str,
    overall: float | None,
    standing: str | None,
    decisions: Sequence[str],
    successes: Sequence[str],
    our_comments: str,
    supplier_comments: str,
    recheck_text: str,
) -> str:
    """The notes of the business-review interaction: a short summary of the review."""
    score = (
        "no overall score (no KPI had data)"
        if overall is None
        else f"overall score {overall:.1f} ({performance.STANDINGS.get(standing or '', '-')})"
    )
    lines = [f"Quarterly business review of {label}: {score}.", recheck_text]
    if decisions:
        lines.append("Decisions: " + "; ".join(decisions) + ".")
    if successes:
        lines.append("Successes: " + "; ".join(successes) + ".")
    if our_comments:
        lines.append(f"Our comments: {our_comments}")
    if supplier_comments:
        lines.append(f"The supplier's comments: {supplier_comments}")
    text = "\n".join(lines)
    return text if len(text) <= NOTES_LIMIT else text[: NOTES_LIMIT - 1] + "…"
