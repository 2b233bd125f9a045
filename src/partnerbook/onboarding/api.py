"""REST endpoints of onboarding plans and expansion opportunities (mounted under /api/v1)."""

from ninja import Router

router = Router(tags=["onboarding"])
