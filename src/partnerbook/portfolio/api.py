"""REST endpoints of the portfolio app."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from partnerbook.accounts.models import User

from .schemas import MatrixOut, PortfolioFilters, matrix_data

router = Router(tags=["portfolio"])


@router.get("/portfolio/matrix", response=MatrixOut, summary="Value-risk matrix")
def portfolio_matrix(request: HttpRequest, filters: Query[PortfolioFilters]) -> dict[str, Any]:
    """Every current supplier with its value, risk, quadrant (effective and computed) and
    spend, the quadrant totals and the portfolio guidance checks; suppliers without scores
    are listed under `unplaced`. Internal users only (portal users get 403)."""
    user: User = request.user  # type: ignore[assignment]
    return matrix_data(filters.portfolio_for(user))
