"""The supplier portal's issue pages: your company's issues with their problem-solving steps
(write your side of each), raising a new one, and answering your disciplines of a corrective
action request (8D). Every page renders portal schemas only."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from partnerbook.accounts.policy import AuthenticatedRequest, portal_view

from . import domain, portal_queries, services
from .forms import PortalAnswerForm, PortalIssueForm
from .schemas import PortalCorrectiveActionOut, PortalIssueOut


def _put_errors(form: Form, exc: ValidationError, field_map: dict[str, str]) -> None:
    for field, errors in exc.message_dict.items():
        name = field_map.get(field, field)
        form.add_error(name if name in form.fields else None, errors)


@portal_view
def issue_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "conflicts/portal/list.html",
        {
            "issues": portal_queries.issues(request.user),
            "cars": portal_queries.corrective_actions(request.user),
        },
    )


@portal_view
def raise_issue(request: AuthenticatedRequest) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = PortalIssueForm(request.POST)
        if form.is_valid():
            try:
                issue = services.supplier_raise_issue(request.user, form.cleaned_data)
            except ValidationError as exc:
                _put_errors(form, exc, {})
            else:
                messages.success(request, "Thank you for telling us. Your issue is with us now.")
                return redirect("portal_conflicts:issue", issue.pk)
        status = 400
    else:
        form = PortalIssueForm()
    return render(request, "conflicts/portal/new.html", {"form": form}, status=status)


def _issue_page(
    request: AuthenticatedRequest,
    issue_id: int,
    failed: tuple[str, str] | None = None,
    failed_form: Form | None = None,
    status: int = 200,
) -> HttpResponse:
    issue: PortalIssueOut = portal_queries.issue(request.user, issue_id)
    car: PortalCorrectiveActionOut | None = None
    if issue.corrective_action_id is not None:
        car = portal_queries.car(request.user, issue.corrective_action_id)

    def form_for(kind: str, key: str, text: str) -> Form:
        if failed == (kind, key) and failed_form is not None:
            return failed_form
        return PortalAnswerForm(initial={"text": text}, prefix=f"{kind}-{key}")

    steps = [{"step": s, "form": form_for("step", s.key, s.theirs)} for s in issue.steps]
    disciplines: list[dict[str, Any]] = []
    if car is not None:
        for d in car.disciplines:
            mine = d.yours and car.closed_on is None
            text = d.text if d.answered_by_side == "supplier" else ""
            disciplines.append({"d": d, "form": form_for("d", d.key, text) if mine else None})
    return render(
        request,
        "conflicts/portal/issue.html",
        {
            "issue": issue,
            "steps": steps,
            "car": car,
            "disciplines": disciplines,
            "blame_rule": gettext(domain.BLAME_RULE),
        },  # fmt: skip
        status=status,
    )


@portal_view
def issue_page(request: AuthenticatedRequest, issue_id: int) -> HttpResponse:
    return _issue_page(request, issue_id)


@portal_view
@require_POST
def answer_step(request: AuthenticatedRequest, issue_id: int, step: str) -> HttpResponse:
    issue = portal_queries.own_issue(request.user, issue_id)
    form = PortalAnswerForm(request.POST, prefix=f"step-{step}")
    if form.is_valid():
        try:
            services.supplier_answer_step(request.user, issue, step, form.cleaned_data["text"])
        except ValidationError as exc:
            _put_errors(form, exc, {"step": "text"})
        else:
            messages.success(request, "Saved. Thank you — your relationship owner has been told.")
            return redirect(reverse("portal_conflicts:issue", args=[issue.pk]) + f"#step-{step}")
    return _issue_page(request, issue.pk, ("step", step), form, status=400)


@portal_view
@require_POST
def answer_discipline(request: AuthenticatedRequest, issue_id: int, key: str) -> HttpResponse:
    issue = portal_queries.own_issue(request.user, issue_id)
    car = portal_queries.own_car_of_issue(request.user, issue)
    form = PortalAnswerForm(request.POST, prefix=f"d-{key}")
    if form.is_valid():
        try:
            services.supplier_answer_discipline(request.user, car, key, form.cleaned_data["text"])
        except ValidationError as exc:
            _put_errors(form, exc, {"key": "text"})
        else:
            messages.success(request, "Saved. Thank you — your relationship owner has been told.")
            return redirect(reverse("portal_conflicts:issue", args=[issue.pk]) + f"#{key}")
    return _issue_page(request, issue.pk, ("d", key), form, status=400)
