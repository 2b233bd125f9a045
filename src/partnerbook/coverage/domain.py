"""Contact coverage: who meets whom across the two organisations, as a bow-tie or a diamond.

Pure: plain values in, plain values out, no Django. `classify` reads the supplier's contacts
and the interactions of the last twelve months and says how the relationship is carried.

Who took part in an interaction
    *Their side*: the supplier-side contacts named on it. *Our side*: the our-side contacts
    named on it, plus each participant (one of our users) mapped to this supplier's our-side
    contacts by e-mail address (case-insensitive; archived contacts count too, since they
    may have met before leaving). A participant with no such contact is still one person on
    our side, of unknown level; an interaction that names nobody on our side counts as "our
    side, not named" (someone logged it, but we do not know who went). Both land in the
    grid's "level unknown" row and the explanation says how many.

What counts
    Every interaction that is not archived, dated within the 365 days up to the day of the
    assessment, whatever its channel (meeting, call, e-mail, visit, check-in). One that names
    nobody on the supplier's side is left out of the grid (we cannot tell whom we met) and
    counted as unnamed. A cell of the grid counts the interactions in which someone of that
    level on our side and someone of that level on theirs took part (one interaction can
    fill several cells).

Classification (checked in this order)
    no contact  nothing logged, or nothing that names the supplier's people.
    diamond     counterparts meet on at least two levels (someone of ours and someone of
                theirs of the same level met), one of them management or executive.
    bow-tie     one pair carries the relationship: the same one person on each side took
                part in at least BOW_TIE_SHARE of the interactions; or only one level on each
                side took part (unknown levels aside).
    partial     anything in between.
    Diamond comes first, so more meetings never turn a diamond into something else.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from partnerbook.core.marks import gettext_noop

LEVELS = ("executive", "management", "operational")
UNKNOWN = "unknown"  # our side, level unknown (participant without a contact, or not named)
LEVEL_LABELS = {
    "executive": gettext_noop("Executive"),
    "management": gettext_noop("Management"),
    "operational": gettext_noop("Operational"),
    UNKNOWN: gettext_noop("Level unknown"),
}
PLURALS = {
    "executive": "executives",
    "management": "management",
    "operational": "operational staff",
}
WINDOW_DAYS = 365
BOW_TIE_SHARE = 0.8  # "nearly all" interactions
# Fewer named interactions than this say too little to call a relationship a bow-tie (one
# logged call with one person on each side is not a pattern).
MIN_BOW_TIE_MEETINGS = 3

BOW_TIE, DIAMOND, PARTIAL, NO_CONTACT = "bow-tie", "diamond", "partial", "no contact"
CLASSIFICATIONS = (BOW_TIE, DIAMOND, PARTIAL, NO_CONTACT)


@dataclass(frozen=True)
class Person:
    """A contact of the supplier's record, on either side."""

    id: int
    side: str  # "ours" / "supplier"
    name: str
    level: str  # executive / management / operational
    function: str = "other"
    email: str = ""


@dataclass(frozen=True)
class Participant:
    """One of our users who took part in an interaction."""

    user_id: int
    name: str
    email: str = ""


@dataclass(frozen=True)
class Meeting:
    """One logged interaction and who took part."""

    day: date
    contact_ids: tuple[int, ...] = ()
    participants: tuple[Participant, ...] = ()


@dataclass(frozen=True)
class Pair:
    """The people on each side who took part most often."""

    ours: str  # a name, or "" when nobody on our side is known
    ours_level: str
    ours_meetings: int
    theirs: str
    theirs_level: str
    theirs_meetings: int
    together: int  # interactions both took part in

    def as_dict(self) -> dict[str, object]:
        return {
            "ours": self.ours, "ours_level": self.ours_level, "ours_meetings": self.ours_meetings,
            "theirs": self.theirs, "theirs_level": self.theirs_level,
            "theirs_meetings": self.theirs_meetings, "together": self.together,
        }  # fmt: skip


