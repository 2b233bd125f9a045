"""REST endpoints of portfolio risk (mounted under /api/v1): spend lines, concentration and
HHI, the reserve list (backups, transition plans), financial ratings, the power balance
and the risk settings. Internal users only; writes follow the pages' rules."""

from typing import Any

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
from .models import Backup, FinancialRating, SpendLine, SupplierRevenue, TransitionPlan
from .schemas import (
    RiskBackupIn,
    RiskBackupOut,
    RiskBackupPatch,
    RiskCategorySharesOut,
    RiskConcentrationOut,
    RiskCriticalOut,
    RiskFinancialOut,
    RiskPlanIn,
    RiskPlanOut,
    RiskPowerOut,
    RiskRatingIn,
    RiskRatingOut,
    RiskRevenueIn,
    RiskReviewedIn,
    RiskSettingsIn,
    RiskSettingsOut,
    RiskSpendFilters,
    RiskSpendLineIn,
    RiskSpendLineOut,
    RiskSpendLinePatch,
    RiskWindowQuery,
)

router = Router(tags=["risk"])
SUPPLIER = "/suppliers/{supplier_id}/risk"


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    require(user, "risk.view")
    return user


def _supplier(request: HttpRequest, supplier_id: int) -> Supplier:
    return get_object_or_404(
        Supplier.objects.visible_to(_user(request)).select_related("category"), pk=supplier_id
    )


def _line_out(line: SpendLine) -> dict[str, Any]:
    return {
        "id": line.pk, "supplier_id": line.supplier_id, "supplier": line.supplier.name,
        "category_id": line.category_id, "category": line.category.name, "period": line.period,
        "amount": line.amount, "currency": line.currency, "updated_at": line.updated_at,
    }  # fmt: skip


def _share(s: domain.Share) -> dict[str, Any]:
    return {
        "supplier_id": s.supplier_id, "supplier": s.name, "category_id": s.category_id,
        "category": s.category_name, "spend": s.spend, "source": s.source,
        "share_of_category_percent": s.category_percent,
        "share_of_total_percent": s.total_percent, "over_category_cap": s.over_category_cap,
        "over_total_cap": s.over_total_cap, "explanation": s.explanation,
    }  # fmt: skip


def _category(c: domain.CategoryConcentration) -> dict[str, Any]:
    return {
        "category_id": c.category_id, "category": c.name, "spend": c.spend,
        "supplier_count": c.supplier_count, "hhi": c.hhi, "band": c.band.key,
        "band_label": c.band.label, "explanation": c.explanation,
        "top": _share(c.top) if c.top else None, "breaches": [_share(s) for s in c.breaches],
        "trend": [{"quarter": p.quarter, "hhi": p.hhi, "spend": p.spend} for p in c.trend],
    }  # fmt: skip


def _plan_state(state: domain.PlanState) -> dict[str, Any]:
    return {
        "state": state.key, "label": state.label, "due_on": state.due_on,
        "overdue": state.overdue, "explanation": state.explanation,
    }  # fmt: skip


def _backup(b: Backup, playbook: services.PlaybookState | None) -> dict[str, Any]:
    return {
        "id": b.pk, "supplier_id": b.supplier_id, "category_id": b.category_id,
        "backup_supplier_id": b.backup_supplier_id, "backup_supplier": b.backup_supplier.name,
        "status": b.status, "qualified_on": b.qualified_on, "evidence": b.evidence,
        "note": b.note, "version": b.version,
        "playbook": None if playbook is None else {
            "status": playbook.status, "activation": playbook.activation,
            "passed_validations": playbook.passed_validations, "vetted": playbook.vetted,
            "explanation": playbook.explanation,
        },
    }  # fmt: skip


# --- spend lines ----------------------------------------------------------------------------


@router.get("/risk/spend-lines", response=list[RiskSpendLineOut], summary="List spend lines")
@paginate(Pagination)
def list_spend_lines(
    request: HttpRequest, filters: Query[RiskSpendFilters]
) -> list[dict[str, Any]]:
    """Spend lines of the suppliers you may see, by supplier and month."""
    qs: QuerySet[SpendLine] = services.filter_spend_lines(
        services.spend_lines_visible_to(_user(request)), filters.params()
    )
    return _LazyLines(qs)  # type: ignore[return-value]


class _LazyLines:
    """Pages through the queryset and shapes only the page's lines."""

    def __init__(self, qs: QuerySet[SpendLine]) -> None:
        self.qs = qs

    def count(self) -> int:
        return self.qs.count()

    def __getitem__(self, index: slice) -> list[dict[str, Any]]:
        return [_line_out(line) for line in self.qs[index]]

    def __len__(self) -> int:
        return self.count()


