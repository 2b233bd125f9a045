"""Web pages of onboarding and growth: starting a 30-60-90 plan, changing or completing
it, adding tasks, raising and changing growth opportunities, and the tasks export. The
plan and opportunities show on the supplier's Playbook tab (`gate:supplier`); every form
here goes back there once saved. Thin: load, check permission, call a service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnerbook.accounts.policy import AuthenticatedRequest, can, internal_view, require
from partnerbook.core.concurrency import StaleEdit, show_stale
from partnerbook.core.spreadsheets import attachment
from partnerbook.suppliers.models import Supplier
from partnerbook.suppliers.views import apply_errors, visible_supplier

from . import services
from .forms import FaqForm, OpportunityEditForm, OpportunityForm, PlanEditForm, PlanForm, TaskForm
from .models import OnboardingFaq, OnboardingPlan, Opportunity


def _back(supplier_id: int) -> HttpResponse:
    return redirect(reverse("gate:supplier", args=[supplier_id]))


def _plan(request: AuthenticatedRequest, plan_id: int) -> OnboardingPlan:
    plan = services.plan_for(request.user, plan_id)
    if plan is None:
        raise Http404("No such onboarding plan.")
    return plan


def _opportunity(request: AuthenticatedRequest, opportunity_id: int) -> Opportunity:
    opportunity = services.opportunity_for(request.user, opportunity_id)
    if opportunity is None:
        raise Http404("No such opportunity.")
    return opportunity


def _page(
    request: AuthenticatedRequest,
    supplier: Supplier,
    form: BaseForm,
    title: str,
    status: int,
    **extra: Any,
) -> HttpResponse:
    context = {"supplier": supplier, "form": form, "title": title, **extra}
    return render(request, "onboarding/form.html", context, status=status)


@internal_view("playbook.view")
def plan_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Start the supplier's onboarding plan from the 30-60-90 template."""
    supplier = visible_supplier(request, pk)
    require(request.user, "playbook.edit", supplier)
    status = 200
    if request.method == "POST":
        form = PlanForm(request.POST)
        if form.is_valid():
            try:
                services.create_plan(request.user, supplier, form.data_for_service())
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Onboarding plan started from the 30-60-90 template."))
                return _back(supplier.pk)
        status = 400
    else:
        form = PlanForm()
    return _page(request, supplier, form, _("Start the 30-60-90 onboarding plan"), status)


