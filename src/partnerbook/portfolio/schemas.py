"""The portfolio's filters (shared by the page, the matrix endpoint and the exports) and the
shape of the value-risk matrix data."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, Literal

from django.urls import reverse
from ninja import Schema
from pydantic import Field, ValidationError

from partnerbook.accounts.models import User
from partnerbook.core.schema_types import drop_blanks
from partnerbook.segmentation import services as segmentation
from partnerbook.segmentation.domain import QUADRANT_LABELS, QUADRANT_MEANING, Quadrant
from partnerbook.suppliers.filters import MAX_ID
from partnerbook.suppliers.schemas import CategoryRef, PersonRef
from partnerbook.suppliers.services import category_with_descendants

QuadrantValue = Literal["strategic", "operational", "opportunistic", "avoid"]
ModelValue = Literal["transactional", "partnership"]

assert set(QuadrantValue.__args__) == {q.value for q in Quadrant}  # type: ignore[attr-defined]  # noqa: S101


class PortfolioFilters(Schema):
    """Query parameters of the portfolio page, its matrix endpoint and its exports."""

    category: int | None = Field(
        None, ge=1, le=MAX_ID, description="Category id (its sub-categories included)"
    )
    owner: int | None = Field(
        None, ge=0, le=MAX_ID, description="Relationship owner's user id; 0 = no owner"
    )

    def portfolio_for(self, viewer: User) -> segmentation.Portfolio:
        """The segmented portfolio `viewer` may see, narrowed by these filters."""
        category_ids = category_with_descendants(self.category) if self.category else None
        return segmentation.portfolio(viewer, category_ids=category_ids, owner_id=self.owner)

    def querystring(self) -> str:
        """The valid filters as a query string (bad ones already dropped)."""
        return "&".join(f"{k}={v}" for k, v in self.model_dump().items() if v is not None)


def parse_filters(params: dict[str, Any]) -> tuple[PortfolioFilters, dict[str, str]]:
    """Validate a web request's filters: bad values are dropped and reported, not fatal."""
    data = drop_blanks({k: v for k, v in params.items() if k in PortfolioFilters.model_fields})
    errors: dict[str, str] = {}
    try:
        return PortfolioFilters.model_validate(data), errors
    except ValidationError as exc:
        for err in exc.errors():
            field = str(err["loc"][0]) if err["loc"] else "__all__"
            errors[field] = err["msg"]
            data.pop(field, None)
    return PortfolioFilters.model_validate(data), errors


# --- the matrix ---------------------------------------------------------------------------


class Cutoffs(Schema):
    value: float = Field(description="Value scores at or above this count as high")
    risk: float = Field(description="Risk scores at or above this count as high")


class QuadrantTotal(Schema):
    quadrant: QuadrantValue
    label: str
    meaning: str
    count: int
    spend: float = Field(description="Known spend in the reporting currency")


class GuidanceOut(Schema):
    code: str
    title: str
    detail: str
    supplier_ids: list[int]


class _SupplierBase(Schema):
    id: int
    name: str
    url: str = Field(description="The supplier's page")
    segmentation_url: str = Field(
        description="The supplier's segmentation, with each factor's contribution"
    )
    category: CategoryRef | None
    owner: PersonRef | None = Field(description="Relationship owner")
    status: str
    spend: float | None = Field(
        description="Annual spend in the reporting currency; null when unknown or no rate"
    )
    annual_spend: Decimal | None = Field(description="Annual spend as recorded, in `currency`")
    currency: str
    reason: str = Field(description="Why the supplier sits where it does (or is not placed)")


class MatrixSupplier(_SupplierBase):
    """One bubble: x = risk, y = value, size = spend, colour = effective quadrant."""

    value: float
    risk: float
    confidence: float = Field(description="Share of the factor weight that had data, 0..1")
    quadrant: QuadrantValue = Field(description="Effective quadrant (the override, if any)")
    computed_quadrant: QuadrantValue
    overridden: bool
    override_reason: str
    recommended_model: ModelValue
    chosen_model: ModelValue | None
    model_mismatch: bool
    expectation_gap_flagged: bool


class UnplacedSupplier(_SupplierBase):
    """A supplier without a value or risk score yet: counted, listed, not plotted."""

    missing: list[str] = Field(description="Factors not recorded yet")
    quadrant: QuadrantValue | None = Field(
        description="A manager's override, when one was recorded before any score"
    )


class MatrixOut(Schema):
    reporting_currency: str
    cutoffs: Cutoffs
    quadrants: list[QuadrantTotal]
    suppliers: list[MatrixSupplier]
    unplaced: list[UnplacedSupplier]
    guidance: list[GuidanceOut]


def quadrant_totals(portfolio: segmentation.Portfolio) -> list[dict[str, Any]]:
    """Count and spend of each quadrant, in the matrix's order, with its label and meaning."""
    return [
        {
            "quadrant": q.value,
            "label": QUADRANT_LABELS[q],
            "meaning": QUADRANT_MEANING[q],
            "count": int(portfolio.by_quadrant[q.value]["count"]),
            "spend": portfolio.by_quadrant[q.value]["spend"],
        }
        for q in Quadrant
    ]


def url_maker(name: str) -> Callable[[int], str]:
    """pk -> the path of URL `name` for that record, reversing only once.

    `reverse()` for each of thousands of suppliers would cost more than the scoring does.
    """
    marker = 987654321
    template = reverse(name, args=[marker]).replace(str(marker), "{}")
    return template.format


def matrix_data(portfolio: segmentation.Portfolio) -> dict[str, Any]:
    """The value-risk matrix of `portfolio` as plain data for MatrixOut (no queries)."""
    supplier_url = url_maker("suppliers:detail")
    segmentation_url = url_maker("segmentation:supplier")
    placed: list[dict[str, Any]] = []
    unplaced: list[dict[str, Any]] = []
    for entry in portfolio.entries:
        s, seg = entry.supplier, entry.segmentation
        placement = seg.placement
        row: dict[str, Any] = {
            "id": s.pk,
            "name": s.name,
            "url": supplier_url(s.pk),
            "segmentation_url": segmentation_url(s.pk),
            "category": s.category,
            "owner": s.relationship_owner,
            "status": s.status,
            "spend": entry.spend,
            "annual_spend": s.annual_spend,
            "currency": s.currency,
            "reason": placement.reason,
        }
        if seg.quadrant is None or placement.quadrant is None:
            row["missing"] = placement.value.missing + placement.risk.missing
            row["quadrant"] = seg.quadrant.value if seg.quadrant else None
            unplaced.append(row)
            continue
        row.update(
            value=placement.value.score,
            risk=placement.risk.score,
            confidence=placement.confidence,
            quadrant=seg.quadrant.value,
            computed_quadrant=placement.quadrant.value,
            overridden=seg.overridden,
            override_reason=seg.profile.override_reason if seg.overridden else "",
            recommended_model=seg.fit.recommended.value,
            chosen_model=seg.profile.chosen_model or None,
            model_mismatch=seg.model_mismatch,
            expectation_gap_flagged=bool(seg.gap and seg.gap.flagged),
        )
        placed.append(row)
    return {
        "reporting_currency": portfolio.reporting_currency,
        "cutoffs": {"value": portfolio.config.value_cutoff, "risk": portfolio.config.risk_cutoff},
        "quadrants": quadrant_totals(portfolio),
        "suppliers": placed,
        "unplaced": unplaced,
        "guidance": [
            {
                "code": c.code,
                "title": str(c.title),  # the English sentence
                "detail": str(c.detail),
                "supplier_ids": list(c.supplier_ids),
            }
            for c in portfolio.guidance
        ],
    }
