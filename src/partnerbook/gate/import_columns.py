"""What each column of the decision checklist import means (for the Excel template)."""

from __future__ import annotations

from partnerbook.core.registry import ImportColumn
from partnerbook.suppliers.import_columns import supplier_columns

TICK_COLUMNS = (
    *supplier_columns(),
    ImportColumn(
        "item",
        "The checklist item ticked by hand: fit (technical and capacity fit) "
        "or financial (financial health check). The other items are read from the "
        "data of the feature that owns them.",
        required=True,
        example="fit",
        choices=("fit", "financial"),
    ),
    ImportColumn(
        "evidence",
        "What you relied on, e.g. the audit report or the credit check.",
        required=True,
        example="Site audit report of 2026-02-10.",
    ),
)
