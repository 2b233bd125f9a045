"""Web pages of portfolio risk: concentration (per category, and one category's
suppliers), the reserve list, the financial watch, the power balance, the settings and the
supplier's Risk tab. Thin: load, check permission, call a service, redirect or render the
page again with the errors beside their fields."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnerbook.accounts.policy import (
    EDITORS,
    AuthenticatedRequest,
    can,
    internal_view,
    require,
)
from partnerbook.core.concurrency import StaleEdit, show_stale
from partnerbook.suppliers.models import Category, Supplier
from partnerbook.suppliers.views import apply_errors, visible_supplier

from . import domain, exports, services
from .forms import (
    BackupChangeForm,
    BackupForm,
    CategoryBackupForm,
    PlanForm,
    RatingForm,
    RevenueForm,
    SettingsForm,
    SpendLineForm,
    WindowForm,
)
from .models import Backup, TransitionPlan


def _window(request: AuthenticatedRequest) -> tuple[WindowForm, Any, int]:
    form = WindowForm(request.GET or None)
    end, months = None, 12
    if form.is_bound and form.is_valid():
        end = form.cleaned_data.get("end")
        months = form.cleaned_data.get("months") or 12
    return form, end, months


def _trend_json(categories: list[domain.CategoryConcentration]) -> dict[str, Any]:
    return {
        str(c.category_id): {
            "labels": [p.quarter for p in c.trend],
            "values": [int(p.hhi) if p.hhi is not None else None for p in c.trend],
        }
        for c in categories
    }


@internal_view("risk.view")
def concentration(request: AuthenticatedRequest) -> HttpResponse:
    form, end, months = _window(request)
    conc = services.concentration(end, months)
    if not form.is_bound:  # show the window the figures are for, not an empty month field
        form = WindowForm(initial={"end": conc.window.last, "months": months})
    return render(
        request,
        "risk/concentration.html",
        {
            "form": form, "conc": conc, "guideline": domain.HHI_GUIDELINE,
            "trend_json": _trend_json(conc.categories), "months": months,
            "query": request.GET.urlencode(),
        },
        status=400 if form.errors else 200,
    )  # fmt: skip


@internal_view("risk.view")
def category(request: AuthenticatedRequest, category_id: int) -> HttpResponse:
    form, end, months = _window(request)
    get_object_or_404(Category, pk=category_id)
    conc = services.concentration(end, months, with_trend=False)
    row = conc.category(category_id)
    if row is None:
        name = Category.objects.filter(pk=category_id).values_list("name", flat=True).first()
        row = domain.CategoryConcentration(
            category_id, name or "", domain.ZERO, 0, domain.ZERO, domain.hhi_band(None), [], []
        )
    return render(
        request,
        "risk/category.html",
        {"form": form, "conc": conc, "row": row, "query": request.GET.urlencode()},
    )


@internal_view("risk.view")
def backups(request: AuthenticatedRequest, form: CategoryBackupForm | None = None) -> HttpResponse:
    items = services.critical_supply()
    category_backups = Backup.objects.filter(category__isnull=False).select_related(
        "category", "backup_supplier"
    )
    return render(
        request,
        "risk/backups.html",
        {
            "items": items,
            "category_backups": category_backups,
            "form": form or CategoryBackupForm(),
            "can_manage": request.user.role in EDITORS,
        },
        status=400 if form is not None else 200,
    )


@require_POST
@internal_view("risk.view")
def add_category_backup(request: AuthenticatedRequest) -> HttpResponse:
    if request.user.role not in EDITORS:
        raise PermissionDenied("Only managers keep a category's reserve list.")
    form = CategoryBackupForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_backup(
                request.user, data["backup_supplier"], category=data["category"], data=data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Backup added to the category's reserve list."))
            return redirect("risk:backups")
    return backups(request, form)


@internal_view("risk.view")
def financial(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "risk/financial.html",
        {"rows": services.financial_list(request.user), "settings": services.get_settings(),
         "bands": domain.HEALTH_BANDS},
    )  # fmt: skip


@internal_view("risk.view")
def power(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "risk/power.html",
        {"rows": services.power_list(request.user), "settings": services.get_settings(),
         "reporting": services.money().reporting},
    )  # fmt: skip


@internal_view("risk.view")
def settings_page(request: AuthenticatedRequest) -> HttpResponse:
    current = services.get_settings()
    can_edit = can(request.user, "risk.configure")
    form = SettingsForm(instance=current, initial={"version": current.version})
    status = 200
    if request.method == "POST":
        require(request.user, "risk.configure")
        form = SettingsForm(request.POST, instance=services.get_settings())
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            try:
                services.update_settings(request.user, data, form.cleaned_data.get("version"))
            except StaleEdit as exc:
                fresh = services.get_settings()
                form = show_stale(
                    SettingsForm(instance=fresh, initial={"version": fresh.version}), exc
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Risk settings saved; the checks ran again."))
                services.check_all()
                return redirect("risk:settings")
        status = 400
    if not can_edit:
        for field in form.fields.values():
            field.disabled = True
    return render(
        request, "risk/settings.html", {"form": form, "can_edit": can_edit}, status=status
    )


# --- the supplier's Risk tab ---------------------------------------------------------------


def _tab(
    request: AuthenticatedRequest, supplier: Supplier, status: int = 200, **forms: Any
) -> HttpResponse:
    risk = services.supplier_risk(supplier)
    plan = risk.plan
    context = {
        "supplier": supplier,
        "risk": risk,
        "can_edit": can(request.user, "risk.edit", supplier),
        "spend_form": forms.get("spend_form")
        or SpendLineForm(initial={"currency": supplier.currency}),
        "backup_form": forms.get("backup_form") or BackupForm(),
        "plan_form": forms.get("plan_form")
        or PlanForm(
            initial={
                **{k: getattr(plan, k) for k in services.PLAN_FIELDS if plan is not None},
                "version": plan.version if plan else None,
                "review_interval_days": plan.review_interval_days
                if plan
                else risk.settings.plan_review_days,
            }
        ),
        "rating_form": forms.get("rating_form") or RatingForm(),
        "revenue_form": forms.get("revenue_form")
        or RevenueForm(
            initial={
                "annual_revenue": risk.revenue.annual_revenue if risk.revenue else None,
                "currency": risk.revenue.currency if risk.revenue else supplier.currency,
                "fiscal_year": risk.revenue.fiscal_year if risk.revenue else None,
                "source": risk.revenue.source if risk.revenue else "",
                "version": risk.revenue.version if risk.revenue else None,
            }
        ),
        "change_forms": {
            b.backup.pk: BackupChangeForm(
                initial={
                    "status": b.backup.status,
                    "qualified_on": b.backup.qualified_on,
                    "evidence": b.backup.evidence,
                    "version": b.backup.version,
                },
                prefix=f"b{b.backup.pk}",
            )
            for b in (risk.critical.backups if risk.critical else [])
        },
    }
    return render(request, "risk/supplier.html", context, status=status)


@internal_view("risk.view")
def supplier_tab(request: AuthenticatedRequest, supplier_id: int) -> HttpResponse:
    return _tab(request, visible_supplier(request, supplier_id))


def _editable(request: AuthenticatedRequest, supplier_id: int) -> Supplier:
    supplier = visible_supplier(request, supplier_id)
    require(request.user, "risk.edit", supplier)
    return supplier


def _back(supplier: Supplier, anchor: str) -> HttpResponse:
    return redirect(reverse("risk:supplier", args=[supplier.pk]) + f"#{anchor}")


@require_POST
@internal_view("risk.view")
def add_spend(request: AuthenticatedRequest, supplier_id: int) -> HttpResponse:
    supplier = _editable(request, supplier_id)
    form = SpendLineForm(request.POST)
    if form.is_valid():
        try:
            services.record_spend_line(request.user, supplier, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Spend line saved; the annual spend and checks follow it."))
            return _back(supplier, "spend")
    return _tab(request, supplier, 400, spend_form=form)


@require_POST
@internal_view("risk.view")
def add_backup(request: AuthenticatedRequest, supplier_id: int) -> HttpResponse:
    supplier = _editable(request, supplier_id)
    form = BackupForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_backup(request.user, data["backup_supplier"], supplier=supplier, data=data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Backup added to the reserve list."))
            return _back(supplier, "backups")
    return _tab(request, supplier, 400, backup_form=form)


@require_POST
@internal_view("risk.view")
def change_backup(request: AuthenticatedRequest, backup_id: int) -> HttpResponse:
    backup = get_object_or_404(
        Backup.objects.select_related("supplier", "backup_supplier"), pk=backup_id
    )
    if backup.supplier is None:
        if request.user.role not in EDITORS:
            raise PermissionDenied("Only managers keep a category's reserve list.")
        supplier = None
    else:
        supplier = _editable(request, backup.supplier.pk)
    form = BackupChangeForm(request.POST, prefix=f"b{backup.pk}")
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.update_backup(request.user, backup, data, form.cleaned_data.get("version"))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Backup updated."))
    else:
        messages.error(
            request, " ".join(f"{k}: {' '.join(str(e) for e in v)}" for k, v in form.errors.items())
        )
    if supplier is None:
        return redirect("risk:backups")
    return _back(supplier, "backups")


@require_POST
@internal_view("risk.view")
def save_plan(request: AuthenticatedRequest, supplier_id: int) -> HttpResponse:
    supplier = _editable(request, supplier_id)
    form = PlanForm(request.POST)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.save_plan(request.user, supplier, data, form.cleaned_data.get("version"))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Transition plan saved."))
            return _back(supplier, "plan")
    return _tab(request, supplier, 400, plan_form=form)


@require_POST
@internal_view("risk.view")
def plan_reviewed(request: AuthenticatedRequest, supplier_id: int) -> HttpResponse:
    supplier = _editable(request, supplier_id)
    plan = TransitionPlan.objects.filter(supplier=supplier).first()
    if plan is None:
        raise Http404("No transition plan yet.")
    services.mark_plan_reviewed(request.user, plan)
    messages.success(request, _("Review recorded for today."))
    return _back(supplier, "plan")


@require_POST
@internal_view("risk.view")
def add_rating(request: AuthenticatedRequest, supplier_id: int) -> HttpResponse:
    supplier = _editable(request, supplier_id)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            services.record_rating(request.user, supplier, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Rating recorded."))
            return _back(supplier, "financial")
    return _tab(request, supplier, 400, rating_form=form)


@require_POST
@internal_view("risk.view")
def use_rating(request: AuthenticatedRequest, supplier_id: int) -> HttpResponse:
    supplier = _editable(request, supplier_id)
    try:
        value = services.use_rating_as_factor(request.user, supplier)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Financial-health factor set to %(value)s in the segmentation.") % {"value": value},
        )
    return _back(supplier, "financial")


@require_POST
@internal_view("risk.view")
def set_revenue(request: AuthenticatedRequest, supplier_id: int) -> HttpResponse:
    supplier = _editable(request, supplier_id)
    form = RevenueForm(request.POST)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.set_revenue(request.user, supplier, data, form.cleaned_data.get("version"))
        except StaleEdit as exc:
            messages.error(request, exc.form_message)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Revenue saved."))
            return _back(supplier, "power")
    return _tab(request, supplier, 400, revenue_form=form)


@internal_view("risk.view")
def export(request: AuthenticatedRequest, kind: str, fmt: str) -> HttpResponse:
    if kind not in exports.KINDS or fmt not in {"csv", "xlsx"}:
        raise Http404("No such export.")
    return exports.respond(request.user, kind, fmt)
