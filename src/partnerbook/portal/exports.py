"""The export of a supplier's voice for our side: suggestions, early warnings and the concerns
our side may read, one row each. Anonymous concerns say "a contact at <supplier>", and held
back ones are left out, exactly as on the supplier tab. Three queries."""

from __future__ import annotations

from django.utils import translation

from partnerbook.core.spreadsheets import CONTENT_TYPES, Cell, ExportFile, write_csv, write_xlsx
from partnerbook.suppliers.models import Supplier

from . import services

COLUMNS = (
    "kind", "date", "from", "subject", "text", "proposal_or_impact", "due_by", "status",
    "our_reply", "answered_on",
)  # fmt: skip


def rows_of(supplier: Supplier) -> list[list[Cell]]:
    voice = services.voice_of(supplier)
    rows: list[list[Cell]] = []
    for m in voice.messages:
        rows.append([
            m.kind, m.created_at.date().isoformat(), m.author.display_name, m.title, m.text,
            m.proposal, m.due_by.isoformat() if m.due_by else "", m.status, m.reply,
            m.replied_at.date().isoformat() if m.replied_at else "",
        ])  # fmt: skip
    for view in voice.concerns:
        c = view.concern
        rows.append([
            "concern", c.raised_on.isoformat(), view.sender, c.get_topic_display(), c.text,
            "", "", "acknowledged" if c.acknowledged_on else "new", "",
            c.acknowledged_on.isoformat() if c.acknowledged_on else "",
        ])  # fmt: skip
    return rows


def export(supplier: Supplier, fmt: str) -> ExportFile:
    # Exports keep stable English (topics, "a contact at ..."), whatever the page speaks.
    with translation.override("en"):
        rows = rows_of(supplier)
    if fmt == "csv":
        return ExportFile(write_csv(COLUMNS, rows), CONTENT_TYPES["csv"], len(rows))
    content = write_xlsx("Supplier voice", COLUMNS, rows)
    return ExportFile(content, CONTENT_TYPES["xlsx"], len(rows))
