"""The supplier portal's Surveys and Scorecard pages (supplier contacts only)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnerbook.accounts.policy import AuthenticatedRequest, portal_view
from partnerbook.cadence import portal as cadence_portal
from partnerbook.segmentation import portal as segmentation_portal
from partnerbook.suppliers.views import apply_errors

from . import domain, portal, portal_surveys
from .portal_forms import AlignmentForm, ExpectationForm, HealthCheckForm, RatingForm


def _initial_forms(user: Any) -> dict[str, Any]:
    surveys = portal_surveys.surveys_for(user)
    rating = RatingForm(
        initial={
            **{c.criterion: c.score for c in surveys.rating.criteria},
            **{f"{c.criterion}_comment": c.comment for c in surveys.rating.criteria},
        }
    )
    expectation = ExpectationForm(
        initial={
            "expectation": surveys.expectation.expectation or "",
            "importance": surveys.expectation.importance,
        }
    )
    alignment = AlignmentForm(initial=surveys.alignment.model_dump())
    checks = []
    for check in surveys.health_checks:
        initial: dict[str, Any] = {q.key: q.score for q in check.questions}
        initial.update({f"{q.key}_comment": q.comment for q in check.questions})
        checks.append((check, HealthCheckForm(initial=initial)))
    return {
        "surveys": surveys,
        "rating_form": rating,
        "expectation_form": expectation,
        "alignment_form": alignment,
        "checks": checks,
    }


def _page(request: AuthenticatedRequest, status: int = 200, **bound: Any) -> HttpResponse:
    context = _initial_forms(request.user)
    check_id = bound.pop("check_id", None)
    check_form = bound.pop("check_form", None)
    if check_form is not None:
        context["checks"] = [
            (c, check_form if c.id == check_id else f) for c, f in context["checks"]
        ]
        if all(c.id != check_id for c, _ in context["checks"]):
            # A closed check is no longer listed: say why beside the list instead.
            context["page_errors"] = check_form.non_field_errors()
    context.update(bound)
    return render(request, "performance/portal/surveys.html", context, status=status)


@portal_view
def surveys(request: AuthenticatedRequest) -> HttpResponse:
    return _page(request)


@require_POST
@portal_view
def rate_us(request: AuthenticatedRequest) -> HttpResponse:
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            portal.rate_us(request.user, portal.open_quarter(), form.ratings())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Thank you — your rating of us is saved."))
            return redirect("portal_performance:surveys")
    return _page(request, status=400, rating_form=form)


@require_POST
@portal_view
def expectation(request: AuthenticatedRequest) -> HttpResponse:
    form = ExpectationForm(request.POST)
    if form.is_valid():
        try:
            segmentation_portal.set_expectation(
                request.user, form.cleaned_data["expectation"], form.cleaned_data["importance"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Thank you — your expectation is saved."))
            return redirect("portal_performance:surveys")
    return _page(request, status=400, expectation_form=form)


@require_POST
@portal_view
def alignment(request: AuthenticatedRequest) -> HttpResponse:
    form = AlignmentForm(request.POST)
    if form.is_valid():
        try:
            segmentation_portal.set_alignment(request.user, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Thank you — your view of how we fit is saved."))
            return redirect("portal_performance:surveys")
    return _page(request, status=400, alignment_form=form)


@require_POST
@portal_view
def health_check(request: AuthenticatedRequest, check_id: int) -> HttpResponse:
    check = cadence_portal.check_for(request.user, check_id)
    form = HealthCheckForm(request.POST)
    if form.is_valid():
        try:
            cadence_portal.answer_check(request.user, check, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Thank you — your health check answers are saved."))
            return redirect("portal_performance:surveys")
    return _page(request, status=400, check_id=check.pk, check_form=form)


@portal_view
def scorecard(request: AuthenticatedRequest) -> HttpResponse:
    granularity = request.GET.get("granularity", domain.MONTH)
    if granularity not in portal.TRAILING:
        granularity = domain.MONTH
    card = portal.scorecard_for(request.user, granularity)
    return render(
        request,
        "performance/portal/scorecard.html",
        {
            "card": card,
            "granularity": granularity,
            "other": domain.QUARTER if granularity == domain.MONTH else domain.MONTH,
        },
    )


# --- home cards -----------------------------------------------------------------------------


def pending_card(user: Any) -> dict[str, Any] | None:
    return {"pending": portal_surveys.surveys_for(user).pending}


def scorecard_card(user: Any) -> dict[str, Any] | None:
    card = portal.scorecard_for(user)
    return {"card": card} if card.kpis else None
