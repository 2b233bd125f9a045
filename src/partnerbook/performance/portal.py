"""The supplier's view of performance in the portal: their KPI scorecard (figures, targets,
thresholds, lights and why; nothing of our internal scoring of the relationship), and
their rating of us as a customer (the mutual scorecard).

A quarter's rating is open for the supplier from the first day of the quarter to its
last; within it they may change their answers (each change is kept in the history), and
when the quarter ends it is closed. Our side's own entries of a quarter are replaced by
the supplier's answers, which then show as entered by the supplier."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from partnerbook.accounts.models import User
from partnerbook.accounts.notifications import notify
from partnerbook.accounts.policy import require
from partnerbook.core.audit import save_audited
from partnerbook.suppliers.models import Supplier

from . import domain, services
from .models import PartnerRating
from .portal_schemas import (
    PortalCriterionOut,
    PortalKpiOut,
    PortalKpiPeriodOut,
    PortalOurRatingOut,
    PortalPeriodOut,
    PortalRatingSurveyOut,
    PortalScorecardOut,
)
from .ratings import MAX_COMMENT

SUPPLIER_WROTE = "portal.supplier_wrote"  # registered by the portal app
TRAILING = {domain.MONTH: 6, domain.QUARTER: 4}
HISTORY_QUARTERS = 4


def own_supplier(user: User) -> Supplier:
    supplier = Supplier.objects.visible_to(user).get(pk=user.supplier_id)
    require(user, "portal.use", supplier)
    return supplier


# --- the scorecard --------------------------------------------------------------------------


def why(kpi: Any, value: float | None, light: str | None) -> str:
    """The plain line saying how a figure earns its light, from the KPI's own target and
    thresholds (nothing else goes in)."""
    target = domain.format_value(kpi.target, kpi.unit)
    yellow = domain.format_value(kpi.yellow_threshold, kpi.unit)
    red = domain.format_value(kpi.red_threshold, kpi.unit)
    if kpi.direction == domain.HIGHER:
        bands = f"green from {yellow}, yellow from {red}, red below {red}"
    else:
        bands = f"green up to {yellow}, yellow up to {red}, red above {red}"
    if value is None:
        return f"No figure for this period yet. Target {target}; {bands}."
    return f"{domain.format_value(value, kpi.unit)}: {light}. Target {target}; {bands}."


def scorecard_for(user: User, granularity: str = domain.MONTH) -> PortalScorecardOut:
    """The portal user's own supplier's KPI scorecard over the last periods (oldest first),
    and their ratings of us. A fixed number of queries."""
    supplier = own_supplier(user)
    if granularity not in TRAILING:
        raise ValidationError({"granularity": "Use month or quarter."})
    card, definitions = services.scorecard(
        supplier, None, granularity, trailing=TRAILING[granularity]
    )
    current = card.current
    kpis = []
    for index, definition in enumerate(definitions):
        result = current.kpis[index]
        kpis.append(
            PortalKpiOut(
                key=definition.key,
                name=definition.name,
                unit=definition.unit,
                direction=definition.direction,  # type: ignore[arg-type]
                target=definition.target,
                yellow_threshold=definition.yellow_threshold,
                red_threshold=definition.red_threshold,
                value=services.rounded(result.value),
                value_text=domain.format_value(result.value, definition.unit),
                light=result.light,  # type: ignore[arg-type]
                why=why(definition, result.value, result.light),
                periods=[
                    PortalKpiPeriodOut(
                        label=p.label,
                        value=services.rounded(p.kpis[index].value),
                        value_text=domain.format_value(p.kpis[index].value, definition.unit),
                        light=p.kpis[index].light,  # type: ignore[arg-type]
                    )
                    for p in card.trailing
                ],
            )
        )
    return PortalScorecardOut(
        granularity=granularity,  # type: ignore[arg-type]
        period=current.label,
        overall=services.rounded(current.overall, 1),
        standing=current.standing,  # type: ignore[arg-type]
        periods=[
            PortalPeriodOut(
                label=p.label,
                start=p.start,
                overall=services.rounded(p.overall, 1),
                standing=p.standing,  # type: ignore[arg-type]
            )
            for p in card.trailing
        ],
        kpis=kpis if definitions else [],
        your_ratings_of_us=ratings_history(supplier),
    )


def _criteria(stored: Mapping[str, PartnerRating]) -> list[PortalCriterionOut]:
    return [
        PortalCriterionOut(
            criterion=key,  # type: ignore[arg-type]
            name=gettext(name),
            score=stored[key].score if key in stored else None,
            comment=stored[key].comment if key in stored else "",
        )
        for key, name in domain.CUSTOMER_CRITERIA.items()
    ]


def ratings_history(supplier: Supplier, today: dt.date | None = None) -> list[PortalOurRatingOut]:
    """The supplier's ratings of us in the last quarters, newest first (one query)."""
    current = open_quarter(today)
    first = domain.shift(current, domain.QUARTER, -(HISTORY_QUARTERS - 1))
    by_quarter: dict[dt.date, dict[str, PartnerRating]] = {}
    for rating in PartnerRating.objects.filter(supplier=supplier, period__gte=first):
        by_quarter.setdefault(rating.period, {})[rating.criterion] = rating
    found = []
    for n in range(HISTORY_QUARTERS):
        start = domain.shift(current, domain.QUARTER, -n)
        stored = by_quarter.get(start, {})
        score = domain.customer_score(start, {k: r.score for k, r in stored.items()})
        found.append(
            PortalOurRatingOut(
                quarter=domain.quarter_text(start),
                label=score.label,
                score=services.rounded(score.score, 1),
                light=score.light,  # type: ignore[arg-type]
                criteria=_criteria(stored),
            )
        )
    return found


