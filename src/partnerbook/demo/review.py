"""Demo stories of the review feature (issue 12), scheduled on the demo loader's clock.

`schedule(loader)` adds events with `loader.at_day(days_ago, action)`; the actions use the
loader's helpers (`loader.supplier(key)`, `loader.users[username]`, `loader.actor_for(key)`)
and the feature's services, never hand-made rows.

Last quarter Maria ran a review of the whole portfolio: the suggestions were seeded by the
portfolio service (so they carry their reasons, and say so where an input was not known
yet), most decisions follow them, and a few are overridden with a reason: Hedmark Timber's
partnership effort is wound down to transactional, and Brightwave gets investment despite
its risk because it is the sole source of its chips."""

from __future__ import annotations

from functools import partial
from typing import Any

REVIEW_TITLE = "Portfolio review, third quarter"
REVIEW_NOTE = (
    "Whole portfolio, with the category leads. Suggestions seeded from quadrant, engagement "
    "model, health, performance and economics; we followed them except where noted."
)
STARTED_DAYS_AGO = 75
DECIDED_DAYS_AGO = 72
CLOSED_DAYS_AGO = 70

# Decisions taken against (or regardless of) the suggestion: supplier key -> (decision, why).
OVERRIDES: dict[str, tuple[str, str]] = {
    "hedmark": (
        "phase_out",
        "Phase out the partnership programme, not the supplier: sawn timber is a commodity "
        "with several able sawmills, so Hedmark moves to transactional effort (framework "
        "order, yearly price review) and the executive dinners stop.",
    ),
    "brightwave": (
        "invest",
        "Invest despite the risk: Brightwave is the sole source of the controller chips, so "
        "a closer relationship (capacity reservations, shared forecasts) protects supply "
        "while a second source is qualified.",
    ),
}
AGREED = {
    "invest": "Agreed with the suggestion: give this partner more attention this year.",
    "maintain": "Agreed with the suggestion: keep the present level of effort.",
    "phase_out": "Agreed with the suggestion: no new work; wind down as contracts end.",
}


def schedule(loader: Any) -> None:
    """The closed review round of last quarter, started, decided and closed by Maria."""
    loader.at_day(STARTED_DAYS_AGO, partial(start_review, loader))
    loader.at_day(DECIDED_DAYS_AGO, partial(decide_review, loader))
    loader.at_day(CLOSED_DAYS_AGO, partial(close_review, loader))


def _round(loader: Any) -> Any:
    from partnerbook.portfolio.models import ReviewRound

    return ReviewRound.objects.get(title=REVIEW_TITLE)


def start_review(loader: Any) -> None:
    from partnerbook.portfolio import services

    services.start_round(
        loader.users["maria"],
        {"title": REVIEW_TITLE, "scope_kind": "all", "note": REVIEW_NOTE},
    )


def _agreed_reason(row: Any) -> str:
    """The stock sentence, with the input that weighed most."""
    strongest = max(row.suggestion_reasons, key=lambda r: abs(r["points"]), default=None)
    reason = AGREED[row.suggestion]
    if strongest and strongest["points"]:
        reason += f" Main reason: {strongest['label'].lower()} — {strongest['finding']}"
    return reason


def decide_review(loader: Any) -> None:
    from partnerbook.portfolio import services

    maria, round_ = loader.users["maria"], _round(loader)
    overrides = {
        loader.supplier_ids[key]: value
        for key, value in OVERRIDES.items()
        if key in loader.supplier_ids
    }
    for row in round_.decisions.order_by("supplier__name"):
        decision, reason = overrides.get(row.supplier_id, (row.suggestion, _agreed_reason(row)))
        services.decide(maria, round_, row.supplier_id, decision, reason)


def close_review(loader: Any) -> None:
    from partnerbook.portfolio import services

    services.close_round(
        loader.users["maria"],
        _round(loader),
        REVIEW_NOTE + " Hedmark and Brightwave were decided against the suggestion; see their "
        "reasons.",
    )
