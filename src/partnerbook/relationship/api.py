"""REST endpoints of relationship signals: interactions, the trust ledger, health, response
times and reciprocity, the portfolio health list, settings and the recompute.

Thin: parse input, load the record through `visible_to(user)`, call a service, return.
Internal users only (portal users get 403: the notes and signals are the buying side's own
view of the relationship); the services check who may write.
"""

# No `from __future__ import annotations` here: ninja's @paginate reads the `Query[...]`
# annotations at import time.
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.pagination import paginate

from partnerbook.accounts.models import INTERNAL_ROLES, User
from partnerbook.accounts.policy import require
from partnerbook.suppliers.api import Pagination
from partnerbook.suppliers.models import Contact, Supplier

from . import services
from .models import HealthSnapshot, Interaction, RelationshipSettings, TrustEntry
from .schemas import (
    HealthFilters,
    HealthOut,
    HealthRowOut,
    InteractionFilters,
    InteractionIn,
    InteractionOut,
    InteractionPatch,
    LedgerOut,
    RecomputeIn,
    RecomputeOut,
    SignalSettingsIn,
    SignalSettingsOut,
    SignalsOut,
    TrustEntryIn,
    TrustEntryOut,
)

router = Router(tags=["relationship"])
SUPPLIER = "/suppliers/{supplier_id}"
INTERACTION = "/interactions/{interaction_id}"
HEALTH_SORTS: dict[str, tuple[Any, ...]] = {
    "score": ("score", "supplier__name", "pk"),
    "-score": ("-score", "supplier__name", "pk"),
    "change": (F("change").asc(nulls_last=True), "supplier__name", "pk"),
    "-change": (F("change").desc(nulls_last=True), "supplier__name", "pk"),
    "name": ("supplier__name", "pk"),
}
# These decide which side gave each signal tag: changing one sets the current tags again.
SIDE_FIELDS = ("initiated_by", "request_side")


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


def _supplier(request: HttpRequest, supplier_id: int) -> Supplier:
    """The supplier, for internal users who may see it (404 otherwise)."""
    require(request.user, "relationship.view")
    return get_object_or_404(Supplier.objects.visible_to(request.user), pk=supplier_id)


def _interaction(request: HttpRequest, interaction_id: int) -> Interaction:
    require(request.user, "relationship.view")
    interactions = Interaction.objects.visible_to(request.user).for_list()
    interaction: Interaction = get_object_or_404(interactions, pk=interaction_id)
    interaction.supplier = get_object_or_404(
        Supplier.objects.visible_to(request.user), pk=interaction.supplier_id
    )
    return interaction


def _reloaded(interaction: Interaction) -> Interaction:
    """The interaction with its tags and people freshly fetched, for the response."""
    found: Interaction = Interaction.objects.for_list().get(pk=interaction.pk)
    return found


def _linked(supplier: Supplier, data: dict[str, Any]) -> dict[str, Any]:
    """Replace contact and participant ids by their records; an unknown id is a 400 on
    the field that holds it."""
    if data.get("contacts"):
        ids = data["contacts"]
        found = list(Contact.objects.filter(supplier=supplier, pk__in=ids))
        _check_all_found("contacts", ids, found, "of this supplier's contacts")
        data["contacts"] = found
    if data.get("participants"):
        ids = data["participants"]
        users = User.objects.filter(pk__in=ids, role__in=INTERNAL_ROLES, is_active=True)
        found = list(users)
        _check_all_found("participants", ids, found, "active colleagues")
        data["participants"] = found
    return data


def _check_all_found(field: str, ids: list[int], found: list[Any], among: str) -> None:
    missing = sorted(set(ids) - {record.pk for record in found})
    if missing:
        listed = ", ".join(str(pk) for pk in missing[:10])
        raise ValidationError({field: f"Not among the {among}: {listed}."})


# --- interactions -------------------------------------------------------------------------


@router.get(f"{SUPPLIER}/interactions", response=list[InteractionOut], summary="List interactions")
@paginate(Pagination)
def list_interactions(
    request: HttpRequest, supplier_id: int, filters: Query[InteractionFilters]
) -> QuerySet[Interaction]:
    """A supplier's interactions, newest first; archived ones only with `archived=true`."""
    supplier = _supplier(request, supplier_id)
    return filters.apply(Interaction.objects.filter(supplier=supplier).for_list())


@router.post(
    f"{SUPPLIER}/interactions", response={201: InteractionOut}, summary="Log an interaction"
)
def record_interaction(
    request: HttpRequest, supplier_id: int, payload: InteractionIn
) -> Status[Interaction]:
    """Editors, or the buyer who owns the supplier. Health is recomputed right after."""
    supplier = _supplier(request, supplier_id)
    data = _linked(supplier, payload.model_dump())
    interaction = services.record_interaction(_user(request), supplier, data)
    services.refresh(supplier)
    return Status(201, _reloaded(interaction))


@router.get(INTERACTION, response=InteractionOut, summary="Get an interaction")
def get_interaction(request: HttpRequest, interaction_id: int) -> Interaction:
    return _interaction(request, interaction_id)


@router.patch(INTERACTION, response=InteractionOut, summary="Change an interaction")
def update_interaction(
    request: HttpRequest, interaction_id: int, payload: InteractionPatch
) -> Interaction:
    """Only the fields sent change; `tags`, `contacts` and `participants` replace the lists."""
    interaction = _interaction(request, interaction_id)
    data = _linked(interaction.supplier, payload.model_dump(exclude_unset=True))
    expected = data.pop("version", None)
    if "tags" not in data and any(key in data for key in SIDE_FIELDS):
        data["tags"] = [signal.tag for signal in interaction.signals.all()]
    services.update_interaction(_user(request), interaction, data, expected)
    services.refresh(interaction.supplier)
    return _reloaded(interaction)


