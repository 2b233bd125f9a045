"""REST endpoints of sourcing projects and of the review of prospects' registrations
(mounted under /api/v1). Internal users only: portal users get 403. Thin: resolve ids, call
a service, return."""

# No `from __future__ import annotations`: ninja's @paginate reads annotations at import.
from dataclasses import asdict
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.pagination import paginate

from partnerbook.accounts.models import INTERNAL_ROLES, Registration, User
from partnerbook.accounts.policy import require
from partnerbook.suppliers.api import Pagination
from partnerbook.suppliers.models import Category, Supplier

from . import registrations, services
from .models import (
    Candidate,
    CandidateCall,
    Criterion,
    Evaluation,
    Lesson,
    Pilot,
    RampStage,
    SourcingProject,
    Validation,
)
from .schemas import (
    ApproveIn,
    CallIn,
    CallOut,
    CandidateChange,
    CandidateDetailOut,
    CandidateIn,
    CandidateOut,
    CriteriaTemplateIn,
    CriteriaTemplateOut,
    DeclineIn,
    EvaluationIn,
    EvaluationOut,
    PilotChange,
    PilotIn,
    PilotOut,
    RampStageIn,
    RampStageOut,
    RankingRowOut,
    RegistrationOut,
    SourcingCriterionChange,
    SourcingCriterionIn,
    SourcingCriterionOut,
    SourcingLessonIn,
    SourcingLessonOut,
    SourcingProjectChange,
    SourcingProjectFilters,
    SourcingProjectIn,
    SourcingProjectOut,
    ValidationIn,
    ValidationOut,
)

router = Router(tags=["sourcing"])
PROJECT = "/sourcing/projects/{project_id}"


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


def _project(request: HttpRequest, project_id: int) -> SourcingProject:
    require(request.user, "sourcing.view")
    project = services.project_by_id(project_id)
    if project is None:
        raise Http404
    return project


def _category(category_id: int, field: str = "category_id") -> Category:
    category = Category.objects.filter(pk=category_id).first()
    if category is None:
        raise ValidationError({field: f"No category with id {category_id}."})
    return category


def _owner(owner_id: int) -> User:
    owner = User.objects.filter(pk=owner_id, is_active=True, role__in=INTERNAL_ROLES).first()
    if owner is None:
        raise ValidationError({"owner_id": f"No active colleague with id {owner_id}."})
    return owner


def _resolve(data: dict[str, Any]) -> dict[str, Any]:
    if "category_id" in data:
        data["category"] = _category(data.pop("category_id"))
    if "owner_id" in data:
        owner_id = data.pop("owner_id")
        if owner_id is not None:
            data["owner"] = _owner(owner_id)
    return data


@router.get(
    "/sourcing/projects", response=list[SourcingProjectOut], summary="List sourcing projects"
)
@paginate(Pagination)
def list_projects(request: HttpRequest, filters: Query[SourcingProjectFilters]) -> Any:
    """Projects not archived, newest first; filter by `status` and `category_id`."""
    require(request.user, "sourcing.view")
    return services.projects(filters.status, filters.category_id)


@router.post(
    "/sourcing/projects", response={201: SourcingProjectOut}, summary="Start a sourcing project"
)
def create_project(request: HttpRequest, payload: SourcingProjectIn) -> Status[SourcingProject]:
    """Buyers, managers and admins. The criteria start as a copy of the category's template."""
    require(request.user, "sourcing.edit")
    data = _resolve(payload.model_dump())
    return Status(201, services.create_project(_user(request), data))


@router.get(PROJECT, response=SourcingProjectOut, summary="Get a sourcing project")
def get_project(request: HttpRequest, project_id: int) -> SourcingProject:
    return _project(request, project_id)


@router.patch(PROJECT, response=SourcingProjectOut, summary="Change a sourcing project")
def update_project(
    request: HttpRequest, project_id: int, payload: SourcingProjectChange
) -> SourcingProject:
    """Changes the given fields. With `version`, an edit based on an older version is a 409."""
    project = _project(request, project_id)
    require(request.user, "sourcing.edit", project)
    data = _resolve(payload.model_dump(exclude_unset=True))
    version = data.pop("version", None)
    return services.update_project(_user(request), project, data, version)


