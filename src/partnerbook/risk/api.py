"""REST endpoints of the risk app (mounted under /api/v1)."""

from ninja import Router

router = Router(tags=["risk"])
