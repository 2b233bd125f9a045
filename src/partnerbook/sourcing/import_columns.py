"""What each column of the sourcing imports means (for the Excel templates)."""

from __future__ import annotations

from partnerbook.core.registry import ImportColumn
from partnerbook.suppliers.import_columns import EXAMPLE_SUPPLIER, YES_NO, usernames

EXAMPLE_CRITERION = "On-time delivery record"
_PROJECT = ImportColumn(
    "project_id",
    "The sourcing project's number (in its page's address). Closed projects cannot change.",
    required=True,
    example="1",
    format="integer",
)
_SUPPLIER = ImportColumn(
    "supplier_name",
    "The supplier's name (letter case ignored).",
    required=True,
    example=EXAMPLE_SUPPLIER,
)

CRITERIA_COLUMNS = (
    _PROJECT,
    ImportColumn(
        "pillar",
        "Which pillar the criterion belongs to.",
        required=True,
        example="capabilities",
        choices=("goals", "values", "capabilities"),
    ),
    ImportColumn(
        "name",
        "The criterion; a name already in the project updates it, a new name adds one.",
        required=True,
        example=EXAMPLE_CRITERION,
    ),
    ImportColumn(
        "description",
        "What the criterion asks for.",
        example="At least 95% on time over the last year.",
    ),
    ImportColumn(
        "must_have",
        "Whether it must be met (yes) or is weighted (no).",
        example="no",
        choices=YES_NO,
    ),
    ImportColumn(
        "weight",
        "For a weighted criterion: a whole number from 1 to 100; empty for a must-have.",
        example="30",
        format="integer",
    ),
)

CANDIDATE_COLUMNS = (
    _PROJECT,
    ImportColumn(
        "supplier_name",
        "An existing supplier's name (letter case ignored) or, "
        "when no supplier has it, a new prospect in the project's category.",
        required=True,
        example=EXAMPLE_SUPPLIER,
    ),
    ImportColumn(
        "source",
        "How the candidate was found (needed for a new candidate).",
        example="trade_show",
        choices=("referral", "network", "trade_show", "inbound", "search", "existing"),
    ),
    ImportColumn(
        "stage",
        "Where the candidate stands (empty: long_list). The short list is "
        "refused while a must-have is marked not met.",
        example="long_list",
        choices=("long_list", "short_list", "rejected", "selected"),
    ),
    ImportColumn("note", "Free text about the candidate.", example="Met at the fair."),
)

EVALUATION_COLUMNS = (
    _PROJECT,
    _SUPPLIER,
    ImportColumn(
        "evaluator_username",
        "Whose scorecard it is (managers may import other people's, others only their own).",
        required=True,
        example="jane.buyer",
        choices=usernames,
    ),
    ImportColumn(
        "criterion_name",
        "Which criterion of the project.",
        required=True,
        example=EXAMPLE_CRITERION,
    ),
    ImportColumn(
        "score",
        "For a weighted criterion: 0 to 5.",
        example="4",
        choices=("0", "1", "2", "3", "4", "5"),
        format="integer",
    ),
    ImportColumn("met", "For a must-have: yes or no.", choices=YES_NO),
)

PILOT_COLUMNS = (
    ImportColumn(
        "supplier_name",
        "The supplier's name (it must be unique).",
        required=True,
        example=EXAMPLE_SUPPLIER,
    ),
    ImportColumn(
        "scope",
        "What the pilot tries.",
        required=True,
        example="One product line for three months.",
    ),
    ImportColumn(
        "starts_on",
        "The first day; a pilot of the same supplier starting the same day is updated, not added.",
        required=True,
        example="2026-04-01",
        format="date",
    ),
    ImportColumn("ends_on", "The last day.", required=True, example="2026-06-30", format="date"),
    ImportColumn(
        "success_criteria",
        "What counts as success.",
        required=True,
        example="No line stop; defects under 500 ppm.",
    ),
    ImportColumn(
        "outcome",
        "How it went (empty: pending).",
        example="pending",
        choices=("pending", "passed", "failed"),
    ),
    ImportColumn("evidence", "What shows the outcome; needed when passed or failed."),
)

BY_KIND = {
    "sourcing_candidates": CANDIDATE_COLUMNS,
    "sourcing_evaluations": EVALUATION_COLUMNS,
    "pilots": PILOT_COLUMNS,
}
