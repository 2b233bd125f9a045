"""REST endpoints of reviewers' scores and the mutual scorecard. Internal users only (portal
users get 403); the services check who may write: any internal role but viewer gives its
own scores, the supplier's owner (and managers, admins) enters its ratings of us."""

# No `from __future__ import annotations` here: ninja's @paginate reads the `Query[...]`
# annotations at import time.
import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Status
from ninja.pagination import paginate

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import require
from partnerbook.core.spreadsheets import CONTENT_TYPES, attachment
from partnerbook.suppliers.api import Pagination
from partnerbook.suppliers.models import Supplier

from . import domain, ratings, services
from .models import KpiRating
from .rating_schemas import (
    JudgementPanelOut,
    MutualExportFilters,
    MutualFilters,
    MutualIn,
    MutualScorecardOut,
    RatingExportFilters,
    RatingFilters,
    RatingIn,
    RatingOut,
    RatingPanelFilters,
    quarter_of,
)
from .schemas import month_of

router = Router(tags=["performance"])
SUPPLIER = "/suppliers/{supplier_id}"
EXPORT_RESPONSES = {
    "responses": {
        "200": {
            "description": "The file (CSV, or XLSX with ?format=xlsx).",
            "content": {
                CONTENT_TYPES["csv"]: {"schema": {"type": "string"}},
                CONTENT_TYPES["xlsx"]: {"schema": {"type": "string", "format": "binary"}},
            },
        }
    }
}


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


def _supplier(request: HttpRequest, supplier_id: int) -> Supplier:
    """The supplier, for internal users who may see it (404 otherwise)."""
    require(request.user, "performance.view")
    suppliers = Supplier.objects.visible_to(request.user).select_related("relationship_owner")
    return get_object_or_404(suppliers, pk=supplier_id)


# --- reviewers' scores ----------------------------------------------------------------------


@router.get(f"{SUPPLIER}/ratings", response=list[RatingOut], summary="List reviewers' scores")
@paginate(Pagination)
def list_ratings(
    request: HttpRequest, supplier_id: int, filters: Query[RatingFilters]
) -> QuerySet[KpiRating]:
    """Every reviewer's score of the supplier's judgement KPIs, newest month first,
    narrowed by KPI key and month."""
    supplier = _supplier(request, supplier_id)
    return ratings.ratings_of(supplier, filters.kpi, month_of(filters.period))


@router.post(
    f"{SUPPLIER}/ratings",
    response={200: RatingOut, 201: RatingOut},
    summary="Give or correct your score",
)
def give_rating(request: HttpRequest, supplier_id: int, payload: RatingIn) -> Status[KpiRating]:
    """Your score (0-100) of one of the supplier's judgement KPIs for a month: 201 for a new
    score, 200 for a correction of yours. A KPI that is not a judgement KPI of the supplier
    or a future month is a 400 naming the field; a stale `version` is a 409. Viewers may not
    score (403)."""
    supplier = _supplier(request, supplier_id)
    period = month_of(payload.period)
    assert period is not None  # noqa: S101 (the schema requires it)
    existed = KpiRating.objects.filter(
        supplier=supplier, kpi_key=payload.kpi, period=period, rater=_user(request)
    ).exists()
    rating = ratings.give_rating(_user(request), supplier, payload.kpi, period, payload.score,
                                 payload.comment, payload.version)  # fmt: skip
    return Status(200 if existed else 201, rating)


@router.get(
    f"{SUPPLIER}/ratings/summary",
    response=list[JudgementPanelOut],
    summary="Median, spread and who has not scored",
)
def rating_summary(
    request: HttpRequest, supplier_id: int, filters: Query[RatingPanelFilters]
) -> list[dict[str, Any]]:
    """Each judgement KPI of the period: the median (its value on the scorecard), the
    spread, each reviewer's score and the expected reviewers who have not scored yet (the
    owner, the current owner and anyone who scored in the last 12 months)."""
    supplier = _supplier(request, supplier_id)
    day = month_of(filters.period) or timezone.localdate()
    start = domain.period_start(day, filters.granularity)
    definitions = services.effective_definitions(supplier)
    panels = ratings.judgement_panels(supplier, definitions, start, filters.granularity)
    r = services.rounded

    def person(user: User) -> dict[str, Any]:
        return {"id": user.pk, "username": user.username, "name": user.display_name}

    return [
        {
            "kpi": p.key, "name": p.name, "period": p.label, "median": r(p.summary.median),
            "spread": r(p.summary.spread), "count": p.summary.count,
            "scores": [
                {"reviewer": person(s.rater), "period": s.period, "score": r(s.score),
                 "comment": s.comment, "version": s.version}
                for s in p.scores
            ],
            "not_scored": [person(u) for u in p.missing],
            "explanation": p.explanation,
        }
        for p in panels
    ]  # fmt: skip


