"""REST endpoints of partnership economics (mounted under /api/v1/economics/...): settings,
time logs, benefits and extra costs per supplier, ROI per supplier and for the portfolio,
TCO per category, gain-share agreements with their savings, verifications, payouts, ledger
and statement. Internal users only: portal users get 403, and another supplier's record is
a 404 to those who may not see it. Thin: load through `visible_to`, call a service, return."""

# No `from __future__ import annotations`: ninja reads the annotations at import.
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.pagination import paginate

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import require
from partnerbook.suppliers.api import Pagination
from partnerbook.suppliers.models import Category, Supplier

from . import domain, services
from .models import Benefit, CostEntry, GainShareAgreement, Payout, SavingsEntry, TimeLog
from .schemas import (
    BenefitIn,
    BenefitOut,
    CostEntryIn,
    CostEntryOut,
    EconomicsSettingsIn,
    EconomicsSettingsOut,
    GainShareAgreementIn,
    GainShareAgreementOut,
    GainShareAgreementPatch,
    GainShareLedgerOut,
    GainSharePayoutIn,
    GainSharePayoutOut,
    GainShareSavingIn,
    GainShareSavingOut,
    GainShareVerifyIn,
    PortfolioRoiOut,
    RoiPortfolioQuery,
    RoiWindowQuery,
    StatementRangeQuery,
    SupplierRoiOut,
    TcoOut,
    TcoQuery,
    TimeLogIn,
    TimeLogOut,
)

router = Router(tags=["economics"])
BASE = "/economics"
SUPPLIER = f"{BASE}/suppliers/{{supplier_id}}"
AGREEMENT = f"{BASE}/agreements/{{agreement_id}}"


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


def _supplier(request: HttpRequest, supplier_id: int) -> Supplier:
    require(request.user, "economics.view")
    supplier: Supplier = get_object_or_404(
        Supplier.objects.visible_to(request.user), pk=supplier_id
    )
    return supplier


def _agreement(request: HttpRequest, agreement_id: int) -> GainShareAgreement:
    require(request.user, "economics.view")
    found = GainShareAgreement.objects.filter(
        supplier__in=Supplier.objects.visible_to(request.user)
    ).select_related("supplier")
    agreement: GainShareAgreement = get_object_or_404(found, pk=agreement_id)
    return agreement


# --- output ---------------------------------------------------------------------------------


def _roi_out(summary: domain.RoiSummary, name: str) -> dict[str, Any]:
    return {
        "supplier_id": summary.supplier_id, "supplier_name": name, "hours": summary.hours,
        "logged_hours": summary.logged_hours, "hourly_cost": summary.hourly_cost,
        "effort_cost": summary.effort_cost, "benefits": summary.benefits, "net": summary.net,
        "roi": summary.roi, "roi_percent": summary.roi_percent, "currency": summary.currency,
        "window": summary.window_label,
        "efforts": [
            {"source": e.key, "count": e.count, "hours_each": e.hours_each, "hours": e.hours,
             "explanation": e.explanation}
            for e in summary.efforts
        ],
        "benefit_lines": [{"label": b.label, "amount": b.amount} for b in summary.benefit_lines],
        "explanation": list(summary.explanation),
    }  # fmt: skip


def _settings_out() -> dict[str, Any]:
    current = services.get_settings()
    return {
        "hourly_cost": current.hourly_cost, "currency": services.money().currency,
        "standard_hours": current.standard_hours(), "version": current.version,
    }  # fmt: skip


def _ledger_out(view: services.LedgerView) -> dict[str, Any]:
    ledger = view.ledger
    return {
        "agreement": view.agreement,
        "rows": [
            {"period": r.period, "label": view.labels[r.period], "amount": r.amount,
             "supplier_share": r.theirs, "our_share": r.ours, "payouts": r.payouts,
             "balance": r.balance, "explanation": r.explanation}
            for r in ledger.rows
        ],
        "savings": ledger.savings, "overruns": ledger.overruns, "supplier_share": ledger.theirs,
        "our_share": ledger.ours, "paid": ledger.paid, "balance": ledger.balance,
        "explanation": list(ledger.explanation),
    }  # fmt: skip


# --- settings -------------------------------------------------------------------------------


@router.get(f"{BASE}/settings", response=EconomicsSettingsOut, summary="Get the economics settings")
def get_settings(request: HttpRequest) -> dict[str, Any]:
    """The hourly cost (in the reporting currency) and the standard hours per kind of work."""
    require(request.user, "economics.view")
    return _settings_out()


@router.patch(
    f"{BASE}/settings", response=EconomicsSettingsOut, summary="Change the economics settings"
)
def update_settings(request: HttpRequest, payload: EconomicsSettingsIn) -> dict[str, Any]:
    """Administrators only. A stale `version` is a 409."""
    require(request.user, "economics.configure")
    data = payload.model_dump(exclude_none=True)
    expected = data.pop("version", None)
    services.update_settings(_user(request), data, expected)
    return _settings_out()