@internal_view("playbook.view")
def plan_edit(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    """Change the point of contact, the start day or the success criteria."""
    plan = _plan(request, plan_id)
    require(request.user, "playbook.edit", plan.supplier)
    status = 200
    if request.method == "POST":
        form = PlanEditForm(request.POST)
        if form.is_valid():
            try:
                services.update_plan(
                    request.user, plan, form.data_for_service(), form.cleaned_data["version"]
                )
            except StaleEdit as exc:
                current = _plan(request, plan_id)
                form = show_stale(PlanEditForm(initial=PlanEditForm.initial_for(current)), exc)
                status = 409
            except ValidationError as exc:
                apply_errors(form, exc)
                status = 400
            else:
                messages.success(request, _("Onboarding plan saved."))
                return _back(plan.supplier_id)
        else:
            status = 400
    else:
        form = PlanEditForm(initial=PlanEditForm.initial_for(plan))
    return _page(request, plan.supplier, form, _("Change the onboarding plan"), status)


@require_POST
@internal_view("playbook.view")
def plan_complete(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    plan = _plan(request, plan_id)
    require(request.user, "playbook.edit", plan.supplier)
    version = request.POST.get("version", "")
    try:
        services.complete_plan(request.user, plan, int(version) if version.isdigit() else None)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Onboarding plan completed."))
    return _back(plan.supplier_id)


@internal_view("playbook.view")
def task_new(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    """Add a task to the plan (an action item with its milestone and side)."""
    plan = _plan(request, plan_id)
    supplier = plan.supplier
    require(request.user, "playbook.edit", supplier)
    status = 200
    if request.method == "POST":
        form = TaskForm(request.POST, supplier=supplier)
        if form.is_valid():
            try:
                services.add_task(request.user, plan, form.data_for_service())
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Onboarding task added."))
                return _back(supplier.pk)
        status = 400
    else:
        form = TaskForm(supplier=supplier)
    return _page(request, supplier, form, _("Add an onboarding task"), status)


@internal_view("playbook.view")
def export_tasks(request: AuthenticatedRequest, plan_id: int, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    plan = _plan(request, plan_id)
    result = services.export_tasks(plan, fmt)
    return attachment(result, f"onboarding-tasks-{plan.supplier_id}.{fmt}")


@internal_view("playbook.view")
def opportunity_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Raise a growth opportunity (it must fit the relationship's maturity stage)."""
    supplier = visible_supplier(request, pk)
    require(request.user, "playbook.edit", supplier)
    status = 200
    if request.method == "POST":
        form = OpportunityForm(request.POST, supplier=supplier)
        if form.is_valid():
            try:
                services.create_opportunity(request.user, supplier, form.data_for_service())
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Growth opportunity raised."))
                return _back(supplier.pk)
        status = 400
    else:
        form = OpportunityForm(supplier=supplier)
    return _page(request, supplier, form, _("Raise a growth opportunity"), status)


@internal_view("playbook.view")
def opportunity_edit(request: AuthenticatedRequest, opportunity_id: int) -> HttpResponse:
    opportunity = _opportunity(request, opportunity_id)
    supplier = opportunity.supplier
    require(request.user, "playbook.edit", supplier)
    status = 200
    if request.method == "POST":
        form = OpportunityEditForm(request.POST, supplier=supplier)
        if form.is_valid():
            try:
                services.update_opportunity(
                    request.user, opportunity, form.data_for_service(),
                    form.cleaned_data["version"],
                )  # fmt: skip
            except StaleEdit as exc:
                current = _opportunity(request, opportunity_id)
                initial = OpportunityEditForm.initial_for(current)
                form = show_stale(OpportunityEditForm(initial=initial, supplier=supplier), exc)
                status = 409
            except ValidationError as exc:
                apply_errors(form, exc)
                status = 400
            else:
                messages.success(request, _("Opportunity saved."))
                return _back(supplier.pk)
        else:
            status = 400
    else:
        initial = OpportunityEditForm.initial_for(opportunity)
        form = OpportunityEditForm(initial=initial, supplier=supplier)
    return _page(
        request, supplier, form, _("Change “%(title)s”") % {"title": opportunity.title}, status
    )


@internal_view("playbook.view")
def faqs(request: AuthenticatedRequest) -> HttpResponse:
    """The FAQs every supplier sees in their portal's onboarding space; managers add and
    change them here."""
    can_edit = can(request.user, "playbook.edit")
    status = 200
    form = FaqForm() if can_edit else None
    if request.method == "POST":
        require(request.user, "playbook.edit")
        form = FaqForm(request.POST)
        if form.is_valid():
            try:
                services.create_faq(request.user, form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("FAQ added."))
                return redirect("onboarding:faqs")
        status = 400
    context = {"faqs": services.faqs(), "form": form, "can_edit": can_edit}
    return render(request, "onboarding/faqs.html", context, status=status)


@internal_view("playbook.view")
def faq_edit(request: AuthenticatedRequest, faq_id: int) -> HttpResponse:
    require(request.user, "playbook.edit")
    faq = OnboardingFaq.objects.filter(pk=faq_id).first()
    if faq is None:
        raise Http404("No such FAQ.")
    status = 200
    if request.method == "POST":
        form = FaqForm(request.POST)
        if form.is_valid():
            try:
                services.update_faq(request.user, faq, form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("FAQ saved."))
                return redirect("onboarding:faqs")
        status = 400
    else:
        form = FaqForm(initial=FaqForm.initial_for(faq))
    context = {"faq": faq, "form": form}
    return render(request, "onboarding/faq_edit.html", context, status=status)
