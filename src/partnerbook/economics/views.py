"""Web pages of partnership economics: the portfolio ROI, the TCO comparison of a category,
the supplier's Economics tab (hours, benefits, costs, ROI, gain-share agreements and the
forms to add to them), the agreement page with its ledger, its statement (print page and
XLSX) and the settings. Thin: load, check permission, call a service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from partnerbook.accounts.policy import AuthenticatedRequest, can, internal_view, require
from partnerbook.core.concurrency import StaleEdit, show_stale
from partnerbook.core.spreadsheets import attachment
from partnerbook.suppliers.models import Category, Supplier
from partnerbook.suppliers.views import apply_errors, visible_supplier

from . import domain, exports, services
from .forms import (
    AgreementForm,
    BenefitForm,
    CostForm,
    PayoutForm,
    SavingForm,
    SettingsForm,
    StatementForm,
    TcoForm,
    TimeLogForm,
    VerifyForm,
    WindowForm,
)
from .models import GainShareAgreement, SavingsEntry

PAGE_SIZE = 50
MAX_CATEGORIES = 500


def _window(request: AuthenticatedRequest) -> tuple[int | None, str, WindowForm]:
    form = WindowForm(request.GET)
    if form.is_valid():
        return form.cleaned_data.get("year"), form.cleaned_data.get("sort") or "-net", form
    return None, "-net", form


def _year_choices() -> list[int]:
    this = services._today().year
    return list(range(this, this - 6, -1))


# --- the portfolio --------------------------------------------------------------------------


@internal_view("economics.view")
def portfolio(request: AuthenticatedRequest) -> HttpResponse:
    year, sort, form = _window(request)
    total, rows = services.portfolio(request.user, year=year, sort=sort)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = {"year": year or "", "sort": sort}
    return render(
        request,
        "economics/portfolio.html",
        {
            "total": total, "page": page, "year": year, "sort": sort, "form": form,
            "years": _year_choices(), "query": query,
            "window": domain.window(services._today(), year),
            "settings": services.get_settings(),
            "can_configure": can(request.user, "economics.configure"),
        },
        status=200 if form.is_valid() else 400,
    )  # fmt: skip


@internal_view("economics.view")
def export_portfolio(request: AuthenticatedRequest) -> HttpResponse:
    year, sort, _form = _window(request)
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    result = exports.portfolio_export(request.user, year, sort, fmt)
    return attachment(result, f"partnership-roi.{fmt}")


@internal_view("economics.view")
def tco(request: AuthenticatedRequest) -> HttpResponse:
    form = TcoForm(request.GET)
    categories = list(Category.objects.order_by("name").values_list("pk", "name")[:MAX_CATEGORIES])
    comparison = None
    status = 200
    if form.is_valid():
        pk = form.cleaned_data.get("category")
        if pk:
            category = get_object_or_404(Category, pk=pk)
            comparison = services.tco_comparison(request.user, category, form.cleaned_data["year"])
    else:
        status = 400
    return render(
        request,
        "economics/tco.html",
        {"form": form, "categories": categories, "comparison": comparison,
         "years": _year_choices()},
        status=status,
    )  # fmt: skip


# --- the supplier tab -----------------------------------------------------------------------


def _tab(
    request: AuthenticatedRequest,
    supplier: Supplier,
    forms: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    year, _sort, _form = _window(request)
    today = services._today()
    given = forms or {}
    context = {
        "supplier": supplier,
        "summary": services.roi_of(supplier, year=year),
        "year": year,
        "years": _year_choices(),
        "can_edit": can(request.user, "economics.edit", supplier),
        "time_logs": services.time_logs_of(supplier),
        "benefits": services.benefits_of(supplier),
        "costs": services.costs_of(supplier),
        "agreements": services.agreements_of(supplier),
        "time_form": given.get("time") or TimeLogForm(initial={"day": today}),
        "benefit_form": given.get("benefit")
        or BenefitForm(initial={"realised_on": today, "currency": supplier.currency}),
        "cost_form": given.get("cost")
        or CostForm(initial={"year": today.year, "currency": supplier.currency}),
        "agreement_form": given.get("agreement")
        or AgreementForm(
            initial={"starts_on": today, "currency": supplier.currency, "period_kind": "quarter"}
        ),
    }
    return render(request, "economics/supplier.html", context, status=status)


@internal_view("economics.view")
def supplier_tab(request: AuthenticatedRequest, supplier_id: int) -> HttpResponse:
    return _tab(request, visible_supplier(request, supplier_id))


_ADDERS: dict[str, tuple[type[Any], Any, Any]] = {
    "time": (TimeLogForm, services.log_time, gettext_lazy("Time logged.")),
    "benefit": (BenefitForm, services.add_benefit, gettext_lazy("Benefit recorded.")),
    "cost": (CostForm, services.add_cost, gettext_lazy("Cost recorded.")),
    "agreement": (
        AgreementForm,
        services.create_agreement,
        gettext_lazy("Gain-share agreement recorded."),
    ),
}


@require_POST
@internal_view("economics.view")
def add(request: AuthenticatedRequest, supplier_id: int, what: str) -> HttpResponse:
    supplier = visible_supplier(request, supplier_id)
    require(request.user, "economics.edit", supplier)
    if what not in _ADDERS:
        return redirect("economics:supplier", supplier_id=supplier.pk)
    form_class, service, done = _ADDERS[what]
    form = form_class(request.POST)
    if form.is_valid():
        try:
            record = service(request.user, supplier, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, done)
            if what == "agreement":
                return redirect("economics:agreement", agreement_id=record.pk)
            return redirect(reverse("economics:supplier", args=[supplier.pk]) + f"#{what}")
    return _tab(request, supplier, {what: form}, status=400)


# --- gain-share agreements ------------------------------------------------------------------


def _agreement(request: AuthenticatedRequest, agreement_id: int) -> GainShareAgreement:
    agreement: GainShareAgreement = get_object_or_404(
        GainShareAgreement.objects.filter(
            supplier__in=Supplier.objects.visible_to(request.user)
        ).select_related("supplier", "supplier__category", "supplier__relationship_owner"),
        pk=agreement_id,
    )
    return agreement


def _agreement_page(
    request: AuthenticatedRequest,
    agreement: GainShareAgreement,
    forms: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    given = forms or {}
    today = services._today()
    view = services.ledger_of(agreement)
    pending = [e for e in sorted(view.entries.values(), key=lambda e: e.period) if not e.verified]
    context = {
        "agreement": agreement,
        "supplier": agreement.supplier,
        "view": view,
        "rows": [(view.labels[r.period], r, view.entries.get(r.period)) for r in view.ledger.rows],
        "pending": [(view.labels[e.period], e) for e in pending],
        "can_edit": can(request.user, "economics.edit", agreement.supplier),
        "can_verify": can(request.user, "gainshare.verify"),
        "saving_form": given.get("saving") or SavingForm(initial={"period": today}),
        "verify_form": given.get("verify") or VerifyForm(),
        "verify_entry": given.get("verify_entry"),
        "payout_form": given.get("payout") or PayoutForm(initial={"paid_on": today}),
        "edit_form": given.get("edit") or AgreementForm(initial={**_agreement_initial(agreement)}),
    }
    return render(request, "economics/agreement.html", context, status=status)


def _agreement_initial(agreement: GainShareAgreement) -> dict[str, Any]:
    return {key: getattr(agreement, key) for key in (*services.AGREEMENT_FIELDS, "version")}


@internal_view("economics.view")
def agreement(request: AuthenticatedRequest, agreement_id: int) -> HttpResponse:
    return _agreement_page(request, _agreement(request, agreement_id))


@require_POST
@internal_view("economics.view")
def edit_agreement(request: AuthenticatedRequest, agreement_id: int) -> HttpResponse:
    item = _agreement(request, agreement_id)
    require(request.user, "economics.edit", item.supplier)
    form = AgreementForm(request.POST)
    if form.is_valid():
        try:
            services.update_agreement(
                request.user, item, form.cleaned_data, form.cleaned_data.get("version")
            )
        except StaleEdit as exc:
            form = show_stale(AgreementForm(initial=_agreement_initial(exc.current)), exc)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Agreement changed."))
            return redirect("economics:agreement", agreement_id=item.pk)
    return _agreement_page(request, item, {"edit": form}, status=400)


@require_POST
@internal_view("economics.view")
def record_saving(request: AuthenticatedRequest, agreement_id: int) -> HttpResponse:
    item = _agreement(request, agreement_id)
    require(request.user, "economics.edit", item.supplier)
    form = SavingForm(request.POST)
    if form.is_valid():
        try:
            services.record_saving(request.user, item, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Recorded. It counts in the ledger once verified."))
            return redirect(reverse("economics:agreement", args=[item.pk]) + "#pending")
    return _agreement_page(request, item, {"saving": form}, status=400)


@require_POST
@internal_view("gainshare.verify")
def verify(request: AuthenticatedRequest, entry_id: int) -> HttpResponse:
    entry = get_object_or_404(
        SavingsEntry.objects.filter(
            agreement__supplier__in=Supplier.objects.visible_to(request.user)
        ).select_related("agreement", "agreement__supplier"),
        pk=entry_id,
    )
    form = VerifyForm(request.POST)
    if form.is_valid():
        try:
            services.verify_saving(request.user, entry, form.cleaned_data["third_party"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Verified: it now counts in the ledger."))
            return redirect(reverse("economics:agreement", args=[entry.agreement_id]) + "#ledger")
    return _agreement_page(
        request, entry.agreement, {"verify": form, "verify_entry": entry.pk}, status=400
    )


@require_POST
@internal_view("gainshare.verify")
def record_payout(request: AuthenticatedRequest, agreement_id: int) -> HttpResponse:
    item = _agreement(request, agreement_id)
    form = PayoutForm(request.POST)
    if form.is_valid():
        try:
            services.record_payout(request.user, item, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Payout recorded."))
            return redirect(reverse("economics:agreement", args=[item.pk]) + "#ledger")
    return _agreement_page(request, item, {"payout": form}, status=400)


@internal_view("economics.view")
def statement(request: AuthenticatedRequest, agreement_id: int) -> HttpResponse:
    item = _agreement(request, agreement_id)
    form = StatementForm(request.GET)
    if not form.is_valid():
        return _agreement_page(request, item, status=400)
    start, end = form.cleaned_data.get("start"), form.cleaned_data.get("end")
    if request.GET.get("format") == "xlsx":
        return attachment(
            exports.statement_xlsx(item, start, end), f"gain-share-statement-{item.pk}.xlsx"
        )
    view = services.ledger_of(item, start, end)
    return render(
        request,
        "economics/statement.html",
        {"agreement": item, "supplier": item.supplier, "view": view, "start": start, "end": end,
         "rows": [(view.labels[r.period], r, view.entries.get(r.period))
                  for r in view.ledger.rows],
         "today": services._today(), "form": form},
    )  # fmt: skip


# --- settings -------------------------------------------------------------------------------


@internal_view("economics.configure")
def settings_page(request: AuthenticatedRequest) -> HttpResponse:
    current = services.get_settings()
    initial = {key: getattr(current, key) for key in services.SETTINGS_FIELDS}
    initial["version"] = current.version if current.pk and current.version else None
    form = SettingsForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_settings(
                    request.user, form.cleaned_data, form.cleaned_data.get("version")
                )
            except StaleEdit as exc:
                form = show_stale(SettingsForm(initial=initial), exc)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Economics settings saved."))
                return redirect("economics:settings")
        status = 400
    return render(request, "economics/settings.html", {"form": form}, status=status)
