"""REST endpoints of the portfolio app: the value-risk matrix, the portfolio review (rounds,
their decisions and suggestions, deciding, closing, the report export), the getting-started
plan and the review's settings."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import get_language
from ninja import Query, Router, Status
from ninja.pagination import paginate
from ninja.renderers import JSONRenderer

from partnerbook.accounts.models import INTERNAL_ROLES, User
from partnerbook.accounts.policy import require
from partnerbook.core.spreadsheets import attachment
from partnerbook.suppliers.api import Pagination
from partnerbook.suppliers.models import Category

from . import services
from .exports import export_round, round_filename
from .models import ReviewRound
from .review_schemas import (
    GettingStartedOut,
    PortfolioSettingsIn,
    PortfolioSettingsOut,
    ReviewCloseIn,
    ReviewDecisionIn,
    ReviewExportQuery,
    ReviewRoundDetailOut,
    ReviewRoundIn,
    ReviewRoundOut,
)
from .schemas import MatrixOut, PortfolioFilters, matrix_data

router = Router(tags=["portfolio"])

ROUND = "/portfolio/reviews/{round_id}"
FILE_RESPONSE = {
    "200": {
        "description": "The round's decisions, one row per supplier, as CSV or XLSX.",
        "content": {
            "text/csv": {"schema": {"type": "string"}},
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                "schema": {"type": "string", "format": "binary"}
            },
        },
    }
}
# Service field names -> the API's (errors name the field as the request spelt it).
_FIELDS = {"scope_kind": "scope.kind", "scope_category": "scope.category",
           "scope_owner": "scope.owner", "suppliers": "scope.suppliers"}  # fmt: skip


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


@router.get("/portfolio/matrix", response=MatrixOut, summary="Value-risk matrix")
def portfolio_matrix(request: HttpRequest, filters: Query[PortfolioFilters]) -> Any:
    """Every current supplier with its value, risk, quadrant (effective and computed) and
    spend, the quadrant totals and the portfolio guidance checks; suppliers without scores
    are listed under `unplaced`. Internal users only (portal users get 403)."""
    portfolio = filters.portfolio_for(_user(request))
    if portfolio.key is None:
        return matrix_data(portfolio)
    # The same portfolio gives the same body: keep it (validating and encoding ten thousand
    # rows costs more than the rest of the request).
    key = (portfolio.key, get_language())
    body = _BODIES.get(key)
    if body is None:
        data = MatrixOut.model_validate(matrix_data(portfolio)).model_dump()
        body = _RENDERER.render(request, data, response_status=200)
        if len(_BODIES) >= MAX_BODIES:
            _BODIES.clear()
        _BODIES[key] = body
    return HttpResponse(body, content_type=f"{_RENDERER.media_type}; charset={_RENDERER.charset}")


# Matrix bodies kept by the portfolio they show (see segmentation.cache): a few filters' worth.
MAX_BODIES = 4
_BODIES: dict[tuple[Any, ...], bytes] = {}
_RENDERER = JSONRenderer()


# --- the portfolio review -------------------------------------------------------------------


def _round_out(round_: Any) -> dict[str, Any]:
    return {
        "id": round_.pk, "title": round_.title, "scope_kind": round_.scope_kind,
        "scope_label": round_.scope_label, "scope_category_id": round_.scope_category_id,
        "scope_owner_id": round_.scope_owner_id, "status": round_.status,
        "started_by": round_.started_by.display_name, "started_at": round_.started_at,
        "closed_by": round_.closed_by.display_name if round_.closed_by else None,
        "closed_at": round_.closed_at, "note": round_.note, "total": round_.total,
        "decided": round_.decided,
        "counts": {"invest": round_.invest, "maintain": round_.maintain,
                   "phase_out": round_.phase_out},
        "progress": f"{round_.decided} of {round_.total} decided",
    }  # fmt: skip


def _detail(user: User, round_: ReviewRound) -> dict[str, Any]:
    view = services.round_view(user, round_)
    guard = view.guard
    return {
        **_round_out(round_),
        "guard": {
            "total": guard.total, "per_owner": guard.per_owner,
            "owner_limit": guard.owner_limit, "team_limit": guard.team_limit,
            "warnings": [vars(w) for w in guard.warnings], "explanation": guard.explanation,
        },
        "decisions": [
            {
                "supplier_id": d.supplier_id, "supplier_name": d.supplier.name,
                "category": d.supplier.category.name if d.supplier.category else None,
                "owner": d.supplier.relationship_owner.display_name
                if d.supplier.relationship_owner else None,
                "quadrant": d.quadrant or None, "engagement_model": d.engagement_model or None,
                "suggestion": d.suggestion, "suggestion_points": d.suggestion_points,
                "suggestion_reasons": d.suggestion_reasons,
                "suggestion_explanation": d.suggestion_explanation,
                "decision": d.decision or None, "reason": d.reason,
                "decided_by": d.decided_by.display_name if d.decided_by else None,
                "decided_at": d.decided_at, "overridden": d.overridden,
                "strategic_partner": guard.counted.get(d.supplier_id),
            }
            for d in view.decisions
        ],
    }  # fmt: skip


def _round(request: HttpRequest, round_id: int) -> ReviewRound:
    try:
        return services.round_for(_user(request), round_id)
    except ReviewRound.DoesNotExist:
        raise Http404 from None


@router.get("/portfolio/reviews", response=list[ReviewRoundOut], summary="List review rounds")
@paginate(Pagination)
def list_rounds(request: HttpRequest) -> list[dict[str, Any]]:
    """Every portfolio review round, newest first, with its decisions counted."""
    return [_round_out(r) for r in services.visible_rounds(_user(request))]


@router.post(
    "/portfolio/reviews", response={201: ReviewRoundDetailOut}, summary="Start a review round"
)
def create_round(request: HttpRequest, payload: ReviewRoundIn) -> Status[dict[str, Any]]:
    """Seeds a suggestion (invest, maintain, phase out) with its reasons for every current
    supplier in scope. Managers and administrators only."""
    user = _user(request)
    require(user, "portfolio.review")
    scope = payload.scope
    data: dict[str, Any] = {"title": payload.title, "note": payload.note,
                            "scope_kind": scope.kind, "suppliers": scope.suppliers}  # fmt: skip
    try:
        if scope.category is not None:
            data["scope_category"] = Category.objects.filter(pk=scope.category).first()
            if data["scope_category"] is None:
                raise ValidationError({"scope_category": "No such category."})
        if scope.owner is not None:
            data["scope_owner"] = User.objects.filter(
                pk=scope.owner, role__in=INTERNAL_ROLES
            ).first()
            if data["scope_owner"] is None:
                raise ValidationError({"scope_owner": "No such colleague."})
        started = services.start_round(user, data)
    except ValidationError as exc:
        raise ValidationError({_FIELDS.get(k, k): v for k, v in exc.message_dict.items()}) from exc
    return Status(201, _detail(user, _round(request, started.pk)))


@router.get(ROUND, response=ReviewRoundDetailOut, summary="Get a review round")
def get_round(request: HttpRequest, round_id: int) -> dict[str, Any]:
    """The round with every supplier's inputs, suggestion and reasons, decision, and the
    strategic-partner guard."""
    return _detail(_user(request), _round(request, round_id))


@router.post(
    ROUND + "/decisions/{supplier_id}", response=ReviewRoundDetailOut, summary="Decide one supplier"
)
def decide(
    request: HttpRequest, round_id: int, supplier_id: int, payload: ReviewDecisionIn
) -> dict[str, Any]:
    """Invest, maintain or phase out with a reason, for one supplier of an open round."""
    user = _user(request)
    require(user, "portfolio.review")
    round_ = _round(request, round_id)
    if not round_.decisions.filter(supplier_id=supplier_id).exists():
        raise Http404
    services.decide(user, round_, supplier_id, payload.decision, payload.reason)
    return _detail(user, _round(request, round_id))


@router.post(ROUND + "/close", response=ReviewRoundDetailOut, summary="Close a review round")
def close_round(request: HttpRequest, round_id: int, payload: ReviewCloseIn) -> dict[str, Any]:
    """Only once every supplier in it is decided (400 naming `decisions` otherwise)."""
    user = _user(request)
    require(user, "portfolio.review")
    services.close_round(user, _round(request, round_id), payload.note)
    return _detail(user, _round(request, round_id))


@router.get(
    ROUND + "/export", summary="Export a review round", openapi_extra={"responses": FILE_RESPONSE}
)
def export_round_file(
    request: HttpRequest, round_id: int, options: Query[ReviewExportQuery]
) -> HttpResponse:
    """The round as a report: one row per supplier with suggestion, decision and reason."""
    view = services.round_view(_user(request), _round(request, round_id))
    return attachment(export_round(view, options.format), round_filename(view, options.format))


# --- getting started and settings ----------------------------------------------------------


@router.get("/portfolio/getting-started", response=GettingStartedOut, summary="The 30-day plan")
def getting_started(request: HttpRequest) -> dict[str, Any]:
    """Each week's items, ticked from the data, with the evidence found or what is missing."""
    weeks = services.getting_started(_user(request))
    following = next((i for w in weeks for i in w.items if not i.ok), None)
    return {
        "weeks": [
            {"week": w.week, "title": w.title, "done": w.done,
             "items": [{"key": i.key, "title": i.title, "ok": i.ok, "evidence": i.evidence,
                        "url": i.url} for i in w.items]}
            for w in weeks
        ],
        "next": following.key if following else None,
    }  # fmt: skip


def _settings_out(settings_obj: Any) -> dict[str, Any]:
    return {"owner_limit": settings_obj.owner_limit, "team_limit": settings_obj.team_limit,
            "version": settings_obj.version}  # fmt: skip


@router.get(
    "/portfolio/settings", response=PortfolioSettingsOut, summary="Portfolio review settings"
)
def get_settings(request: HttpRequest) -> dict[str, Any]:
    """The strategic-partner limits the review's guard warns above."""
    require(_user(request), "portfolio.view")
    return _settings_out(services.get_settings())


@router.patch("/portfolio/settings", response=PortfolioSettingsOut, summary="Change the limits")
def update_settings(request: HttpRequest, payload: PortfolioSettingsIn) -> dict[str, Any]:
    """Managers and administrators; with `version`, a change based on an older version is
    refused with 409."""
    data = payload.model_dump(exclude_none=True)
    version = data.pop("version", None)
    return _settings_out(services.update_settings(_user(request), data, version))
