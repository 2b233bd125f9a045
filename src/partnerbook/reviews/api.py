"""REST endpoints of quarterly business reviews (mounted under /api/v1). Internal users
only: portal users get 403, and another supplier's review is a 404 to those who may not
see it. Thin: load through `visible_to`, call a service, return."""

# No `from __future__ import annotations`: ninja's @paginate reads `Query[...]` at import.
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.pagination import paginate

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import require
from partnerbook.actions import services as actions
from partnerbook.core.concurrency import StaleEdit
from partnerbook.core.spreadsheets import attachment
from partnerbook.suppliers.api import Pagination
from partnerbook.suppliers.models import Contact, Supplier

from . import services
from .models import BusinessReview
from .schemas import (
    ExportFilters,
    ReviewFilters,
    ReviewIn,
    ReviewOut,
    ReviewPatch,
    ReviewSummaryOut,
)

router = Router(tags=["reviews"])
SUPPLIER = "/suppliers/{supplier_id}"
REVIEW = "/reviews/{review_id}"
FILE_RESPONSE = {
    "200": {
        "description": "The reviews, one row each, as CSV or XLSX.",
        "content": {
            "text/csv": {"schema": {"type": "string"}},
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                "schema": {"type": "string", "format": "binary"}
            },
        },
    }
}


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


def _supplier(request: HttpRequest, supplier_id: int) -> Supplier:
    require(request.user, "review.view")
    return get_object_or_404(Supplier.objects.visible_to(request.user), pk=supplier_id)


def _detailed(review: BusinessReview) -> BusinessReview:
    """The review with its action items and people attached, as `ReviewOut` reads them."""
    items = services.actions_of([review.pk]).get(review.pk, services.ReviewActions())
    review.actions = items.actions  # type: ignore[attr-defined]
    review.mitigation = items.mitigation  # type: ignore[attr-defined]
    review.contact_ids = [c.pk for c in services.people_of(review)]  # type: ignore[attr-defined]
    return review


def _contacts(supplier: Supplier, ids: list[int]) -> list[Contact]:
    found = {c.pk: c for c in Contact.objects.filter(pk__in=ids, supplier=supplier)}
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise ValidationError(
            {"contact_ids": f"Not among this supplier's contacts: {', '.join(map(str, missing))}."}
        )
    return [found[pk] for pk in dict.fromkeys(ids)]


