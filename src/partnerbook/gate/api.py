"""REST endpoints of the decision checklist (mounted under /api/v1)."""

from ninja import Router

router = Router(tags=["checklist"])
