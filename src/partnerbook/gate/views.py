"""Web pages of the playbook: the supplier's Playbook tab (the decision checklist, the
candidacies, the pilot and ramp-up, the onboarding plan and growth), ticking checklist
items, the move to active (through the same guard as every other path) and the list of
active suppliers the checklist did not clear. Thin: load, check permission, call services,
render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from partnerbook.accounts.policy import AuthenticatedRequest, can, internal_view, require
from partnerbook.core.spreadsheets import CONTENT_TYPES, ExportFile, attachment
from partnerbook.onboarding import services as onboarding
from partnerbook.performance import services as performance
from partnerbook.sourcing import services as sourcing
from partnerbook.suppliers import services as suppliers
from partnerbook.suppliers.domain import allowed_next
from partnerbook.suppliers.models import Supplier
from partnerbook.suppliers.views import visible_supplier

from . import board, domain, imports, services


def _tab(
    request: AuthenticatedRequest,
    supplier: Supplier,
    activate_errors: dict[str, list[str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    checklist = services.checklist_for(supplier)
    gated_next = any(
        domain.is_gated(supplier.status, s.value) for s in allowed_next(supplier.status)
    )
    context: dict[str, Any] = {
        "supplier": supplier,
        "checklist": checklist,
        "decision": services.latest_activations([supplier.pk]).get(supplier.pk),
        "can_edit": can(user, "playbook.edit", supplier),
        "can_measure": can(user, "performance.edit", supplier),
        "can_activate": gated_next
        and can(user, "supplier.change_status", supplier)
        and not supplier.archived,
        "can_override": can(user, "gate.override"),
        "activate_errors": activate_errors,
        **sourcing.supplier_playbook(user, supplier),
        **onboarding.supplier_onboarding(user, supplier),
    }
    return render(request, "gate/supplier.html", context, status=status)


@internal_view("playbook.view")
def supplier_playbook(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The Playbook tab: the checklist first, then the sourcing and onboarding pieces."""
    return _tab(request, visible_supplier(request, pk))


def _back(supplier: Supplier) -> HttpResponse:
    return redirect(reverse("gate:supplier", args=[supplier.pk]) + "#checklist")


@require_POST
@internal_view("playbook.view")
def tick(request: AuthenticatedRequest, pk: int, key: str) -> HttpResponse:
    supplier = visible_supplier(request, pk)
    require(request.user, "playbook.edit", supplier)
    try:
        services.tick(request.user, supplier, key, request.POST.get("evidence", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(item)s: ticked.") % {"item": _(domain.MANUAL_ITEMS[key][0])})
    return _back(supplier)


@require_POST
@internal_view("playbook.view")
def untick(request: AuthenticatedRequest, pk: int, key: str) -> HttpResponse:
    supplier = visible_supplier(request, pk)
    require(request.user, "playbook.edit", supplier)
    try:
        services.untick(request.user, supplier, key)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("%(item)s: withdrawn.") % {"item": _(domain.MANUAL_ITEMS[key][0])}
        )
    return _back(supplier)


@require_POST
@internal_view("playbook.view")
def measure_baselines(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Measure the supplier's missing KPI baselines now instead of waiting for the night."""
    supplier = visible_supplier(request, pk)
    require(request.user, "performance.edit", supplier)
    count = performance.ensure_baselines([supplier], actor=request.user)
    messages.success(
        request,
        ngettext("%(n)s baseline measured.", "%(n)s baselines measured.", count) % {"n": count},
    )
    return _back(supplier)


@require_POST
@internal_view("playbook.view")
def activate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Make the supplier active: refused with what is missing unless the checklist holds or
    a manager overrides with a written reason."""
    supplier = visible_supplier(request, pk)
    require(request.user, "supplier.change_status", supplier)
    try:
        suppliers.change_status(
            request.user,
            supplier,
            domain.ACTIVE,
            request.POST.get("note", "")[:500],
            request.POST.get("override_reason", ""),
        )
    except ValidationError as exc:
        supplier.refresh_from_db()
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"status": exc.messages}
        return _tab(request, supplier, errors, status=400)
    messages.success(request, _("%(name)s is now active.") % {"name": supplier.name})
    return _back(supplier)


@internal_view("playbook.view")
def export(request: AuthenticatedRequest) -> HttpResponse:
    """Every checklist item of the suppliers in vetting, pilot or active, as CSV."""
    suppliers = list(
        Supplier.objects.visible_to(request.user)
        .filter(archived=False, status__in=["vetting", "pilot", "active"])
        .order_by("name", "pk")
    )
    with translation.override("en"):  # the columns and values stay stable English
        content = imports.export_checklists(suppliers)
    return attachment(ExportFile(content, CONTENT_TYPES["csv"], len(suppliers)), "checklists.csv")


@internal_view("sourcing.view")
def pipeline(request: AuthenticatedRequest) -> HttpResponse:
    """The pipeline board: candidates and new suppliers by playbook step, with what blocks
    each; "advance" moves a supplier's status through the same rules as everywhere."""
    projects = sourcing.projects(status="open")
    raw = request.GET.get("project", "")
    chosen = next((p for p in projects if str(p.pk) == raw), None)
    columns = board.board(request.user, chosen.pk if chosen else None)
    user = request.user
    context = {
        "columns": columns,
        "projects": projects,
        "chosen": chosen,
        "advancing": {
            c.supplier.pk
            for column in columns
            for c in column.cards
            if c.next_status and can(user, "supplier.change_status", c.supplier)
        },
        "here": request.get_full_path(),
    }
    return render(request, "gate/board.html", context)


@internal_view("portfolio.view")
def activations(request: AuthenticatedRequest) -> HttpResponse:
    """Active suppliers made active by override, and those active without the checklist."""
    lists = services.portfolio_lists(request.user)
    return render(request, "gate/activations.html", {"lists": lists})
