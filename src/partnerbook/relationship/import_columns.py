"""What each column of the interactions import means (for the Excel template)."""

from __future__ import annotations

from partnerbook.core.registry import ImportColumn
from partnerbook.suppliers.import_columns import supplier_columns

from . import domain

SIDES = ("ours", "supplier")

INTERACTION_COLUMNS = (
    ImportColumn(
        "external_ref",
        "Your own key for the interaction (e.g. the CRM activity id): importing the same file "
        "again changes nothing. Without it, an exact copy of a stored interaction is skipped.",
        example="CRM-10001",
    ),
    *supplier_columns(),
    ImportColumn(
        "occurred_on",
        "The day the interaction took place.",
        required=True,
        example="2026-03-02",
        format="date",
    ),
    ImportColumn(
        "channel",
        "How it took place.",
        required=True,
        example="call",
        choices=tuple(domain.CHANNELS),
    ),
    ImportColumn(
        "initiated_by",
        "Which side started it: ours or supplier.",
        required=True,
        example="supplier",
        choices=SIDES,
    ),
    ImportColumn("subject", "A short subject line.", example="Packaging change proposal"),
    ImportColumn(
        "tags",
        "Relationship signals, separated by ';' (e.g. unsolicited_suggestion; early_warning).",
        example="unsolicited_suggestion",
    ),
    ImportColumn("notes", "What was said or agreed.", example="They proposed a lighter carton."),
    ImportColumn(
        "request_side",
        "For a request: which side asked, ours or supplier.",
        example="ours",
        choices=SIDES,
    ),
    ImportColumn(
        "request_kind",
        "For a request: what was asked for.",
        example="data",
        choices=tuple(domain.REQUEST_KINDS),
    ),
    ImportColumn(
        "asked_at",
        "For a request: when it was asked.",
        example="2026-03-02 09:30",
        format="datetime",
    ),
    ImportColumn(
        "answered_at",
        "For a request: when it was answered (empty: not yet); not before it was asked.",
        example="2026-03-03 14:00",
        format="datetime",
    ),
)
