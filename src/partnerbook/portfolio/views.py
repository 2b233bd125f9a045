"""The portfolio page: the value-risk matrix, quadrant totals, guidance checks, and exports."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext

from partnerbook.accounts.models import INTERNAL_ROLES, User
from partnerbook.accounts.policy import AuthenticatedRequest, internal_view
from partnerbook.core import registry
from partnerbook.core.spreadsheets import attachment
from partnerbook.segmentation.domain import Quadrant
from partnerbook.segmentation.services import PortfolioEntry
from partnerbook.suppliers.imports import FORMATS
from partnerbook.suppliers.models import Category

from .exports import export_filename, export_portfolio
from .schemas import parse_filters, quadrant_totals

PAGE_SIZE = 100
# How many suppliers a guidance check names before it says "and N more".
GUIDANCE_NAMES = 12
_QUADRANT_ORDER = {q.value: i for i, q in enumerate(Quadrant)}
# Reading order of the chart's corners: top left, top right, bottom left, bottom right.
_MATRIX_LAYOUT = ("strategic", "opportunistic", "operational", "avoid")
_SORT_KEYS: dict[str, Callable[[PortfolioEntry], Any]] = {
    "name": lambda e: (e.supplier.name.casefold(), e.supplier.pk),
    "quadrant": lambda e: (
        _QUADRANT_ORDER[e.segmentation.quadrant or ""],
        -(e.segmentation.placement.value.score or 0),
    ),
    "value": lambda e: (e.segmentation.placement.value.score, e.supplier.pk),
    "risk": lambda e: (e.segmentation.placement.risk.score, e.supplier.pk),
    "confidence": lambda e: (e.segmentation.placement.confidence, e.supplier.pk),
    # Unknown spend sorts below every known amount, whichever the direction.
    "spend": lambda e: (e.spend is not None, e.spend or 0.0, e.supplier.pk),
}
DEFAULT_SORT = "-spend"


@internal_view("portfolio.view")
def matrix(request: AuthenticatedRequest) -> HttpResponse:
    filters, errors = parse_filters(request.GET.dict())
    sort = request.GET.get("sort") or DEFAULT_SORT
    if sort.lstrip("-") not in _SORT_KEYS:
        errors["sort"] = f"cannot sort by {sort[:40]!r}"
        sort = DEFAULT_SORT
    portfolio = filters.portfolio_for(request.user)
    placed = [e for e in portfolio.entries if e.segmentation.placement.quadrant is not None]
    unplaced = [e for e in portfolio.entries if e.segmentation.placement.quadrant is None]
    placed.sort(key=_SORT_KEYS[sort.lstrip("-")], reverse=sort.startswith("-"))
    query = filters.querystring()
    quadrants = quadrant_totals(portfolio)
    shown_spend = sum(q["spend"] for q in quadrants) + portfolio.by_quadrant["unplaced"]["spend"]
    for q in quadrants:
        q["share"] = 100 * q["spend"] / shown_spend if shown_spend else None
        # Shown in the person's language (the API gives the English names).
        q["label"], q["meaning"] = gettext(q["label"]), gettext(q["meaning"])
    context = {
        "filters": filters,
        "filter_errors": errors,
        "categories": Category.objects.order_by("name"),
        "owners": User.objects.filter(role__in=INTERNAL_ROLES).order_by("first_name", "username"),
        "portfolio": portfolio,
        "quadrants": quadrants,
        "meanings": sorted(quadrants, key=lambda q: _MATRIX_LAYOUT.index(q["quadrant"])),
        "unplaced": unplaced,
        "unplaced_overridden": portfolio.by_quadrant["unplaced"]["count"] < len(unplaced),
        "guidance": _guidance(
            portfolio.entries,
            portfolio.guidance
            + registry.portfolio_checks([e.supplier.pk for e in portfolio.entries]),
        ),
        "page": Paginator(placed, PAGE_SIZE).get_page(request.GET.get("page")),
        "sort": sort,
        "sort_links": _sort_links(query, sort),
        "querystring": query,
        "pager_query": f"{query}&sort={sort}" if query else f"sort={sort}",
        "chart_src": reverse("api:portfolio_matrix") + (f"?{query}" if query else ""),
    }
    return render(request, "portfolio/matrix.html", context)


def _guidance(entries: list[PortfolioEntry], checks: list[Any]) -> list[dict[str, Any]]:
    """Each check with the first suppliers behind it (for links) and how many are left."""
    by_id = {e.supplier.pk: e.supplier for e in entries}
    return [
        {
            "check": check,
            "suppliers": [by_id[pk] for pk in check.supplier_ids[:GUIDANCE_NAMES] if pk in by_id],
            "more": max(len(check.supplier_ids) - GUIDANCE_NAMES, 0),
        }
        for check in checks
    ]


def _sort_links(query: str, current: str) -> dict[str, str]:
    """Query strings that sort by each column; a second click reverses the order."""
    prefix = f"{query}&" if query else ""
    links = {}
    for key in _SORT_KEYS:
        descending_first = key != "name" and key != "quadrant"
        if current.lstrip("-") == key:
            target = key if current.startswith("-") else f"-{key}"
        else:
            target = f"-{key}" if descending_first else key
        links[key] = f"{prefix}sort={target}"
    return links


@internal_view("portfolio.view")
def export(request: AuthenticatedRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("Export as .csv or .xlsx.")
    filters, errors = parse_filters(request.GET.dict())
    if errors:
        # An export must hold what was asked for; a silently dropped filter would not.
        problems = "; ".join(f"{field}: {message}" for field, message in errors.items())
        return HttpResponseBadRequest(f"Bad filter ({problems}).", content_type="text/plain")
    exported = export_portfolio(filters.portfolio_for(request.user), fmt)
    return attachment(exported, export_filename(fmt))
