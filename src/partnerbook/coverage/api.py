"""REST endpoints of contact coverage (mounted under /api/v1). Internal users only: portal
users get 403, like the relationship signals the coverage is read from."""

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router

from partnerbook.accounts.policy import require
from partnerbook.suppliers.models import Supplier

from . import domain, services
from .schemas import CoverageOut

router = Router(tags=["coverage"])


@router.get(
    "/suppliers/{supplier_id}/coverage", response=CoverageOut, summary="Get contact coverage"
)
def get_coverage(request: HttpRequest, supplier_id: int) -> dict[str, Any]:
    """Bow-tie, diamond, partial or no contact, with the grid of levels, the counts behind
    it, the missing links and whether it is a concern for this supplier."""
    require(request.user, "coverage.view")
    supplier = get_object_or_404(Supplier.objects.visible_to(request.user), pk=supplier_id)
    a = services.assess(supplier)
    c = a.coverage
    return {
        "supplier_id": supplier.pk,
        "as_of": c.as_of,
        "classification": c.classification,
        "summary": c.summary,
        "explanation": list(c.explanation),
        "interactions": c.meetings,
        "unnamed": c.unnamed,
        "grid": [
            {"our_level": level, **c.grid[level]} for level in (*domain.LEVELS, domain.UNKNOWN)
        ],
        "covered_levels": list(c.covered_levels),
        "pair": c.pair.as_dict() if c.pair else None,
        "missing_links": list(c.missing_links),
        "our_functions": [
            {"function": f, "interactions": n} for f, n in c.functions.get("ours", {}).items()
        ],
        "their_functions": [
            {"function": f, "interactions": n} for f, n in c.functions.get("supplier", {}).items()
        ],
        "concern": a.meaning.concern,
        "expects_depth": a.meaning.expects_depth,
        "basis": a.meaning.basis,
        "meaning": a.meaning.message,
    }
