"""Web pages of the cadence: the supplier's Cadence tab (meetings, proposal, health checks),
editing a meeting, the overdue meetings page, calendar files and the personal feed link.
Thin: load, check permission, call a service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_POST

from partnerbook.accounts.models import INTERNAL_ROLES, User
from partnerbook.accounts.policy import AuthenticatedRequest, can, internal_view, require
from partnerbook.core.concurrency import StaleEdit, show_stale
from partnerbook.core.spreadsheets import CONTENT_TYPES, write_csv, write_xlsx
from partnerbook.suppliers.models import Supplier
from partnerbook.suppliers.views import apply_errors, visible_supplier

from . import domain, services
from .forms import CadenceItemForm, HealthCheckForm
from .models import CadenceItem, HealthCheck

OVERDUE_PER_PAGE = 50
# The meeting levels as the proposal table writes them (lower case in English).
LEVEL_WORDS = {
    "executive": pgettext_lazy("meeting level, lower case", "executive"),
    "management": pgettext_lazy("meeting level, lower case", "management"),
    "operational": pgettext_lazy("meeting level, lower case", "operational"),
}


def _item(request: AuthenticatedRequest, supplier: Supplier, item_id: int) -> CadenceItem:
    item = get_object_or_404(
        CadenceItem.objects.select_related("owner"), pk=item_id, supplier=supplier
    )
    item.supplier = supplier
    return item


def _page(
    request: AuthenticatedRequest,
    supplier: Supplier,
    item_form: CadenceItemForm | None = None,
    check_form: HealthCheckForm | None = None,
    status: int = 200,
) -> HttpResponse:
    rows = services.cadence_of(supplier)
    checks = services.health_checks_of(supplier)
    due = next((r.status for r in rows if r.item.kind == domain.ANNUAL_HEALTH_CHECK), None)
    proposal = services.proposal_for(supplier)
    context = {
        "supplier": supplier,
        "rows": rows,
        "proposal": proposal,
        "proposal_items": [
            {
                "label": _(p.label),
                "interval_days": p.interval_days,
                "our_level": LEVEL_WORDS.get(p.our_level, p.our_level),
                "their_level": LEVEL_WORDS.get(p.their_level, p.their_level),
                "reason": _(p.reason),
            }
            for p in proposal.items
        ],
        "can_edit": can(request.user, "cadence.edit", supplier),
        "can_answer": can(request.user, "healthcheck.answer", supplier),
        "form": item_form
        or CadenceItemForm(
            supplier=supplier,
            initial={"owner": supplier.relationship_owner_id or request.user.pk},
        ),
        "check_form": check_form or HealthCheckForm(),
        "checks": checks,
        "health_due": due,
        "channel_labels": {key: _(label) for key, label in domain.CHANNELS.items()},
    }
    return render(request, "cadence/supplier.html", context, status=status)


@internal_view("cadence.view")
def supplier_cadence(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _page(request, visible_supplier(request, pk))


@require_POST
@internal_view("cadence.view")
def apply_proposal(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    supplier = visible_supplier(request, pk)
    require(request.user, "cadence.edit", supplier)
    try:
        created = services.apply_proposal(request.user, supplier)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Proposal applied: %(count)s meeting(s) planned.") % {"count": len(created)},
        )
    return redirect("cadence:supplier", pk=pk)


@require_POST
@internal_view("cadence.view")
def item_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    supplier = visible_supplier(request, pk)
    require(request.user, "cadence.edit", supplier)
    form = CadenceItemForm(request.POST, supplier=supplier)
    if form.is_valid():
        try:
            services.add_item(request.user, supplier, form.data_for_service())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Meeting added."))
            return redirect(reverse("cadence:supplier", args=[pk]) + "#meetings")
    return _page(request, supplier, item_form=form, status=400)


@internal_view("cadence.view")
def item_edit(request: AuthenticatedRequest, pk: int, item_id: int) -> HttpResponse:
    supplier = visible_supplier(request, pk)
    item = _item(request, supplier, item_id)
    require(request.user, "cadence.edit", supplier)
    if request.method == "POST":
        if request.POST.get("remove") == "1":
            services.remove_item(request.user, item)
            messages.success(request, _("Meeting removed from the cadence."))
            return redirect("cadence:supplier", pk=pk)
        form = CadenceItemForm(request.POST, supplier=supplier)
        if form.is_valid():
            try:
                services.update_item(
                    request.user, item, form.data_for_service(), form.cleaned_data.get("version")
                )
            except StaleEdit as exc:
                current = CadenceItemForm.initial_for(exc.current)
                form = show_stale(CadenceItemForm(initial=current, supplier=supplier), exc)
                context = {"supplier": supplier, "item": exc.current, "form": form}
                return render(request, "cadence/item_form.html", context, status=409)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Meeting saved."))
                return redirect("cadence:supplier", pk=pk)
    else:
        form = CadenceItemForm(initial=CadenceItemForm.initial_for(item), supplier=supplier)
    return render(
        request,
        "cadence/item_form.html",
        {"supplier": supplier, "item": item, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@internal_view("calendar.use")
def item_ics(request: AuthenticatedRequest, pk: int, item_id: int) -> HttpResponse:
    supplier = visible_supplier(request, pk)
    item = _item(request, supplier, item_id)
    if item.planned_start is None:
        raise Http404("This meeting has no planned time yet.")
    with translation.override("en"):  # a calendar file, English like the calendar feed
        content = services.item_calendar(item, base_url=request.build_absolute_uri("/")[:-1])
    return _ics(content, f"{item.kind}-{supplier.pk}.ics")


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
@internal_view("cadence.view")
def health_check_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    supplier = visible_supplier(request, pk)
    require(request.user, "healthcheck.answer", supplier)
    form = HealthCheckForm(request.POST)
    if form.is_valid():
        try:
            check = services.record_health_check(
                request.user,
                supplier,
                form.cleaned_data["held_on"],
                form.answers(),
                form.cleaned_data["notes"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Health check saved."))
            return redirect("cadence:health_check", pk=pk, check_id=check.pk)
    return _page(request, supplier, check_form=form, status=400)


@internal_view("healthcheck.view")
def health_check_detail(request: AuthenticatedRequest, pk: int, check_id: int) -> HttpResponse:
    supplier = visible_supplier(request, pk)
    check = get_object_or_404(
        HealthCheck.objects.prefetch_related("answers", "answers__answered_by"),
        pk=check_id,
        supplier=supplier,
    )
    view = services.view_of(check)
    rows = []
    for row in view.comparison.rows:
        rows.append(
            {
                "row": row,
                "question": _(domain.QUESTIONS[row.question]),
                "our_comment": view.ours.comments()[row.question] if view.ours else "",
                "their_comment": view.theirs.comments()[row.question] if view.theirs else "",
            }
        )
    return render(
        request,
        "cadence/health_check.html",
        {"supplier": supplier, "view": view, "rows": rows},
    )


@internal_view("cadence.view")
def overdue(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    owners = User.objects.filter(is_active=True, role__in=INTERNAL_ROLES).order_by(
        "first_name", "last_name", "username"
    )
    raw = request.GET.get("owner", "")
    owner_id: int | None = user.pk
    if raw == "all":
        owner_id = None
    elif not raw and not CadenceItem.objects.filter(owner=user).exists():
        owner_id = None  # someone who runs no meetings of their own sees everyone's first
    elif raw.isdigit():
        owner_id = int(raw)
    rows = services.overdue_items(user, owner_id)
    page = Paginator(rows, OVERDUE_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cadence/overdue.html",
        {
            "page": page,
            "total": len(rows),
            "owners": owners,
            "owner_id": owner_id,
            "querystring": query.urlencode(),
        },
    )


@internal_view("calendar.use")
def calendar_page(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "cadence/calendar.html",
        {
            "has_feed": services.has_feed(request.user),
            "items": services.upcoming_items(request.user),
            "feed_url": None,
        },
    )


@require_POST
@internal_view("calendar.use")
def calendar_rotate(request: AuthenticatedRequest) -> HttpResponse:
    token = services.rotate_feed_token(request.user)
    url = request.build_absolute_uri(reverse("api:cadence_feed", kwargs={"token": token}))
    return render(
        request,
        "cadence/calendar.html",
        {
            "has_feed": True,
            "items": services.upcoming_items(request.user),
            "feed_url": url,
        },
    )


@internal_view("calendar.use")
def upcoming_ics(request: AuthenticatedRequest) -> HttpResponse:
    with translation.override("en"):  # a calendar file, English like the calendar feed
        content = services.upcoming_calendar(
            request.user, base_url=request.build_absolute_uri("/")[:-1]
        )
    return _ics(content, f"supplier-meetings-{timezone.localdate():%Y%m%d}.ics")


@internal_view("cadence.view")
def export(request: AuthenticatedRequest, fmt: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404("Unknown format.")
    with translation.override("en"):  # exports keep stable English
        rows: list[Any] = services.export_rows(request.user)
        columns = services.EXPORT_COLUMNS
        if fmt == "csv":
            content = write_csv(columns, rows)
        else:
            numbers = {"supplier_id", "interval_days", "days_overdue"}
            content = write_xlsx("Cadence", columns, rows, number_columns=numbers)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = (
        f'attachment; filename="cadence-{timezone.localdate():%Y%m%d}.{fmt}"'
    )
    return response
