"""REST endpoints of the cadence: a supplier's meetings and the proposal, overdue meetings,
health checks, and the personal calendar feed (the one endpoint authenticated by the secret
token in its URL, so that calendar programs can fetch it).

Thin: parse input, load the record through `visible_to(user)`, call a service, return.
"""

# No `from __future__ import annotations` here: ninja's @paginate reads the `Query[...]`
# annotations at import time.
import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Path, Query, Router, Status
from ninja.pagination import paginate

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import require
from partnerbook.suppliers.api import Pagination
from partnerbook.suppliers.models import Supplier

from . import domain, services
from .models import CadenceItem, HealthCheck, HealthCheckAnswers
from .schemas import (
    CadenceIn,
    CadenceOut,
    HealthCheckIn,
    HealthCheckOut,
    OverdueFilters,
    OverdueOut,
    ProposalOut,
)

router = Router(tags=["cadence"])
SUPPLIER = "/suppliers/{supplier_id}"


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


def _supplier(request: HttpRequest, supplier_id: int, action: str = "cadence.view") -> Supplier:
    require(request.user, action)
    return get_object_or_404(Supplier.objects.visible_to(request.user), pk=supplier_id)


def _item_out(item: CadenceItem, status: domain.DueStatus) -> dict[str, Any]:
    return {
        "id": item.pk, "supplier_id": item.supplier_id, "kind": item.kind, "label": item.label,
        "interval_days": item.interval_days, "channels": list(item.channels),
        "our_level": item.our_level, "their_level": item.their_level,
        "attendees": item.attendees, "contacts": sorted(c.pk for c in item.contacts.all()),
        "owner": item.owner_id, "owner_name": item.owner.display_name,
        "planned_start": item.planned_start, "planned_end": item.planned_end,
        "location": item.location, "reason": item.reason, "version": item.version,
        "last_held": status.last_held, "next_due": status.next_due,
        "days_overdue": status.days_overdue, "overdue": status.overdue,
    }  # fmt: skip


def _cadence(supplier: Supplier) -> dict[str, Any]:
    rows = services.cadence_of(supplier)
    return {"supplier_id": supplier.pk, "items": [_item_out(r.item, r.status) for r in rows]}


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value)
    return value


@router.get(f"{SUPPLIER}/cadence", response=CadenceOut, summary="Get a supplier's cadence")
def get_cadence(request: HttpRequest, supplier_id: int) -> dict[str, Any]:
    """The meetings with when each was last held, is next due, and how late it is."""
    return _cadence(_supplier(request, supplier_id))


@router.put(f"{SUPPLIER}/cadence", response=CadenceOut, summary="Replace a supplier's cadence")
def put_cadence(request: HttpRequest, supplier_id: int, payload: CadenceIn) -> dict[str, Any]:
    """Meetings with an `id` are changed, those without are added, the others removed.
    Editors, or the buyer who owns the supplier."""
    supplier = _supplier(request, supplier_id)
    require(request.user, "cadence.edit", supplier)
    owner_ids = {i.owner for i in payload.items}
    owners = {u.pk: u for u in User.objects.filter(pk__in=owner_ids)}
    items = []
    for index, entry in enumerate(payload.items):
        data = entry.model_dump()
        try:
            owner = owners.get(data["owner"])
            if owner is None:
                raise ValidationError({"owner": f"No active colleague with id {data['owner']}."})
            data["owner"] = owner
            data["contacts"] = services.contacts_by_id(supplier, data["contacts"])
        except ValidationError as exc:
            raise ValidationError(
                {f"items.{index}.{k}": v for k, v in exc.message_dict.items()}
            ) from exc
        data["planned_start"] = _aware(data["planned_start"])
        data["planned_end"] = _aware(data["planned_end"])
        if data["interval_days"] is None:
            data.pop("interval_days")  # kept as it is, or the kind's usual one when added
        items.append(data)
    services.replace_items(_user(request), supplier, items)
    return _cadence(supplier)


@router.get(f"{SUPPLIER}/cadence/proposal", response=ProposalOut, summary="Propose a cadence")
def get_proposal(request: HttpRequest, supplier_id: int) -> dict[str, Any]:
    """The meetings the engagement model, quadrant and stability suggest, with the reasons."""
    supplier = _supplier(request, supplier_id)
    inputs = services.proposal_inputs(supplier)
    proposal = domain.propose(inputs)
    return {
        "supplier_id": supplier.pk,
        "model": inputs.model,
        "model_source": inputs.model_source,
        "quadrant": inputs.quadrant,
        "months_active": inputs.months_active,
        "maturity_stage": inputs.maturity_stage,
        "complexity": inputs.complexity,
        "volatile": proposal.volatile,
        "partnership": proposal.partnership,
        "reasons": list(proposal.reasons),
        "items": [
            {
                "kind": p.kind,
                "label": p.label,
                "interval_days": p.interval_days,
                "channels": list(p.channels),
                "our_level": p.our_level,
                "their_level": p.their_level,
                "reason": p.reason,
            }  # fmt: skip
            for p in proposal.items
        ],
    }


