"""Web pages of sourcing projects: the list, the project page with its criteria set by side
of the triangle, editing, category templates and lessons learned; and the review of
prospects' registrations. Thin: load, check permission, call a service."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnerbook.accounts.models import Registration
from partnerbook.accounts.policy import AuthenticatedRequest, can, internal_view, require
from partnerbook.core.concurrency import StaleEdit, show_stale
from partnerbook.core.spreadsheets import attachment
from partnerbook.suppliers.models import Category, Supplier
from partnerbook.suppliers.views import apply_errors, visible_supplier

from . import domain, imports, registrations, services
from .forms import (
    CallForm,
    CandidateForm,
    CriterionForm,
    DeclineForm,
    EvaluationForm,
    LessonForm,
    PilotForm,
    ProjectForm,
    RampStageForm,
    ValidationForm,
)
from .models import Candidate, Criterion, Pilot, SourcingProject

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PAGE_SIZE = 50


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 18 else None


@internal_view("sourcing.view")
def project_list(request: AuthenticatedRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in SourcingProject.Status.values else ""
    category = _int(request.GET.get("category"))
    page = Paginator(services.projects(status or None, category), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = urlencode({k: v for k, v in (("status", status), ("category", category)) if v})
    return render(
        request,
        "sourcing/list.html",
        {
            "page": page, "page_query": query, "status": status, "category": category,
            "statuses": SourcingProject.Status.choices,
            "categories": list(Category.objects.order_by("name")[:500]),
            "can_edit": can(request.user, "sourcing.edit"),
            "can_review_registrations": can(request.user, "portal.review_registrations"),
        },
    )  # fmt: skip


def _project(pk: int) -> SourcingProject:
    project = services.project_by_id(pk)
    if project is None:
        raise Http404("No such sourcing project.")
    return project


@internal_view("sourcing.edit")
def project_create(request: AuthenticatedRequest) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = ProjectForm(request.POST)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            try:
                project = services.create_project(request.user, data)
            except ValidationError as exc:
                apply_errors(form, exc)
                status = 400
            else:
                messages.success(request, _("Sourcing project started."))
                return redirect("sourcing:project", pk=project.pk)
        else:
            status = 400
    else:
        form = ProjectForm(initial={"owner": request.user.pk, "status": "open"})
    return render(
        request, "sourcing/project_form.html", {"form": form, "project": None}, status=status
    )


@internal_view("sourcing.edit")
def project_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    project = _project(pk)
    status = 200
    if request.method == "POST":
        form = ProjectForm(request.POST)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            try:
                services.update_project(
                    request.user, project, data, form.cleaned_data.get("version")
                )
            except StaleEdit as exc:
                current = _project(pk)
                form = show_stale(ProjectForm(initial=ProjectForm.initial_for(current)), exc)
                status = 409
            except ValidationError as exc:
                apply_errors(form, exc)
                status = 400
            else:
                messages.success(request, _("Project saved."))
                return redirect("sourcing:project", pk=pk)
        else:
            status = 400
    else:
        form = ProjectForm(initial=ProjectForm.initial_for(project))
    return render(
        request, "sourcing/project_form.html", {"form": form, "project": project}, status=status
    )


def _page(
    request: AuthenticatedRequest,
    project: SourcingProject,
    criterion_form: CriterionForm | None = None,
    lesson_form: LessonForm | None = None,
    status: int = 200,
    candidate_form: CandidateForm | None = None,
) -> HttpResponse:
    criteria = services.criteria_of(project)
    rows = services.ranking(project)
    groups, explanation = services.grouped(criteria)
    taken = {domain.name_key(c.name) for c in criteria}
    can_edit = can(request.user, "sourcing.edit", project)
    return render(
        request,
        "sourcing/project.html",
        {
            "project": project, "groups": groups, "explanation": explanation,
            "criteria_count": len(criteria),
            "suggestions": [s for s in domain.SUGGESTIONS if domain.name_key(s.name) not in taken],
            "criterion_form": criterion_form or CriterionForm(),
            "lesson_form": lesson_form or LessonForm(),
            "lessons": services.lessons_of(project),
            "earlier_lessons": services.earlier_lessons(project),
            "template": services.template_of(project.category),
            "can_edit": can_edit,
            "editable": can_edit and project.status != SourcingProject.Status.CLOSED,
            "can_configure": can(request.user, "sourcing.configure"),
            "long_list": [r for r in rows if r.candidate.stage == Candidate.Stage.LONG_LIST],
            "short_list": [r for r in rows if r.candidate.stage in services.SHORT_LIST_STAGES],
            "rejected": [r for r in rows if r.candidate.stage == Candidate.Stage.REJECTED],
            "ranked": [r for r in rows if r.rank is not None],
            "candidate_form": candidate_form or CandidateForm(project=project),
        },
        status=status,
    )  # fmt: skip


@internal_view("sourcing.view")
def project_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _page(request, _project(pk))


def _criteria_url(pk: int) -> str:
    return reverse("sourcing:project", args=[pk]) + "#criteria"


@internal_view("sourcing.edit")
@require_POST
def criterion_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    project = _project(pk)
    form = CriterionForm(request.POST)
    if form.is_valid():
        try:
            services.add_criterion(request.user, project, form.data_for_service())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Criterion added."))
            return redirect(_criteria_url(pk))
    return _page(request, project, criterion_form=form, status=400)


def _criterion(pk: int) -> Criterion:
    found: Criterion = get_object_or_404(
        Criterion.objects.select_related("project", "project__category", "project__owner"),
        pk=pk,
        project__archived=False,
    )
    return found


@internal_view("sourcing.edit")
def criterion_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    criterion = _criterion(pk)
    status = 200
    if request.method == "POST":
        form = CriterionForm(request.POST)
        if form.is_valid():
            try:
                services.update_criterion(
                    request.user, criterion, form.data_for_service(),
                    form.cleaned_data.get("version"),
                )  # fmt: skip
            except StaleEdit as exc:
                current = _criterion(pk)
                form = show_stale(CriterionForm(initial=CriterionForm.initial_for(current)), exc)
                status = 409
            except ValidationError as exc:
                apply_errors(form, exc)
                status = 400
            else:
                messages.success(request, _("Criterion saved."))
                return redirect(_criteria_url(criterion.project_id))
        else:
            status = 400
    else:
        form = CriterionForm(initial=CriterionForm.initial_for(criterion))
    return render(
        request,
        "sourcing/criterion_form.html",
        {"form": form, "criterion": criterion, "project": criterion.project},
        status=status,
    )


@internal_view("sourcing.edit")
@require_POST
def criterion_remove(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    criterion = _criterion(pk)
    project_id = criterion.project_id
    try:
        services.remove_criterion(request.user, criterion)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Criterion “%(name)s” removed.") % {"name": criterion.name})
    return redirect(_criteria_url(project_id))


@internal_view("sourcing.configure")
@require_POST
def save_template(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    project = _project(pk)
    try:
        services.save_as_template(request.user, project)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _(
                "Saved as the criteria template of %(category)s. New projects in this category "
                "start from it."
            )
            % {"category": project.category.name},
        )
    return redirect(_criteria_url(pk))


@internal_view("sourcing.edit")
@require_POST
def project_archive(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    project = _project(pk)
    services.archive_project(request.user, project)
    messages.success(request, _("Project “%(title)s” archived.") % {"title": project.title})
    return redirect("sourcing:list")


@internal_view("sourcing.edit")
@require_POST
def lesson_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    project = _project(pk)
    form = LessonForm(request.POST)
    if form.is_valid():
        try:
            services.add_lesson(
                request.user, project, form.cleaned_data["text"], form.cleaned_data["supplier"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Lesson recorded."))
            return redirect(reverse("sourcing:project", args=[pk]) + "#lessons")
    return _page(request, project, lesson_form=form, status=400)


@internal_view("sourcing.view")
def lessons(request: AuthenticatedRequest) -> HttpResponse:
    text = request.GET.get("q", "")[:200].replace("\x00", "")
    category = _int(request.GET.get("category"))
    page = Paginator(services.search_lessons(text, category), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = urlencode({k: v for k, v in (("q", text), ("category", category)) if v})
    context: dict[str, Any] = {
        "page": page, "page_query": query, "q": text, "category": category,
        "categories": list(Category.objects.order_by("name")[:500]),
    }  # fmt: skip
    return render(request, "sourcing/lessons.html", context)


@internal_view("sourcing.view")
def criteria_export(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    project = _project(pk)
    with translation.override("en"):  # exports keep stable English
        content = imports.export_criteria(project)
    response = HttpResponse(content, content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="sourcing-{pk}-criteria.csv"'
    return response


# --- candidates -----------------------------------------------------------------------------


def _candidate(pk: int) -> Candidate:
    candidate = services.candidate_by_id(pk)
    if candidate is None:
        raise Http404("No such candidate.")
    return candidate


def _candidate_url(pk: int, anchor: str = "") -> str:
    return reverse("sourcing:candidate", args=[pk]) + (f"#{anchor}" if anchor else "")


@internal_view("sourcing.edit")
@require_POST
def candidate_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    project = _project(pk)
    form = CandidateForm(request.POST, project=project)
    if form.is_valid():
        try:
            candidate = services.add_candidate(request.user, project, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("%(name)s added to the long list.") % {"name": candidate.supplier.name}
            )
            return redirect(reverse("sourcing:project", args=[pk]) + "#candidates")
    return _page(request, project, candidate_form=form, status=400)


def _found_through(source: str) -> StrOrPromise:
    """Where a candidate was found, as a phrase of the page (one message per source, so
    that each language can word it)."""
    phrases: dict[str, StrOrPromise] = {
        Candidate.Source.REFERRAL: _("found through referral"),
        Candidate.Source.NETWORK: _("found through network"),
        Candidate.Source.TRADE_SHOW: _("found through trade show"),
        Candidate.Source.INBOUND: _("found through inbound"),
        Candidate.Source.SEARCH: _("found through search"),
        Candidate.Source.EXISTING: _("found through existing supplier"),
    }
    return phrases.get(source, source)


def _evaluation_matrix(
    criteria: list[Criterion], evaluations: list[Any], score: domain.CandidateScore
) -> list[dict[str, Any]]:
    """One row per criterion: each evaluator's mark, side by side, and the median."""
    medians = {m.name: m for m in score.criteria}
    cells = {e.pk: {s.criterion_id: s for s in e.scores.all()} for e in evaluations}
    rows = []
    for c in criteria:
        marks = []
        for e in evaluations:
            found = cells[e.pk].get(c.pk)
            if found is None:
                marks.append("—")
            elif found.met is not None:
                marks.append(_("met") if found.met else _("not met"))
            else:
                marks.append(str(found.score))
        rows.append({"criterion": c, "marks": marks, "median": medians.get(c.name)})
    return rows