@router.get(
    f"{SUPPLIER}/ratings/export",
    summary="Export reviewers' scores (CSV or XLSX)",
    openapi_extra=EXPORT_RESPONSES,
)
def export_ratings(
    request: HttpRequest, supplier_id: int, filters: Query[RatingExportFilters]
) -> HttpResponse:
    """The scores in the columns the "kpi-ratings" import reads back."""
    supplier = _supplier(request, supplier_id)
    result = ratings.export_ratings(supplier, filters.format, filters.kpi, month_of(filters.period))
    return attachment(result, f"scores-{supplier.pk}.{filters.format}")


# --- the mutual scorecard -------------------------------------------------------------------


def _mutual(supplier: Supplier, newest: dt.date | None, quarters: int) -> dict[str, Any]:
    r = services.rounded
    found = ratings.mutual_scorecard(supplier, newest, quarters)
    return {
        "supplier_id": supplier.pk,
        "quarters": [
            {
                "quarter": q.quarter, "start": q.start,
                "our_overall": r(q.ours.overall) if q.ours else None,
                "our_standing": q.ours.standing if q.ours else None,
                "their_score": r(q.theirs.score), "their_light": q.theirs.light,
                "explanation": q.theirs.explanation, "line": q.line,
                "criteria": [
                    {"criterion": key, "name": name, "score": score,
                     "comment": q.ratings[key].comment if key in q.ratings else "",
                     "version": q.ratings[key].version if key in q.ratings else None,
                     "source": q.ratings[key].source if key in q.ratings else None,
                     "entered_by_id": q.ratings[key].entered_by_id if key in q.ratings else None}
                    for key, name, score in q.theirs.criteria
                ],
            }
            for q in found
        ],
    }  # fmt: skip


@router.get(
    f"{SUPPLIER}/mutual-scorecard",
    response=MutualScorecardOut,
    summary="Get the mutual scorecard",
)
def get_mutual_scorecard(
    request: HttpRequest, supplier_id: int, filters: Query[MutualFilters]
) -> dict[str, Any]:
    """The last quarters, newest first: our overall score of the supplier beside its rating
    of us (1-5 per criterion, as 0-100), with the explanation line. The two are never
    combined."""
    supplier = _supplier(request, supplier_id)
    newest = quarter_of(filters.quarter) if filters.quarter else None
    return _mutual(supplier, newest, filters.quarters)


@router.put(
    f"{SUPPLIER}/mutual-scorecard",
    response=MutualScorecardOut,
    summary="Enter the supplier's ratings of us for a quarter",
)
def put_mutual_scorecard(
    request: HttpRequest, supplier_id: int, payload: MutualIn
) -> dict[str, Any]:
    """Saves the criteria given for the quarter (the others keep their rating) and returns
    the four quarters up to it. Only the supplier's owner, managers and admins (403
    otherwise); a future quarter is a 400; a stale `version` of any criterion is a 409
    and saves nothing."""
    supplier = _supplier(request, supplier_id)
    start = quarter_of(payload.quarter)
    given: dict[str, ratings.PartnerScore] = {
        key: ratings.PartnerScore(value.score, value.comment, value.version)
        for key, value in payload.ratings.items()
    }
    ratings.save_partner_ratings(_user(request), supplier, start, given)
    return _mutual(supplier, start, ratings.MUTUAL_QUARTERS)


@router.get(
    f"{SUPPLIER}/mutual-scorecard/export",
    summary="Export the mutual scorecard (CSV or XLSX)",
    openapi_extra=EXPORT_RESPONSES,
)
def export_mutual_scorecard(
    request: HttpRequest, supplier_id: int, filters: Query[MutualExportFilters]
) -> HttpResponse:
    """One row per quarter, newest first: our score and standing, their score and light,
    their rating per criterion and the explanation line."""
    supplier = _supplier(request, supplier_id)
    newest = quarter_of(filters.quarter) if filters.quarter else None
    result = ratings.export_mutual_scorecard(supplier, filters.format, newest, filters.quarters)
    return attachment(result, f"mutual-{supplier.pk}.{filters.format}")