@router.get("/cadence/overdue", response=list[OverdueOut], summary="List overdue meetings")
@paginate(Pagination)
def list_overdue(request: HttpRequest, filters: Query[OverdueFilters]) -> list[dict[str, Any]]:
    """Overdue meetings of the suppliers you may see, most overdue first: yours by default,
    another owner's with `owner`, everyone's with `all_owners=true`."""
    user = _user(request)
    owner_id = None if filters.all_owners else (filters.owner or user.pk)
    rows = services.overdue_items(user, owner_id)
    out = []
    for row in rows:
        data = _item_out(row.item, row.status)
        data["supplier_name"] = row.item.supplier.name
        data["explanation"] = row.status.explanation
        out.append(data)
    return out


# --- health checks ------------------------------------------------------------------------


def _answers_out(answers: HealthCheckAnswers | None) -> dict[str, Any] | None:
    if answers is None:
        return None
    return {
        "side": answers.side,
        "answered_by": answers.answered_by.display_name if answers.answered_by else None,
        "answered_at": answers.answered_at,
        "scores": {k: v for k, v in answers.scores().items() if v is not None},
        "comments": answers.comments(),
    }


def _check_out(view: services.CheckView) -> dict[str, Any]:
    check = view.check
    return {
        "id": check.pk,
        "supplier_id": check.supplier_id,
        "held_on": check.held_on,
        "notes": check.notes,
        "ours": _answers_out(view.ours),
        "theirs": _answers_out(view.theirs),
        "comparison": [
            {
                "question": r.question,
                "label": r.label,
                "ours": r.ours,
                "theirs": r.theirs,
                "gap": r.gap,
                "flagged": r.flagged,
            }  # fmt: skip
            for r in view.comparison.rows
        ],
        "flagged": list(view.comparison.flagged),
    }


@router.get(
    f"{SUPPLIER}/health-checks", response=list[HealthCheckOut], summary="List health checks"
)
def list_health_checks(request: HttpRequest, supplier_id: int) -> list[dict[str, Any]]:
    """Every health check of the supplier, newest first, both sides side by side."""
    supplier = _supplier(request, supplier_id, "healthcheck.view")
    return [_check_out(v) for v in services.health_checks_of(supplier)]


@router.post(
    f"{SUPPLIER}/health-checks", response={201: HealthCheckOut}, summary="Hold a health check"
)
def create_health_check(
    request: HttpRequest, supplier_id: int, payload: HealthCheckIn
) -> Status[dict[str, Any]]:
    """Our side's answers. Editors, or the buyer who owns the supplier."""
    supplier = _supplier(request, supplier_id, "healthcheck.view")
    data = payload.model_dump()
    held_on, notes = data.pop("held_on"), data.pop("notes")
    check = services.record_health_check(_user(request), supplier, held_on, data, notes)
    check = HealthCheck.objects.prefetch_related("answers__answered_by").get(pk=check.pk)
    return Status(201, _check_out(services.view_of(check)))


@router.get("/health-checks/{check_id}", response=HealthCheckOut, summary="Get a health check")
def get_health_check(request: HttpRequest, check_id: int) -> dict[str, Any]:
    require(request.user, "healthcheck.view")
    visible = Supplier.objects.visible_to(request.user).values("pk")
    check = get_object_or_404(
        HealthCheck.objects.filter(supplier__in=visible).prefetch_related("answers__answered_by"),
        pk=check_id,
    )
    return _check_out(services.view_of(check))


# --- the calendar feed --------------------------------------------------------------------


@router.get(
    "/calendar-feeds/{token}",
    auth=None,
    url_name="cadence_feed",
    summary="A personal calendar feed (ICS)",
    openapi_extra={
        "responses": {
            "200": {
                "description": "An iCalendar file with the owner's upcoming supplier meetings.",
                "content": {"text/calendar": {"schema": {"type": "string"}}},
            }
        }
    },
)
def calendar_feed(
    request: HttpRequest,
    token: str = Path(  # noqa: B008
        ...,
        min_length=20,
        max_length=120,
        pattern=r"^pbcal_[A-Za-z0-9_-]+$",
        description="The secret token of the feed link",
    ),  # fmt: skip
) -> HttpResponse:
    """The meetings of the next 90 days that the token's user owns, at suppliers they may
    see. No other authentication: the secret token in the URL is the key. A replaced
    token, or one of a user who was deactivated, gives 404."""
    content = services.feed_calendar(token, base_url=request.build_absolute_uri("/")[:-1])
    if content is None:
        raise Http404("No such calendar feed.")
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response