@router.post("/risk/spend-lines", response={201: RiskSpendLineOut}, summary="Record a spend line")
def create_spend_line(request: HttpRequest, payload: RiskSpendLineIn) -> Status[dict[str, Any]]:
    """One line per supplier, category, month and currency: an existing line is updated.
    The supplier's annual spend becomes its last 12 months of lines."""
    supplier = _supplier(request, payload.supplier_id)
    data = payload.model_dump(exclude_none=True)
    if payload.category_id is not None:
        data["category"] = get_object_or_404(Category, pk=payload.category_id)
    line = services.record_spend_line(_user(request), supplier, data)
    return Status(
        201, _line_out(SpendLine.objects.select_related("supplier", "category").get(pk=line.pk))
    )


@router.patch(
    "/risk/spend-lines/{line_id}", response=RiskSpendLineOut, summary="Correct a spend line"
)
def update_spend_line(
    request: HttpRequest, line_id: int, payload: RiskSpendLinePatch
) -> dict[str, Any]:
    line = get_object_or_404(
        services.spend_lines_visible_to(_user(request)).select_related("supplier", "category"),
        pk=line_id,
    )
    services.change_spend_line(_user(request), line, payload.amount)
    return _line_out(line)


# --- concentration --------------------------------------------------------------------------


@router.get("/risk/concentration", response=RiskConcentrationOut, summary="Concentration and HHI")
def get_concentration(request: HttpRequest, window: Query[RiskWindowQuery]) -> dict[str, Any]:
    """Per category: spend, supplier count, HHI with its band and quarterly trend, the top
    supplier and the suppliers above the cap; with how every figure was made."""
    _user(request)
    conc = services.concentration(window.end, window.months)
    return {
        "window_first": conc.window.first, "window_last": conc.window.last,
        "months": conc.window.months, "currency": conc.reporting, "total_spend": conc.total,
        "category_cap_percent": conc.settings.category_cap,
        "total_cap_percent": conc.settings.total_cap,
        "suppliers_from_annual_spend": conc.from_annual, "left_out": conc.left_out,
        "guideline": domain.HHI_GUIDELINE,
        "categories": [_category(c) for c in conc.categories],
        "total_breaches": [_share(s) for s in conc.total_breaches],
    }  # fmt: skip


@router.get(
    "/risk/concentration/categories/{category_id}",
    response=RiskCategorySharesOut,
    summary="One category's suppliers and shares",
)
def get_category_shares(
    request: HttpRequest, category_id: int, window: Query[RiskWindowQuery]
) -> dict[str, Any]:
    _user(request)
    category = get_object_or_404(Category, pk=category_id)
    conc = services.concentration(window.end, window.months, with_trend=False)
    row = conc.category(category_id) or domain.CategoryConcentration(
        category.pk, category.name, domain.ZERO, 0, domain.ZERO, domain.hhi_band(None), [], []
    )
    return {
        "window_first": conc.window.first, "window_last": conc.window.last,
        "currency": conc.reporting, "category": _category(row),
        "shares": [_share(s) for s in row.shares],
    }  # fmt: skip


# --- reserve list ---------------------------------------------------------------------------


@router.get("/risk/critical", response=list[RiskCriticalOut], summary="The reserve list")
def list_critical(request: HttpRequest) -> list[dict[str, Any]]:
    """Critical suppliers: why, their backups (with the playbook's vetting) and plan state."""
    _user(request)
    return [
        {
            "supplier_id": item.supplier.pk,
            "supplier": item.supplier.name,
            "critical_because": item.reasons,
            "covered": item.covered,
            "explanation": item.explanation,
            "backups": [_backup(b.backup, b.playbook) for b in item.backups],
            "plan": _plan_state(item.plan_state),
        }  # fmt: skip
        for item in services.critical_supply()
    ]


@router.get("/risk/backups", response=list[RiskBackupOut], summary="List backups")
@paginate(Pagination)
def list_backups(request: HttpRequest) -> list[dict[str, Any]]:
    _user(request)
    rows = list(Backup.objects.select_related("backup_supplier").order_by("pk")[:5000])
    states = services.playbook_states(b.backup_supplier_id for b in rows)
    return [_backup(b, states.get(b.backup_supplier_id)) for b in rows]