@router.get(f"{PROJECT}/criteria", response=list[SourcingCriterionOut], summary="List criteria")
def list_criteria(request: HttpRequest, project_id: int) -> list[Criterion]:
    """The project's criteria set in the order they were added (at most 60)."""
    return services.criteria_of(_project(request, project_id))


@router.post(f"{PROJECT}/criteria", response={201: SourcingCriterionOut}, summary="Add a criterion")
def add_criterion(
    request: HttpRequest, project_id: int, payload: SourcingCriterionIn
) -> Status[Criterion]:
    """A must-have has no weight, a weighted criterion needs one (400); a name already used
    in the project is a 409; a closed project's criteria cannot change (400)."""
    project = _project(request, project_id)
    require(request.user, "sourcing.edit", project)
    return Status(201, services.add_criterion(_user(request), project, payload.model_dump()))


def _criterion(request: HttpRequest, criterion_id: int) -> Criterion:
    require(request.user, "sourcing.view")
    found: Criterion = get_object_or_404(
        Criterion.objects.select_related("project").filter(project__archived=False),
        pk=criterion_id,
    )
    return found


@router.patch(
    "/sourcing/criteria/{criterion_id}", response=SourcingCriterionOut, summary="Change a criterion"
)
def update_criterion(
    request: HttpRequest, criterion_id: int, payload: SourcingCriterionChange
) -> Criterion:
    criterion = _criterion(request, criterion_id)
    require(request.user, "sourcing.edit", criterion.project)
    data = payload.model_dump(exclude_unset=True)
    version = data.pop("version", None)
    return services.update_criterion(_user(request), criterion, data, version)


@router.delete(
    "/sourcing/criteria/{criterion_id}", response={204: None}, summary="Remove a criterion"
)
def remove_criterion(request: HttpRequest, criterion_id: int) -> Status[None]:
    """Allowed while the project is not closed; the history keeps the removed criterion."""
    criterion = _criterion(request, criterion_id)
    require(request.user, "sourcing.edit", criterion.project)
    services.remove_criterion(_user(request), criterion)
    return Status(204, None)


def _template_out(category: Category) -> dict[str, Any]:
    template = services.template_of(category)
    return {
        "category_id": category.pk,
        "exists": template is not None,
        "criteria": template.criteria if template else [],
        "version": template.version if template else 1,
        "updated_at": template.updated_at if template else None,
    }


@router.get(
    "/sourcing/categories/{category_id}/template",
    response=CriteriaTemplateOut,
    summary="Get a category's criteria template",
)
def get_template(request: HttpRequest, category_id: int) -> dict[str, Any]:
    require(request.user, "sourcing.view")
    return _template_out(get_object_or_404(Category, pk=category_id))


@router.put(
    "/sourcing/categories/{category_id}/template",
    response=CriteriaTemplateOut,
    summary="Set a category's criteria template",
)
def put_template(
    request: HttpRequest, category_id: int, payload: CriteriaTemplateIn
) -> dict[str, Any]:
    """Managers and admins. New projects in the category start from it; projects already
    started keep their criteria."""
    require(request.user, "sourcing.view")
    category = get_object_or_404(Category, pk=category_id)
    rows = [row.model_dump() for row in payload.criteria]
    services.put_template(_user(request), category, rows, payload.version)
    return _template_out(category)


@router.get(f"{PROJECT}/lessons", response=list[SourcingLessonOut], summary="List lessons learned")
def list_lessons(request: HttpRequest, project_id: int) -> list[Lesson]:
    return services.lessons_of(_project(request, project_id))


@router.post(
    f"{PROJECT}/lessons", response={201: SourcingLessonOut}, summary="Record a lesson learned"
)
def add_lesson(request: HttpRequest, project_id: int, payload: SourcingLessonIn) -> Status[Lesson]:
    project = _project(request, project_id)
    require(request.user, "sourcing.edit", project)
    supplier = None
    if payload.supplier_id is not None:
        visible = Supplier.objects.visible_to(request.user)
        supplier = visible.filter(pk=payload.supplier_id, archived=False).first()
        if supplier is None:
            raise ValidationError({"supplier_id": f"No supplier with id {payload.supplier_id}."})
    return Status(201, services.add_lesson(_user(request), project, payload.text, supplier))


