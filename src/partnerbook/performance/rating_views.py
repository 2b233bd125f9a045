"""Web pages of reviewers' scores and the mutual scorecard: what the Performance tab shows
about them (`scorecard_context`), giving your score, entering the supplier's ratings of
us, the exports, and the import kinds (`register`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerbook.accounts.policy import AuthenticatedRequest, can, internal_view, require
from partnerbook.core.concurrency import StaleEdit, show_stale
from partnerbook.core.spreadsheets import CONTENT_TYPES, attachment
from partnerbook.suppliers.models import Supplier
from partnerbook.suppliers.views import apply_errors, visible_supplier

from . import domain, ratings, services
from .models import KpiDefinition, KpiRating, PartnerRating
from .rating_forms import PartnerRatingForm, RatingForm


def _choices(definitions: list[KpiDefinition]) -> list[tuple[str, str]]:
    return [(d.key, d.name) for d in ratings.judgement_definitions(definitions)]


def _default_month(start: dt.date, granularity: str) -> dt.date:
    """The month a new score is for: the page's month, or the last month of its quarter
    that has begun."""
    today = services.month_start(timezone.localdate())
    if granularity == domain.MONTH:
        return min(start, today)
    return min(domain.shift(domain.shift(start, domain.QUARTER, 1), domain.MONTH, -1), today)


def scorecard_context(
    user: Any, supplier: Supplier, card: domain.Scorecard, definitions: list[KpiDefinition]
) -> dict[str, Any]:
    """What the Performance tab adds: each judgement KPI's reviewers (median, spread, each
    score, who has not scored yet) with the form to give your score, and the mutual
    scorecard of the last four quarters with the form to enter the supplier's ratings of us.
    A fixed number of queries."""
    start, granularity = card.current.start, card.granularity
    choices = _choices(definitions)
    month = _default_month(start, granularity)
    mutual = ratings.mutual_scorecard(supplier, as_of=start)
    return {
        "judgement_panels": ratings.judgement_panels(supplier, definitions, start, granularity),
        "can_rate": can(user, "performance.rate"),
        "rating_form": RatingForm(choices=choices, initial={"period": f"{month:%Y-%m}"}),
        "mutual": mutual,
        "mutual_form": PartnerRatingForm(
            initial=PartnerRatingForm.initial_for(mutual[0].start, mutual[0].ratings)
        ),
        "can_enter_mutual": can(user, "performance.edit", supplier),
        "mutual_columns": list(reversed(mutual)),
        "mutual_rows": _criterion_rows(list(reversed(mutual))),
    }


def _criterion_rows(
    quarters: list[ratings.MutualQuarter],
) -> list[tuple[str, list[tuple[int | None, str, str | None]]]]:
    """(criterion name, [(score, word, light) per quarter]) for the criteria table."""
    rows = []
    for index, name in enumerate(domain.CUSTOMER_CRITERIA.values()):
        cells = []
        for quarter in quarters:
            score = quarter.theirs.criteria[index][2]
            word = _(domain.RATING_WORDS[score]) if score in domain.RATING_WORDS else ""
            cells.append((score, word, domain.partner_light(score)))
        rows.append((_(name), cells))
    return rows


def _tab(supplier: Supplier, period: dt.date, granularity: str = domain.MONTH) -> str:
    url = reverse("performance:supplier", args=[supplier.pk])
    return f"{url}?granularity={granularity}&period={period:%Y-%m}"


# --- giving a score -------------------------------------------------------------------------


def _give_page(
    request: AuthenticatedRequest, supplier: Supplier, form: RatingForm, status: int = 200
) -> HttpResponse:
    choices = form.fields["kpi"].choices  # type: ignore[attr-defined]
    context = {"supplier": supplier, "form": form, "has_choices": bool(choices)}
    return render(request, "performance/ratings_give.html", context, status=status)


@internal_view("performance.rate")
def rating_give(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Give or correct your score of one of the supplier's judgement KPIs for a month."""
    supplier = visible_supplier(request, pk)
    choices = _choices(services.effective_definitions(supplier))
    if request.method != "POST":
        return _give_page(request, supplier, _loaded_form(request, supplier, choices))
    form = RatingForm(request.POST, choices=choices)
    if form.is_valid():
        data = form.cleaned_data
        try:
            ratings.give_rating(
                request.user, supplier, data["kpi"], data["period"], data["score"],
                data["comment"], form.expected_version(),
            )  # fmt: skip
        except StaleEdit as exc:
            current = RatingForm.initial_for(data["kpi"], data["period"], exc.current)
            fresh = show_stale(RatingForm(initial=current, choices=choices), exc)
            return _give_page(request, supplier, fresh, status=409)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Your score is saved."))
            return redirect(_tab(supplier, data["period"]))
    return _give_page(request, supplier, form, status=400)


