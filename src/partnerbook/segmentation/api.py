"""REST endpoints of the segmentation app."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["segmentation"])
