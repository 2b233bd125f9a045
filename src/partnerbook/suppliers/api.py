"""REST endpoints of the supplier registry: suppliers, categories, contacts."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["suppliers"])