def _loaded_form(
    request: AuthenticatedRequest, supplier: Supplier, choices: list[tuple[str, str]]
) -> RatingForm:
    """The form for ?kpi=…&period=YYYY-MM with your stored score (the current month and the
    first judgement KPI by default)."""
    keys = [key for key, _ in choices]
    kpi = request.GET.get("kpi", "")
    kpi = kpi if kpi in keys else (keys[0] if keys else "")
    try:
        month = domain.parse_month(request.GET.get("period", ""))
    except ValueError:
        month = services.month_start(timezone.localdate())
    mine = KpiRating.objects.filter(
        supplier=supplier, kpi_key=kpi, period=month, rater=request.user
    ).first()
    return RatingForm(initial=RatingForm.initial_for(kpi, month, mine), choices=choices)


# --- the mutual scorecard -------------------------------------------------------------------


def _mutual_page(
    request: AuthenticatedRequest, supplier: Supplier, form: PartnerRatingForm, status: int = 200
) -> HttpResponse:
    context = {"supplier": supplier, "form": form, "criteria": domain.CUSTOMER_CRITERIA}
    return render(request, "performance/ratings_mutual.html", context, status=status)


def _stored(supplier: Supplier, start: dt.date) -> dict[str, PartnerRating]:
    return {r.criterion: r for r in PartnerRating.objects.filter(supplier=supplier, period=start)}


@internal_view("performance.view")
def mutual_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Enter or correct how the supplier rated us in a quarter (?quarter=YYYY-Qn)."""
    supplier = visible_supplier(request, pk)
    require(request.user, "performance.edit", supplier)
    if request.method != "POST":
        try:
            start = domain.parse_quarter(request.GET.get("quarter", ""))
        except ValueError:
            start = domain.period_start(timezone.localdate(), domain.QUARTER)
        initial = PartnerRatingForm.initial_for(start, _stored(supplier, start))
        return _mutual_page(request, supplier, PartnerRatingForm(initial=initial))
    form = PartnerRatingForm(request.POST)
    if form.is_valid():
        start = form.cleaned_data["quarter"]
        try:
            ratings.save_partner_ratings(request.user, supplier, start, form.ratings())
        except StaleEdit as exc:
            initial = PartnerRatingForm.initial_for(start, _stored(supplier, start))
            return _mutual_page(
                request, supplier, show_stale(PartnerRatingForm(initial=initial), exc), 409
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Their rating of us for %(quarter)s saved.")
                % {"quarter": domain.quarter_text(start)},
            )
            return redirect(_tab(supplier, start, domain.QUARTER) + "#mutual")
    return _mutual_page(request, supplier, form, status=400)


# --- exports --------------------------------------------------------------------------------


@internal_view("performance.view")
def ratings_export(request: AuthenticatedRequest, pk: int, fmt: str) -> HttpResponse:
    """Every reviewer's score of the supplier (?kpi=…&period=YYYY-MM narrow it)."""
    supplier = visible_supplier(request, pk)
    if fmt not in CONTENT_TYPES:
        raise Http404("Unknown format.")
    month = None
    if request.GET.get("period"):
        try:
            month = domain.parse_month(request.GET["period"])
        except ValueError as exc:
            return HttpResponseBadRequest(f"period: {exc}", content_type="text/plain")
    result = ratings.export_ratings(supplier, fmt, request.GET.get("kpi") or None, month)
    return attachment(result, f"scores-{supplier.pk}.{fmt}")


@internal_view("performance.view")
def mutual_export(request: AuthenticatedRequest, pk: int, fmt: str) -> HttpResponse:
    """The mutual scorecard of the last quarters, one row per quarter."""
    supplier = visible_supplier(request, pk)
    if fmt not in CONTENT_TYPES:
        raise Http404("Unknown format.")
    result = ratings.export_mutual_scorecard(supplier, fmt, quarters=8)
    return attachment(result, f"mutual-{supplier.pk}.{fmt}")


def register() -> None:
    """Register the import kinds of reviewers' scores and of the supplier's ratings of us
    (called by apps.py)."""
    from partnerbook.core import registry

    from . import import_columns, rating_imports

    registry.register_import(
        registry.ImportKind(
            key="kpi-ratings",
            label=gettext_lazy("Reviewers' scores of judgement KPIs"),
            run=rating_imports.import_kpi_ratings,
            columns=rating_imports.RATING_COLUMNS,
            help_template="performance/_rating_import_help.html",
            order=41,
            column_help=import_columns.RATING_COLUMNS,
        )
    )
    registry.register_import(
        registry.ImportKind(
            key="partner-ratings",
            label=gettext_lazy("Supplier's ratings of us (mutual scorecard)"),
            run=rating_imports.import_partner_ratings,
            columns=rating_imports.PARTNER_COLUMNS,
            help_template="performance/_mutual_import_help.html",
            order=42,
            column_help=import_columns.PARTNER_RATING_COLUMNS,
        )
    )