# --- rating us ------------------------------------------------------------------------------


def open_quarter(today: dt.date | None = None) -> dt.date:
    """The quarter the supplier may rate now: the running one."""
    return domain.period_start(today or timezone.localdate(), domain.QUARTER)


def rating_survey(user: User, today: dt.date | None = None) -> PortalRatingSurveyOut:
    """The open quarter's rating as the supplier gave it so far (one query). Only the
    supplier's own answers count as answered; what our side entered is not shown as theirs."""
    start = open_quarter(today)
    stored = {
        r.criterion: r
        for r in PartnerRating.objects.filter(
            supplier__in=Supplier.objects.visible_to(user),
            period=start,
            source=PartnerRating.Source.PORTAL,
        )
    }
    return PortalRatingSurveyOut(
        quarter=domain.quarter_text(start),
        label=domain.period_label(start, domain.QUARTER),
        open=True,
        answered=len(stored) == len(domain.CUSTOMER_CRITERIA),
        criteria=_criteria(stored),
    )


@transaction.atomic
def rate_us(
    actor: User, quarter: dt.date, ratings: Mapping[str, tuple[Any, str]]
) -> list[PartnerRating]:
    """Save the supplier's rating of us for the quarter containing `quarter`: every
    criterion of `domain.CUSTOMER_CRITERIA` as (score 1-5, comment). Only the running
    quarter is open. Saved as entered by the supplier (the user and their contact)."""
    supplier = own_supplier(actor)
    start = domain.period_start(quarter, domain.QUARTER)
    if start != open_quarter():
        raise ValidationError(
            {
                "quarter": f"{domain.quarter_text(start)} is not open for rating; you can rate "
                f"{domain.quarter_text(open_quarter())}."
            }
        )
    problems: dict[str, str] = {}
    for key in ratings:
        if key not in domain.CUSTOMER_CRITERIA:
            problems[key] = "Not one of the criteria."
    for key in domain.CUSTOMER_CRITERIA:
        score, comment = ratings.get(key, (None, ""))
        if score is None:
            problems[key] = "Rate this from 1 to 5."
        elif reason := domain.partner_score_error(score):
            problems[key] = reason
        if len((comment or "").strip()) > MAX_COMMENT:
            problems[f"{key}_comment"] = f"At most {MAX_COMMENT} characters are allowed."
    if problems:
        raise ValidationError(problems)
    stored = {
        r.criterion: r
        for r in PartnerRating.objects.select_for_update().filter(supplier=supplier, period=start)
    }
    saved = []
    for key in domain.CUSTOMER_CRITERIA:
        score, comment = ratings[key]
        comment = (comment or "").strip()
        rating = stored.get(key)
        if rating is None:
            rating = PartnerRating(supplier=supplier, period=start, criterion=key)
            reason = "Rating of us given by the supplier."
        elif (
            rating.source == PartnerRating.Source.PORTAL
            and rating.score == score
            and rating.comment == comment
        ):
            saved.append(rating)
            continue
        else:
            rating.version += 1
            reason = "Rating of us changed by the supplier."
        rating.score = score
        rating.comment = comment
        rating.source = PartnerRating.Source.PORTAL
        rating.entered_by = actor
        rating.entered_by_contact_id = actor.contact_id
        save_audited(rating, actor, reason, validate_constraints=False)
        saved.append(rating)
    notify(
        SUPPLIER_WROTE,
        [supplier.relationship_owner],
        f"{supplier.name} rated us for {domain.quarter_text(start)}",
        f"{actor.display_name} of {supplier.name} rated us as a customer for "
        f"{domain.quarter_text(start)} in the supplier portal.\n"
        "Their rating is in the mutual scorecard on the supplier's Performance tab.",
    )
    return saved
