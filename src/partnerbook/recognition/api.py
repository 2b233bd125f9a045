"""REST endpoints of referrals and recognition (mounted under /api/v1/recognition): referrals
and their status moves, registering a referred company as a prospect, wins (each recorded
one a trust deposit), the programme's figures and the ideal-supplier profile (read by every
internal user, written by managers). Portal users get 403. Thin: load through
`visible_to`, call a service, return."""

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

from . import services
from .models import IdealSupplierProfile, Referral, Win
from .schemas import (
    IdealSupplierProfileIn,
    IdealSupplierProfileOut,
    ReferralFiguresOut,
    ReferralFilters,
    ReferralIn,
    ReferralMoveIn,
    ReferralOut,
    ReferralPatch,
    WinFilters,
    WinIn,
    WinOut,
    WinPatch,
)

router = Router(tags=["recognition"])
BASE = "/recognition"
REFERRAL = f"{BASE}/referrals/{{referral_id}}"
WIN = f"{BASE}/wins/{{win_id}}"


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


def _referrals(request: HttpRequest) -> QuerySet[Referral]:
    require(request.user, "recognition.view")
    return Referral.objects.visible_to(request.user).for_list()


def _referral(request: HttpRequest, referral_id: int) -> Referral:
    found: Referral = get_object_or_404(_referrals(request), pk=referral_id)
    return found


def _wins(request: HttpRequest) -> QuerySet[Win]:
    require(request.user, "recognition.view")
    return Win.objects.visible_to(request.user).for_list()


def _win(request: HttpRequest, win_id: int) -> Win:
    found: Win = get_object_or_404(_wins(request), pk=win_id)
    return found


def _supplier(request: HttpRequest, supplier_id: int | None, field: str) -> Supplier | None:
    """A supplier named in a body: a missing one is a 400 naming the field."""
    if supplier_id is None:
        return None
    found = Supplier.objects.visible_to(request.user).filter(pk=supplier_id).first()
    if found is None:
        raise ValidationError({field: "No supplier you may see has this id."})
    return found


def _category(category_id: int | None) -> Category | None:
    if category_id is None:
        return None
    found = Category.objects.filter(pk=category_id).first()
    if found is None:
        raise ValidationError({"category_id": "No category has this id."})
    return found


def _renamed(exc: ValidationError) -> ValidationError:
    """The service's error with its field names as the API calls them."""
    names = {"referred_supplier": "referred_supplier_id", "category": "category_id"}
    if not hasattr(exc, "error_dict") or hasattr(exc, "current_version"):
        return exc
    return ValidationError({names.get(k, k): v for k, v in exc.message_dict.items()})


def _referral_data(request: HttpRequest, data: dict[str, Any]) -> dict[str, Any]:
    if "referred_supplier_id" in data:
        data["referred_supplier"] = _supplier(
            request, data.pop("referred_supplier_id"), "referred_supplier_id"
        )
    if "category_id" in data:
        data["category"] = _category(data.pop("category_id"))
    if "reward_currency" in data:
        data["reward_currency"] = data["reward_currency"] or ""
    return data


# --- referrals ------------------------------------------------------------------------------


@router.get(f"{BASE}/referrals", response=list[ReferralOut], summary="List referrals")
@paginate(Pagination)
def list_referrals(request: HttpRequest, filters: Query[ReferralFilters]) -> QuerySet[Referral]:
    """Newest first, narrowed like the referrals page."""
    return services.filter_referrals(_referrals(request), filters.params())


@router.post(f"{BASE}/referrals", response={201: ReferralOut}, summary="Record a referral")
def create_referral(request: HttpRequest, payload: ReferralIn) -> Status[Referral]:
    require(request.user, "referral.edit")
    data = payload.model_dump()
    referring = _supplier(request, data.pop("referring_supplier_id"), "referring_supplier_id")
    data = _referral_data(request, data)
    try:
        referral = services.record_referral(_user(request), referring, data)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise _renamed(exc) from exc
    return Status(201, _referral(request, referral.pk))


@router.get(REFERRAL, response=ReferralOut, summary="Get a referral")
def get_referral(request: HttpRequest, referral_id: int) -> Referral:
    return _referral(request, referral_id)


@router.patch(REFERRAL, response=ReferralOut, summary="Change a referral")
def update_referral(request: HttpRequest, referral_id: int, payload: ReferralPatch) -> Referral:
    """Only the fields sent change. A stale `version` is a 409."""
    referral = _referral(request, referral_id)
    require(request.user, "referral.edit")
    data = _referral_data(request, payload.model_dump(exclude_unset=True))
    expected = data.pop("version", None)
    try:
        services.update_referral(_user(request), referral, data, expected)
    except ValidationError as exc:
        raise _renamed(exc) from exc
    return _referral(request, referral_id)


@router.post(f"{REFERRAL}/status", response=ReferralOut, summary="Move a referral")
def move_referral(request: HttpRequest, referral_id: int, payload: ReferralMoveIn) -> Referral:
    """received → contacted → vetting → onboarded, or declined while open (a declined one
    may go back to received). An illegal move is a 400 saying which moves are allowed."""
    referral = _referral(request, referral_id)
    require(request.user, "referral.edit")
    services.move_referral(
        _user(request), referral, payload.status, payload.on, payload.note, payload.version
    )
    return _referral(request, referral_id)


