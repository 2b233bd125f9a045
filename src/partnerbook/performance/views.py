"""Web pages of supplier performance: the Performance tab (scorecard, lights, explanations,
trailing periods, relationship health beside it), entering a measurement, the export."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from partnerbook.accounts.policy import AuthenticatedRequest, can, internal_view, require
from partnerbook.core.spreadsheets import CONTENT_TYPES
from partnerbook.relationship.services import health_of
from partnerbook.suppliers.models import Supplier
from partnerbook.suppliers.views import apply_errors, visible_supplier

from . import domain, rating_views, services
from .forms import MeasurementForm

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _view_options(request: AuthenticatedRequest) -> tuple[str, dt.date | None]:
    """The granularity and period the page was asked for (defaults when missing or bad)."""
    granularity = request.GET.get("granularity", domain.MONTH)
    if granularity not in domain.GRANULARITIES:
        granularity = domain.MONTH
    period = None
    found = _MONTH.match(request.GET.get("period", ""))
    if found and 1 <= int(found.group(2)) <= 12 and int(found.group(1)) >= 1900:
        period = dt.date(int(found.group(1)), int(found.group(2)), 1)
    return granularity, period


def _entered_choices(definitions: list[Any]) -> list[tuple[str, str]]:
    return [(d.key, d.name) for d in definitions if d.kind in domain.ENTERED_KINDS]


@internal_view("performance.view")
def supplier_performance(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _page(request, visible_supplier(request, pk))


def _page(
    request: AuthenticatedRequest,
    supplier: Supplier,
    form: MeasurementForm | None = None,
    status: int = 200,
) -> HttpResponse:
    granularity, period = _view_options(request)
    card, definitions = services.scorecard(supplier, period, granularity)
    choices = _entered_choices(definitions)
    context = {
        "supplier": supplier,
        "card": card,
        "definitions": definitions,
        "granularity": granularity,
        "period_param": f"{card.current.start:%Y-%m}",
        "other_granularity": domain.QUARTER if granularity == domain.MONTH else domain.MONTH,
        "standings": domain.STANDINGS,
        "bands": (domain.EXCELLENT_FROM, domain.GOOD_FROM, domain.WATCH_FROM),
        "health": health_of(supplier),
        "can_edit": can(request.user, "performance.edit", supplier),
        "can_configure": can(request.user, "performance.configure"),
        "form": form or MeasurementForm(choices=choices),
        "has_entered": bool(choices),
        "rows": [
            (kpi, [p.kpis[index] for p in card.trailing])
            for index, kpi in enumerate(card.current.kpis)
        ],
    }
    context["baselines"] = {}
    context.update(rating_views.scorecard_context(request.user, supplier, card, definitions))
    return render(request, "performance/supplier.html", context, status=status)


@require_POST
@internal_view("performance.view")
def measurement_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    supplier = visible_supplier(request, pk)
    require(request.user, "performance.edit", supplier)
    definitions = services.effective_definitions(supplier)
    form = MeasurementForm(request.POST, choices=_entered_choices(definitions))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_measurement(
                request.user, supplier, data["kpi"], data["period"], data["value"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Measurement saved.")
            return redirect("performance:supplier", pk=pk)
    return _page(request, supplier, form=form, status=400)


@require_POST
@internal_view("performance.configure")
def install_defaults(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    supplier = visible_supplier(request, pk)
    created = services.install_default_kpis(request.user)
    messages.success(request, f"{len(created)} standard KPIs set up.")
    return redirect("performance:supplier", pk=supplier.pk)


@internal_view("performance.view")
def export(request: AuthenticatedRequest, pk: int, fmt: str) -> HttpResponse:
    supplier = visible_supplier(request, pk)
    if fmt not in CONTENT_TYPES:
        raise Http404("Unknown format.")
    granularity, period = _view_options(request)
    result = services.export_scorecard(supplier, period, granularity, fmt)
    response = HttpResponse(result.content, content_type=result.content_type)
    response["Content-Disposition"] = f'attachment; filename="scorecard-{supplier.pk}.{fmt}"'
    return response


def scorecard_card(user: Any, supplier: Supplier) -> dict[str, Any] | None:
    """The overview card: this month's overall score, standing and lights (apps.py)."""
    card, definitions = services.scorecard(supplier, trailing=2)
    if not definitions:
        return None
    return {"supplier": supplier, "current": card.current, "trend": card.overall_trend,
            "guard": card.guard, "standings": domain.STANDINGS}  # fmt: skip


PORTFOLIO_PAGE_SIZE = 50


@internal_view("performance.view")
def portfolio(request: AuthenticatedRequest) -> HttpResponse:
    """Every visible supplier's performance for the month or quarter, a page at a time."""
    granularity, period = _view_options(request)
    suppliers = (
        Supplier.objects.visible_to(request.user)
        .filter(archived=False)
        .select_related("category")
        .order_by("name", "pk")
    )
    page = Paginator(suppliers, PORTFOLIO_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = services.portfolio(list(page.object_list), period, granularity)
    start = domain.period_start(period or timezone.localdate(), granularity)
    context = {
        "page": page,
        "rows": rows,
        "granularity": granularity,
        "label": domain.period_label(start, granularity),
        "period_param": f"{start:%Y-%m}",
    }
    return render(request, "performance/portfolio.html", context)
