"""What each column of the supply-risk imports means (for the Excel templates)."""

from __future__ import annotations

from partnerbook.core.registry import ImportColumn
from partnerbook.suppliers.import_columns import (
    EXAMPLE_CATEGORY,
    category_names,
    currency_codes,
    supplier_columns,
)

_WHO = (
    ImportColumn(
        "supplier_id",
        "Partnerbook's number of the supplier. Name the supplier by "
        "this, by external_id or by its exact name in supplier.",
        format="integer",
    ),
    *supplier_columns(),
)

SPEND_COLUMNS = (
    *_WHO,
    ImportColumn(
        "category",
        "The category the spend belongs to (empty: the supplier's own).",
        example=EXAMPLE_CATEGORY,
        choices=category_names,
    ),
    ImportColumn(
        "period", "The month of the spend.", required=True, example="2026-01", format="month"
    ),
    ImportColumn(
        "amount",
        "The amount spent; negative for a credit note.",
        required=True,
        example="10400.00",
        format="decimal",
    ),
    ImportColumn(
        "currency",
        "The three-letter ISO currency (empty: the supplier's).",
        example="EUR",
        choices=currency_codes,
    ),
)

RATING_COLUMNS = (
    *_WHO,
    ImportColumn(
        "date", "The day of the rating.", required=True, example="2026-02-01", format="date"
    ),
    ImportColumn(
        "score",
        "The rating, 0 to 100; higher is healthier.",
        required=True,
        example="72",
        format="integer",
    ),
    ImportColumn("provider", "Who rated (e.g. the credit agency).", example="Example Credit"),
    ImportColumn("note", "A short note.", example="Stable outlook."),
)

REVENUE_COLUMNS = (
    *_WHO,
    ImportColumn(
        "annual_revenue",
        "The supplier's total revenue in the year.",
        required=True,
        example="5000000.00",
        format="decimal",
    ),
    ImportColumn(
        "currency", "The three-letter ISO currency.", example="EUR", choices=currency_codes
    ),
    ImportColumn(
        "fiscal_year", "The fiscal year.", required=True, example="2025", format="integer"
    ),
    ImportColumn("source", "Where the number comes from.", example="Annual report"),
)

BACKUP_COLUMNS = (
    *_WHO,
    ImportColumn(
        "for_category", "Instead of a supplier: the category backed up.", choices=category_names
    ),
    ImportColumn(
        "backup_supplier", "The backup supplier's exact name.", example="Example Backup Ltd"
    ),
    ImportColumn("backup_external_id", "Or the backup supplier's external id.", example="EX-002"),
    ImportColumn(
        "status",
        "Whether the backup is only proposed or already qualified.",
        example="proposed",
        choices=("proposed", "qualified"),
    ),
    ImportColumn("qualified_on", "The day it was qualified.", format="date"),
    ImportColumn("evidence", "What shows it is qualified."),
    ImportColumn("note", "A short note.", example="Could take half the volume."),
)

PLAN_COLUMNS = (
    *_WHO,
    ImportColumn(
        "knowledge_transfer",
        "How the knowledge would move if the supplier left.",
        example="Drawings and test plans are kept by us.",
    ),
    ImportColumn(
        "alternate_sourcing",
        "Where the supply would come from instead.",
        example="The qualified backup.",
    ),
    ImportColumn(
        "exit_steps",
        "The steps of an orderly exit.",
        example="Give notice; build two months of stock; move tools.",
    ),
    ImportColumn(
        "last_reviewed_on",
        "The day the plan was last reviewed.",
        example="2026-02-15",
        format="date",
    ),
    ImportColumn(
        "review_interval_days", "How many days between reviews.", example="365", format="integer"
    ),
)

BY_KIND = {
    "spend": SPEND_COLUMNS,
    "financial_ratings": RATING_COLUMNS,
    "supplier_revenue": REVENUE_COLUMNS,
    "backups": BACKUP_COLUMNS,
    "transition_plans": PLAN_COLUMNS,
}
