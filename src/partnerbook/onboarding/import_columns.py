"""What each column of the onboarding tasks import means (for the Excel template)."""

from __future__ import annotations

from partnerbook.core.registry import ImportColumn
from partnerbook.suppliers.import_columns import EXAMPLE_USERNAME, supplier_columns

TASK_COLUMNS = (
    *supplier_columns(),
    ImportColumn(
        "milestone",
        "The milestone of the onboarding plan the task belongs to: day 30, 60 or 90.",
        required=True,
        example="30",
        choices=("30", "60", "90"),
        format="integer",
    ),
    ImportColumn(
        "side", "Who does it: ours or supplier.", example="ours", choices=("ours", "supplier")
    ),
    ImportColumn(
        "title",
        "What the task is; a title already in the plan updates that task, a new one adds it.",
        required=True,
        example="Share the packaging specs",
    ),
    ImportColumn(
        "owner",
        "A colleague's username or the e-mail of one of the supplier's "
        "contacts (empty: our point of contact, or their main contact).",
        example=EXAMPLE_USERNAME,
    ),
    ImportColumn(
        "due_on",
        "When it is due (empty: the end of the milestone).",
        example="2026-04-15",
        format="date",
    ),
    ImportColumn("detail", "More about the task.", example="Latest drawings and tolerances."),
    ImportColumn(
        "status", "Where the task stands.", example="open", choices=("open", "done", "dropped")
    ),
)
