"""Pure rules of the supplier registry. No Django imports: plain values in, plain values out."""

from __future__ import annotations

from enum import StrEnum

from partnerbook.core.marks import gettext_noop


class Status(StrEnum):
    PROSPECT = "prospect"
    VETTING = "vetting"
    PILOT = "pilot"
    ACTIVE = "active"
    RESERVE = "reserve"
    PHASING_OUT = "phasing_out"
    EXITED = "exited"


# Moving a supplier into these stages gives it new work: where the pick warnings show.
NEW_WORK = frozenset({Status.PILOT, Status.ACTIVE})

STATUS_LABELS: dict[Status, str] = {
    Status.PROSPECT: gettext_noop("Prospect"),
    Status.VETTING: gettext_noop("Vetting"),
    Status.PILOT: gettext_noop("Pilot"),
    Status.ACTIVE: gettext_noop("Active"),
    Status.RESERVE: gettext_noop("Reserve"),
    Status.PHASING_OUT: gettext_noop("Phasing out"),
    Status.EXITED: gettext_noop("Exited"),
}

# The lifecycle moves forward one stage at a time. A supplier may drop out (exit) at any
# stage before it is active; active suppliers are parked in reserve or phased out first,
# so that exits are deliberate. An exited supplier can only come back as a new prospect.
ALLOWED_TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.PROSPECT: frozenset({Status.VETTING, Status.EXITED}),
    Status.VETTING: frozenset({Status.PILOT, Status.PROSPECT, Status.EXITED}),
    Status.PILOT: frozenset({Status.ACTIVE, Status.VETTING, Status.EXITED}),
    Status.ACTIVE: frozenset({Status.RESERVE, Status.PHASING_OUT}),
    Status.RESERVE: frozenset({Status.ACTIVE, Status.PHASING_OUT, Status.EXITED}),
    Status.PHASING_OUT: frozenset({Status.ACTIVE, Status.EXITED}),
    Status.EXITED: frozenset({Status.PROSPECT}),
}


def allowed_next(current: str) -> list[Status]:
    """The statuses a supplier in `current` may move to, in lifecycle order."""
    targets = ALLOWED_TRANSITIONS[Status(current)]
    return [s for s in Status if s in targets]


def transition_error(current: str, target: str) -> str | None:
    """None when `current` -> `target` is allowed, otherwise a sentence saying why not."""
    try:
        source, goal = Status(current), Status(target)
    except ValueError:
        return f"'{target}' is not a supplier status."
    if source == goal:
        return f"The supplier is already {STATUS_LABELS[goal].lower()}."
    if goal in ALLOWED_TRANSITIONS[source]:
        return None
    options = ", ".join(STATUS_LABELS[s].lower() for s in allowed_next(source))
    return (
        f"A supplier cannot move from {STATUS_LABELS[source].lower()} to "
        f"{STATUS_LABELS[goal].lower()}. From {STATUS_LABELS[source].lower()} it can move to: "
        f"{options}."
    )
