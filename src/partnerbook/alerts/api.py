"""REST endpoints of the alerts inbox (filled in below)."""

from ninja import Router

router = Router(tags=["alerts"])
