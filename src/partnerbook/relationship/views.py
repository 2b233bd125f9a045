"""Web pages of relationship signals: the supplier's Relationship tab (quick entry,
health, trust ledger, response times, reciprocity, tone), interaction editing, the
portfolio health list and the settings. Thin: load, check permission, call a service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnerbook.accounts.policy import AuthenticatedRequest, can, internal_view, require
from partnerbook.core.concurrency import StaleEdit, show_stale
from partnerbook.suppliers.models import Supplier
from partnerbook.suppliers.views import apply_errors, visible_supplier

from . import services
from .forms import InteractionForm, RelationshipSettingsForm, TrustEntryForm
from .models import TAG_CHOICES, Interaction

INTERACTIONS_PER_PAGE = 25
HEALTH_PER_PAGE = 50
HEALTH_SORTS = {
    "score": ("score", "supplier__name"),
    "-score": ("-score", "supplier__name"),
    "change": (F("change").asc(nulls_last=True), "supplier__name"),
    "-change": (F("change").desc(nulls_last=True), "supplier__name"),
    "name": ("supplier__name",),
}


def health_card(user: Any, supplier: Supplier) -> dict[str, Any] | None:
    """The overview card: latest health, open findings (registered in apps.py)."""
    return {"snapshot": services.health_of(supplier), "supplier": supplier}


@internal_view("relationship.view")
def supplier_relationship(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    supplier = visible_supplier(request, pk)
    return _page(request, supplier)


def _page(
    request: AuthenticatedRequest,
    supplier: Supplier,
    interaction_form: InteractionForm | None = None,
    trust_form: TrustEntryForm | None = None,
    status: int = 200,
) -> HttpResponse:
    config = services.current_config()
    ledger = services.ledger_of(supplier, config, limit=30)
    interactions = Paginator(
        # The list shows each interaction's tags, not its people: no need to load those.
        Interaction.objects.filter(supplier=supplier)
        .select_related("created_by")
        .prefetch_related("signals")
        .order_by("-occurred_on", "-pk"),
        INTERACTIONS_PER_PAGE,
    ).get_page(request.GET.get("page"))
    snapshot = services.health_of(supplier)
    trend = services.health_trend(supplier)
    context = {
        "supplier": supplier,
        "can_log": can(request.user, "relationship.log", supplier),
        "can_recompute": can(request.user, "relationship.recompute"),
        "form": interaction_form or InteractionForm(supplier=supplier),
        "trust_form": trust_form or TrustEntryForm(),
        "snapshot": snapshot,
        "trend": trend,
        "ledger": ledger,
        "interactions": interactions,
        "periods": services.periods_of(supplier, config),
        "unanswered": services.unanswered_requests(supplier, limit=20),
        "tag_labels": dict(TAG_CHOICES),
        "config": config,
        "chart": {
            "health": [{"x": d.isoformat(), "y": s} for d, s in trend],
            "trust": [{"x": d.isoformat(), "y": b} for d, b in ledger.series],
        },
    }
    template = "relationship/_body.html" if request.htmx else "relationship/supplier.html"  # type: ignore[attr-defined]
    return render(request, template, context, status=status)


@internal_view("relationship.view")
def interaction_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    supplier = visible_supplier(request, pk)
    require(request.user, "relationship.log", supplier)
    if request.method != "POST":
        return redirect(reverse("relationship:supplier", args=[pk]) + "#log")
    form = InteractionForm(request.POST, supplier=supplier)
    if form.is_valid():
        try:
            services.record_interaction(request.user, supplier, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            services.refresh(supplier)
            messages.success(request, _("Interaction logged."))
            if request.htmx:  # type: ignore[attr-defined]
                return _page(request, supplier)
            return redirect(reverse("relationship:supplier", args=[pk]) + "#log")
    return _page(request, supplier, interaction_form=form, status=200 if request.htmx else 400)  # type: ignore[attr-defined]


@internal_view("relationship.view")
def interaction_edit(request: AuthenticatedRequest, pk: int, interaction_id: int) -> HttpResponse:
    supplier = visible_supplier(request, pk)
    interaction = get_object_or_404(
        Interaction.objects.visible_to(request.user).prefetch_related(
            "signals", "contacts", "participants"
        ),
        pk=interaction_id,
        supplier=supplier,
    )
    can_log = can(request.user, "relationship.log", supplier)
    if request.method == "POST":
        require(request.user, "relationship.log", supplier)
        if "archived" in request.POST:
            archived = request.POST["archived"] == "1"
            services.set_interaction_archived(request.user, interaction, archived)
            services.refresh(supplier)
            messages.success(
                request, _("Interaction archived.") if archived else _("Interaction restored.")
            )
            return redirect("relationship:supplier", pk=pk)
        form = InteractionForm(request.POST, supplier=supplier)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.update_interaction(request.user, interaction, data, data.pop("version"))
            except StaleEdit as exc:
                # Shown again with the current values, so that nothing is overwritten unseen.
                current = InteractionForm.initial_for(exc.current)
                form = show_stale(InteractionForm(initial=current, supplier=supplier), exc)
                context = {"supplier": supplier, "interaction": exc.current, "form": form}
                return render(
                    request,
                    "relationship/interaction_form.html",
                    {**context, "can_log": can_log},
                    status=409,
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                services.refresh(supplier)
                messages.success(request, _("Interaction saved."))
                return redirect("relationship:supplier", pk=pk)
    else:
        form = InteractionForm(initial=InteractionForm.initial_for(interaction), supplier=supplier)
    return render(
        request,
        "relationship/interaction_form.html",
        {"supplier": supplier, "interaction": interaction, "form": form, "can_log": can_log},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@internal_view("relationship.view")
def trust_entry_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    supplier = visible_supplier(request, pk)
    require(request.user, "relationship.log", supplier)
    form = TrustEntryForm(request.POST)
    if form.is_valid():
        try:
            services.add_trust_entry(request.user, supplier, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            services.refresh(supplier)
            messages.success(request, _("Trust entry added."))
            return redirect(reverse("relationship:supplier", args=[pk]) + "#trust")
    return _page(request, supplier, trust_form=form, status=400)


@require_POST
@internal_view("relationship.recompute")
def recompute_supplier(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    supplier = visible_supplier(request, pk)
    if supplier.archived or supplier.status not in services.WATCHED_STATUSES:
        # Nothing to compute; and `recompute` with no watched supplier in its scope would
        # replace every supplier's snapshot of today, not just this one's.
        messages.info(request, _("Health is computed only for suppliers with a live relationship."))
        return redirect("relationship:supplier", pk=pk)
    services.recompute(supplier_ids=[supplier.pk])
    messages.success(request, _("Health and drift recomputed from today's data."))
    return redirect("relationship:supplier", pk=pk)


@internal_view("relationship.view")
def portfolio_health(request: AuthenticatedRequest) -> HttpResponse:
    sort = request.GET.get("sort", "score")
    if sort not in HEALTH_SORTS:
        sort = "score"
    light = request.GET.get("light", "")
    visible = Supplier.objects.visible_to(request.user).filter(
        archived=False, status__in=services.WATCHED_STATUSES
    )
    qs = services.latest_snapshots().filter(supplier__in=visible, score__isnull=False)
    if light in ("green", "yellow", "red"):
        qs = qs.filter(light=light)
    else:
        light = ""
    qs = qs.select_related("supplier", "supplier__relationship_owner", "supplier__category")
    page = Paginator(qs.order_by(*HEALTH_SORTS[sort]), HEALTH_PER_PAGE).get_page(
        request.GET.get("page")
    )
    counts = services.light_counts(visible)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "relationship/health.html",
        {
            "page": page,
            "sort": sort,
            "light": light,
            "counts": counts,
            "querystring": query.urlencode(),
            "can_recompute": can(request.user, "relationship.recompute"),
        },
    )


@internal_view("relationship.recompute")
def recompute_all(request: AuthenticatedRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("relationship:health")
    summary = services.recompute()
    messages.success(
        request,
        _(
            "Recomputed %(suppliers)s suppliers in %(seconds)s s: "
            "%(findings)s findings, %(alerts)s new alerts."
        )
        % {
            "suppliers": summary.suppliers,
            "seconds": number_format(summary.seconds, 1),
            "findings": summary.findings,
            "alerts": summary.alerts_raised,
        },
    )
    return redirect("relationship:health")


@internal_view("relationship.configure")
def relationship_settings(request: AuthenticatedRequest) -> HttpResponse:
    current = services.get_settings()
    form = RelationshipSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_settings(
                request.user, form.data_for_service(), form.cleaned_data.get("version")
            )
        except StaleEdit as exc:
            form = show_stale(RelationshipSettingsForm(instance=services.get_settings()), exc)
            return render(request, "relationship/settings.html", {"form": form}, status=409)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Settings saved; they apply from the next recompute."))
            return redirect("relationship:settings")
    return render(
        request,
        "relationship/settings.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )
