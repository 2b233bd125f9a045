"""Web pages of collaboration practices: the supplier's Practices tab (practices with their
context checks, agreements, forms), practice editing and ending, the export. Thin: load,
check permission, call a service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnerbook.accounts.policy import AuthenticatedRequest, can, internal_view, require
from partnerbook.core.concurrency import StaleEdit, show_stale
from partnerbook.core.spreadsheets import CONTENT_TYPES
from partnerbook.suppliers.models import Supplier
from partnerbook.suppliers.views import apply_errors, visible_supplier

from . import domain, services
from .forms import AgreementForm, EndPracticeForm, PracticeForm
from .models import Agreement, Practice


def _practice(request: AuthenticatedRequest, supplier: Supplier, practice_id: int) -> Practice:
    practice: Practice = get_object_or_404(
        Practice.objects.visible_to(request.user).for_list(), pk=practice_id, supplier=supplier
    )
    return practice


@internal_view("practice.view")
def supplier_practices(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _page(request, visible_supplier(request, pk))


def _page(
    request: AuthenticatedRequest,
    supplier: Supplier,
    practice_form: PracticeForm | None = None,
    agreement_form: AgreementForm | None = None,
    status: int = 200,
) -> HttpResponse:
    practices = services.practices_of(supplier)
    checks = services.checks_for(supplier, practices)
    rows: list[dict[str, Any]] = [{"practice": p, "checks": checks[p.pk]} for p in practices]
    suggestion = services.template_suggestion(supplier)
    chosen = (
        str(agreement_form["template"].value() or "")
        if agreement_form is not None
        else suggestion.template
    )
    context = {
        "supplier": supplier,
        "can_edit": can(request.user, "practice.edit", supplier),
        "active": [r for r in rows if r["practice"].status == Practice.Status.ACTIVE],
        "ended": [r for r in rows if r["practice"].status == Practice.Status.ENDED],
        "agreements": services.agreement_rows(services.agreements_of(supplier)),
        "archived_agreements": services.agreements_of(supplier, archived=True),
        "form": practice_form
        or PracticeForm(supplier=supplier, initial={"owner": request.user.pk}),
        "agreement_form": agreement_form
        or AgreementForm(initial={"kind": domain.SUPPLY, "template": suggestion.template}),
        "suggestion": suggestion,
        "suggested_template_label": _template_label(suggestion.template).lower(),
        "sections": _section_table(agreement_form),
        "required": set(domain.required_sections(chosen)),
        "template_label": _template_label(chosen),
        "rules": [
            (key, _(label), _(domain.PRACTICE_RULES[key])) for key, label in domain.PRACTICE_CHOICES
        ],
    }
    return render(request, "practices/supplier.html", context, status=status)


@require_POST
@internal_view("practice.view")
def practice_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    supplier = visible_supplier(request, pk)
    require(request.user, "practice.edit", supplier)
    form = PracticeForm(request.POST, supplier=supplier)
    if form.is_valid():
        try:
            services.start_practice(request.user, supplier, form.data_for_service())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Practice started."))
            return redirect("practices:supplier", pk=pk)
    return _page(request, supplier, practice_form=form, status=400)


def _edit_page(
    request: AuthenticatedRequest,
    supplier: Supplier,
    practice: Practice,
    form: PracticeForm,
    end_form: EndPracticeForm,
    status: int = 200,
) -> HttpResponse:
    context = {
        "supplier": supplier,
        "practice": practice,
        "checks": services.checks_of(practice),
        "form": form,
        "end_form": end_form,
        "can_edit": can(request.user, "practice.edit", supplier),
    }
    return render(request, "practices/practice_form.html", context, status=status)


@internal_view("practice.view")
def practice_edit(request: AuthenticatedRequest, pk: int, practice_id: int) -> HttpResponse:
    supplier = visible_supplier(request, pk)
    practice = _practice(request, supplier, practice_id)
    end_form = EndPracticeForm(initial={"version": practice.version})
    if request.method != "POST":
        form = PracticeForm(initial=PracticeForm.initial_for(practice), supplier=supplier)
        return _edit_page(request, supplier, practice, form, end_form)
    require(request.user, "practice.edit", supplier)
    form = PracticeForm(request.POST, supplier=supplier)
    if form.is_valid():
        try:
            services.update_practice(
                request.user, practice, form.data_for_service(), form.cleaned_data.get("version")
            )
        except StaleEdit as exc:
            current = PracticeForm.initial_for(exc.current)
            fresh = show_stale(PracticeForm(initial=current, supplier=supplier), exc)
            end_form = EndPracticeForm(initial={"version": exc.current.version})
            return _edit_page(request, supplier, exc.current, fresh, end_form, status=409)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Practice saved."))
            return redirect("practices:supplier", pk=pk)
    practice.refresh_from_db()
    return _edit_page(request, supplier, practice, form, end_form, status=400)


@require_POST
@internal_view("practice.view")
def practice_end(request: AuthenticatedRequest, pk: int, practice_id: int) -> HttpResponse:
    supplier = visible_supplier(request, pk)
    practice = _practice(request, supplier, practice_id)
    require(request.user, "practice.edit", supplier)
    end_form = EndPracticeForm(request.POST)
    status = 400
    if end_form.is_valid():
        try:
            services.end_practice(
                request.user,
                practice,
                end_form.cleaned_data["ended_on"],
                end_form.cleaned_data.get("version"),
            )
        except StaleEdit as exc:
            end_form = show_stale(EndPracticeForm(initial={"version": exc.current.version}), exc)
            practice, status = exc.current, 409
        except ValidationError as exc:
            apply_errors(end_form, exc)
        else:
            messages.success(request, _("Practice ended."))
            return redirect("practices:supplier", pk=pk)
    form = PracticeForm(initial=PracticeForm.initial_for(practice), supplier=supplier)
    return _edit_page(request, supplier, practice, form, end_form, status=status)


@require_POST
@internal_view("practice.view")
def agreement_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    supplier = visible_supplier(request, pk)
    require(request.user, "practice.edit", supplier)
    form = AgreementForm(request.POST)
    if form.is_valid():
        try:
            services.record_agreement(request.user, supplier, form.data_for_service())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Agreement recorded."))
            return redirect("practices:supplier", pk=pk)
    return _page(request, supplier, agreement_form=form, status=400)


@require_POST
@internal_view("practice.view")
def agreement_archive(request: AuthenticatedRequest, pk: int, agreement_id: int) -> HttpResponse:
    supplier = visible_supplier(request, pk)
    agreement = get_object_or_404(
        Agreement.objects.visible_to(request.user), pk=agreement_id, supplier=supplier
    )
    agreement.supplier = supplier
    services.archive_agreement(request.user, agreement)
    messages.success(request, _("Agreement archived."))
    return redirect("practices:supplier", pk=pk)


def _template_label(key: str) -> str:
    """A template's name in the person's language ('' for none or an unknown key)."""
    label = dict(domain.TEMPLATE_CHOICES).get(key)
    return _(label) if label else ""


def _section_table(form: AgreementForm | None) -> list[dict[str, Any]]:
    """Each section with the templates that require it, for the legend beside the form."""
    names = {key: _(label) for key, label in domain.TEMPLATE_CHOICES}
    return [
        {
            "key": key,
            "label": _(label),
            "templates": [names[t] for t in domain.TEMPLATES if key in domain.required_sections(t)],
        }
        for key, label, _help in domain.SECTIONS
    ]


def _agreement_page(
    request: AuthenticatedRequest,
    agreement: Agreement,
    form: AgreementForm,
    status: int = 200,
) -> HttpResponse:
    supplier = agreement.supplier
    row = services.agreement_rows([agreement])[0]
    template = form["template"].value() or agreement.template
    required = set(domain.required_sections(str(template or "")))
    suggestion = services.template_suggestion(supplier)
    context = {
        "supplier": supplier,
        "agreement": agreement,
        "row": row,
        "form": form,
        "required": required,
        "template_label": _template_label(str(template or "")),
        "suggestion": suggestion,
        "suggested_template_label": _template_label(suggestion.template).lower(),
        "sections": _section_table(form),
        "escalation": domain.check_escalation_path(agreement.escalation_path)[0],
        "can_edit": can(request.user, "practice.edit", supplier) and not agreement.archived,
    }
    return render(request, "practices/agreement.html", context, status=status)


@internal_view("practice.view")
def agreement_detail(request: AuthenticatedRequest, agreement_id: int) -> HttpResponse:
    """An agreement with its sections; editors change it here (a stale edit is refused)."""
    agreement: Agreement = get_object_or_404(
        Agreement.objects.visible_to(request.user), pk=agreement_id
    )
    agreement.supplier = visible_supplier(request, agreement.supplier_id)
    if request.method != "POST":
        return _agreement_page(
            request, agreement, AgreementForm(initial=AgreementForm.initial_for(agreement))
        )
    require(request.user, "practice.edit", agreement.supplier)
    form = AgreementForm(request.POST)
    if form.is_valid():
        try:
            services.update_agreement(
                request.user, agreement, form.data_for_service(), form.cleaned_data.get("version")
            )
        except StaleEdit as exc:
            fresh = show_stale(AgreementForm(initial=AgreementForm.initial_for(exc.current)), exc)
            exc.current.supplier = agreement.supplier
            return _agreement_page(request, exc.current, fresh, status=409)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Agreement saved."))
            return redirect("practices:agreement", agreement_id=agreement.pk)
    agreement.refresh_from_db()
    return _agreement_page(request, agreement, form, status=400)


@internal_view("practice.view")
def agreement_export(request: AuthenticatedRequest, pk: int, fmt: str) -> HttpResponse:
    supplier = visible_supplier(request, pk)
    if fmt not in CONTENT_TYPES:
        raise Http404("Unknown format.")
    with translation.override("en"):  # exports keep stable English
        result = services.export_agreements(supplier, fmt)
    response = HttpResponse(result.content, content_type=result.content_type)
    response["Content-Disposition"] = f'attachment; filename="agreements-{supplier.pk}.{fmt}"'
    return response


@internal_view("practice.view")
def agreements_export_all(request: AuthenticatedRequest, fmt: str) -> HttpResponse:
    """Every agreement with the suppliers the user may see."""
    if fmt not in CONTENT_TYPES:
        raise Http404("Unknown format.")
    with translation.override("en"):  # exports keep stable English
        result = services.export_agreements(None, fmt, user=request.user)
    response = HttpResponse(result.content, content_type=result.content_type)
    response["Content-Disposition"] = f'attachment; filename="agreements.{fmt}"'
    return response


@internal_view("practice.view")
def export(request: AuthenticatedRequest, pk: int, fmt: str) -> HttpResponse:
    supplier = visible_supplier(request, pk)
    if fmt not in CONTENT_TYPES:
        raise Http404("Unknown format.")
    with translation.override("en"):  # exports keep stable English
        result = services.export_practices(supplier, fmt)
    response = HttpResponse(result.content, content_type=result.content_type)
    filename = f"practices-{supplier.pk}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
