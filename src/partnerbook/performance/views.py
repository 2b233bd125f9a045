"""Web pages of supplier performance: the Performance tab (scorecard, lights, explanations,
trailing periods, relationship health beside it), entering a measurement, the export."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from partnerbook.accounts.policy import AuthenticatedRequest, can, internal_view, require
from partnerbook.core.concurrency import StaleEdit, show_stale
from partnerbook.core.spreadsheets import CONTENT_TYPES, attachment
from partnerbook.relationship.services import health_of
from partnerbook.suppliers.models import Supplier
from partnerbook.suppliers.views import apply_errors, visible_supplier

from . import domain, kpi_io, rating_views, services
from .forms import KpiForm, MeasurementForm
from .models import DeliveryLine, KpiDefinition, Measurement

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
    context["baselines"] = services.baselines_for(supplier)
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
            messages.success(request, _("Measurement saved."))
            return redirect("performance:supplier", pk=pk)
    return _page(request, supplier, form=form, status=400)


@require_POST
@internal_view("performance.configure")
def install_defaults(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    supplier = visible_supplier(request, pk)
    created = services.install_default_kpis(request.user)
    messages.success(
        request,
        ngettext("%(count)s standard KPI set up.", "%(count)s standard KPIs set up.", len(created))
        % {"count": len(created)},
    )
    return redirect("performance:supplier", pk=supplier.pk)


@internal_view("performance.view")
def export(request: AuthenticatedRequest, pk: int, fmt: str) -> HttpResponse:
    supplier = visible_supplier(request, pk)
    if fmt not in CONTENT_TYPES:
        raise Http404("Unknown format.")
    granularity, period = _view_options(request)
    result = services.export_scorecard(supplier, period, granularity, fmt)
    return attachment(result, f"scorecard-{supplier.pk}.{fmt}")


def scorecard_card(user: Any, supplier: Supplier) -> dict[str, Any] | None:
    """The overview card: this month's overall score, standing and lights (apps.py)."""
    card, definitions = services.scorecard(supplier, trailing=2)
    if not definitions:
        return None
    return {"supplier": supplier, "current": card.current, "trend": card.overall_trend,
            "guard": card.guard, "standings": domain.STANDINGS}  # fmt: skip


PORTFOLIO_PAGE_SIZE = 50
CALLOUT_SIZE = 12  # suppliers named in each callout above the list


SHOW = {
    "all": gettext_lazy("All suppliers"),
    "poor": gettext_lazy("Poor standing"),
    "guard": gettext_lazy("Too many core KPIs"),
    "no_data": gettext_lazy("No data"),
}


@internal_view("performance.view")
def portfolio(request: AuthenticatedRequest) -> HttpResponse:
    """Every visible supplier's performance for the month or quarter, a page at a time, with
    the suppliers in poor standing and those with too many core KPIs listed first. Computed
    for the whole portfolio in a fixed number of queries."""
    granularity, period = _view_options(request)
    scope = Supplier.objects.visible_to(request.user).filter(archived=False)
    start = domain.period_start(period or timezone.localdate(), granularity)
    stored = services.stored_portfolio(scope, start, granularity)
    show = request.GET.get("show", "all")
    if show not in SHOW:
        show = "all"
    paginator = Paginator(stored.group(show), PORTFOLIO_PAGE_SIZE)
    paginator.count = stored.counts[show]  # type: ignore[misc]  # known: no COUNT query
    page = paginator.get_page(request.GET.get("page"))
    shown = {
        key: [services.portfolio_row(s) for s in stored.group(key)[:CALLOUT_SIZE]]
        if stored.counts[key] else []
        for key in ("poor", "guard")
    }  # fmt: skip
    context = {
        "page": page,
        "rows": [services.portfolio_row(s) for s in page.object_list],
        "granularity": granularity,
        "label": domain.period_label(start, granularity),
        "period_param": f"{start:%Y-%m}",
        "show": show,
        "show_choices": [(key, label, stored.counts[key]) for key, label in SHOW.items()],
        "poor": shown["poor"],
        "poor_count": stored.counts["poor"],
        "guarded": shown["guard"],
        "guarded_count": stored.counts["guard"],
        "callout_size": CALLOUT_SIZE,
        "limit": domain.MAX_CORE_KPIS,
    }
    return render(request, "performance/portfolio.html", context)


# --- KPI definitions ------------------------------------------------------------------------


@internal_view("performance.view")
def kpi_list(request: AuthenticatedRequest) -> HttpResponse:
    """The defaults, the category KPIs and the supplier overrides, with the suppliers whose
    scorecards have too many core KPIs."""
    visible = Supplier.objects.visible_to(request.user).filter(archived=False)
    definitions = list(
        KpiDefinition.objects.filter(Q(supplier__isnull=True) | Q(supplier__in=visible))
        .select_related("category", "supplier")
        .order_by("key", "pk")
    )
    suppliers = list(visible.order_by("name", "pk"))
    over_limit = services.guarded(suppliers, visible)
    context = {
        "defaults": [d for d in definitions if not d.category_id and not d.supplier_id],
        "by_category": [d for d in definitions if d.category_id],
        "overrides": sorted(
            (d for d in definitions if d.supplier_id),
            key=lambda d: (d.supplier.name if d.supplier else "", d.key),
        ),
        "over_limit": over_limit,
        "limit": domain.MAX_CORE_KPIS,
        "can_configure": can(request.user, "performance.configure"),
        "kinds": domain.KINDS,
    }
    return render(request, "performance/kpis.html", context)


