"""REST endpoints of supplier performance: the scorecard, delivery lines, measurements and
the KPI definitions. Internal users only (portal users get 403); the services check who
may write."""

# No `from __future__ import annotations` here: ninja's @paginate reads the `Query[...]`
# annotations at import time.
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.pagination import paginate

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import require
from partnerbook.suppliers.api import Pagination
from partnerbook.suppliers.models import Category, Supplier

from . import services
from .models import DeliveryLine, KpiDefinition, Measurement
from .schemas import (
    DeliveryIn,
    DeliveryOut,
    KpiChange,
    KpiIn,
    KpiOut,
    MeasurementIn,
    MeasurementOut,
    ScorecardFilters,
    ScorecardOut,
    month_of,
)

router = Router(tags=["performance"])
SUPPLIER = "/suppliers/{supplier_id}"


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


def _supplier(request: HttpRequest, supplier_id: int) -> Supplier:
    """The supplier, for internal users who may see it (404 otherwise)."""
    require(request.user, "performance.view")
    return get_object_or_404(Supplier.objects.visible_to(request.user), pk=supplier_id)


def _quantity(value: float) -> Decimal:
    return Decimal(str(round(value, 3)))


@router.get(f"{SUPPLIER}/scorecard", response=ScorecardOut, summary="Get a supplier's scorecard")
def get_scorecard(
    request: HttpRequest, supplier_id: int, filters: Query[ScorecardFilters]
) -> dict[str, Any]:
    """The period's KPIs with lights, scores, weights and explanations, the overall score
    and standing, and the trailing 12 periods. Figures are rounded to 4 decimals."""
    supplier = _supplier(request, supplier_id)
    card, _ = services.scorecard(supplier, month_of(filters.period), filters.granularity)
    baselines = services.baselines_for(supplier)
    r = services.rounded
    current = card.current
    return {
        "supplier_id": supplier.pk,
        "granularity": card.granularity,
        "period": current.label,
        "period_start": current.start,
        "overall": r(current.overall),
        "standing": current.standing,
        "overall_trend": card.overall_trend,
        "no_data": current.no_data,
        "guard": card.guard,
        "kpis": [
            {
                "key": k.key,
                "name": k.name,
                "unit": k.unit,
                "value": r(k.value),
                "light": k.light,
                "score": r(k.score),
                "weight_share": r(k.weight_share),
                "points": r(k.points),
                "previous": r(k.previous),
                "trend": k.trend,
                "explanation": k.explanation,
                "baseline": r(baselines[k.key].value) if k.key in baselines else None,
                "baseline_basis": baselines[k.key].basis if k.key in baselines else "",
            }
            for k in current.kpis
        ],  # fmt: skip
        "trailing": [
            {
                "label": p.label,
                "start": p.start,
                "overall": r(p.overall),
                "standing": p.standing,
                "values": {k.key: r(k.value) for k in p.kpis},
            }
            for p in card.trailing
        ],  # fmt: skip
    }


@router.get(f"{SUPPLIER}/deliveries", response=list[DeliveryOut], summary="List delivery lines")
@paginate(Pagination)
def list_deliveries(request: HttpRequest, supplier_id: int) -> QuerySet[DeliveryLine]:
    """The supplier's purchase-order lines, latest promised date first."""
    supplier = _supplier(request, supplier_id)
    return DeliveryLine.objects.filter(supplier=supplier).order_by("-promised_on", "po_line_id")


@router.post(
    f"{SUPPLIER}/deliveries",
    response={200: DeliveryOut, 201: DeliveryOut},
    summary="Record a delivery line",
)
def record_delivery(
    request: HttpRequest, supplier_id: int, payload: DeliveryIn
) -> Status[DeliveryLine]:
    """Creates the line (201) or updates the line with the same PO line id (200). A PO line
    id of another supplier, a received date before the order or in the future, or more
    rejected than received is a 400 naming the field."""
    supplier = _supplier(request, supplier_id)
    data = payload.model_dump()
    po = data.pop("po_line_id")
    existed = DeliveryLine.objects.filter(po_line_id=po).exists()
    for name in ("promised_qty", "received_qty", "rejected_qty"):
        data[name] = _quantity(data[name])
    line = services.record_delivery(_user(request), supplier, po, data)
    return Status(200 if existed else 201, line)