@router.post(
    f"{REFERRAL}/prospect", response=ReferralOut, summary="Register the company as a prospect"
)
def create_prospect(request: HttpRequest, referral_id: int) -> Referral:
    """Through the supplier registry's own service, with the referral's contact person; the
    new supplier is linked to the referral."""
    referral = _referral(request, referral_id)
    require(request.user, "referral.edit")
    require(request.user, "supplier.create")
    try:
        services.create_prospect(_user(request), referral)
    except ValidationError as exc:
        raise _renamed(exc) from exc
    return _referral(request, referral_id)


# --- wins -----------------------------------------------------------------------------------


@router.get(f"{BASE}/wins", response=list[WinOut], summary="List wins")
@paginate(Pagination)
def list_wins(request: HttpRequest, filters: Query[WinFilters]) -> QuerySet[Win]:
    """Newest first."""
    qs = _wins(request)
    if filters.supplier is not None:
        qs = qs.filter(supplier_id=filters.supplier)
    if filters.published is not None:
        qs = qs.filter(published=filters.published)
    return qs


@router.post(
    f"{BASE}/suppliers/{{supplier_id}}/wins", response={201: WinOut}, summary="Record a win"
)
def create_win(request: HttpRequest, supplier_id: int, payload: WinIn) -> Status[Win]:
    """As recognition: it makes one deposit in the supplier's trust ledger."""
    require(request.user, "recognition.view")
    supplier = get_object_or_404(Supplier.objects.visible_to(request.user), pk=supplier_id)
    require(request.user, "recognition.edit", supplier)
    data = payload.model_dump()
    data["impact_currency"] = data["impact_currency"] or ""
    win = services.record_win(_user(request), supplier, data)
    return Status(201, _win(request, win.pk))


@router.get(WIN, response=WinOut, summary="Get a win")
def get_win(request: HttpRequest, win_id: int) -> Win:
    return _win(request, win_id)


@router.patch(WIN, response=WinOut, summary="Change a win")
def update_win(request: HttpRequest, win_id: int, payload: WinPatch) -> Win:
    """Only the fields sent change; no further trust deposit. A stale `version` is a 409."""
    win = _win(request, win_id)
    require(request.user, "recognition.edit", win.supplier)
    data = payload.model_dump(exclude_unset=True)
    expected = data.pop("version", None)
    if "impact_currency" in data:
        data["impact_currency"] = data["impact_currency"] or ""
    services.update_win(_user(request), win, data, expected)
    return _win(request, win_id)


# --- figures and the profile ----------------------------------------------------------------


@router.get(
    f"{BASE}/figures", response=ReferralFiguresOut, summary="The referral programme's figures"
)
def figures(request: HttpRequest) -> dict[str, Any]:
    """The share of the pipeline that came by referral, retention of referred suppliers
    against the others at 12 and 24 months, and the rewards; each with its explanation."""
    require(request.user, "recognition.view")
    user = _user(request)
    share = services.pipeline_share(user)
    kept = services.retention(user)
    paid = services.rewards(user)

    def cohort(c: Any) -> dict[str, Any]:
        return {"eligible": c.eligible, "retained": c.retained, "lost": c.lost,
                "too_recent": c.too_recent, "rate": c.rate}  # fmt: skip

    return {
        "pipeline": {
            "total": share.total, "by_referral": share.by_referral, "by_status": share.by_status,
            "candidates_only": share.candidates_only,
            "referral_recorded": share.referral_recorded,
            "candidate_by_referral": share.candidate_by_referral, "share": share.share,
            "explanation": share.explanation,
            "referred_supplier_ids": [e.supplier_id for e in share.referred],
        },
        "retention": {
            "as_of": kept.as_of, "referred_started": kept.referred_started,
            "others_started": kept.others_started, "explanation": kept.explanation,
            "horizons": [
                {"months": h.months, "referred": cohort(h.referred), "others": cohort(h.others),
                 "explanation": h.explanation}
                for h in kept.horizons
            ],
        },
        "rewards": {
            "reporting_currency": paid.reporting_currency, "paid": paid.paid,
            "promised": paid.promised, "explanation": paid.explanation,
            "totals": [vars(t) for t in paid.totals],
        },
        "referrals_by_status": services.counts_by_status(Referral.objects.visible_to(user)),
    }  # fmt: skip


def _profile_out(profile: IdealSupplierProfile) -> dict[str, Any]:
    saved = profile.updated_at if IdealSupplierProfile.objects.filter(pk=1).exists() else None
    return {key: getattr(profile, key) for key in services.PROFILE_FIELDS} | {
        "version": profile.version, "updated_at": saved,
    }  # fmt: skip


@router.get(
    f"{BASE}/ideal-supplier", response=IdealSupplierProfileOut, summary="The ideal-supplier profile"
)
def get_profile(request: HttpRequest) -> dict[str, Any]:
    """What we look for, what partners get from us and how to start (empty until written)."""
    require(request.user, "recognition.view")
    return _profile_out(services.get_profile())


@router.patch(
    f"{BASE}/ideal-supplier",
    response=IdealSupplierProfileOut,
    summary="Change the ideal-supplier profile",
)
def update_profile(request: HttpRequest, payload: IdealSupplierProfileIn) -> dict[str, Any]:
    """Managers only. Only the fields sent change; a stale `version` is a 409."""
    require(request.user, services.PROFILE_ACTION)
    data = payload.model_dump(exclude_unset=True)
    expected = data.pop("version", None)
    return _profile_out(services.update_profile(_user(request), data, expected))