@router.post("/risk/backups", response={201: RiskBackupOut}, summary="Add a backup")
def create_backup(request: HttpRequest, payload: RiskBackupIn) -> Status[dict[str, Any]]:
    """For one critical supplier (`supplier_id`) or a category (`category_id`). Qualified
    needs the playbook's vetting or `evidence`."""
    user = _user(request)
    supplier = _supplier(request, payload.supplier_id) if payload.supplier_id else None
    category = get_object_or_404(Category, pk=payload.category_id) if payload.category_id else None
    backup_supplier = _supplier(request, payload.backup_supplier_id)
    backup = services.add_backup(
        user, backup_supplier, supplier=supplier, category=category,
        data=payload.model_dump(exclude={"supplier_id", "category_id", "backup_supplier_id"}),
    )  # fmt: skip
    states = services.playbook_states([backup.backup_supplier_id])
    return Status(201, _backup(backup, states.get(backup.backup_supplier_id)))


@router.patch("/risk/backups/{backup_id}", response=RiskBackupOut, summary="Change a backup")
def update_backup(request: HttpRequest, backup_id: int, payload: RiskBackupPatch) -> dict[str, Any]:
    user = _user(request)
    backup = get_object_or_404(
        Backup.objects.select_related("supplier", "backup_supplier"), pk=backup_id
    )
    data = payload.model_dump(exclude_unset=True, exclude={"version"})
    backup = services.update_backup(user, backup, data, payload.version)
    states = services.playbook_states([backup.backup_supplier_id])
    return _backup(backup, states.get(backup.backup_supplier_id))


def _plan_out(supplier: Supplier) -> dict[str, Any]:
    from django.utils import timezone

    plan = TransitionPlan.objects.filter(supplier=supplier).first()
    state = domain.plan_state(
        plan is not None,
        plan.last_reviewed_on if plan else None,
        plan.review_interval_days if plan else 0,
        timezone.localdate(),
    )
    return {
        "supplier_id": supplier.pk, "exists": plan is not None,
        "knowledge_transfer": plan.knowledge_transfer if plan else "",
        "alternate_sourcing": plan.alternate_sourcing if plan else "",
        "exit_steps": plan.exit_steps if plan else "",
        "last_reviewed_on": plan.last_reviewed_on if plan else None,
        "review_interval_days": plan.review_interval_days if plan else
        services.get_settings().plan_review_days,
        "version": plan.version if plan else None, "state": _plan_state(state),
    }  # fmt: skip


@router.get(f"{SUPPLIER}/transition-plan", response=RiskPlanOut, summary="Get a transition plan")
def get_plan(request: HttpRequest, supplier_id: int) -> dict[str, Any]:
    return _plan_out(_supplier(request, supplier_id))


@router.put(f"{SUPPLIER}/transition-plan", response=RiskPlanOut, summary="Write a transition plan")
def put_plan(request: HttpRequest, supplier_id: int, payload: RiskPlanIn) -> dict[str, Any]:
    supplier = _supplier(request, supplier_id)
    data = payload.model_dump(exclude_unset=True, exclude={"version"})
    services.save_plan(_user(request), supplier, data, payload.version)
    return _plan_out(supplier)


@router.post(
    f"{SUPPLIER}/transition-plan/reviewed", response=RiskPlanOut, summary="Record a plan review"
)
def plan_reviewed(
    request: HttpRequest, supplier_id: int, payload: RiskReviewedIn
) -> dict[str, Any]:
    supplier = _supplier(request, supplier_id)
    plan = get_object_or_404(TransitionPlan, supplier=supplier)
    services.mark_plan_reviewed(_user(request), plan, payload.reviewed_on)
    return _plan_out(supplier)


# --- financial watch ------------------------------------------------------------------------


def _rating(r: FinancialRating) -> dict[str, Any]:
    return {
        "id": r.pk, "supplier_id": r.supplier_id, "rated_on": r.rated_on, "score": r.score,
        "provider": r.provider, "note": r.note, "source": r.source,
    }  # fmt: skip


def _financial(supplier: Supplier) -> dict[str, Any]:
    watch = services.financial_watch(supplier)
    return {
        "supplier_id": supplier.pk,
        "ratings": [_rating(r) for r in watch.history[:500]],
        "suggested_factor": None if watch.factor is None else {
            "value": watch.factor.value, "explanation": watch.factor.explanation,
        },
        "current_factor": watch.current_factor,
        "deteriorations": [
            {
                "provider": d.provider, "previous_score": d.previous.score,
                "previous_rated_on": d.previous.rated_on, "current_score": d.current.score,
                "current_rated_on": d.current.rated_on, "reasons": d.reasons,
                "explanation": d.explanation,
            }
            for d in watch.deteriorations
        ],
    }  # fmt: skip