def _candidate_page(
    request: AuthenticatedRequest,
    candidate: Candidate,
    *,
    call_form: CallForm | None = None,
    validation_form: ValidationForm | None = None,
    evaluation_form: EvaluationForm | None = None,
    status: int = 200,
) -> HttpResponse:
    project = candidate.project
    criteria = services.criteria_of(project)
    evaluations = services.evaluations_of(candidate)
    rows = services.ranking(project)
    row = next(r for r in rows if r.candidate.pk == candidate.pk)
    totals = {t.evaluator_id: t for t in row.score.totals}
    mine = next((e for e in evaluations if e.evaluator_id == request.user.pk), None)
    if evaluation_form is None:
        initial = EvaluationForm.initial_for(mine) if mine else {}
        evaluation_form = EvaluationForm(initial=initial, criteria=criteria)
    can_edit = can(request.user, "sourcing.edit", project)
    return render(
        request,
        "sourcing/candidate.html",
        {
            "candidate": candidate, "project": project, "row": row,
            "ranked_count": len([r for r in rows if r.rank is not None]),
            "evaluations": [(e, totals.get(e.evaluator_id)) for e in evaluations],
            "matrix": _evaluation_matrix(criteria, evaluations, row.score),
            "calls": services.calls_of(candidate),
            "validations": services.validations_of(candidate),
            "call_form": call_form or CallForm(),
            "validation_form": validation_form or ValidationForm(),
            "evaluation_form": evaluation_form, "my_evaluation": mine,
            "can_edit": can_edit and project.status != SourcingProject.Status.CLOSED,
            "stages": Candidate.Stage.choices,
            "found_through": _found_through(candidate.source),
        },
        status=status,
    )  # fmt: skip


