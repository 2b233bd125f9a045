"""Web pages of the portfolio review (rounds, the review table with a decision form per
supplier, closing, the printable report and its export, the strategic-partner limits) and
the getting-started plan. Thin: parse, check permission, call a service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnerbook.accounts.policy import AuthenticatedRequest, can, internal_view, require
from partnerbook.core.concurrency import StaleEdit
from partnerbook.core.spreadsheets import attachment
from partnerbook.suppliers.imports import FORMATS
from partnerbook.suppliers.views import apply_errors

from . import domain, services
from .exports import export_round, round_filename
from .forms import CloseRoundForm, DecisionForm, SettingsForm, StartRoundForm
from .models import ReviewRound

ROUNDS_PAGE_SIZE = 25


def _round(request: AuthenticatedRequest, round_id: int) -> ReviewRound:
    try:
        return services.round_for(request.user, round_id)
    except ReviewRound.DoesNotExist:
        raise Http404("No such review round.") from None


# --- rounds -------------------------------------------------------------------------------


@internal_view("portfolio.view")
def rounds(request: AuthenticatedRequest) -> HttpResponse:
    """Previous and open rounds with their decisions counted; managers start a new one."""
    form = None
    status = 200
    if request.method == "POST":
        require(request.user, "portfolio.review")
        form = StartRoundForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                started = services.start_round(request.user, form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request, _("Review round started: %(scope)s.") % {"scope": started.scope_label}
                )
                return redirect("portfolio:round", round_id=started.pk)
        status = 400
    elif can(request.user, "portfolio.review"):
        form = StartRoundForm(user=request.user)
    page = Paginator(services.visible_rounds(request.user), ROUNDS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"page": page, "form": form, "settings": services.get_settings(),
               "scopes": domain.SCOPES}  # fmt: skip
    return render(request, "portfolio/rounds.html", context, status=status)


def _decision_labels() -> dict[str, str]:
    """The decisions' names in the person's language, in their order."""
    return {key: _(label) for key, label in domain.DECISIONS.items()}


def _rows(
    view: services.RoundView, errors: dict[int, dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    errors = errors or {}
    return [
        {"d": d, "why": view.guard.counted.get(d.supplier_id, ""), **errors.get(d.supplier_id, {})}
        for d in view.decisions
    ]


def _round_context(
    request: AuthenticatedRequest,
    round_: ReviewRound,
    errors: dict[int, dict[str, Any]] | None = None,
    close_form: CloseRoundForm | None = None,
) -> dict[str, Any]:
    view = services.round_view(request.user, round_)
    return {
        "view": view,
        "round": round_,
        "rows": _rows(view, errors),
        "labels": _decision_labels(),
        "can_review": round_.is_open and can(request.user, "portfolio.review"),
        "close_form": close_form or CloseRoundForm(),
    }


@internal_view("portfolio.view")
def round_detail(request: AuthenticatedRequest, round_id: int) -> HttpResponse:
    round_ = _round(request, round_id)
    return render(request, "portfolio/round.html", _round_context(request, round_))


@internal_view("portfolio.view")
@require_POST
def decide(request: AuthenticatedRequest, round_id: int, supplier_id: int) -> HttpResponse:
    """Save one supplier's decision: with htmx, answer its table row (and the progress);
    without JavaScript, go back to the page at that row."""
    require(request.user, "portfolio.review")
    round_ = _round(request, round_id)
    form = DecisionForm(request.POST)
    problems: dict[str, Any] = {}
    if form.is_valid():
        try:
            services.decide(
                request.user, round_, supplier_id,
                form.cleaned_data["decision"], form.cleaned_data["reason"],
            )  # fmt: skip
        except ValidationError as exc:
            apply_errors(form, exc)
            if "round" in exc.message_dict or "supplier" in exc.message_dict:
                messages.error(request, " ".join(sum(exc.message_dict.values(), [])))
                url = reverse("portfolio:round", args=[round_.pk])
                if request.htmx:  # type: ignore[attr-defined]
                    return HttpResponse(status=409, headers={"HX-Redirect": url})
                return redirect(url)
        else:
            if not request.htmx:  # type: ignore[attr-defined]
                messages.success(request, _("Decision saved."))
                return redirect(
                    reverse("portfolio:round", args=[round_.pk]) + f"#row-{supplier_id}"
                )
    if form.errors:
        problems = {
            "errors": {k.strip("_"): " ".join(str(e) for e in v) for k, v in form.errors.items()},
            "posted": {"decision": request.POST.get("decision", ""),
                       "reason": request.POST.get("reason", "")[: domain.MAX_REASON + 100]},
        }  # fmt: skip
    if request.htmx:  # type: ignore[attr-defined]
        context = _round_context(request, round_, {supplier_id: problems})
        row = next((r for r in context["rows"] if r["d"].supplier_id == supplier_id), None)
        if row is None:
            raise Http404("This supplier is not in the review round.")
        return render(request, "portfolio/_row_swap.html", {**context, "row": row})
    context = _round_context(request, round_, {supplier_id: problems})
    return render(request, "portfolio/round.html", context, status=400)


@internal_view("portfolio.view")
@require_POST
def close(request: AuthenticatedRequest, round_id: int) -> HttpResponse:
    require(request.user, "portfolio.review")
    round_ = _round(request, round_id)
    form = CloseRoundForm(request.POST)
    if form.is_valid():
        try:
            services.close_round(request.user, round_, form.cleaned_data["note"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Review round closed."))
            return redirect("portfolio:round", round_id=round_.pk)
    context = _round_context(request, round_, close_form=form)
    return render(request, "portfolio/round.html", context, status=400)


@internal_view("portfolio.view")
def report(request: AuthenticatedRequest, round_id: int) -> HttpResponse:
    """The round as a printable report (print CSS; the Print button is in review.js)."""
    round_ = _round(request, round_id)
    view = services.round_view(request.user, round_)
    context = {"view": view, "round": round_, "labels": _decision_labels(), "rows": _rows(view)}
    return render(request, "portfolio/report.html", context)


@internal_view("portfolio.view")
def round_export(request: AuthenticatedRequest, round_id: int, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("Export as .csv or .xlsx.")
    view = services.round_view(request.user, _round(request, round_id))
    return attachment(export_round(view, fmt), round_filename(view, fmt))


@internal_view("portfolio.view")
def review_settings(request: AuthenticatedRequest) -> HttpResponse:
    """The strategic-partner limits the review's guard warns above."""
    current = services.get_settings()
    status = 200
    if request.method == "POST":
        require(request.user, "portfolio.review")
        form = SettingsForm(request.POST)
        if form.is_valid():
            try:
                services.update_settings(request.user, form.cleaned_data)
            except (ValidationError, StaleEdit) as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Limits saved."))
                return redirect("portfolio:settings")
        status = 400
    else:
        form = SettingsForm(
            initial={"owner_limit": current.owner_limit, "team_limit": current.team_limit}
        )
    context = {"form": form, "can_edit": can(request.user, "portfolio.review")}
    return render(request, "portfolio/settings.html", context, status=status)


@internal_view("portfolio.view")
def getting_started(request: AuthenticatedRequest) -> HttpResponse:
    weeks = services.getting_started(request.user)
    context = {
        "weeks": weeks,
        "next": domain.next_step(weeks),
        "done": sum(1 for w in weeks if w.done),
    }
    return render(request, "portfolio/getting_started.html", context)
