"""Import interactions from CSV or XLSX (filled in below)."""

from __future__ import annotations

from typing import IO, Any

COLUMNS = (
    "external_ref", "external_id", "supplier", "occurred_on", "channel", "initiated_by",
    "subject", "tags", "notes", "request_side", "request_kind", "asked_at", "answered_at",
)  # fmt: skip


def import_interactions(actor: Any, source: IO[bytes] | bytes, filename: str, **kwargs: Any) -> Any:
    raise NotImplementedError
