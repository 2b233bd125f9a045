"""Web pages of supplier issues: the issue list, the supplier's Issues tab (issues, the
escalation path, joint retrospectives, breaches of trust), the issue page (path, moves,
problem-solving steps, agreed actions, resolving), corrective action requests (8D), the
escalation audit and the resolution statistics. Thin: load, check permission, call a
service, redirect or render the page again with the errors beside their fields."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from partnerbook.accounts.models import INTERNAL_ROLES, User
from partnerbook.accounts.policy import AuthenticatedRequest, can, internal_view, require
from partnerbook.core.concurrency import StaleEdit, show_stale
from partnerbook.suppliers.models import Supplier
from partnerbook.suppliers.views import apply_errors, visible_supplier

from . import domain, services
from .forms import (
    ActionForm,
    BreachForm,
    BreachLinkForm,
    CloseCorrectiveActionForm,
    CorrectiveActionForm,
    DisciplineForm,
    IssueForm,
    MoveForm,
    ReopenForm,
    ResolveForm,
    RetrospectiveForm,
    ScopeForm,
    StepForm,
)
from .models import Breach, CorrectiveAction, Escalation, SupplierIssue

PAGE_SIZE = 50
MAX_CHOICES = 500  # suppliers and owners offered in a filter
MAX_ID_DIGITS = 15  # a longer "id" is no record's, and overflows the database's integers


def _colleagues() -> Any:
    return User.objects.filter(role__in=INTERNAL_ROLES, is_active=True).order_by(
        "first_name", "last_name", "username"
    )


def _issue(request: AuthenticatedRequest, issue_id: int) -> SupplierIssue:
    issue: SupplierIssue = get_object_or_404(
        SupplierIssue.objects.visible_to(request.user).select_related(
            "supplier", "supplier__category", "supplier__relationship_owner", "raised_by"
        ),
        pk=issue_id,
    )
    return issue


def _car(request: AuthenticatedRequest, car_id: int) -> CorrectiveAction:
    issues = SupplierIssue.objects.visible_to(request.user)
    car: CorrectiveAction = get_object_or_404(
        CorrectiveAction.objects.filter(issue__in=issues).select_related(
            "issue", "issue__supplier", "issue__supplier__category",
            "issue__supplier__relationship_owner",
        ),
        pk=car_id,
    )  # fmt: skip
    return car


def _issue_url(issue: SupplierIssue) -> str:
    return reverse("conflicts:issue", args=[issue.pk])


def _who(issue: SupplierIssue) -> str:
    level = domain.level_of(issue.levels, issue.level)
    return _(level.who) if level else ""


def _days(issue: SupplierIssue, now: Any) -> str:
    """How long it took to resolve, or how long it has been open, in whole days."""
    resolved = issue.resolved_at is not None
    days = int(domain.days_between(issue.raised_at, issue.resolved_at or now))
    if days < 1:
        return _("resolved the same day") if resolved else _("raised today")
    if resolved:
        return ngettext("resolved in %(n)s day", "resolved in %(n)s days", days) % {"n": days}
    return ngettext("open for %(n)s day", "open for %(n)s days", days) % {"n": days}


def _filter_choices(user: User) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The suppliers and relationship owners a filter offers (two queries)."""
    suppliers = list(
        Supplier.objects.visible_to(user).order_by("name").values_list("pk", "name")[:MAX_CHOICES]
    )
    owners = [(u.pk, u.display_name) for u in _colleagues()[:MAX_CHOICES]]
    return suppliers, owners


# --- the issue list ---------------------------------------------------------------------------


@internal_view("issue.view")
def issue_list(request: AuthenticatedRequest) -> HttpResponse:
    params = {key: request.GET.get(key, "").strip()[:200] for key in services.LIST_FILTERS}
    for key in ("supplier", "owner"):
        if not params[key].isdigit() or len(params[key]) > MAX_ID_DIGITS:
            params[key] = ""
    qs = services.filter_issues(SupplierIssue.objects.visible_to(request.user).for_list(), params)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [{"issue": i, "who": _who(i), "days": _days(i, now)} for i in page.object_list]
    suppliers, owners = _filter_choices(request.user)
    query = urlencode({k: v for k, v in params.items() if v})
    context = {
        "page": page, "rows": rows, "params": params, "page_query": query,
        "statuses": domain.STATUSES, "severities": domain.SEVERITIES,
        "categories": domain.CATEGORIES, "suppliers": suppliers, "owners": owners,
        "export_query": urlencode({"format": "xlsx", **{k: v for k, v in params.items() if v}}),
    }  # fmt: skip
    return render(request, "conflicts/list.html", context)