# --- candidates -----------------------------------------------------------------------------

CANDIDATE = "/sourcing/candidates/{candidate_id}"
SUPPLIER = "/suppliers/{supplier_id}"
PILOT = "/pilots/{pilot_id}"


def _candidate(request: HttpRequest, candidate_id: int) -> Candidate:
    require(request.user, "sourcing.view")
    candidate = services.candidate_by_id(candidate_id)
    if candidate is None:
        raise Http404
    return candidate


def _row_out(row: services.RankRow) -> dict[str, Any]:
    s = row.score
    return {
        "rank": row.rank, "candidate_id": row.candidate.pk,
        "supplier_id": row.candidate.supplier_id, "supplier": row.candidate.supplier.name,
        "stage": row.candidate.stage, "must_have": s.must_have.status,
        "must_have_reasons": s.must_have.reasons, "median": s.median, "spread": s.spread,
        "evaluators": s.evaluators, "totals": [asdict(t) for t in s.totals],
        "criteria": [asdict(c) for c in s.criteria], "reason": row.reason,
        "explanation": s.lines,
    }  # fmt: skip


@router.get(f"{PROJECT}/candidates", response=list[CandidateOut], summary="List candidates")
def list_candidates(request: HttpRequest, project_id: int) -> list[Candidate]:
    """The project's candidates in the order they were added."""
    return services.candidates_of(_project(request, project_id))


@router.post(f"{PROJECT}/candidates", response={201: CandidateOut}, summary="Add a candidate")
def add_candidate(request: HttpRequest, project_id: int, payload: CandidateIn) -> Status[Candidate]:
    """An existing supplier by `supplier_id`, or a new prospect by `prospect_name`
    (registered in the project's category)."""
    project = _project(request, project_id)
    require(request.user, "sourcing.edit", project)
    data = payload.model_dump()
    supplier_id = data.pop("supplier_id")
    if supplier_id is not None:
        supplier = Supplier.objects.visible_to(request.user).filter(pk=supplier_id).first()
        if supplier is None:
            raise ValidationError({"supplier_id": f"No supplier with id {supplier_id}."})
        data["supplier"] = supplier
    try:
        return Status(201, services.add_candidate(_user(request), project, data))
    except ValidationError as exc:
        raise _renamed(exc, {"supplier": "supplier_id"}) from None


def _renamed(exc: ValidationError, names: dict[str, str]) -> ValidationError:
    if not hasattr(exc, "error_dict"):
        return exc
    return ValidationError({names.get(k, k): v for k, v in exc.error_dict.items()})


@router.get(CANDIDATE, response=CandidateDetailOut, summary="Get a candidate with its ranking")
def get_candidate(request: HttpRequest, candidate_id: int) -> dict[str, Any]:
    candidate = _candidate(request, candidate_id)
    return _candidate_out(candidate)


def _candidate_out(candidate: Candidate) -> dict[str, Any]:
    row = services.candidate_rank(candidate)
    return {
        "id": candidate.pk, "project_id": candidate.project_id,
        "supplier_id": candidate.supplier_id, "supplier": candidate.supplier.name,
        "source": candidate.source, "stage": candidate.stage, "note": candidate.note,
        "version": candidate.version, "created_at": candidate.created_at,
        "ranking": _row_out(row),
    }  # fmt: skip


@router.patch(CANDIDATE, response=CandidateDetailOut, summary="Move or annotate a candidate")
def update_candidate(
    request: HttpRequest, candidate_id: int, payload: CandidateChange
) -> dict[str, Any]:
    """Change `stage` and/or `note`. Moving to the short list while an evaluator marked a
    must-have not met is a 400 on `stage` with the reason."""
    candidate = _candidate(request, candidate_id)
    require(request.user, "sourcing.edit", candidate.project)
    data = payload.model_dump(exclude_unset=True)
    version = data.pop("version", None)
    services.update_candidate(_user(request), candidate, data, version)
    return _candidate_out(candidate)


@router.get(f"{CANDIDATE}/calls", response=list[CallOut], summary="List calls of a candidate")
def list_calls(request: HttpRequest, candidate_id: int) -> list[CandidateCall]:
    return services.calls_of(_candidate(request, candidate_id))


