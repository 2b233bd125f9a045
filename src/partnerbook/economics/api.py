"""REST endpoints of the economics app (mounted under /api/v1)."""

from ninja import Router

router = Router(tags=["economics"])