# --- the supplier's Issues tab ----------------------------------------------------------------


def _tab(
    request: AuthenticatedRequest,
    supplier: Supplier,
    raise_form: IssueForm | None = None,
    retro_form: RetrospectiveForm | None = None,
    breach_form: BreachForm | None = None,
    status: int = 200,
) -> HttpResponse:
    issues_qs = SupplierIssue.objects.filter(supplier=supplier)
    issues = list(
        issues_qs.annotate(
            is_open=Case(
                When(status="open", then=Value(0)), default=Value(1), output_field=IntegerField()
            )  # fmt: skip
        ).order_by("is_open", "-raised_at", "-pk")[:200]
    )
    now = timezone.now()
    path = services.path_for(supplier)
    plans = supplier.recovery_plans.order_by("-created_at")
    context = {
        "supplier": supplier,
        "can_edit": can(request.user, "issue.edit", supplier),
        "rows": [{"issue": i, "who": _who(i), "days": _days(i, now)} for i in issues],
        "open_count": sum(1 for i in issues if i.status == "open"),
        "path": path,
        "path_from_agreement": path != domain.DEFAULT_PATH,
        "retrospectives": list(
            supplier.retrospectives.select_related("issue", "created_by").order_by(
                "-held_on", "-pk"
            )
        ),
        "breaches": services.breaches_of(supplier),
        "plans": list(plans),
        "raise_form": raise_form or IssueForm(),
        "retro_form": retro_form or RetrospectiveForm(issues=issues_qs),
        "breach_form": breach_form or BreachForm(issues=issues_qs, plans=plans),
        "retro_points": domain.RETROSPECTIVE_POINTS,
        "breach_points": abs(domain.BREACH_POINTS),
    }
    return render(request, "conflicts/supplier.html", context, status=status)


@internal_view("issue.view")
def supplier_tab(request: AuthenticatedRequest, supplier_id: int) -> HttpResponse:
    return _tab(request, visible_supplier(request, supplier_id))


@require_POST
@internal_view("issue.view")
def raise_issue(request: AuthenticatedRequest, supplier_id: int) -> HttpResponse:
    supplier = visible_supplier(request, supplier_id)
    require(request.user, "issue.edit", supplier)
    form = IssueForm(request.POST)
    if form.is_valid():
        try:
            issue = services.raise_issue(request.user, supplier, form.data_for_service())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Issue raised at level 1 of the escalation path."))
            return redirect("conflicts:issue", issue_id=issue.pk)
    return _tab(request, supplier, raise_form=form, status=400)


