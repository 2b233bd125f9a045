"""Web pages of reviewers' scores and the mutual scorecard."""

from __future__ import annotations

from typing import Any


def scorecard_context(user: Any, supplier: Any, card: Any, definitions: Any) -> dict[str, Any]:
    """What the Performance tab adds about ratings and the mutual scorecard."""
    return {}


def register() -> None:
    """Register this module's import kinds and other registry entries (called by apps.py)."""
