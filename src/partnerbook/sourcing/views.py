"""Web pages of sourcing projects: the list, the project page with its criteria set by side
of the triangle, editing, category templates and lessons learned. Thin: load, check
permission, call a service."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from partnerbook.accounts.policy import AuthenticatedRequest, can, internal_view
from partnerbook.core.concurrency import StaleEdit, show_stale
from partnerbook.suppliers.models import Category
from partnerbook.suppliers.views import apply_errors

from . import domain, imports, services
from .forms import CriterionForm, LessonForm, ProjectForm
from .models import Criterion, SourcingProject

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
                messages.success(request, "Sourcing project started.")
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
                messages.success(request, "Project saved.")
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
) -> HttpResponse:
    criteria = services.criteria_of(project)
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
            messages.success(request, "Criterion added.")
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
                messages.success(request, "Criterion saved.")
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
        messages.success(request, f"Criterion “{criterion.name}” removed.")
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
            f"Saved as the criteria template of {project.category.name}. New projects in "
            "this category start from it.",
        )
    return redirect(_criteria_url(pk))


@internal_view("sourcing.edit")
@require_POST
def project_archive(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    project = _project(pk)
    services.archive_project(request.user, project)
    messages.success(request, f"Project “{project.title}” archived.")
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
            messages.success(request, "Lesson recorded.")
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
    response = HttpResponse(imports.export_criteria(project), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="sourcing-{pk}-criteria.csv"'
    return response
