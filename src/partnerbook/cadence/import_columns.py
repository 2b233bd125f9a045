"""What each column of the meeting cadence import means (for the Excel template)."""

from __future__ import annotations

from partnerbook.core.registry import ImportColumn
from partnerbook.suppliers.import_columns import EXAMPLE_USERNAME, supplier_columns, usernames

from . import domain

CADENCE_COLUMNS = (
    *supplier_columns(),
    ImportColumn(
        "kind",
        "Which meeting: the supplier's meeting of this kind is updated, or added.",
        required=True,
        example="monthly_performance",
        choices=tuple(domain.KINDS),
    ),
    ImportColumn(
        "interval_days",
        "How many days between two meetings (1 or more).",
        example="30",
        format="integer",
    ),
    ImportColumn(
        "channels",
        "How the meeting is held, separated by spaces or commas: "
        + ", ".join(domain.CHANNELS)
        + ".",
        example="meeting call",
    ),
    ImportColumn(
        "our_level",
        "Who attends on our side.",
        example="management",
        choices=tuple(domain.LEVELS),
    ),
    ImportColumn(
        "their_level",
        "Who attends on the supplier's side.",
        example="management",
        choices=tuple(domain.LEVELS),
    ),
    ImportColumn("attendees", "Who takes part (at most 300 characters).", example="Jane, Tom"),
    ImportColumn(
        "owner",
        "The colleague who organises it: a username.",
        example=EXAMPLE_USERNAME,
        choices=usernames,
    ),
    ImportColumn(
        "planned_start",
        "When the next meeting starts.",
        example="2026-04-01 09:30",
        format="datetime",
    ),
    ImportColumn(
        "planned_end",
        "When it ends; after the start.",
        example="2026-04-01 10:30",
        format="datetime",
    ),
    ImportColumn("location", "Where it takes place (at most 200 characters).", example="Online"),
)
