"""Pure rules of relationship and recovery plans: no Django, plain values in and out.

The central one is `check_repetition`: a recovery plan for a relationship in trouble must
change something compared with what was already tried (the previous recovery plan and the
current relationship plan) — engage a new level, set a new meeting cadence, or bring in new
people. A plan that repeats the same levels, the same people and no new cadence is flagged,
naming what it repeats. The flag informs; it does not stop anyone from saving the plan.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from partnerbook.core.marks import gettext_noop

SIDES = {"ours": "our", "supplier": "their"}
LEVELS = {
    "executive": gettext_noop("executive"),
    "management": gettext_noop("management"),
    "operational": gettext_noop("operational"),
}
# "ours:executive", "supplier:management", ...: a level on one side of the relationship.
# Spelt out whole (not built from SIDES and LEVELS) so that each reads well when translated.
ENGAGEMENT_LEVELS: dict[str, str] = {
    "ours:executive": gettext_noop("our executive"),
    "ours:management": gettext_noop("our management"),
    "ours:operational": gettext_noop("our operational"),
    "supplier:executive": gettext_noop("their executive"),
    "supplier:management": gettext_noop("their management"),
    "supplier:operational": gettext_noop("their operational"),
}
CADENCES: dict[str, str] = {
    "weekly": "weekly",
    "fortnightly": "every two weeks",
    "monthly": "monthly",
    "quarterly": "quarterly",
}
URGENCIES = ("urgent", "normal", "low")
MAX_POINTS = 30
MAX_POINT_LENGTH = 300


def level_label(key: str) -> str:
    return ENGAGEMENT_LEVELS.get(key, key)


def parse_points(text: str) -> list[str]:
    """One point per line of `text`; bullets and blank lines dropped, repeats removed."""
    points: list[str] = []
    for line in text.splitlines():
        point = line.strip().lstrip("-*•").strip()
        if point and point not in points:
            points.append(point)
    return points


def parse_list(text: str) -> list[str]:
    """Comma- or line-separated items (languages, time zones), in order, without repeats."""
    items: list[str] = []
    for part in text.replace("\n", ",").split(","):
        item = part.strip()
        if item and item not in items:
            items.append(item)
    return items


def response_time_problems(hours: Mapping[str, int | None]) -> dict[str, str]:
    """Field -> message when the expected answer times are out of order: an urgent request
    cannot be expected to take longer than a normal one, nor a normal one than a low one."""
    problems: dict[str, str] = {}
    urgent, normal, low = (hours.get(u) for u in URGENCIES)
    if urgent is not None and normal is not None and urgent > normal:
        problems["response_urgent_hours"] = gettext_noop(
            "An urgent answer cannot take longer than a normal one."
        )
    if normal is not None and low is not None and normal > low:
        problems["response_normal_hours"] = gettext_noop(
            "A normal answer cannot take longer than a low one."
        )
    return problems


def levels_of_contact_map(rows: Iterable[Mapping[str, object]]) -> set[str]:
    """The engagement levels a target contact map covers: each pair meets at its level on
    both sides."""
    found: set[str] = set()
    for row in rows:
        level = str(row.get("level", ""))
        if level in LEVELS:
            found |= {f"ours:{level}", f"supplier:{level}"}
    return found


@dataclass(frozen=True)
class Approach:
    """How a plan engages the supplier: levels (keys of ENGAGEMENT_LEVELS), people (contact
    id -> name) and meeting cadence (a key of CADENCES, or "" for none)."""

    levels: frozenset[str] = frozenset()
    people: Mapping[int, str] = field(default_factory=dict)
    cadence: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.levels and not self.people and not self.cadence


@dataclass(frozen=True)
class RepetitionCheck:
    """What a proposed recovery plan changes, and what it repeats (with where it was seen).

    `repeats` is True when it changes nothing: no new level, no new person, no new cadence.
    `warning` then says so in words, naming what is repeated; otherwise it is empty."""

    repeats: bool
    new_levels: tuple[str, ...]
    new_people: tuple[str, ...]
    new_cadence: str
    repeated_levels: tuple[str, ...]
    repeated_people: tuple[str, ...]
    repeated_cadence: str
    compared_with: tuple[str, ...]
    warning: str


def _names(items: Iterable[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def check_repetition(proposed: Approach, before: Sequence[tuple[str, Approach]]) -> RepetitionCheck:
    """Compare `proposed` with what was tried before: `before` is a list of (label, approach),
    e.g. [("the previous recovery plan", ...), ("the relationship plan", ...)].

    Something is new when none of the earlier approaches had it. With nothing to compare
    with, any level, person or cadence is new; a plan naming none of them is flagged."""
    compared = tuple(label for label, _ in before)
    seen_levels: dict[str, str] = {}
    seen_people: dict[int, str] = {}
    seen_cadences: dict[str, str] = {}
    for label, approach in before:
        for level in approach.levels:
            seen_levels.setdefault(level, label)
        for person in approach.people:
            seen_people.setdefault(person, label)
        if approach.cadence:
            seen_cadences.setdefault(approach.cadence, label)

    order = list(ENGAGEMENT_LEVELS)
    levels = sorted(proposed.levels, key=lambda k: order.index(k) if k in order else len(order))
    people = sorted(proposed.people, key=lambda pk: proposed.people[pk])
    new_levels = tuple(level_label(k) for k in levels if k not in seen_levels)
    repeated_levels = tuple(level_label(k) for k in levels if k in seen_levels)
    new_people = tuple(proposed.people[pk] for pk in people if pk not in seen_people)
    repeated_people = tuple(proposed.people[pk] for pk in people if pk in seen_people)
    cadence = proposed.cadence
    new_cadence = CADENCES.get(cadence, cadence) if cadence and cadence not in seen_cadences else ""
    repeated_cadence = CADENCES.get(cadence, cadence) if cadence in seen_cadences else ""

    repeats = not (new_levels or new_people or new_cadence)
    warning = ""
    if repeats and proposed.is_empty:
        warning = (
            "This plan names no level to engage, no people and no meeting cadence, so it "
            "cannot change how the relationship is run. Engage a new level, set a new "
            "cadence or bring in new people."
        )
    elif repeats:
        parts = []
        for kind, repeated, where in (
            ("levels", repeated_levels, {seen_levels[k] for k in levels}),
            ("people", repeated_people, {seen_people[pk] for pk in people}),
        ):
            if repeated:
                parts.append(f"the same {kind} ({_names(repeated)}) as {_names(sorted(where))}")
        if repeated_cadence:
            parts.append(f"the same cadence ({repeated_cadence}) as {seen_cadences[cadence]}")
        else:
            parts.append("no new meeting cadence")
        warning = (
            "This plan repeats what was tried before: "
            + "; ".join(parts)
            + ". Engage a new level, set a new cadence or bring in new people."
        )
    return RepetitionCheck(
        repeats=repeats,
        new_levels=new_levels,
        new_people=new_people,
        new_cadence=new_cadence,
        repeated_levels=repeated_levels,
        repeated_people=repeated_people,
        repeated_cadence=repeated_cadence,
        compared_with=compared,
        warning=warning,
    )