@dataclass(frozen=True)
class Coverage:
    """How a relationship is carried, and why it is classified so."""

    classification: str  # bow-tie / diamond / partial / no contact
    as_of: date
    meetings: int  # interactions in the window that name the supplier's people
    unnamed: int  # interactions in the window that name nobody on their side (left out)
    grid: dict[str, dict[str, int]]  # our level (and "unknown") -> their level -> count
    covered_levels: tuple[str, ...]  # levels where counterparts met
    our_levels: tuple[str, ...]  # levels on our side that took part (unknown aside)
    their_levels: tuple[str, ...]
    functions: dict[str, dict[str, int]]  # side -> function -> interactions
    pair: Pair | None
    missing_links: tuple[str, ...]
    explanation: tuple[str, ...]  # the counts behind the classification, first the verdict
    people: dict[str, int] = field(default_factory=dict)  # side -> distinct people who met

    @property
    def summary(self) -> str:
        return self.explanation[0] if self.explanation else ""

    @property
    def label(self) -> str:
        return CLASSIFICATION_LABELS[self.classification]

    def as_dict(self) -> dict[str, object]:
        return {
            "classification": self.classification,
            "as_of": self.as_of.isoformat(),
            "meetings": self.meetings,
            "unnamed": self.unnamed,
            "grid": self.grid,
            "covered_levels": list(self.covered_levels),
            "functions": self.functions,
            "pair": self.pair.as_dict() if self.pair else None,
            "missing_links": list(self.missing_links),
            "explanation": list(self.explanation),
        }


CLASSIFICATION_LABELS = {
    BOW_TIE: gettext_noop("Bow-tie"),
    DIAMOND: gettext_noop("Diamond"),
    PARTIAL: gettext_noop("Partial"),
    NO_CONTACT: gettext_noop("No contact"),
}


def _share(n: int, total: int) -> str:
    return f"{n} of {total} ({round(100 * n / total)} %)" if total else "0"


def _plural(n: int, word: str) -> str:
    if word == "person":
        return f"{n} {'person' if n == 1 else 'people'}"
    return f"{n} {word}{'' if n == 1 else 's'}"


def _name(n: int) -> str:
    return "names" if n == 1 else "name"


