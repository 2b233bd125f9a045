"""What each column of the referrals and wins imports means (for the Excel templates)."""

from __future__ import annotations

from partnerbook.core.registry import ImportColumn
from partnerbook.suppliers.import_columns import (
    EXAMPLE_CATEGORY,
    EXAMPLE_EXTERNAL_ID,
    EXAMPLE_SUPPLIER,
    EXAMPLE_USERNAME,
    YES_NO,
    category_names,
    currency_codes,
    supplier_columns,
    usernames,
)

from . import domain

_ID = ImportColumn(
    "id", "The record's number: a row with it changes that record.", format="integer"
)

REFERRAL_COLUMNS = (
    _ID,
    ImportColumn(
        "referring_external_id",
        "The referring supplier's external id (or name it in referring_supplier).",
        example=EXAMPLE_EXTERNAL_ID,
    ),
    ImportColumn("referring_supplier", "The referring supplier's name.", example=EXAMPLE_SUPPLIER),
    ImportColumn(
        "referred_external_id",
        "The referred company's external id, when it is a registered supplier.",
    ),
    ImportColumn("referred_supplier", "The referred registered supplier's name."),
    ImportColumn(
        "company_name",
        "The referred company's name, when it is not registered.",
        example="Example Referred GmbH",
    ),
    ImportColumn("contact_name", "Who to talk to there.", example="Max Example"),
    ImportColumn("contact_email", "Their e-mail.", example="max@example.com"),
    ImportColumn("contact_phone", "Their phone.", example="+49 30 1234567"),
    ImportColumn(
        "category",
        "The category it is for, by name.",
        example=EXAMPLE_CATEGORY,
        choices=category_names,
    ),
    ImportColumn(
        "received_on",
        "The day the referral came in.",
        required=True,
        example="2026-03-01",
        format="date",
    ),
    ImportColumn(
        "status",
        "Where the referral stands (moved when it may be).",
        example="received",
        choices=tuple(domain.REFERRAL_STATUSES),
    ),
    ImportColumn("status_changed_on", "The day the status last changed.", format="date"),
    ImportColumn("reward_text", "The reward offered, in words.", example="A thank-you dinner."),
    ImportColumn("reward_amount", "The reward's amount.", format="decimal"),
    ImportColumn(
        "reward_currency", "The reward's three-letter ISO currency.", choices=currency_codes
    ),
    ImportColumn(
        "reward_status",
        "Whether the reward is promised or paid (paid needs paid_on).",
        example="none",
        choices=tuple(domain.REWARD_STATUSES),
    ),
    ImportColumn("paid_on", "The day the reward was paid.", format="date"),
    ImportColumn("note", "A short note.", example="Met at the trade show."),
)

WIN_COLUMNS = (
    _ID,
    *supplier_columns(),
    ImportColumn(
        "title",
        "The win, in a few words.",
        required=True,
        example="Lighter carton saves 8% freight",
    ),
    ImportColumn("story", "What happened.", example="Their idea, tested in the pilot."),
    ImportColumn(
        "happened_on", "The day it happened.", required=True, example="2026-03-10", format="date"
    ),
    ImportColumn("impact", "What it changed for us.", example="Lower freight cost."),
    ImportColumn(
        "impact_amount",
        "What it was worth; needs impact_currency.",
        example="12000.00",
        format="decimal",
    ),
    ImportColumn(
        "impact_currency",
        "The three-letter ISO currency of the amount.",
        example="EUR",
        choices=currency_codes,
    ),
    ImportColumn(
        "published", "Whether the win is shown to the supplier.", example="no", choices=YES_NO
    ),
    ImportColumn(
        "trust_points",
        "The trust-ledger deposit of a new win (empty: the configured number).",
        format="integer",
    ),
    ImportColumn(
        "recorded_by",
        "Who recorded it: a colleague's username (empty: you).",
        example=EXAMPLE_USERNAME,
        choices=usernames,
    ),
)

BY_KIND = {"referrals": REFERRAL_COLUMNS, "wins": WIN_COLUMNS}
