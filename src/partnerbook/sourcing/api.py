"""REST endpoints of sourcing."""

from ninja import Router

router = Router(tags=["sourcing"])
