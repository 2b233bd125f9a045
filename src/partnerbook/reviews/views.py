"""Web pages of quarterly business reviews: the supplier's Reviews tab, recording and
changing a review, the review page, the printable review pack, archiving and the export.
Thin: load, check permission, call a service, render."""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnerbook.accounts.policy import AuthenticatedRequest, can, internal_view, require
from partnerbook.core.concurrency import StaleEdit, show_stale
from partnerbook.core.spreadsheets import CONTENT_TYPES, attachment
from partnerbook.performance import domain as performance_domain
from partnerbook.suppliers.models import Supplier
from partnerbook.suppliers.views import apply_errors, visible_supplier

from . import domain, services
from .forms import ActionFormSet, ReviewForm, action_rows
from .models import BusinessReview

PAGE_SIZE = 40
_ROW_ERROR = re.compile(r"^(actions|mitigation)\.(\d+)\.(\w+)$")


def _review(request: AuthenticatedRequest, review_id: int) -> BusinessReview:
    review = services.review_for(request.user, review_id)
    if review is None:
        raise Http404("No such review.")
    return review


@internal_view("review.view")
def supplier_reviews(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The Reviews tab: the supplier's reviews, newest quarter first."""
    supplier = visible_supplier(request, pk)
    page = Paginator(services.reviews_of(supplier), PAGE_SIZE).get_page(request.GET.get("page"))
    reviews = list(page.object_list)
    items = services.actions_of(r.pk for r in reviews)
    rows = [(r, items.get(r.pk, services.ReviewActions())) for r in reviews]
    context = {
        "supplier": supplier,
        "page": page,
        "rows": rows,
        "can_edit": can(request.user, "review.edit", supplier),
        "standings": performance_domain.STANDINGS,
        "next_quarter": domain.quarter_label(domain.last_complete_quarter(timezone.localdate())),
    }
    return render(request, "reviews/supplier.html", context)


def _formsets(
    request: AuthenticatedRequest, supplier: Supplier, show_mitigation: bool
) -> tuple[Any, Any]:
    rows: dict[str, Any] = {"supplier": supplier}
    if request.method != "POST":
        mitigation = (
            ActionFormSet(prefix="mitigation", form_kwargs=rows) if show_mitigation else None
        )
        return ActionFormSet(prefix="actions", form_kwargs=rows), mitigation
    actions = ActionFormSet(request.POST, prefix="actions", form_kwargs=rows)
    mitigation = None
    if "mitigation-TOTAL_FORMS" in request.POST:
        mitigation = ActionFormSet(request.POST, prefix="mitigation", form_kwargs=rows)
    return actions, mitigation


def _valid(form: Any, *formsets: Any) -> bool:
    # Every part is validated, so that every error shows at once.
    results = [form.is_valid(), *(f.is_valid() for f in formsets if f is not None)]
    return all(results)


def _service_data(form: ReviewForm, actions: Any, mitigation: Any) -> dict[str, Any]:
    data = form.data_for_service()
    data["actions"] = action_rows(actions)
    data["mitigation"] = action_rows(mitigation) if mitigation is not None else []
    return data


def _show_errors(
    exc: ValidationError, form: ReviewForm, formsets: dict[str, Any], sections: dict[str, list]
) -> None:
    """A service's errors beside what they name: a field of the review, a field of one action
    row, or a whole section (e.g. "mitigation": no mitigation action given)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for key, errors in exc.message_dict.items():
        found = _ROW_ERROR.match(key)
        if key in sections:
            sections[key] += errors
        elif found and formsets.get(found.group(1)) is not None:
            kind, index, name = found.group(1), int(found.group(2)), found.group(3)
            rows = formsets[kind].forms
            if index < len(rows):
                rows[index].add_error(name if name in rows[index].fields else None, errors)
            else:
                sections[kind] += errors
        elif found:
            sections[found.group(1)] += errors
        else:
            apply_errors(form, ValidationError({key: errors}))


def _quarter_asked(request: AuthenticatedRequest) -> Any:
    """The quarter the page shows: the one posted or asked for, else the last complete."""
    text = request.POST.get("quarter") if request.method == "POST" else request.GET.get("quarter")
    today = timezone.localdate()
    period = domain.parse_quarter(text)
    if period is None or domain.quarter_problem(period, today):
        period = domain.last_complete_quarter(today)
    return period


@internal_view("review.view")
def record(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Record a review: the quarter's scorecard and quadrant re-check are shown as they will
    be frozen; the mitigation plan appears (and is required) when risk rose."""
    supplier = visible_supplier(request, pk)
    require(request.user, "review.edit", supplier)
    period = _quarter_asked(request)
    seen = services.preview(supplier, period)
    actions, mitigation = _formsets(request, supplier, seen.recheck.risk_rose)
    sections: dict[str, list[str]] = {"actions": [], "mitigation": []}
    status = 200
    if request.method == "POST":
        form = ReviewForm(request.POST, supplier=supplier)
        if _valid(form, actions, mitigation):
            try:
                review = services.record_review(
                    request.user, supplier, _service_data(form, actions, mitigation)
                )
            except ValidationError as exc:
                _show_errors(exc, form, {"actions": actions, "mitigation": mitigation}, sections)
            else:
                messages.success(
                    request,
                    _("Review of %(quarter)s recorded.") % {"quarter": review.quarter_label},
                )
                return redirect("reviews:detail", review_id=review.pk)
        status = 400
        if sections["mitigation"] and mitigation is None:
            mitigation = ActionFormSet(prefix="mitigation", form_kwargs={"supplier": supplier})
    else:
        form = ReviewForm(
            initial={"quarter": domain.quarter_key(period), "held_on": timezone.localdate()},
            supplier=supplier,
        )
    context = {
        "supplier": supplier, "form": form, "actions": actions, "mitigation": mitigation,
        "sections": sections, "preview": seen, "scorecard": seen.scorecard,
        "recheck": seen.recheck, "standings": performance_domain.STANDINGS, "review": None,
    }  # fmt: skip
    return render(request, "reviews/form.html", context, status=status)


@internal_view("review.view")
def edit(request: AuthenticatedRequest, review_id: int) -> HttpResponse:
    """Change a review's day, comments, decisions, successes and people, and add actions."""
    review = _review(request, review_id)
    supplier = review.supplier
    require(request.user, "review.edit", supplier)
    if review.archived:
        messages.warning(request, _("Restore this review before changing it."))
        return redirect("reviews:detail", review_id=review.pk)
    actions, mitigation = _formsets(request, supplier, review.risk_rose)
    sections: dict[str, list[str]] = {"actions": [], "mitigation": []}
    status = 200
    if request.method == "POST":
        form = ReviewForm(request.POST, supplier=supplier, editing=True)
        if _valid(form, actions, mitigation):
            try:
                services.update_review(
                    request.user, review, _service_data(form, actions, mitigation),
                    form.cleaned_data.get("version"),
                )  # fmt: skip
            except StaleEdit as exc:
                current = _review(request, review_id)
                initial = ReviewForm.initial_for(current, services.people_of(current))
                form = show_stale(ReviewForm(initial=initial, supplier=supplier, editing=True), exc)
                status = 409
            except ValidationError as exc:
                _show_errors(exc, form, {"actions": actions, "mitigation": mitigation}, sections)
                status = 400
            else:
                messages.success(
                    request, _("Review of %(quarter)s saved.") % {"quarter": review.quarter_label}
                )
                return redirect("reviews:detail", review_id=review.pk)
        else:
            status = 400
    else:
        initial = ReviewForm.initial_for(review, services.people_of(review))
        form = ReviewForm(initial=initial, supplier=supplier, editing=True)
    context = {
        "supplier": supplier, "form": form, "actions": actions, "mitigation": mitigation,
        "sections": sections, "preview": None, "scorecard": review.scorecard,
        "recheck": review.recheck, "standings": performance_domain.STANDINGS, "review": review,
    }  # fmt: skip
    return render(request, "reviews/form.html", context, status=status)


def _review_context(request: AuthenticatedRequest, review: BusinessReview) -> dict[str, Any]:
    items = services.actions_of([review.pk]).get(review.pk, services.ReviewActions())
    return {
        "supplier": review.supplier,
        "review": review,
        "scorecard": review.scorecard,
        "recheck": review.recheck,
        "items": items,
        "people": services.people_of(review),
        "standings": performance_domain.STANDINGS,
        "can_edit": can(request.user, "review.edit", review.supplier),
    }


@internal_view("review.view")
def detail(request: AuthenticatedRequest, review_id: int) -> HttpResponse:
    review = _review(request, review_id)
    return render(request, "reviews/detail.html", _review_context(request, review))


@internal_view("review.view")
def pack(request: AuthenticatedRequest, review_id: int) -> HttpResponse:
    """The printable review pack: the frozen scorecard, the re-check, comments, decisions,
    successes and actions on a page made for paper."""
    review = _review(request, review_id)
    return render(request, "reviews/pack.html", _review_context(request, review))


@require_POST
@internal_view("review.view")
def archive(request: AuthenticatedRequest, review_id: int) -> HttpResponse:
    return _set_archived(request, review_id, True)


@require_POST
@internal_view("review.view")
def restore(request: AuthenticatedRequest, review_id: int) -> HttpResponse:
    return _set_archived(request, review_id, False)


def _set_archived(request: AuthenticatedRequest, review_id: int, archived: bool) -> HttpResponse:
    review = _review(request, review_id)
    require(request.user, "review.edit", review.supplier)
    try:
        services.set_review_archived(request.user, review, archived)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Review archived.") if archived else _("Review restored."))
    return redirect("reviews:detail", review_id=review.pk)


@internal_view("review.view")
def export(request: AuthenticatedRequest, pk: int, fmt: str) -> HttpResponse:
    supplier = visible_supplier(request, pk)
    if fmt not in CONTENT_TYPES:
        raise Http404("Export as .csv or .xlsx.")
    result = services.export_reviews(services.reviews_of(supplier), fmt)
    return attachment(result, f"reviews-{supplier.pk}.{fmt}")