def _items(supplier: Supplier, kind: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    resolved = []
    for index, row in enumerate(rows):
        try:
            resolved.append(actions.resolve_people(supplier, row))
        except ValidationError as exc:
            raise ValidationError(
                {f"{kind}.{index}.{name}": messages for name, messages in exc.message_dict.items()}
            ) from exc
    return resolved


def _api_names(exc: ValidationError) -> ValidationError:
    """The service names an action's owners by record ("actions.0.owner_contact"); the API
    by id ("actions.0.owner_contact_id")."""
    if not hasattr(exc, "error_dict"):
        return exc
    renamed = {}
    for key, errors in exc.error_dict.items():  # the errors keep their codes (409 on unique)
        if key.endswith((".owner", ".owner_contact")):
            key += "_id"
        renamed[key] = errors
    return ValidationError(renamed)


def _service_data(supplier: Supplier, data: dict[str, Any]) -> dict[str, Any]:
    if "contact_ids" in data:
        data["contacts"] = _contacts(supplier, data.pop("contact_ids"))
    for kind in ("actions", "mitigation"):
        if kind in data:
            data[kind] = _items(supplier, kind, data[kind])
    return data


@router.get(
    f"{SUPPLIER}/reviews", response=list[ReviewSummaryOut], summary="List a supplier's reviews"
)
@paginate(Pagination)
def list_reviews(request: HttpRequest, supplier_id: int, filters: Query[ReviewFilters]) -> Any:
    """Newest quarter first, with the overall score and standing kept with each review and
    whether the quadrant changed or risk rose."""
    supplier = _supplier(request, supplier_id)
    return services.reviews_of(supplier, include_archived=filters.archived)


@router.post(f"{SUPPLIER}/reviews", response={201: ReviewOut}, summary="Record a review")
def create_review(
    request: HttpRequest, supplier_id: int, payload: ReviewIn
) -> Status[BusinessReview]:
    """Freezes the quarter's scorecard, re-checks the value-risk quadrant, logs a
    business-review interaction and raises the actions. Editors, or the buyer who owns the
    supplier. A quarter reviewed already is a 409; a future quarter, a held day outside the
    quarter-to-today range, an action due before the review, an owner who is not one of
    this supplier's people, or no mitigation action when risk rose is a 400 naming the
    field."""
    supplier = _supplier(request, supplier_id)
    require(request.user, "review.edit", supplier)
    data = _service_data(supplier, payload.model_dump())
    try:
        review = services.record_review(_user(request), supplier, data)
    except StaleEdit:
        raise
    except ValidationError as exc:
        raise _api_names(exc) from exc
    return Status(201, _detailed(_get(request, review.pk)))


@router.get(REVIEW, response=ReviewOut, summary="Get a review")
def get_review(request: HttpRequest, review_id: int) -> BusinessReview:
    """The review with its frozen scorecard, the quadrant re-check and its actions."""
    return _detailed(_get(request, review_id))


@router.patch(REVIEW, response=ReviewOut, summary="Change a review")
def update_review(request: HttpRequest, review_id: int, payload: ReviewPatch) -> BusinessReview:
    """Only the fields sent change; `actions` and `mitigation` add items. A stale `version`
    is a 409."""
    review = _get(request, review_id)
    require(request.user, "review.edit", review.supplier)
    data = _service_data(review.supplier, payload.model_dump(exclude_unset=True))
    expected = data.pop("version", None)
    try:
        services.update_review(_user(request), review, data, expected)
    except StaleEdit:
        raise
    except ValidationError as exc:
        raise _api_names(exc) from exc
    return _detailed(_get(request, review_id))


@router.post(f"{REVIEW}/archive", response=ReviewOut, summary="Archive a review")
def archive_review(request: HttpRequest, review_id: int) -> BusinessReview:
    """Kept, but no longer the quarter's review; its interaction stops counting as held."""
    review = _get(request, review_id)
    require(request.user, "review.edit", review.supplier)
    services.set_review_archived(_user(request), review, True)
    return _detailed(_get(request, review_id))


@router.post(f"{REVIEW}/restore", response=ReviewOut, summary="Restore a review")
def restore_review(request: HttpRequest, review_id: int) -> BusinessReview:
    """A 409 when the quarter has another review meanwhile."""
    review = _get(request, review_id)
    require(request.user, "review.edit", review.supplier)
    services.set_review_archived(_user(request), review, False)
    return _detailed(_get(request, review_id))


@router.get(
    f"{SUPPLIER}/reviews/export",
    summary="Export a supplier's reviews",
    openapi_extra={"responses": FILE_RESPONSE},
)
def export_reviews(
    request: HttpRequest, supplier_id: int, filters: Query[ExportFilters]
) -> HttpResponse:
    """One row per review (newest first) as CSV or XLSX: the score and lights kept with it,
    the quadrant re-check, decisions, successes, comments and its actions."""
    supplier = _supplier(request, supplier_id)
    result = services.export_reviews(
        services.reviews_of(supplier, include_archived=filters.archived), filters.format
    )
    return attachment(result, f"reviews-{supplier.pk}.{filters.format}")


def _get(request: HttpRequest, review_id: int) -> BusinessReview:
    require(request.user, "review.view")
    return get_object_or_404(
        BusinessReview.objects.visible_to(request.user).select_related(
            "supplier", "created_by", "interaction"
        ),
        pk=review_id,
    )
