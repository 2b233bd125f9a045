"""REST endpoints of reviewers' scores and the mutual scorecard."""

from ninja import Router

router = Router(tags=["performance"])
