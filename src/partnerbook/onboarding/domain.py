"""Pure rules of onboarding and growth: the standard 30-60-90-day plan, progress per
milestone, and which expansion opportunities fit which maturity stage. Plain data in,
plain data out; no Django."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from partnerbook.core.marks import gettext_noop
from partnerbook.segmentation.domain import STAGES, Stage

MILESTONES = (30, 60, 90)
MILESTONE_LABELS = {
    30: gettext_noop("First 30 days"),
    60: gettext_noop("Days 31 to 60"),
    90: gettext_noop("Days 61 to 90"),
}
OURS, SUPPLIER = "ours", "supplier"
SIDES = {OURS: gettext_noop("Our side"), SUPPLIER: gettext_noop("Supplier side")}


@dataclass(frozen=True)
class TemplateTask:
    """One task of the standard plan: due `offset_days` after the plan starts."""

    milestone: int
    side: str
    title: str
    detail: str
    offset_days: int


TEMPLATE: tuple[TemplateTask, ...] = (
    TemplateTask(30, OURS, "Introduce our stakeholders",
                 "Our point of contact introduces buying, quality, logistics and finance "
                 "colleagues, with who to ask for what.", 7),
    TemplateTask(30, SUPPLIER, "Introduce the supplier's stakeholders",
                 "The supplier names its account manager, quality, logistics and invoicing "
                 "contacts and their stand-ins.", 7),
    TemplateTask(30, OURS, "Grant access to the supplier portal",
                 "Create portal accounts for the supplier's named contacts.", 14),
    TemplateTask(30, OURS, "Create the vendor record in the ERP",
                 "Set up the vendor master data: bank details, payment terms, tax numbers.", 14),
    TemplateTask(30, SUPPLIER, "Confirm master data for the vendor record",
                 "The supplier checks and signs off the bank, tax and address data we hold.", 21),
    TemplateTask(60, OURS, "Set up the EDI connection",
                 "Agree the message types (orders, confirmations, delivery notes, invoices) "
                 "and run a test exchange.", 45),
    TemplateTask(60, SUPPLIER, "Pass the EDI test exchange",
                 "The supplier sends and receives test messages without errors.", 50),
    TemplateTask(60, OURS, "Train the supplier on our quality requirements",
                 "Walk through specifications, inspection, non-conformance handling and "
                 "corrective actions.", 40),
    TemplateTask(60, OURS, "Train the supplier on ordering",
                 "Show how orders, forecasts, call-offs and changes reach them and what "
                 "answer we expect.", 45),
    TemplateTask(60, OURS, "Train the supplier on invoicing",
                 "Explain invoice content, matching against orders and receipts, and "
                 "payment runs.", 55),
    TemplateTask(90, SUPPLIER, "Prepare performance data for the first review",
                 "The supplier brings its own view of delivery, quality and open issues.", 80),
    TemplateTask(90, OURS, "Hold the first joint review",
                 "Review the first 90 days together: results against the success criteria, "
                 "what to improve, and the cadence from here on.", 90),
)  # fmt: skip

SUCCESS_CRITERIA = {
    30: "Both sides know who to call for what; portal and vendor record are in place.",
    60: "Orders, confirmations and invoices flow without manual fixes; the supplier has "
    "been trained on quality, ordering and invoicing.",
    90: "The first joint review is held, results are measured against agreed KPIs, and "
    "the regular cadence is set.",
}


def due_on(starts_on: dt.date, offset_days: int) -> dt.date:
    return starts_on + dt.timedelta(days=offset_days)


def milestone_day(starts_on: dt.date, milestone: int) -> dt.date:
    """The last day of a milestone (its default due date)."""
    return due_on(starts_on, milestone)


def milestone_problem(value: object) -> str:
    """Why `value` is not a milestone ('' when it is)."""
    if isinstance(value, bool) or value not in MILESTONES:
        return "Choose the milestone: 30, 60 or 90 days."
    return ""


# --- progress ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TaskState:
    """What progress needs to know about one task."""

    milestone: int
    status: str  # "open" | "done" | "dropped"
    due_on: dt.date | None


@dataclass(frozen=True)
class Progress:
    """Progress of one milestone (or the whole plan, `milestone` 0)."""

    milestone: int
    done: int
    total: int  # dropped tasks are not counted
    overdue: int
    dropped: int
    explanation: str

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.done == self.total


def _progress(milestone: int, tasks: list[TaskState], today: dt.date, name: str) -> Progress:
    dropped = sum(1 for t in tasks if t.status == "dropped")
    counted = [t for t in tasks if t.status != "dropped"]
    done = sum(1 for t in counted if t.status == "done")
    overdue = sum(
        1 for t in counted if t.status == "open" and t.due_on is not None and t.due_on < today
    )
    total = len(counted)
    if not total:
        text = f"{name}: no tasks to do."
    else:
        text = f"{name}: {done} of {total} tasks done ({round(100 * done / total)} %)"
        text += f", {overdue} overdue" if overdue else ", none overdue"
        text += "."
    if dropped:
        text += f" {dropped} dropped task{'s' if dropped != 1 else ''} left out of the count."
    return Progress(milestone, done, total, overdue, dropped, text)


def progress(tasks: Iterable[TaskState], today: dt.date) -> tuple[list[Progress], Progress]:
    """Progress per milestone (30, 60, 90, in that order) and for the whole plan."""
    tasks = list(tasks)
    per = [
        _progress(m, [t for t in tasks if t.milestone == m], today, MILESTONE_LABELS[m])
        for m in MILESTONES
    ]
    return per, _progress(0, tasks, today, "Whole plan")


# --- expansion opportunities ------------------------------------------------------------

MORE_VOLUME, NEW_SERVICE = "more_volume", "new_service"
CO_INVESTMENT, CO_INNOVATION = "co_investment", "co_innovation"
KINDS = {
    MORE_VOLUME: gettext_noop("More volume"),
    NEW_SERVICE: gettext_noop("New service"),
    CO_INVESTMENT: gettext_noop("Co-investment"),
    CO_INNOVATION: gettext_noop("Co-innovation project"),
}
# The lowest maturity stage at which each kind of opportunity makes sense, and why.
MINIMUM_STAGE = {
    MORE_VOLUME: Stage.TRANSACTIONAL,
    NEW_SERVICE: Stage.COOPERATIVE,
    CO_INNOVATION: Stage.COLLABORATIVE,
    CO_INVESTMENT: Stage.STRATEGIC,
}
WHY = {
    MORE_VOLUME: "giving more of the same work needs only reliable deliveries",
    NEW_SERVICE: "a new service needs schedules, forecasts and requirements shared openly",
    CO_INNOVATION: "developing something together needs joint problem-solving and shared risk",
    CO_INVESTMENT: "investing together needs aligned long-term goals and shared rewards",
}
ACTIVE_STATUS = "active"


@dataclass(frozen=True)
class Fit:
    ok: bool
    explanation: str


def opportunity_fit(kind: str, stage: str | None, supplier_status: str) -> Fit:
    """Whether an opportunity of `kind` fits a relationship at maturity `stage` (None: not
    assessed, read as transactional) with a supplier in `supplier_status`."""
    if kind not in KINDS:
        return Fit(False, f"Unknown kind; use one of: {', '.join(KINDS)}.")
    if supplier_status != ACTIVE_STATUS:
        return Fit(
            False,
            "Growth opportunities are for active partners only; this supplier is "
            f"{supplier_status.replace('_', ' ')}.",
        )
    current = Stage(stage or Stage.TRANSACTIONAL)
    needed = MINIMUM_STAGE[kind]
    label = KINDS[kind].lower()
    if STAGES.index(current) < STAGES.index(needed):
        return Fit(
            False,
            f"A {label} opportunity needs at least a {needed.value} relationship, because "
            f"{WHY[kind]}; this one is {current.value}. Move the relationship on first.",
        )
    return Fit(True, f"Fits: the relationship is {current.value} and {WHY[kind]}.")


def kinds_that_fit(stage: str | None) -> list[str]:
    """The kinds an active supplier at `stage` may take on."""
    return [k for k in KINDS if opportunity_fit(k, stage, ACTIVE_STATUS).ok]


# Opportunity statuses; won and dropped are closed and need their outcome.
STATUSES = {
    "idea": gettext_noop("Idea"),
    "in_progress": gettext_noop("In progress"),
    "won": gettext_noop("Won"),
    "dropped": gettext_noop("Dropped"),
}
CLOSED = ("won", "dropped")


def outcome_problem(status: str, outcome: str) -> str:
    if status in CLOSED and not outcome.strip():
        return "Say what came of it: a won or dropped opportunity needs its outcome."
    return ""