@router.get(f"{SUPPLIER}/measurements", response=list[MeasurementOut], summary="List measurements")
@paginate(Pagination)
def list_measurements(request: HttpRequest, supplier_id: int) -> QuerySet[Measurement]:
    """Entered KPI values of the supplier, newest month first."""
    supplier = _supplier(request, supplier_id)
    return Measurement.objects.filter(supplier=supplier).order_by("-period", "kpi_key")


@router.post(
    f"{SUPPLIER}/measurements", response={201: MeasurementOut}, summary="Enter a measurement"
)
def record_measurement(
    request: HttpRequest, supplier_id: int, payload: MeasurementIn
) -> Status[Measurement]:
    """Enters or corrects the value of an entered KPI for one month. A computed KPI, a KPI
    the supplier does not have, or a future month is a 400."""
    supplier = _supplier(request, supplier_id)
    period = month_of(payload.period)
    assert period is not None  # noqa: S101 (the schema requires it)
    measurement = services.record_measurement(
        _user(request), supplier, payload.kpi, period, payload.value, payload.version
    )
    return Status(201, measurement)


@router.get("/kpis", response=list[KpiOut], summary="List KPI definitions")
@paginate(Pagination)
def list_kpis(request: HttpRequest) -> QuerySet[KpiDefinition]:
    """Defaults, category KPIs and the overrides of the suppliers you can see."""
    require(request.user, "performance.view")
    visible = Supplier.objects.visible_to(request.user).values("pk")
    return KpiDefinition.objects.filter(
        Q(supplier__isnull=True) | Q(supplier__in=visible)
    ).order_by("key", "pk")


@router.post("/kpis", response={201: KpiOut}, summary="Define a KPI")
def define_kpi(request: HttpRequest, payload: KpiIn) -> Status[KpiDefinition]:
    """A default or category KPI (managers and admins), or a supplier's override (editors
    and the owning buyer). Thresholds that do not fit the direction, a key already defined
    for the same scope, or an unknown category or supplier are a 400 naming the field."""
    require(request.user, "performance.view")
    data = payload.model_dump()
    category_id, supplier_id = data.pop("category_id"), data.pop("supplier_id")
    category = supplier = None
    if category_id is not None and supplier_id is not None:
        raise ValidationError({"supplier_id": "A KPI applies to a category or a supplier."})
    if category_id is not None:
        category = Category.objects.filter(pk=category_id).first()
        if category is None:
            raise ValidationError({"category_id": "No such category."})
    if supplier_id is not None:
        supplier = Supplier.objects.visible_to(request.user).filter(pk=supplier_id).first()
        if supplier is None:
            raise ValidationError({"supplier_id": "No such supplier."})
    definition = services.define_kpi(_user(request), data, category=category, supplier=supplier)
    return Status(201, definition)


@router.patch("/kpis/{kpi_id}", response=KpiOut, summary="Change a KPI definition")
def update_kpi(request: HttpRequest, kpi_id: int, payload: KpiChange) -> KpiDefinition:
    """Changes the given fields (not the key, kind or scope). With `version`, an edit based
    on an older version is a 409. Thresholds that do not fit the direction are a 400."""
    require(request.user, "performance.view")
    visible = Supplier.objects.visible_to(request.user).values("pk")
    definition = get_object_or_404(
        KpiDefinition.objects.filter(Q(supplier__isnull=True) | Q(supplier__in=visible)),
        pk=kpi_id,
    )
    data = payload.model_dump(exclude_unset=True)
    version = data.pop("version", None)
    return services.update_kpi(_user(request), definition, data, version)
