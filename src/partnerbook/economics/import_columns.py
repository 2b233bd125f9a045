"""What each column of the partnership economics imports means (for the Excel templates)."""

from __future__ import annotations

from partnerbook.core.registry import ImportColumn
from partnerbook.suppliers.import_columns import (
    EXAMPLE_USERNAME,
    YES_NO,
    currency_codes,
    supplier_columns,
    usernames,
)

from . import domain

_REFERENCE = ImportColumn(
    "reference",
    "Your own reference: a row whose reference is already "
    "recorded for the supplier is left unchanged.",
    example="EX-REF-1",
)
_NOTE = ImportColumn("note", "A short note.", example="Example note.")
_CURRENCY = ImportColumn(
    "currency",
    "The amount's three-letter ISO currency (empty: the supplier's).",
    example="EUR",
    choices=currency_codes,
)
_AGREEMENT = ImportColumn(
    "agreement_id",
    "The gain-share agreement's number (in its page's address).",
    required=True,
    example="1",
    format="integer",
)
_SUPPLIER_NOTE = ImportColumn(
    "supplier", "The supplier's name; only there to help you read the file."
)
_PERIOD = ImportColumn(
    "period",
    "Any day of the period; it is moved to the period's first day.",
    required=True,
    example="2026-01-01",
    format="date",
)

TIME_COLUMNS = (
    *supplier_columns(),
    ImportColumn(
        "day", "The day the time was spent.", required=True, example="2026-03-02", format="date"
    ),
    ImportColumn(
        "hours", "Hours spent, 0.01 to 24.", required=True, example="2.5", format="decimal"
    ),
    ImportColumn(
        "activity",
        "What the time went on.",
        required=True,
        example="meeting_preparation",
        choices=tuple(domain.TIME_ACTIVITIES),
    ),
    ImportColumn(
        "who",
        "Who spent it: a colleague's username or e-mail (empty: you).",
        example=EXAMPLE_USERNAME,
        choices=usernames,
    ),
    _NOTE,
    _REFERENCE,
)

BENEFIT_COLUMNS = (
    *supplier_columns(),
    ImportColumn(
        "kind",
        "What kind of benefit.",
        required=True,
        example="volume_discount",
        choices=tuple(domain.BENEFIT_KINDS),
    ),
    ImportColumn(
        "amount",
        "What it was worth, with a dot for decimals.",
        required=True,
        example="1500.00",
        format="decimal",
    ),
    _CURRENCY,
    ImportColumn(
        "realised_on",
        "The day the benefit was realised.",
        required=True,
        example="2026-03-01",
        format="date",
    ),
    _NOTE,
    _REFERENCE,
)

COST_COLUMNS = (
    *supplier_columns(),
    ImportColumn(
        "kind",
        "What kind of extra cost.",
        required=True,
        example="logistics",
        choices=tuple(domain.COST_KINDS),
    ),
    ImportColumn(
        "amount",
        "What it cost, with a dot for decimals.",
        required=True,
        example="800.00",
        format="decimal",
    ),
    _CURRENCY,
    ImportColumn(
        "year", "The year the cost belongs to.", required=True, example="2026", format="integer"
    ),
    _NOTE,
    _REFERENCE,
)

SAVING_COLUMNS = (
    _AGREEMENT,
    _SUPPLIER_NOTE,
    _PERIOD,
    ImportColumn(
        "amount",
        "Positive for a saving against the baseline, negative for an overrun; one per period.",
        required=True,
        example="2500.00",
        format="decimal",
    ),
    ImportColumn("evidence", "What shows the amount.", example="Invoice comparison Q1."),
    ImportColumn(
        "verified", "yes verifies it as you (managers only).", example="no", choices=YES_NO
    ),
    ImportColumn(
        "third_party", "The neutral third party who checked it, when the agreement needs one."
    ),
)

PAYOUT_COLUMNS = (
    _AGREEMENT,
    _SUPPLIER_NOTE,
    _PERIOD,
    ImportColumn(
        "amount",
        "The amount paid out (managers only).",
        required=True,
        example="1250.00",
        format="decimal",
    ),
    ImportColumn(
        "paid_on", "The day it was paid.", required=True, example="2026-04-10", format="date"
    ),
    ImportColumn(
        "reference",
        "The payment's reference: a row with a reference already recorded is left as it is.",
        example="PAY-EX-1",
    ),
)

BY_KIND = {
    "time_logs": TIME_COLUMNS,
    "benefits": BENEFIT_COLUMNS,
    "cost_entries": COST_COLUMNS,
    "gainshare_savings": SAVING_COLUMNS,
    "gainshare_payouts": PAYOUT_COLUMNS,
}