@require_POST
@internal_view("issue.view")
def retrospective(request: AuthenticatedRequest, supplier_id: int) -> HttpResponse:
    supplier = visible_supplier(request, supplier_id)
    require(request.user, "issue.edit", supplier)
    form = RetrospectiveForm(request.POST, issues=SupplierIssue.objects.filter(supplier=supplier))
    if form.is_valid():
        try:
            services.record_retrospective(request.user, supplier, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Joint retrospective recorded: a trust deposit."))
            return redirect("conflicts:supplier", supplier_id=supplier.pk)
    return _tab(request, supplier, retro_form=form, status=400)


@require_POST
@internal_view("issue.view")
def breach(request: AuthenticatedRequest, supplier_id: int) -> HttpResponse:
    supplier = visible_supplier(request, supplier_id)
    require(request.user, "issue.edit", supplier)
    form = BreachForm(
        request.POST, issues=SupplierIssue.objects.filter(supplier=supplier),
        plans=supplier.recovery_plans.all(),
    )  # fmt: skip
    if form.is_valid():
        try:
            services.record_breach(request.user, supplier, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("Breach of trust recorded: a withdrawal in the trust ledger.")
            )
            return redirect("conflicts:supplier", supplier_id=supplier.pk)
    return _tab(request, supplier, breach_form=form, status=400)


@require_POST
@internal_view("issue.view")
def breach_link(request: AuthenticatedRequest, breach_id: int) -> HttpResponse:
    found: Breach = get_object_or_404(
        Breach.objects.filter(supplier__in=Supplier.objects.visible_to(request.user)),
        pk=breach_id,
    )
    supplier = visible_supplier(request, found.supplier_id)
    require(request.user, "issue.edit", supplier)
    form = BreachLinkForm(request.POST, plans=supplier.recovery_plans.all())
    if not form.is_valid():
        messages.error(request, _("Recovery plan: choose one of this supplier's own plans."))
        return _tab(request, supplier, status=400)
    services.link_recovery_plan(request.user, found, form.cleaned_data["recovery_plan"])
    messages.success(request, _("Recovery plan linked to the breach."))
    return redirect("conflicts:supplier", supplier_id=supplier.pk)


# --- the issue page ---------------------------------------------------------------------------


def _issue_page(
    request: AuthenticatedRequest,
    issue: SupplierIssue,
    forms: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    given = forms or {}
    supplier = issue.supplier
    now = timezone.now()
    box = services.time_box_of(issue)
    steps = [
        {
            "view": view,
            "form": given.get(f"step-{view.step.key}")
            or StepForm(initial=StepForm.initial_for(view.record), step=view.step.key),
        }
        for view in services.steps_of(issue)
    ]
    car = CorrectiveAction.objects.filter(issue=issue).first()
    context = {
        "supplier": supplier,
        "issue": issue,
        "can_edit": can(request.user, "issue.edit", supplier),
        "levels": issue.levels,
        "path_source": _(services.path_source(issue)),
        "who": _who(issue),
        "days": _days(issue, now),
        "time_box": box.explain(now) if box else "",
        "ran_out": bool(box and box.ran_out(now)),
        "next_level": box.next_level if box else None,
        "moves": list(
            Escalation.objects.filter(issue=issue)
            .select_related("moved_by")
            .order_by("-moved_at", "-pk")
        ),
        "steps": steps,
        "blame_rule": _(domain.BLAME_RULE),
        "actions": services.actions_of(issue),
        "today": timezone.localdate(),
        "car": car,
        "move_form": given.get("move")
        or MoveForm(
            initial={
                "to_level": min(issue.level + 1, max(lv.level for lv in issue.levels)),
                "version": issue.version,
            },
            levels=issue.levels,
            current=issue.level,
        ),  # fmt: skip
        "action_form": given.get("action")
        or ActionForm(supplier=supplier, colleagues=_colleagues()),
        "resolve_form": given.get("resolve") or ResolveForm(initial={"version": issue.version}),
        "reopen_form": given.get("reopen") or ReopenForm(),
        "car_form": given.get("car") or CorrectiveActionForm(),
    }
    return render(request, "conflicts/issue.html", context, status=status)


@internal_view("issue.view")
def issue_detail(request: AuthenticatedRequest, issue_id: int) -> HttpResponse:
    return _issue_page(request, _issue(request, issue_id))


@internal_view("issue.view")
def edit(request: AuthenticatedRequest, issue_id: int) -> HttpResponse:
    issue = _issue(request, issue_id)
    require(request.user, "issue.edit", issue.supplier)
    status = 200
    if request.method != "POST":
        form = IssueForm(initial=IssueForm.initial_for(issue))
    else:
        form = IssueForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                services.update_issue(
                    request.user, issue, form.data_for_service(), form.cleaned_data["version"]
                )
            except StaleEdit as exc:
                form = show_stale(IssueForm(initial=IssueForm.initial_for(exc.current)), exc)
                issue, status = exc.current, 409
            except ValidationError as exc:
                apply_errors(form, exc)
                issue.refresh_from_db()
            else:
                messages.success(request, _("Issue saved."))
                return redirect("conflicts:issue", issue_id=issue.pk)
    context = {"supplier": issue.supplier, "issue": issue, "form": form}
    return render(request, "conflicts/edit.html", context, status=status)


@require_POST
@internal_view("issue.view")
def step(request: AuthenticatedRequest, issue_id: int, step: str) -> HttpResponse:
    issue = _issue(request, issue_id)
    require(request.user, "issue.edit", issue.supplier)
    if step not in domain.STEP_KEYS:
        messages.error(request, _("There is no such problem-solving step."))
        return redirect("conflicts:issue", issue_id=issue.pk)
    form = StepForm(request.POST, step=step)
    if form.is_valid():
        try:
            _record, hints = services.record_step(
                request.user, issue, step, form.data_for_service()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            label = _(next(s.label for s in domain.STEPS if s.key == step))
            if hints:
                text = _("%(label)s saved. A reminder: %(rule)s This text %(hints)s.") % {
                    "label": label, "rule": _(domain.BLAME_RULE), "hints": ", ".join(hints),
                }  # fmt: skip
                messages.warning(request, text)
            else:
                messages.success(request, _("%(label)s saved.") % {"label": label})
            return redirect(f"{_issue_url(issue)}#step-{step}")
    return _issue_page(request, issue, {f"step-{step}": form}, status=400)


@require_POST
@internal_view("issue.view")
def action(request: AuthenticatedRequest, issue_id: int) -> HttpResponse:
    issue = _issue(request, issue_id)
    require(request.user, "issue.edit", issue.supplier)
    form = ActionForm(request.POST, supplier=issue.supplier, colleagues=_colleagues())
    if form.is_valid():
        try:
            services.add_action(request.user, issue, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Agreed action added."))
            return redirect(f"{_issue_url(issue)}#actions")
    return _issue_page(request, issue, {"action": form}, status=400)


@require_POST
@internal_view("issue.view")
def move(request: AuthenticatedRequest, issue_id: int) -> HttpResponse:
    issue = _issue(request, issue_id)
    require(request.user, "issue.edit", issue.supplier)
    form = MoveForm(request.POST, levels=issue.levels, current=issue.level)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            moved = services.move(
                request.user, issue, data["to_level"], data["reason"], None, data["version"]
            )
        except StaleEdit as exc:
            form.add_error(None, exc.form_message)
            issue, status = _issue(request, issue_id), 409
        except ValidationError as exc:
            apply_errors(form, exc)
            issue = _issue(request, issue_id)
        else:
            text = (
                _("Escalated to level %(level)s.")
                if moved.upward
                else _("De-escalated to level %(level)s.")
            )
            messages.success(request, text % {"level": moved.to_level})
            return redirect(f"{_issue_url(issue)}#path")
    return _issue_page(request, issue, {"move": form}, status=status)


@require_POST
@internal_view("issue.view")
def resolve(request: AuthenticatedRequest, issue_id: int) -> HttpResponse:
    issue = _issue(request, issue_id)
    require(request.user, "issue.edit", issue.supplier)
    form = ResolveForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.resolve(
                request.user, issue, form.cleaned_data["resolution"], None,
                form.cleaned_data["version"],
            )  # fmt: skip
        except StaleEdit as exc:
            form.add_error(None, exc.form_message)
            issue, status = _issue(request, issue_id), 409
        except ValidationError as exc:
            apply_errors(form, exc)
            issue = _issue(request, issue_id)
        else:
            messages.success(
                request, _("Issue resolved at level %(level)s.") % {"level": issue.level}
            )
            return redirect("conflicts:issue", issue_id=issue.pk)
    return _issue_page(request, issue, {"resolve": form}, status=status)


@require_POST
@internal_view("issue.view")
def reopen(request: AuthenticatedRequest, issue_id: int) -> HttpResponse:
    issue = _issue(request, issue_id)
    require(request.user, "issue.edit", issue.supplier)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            services.reopen(request.user, issue, form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_errors(form, exc)
            issue = _issue(request, issue_id)
        else:
            messages.success(
                request, _("Issue open again at level %(level)s.") % {"level": issue.level}
            )
            return redirect("conflicts:issue", issue_id=issue.pk)
    return _issue_page(request, issue, {"reopen": form}, status=400)


# --- corrective action requests ---------------------------------------------------------------


@require_POST
@internal_view("issue.view")
def car_open(request: AuthenticatedRequest, issue_id: int) -> HttpResponse:
    issue = _issue(request, issue_id)
    require(request.user, "issue.edit", issue.supplier)
    form = CorrectiveActionForm(request.POST)
    if form.is_valid():
        try:
            car = services.open_corrective_action(request.user, issue, form.cleaned_data["due_on"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Corrective action request opened."))
            return redirect("conflicts:car", car_id=car.pk)
    return _issue_page(request, issue, {"car": form}, status=400)


def _car_page(
    request: AuthenticatedRequest,
    car: CorrectiveAction,
    forms: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    given = forms or {}
    rows = []
    disciplines = services.disciplines_of(car)
    for disc, answer in disciplines:
        initial = {"text": answer.text, "side": answer.side} if answer else {}
        rows.append({
            "step": disc, "answer": answer,
            "form": given.get(disc.key) or DisciplineForm(initial=initial, key=disc.key),
        })  # fmt: skip
    answered = {disc.key for disc, answer in disciplines if answer is not None}
    context = {
        "supplier": car.issue.supplier,
        "issue": car.issue,
        "car": car,
        "rows": rows,
        "missing": [_(label) for label in domain.car_missing(answered)],
        "can_edit": can(request.user, "issue.edit", car.issue.supplier) and car.is_open,
        "close_form": given.get("close") or CloseCorrectiveActionForm(),
    }
    return render(request, "conflicts/car.html", context, status=status)


@internal_view("issue.view")
def car(request: AuthenticatedRequest, car_id: int) -> HttpResponse:
    return _car_page(request, _car(request, car_id))


@require_POST
@internal_view("issue.view")
def discipline(request: AuthenticatedRequest, car_id: int, key: str) -> HttpResponse:
    found = _car(request, car_id)
    require(request.user, "issue.edit", found.issue.supplier)
    if key not in domain.DISCIPLINE_KEYS:
        messages.error(request, _("There is no such discipline."))
        return redirect("conflicts:car", car_id=found.pk)
    form = DisciplineForm(request.POST, key=key)
    if form.is_valid():
        try:
            services.answer_discipline(
                request.user, found, key, form.cleaned_data["text"], form.cleaned_data["side"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            label = _(next(d.label for d in domain.DISCIPLINES if d.key == key))
            messages.success(request, _("%(label)s saved.") % {"label": label})
            return redirect(reverse("conflicts:car", args=[found.pk]) + f"#{key}")
    return _car_page(request, found, {key: form}, status=400)


@require_POST
@internal_view("issue.view")
def car_close(request: AuthenticatedRequest, car_id: int) -> HttpResponse:
    found = _car(request, car_id)
    require(request.user, "issue.edit", found.issue.supplier)
    form = CloseCorrectiveActionForm(request.POST)
    if form.is_valid():
        try:
            services.close_corrective_action(request.user, found, form.cleaned_data["closure"])
        except ValidationError as exc:
            apply_errors(form, exc)
            found = _car(request, car_id)
        else:
            messages.success(request, _("Corrective action request closed."))
            return redirect("conflicts:car", car_id=found.pk)
    return _car_page(request, found, {"close": form}, status=400)


# --- the escalation audit and the resolution statistics ---------------------------------------


def _scope(request: AuthenticatedRequest, with_n: bool) -> ScopeForm:
    suppliers, owners = _filter_choices(request.user)
    data = {k: v for k, v in request.GET.items() if v != ""}
    if with_n:
        data.setdefault("n", "20")
    form = ScopeForm(data, suppliers=suppliers, owners=owners, with_n=with_n)
    form.is_valid()
    return form


def _scope_text(form: ScopeForm) -> str:
    """The scope in words, for the printed audit (which hides the filters)."""
    if form.errors:
        return ""
    parts = []
    for name in ("category", "supplier", "owner"):
        value = form.cleaned_data.get(name)
        if value not in (None, ""):
            field: Any = form.fields[name]
            choices = getattr(field, "choices", None) or field.widget.choices
            label = dict(choices).get(value, value)
            parts.append(f"{form.fields[name].label or name.capitalize()}: {label}")
    return "; ".join(parts) or _("All issues you may see")


@internal_view("issue.view")
def audit(request: AuthenticatedRequest) -> HttpResponse:
    form = _scope(request, with_n=True)
    result, rows = None, []
    if not form.errors:
        n = form.cleaned_data.get("n") or 20
        result = services.escalation_audit(request.user, form.params(), n)
        rows = [
            {"row": row, "flags": [(flag, domain.RULES[flag.rule]) for flag in row.flags]}
            for row in result.rows
        ]
    context = {
        "form": form, "audit": result, "rows": rows, "rules": domain.RULES.values(),
        "scope": _scope_text(form), "today": timezone.localdate(),
    }  # fmt: skip
    return render(request, "conflicts/audit.html", context, status=400 if form.errors else 200)


@internal_view("issue.view")
def statistics(request: AuthenticatedRequest) -> HttpResponse:
    form = _scope(request, with_n=False)
    stats = None if form.errors else services.resolution_statistics(request.user, form.params())
    groups = []
    if stats is not None:
        groups = [
            (
                _("By severity"),
                [(_(domain.SEVERITIES[k]), c) for k, c in stats.by_severity.items()],
            ),
            (
                _("By category"),
                [(_(domain.CATEGORIES[k]), c) for k, c in stats.by_category.items()],
            ),
            (_("By supplier"), list(stats.by_supplier.items())),
            (_("By relationship owner"), list(stats.by_owner.items())),
        ]
    context = {"form": form, "stats": stats, "groups": groups}
    return render(request, "conflicts/statistics.html", context, status=400 if form.errors else 200)