@router.post(f"{INTERACTION}/archive", response=InteractionOut, summary="Archive")
def archive_interaction(request: HttpRequest, interaction_id: int) -> Interaction:
    """It stays in the history but counts nowhere."""
    interaction = _interaction(request, interaction_id)
    services.set_interaction_archived(_user(request), interaction, True)
    services.refresh(interaction.supplier)
    return _reloaded(interaction)


@router.post(f"{INTERACTION}/restore", response=InteractionOut, summary="Restore")
def restore_interaction(request: HttpRequest, interaction_id: int) -> Interaction:
    interaction = _interaction(request, interaction_id)
    services.set_interaction_archived(_user(request), interaction, False)
    services.refresh(interaction.supplier)
    return _reloaded(interaction)


# --- trust ledger -------------------------------------------------------------------------


@router.get(f"{SUPPLIER}/trust-ledger", response=LedgerOut, summary="Get the trust ledger")
def get_trust_ledger(request: HttpRequest, supplier_id: int) -> services.Ledger:
    """Deposits and withdrawals from signal tags (at today's weights) and manual entries."""
    supplier = _supplier(request, supplier_id)
    return services.ledger_of(supplier, services.current_config())


@router.post(
    f"{SUPPLIER}/trust-entries", response={201: TrustEntryOut}, summary="Add a trust entry"
)
def add_trust_entry(
    request: HttpRequest, supplier_id: int, payload: TrustEntryIn
) -> Status[TrustEntry]:
    """A manual deposit (positive points) or withdrawal (negative), with why; never 0."""
    supplier = _supplier(request, supplier_id)
    entry = services.add_trust_entry(_user(request), supplier, payload.model_dump())
    services.refresh(supplier)
    return Status(201, entry)


# --- health and signals -------------------------------------------------------------------


@router.get(f"{SUPPLIER}/health", response=HealthOut, summary="Get a supplier's health")
def get_health(request: HttpRequest, supplier_id: int) -> dict[str, Any]:
    """The latest snapshot with its breakdown and drift findings, and the score over time."""
    supplier = _supplier(request, supplier_id)
    snapshot = services.health_of(supplier)
    trend = [{"day": day, "score": score} for day, score in services.health_trend(supplier)]
    if snapshot is None:  # never computed
        return {
            "supplier_id": supplier.pk, "score": None, "light": "", "change": None,
            "confidence": 0.0, "as_of": None, "breakdown": [], "findings": [], "metrics": {},
            "trend": trend,
        }  # fmt: skip
    return {
        "supplier_id": supplier.pk,
        "score": snapshot.score,
        "light": snapshot.light,
        "change": snapshot.change,
        "confidence": snapshot.confidence,
        "as_of": snapshot.as_of,
        "breakdown": snapshot.breakdown,
        "findings": snapshot.findings,
        "metrics": snapshot.metrics,
        "trend": trend,
    }


@router.get(f"{SUPPLIER}/signals", response=SignalsOut, summary="Response times and reciprocity")
def get_signals(request: HttpRequest, supplier_id: int) -> dict[str, Any]:
    """Per quarter: response times both ways, what we asked and gave, the tone of the notes;
    and the requests still waiting for an answer."""
    supplier = _supplier(request, supplier_id)
    return {
        "periods": services.periods_of(supplier, services.current_config()),
        "unanswered": services.unanswered_requests(supplier),
    }


@router.get("/health", response=list[HealthRowOut], summary="List portfolio health")
@paginate(Pagination)
def list_health(request: HttpRequest, filters: Query[HealthFilters]) -> QuerySet[HealthSnapshot]:
    """The latest score of each watched supplier that has one."""
    require(request.user, "relationship.view")
    visible = Supplier.objects.visible_to(request.user).filter(
        archived=False, status__in=services.WATCHED_STATUSES
    )
    snapshots = services.latest_snapshots().filter(supplier__in=visible, score__isnull=False)
    if filters.light:
        snapshots = snapshots.filter(light=filters.light)
    return snapshots.select_related("supplier").order_by(*HEALTH_SORTS[filters.sort])


# --- settings and recompute ---------------------------------------------------------------


@router.get(
    "/relationship/settings", response=SignalSettingsOut, summary="Get relationship settings"
)
def get_settings(request: HttpRequest) -> RelationshipSettings:
    require(request.user, "relationship.view")
    return services.get_settings()


@router.put(
    "/relationship/settings", response=SignalSettingsOut, summary="Change relationship settings"
)
def update_settings(request: HttpRequest, payload: SignalSettingsIn) -> RelationshipSettings:
    """Administrators only. Only the fields sent change; they apply from the next recompute.
    With `version` (from a read), a change based on an older version is refused with 409."""
    data = payload.model_dump(exclude_unset=True)
    return services.update_settings(_user(request), data, data.pop("version", None))


@router.post("/relationship/recompute", response=RecomputeOut, summary="Recompute health")
def recompute(request: HttpRequest, payload: RecomputeIn) -> services.RecomputeSummary:
    """Recompute health and drift (and raise alerts for new findings) for every watched
    supplier, or one. Administrators and category managers."""
    require(request.user, "relationship.recompute")
    problem = payload.as_of and services.as_of_problem(payload.as_of)
    if problem:
        raise ValidationError({"as_of": problem})
    supplier_ids = None
    if payload.supplier_id is not None:
        supplier_ids = [_supplier(request, payload.supplier_id).pk]
    return services.recompute(as_of=payload.as_of, supplier_ids=supplier_ids)