def _kpi_form_page(
    request: AuthenticatedRequest, form: KpiForm, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    context = {"form": form, "kinds_help": domain.KINDS, **context}
    return render(request, "performance/kpi_form.html", context, status=status)


@internal_view("performance.configure")
def kpi_create(request: AuthenticatedRequest) -> HttpResponse:
    """Define a default or category KPI."""
    if request.method != "POST":
        return _kpi_form_page(request, KpiForm(initial={"core": True, "weight": 1}), {})
    form = KpiForm(request.POST)
    if form.is_valid():
        try:
            services.define_kpi(
                request.user, form.data_for_service(), category=form.cleaned_data["category"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("KPI defined; baselines measured where it now applies."))
            return redirect("performance:kpis")
    return _kpi_form_page(request, form, {}, status=400)


@internal_view("performance.view")
def kpi_edit(request: AuthenticatedRequest, kpi_id: int) -> HttpResponse:
    """Change a definition's name, thresholds, weight or core flag (not its key or scope)."""
    visible = Supplier.objects.visible_to(request.user)
    definition = get_object_or_404(
        KpiDefinition.objects.filter(Q(supplier__isnull=True) | Q(supplier__in=visible)),
        pk=kpi_id,
    )
    if definition.supplier_id:
        require(request.user, "performance.edit", definition.supplier)
    else:
        require(request.user, "performance.configure")
    context = {"definition": definition}
    scoped = definition.supplier_id is None
    if request.method != "POST":
        form = KpiForm(initial=KpiForm.initial_for(definition), editing=True, scoped=scoped)
        return _kpi_form_page(request, form, context)
    form = KpiForm(
        request.POST, initial=KpiForm.initial_for(definition), editing=True, scoped=scoped
    )
    status = 400
    if form.is_valid():
        try:
            services.update_kpi(
                request.user, definition, form.data_for_service(), form.cleaned_data["version"]
            )
        except StaleEdit as exc:
            definition.refresh_from_db()
            initial = KpiForm.initial_for(definition)
            form = show_stale(KpiForm(initial=initial, editing=True, scoped=scoped), exc)
            status = 409
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("KPI saved."))
            if definition.supplier_id:
                return redirect("performance:supplier", pk=definition.supplier_id)
            return redirect("performance:kpis")
    return _kpi_form_page(request, form, context, status=status)


@internal_view("performance.view")
def supplier_kpi_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Override a KPI for one supplier (or add one of its own), starting from the definition
    that applies now when `?key=` names one."""
    supplier = visible_supplier(request, pk)
    require(request.user, "performance.edit", supplier)
    context = {"supplier": supplier}
    if request.method != "POST":
        current = {d.key: d for d in services.effective_definitions(supplier)}
        base = current.get(request.GET.get("key", ""))
        initial: dict[str, Any] = {"core": True, "weight": 1}
        if base is not None and base.supplier_id is None:
            initial = KpiForm.initial_for(base)
            initial.pop("version")
        return _kpi_form_page(request, KpiForm(initial=initial, scoped=False), context)
    form = KpiForm(request.POST, scoped=False)
    if form.is_valid():
        try:
            services.define_kpi(request.user, form.data_for_service(), supplier=supplier)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("KPI set for %(name)s; its baseline was measured.") % {"name": supplier.name},
            )
            return redirect("performance:supplier", pk=supplier.pk)
    return _kpi_form_page(request, form, context, status=400)


@internal_view("performance.view")
def kpi_export(request: AuthenticatedRequest, fmt: str) -> HttpResponse:
    """The defaults, category KPIs and the overrides of the suppliers the user can see."""
    if fmt not in CONTENT_TYPES:
        raise Http404("Unknown format.")
    visible = Supplier.objects.visible_to(request.user)
    definitions = KpiDefinition.objects.filter(Q(supplier__isnull=True) | Q(supplier__in=visible))
    return attachment(kpi_io.export_kpis(definitions, fmt), f"kpis.{fmt}")


@internal_view("performance.view")
def supplier_data_export(
    request: AuthenticatedRequest, pk: int, what: str, fmt: str
) -> HttpResponse:
    """One supplier's measurements or delivery lines, in the import's own columns."""
    supplier = visible_supplier(request, pk)
    if fmt not in CONTENT_TYPES:
        raise Http404("Unknown format.")
    if what == "measurements":
        result = kpi_io.export_measurements(Measurement.objects.filter(supplier=supplier), fmt)
    elif what == "deliveries":
        result = kpi_io.export_deliveries(DeliveryLine.objects.filter(supplier=supplier), fmt)
    else:
        raise Http404("Unknown export.")
    return attachment(result, f"{what}-{supplier.pk}.{fmt}")