@internal_view("sourcing.view")
def candidate_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _candidate_page(request, _candidate(pk))


@internal_view("sourcing.edit")
@require_POST
def candidate_move(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    candidate = _candidate(pk)
    stage = request.POST.get("stage", "")
    try:
        services.move_candidate(request.user, candidate, stage, _int(request.POST.get("version")))
    except StaleEdit as exc:
        messages.error(request, exc.form_message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, f"{candidate.supplier.name}: {candidate.get_stage_display().lower()}."
        )
    return redirect(_candidate_url(pk))


@internal_view("sourcing.edit")
@require_POST
def call_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    candidate = _candidate(pk)
    form = CallForm(request.POST)
    if form.is_valid():
        try:
            services.record_call(request.user, candidate, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Call recorded."))
            return redirect(_candidate_url(pk, "calls"))
    return _candidate_page(request, candidate, call_form=form, status=400)


@internal_view("sourcing.edit")
@require_POST
def validation_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    candidate = _candidate(pk)
    form = ValidationForm(request.POST)
    if form.is_valid():
        try:
            services.record_validation(request.user, candidate, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Validation recorded."))
            return redirect(_candidate_url(pk, "validations"))
    return _candidate_page(request, candidate, validation_form=form, status=400)


@internal_view("sourcing.edit")
@require_POST
def evaluation_submit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    candidate = _candidate(pk)
    criteria = services.criteria_of(candidate.project)
    form = EvaluationForm(request.POST, criteria=criteria)
    status = 400
    if form.is_valid():
        scores, met = form.scores_and_met()
        try:
            services.submit_evaluation(
                request.user, candidate, scores, met, form.cleaned_data["comment"],
                form.cleaned_data.get("version"),
            )  # fmt: skip
        except StaleEdit as exc:
            mine = candidate.evaluations.filter(evaluator=request.user).first()
            initial = EvaluationForm.initial_for(mine) if mine else {}
            form = show_stale(EvaluationForm(initial=initial, criteria=criteria), exc)
            status = 409
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Your evaluation is saved."))
            return redirect(_candidate_url(pk, "evaluations"))
    return _candidate_page(request, candidate, evaluation_form=form, status=status)


@internal_view("sourcing.view")
def candidates_export(request: AuthenticatedRequest, pk: int, fmt: str) -> HttpResponse:
    project = _project(pk)
    if fmt not in ("csv", "xlsx"):
        raise Http404("Choose csv or xlsx.")
    with translation.override("en"):  # exports keep stable English
        content = imports.export_candidates(project, fmt)
    return attachment(content, f"sourcing-{pk}-candidates.{fmt}")


# --- pilots and ramp-up (shown on the supplier's Playbook tab) ----------------------------------


def _playbook(supplier: Supplier, anchor: str = "pilots") -> HttpResponse:
    return redirect(reverse("gate:supplier", args=[supplier.pk]) + f"#{anchor}")


def _supplier_form_page(
    request: AuthenticatedRequest, supplier: Supplier, form: Any, title: str, status: int
) -> HttpResponse:
    return render(
        request,
        "sourcing/supplier_form.html",
        {"supplier": supplier, "form": form, "title": title},
        status=status,
    )


@internal_view("playbook.edit")
def pilot_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    supplier = visible_supplier(request, pk)
    require(request.user, "playbook.edit", supplier)
    status = 200
    if request.method == "POST":
        form = PilotForm(request.POST, supplier=supplier)
        if form.is_valid():
            try:
                services.record_pilot(request.user, supplier, form.data_for_service())
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Pilot recorded."))
                return _playbook(supplier)
        status = 400
    else:
        form = PilotForm(supplier=supplier)
    return _supplier_form_page(request, supplier, form, _("Record a pilot"), status)


@internal_view("playbook.edit")
def pilot_edit(request: AuthenticatedRequest, pilot_id: int) -> HttpResponse:
    pilot: Pilot = get_object_or_404(Pilot.objects.select_related("supplier"), pk=pilot_id)
    supplier = visible_supplier(request, pilot.supplier_id)
    require(request.user, "playbook.edit", supplier)
    status = 200
    if request.method == "POST":
        form = PilotForm(request.POST, supplier=supplier)
        if form.is_valid():
            try:
                services.update_pilot(
                    request.user, pilot, form.data_for_service(),
                    form.cleaned_data.get("version"),
                )  # fmt: skip
            except StaleEdit as exc:
                current = get_object_or_404(Pilot, pk=pilot_id)
                form = show_stale(
                    PilotForm(initial=PilotForm.initial_for(current), supplier=supplier), exc
                )
                status = 409
            except ValidationError as exc:
                apply_errors(form, exc)
                status = 400
            else:
                messages.success(request, _("Pilot saved."))
                return _playbook(supplier)
        else:
            status = 400
    else:
        form = PilotForm(initial=PilotForm.initial_for(pilot), supplier=supplier)
    return _supplier_form_page(request, supplier, form, _("Edit the pilot"), status)


@internal_view("playbook.edit")
def ramp_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    supplier = visible_supplier(request, pk)
    require(request.user, "playbook.edit", supplier)
    status = 200
    if request.method == "POST":
        form = RampStageForm(request.POST)
        if form.is_valid():
            try:
                services.record_ramp_stage(request.user, supplier, form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Ramp-up stage recorded."))
                return _playbook(supplier, "ramp-up")
        status = 400
    else:
        form = RampStageForm()
    return _supplier_form_page(request, supplier, form, _("Record a ramp-up stage"), status)


# --- the review of prospects' registrations ----------------------------------------------

REGISTRATIONS_PER_PAGE = 25


@internal_view("portal.review_registrations")
def registration_list(request: AuthenticatedRequest) -> HttpResponse:
    """Registrations to review, waiting ones first, with what each company wrote."""
    paginator = Paginator(registrations.registrations_for_review(), REGISTRATIONS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    rows = list(page.object_list)
    duplicates = registrations.same_name_suppliers(rows)
    return render(
        request,
        "sourcing/registrations.html",
        {
            "page": page,
            "entries": [(row, duplicates.get(row.pk, [])) for row in rows],
            "projects": list(registrations.open_projects().order_by("title", "pk")[:200]),
            "pending": registrations.pending_count(),
        },
    )


def _registration(registration_id: int) -> Registration:
    return get_object_or_404(Registration, pk=registration_id)


def _project_id(value: str | None) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    if not value.isdigit() or len(value) > 18:
        raise ValidationError({"project": _("There is no sourcing project with this id.")})
    return int(value)


@require_POST
@internal_view("portal.review_registrations")
def approve_registration(request: AuthenticatedRequest, registration_id: int) -> HttpResponse:
    registration = _registration(registration_id)
    try:
        project = registrations.project_for_approval(_project_id(request.POST.get("project")))
        registrations.approve(
            request.user, registration, project, base_url=request.build_absolute_uri("/")
        )
    except ValidationError as exc:
        messages.error(request, f"{registration.company_name}: " + " ".join(exc.messages))
    else:
        if project:
            text = _(
                "%(company)s is registered as a prospect supplier and added to “%(project)s”. "
                "We e-mailed %(email)s that they can sign in."
            )
        else:
            text = _(
                "%(company)s is registered as a prospect supplier. "
                "We e-mailed %(email)s that they can sign in."
            )
        values = {"company": registration.company_name, "email": registration.email}
        messages.success(request, text % {**values, "project": project.title if project else ""})
    return redirect("sourcing:registrations")


@require_POST
@internal_view("portal.review_registrations")
def decline_registration(request: AuthenticatedRequest, registration_id: int) -> HttpResponse:
    registration = _registration(registration_id)
    form = DeclineForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({"note": _("Say briefly why; the registrant reads this note.")})
        registrations.decline(request.user, registration, form.cleaned_data["note"])
    except ValidationError as exc:
        messages.error(request, f"{registration.company_name}: " + " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Registration of %(company)s declined; we e-mailed %(email)s your note.")
            % {"company": registration.company_name, "email": registration.email},
        )
    return redirect("sourcing:registrations")