@router.post(f"{CANDIDATE}/calls", response={201: CallOut}, summary="Record a call")
def add_call(request: HttpRequest, candidate_id: int, payload: CallIn) -> Status[CandidateCall]:
    """A discovery call or a reference call, with notes."""
    candidate = _candidate(request, candidate_id)
    require(request.user, "sourcing.edit", candidate.project)
    return Status(201, services.record_call(_user(request), candidate, payload.model_dump()))


@router.get(f"{CANDIDATE}/validations", response=list[ValidationOut], summary="List validations")
def list_validations(request: HttpRequest, candidate_id: int) -> list[Validation]:
    return services.validations_of(_candidate(request, candidate_id))


@router.post(
    f"{CANDIDATE}/validations", response={201: ValidationOut}, summary="Record a validation"
)
def add_validation(
    request: HttpRequest, candidate_id: int, payload: ValidationIn
) -> Status[Validation]:
    """A site visit, sample project or third-party audit, with its result."""
    candidate = _candidate(request, candidate_id)
    require(request.user, "sourcing.edit", candidate.project)
    data = payload.model_dump()
    return Status(201, services.record_validation(_user(request), candidate, data))


@router.put(f"{CANDIDATE}/evaluation", response=EvaluationOut, summary="Save your evaluation")
def put_evaluation(request: HttpRequest, candidate_id: int, payload: EvaluationIn) -> Evaluation:
    """Your own scorecard of the candidate (created or replaced). A weighted criterion takes
    `score` 0..5, a must-have `met`; a mismatch is a 400 on `criterion_<id>`."""
    candidate = _candidate(request, candidate_id)
    require(request.user, "sourcing.edit", candidate.project)
    scores: dict[int, int | None] = {s.criterion_id: s.score for s in payload.scores}
    met: dict[int, bool | None] = {s.criterion_id: s.met for s in payload.scores}
    evaluation = services.submit_evaluation(
        _user(request), candidate, scores, met, payload.comment, payload.version
    )
    found: Evaluation = Evaluation.objects.prefetch_related("scores").get(pk=evaluation.pk)
    return found


@router.get(f"{PROJECT}/ranking", response=list[RankingRowOut], summary="Rank the candidates")
def get_ranking(request: HttpRequest, project_id: int) -> list[dict[str, Any]]:
    """Rank order with every evaluator's total, the median, the spread, the must-have
    filter and which rule separated each candidate from the one above."""
    return [_row_out(row) for row in services.ranking(_project(request, project_id))]


# --- pilots and ramp-up ---------------------------------------------------------------------


def _supplier(request: HttpRequest, supplier_id: int) -> Supplier:
    require(request.user, "playbook.view")
    found: Supplier = get_object_or_404(Supplier.objects.visible_to(request.user), pk=supplier_id)
    return found


def _pilot_data(supplier: Supplier, data: dict[str, Any]) -> dict[str, Any]:
    if "candidate_id" in data:
        candidate_id = data.pop("candidate_id")
        data["candidate"] = None
        if candidate_id is not None:
            data["candidate"] = Candidate.objects.filter(pk=candidate_id, supplier=supplier).first()
            if data["candidate"] is None:
                raise ValidationError(
                    {"candidate_id": f"{supplier.name} has no candidacy with id {candidate_id}."}
                )
    return data


@router.get(f"{SUPPLIER}/pilots", response=list[PilotOut], summary="List a supplier's pilots")
def list_pilots(request: HttpRequest, supplier_id: int) -> list[Pilot]:
    return services.pilots_of(_supplier(request, supplier_id))


@router.post(f"{SUPPLIER}/pilots", response={201: PilotOut}, summary="Record a pilot")
def add_pilot(request: HttpRequest, supplier_id: int, payload: PilotIn) -> Status[Pilot]:
    """A passed or failed outcome needs `evidence` (400 otherwise)."""
    supplier = _supplier(request, supplier_id)
    require(request.user, "playbook.edit", supplier)
    data = _pilot_data(supplier, payload.model_dump())
    return Status(201, services.record_pilot(_user(request), supplier, data))


