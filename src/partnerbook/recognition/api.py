"""REST endpoints of the recognition app (mounted under /api/v1)."""

from ninja import Router

router = Router(tags=["recognition"])