@router.get(f"{SUPPLIER}/financial", response=RiskFinancialOut, summary="A supplier's ratings")
def get_financial(request: HttpRequest, supplier_id: int) -> dict[str, Any]:
    """Rating history, deteriorations and the financial-health factor the latest suggests."""
    return _financial(_supplier(request, supplier_id))


@router.post(
    f"{SUPPLIER}/financial-ratings", response={201: RiskRatingOut}, summary="Record a rating"
)
def create_rating(
    request: HttpRequest, supplier_id: int, payload: RiskRatingIn
) -> Status[dict[str, Any]]:
    supplier = _supplier(request, supplier_id)
    rating = services.record_rating(_user(request), supplier, payload.model_dump())
    return Status(201, _rating(rating))


@router.post(
    f"{SUPPLIER}/financial/use-as-factor",
    response=RiskFinancialOut,
    summary="Use the latest rating as the financial-health factor",
)
def use_as_factor(request: HttpRequest, supplier_id: int) -> dict[str, Any]:
    """Sets segmentation's financial-health factor from the latest rating's band."""
    supplier = _supplier(request, supplier_id)
    services.use_rating_as_factor(_user(request), supplier)
    return _financial(Supplier.objects.select_related("segmentation").get(pk=supplier.pk))


@router.get("/risk/financial-ratings", response=list[RiskRatingOut], summary="List ratings")
@paginate(Pagination)
def list_ratings(request: HttpRequest) -> QuerySet[FinancialRating]:
    visible = Supplier.objects.visible_to(_user(request))
    return FinancialRating.objects.filter(supplier__in=visible).order_by(
        "supplier_id", "-rated_on", "pk"
    )


# --- power balance --------------------------------------------------------------------------


def _power(supplier: Supplier, revenue: SupplierRevenue | None) -> dict[str, Any]:
    balance = services.power_for(supplier, revenue, services.get_settings(), services.money())
    return {
        "supplier_id": supplier.pk, "supplier": supplier.name,
        "annual_revenue": revenue.annual_revenue if revenue else None,
        "revenue_currency": revenue.currency if revenue else None,
        "fiscal_year": revenue.fiscal_year if revenue else None,
        "source": revenue.source if revenue else "",
        "version": revenue.version if revenue else None,
        "kind": balance.kind, "label": balance.label,
        "our_share_percent": balance.share_percent,
        "size_ratio": balance.size_ratio.quantize(domain.CENT) if balance.size_ratio else None,
        "explanation": balance.explanation, "suggestions": list(balance.suggestions),
    }  # fmt: skip


@router.get(f"{SUPPLIER}/power", response=RiskPowerOut, summary="A supplier's power balance")
def get_power(request: HttpRequest, supplier_id: int) -> dict[str, Any]:
    supplier = _supplier(request, supplier_id)
    return _power(supplier, SupplierRevenue.objects.filter(supplier=supplier).first())


@router.put(f"{SUPPLIER}/revenue", response=RiskPowerOut, summary="Set a supplier's revenue")
def put_revenue(request: HttpRequest, supplier_id: int, payload: RiskRevenueIn) -> dict[str, Any]:
    supplier = _supplier(request, supplier_id)
    revenue = services.set_revenue(
        _user(request), supplier, payload.model_dump(exclude={"version"}), payload.version
    )
    return _power(supplier, revenue)


@router.get("/risk/power", response=list[RiskPowerOut], summary="The power balance list")
def list_power(request: HttpRequest) -> list[dict[str, Any]]:
    """Every supplier you may see with a recorded revenue."""
    return [_power(s, r) for s, r, _ in services.power_list(_user(request))]


# --- settings -------------------------------------------------------------------------------


def _settings_out() -> dict[str, Any]:
    current = services.get_settings()
    return {key: getattr(current, key) for key in (*services.SETTINGS_FIELDS, "version")}


@router.get("/risk/settings", response=RiskSettingsOut, summary="Risk settings")
def get_settings(request: HttpRequest) -> dict[str, Any]:
    _user(request)
    return _settings_out()


@router.put("/risk/settings", response=RiskSettingsOut, summary="Change the risk settings")
def put_settings(request: HttpRequest, payload: RiskSettingsIn) -> dict[str, Any]:
    """Administrators only."""
    user = _user(request)
    services.update_settings(
        user, payload.model_dump(exclude_unset=True, exclude={"version"}), payload.version
    )
    services.check_all()
    return _settings_out()
