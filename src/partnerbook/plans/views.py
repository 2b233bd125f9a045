"""Web pages of relationship plans: the supplier's Plan tab, editing, objectives, revisions,
the print view and recovery plans. Thin: load, check permission, call a service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from partnerbook.accounts.policy import AuthenticatedRequest, can, internal_view, require
from partnerbook.core.concurrency import StaleEdit, show_stale
from partnerbook.relationship.domain import CHANNELS
from partnerbook.suppliers.models import Supplier
from partnerbook.suppliers.views import apply_errors, visible_supplier

from . import domain, services
from .forms import (
    ContactMapFormSet,
    ObjectiveForm,
    PlanForm,
    RecoveryPlanForm,
    contact_map_data,
    contact_map_initial,
)
from .models import PlanRevision

# The headings of the partnership SWOT, as the revision page shows them.
SWOT_LABELS = {
    "strengths": gettext_noop("Strengths"),
    "weaknesses": gettext_noop("Weaknesses"),
    "opportunities": gettext_noop("Opportunities"),
    "threats": gettext_noop("Threats"),
}


def _plan_context(supplier: Supplier) -> dict[str, Any]:
    plan = services.plan_of(supplier)
    return {
        "supplier": supplier,
        "plan": plan,
        "contact_map": services.contact_map_rows(plan),
        "contributors": services.contributors_of(plan),
        "objectives": services.objectives_of(plan),
        "channels": [_(CHANNELS.get(c, c)) for c in plan.preferred_channels] if plan else [],
    }


@internal_view("plan.view")
def supplier_plan(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    supplier = visible_supplier(request, pk)
    return _tab(request, supplier)


def _tab(
    request: AuthenticatedRequest,
    supplier: Supplier,
    objective_form: ObjectiveForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = _plan_context(supplier)
    context.update(
        can_edit=can(request.user, "plan.edit", supplier),
        transactional=services.runs_as_transactional(supplier),
        objective_form=objective_form or ObjectiveForm(),
        recoveries=services.recovery_plans_of(supplier),
    )
    return render(request, "plans/supplier.html", context, status=status)


@internal_view("plan.view")
def edit_plan(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    supplier = visible_supplier(request, pk)
    require(request.user, "plan.edit", supplier)
    plan = services.plan_of(supplier)
    status = 200
    if request.method == "POST":
        form = PlanForm(request.POST, supplier=supplier)
        rows = ContactMapFormSet(request.POST, prefix="map", form_kwargs={"supplier": supplier})
        if form.is_valid() and rows.is_valid():
            data = form.data_for_service()
            data["contact_map"] = contact_map_data(rows)
            try:
                services.save_plan(
                    request.user, supplier, data, form.cleaned_data["change_note"],
                    form.cleaned_data.get("version"),
                )  # fmt: skip
            except StaleEdit as exc:
                current = services.plan_of(supplier)
                form = show_stale(
                    PlanForm(initial=PlanForm.initial_for(current), supplier=supplier), exc
                )
                rows = ContactMapFormSet(
                    initial=contact_map_initial(current), prefix="map",
                    form_kwargs={"supplier": supplier},
                )  # fmt: skip
                status = 409
            except ValidationError as exc:
                apply_errors(form, exc)
                status = 400
            else:
                messages.success(request, _("Plan saved as a new revision."))
                return redirect("plans:supplier", pk=pk)
        else:
            status = 400
    else:
        form = PlanForm(initial=PlanForm.initial_for(plan), supplier=supplier)
        rows = ContactMapFormSet(
            initial=contact_map_initial(plan), prefix="map", form_kwargs={"supplier": supplier}
        )
    return render(
        request,
        "plans/edit.html",
        {"supplier": supplier, "plan": plan, "form": form, "rows": rows},
        status=status,
    )


@internal_view("plan.view")
def add_objective(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    supplier = visible_supplier(request, pk)
    require(request.user, "plan.edit", supplier)
    if request.method != "POST":
        return redirect(reverse("plans:supplier", args=[pk]) + "#objectives")
    form = ObjectiveForm(request.POST)
    if form.is_valid():
        try:
            services.add_objective(request.user, supplier, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Objective added."))
            return redirect(reverse("plans:supplier", args=[pk]) + "#objectives")
    return _tab(request, supplier, objective_form=form, status=400)


@internal_view("plan.view")
def revisions(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    supplier = visible_supplier(request, pk)
    plan = services.plan_of(supplier)
    listed = list(services.revisions_of(plan)[:200])
    return render(
        request, "plans/revisions.html", {"supplier": supplier, "plan": plan, "revisions": listed}
    )


@internal_view("plan.view")
def revision(request: AuthenticatedRequest, pk: int, number: int) -> HttpResponse:
    supplier = visible_supplier(request, pk)
    found: PlanRevision = get_object_or_404(
        PlanRevision.objects.select_related("created_by"), plan__supplier=supplier, number=number
    )
    snap = found.snapshot
    return render(
        request,
        "plans/revision.html",
        {
            "supplier": supplier,
            "revision": found,
            "snap": snap,
            "swot": [
                (_(SWOT_LABELS.get(key, key.capitalize())), snap.get(key, []))
                for key in services.SWOT
            ],
            "channels": [_(CHANNELS.get(c, c)) for c in snap.get("preferred_channels", [])],
            "levels": domain.LEVELS,
        },
    )


@internal_view("plan.view")
def print_plan(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    supplier = visible_supplier(request, pk)
    context = _plan_context(supplier)
    if context["plan"] is None:
        raise Http404("No plan yet.")
    context["recoveries"] = services.recovery_plans_of(supplier, limit=3)
    return render(request, "plans/print.html", context)


@internal_view("plan.view")
def new_recovery(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    supplier = visible_supplier(request, pk)
    require(request.user, "plan.edit", supplier)
    alerts = services.open_alerts_of(supplier)
    status = 200
    if request.method == "POST":
        form = RecoveryPlanForm(request.POST, supplier=supplier, alerts=alerts)
        if form.is_valid():
            try:
                _recovery, check = services.create_recovery_plan(
                    request.user, supplier, form.data_for_service()
                )
            except ValidationError as exc:
                apply_errors(form, exc)
                status = 400
            else:
                if check.repeats:
                    messages.warning(
                        request, _("Recovery plan saved. %(warning)s") % {"warning": check.warning}
                    )
                else:
                    messages.success(request, _("Recovery plan saved."))
                return redirect(reverse("plans:supplier", args=[pk]) + "#recovery")
        else:
            status = 400
    else:
        form = RecoveryPlanForm(supplier=supplier, alerts=alerts)
    return render(
        request, "plans/recovery_form.html", {"supplier": supplier, "form": form}, status=status
    )
