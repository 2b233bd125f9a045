"""REST endpoints of quarterly reviews."""

from ninja import Router

router = Router(tags=["reviews"])