# --- ROI and TCO ----------------------------------------------------------------------------


@router.get(f"{BASE}/roi", response=PortfolioRoiOut, summary="Portfolio ROI")
def portfolio_roi(request: HttpRequest, query: Query[RoiPortfolioQuery]) -> dict[str, Any]:
    """The portfolio's totals and one row per supplier with effort or benefits recorded,
    sorted and paged (`limit`, `offset`). A fixed number of queries."""
    require(request.user, "economics.view")
    total, rows = services.portfolio(_user(request), year=query.year, sort=query.sort)
    page = rows[query.offset : query.offset + query.limit]
    return {
        "total": {**total.__dict__, "roi_percent": total.roi_percent,
                  "explanation": list(total.explanation)},
        "count": len(rows),
        "items": [_roi_out(r.summary, r.name) for r in page],
    }  # fmt: skip


@router.get(f"{SUPPLIER}/roi", response=SupplierRoiOut, summary="A supplier's ROI")
def supplier_roi(
    request: HttpRequest, supplier_id: int, query: Query[RoiWindowQuery]
) -> dict[str, Any]:
    """Hours (each source counted), their cost, the benefits and the ROI, explained."""
    supplier = _supplier(request, supplier_id)
    return _roi_out(services.roi_of(supplier, year=query.year), supplier.name)


@router.get(f"{BASE}/tco", response=TcoOut, summary="Total cost of ownership of a category")
def category_tco(request: HttpRequest, query: Query[TcoQuery]) -> dict[str, Any]:
    """The category's current suppliers, cheapest per 100 of spend first."""
    require(request.user, "economics.view")
    category = get_object_or_404(Category, pk=query.category)
    result = services.tco_comparison(_user(request), category, query.year)
    return {
        "category_id": category.pk, "category_name": category.name, "year": result.year,
        "currency": result.currency, "hourly_cost": result.hourly_cost,
        "remarks": list(result.remarks),
        "lines": [
            {"supplier_id": ln.supplier_id, "supplier_name": ln.name, "spend": ln.spend,
             "extra_costs": dict(ln.extra_costs), "extra_total": ln.extra_total,
             "hours": ln.hours, "hours_cost": ln.hours_cost, "total": ln.total,
             "per_100": ln.per_100, "explanation": list(ln.explanation)}
            for ln in result.lines
        ],
    }  # fmt: skip


# --- time, benefits, costs ------------------------------------------------------------------


@router.get(f"{SUPPLIER}/time-logs", response=list[TimeLogOut], summary="List time logged")
@paginate(Pagination)
def list_time_logs(request: HttpRequest, supplier_id: int) -> QuerySet[TimeLog]:
    return TimeLog.objects.filter(supplier=_supplier(request, supplier_id))


@router.post(f"{SUPPLIER}/time-logs", response={201: TimeLogOut}, summary="Log time")
def create_time_log(request: HttpRequest, supplier_id: int, payload: TimeLogIn) -> Status[TimeLog]:
    """Hours spent on partnership work with the supplier (you are the one who spent them)."""
    supplier = _supplier(request, supplier_id)
    return Status(201, services.log_time(_user(request), supplier, payload.model_dump()))


@router.get(f"{SUPPLIER}/benefits", response=list[BenefitOut], summary="List benefits")
@paginate(Pagination)
def list_benefits(request: HttpRequest, supplier_id: int) -> QuerySet[Benefit]:
    return Benefit.objects.filter(supplier=_supplier(request, supplier_id))


@router.post(f"{SUPPLIER}/benefits", response={201: BenefitOut}, summary="Record a benefit")
def create_benefit(request: HttpRequest, supplier_id: int, payload: BenefitIn) -> Status[Benefit]:
    supplier = _supplier(request, supplier_id)
    return Status(201, services.add_benefit(_user(request), supplier, payload.model_dump()))


@router.get(f"{SUPPLIER}/costs", response=list[CostEntryOut], summary="List extra costs")
@paginate(Pagination)
def list_costs(request: HttpRequest, supplier_id: int) -> QuerySet[CostEntry]:
    return CostEntry.objects.filter(supplier=_supplier(request, supplier_id))


@router.post(f"{SUPPLIER}/costs", response={201: CostEntryOut}, summary="Record an extra cost")
def create_cost(request: HttpRequest, supplier_id: int, payload: CostEntryIn) -> Status[CostEntry]:
    supplier = _supplier(request, supplier_id)
    return Status(201, services.add_cost(_user(request), supplier, payload.model_dump()))


# --- gain-share -----------------------------------------------------------------------------


