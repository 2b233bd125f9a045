"""REST endpoints of relationship signals (filled in below)."""

from ninja import Router

router = Router(tags=["relationship"])
