"""The rules of the decision checklist and of the pipeline board, without the database.

Before a supplier becomes active, every checklist item must hold. Most items are read from
the data of the feature that owns them (reference calls and the pilot from sourcing, the
alignment triangle and the value-risk placement from segmentation, the contract from
agreements, the onboarding plan, the cadence, the KPIs with a baseline); the two that no
feature owns (technical and capacity fit, financial health) are ticked by a person with
the evidence they relied on. A move to active that fails is refused with the list of what
is missing; a manager may override it with a written reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from partnerbook.core.marks import gettext_noop

MAX_EVIDENCE = 2000
MAX_REASON = 2000
MIN_REASON = 20  # characters: a written reason, not "ok"

FIT = "fit"
FINANCIAL = "financial"
MANUAL_ITEMS: dict[str, tuple[str, str, int]] = {
    FIT: (
        gettext_noop("Technical and capacity fit"),
        gettext_noop(
            "They can make what we need, at the volume we need: name the site visit, sample "
            "or audit and what it showed."
        ),
        10,
    ),
    FINANCIAL: (
        gettext_noop("Financial health check"),
        gettext_noop(
            "They are sound enough to rely on: name the credit report or accounts you read "
            "and what they showed."
        ),
        20,
    ),
}
MANUAL_CHOICES = [(key, label) for key, (label, _, _) in MANUAL_ITEMS.items()]

# The lifecycle statuses the checklist guards: a supplier that becomes active from these
# has not worked with us yet. A supplier coming back from reserve or phasing out has.
ACTIVE = "active"
GATED_FROM = frozenset({"prospect", "vetting", "pilot"})


def is_gated(current: str, target: str) -> bool:
    """True when a move from `current` to `target` must pass the checklist."""
    return target == ACTIVE and current in GATED_FROM


@dataclass(frozen=True)
class ItemResult:
    """One checklist item for one supplier: whether it holds and why."""

    key: str
    label: str
    ok: bool
    evidence: str
    url: str = ""
    manual: bool = False  # ticked by a person rather than read from another feature
    help: str = ""


@dataclass(frozen=True)
class Checklist:
    items: tuple[ItemResult, ...]

    @property
    def complete(self) -> bool:
        return all(item.ok for item in self.items)

    @property
    def missing(self) -> list[ItemResult]:
        return [item for item in self.items if not item.ok]

    @property
    def done(self) -> int:
        return sum(1 for item in self.items if item.ok)

    def item(self, key: str) -> ItemResult | None:
        return next((item for item in self.items if item.key == key), None)

    def missing_lines(self) -> list[str]:
        """One line per missing item: its label and what is missing."""
        return [f"{item.label}: {item.evidence}" for item in self.missing]

    @property
    def summary(self) -> str:
        if self.complete:
            return f"All {len(self.items)} items hold."
        count = len(self.missing)
        return f"{count} of {len(self.items)} item{'s' if len(self.items) != 1 else ''} missing."


def refusal_message(checklist: Checklist, can_override: bool) -> str:
    """The sentence a refused move to active starts with."""
    count = len(checklist.missing)
    text = (
        f"The decision checklist is not complete: {count} item{'s' if count != 1 else ''} "
        "missing. Complete them before the supplier becomes active"
    )
    if can_override:
        return text + ", or override with a written reason."
    return text + " (a manager may override with a written reason)."


def reason_problem(reason: str) -> str | None:
    """What is wrong with an override reason, or None."""
    text = " ".join(reason.split())
    if len(text) < MIN_REASON:
        return (
            f"Write why the supplier should be active without the complete checklist "
            f"(at least {MIN_REASON} characters)."
        )
    if len(text) > MAX_REASON:
        return f"Keep the reason under {MAX_REASON} characters."
    return None


# --- the pipeline board ---------------------------------------------------------------------

CRITERIA = "criteria"
VETTING = "vetting"
PILOT = "pilot"
AGREEMENT = "agreement"
ONBOARDING = "onboarding"
STEPS: list[tuple[str, str]] = [
    (CRITERIA, gettext_noop("Criteria")),
    (VETTING, gettext_noop("Vetting")),
    (PILOT, gettext_noop("Pilot")),
    (AGREEMENT, gettext_noop("Agreement")),
    (ONBOARDING, gettext_noop("Onboarding")),
    (ACTIVE, gettext_noop("Active")),
]
STEP_LABELS = dict(STEPS)
# The checklist items that hold a supplier at each step.
STEP_ITEMS: dict[str, tuple[str, ...]] = {
    VETTING: (FIT, FINANCIAL, "references", "alignment", "placement"),
    PILOT: ("pilot",),
    AGREEMENT: ("contract",),
    ONBOARDING: ("onboarding", "cadence", "kpis"),
}
# The lifecycle status an advance on the board moves to, from each status.
NEXT_STATUS = {"prospect": "vetting", "vetting": "pilot", "pilot": ACTIVE}


@dataclass(frozen=True)
class Card:
    """Where one supplier (or candidate) stands on the board and what holds it there."""

    step: str
    blockers: tuple[str, ...]
    why: str


def place_on_board(
    status: str,
    checklist: Checklist,
    *,
    project_has_criteria: bool = True,
    candidate_stage: str = "",
) -> Card:
    """The playbook step of a supplier from its status and checklist (and, for a candidate
    of a sourcing project, whether the project has its criteria and where the candidate
    stands). The blockers are what keeps it from the next step."""
    if not project_has_criteria:
        return Card(CRITERIA, ("The project has no criteria yet.",), "No criteria to vet against.")
    if status == ACTIVE:
        return Card(ACTIVE, (), "Active.")
    if status in ("prospect", "vetting"):
        blockers = _blockers(checklist, VETTING)
        if candidate_stage == "long_list":
            blockers = ("Not on the short list yet.", *blockers)
        return Card(VETTING, blockers, f"Status {status.replace('_', ' ')}.")
    if status != "pilot":
        return Card(VETTING, (f"Status is {status.replace('_', ' ')}.",), "Not in the playbook.")
    for step in (PILOT, AGREEMENT):
        blockers = _blockers(checklist, step)
        if blockers:
            return Card(step, blockers, f"In pilot; {STEP_LABELS[step].lower()} step open.")
    blockers = tuple(checklist.missing_lines())
    return Card(ONBOARDING, blockers, "Pilot passed and contract reviewed.")


def _blockers(checklist: Checklist, step: str) -> tuple[str, ...]:
    keys = STEP_ITEMS[step]
    return tuple(
        f"{item.label}: {item.evidence}"
        for item in checklist.items
        if item.key in keys and not item.ok
    )


def group_by_step(cards: Sequence[tuple[str, Card]]) -> dict[str, list[str]]:
    """{step: the keys of the cards on it}, every step present, in the order given."""
    grouped: dict[str, list[str]] = {step: [] for step, _ in STEPS}
    for key, card in cards:
        grouped[card.step].append(key)
    return grouped