def classify(
    people: Iterable[Person], meetings: Iterable[Meeting], as_of: date, unlinked: int = 0
) -> Coverage:
    """Classify one supplier's relationship from its contacts and its logged interactions
    (already without archived ones); interactions outside the last 365 days are ignored.
    `unlinked`: further interactions in the window that name nobody at all (the caller may
    count those instead of passing them as empty meetings)."""
    people = list(people)
    by_id = {p.id: p for p in people}
    ours_by_email: dict[str, list[Person]] = {}
    for p in people:
        if p.side == "ours" and p.email.strip():
            ours_by_email.setdefault(p.email.strip().lower(), []).append(p)
    start = as_of - timedelta(days=WINDOW_DAYS)
    in_window = [m for m in meetings if start < m.day <= as_of]

    grid = {ours: dict.fromkeys(LEVELS, 0) for ours in (*LEVELS, UNKNOWN)}
    ours_count: Counter[str] = Counter()  # person key -> interactions
    theirs_count: Counter[int] = Counter()
    together: Counter[tuple[str, int]] = Counter()
    functions: dict[str, Counter[str]] = {"ours": Counter(), "supplier": Counter()}
    our_names: dict[str, tuple[str, str]] = {}  # person key -> (name, level)
    unmatched: set[str] = set()  # participants with no our-side contact
    unnamed, not_named_ours = unlinked, 0
    meetings_counted = 0
    for m in in_window:
        theirs = sorted(
            {by_id[c].id for c in m.contact_ids if c in by_id and by_id[c].side == "supplier"}
        )
        if not theirs:
            unnamed += 1
            continue
        meetings_counted += 1
        ours: dict[str, str] = {}  # person key -> level
        for c in m.contact_ids:
            named = by_id.get(c)
            if named is not None and named.side == "ours":
                ours[f"c{named.id}"] = named.level
                our_names[f"c{named.id}"] = (named.name, named.level)
        for u in m.participants:
            matches = ours_by_email.get(u.email.strip().lower(), []) if u.email else []
            if matches:
                for p in matches:
                    ours[f"c{p.id}"] = p.level
                    our_names[f"c{p.id}"] = (p.name, p.level)
            else:
                key = f"u{u.user_id}"
                ours[key] = UNKNOWN
                our_names[key] = (u.name, UNKNOWN)
                unmatched.add(u.name)
        our_fns = {by_id[int(k[1:])].function for k in ours if k.startswith("c")}
        their_fns = {by_id[c].function for c in theirs}
        functions["ours"].update(our_fns)
        functions["supplier"].update(their_fns)
        if not ours:
            not_named_ours += 1
        our_lv = {level for level in ours.values()} or {UNKNOWN}
        their_lv = {by_id[c].level for c in theirs}
        for a in our_lv:
            for b in their_lv:
                if b in grid[a]:
                    grid[a][b] += 1
        ours_count.update(ours.keys())
        theirs_count.update(theirs)
        together.update((o, t) for o in ours for t in theirs)

    functions_out = {
        side: {f: n for f, n in sorted(c.items(), key=lambda kv: (-kv[1], kv[0])) if n}
        for side, c in functions.items()
    }
    covered = tuple(level for level in LEVELS if grid[level][level])
    our_levels = tuple(level for level in LEVELS if any(grid[level].values()))
    their_levels = tuple(b for b in LEVELS if any(grid[a][b] for a in grid))
    people_count = {"ours": len(ours_count), "supplier": len(theirs_count)}

    pair = None
    if theirs_count:
        t_id, t_n = sorted(theirs_count.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        t = by_id[t_id]
        if ours_count:
            o_key, o_n = sorted(ours_count.items(), key=lambda kv: (-kv[1], kv[0]))[0]
            o_name, o_level = our_names[o_key]
        else:
            o_key, o_n, o_name, o_level = "", 0, "", UNKNOWN
        pair = Pair(o_name, o_level, o_n, t.name, t.level, t_n, together[o_key, t_id])

    n = meetings_counted
    facts: list[str] = []
    if n:
        facts.append(
            f"{_plural(n, 'interaction')} in the last 12 months (up to {as_of.isoformat()}) "
            f"{_name(n)} the supplier's people; {_plural(people_count['supplier'], 'person')} on "
            f"their side and {_plural(people_count['ours'], 'person')} on ours took part."
        )
    if unnamed:
        facts.append(
            f"{_plural(unnamed, 'interaction')} {_name(unnamed)} nobody on the supplier's "
            f"side and {'is' if unnamed == 1 else 'are'} left out."
        )
    if not_named_ours:
        facts.append(
            f"{_plural(not_named_ours, 'interaction')} {_name(not_named_ours)} nobody on our "
            "side: counted as our side, level unknown."
        )
    if unmatched:
        facts.append(
            f"Taking part without an our-side contact for this supplier (level unknown): "
            f"{', '.join(sorted(unmatched))}. Add them as contacts with their level."
        )
    if pair is not None and n:
        ours_text = (
            f"{pair.ours} ({LEVEL_LABELS[pair.ours_level].lower()}) in "
            f"{_share(pair.ours_meetings, n)}"
            if pair.ours
            else "nobody named on our side"
        )
        facts.append(
            f"Most present: {ours_text} on our side; {pair.theirs} "
            f"({LEVEL_LABELS[pair.theirs_level].lower()}) in {_share(pair.theirs_meetings, n)} "
            f"on theirs."
        )
    if n:
        facts.append(
            "Levels where counterparts met: "
            + (", ".join(LEVEL_LABELS[level].lower() for level in covered) or "none")
            + ". Our levels taking part: "
            + (", ".join(LEVEL_LABELS[level].lower() for level in our_levels if level != UNKNOWN)
               or "unknown")
            + "; theirs: "
            + ", ".join(LEVEL_LABELS[level].lower() for level in their_levels)
            + "."
        )  # fmt: skip

    known_our_levels = [level for level in our_levels if level != UNKNOWN]
    pair_carries = (
        pair is not None
        and bool(pair.ours)
        and pair.ours_meetings >= BOW_TIE_SHARE * n
        and pair.theirs_meetings >= BOW_TIE_SHARE * n
    )
    if n == 0:
        classification = NO_CONTACT
        verdict = (
            "No contact: nothing logged in the last 12 months."
            if not unnamed
            else "No contact we can see: the interactions of the last 12 months name nobody "
            "on the supplier's side."
        )
    elif len(covered) >= 2 and set(covered) & {"executive", "management"}:
        classification = DIAMOND
        verdict = (
            f"Diamond: counterparts met on {len(covered)} levels "
            f"({', '.join(LEVEL_LABELS[level].lower() for level in covered)})."
        )
    elif n < MIN_BOW_TIE_MEETINGS:
        classification = PARTIAL
        verdict = (
            f"Partial: only {_plural(n, 'interaction')} {_name(n)} the supplier's people in the "
            f"last 12 months, too few to call it a bow-tie (at least {MIN_BOW_TIE_MEETINGS})."
        )
    elif pair_carries and pair is not None:
        classification = BOW_TIE
        verdict = (
            f"Bow-tie: one pair carries the relationship — {pair.ours} and {pair.theirs} "
            f"took part in {pair.ours_meetings} and {pair.theirs_meetings} of {n} interactions "
            f"(at least {round(100 * BOW_TIE_SHARE)} % each)."
        )
    elif len(known_our_levels) <= 1 and len(their_levels) <= 1:
        classification = BOW_TIE
        ours_lv = LEVEL_LABELS[known_our_levels[0]].lower() if known_our_levels else "unknown"
        verdict = (
            f"Bow-tie: only one level on each side takes part — {ours_lv} on ours, "
            f"{LEVEL_LABELS[their_levels[0]].lower()} on theirs, over {_plural(n, 'interaction')}."
        )
    else:
        classification = PARTIAL
        verdict = (
            "Partial: more than one level takes part, but counterparts do not meet on two "
            "levels including management or executive."
        )

    return Coverage(
        classification=classification,
        as_of=as_of,
        meetings=n,
        unnamed=unnamed,
        grid=grid,
        covered_levels=covered,
        our_levels=our_levels,
        their_levels=their_levels,
        functions=functions_out,
        pair=pair,
        missing_links=tuple(missing_links(grid, people)) if n or unnamed else (),
        explanation=(verdict, *facts),
        people=people_count,
    )


def missing_links(grid: dict[str, dict[str, int]], people: Sequence[Person]) -> list[str]:
    """The links between counterparts that did not happen, as sentences."""
    has = {(p.side, p.level) for p in people}
    out: list[str] = []
    exec_met = any(grid["executive"].values()) or any(grid[a]["executive"] for a in grid)
    if not exec_met:
        out.append("No executive on either side met in the last 12 months.")
    for level in LEVELS:
        if grid[level][level] or (level == "executive" and not exec_met):
            continue
        text = f"Our {PLURALS[level]} never met their {PLURALS[level]}"
        absent = [
            side_text
            for side, side_text in (("ours", "our side"), ("supplier", "their side"))
            if (side, level) not in has
        ]
        if absent:
            text += f" (no {LEVEL_LABELS[level].lower()} contact recorded on {' or '.join(absent)})"
        out.append(text + ".")
    return out


# --- what it means for this supplier -----------------------------------------------------


@dataclass(frozen=True)
class Meaning:
    """Whether this coverage is a problem for the supplier, given how we engage with it."""

    concern: bool
    expects_depth: bool  # strategic quadrant or partnership: several levels should meet
    basis: str  # why we expect depth or not
    message: str


def meaning(
    coverage: Coverage, quadrant: str | None, chosen_model: str | None, recommended_model: str
) -> Meaning:
    """A bow-tie is a problem for a strategic-quadrant supplier or a partnership (the chosen
    engagement model, else the recommended one); for a transactional one it is fine."""
    model = chosen_model or recommended_model
    source = "chosen" if chosen_model else "recommended"
    reasons = []
    if quadrant == "strategic":
        reasons.append("in the strategic quadrant")
    if model == "partnership":
        reasons.append(f"a partnership ({source} engagement model)")
    expects = bool(reasons)
    basis = (
        "This supplier is " + " and ".join(reasons) + "."
        if expects
        else f"This supplier is run as transactional ({source} engagement model)."
    )
    c = coverage.classification
    if c == BOW_TIE and expects:
        return Meaning(
            True, True, basis,
            "A bow-tie is a risk here: if that one pair leaves or falls out, the relationship "
            "goes with them. Raise it to management level: have our management meet theirs "
            "and add a second contact on each side.",
        )  # fmt: skip
    if c == BOW_TIE:
        return Meaning(
            False, False, basis,
            "A bow-tie is fine for a transactional supplier: one pair handling orders and "
            "deliveries is enough.",
        )  # fmt: skip
    if c == DIAMOND:
        return Meaning(
            False, expects, basis,
            "Counterparts meet on several levels: the relationship does not hang on one pair.",
        )  # fmt: skip
    if c == PARTIAL:
        return Meaning(
            False, expects, basis,
            "Several people take part; close the missing links below to make it a diamond."
            if expects
            else "More coverage than a transactional supplier needs; no action required.",
        )  # fmt: skip
    return Meaning(
        False, expects, basis,
        "Nobody from the supplier is on record as having met us in the last 12 months: log "
        "interactions with the people who took part.",
    )  # fmt: skip
