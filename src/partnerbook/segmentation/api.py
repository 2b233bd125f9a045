"""REST endpoints of segmentation: factors, scores and quadrant with their explanation,
overrides, engagement model, expectations, maturity moves, alignment assessments, settings.

Thin: parse input, load the supplier through `visible_to(user)`, call a service, return.
Internal users only (portal users get 403); the services check who may write.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status
from ninja.pagination import paginate

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import require
from partnerbook.suppliers.api import Pagination
from partnerbook.suppliers.models import Supplier

from . import services
from .models import AlignmentAssessment, MaturityMove, ScoringSettings
from .schemas import (
    AlignmentAssessmentOut,
    AlignmentIn,
    EngagementIn,
    ExpectationsIn,
    FactorsIn,
    MaturityMoveIn,
    MaturityMoveOut,
    OverrideIn,
    ScoringSettingsIn,
    ScoringSettingsOut,
    SegmentationOut,
)

router = Router(tags=["segmentation"])
SEGMENTATION = "/suppliers/{supplier_id}/segmentation"


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


def _supplier(request: HttpRequest, supplier_id: int) -> Supplier:
    """The supplier, for internal users who may see it (404 otherwise)."""
    require(request.user, "segmentation.view")
    return get_object_or_404(Supplier.objects.visible_to(request.user), pk=supplier_id)


# --- the segmentation of one supplier -----------------------------------------------------


@router.get(SEGMENTATION, response=SegmentationOut, summary="Get a supplier's segmentation")
def get_segmentation(request: HttpRequest, supplier_id: int) -> services.Segmentation:
    """Scores, quadrant, engagement fit, expectations and maturity, each with its explanation."""
    return services.segmentation_of(_supplier(request, supplier_id))


@router.put(f"{SEGMENTATION}/factors", response=SegmentationOut, summary="Record factors")
def update_factors(
    request: HttpRequest, supplier_id: int, payload: FactorsIn
) -> services.Segmentation:
    """Only the factors sent change; null clears a factor back to missing."""
    supplier = _supplier(request, supplier_id)
    data = payload.model_dump(exclude_unset=True)
    services.update_factors(_user(request), supplier, data, data.pop("version", None))
    return services.segmentation_of(supplier)


@router.post(f"{SEGMENTATION}/override", response=SegmentationOut, summary="Override quadrant")
def override_quadrant(
    request: HttpRequest, supplier_id: int, payload: OverrideIn
) -> services.Segmentation:
    """Managers replace the computed quadrant with their judgement; the reason is required."""
    supplier = _supplier(request, supplier_id)
    services.override_quadrant(_user(request), supplier, payload.quadrant, payload.reason)
    return services.segmentation_of(supplier)


@router.delete(f"{SEGMENTATION}/override", response=SegmentationOut, summary="Remove override")
def clear_override(request: HttpRequest, supplier_id: int) -> services.Segmentation:
    supplier = _supplier(request, supplier_id)
    services.clear_override(_user(request), supplier)
    return services.segmentation_of(supplier)


@router.put(f"{SEGMENTATION}/engagement", response=SegmentationOut, summary="Choose a model")
def choose_engagement_model(
    request: HttpRequest, supplier_id: int, payload: EngagementIn
) -> services.Segmentation:
    """`model` "" or null: not decided yet."""
    supplier = _supplier(request, supplier_id)
    services.choose_engagement_model(
        _user(request), supplier, payload.model or "", payload.reason, payload.version
    )
    return services.segmentation_of(supplier)


@router.put(f"{SEGMENTATION}/expectations", response=SegmentationOut, summary="Expectations")
def set_expectations(
    request: HttpRequest, supplier_id: int, payload: ExpectationsIn
) -> services.Segmentation:
    """What each side expects the relationship to be; only the fields sent change."""
    supplier = _supplier(request, supplier_id)
    data = payload.model_dump(exclude_unset=True)
    expected = data.pop("version", None)
    services.set_expectations(_user(request), supplier, data, expected_version=expected)
    return services.segmentation_of(supplier)


# --- maturity moves and alignment assessments ---------------------------------------------


@router.get(
    "/suppliers/{supplier_id}/maturity-moves",
    response=list[MaturityMoveOut],
    summary="List maturity moves",
)
@paginate(Pagination)
def list_maturity_moves(request: HttpRequest, supplier_id: int) -> list[MaturityMove]:
    """The maturity timeline, oldest move first."""
    return services.maturity_timeline(_supplier(request, supplier_id))


@router.post(
    "/suppliers/{supplier_id}/maturity-moves",
    response={201: MaturityMoveOut},
    summary="Record a maturity move",
)
def record_maturity_move(
    request: HttpRequest, supplier_id: int, payload: MaturityMoveIn
) -> Status[MaturityMove]:
    supplier = _supplier(request, supplier_id)
    move = services.record_maturity_move(
        _user(request), supplier, payload.to_stage, payload.evidence, payload.moved_on
    )
    return Status(201, move)


@router.get(
    "/suppliers/{supplier_id}/alignment-assessments",
    response=list[AlignmentAssessmentOut],
    summary="List alignment assessments",
)
@paginate(Pagination)
def list_alignment_assessments(request: HttpRequest, supplier_id: int) -> list[AlignmentAssessment]:
    """Assessments newest first, each with its analysis."""
    history = services.alignment_history(_supplier(request, supplier_id))
    return [assessment for assessment, _reading in history]


@router.post(
    "/suppliers/{supplier_id}/alignment-assessments",
    response={201: AlignmentAssessmentOut},
    summary="Record an alignment assessment",
)
def record_alignment(
    request: HttpRequest, supplier_id: int, payload: AlignmentIn
) -> Status[AlignmentAssessment]:
    supplier = _supplier(request, supplier_id)
    return Status(201, services.record_alignment(_user(request), supplier, payload.model_dump()))


# --- settings -----------------------------------------------------------------------------


@router.get("/segmentation/settings", response=ScoringSettingsOut, summary="Get scoring settings")
def get_settings(request: HttpRequest) -> ScoringSettings:
    require(request.user, "segmentation.view")
    return services.get_settings()


@router.put(
    "/segmentation/settings", response=ScoringSettingsOut, summary="Change scoring settings"
)
def update_settings(request: HttpRequest, payload: ScoringSettingsIn) -> ScoringSettings:
    """Administrators only. Only the fields sent change; `exchange_rates` replaces all rates."""
    data = payload.model_dump(exclude_unset=True)
    return services.update_settings(_user(request), data, data.pop("version", None))