@router.get(
    f"{SUPPLIER}/agreements", response=list[GainShareAgreementOut], summary="List agreements"
)
@paginate(Pagination)
def list_agreements(request: HttpRequest, supplier_id: int) -> QuerySet[GainShareAgreement]:
    return GainShareAgreement.objects.filter(supplier=_supplier(request, supplier_id))


@router.post(
    f"{SUPPLIER}/agreements",
    response={201: GainShareAgreementOut},
    summary="Record a gain-share agreement",
)
def create_agreement(
    request: HttpRequest, supplier_id: int, payload: GainShareAgreementIn
) -> Status[GainShareAgreement]:
    supplier = _supplier(request, supplier_id)
    data = payload.model_dump(exclude_none=True)
    return Status(201, services.create_agreement(_user(request), supplier, data))


@router.get(AGREEMENT, response=GainShareAgreementOut, summary="Get a gain-share agreement")
def get_agreement(request: HttpRequest, agreement_id: int) -> GainShareAgreement:
    return _agreement(request, agreement_id)


@router.patch(AGREEMENT, response=GainShareAgreementOut, summary="Change a gain-share agreement")
def update_agreement(
    request: HttpRequest, agreement_id: int, payload: GainShareAgreementPatch
) -> GainShareAgreement:
    """Only the fields sent change. A stale `version` is a 409."""
    agreement = _agreement(request, agreement_id)
    data = payload.model_dump(exclude_unset=True)
    expected = data.pop("version", None)
    return services.update_agreement(_user(request), agreement, data, expected)


@router.get(f"{AGREEMENT}/savings", response=list[GainShareSavingOut], summary="List savings")
@paginate(Pagination)
def list_savings(request: HttpRequest, agreement_id: int) -> QuerySet[SavingsEntry]:
    """Every saving and overrun, verified or not, by period."""
    return SavingsEntry.objects.filter(agreement=_agreement(request, agreement_id))


@router.post(f"{AGREEMENT}/savings", response={201: GainShareSavingOut}, summary="Record a saving")
def create_saving(
    request: HttpRequest, agreement_id: int, payload: GainShareSavingIn
) -> Status[SavingsEntry]:
    """The saving (positive) or overrun (negative) of one period; it counts once verified."""
    agreement = _agreement(request, agreement_id)
    return Status(201, services.record_saving(_user(request), agreement, payload.model_dump()))


@router.post(f"{AGREEMENT}/verify", response=GainShareSavingOut, summary="Verify a saving")
def verify_saving(
    request: HttpRequest, agreement_id: int, payload: GainShareVerifyIn
) -> SavingsEntry:
    """Verify the saving or overrun of the period that `period` falls in. Managers only; an
    agreement that needs a neutral third party needs its name."""
    agreement = _agreement(request, agreement_id)
    period = domain.period_start(payload.period, agreement.period_kind)
    entry = SavingsEntry.objects.filter(agreement=agreement, period=period).first()
    if entry is None:
        raise ValidationError({"period": "No saving or overrun is recorded for this period."})
    return services.verify_saving(_user(request), entry, payload.third_party)


@router.get(f"{AGREEMENT}/payouts", response=list[GainSharePayoutOut], summary="List payouts")
@paginate(Pagination)
def list_payouts(request: HttpRequest, agreement_id: int) -> QuerySet[Payout]:
    return Payout.objects.filter(agreement=_agreement(request, agreement_id))


@router.post(f"{AGREEMENT}/payouts", response={201: GainSharePayoutOut}, summary="Record a payout")
def create_payout(
    request: HttpRequest, agreement_id: int, payload: GainSharePayoutIn
) -> Status[Payout]:
    """Managers only. The reference is unique within the agreement."""
    agreement = _agreement(request, agreement_id)
    return Status(201, services.record_payout(_user(request), agreement, payload.model_dump()))


@router.get(f"{AGREEMENT}/ledger", response=GainShareLedgerOut, summary="The agreement's ledger")
def get_ledger(request: HttpRequest, agreement_id: int) -> dict[str, Any]:
    """Per period: the verified saving or overrun, the supplier's share, ours, the payouts and
    the balance owed to the supplier."""
    return _ledger_out(services.ledger_of(_agreement(request, agreement_id)))


@router.get(
    f"{AGREEMENT}/statement", response=GainShareLedgerOut, summary="A statement for periods"
)
def get_statement(
    request: HttpRequest, agreement_id: int, query: Query[StatementRangeQuery]
) -> dict[str, Any]:
    """The ledger from `start` to `end` (shares split over the whole ledger, so the cents
    agree with every other statement; the balance carries what came before). The same as
    XLSX: /economics/agreements/{id}/statement/?format=xlsx on the web."""
    agreement = _agreement(request, agreement_id)
    if query.start and query.end and query.end < query.start:
        raise ValidationError({"end": "The end comes before the start."})
    return _ledger_out(services.ledger_of(agreement, query.start, query.end))