def _pilot(request: HttpRequest, pilot_id: int) -> Pilot:
    require(request.user, "playbook.view")
    pilot = services.pilot_by_id(pilot_id)
    if (
        pilot is None
        or not Supplier.objects.visible_to(request.user).filter(pk=pilot.supplier_id).exists()
    ):
        raise Http404
    return pilot


@router.get(PILOT, response=PilotOut, summary="Get a pilot")
def get_pilot(request: HttpRequest, pilot_id: int) -> Pilot:
    return _pilot(request, pilot_id)


@router.patch(PILOT, response=PilotOut, summary="Change a pilot or record its outcome")
def update_pilot(request: HttpRequest, pilot_id: int, payload: PilotChange) -> Pilot:
    """With `version`, an edit based on an older version is a 409."""
    pilot = _pilot(request, pilot_id)
    require(request.user, "playbook.edit", pilot.supplier)
    data = payload.model_dump(exclude_unset=True)
    version = data.pop("version", None)
    return services.update_pilot(_user(request), pilot, data, version)


@router.get(f"{SUPPLIER}/ramp-stages", response=list[RampStageOut], summary="List ramp-up stages")
def list_ramp_stages(request: HttpRequest, supplier_id: int) -> list[dict[str, Any]]:
    """Newest first; the first one is the current stage."""
    stages = services.ramp_stages_of(_supplier(request, supplier_id))
    return [
        {"id": s.pk, "supplier_id": s.supplier_id, "stage": s.stage,
         "volume_allowed": s.volume_allowed, "volume_unit": s.volume_unit,
         "starts_on": s.starts_on, "note": s.note, "current": i == 0}
        for i, s in enumerate(stages)
    ]  # fmt: skip


@router.post(
    f"{SUPPLIER}/ramp-stages", response={201: RampStageOut}, summary="Record a ramp-up stage"
)
def add_ramp_stage(
    request: HttpRequest, supplier_id: int, payload: RampStageIn
) -> Status[RampStage]:
    """Limited or full volume without a passed pilot is a 400 on `stage`."""
    supplier = _supplier(request, supplier_id)
    require(request.user, "playbook.edit", supplier)
    return Status(201, services.record_ramp_stage(_user(request), supplier, payload.model_dump()))


# --- registrations of prospect suppliers ----------------------------------------------------


@router.get(
    "/registrations",
    response=list[RegistrationOut],
    summary="List supplier registrations",
    tags=["supplier registrations"],
)
@paginate(Pagination)
def list_registrations(request: HttpRequest) -> QuerySet[Registration]:
    """Companies that registered on the public page, those waiting for review first.
    Managers and administrators."""
    require(request.user, "portal.review_registrations")
    return registrations.registrations_for_review()


@router.post(
    "/registrations/{registration_id}/approve",
    response=RegistrationOut,
    summary="Approve a supplier registration",
    tags=["supplier registrations"],
)
def approve_registration(
    request: HttpRequest, registration_id: int, payload: ApproveIn
) -> Registration:
    """Creates a new supplier in status prospect, its contact, the portal user and the
    candidacy (source: inbound) on `project`, in one transaction, and e-mails the registrant
    that they can sign in. `project` is required while any sourcing project is open. A
    registration already decided is refused (400)."""
    require(request.user, "portal.review_registrations")
    registration = get_object_or_404(Registration, pk=registration_id)
    project = registrations.project_for_approval(payload.project)
    base_url = request.build_absolute_uri("/")
    registrations.approve(_user(request), registration, project, base_url=base_url)
    return registrations.registrations_for_review().get(pk=registration.pk)


@router.post(
    "/registrations/{registration_id}/decline",
    response=RegistrationOut,
    summary="Decline a supplier registration",
    tags=["supplier registrations"],
)
def decline_registration(
    request: HttpRequest, registration_id: int, payload: DeclineIn
) -> Registration:
    """Nothing is created; the note is e-mailed to the registrant. A registration already
    decided is refused (400)."""
    require(request.user, "portal.review_registrations")
    registration = get_object_or_404(Registration, pk=registration_id)
    registrations.decline(_user(request), registration, payload.note)
    return registrations.registrations_for_review().get(pk=registration.pk)
