"""The rules of referrals and recognition, without the database.

A referral is a company an existing supplier pointed us to; it moves from received to
onboarded or declined. Two figures judge the programme, each with the counts behind it and
the sentence that explains it: the share of the sourcing pipeline that came by referral, and
how many referred suppliers are still with us 12 and 24 months after they started, beside
the same figure for the others. A recorded win is a deposit in the trust ledger.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from partnerbook.core.marks import gettext_noop

MAX_TEXT = 4000
MAX_TITLE = 200
MAX_NAME = 200

# The trust-ledger deposit a recorded win makes, unless the recorder chooses another number
# (overridden for the whole site with the PARTNERBOOK_RECOGNITION_POINTS setting).
DEFAULT_WIN_POINTS = 3
MIN_WIN_POINTS, MAX_WIN_POINTS = 1, 20

REFERRAL_STATUSES: dict[str, str] = {
    "received": gettext_noop("Received"),
    "contacted": gettext_noop("Contacted"),
    "vetting": gettext_noop("Vetting"),
    "onboarded": gettext_noop("Onboarded"),
    "declined": gettext_noop("Declined"),
}
OPEN_STATUSES = frozenset({"received", "contacted", "vetting"})
REWARD_STATUSES: dict[str, str] = {
    "none": gettext_noop("No reward"),
    "promised": gettext_noop("Promised"),
    "paid": gettext_noop("Paid"),
}

# A referral moves forward, may be declined while open, and a declined one may be looked at
# again (back to received). Onboarded is where it ends.
REFERRAL_MOVES: dict[str, frozenset[str]] = {
    "received": frozenset({"contacted", "vetting", "onboarded", "declined"}),
    "contacted": frozenset({"vetting", "onboarded", "declined"}),
    "vetting": frozenset({"onboarded", "declined"}),
    "onboarded": frozenset(),
    "declined": frozenset({"received"}),
}

# The supplier statuses that make the pipeline (before a supplier is active with us), and
# those that mean a supplier has left or is leaving (no longer current).
PIPELINE_STATUSES = ("prospect", "vetting", "pilot")
GONE_STATUSES = ("phasing_out", "exited")
HORIZONS = (12, 24)  # months after the start at which retention is measured


def allowed_moves(current: str) -> list[str]:
    """The statuses a referral in `current` may move to, in the order of the list."""
    targets = REFERRAL_MOVES.get(current, frozenset())
    return [s for s in REFERRAL_STATUSES if s in targets]


def move_error(current: str, target: str) -> str | None:
    """None when a referral may move from `current` to `target`, else why not."""
    if target not in REFERRAL_STATUSES:
        return f"Use one of: {', '.join(REFERRAL_STATUSES)}."
    if current == target:
        return f"The referral is already {REFERRAL_STATUSES[target].lower()}."
    if target in REFERRAL_MOVES.get(current, frozenset()):
        return None
    options = ", ".join(REFERRAL_STATUSES[s].lower() for s in allowed_moves(current))
    where = (
        f"From {REFERRAL_STATUSES[current].lower()} it can move to: {options}."
        if options
        else (f"{REFERRAL_STATUSES[current]} is where a referral ends.")
    )
    return (
        f"A referral cannot move from {REFERRAL_STATUSES[current].lower()} to "
        f"{REFERRAL_STATUSES[target].lower()}. {where}"
    )


def percent(part: int, whole: int) -> Decimal | None:
    """`part` of `whole` in per cent with one decimal (half up); None when `whole` is 0."""
    if whole <= 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _pct(value: Decimal | None) -> str:
    return "no figure" if value is None else f"{value} %"


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the last day of the month when that month is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --- the pipeline share ---------------------------------------------------------------------


@dataclass(frozen=True)
class PipelineEntry:
    """One supplier in the pipeline and how we know it is there: its own status (prospect,
    vetting or pilot; "" when it is there only as a candidate) and whether it is an open
    candidate of a sourcing project; and how we know it came by referral: a referral
    recorded for it, or a candidacy whose source is "referral"."""

    supplier_id: int
    name: str
    status: str = ""
    open_candidate: bool = False
    referral_recorded: bool = False
    candidate_by_referral: bool = False

    @property
    def by_referral(self) -> bool:
        return self.referral_recorded or self.candidate_by_referral


@dataclass(frozen=True)
class PipelineShare:
    total: int
    by_referral: int
    by_status: int  # suppliers counted because of their status
    candidates_only: int  # counted only because they are open candidates
    referral_recorded: int  # of by_referral: a referral is recorded for them
    candidate_by_referral: int  # of by_referral: a candidacy's source says referral
    share: Decimal | None  # per cent, one decimal
    explanation: str
    referred: tuple[PipelineEntry, ...]  # the pipeline suppliers that came by referral


def pipeline_share(entries: Iterable[PipelineEntry]) -> PipelineShare:
    """The share of the pipeline that came by referral. Each supplier counts once, however
    many candidacies or referrals it has."""
    unique: dict[int, PipelineEntry] = {}
    for entry in entries:
        seen = unique.get(entry.supplier_id)
        if seen is not None:
            entry = PipelineEntry(
                entry.supplier_id, entry.name, seen.status or entry.status,
                seen.open_candidate or entry.open_candidate,
                seen.referral_recorded or entry.referral_recorded,
                seen.candidate_by_referral or entry.candidate_by_referral,
            )  # fmt: skip
        unique[entry.supplier_id] = entry
    rows = sorted(unique.values(), key=lambda e: (e.name.casefold(), e.supplier_id))
    total = len(rows)
    referred = tuple(e for e in rows if e.by_referral)
    by_status = sum(1 for e in rows if e.status)
    share = percent(len(referred), total)
    recorded = sum(1 for e in referred if e.referral_recorded)
    by_candidacy = sum(1 for e in referred if e.candidate_by_referral)
    if total == 0:
        explanation = (
            "The pipeline is empty: no supplier is a prospect, in vetting or in pilot, and no "
            "sourcing project has an open candidate."
        )
    else:
        explanation = (
            f"{len(referred)} of the {total} suppliers in the pipeline came by referral "
            f"({_pct(share)}). The pipeline counts every supplier that is a prospect, in "
            f"vetting or in pilot ({by_status}) and every other supplier on the long or short "
            f"list of an open sourcing project ({total - by_status}), each once. A supplier "
            f"came by referral when a referral is recorded for it ({recorded}) or a "
            f"candidacy names referral as its source ({by_candidacy}); both may hold."
        )
    return PipelineShare(
        total=total, by_referral=len(referred), by_status=by_status,
        candidates_only=total - by_status, referral_recorded=recorded,
        candidate_by_referral=by_candidacy, share=share, explanation=explanation,
        referred=referred,
    )  # fmt: skip


# --- retention ------------------------------------------------------------------------------


@dataclass(frozen=True)
class StartFacts:
    """One supplier that started with us: the first day it was active, the first day after
    that on which it was phasing out or exited (None: never since), and whether it came by
    referral."""

    supplier_id: int
    referred: bool
    started_on: date
    left_on: date | None = None


@dataclass(frozen=True)
class Cohort:
    """Retention of one group at one horizon: of the `eligible` suppliers (started at least
    `months` ago), `retained` had not begun to leave by then; `too_recent` started later."""

    months: int
    eligible: int
    retained: int
    too_recent: int
    rate: Decimal | None

    @property
    def lost(self) -> int:
        return self.eligible - self.retained

    @property
    def text(self) -> str:
        if self.eligible == 0:
            return f"none started {self.months} months ago or earlier"
        return f"{self.retained} of {self.eligible} still current ({_pct(self.rate)})"


@dataclass(frozen=True)
class HorizonRetention:
    months: int
    referred: Cohort
    others: Cohort
    explanation: str


@dataclass(frozen=True)
class Retention:
    as_of: date
    horizons: tuple[HorizonRetention, ...]
    referred_started: int
    others_started: int
    explanation: str


def _cohort(facts: Sequence[StartFacts], months: int, as_of: date) -> Cohort:
    eligible = retained = too_recent = 0
    for f in facts:
        mark = add_months(f.started_on, months)
        if mark > as_of:
            too_recent += 1
            continue
        eligible += 1
        if f.left_on is None or f.left_on > mark:
            retained += 1
    return Cohort(months, eligible, retained, too_recent, percent(retained, eligible))


def retention(
    facts: Iterable[StartFacts], as_of: date, horizons: Sequence[int] = HORIZONS
) -> Retention:
    """Retention of referred suppliers against the others at each horizon. A supplier counts
    at a horizon once it started that many months before `as_of`; it is retained when it
    was not phasing out or exited on or before that mark (a later exit does not undo it)."""
    rows = list(facts)
    referred = [f for f in rows if f.referred]
    others = [f for f in rows if not f.referred]
    found = []
    for months in horizons:
        ref, oth = _cohort(referred, months, as_of), _cohort(others, months, as_of)
        if ref.rate is None or oth.rate is None:
            verdict = "Too few suppliers started long enough ago to compare."
        elif ref.rate > oth.rate:
            verdict = "Referred suppliers stayed more often."
        elif ref.rate < oth.rate:
            verdict = "Referred suppliers stayed less often."
        else:
            verdict = "Both groups stayed equally often."
        found.append(HorizonRetention(
            months, ref, oth,
            f"After {months} months: referred {ref.text}; others {oth.text}. {verdict}",
        ))  # fmt: skip
    explanation = (
        "A supplier starts on the first day it was active with us and stops being current on "
        "the first day after that on which it was phasing out or exited. At each horizon only "
        "the suppliers that started at least that long ago count; the rest are too recent "
        "to judge. Referred means a referral is recorded for the supplier or a sourcing "
        f"candidacy names referral as its source. {len(referred)} referred and {len(others)} "
        "other suppliers have started so far."
    )
    return Retention(as_of, tuple(found), len(referred), len(others), explanation)


# --- rewards --------------------------------------------------------------------------------


def reward_error(
    reward_status: str, amount: Decimal | None, currency: str, paid_on: date | None
) -> tuple[str, str] | None:
    """(field, why) when a referral's reward does not hold together, else None."""
    if reward_status not in REWARD_STATUSES:
        return "reward_status", f"Use one of: {', '.join(REWARD_STATUSES)}."
    if amount is not None and amount < 0:
        return "reward_amount", "A reward cannot be negative."
    if amount is not None and not currency:
        return "reward_currency", "Give the reward's currency."
    if reward_status == "paid" and paid_on is None:
        return "paid_on", "Say when the reward was paid."
    if reward_status != "paid" and paid_on is not None:
        return "paid_on", "Only a paid reward has a payment date."
    return None
