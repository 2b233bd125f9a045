"""What each column of the supplier-issue imports means (for the Excel templates)."""

from __future__ import annotations

from partnerbook.core.registry import ImportColumn
from partnerbook.suppliers.import_columns import YES_NO, supplier_columns

from . import domain

_ISSUE_ID = ImportColumn(
    "issue_id",
    "The issue's number (the id column of the issues sheet).",
    required=True,
    example="1",
    format="integer",
)
_SUPPLIER_NOTE = ImportColumn(
    "supplier",
    "The supplier's name; only there to help you read the file (the issue says which supplier).",
)
_NEW_ID = ImportColumn(
    "id",
    "The record's number: a row with it changes that record, a row without it adds a new one.",
    format="integer",
)

ISSUE_COLUMNS = (
    ImportColumn(
        "id",
        "The issue's number: a row with it changes that issue, a row without "
        "it raises a new issue at level 1 of the supplier's escalation path.",
        format="integer",
    ),
    *supplier_columns(),
    ImportColumn(
        "title",
        "What went wrong, in a few words.",
        required=True,
        example="Damaged cartons in delivery 4711",
    ),
    ImportColumn(
        "category",
        "What kind of issue it is.",
        required=True,
        example="quality",
        choices=tuple(domain.CATEGORIES),
    ),
    ImportColumn(
        "severity",
        "How bad it is.",
        required=True,
        example="major",
        choices=tuple(domain.SEVERITIES),
    ),
    ImportColumn("safety_impact", "Whether it affects safety.", example="no", choices=YES_NO),
    ImportColumn(
        "description",
        "What happened and what made it possible (not who is to blame).",
        example="12 of 200 cartons arrived crushed.",
    ),
    ImportColumn(
        "raised_by_side", "Which side raised it.", example="ours", choices=tuple(domain.SIDES)
    ),
    ImportColumn(
        "raised_at",
        "When it was raised: YYYY-MM-DD HH:MM or just the date.",
        example="2026-03-02 10:00",
        format="datetime",
    ),
    ImportColumn(
        "status",
        "Open or resolved; resolved needs a resolution.",
        example="open",
        choices=tuple(domain.STATUSES),
    ),
    ImportColumn("resolved_at", "When it was resolved.", format="datetime"),
    ImportColumn("resolution", "How it was settled; needed when resolved."),
    ImportColumn("level", "The escalation level; only for reading (an import ignores it)."),
    ImportColumn("owner", "Who owns the issue; only for reading (an import ignores it)."),
)

STEP_COLUMNS = (
    _ISSUE_ID,
    _SUPPLIER_NOTE,
    ImportColumn(
        "step",
        "Which problem-solving step.",
        required=True,
        example="define",
        choices=domain.STEP_KEYS,
    ),
    ImportColumn(
        "ours",
        "What the step found, in our words.",
        example="Cartons crush when stacked above five.",
    ),
    ImportColumn(
        "theirs", "The supplier's input to the step.", example="A new glue was used since February."
    ),
    ImportColumn("held", "For the follow-up only: whether the fix held.", choices=YES_NO),
)

ESCALATION_COLUMNS = (
    _ISSUE_ID,
    _SUPPLIER_NOTE,
    ImportColumn("from_level", "The level before; only for reading (an import ignores it)."),
    ImportColumn(
        "to_level",
        "The level of the escalation path the issue moves to.",
        required=True,
        example="2",
        format="integer",
    ),
    ImportColumn(
        "reason",
        "Why it moves, in a sentence.",
        required=True,
        example="No containment after five days.",
    ),
    ImportColumn(
        "moved_at",
        "When it moved (empty: now); rows about one issue apply in file order.",
        example="2026-03-09 09:00",
        format="datetime",
    ),
)

CAR_COLUMNS = (
    ImportColumn("id", "The request's number; only for reading.", format="integer"),
    ImportColumn(
        "issue_id",
        "The number of the quality issue the request is about.",
        required=True,
        example="1",
        format="integer",
    ),
    _SUPPLIER_NOTE,
    ImportColumn("opened_on", "When it was opened; only for reading."),
    ImportColumn(
        "due_on", "When the answers are due; not in the past.", example="2030-06-30", format="date"
    ),
    ImportColumn(
        "closed_on", "The day it was closed: needs D1 to D7 answered and D8 written.", format="date"
    ),
    *(
        ImportColumn(
            d.key,
            f"{d.label}: {d.prompt}",
            example="Jane (lead), Tom, the supplier's quality engineer."
            if d.key == "d1_team"
            else "",
        )
        for d in domain.DISCIPLINES
    ),
)

RETRO_COLUMNS = (
    _NEW_ID,
    *supplier_columns(),
    ImportColumn(
        "milestone",
        "The milestone looked back on.",
        required=True,
        example="First quarter of the pilot",
    ),
    ImportColumn(
        "held_on", "The day it was held.", required=True, example="2026-03-20", format="date"
    ),
    ImportColumn(
        "issue_id", "The number of an issue it looks back on (optional).", format="integer"
    ),
    ImportColumn("ours_worked", "Our side: what worked.", example="Weekly calls."),
    ImportColumn("ours_did_not", "Our side: what did not.", example="Late forecasts."),
    ImportColumn("ours_change", "Our side: what to change.", example="Share forecasts monthly."),
    ImportColumn("theirs_worked", "The supplier's side: what worked.", example="Quick answers."),
    ImportColumn(
        "theirs_did_not", "The supplier's side: what did not.", example="Unclear drawings."
    ),
    ImportColumn(
        "theirs_change", "The supplier's side: what to change.", example="One drawing owner."
    ),
)

ACTION_COLUMNS = (
    _NEW_ID,
    _ISSUE_ID,
    _SUPPLIER_NOTE,
    ImportColumn(
        "title",
        "The agreed action; a title matching an action of the issue changes it.",
        required=True,
        example="Switch back to the old glue",
    ),
    ImportColumn("detail", "More about the action.", example="Until the new glue is tested."),
    ImportColumn(
        "owner",
        "A colleague's username, or the name or e-mail of one of the supplier's contacts.",
        required=True,
        example="jane.buyer",
    ),
    ImportColumn("due_on", "When it is due.", required=True, example="2026-04-15", format="date"),
    ImportColumn("status", "Where it stands.", example="open", choices=("open", "done", "dropped")),
)

BY_KIND = {
    "issues": ISSUE_COLUMNS,
    "issue_steps": STEP_COLUMNS,
    "escalations": ESCALATION_COLUMNS,
    "corrective_actions": CAR_COLUMNS,
    "retrospectives": RETRO_COLUMNS,
    "issue_actions": ACTION_COLUMNS,
}
