"""What each column of the performance imports means (for the Excel templates): deliveries,
KPI definitions, measurements, reviewers' scores and the supplier's ratings of us."""

from __future__ import annotations

from partnerbook.core.registry import ImportColumn
from partnerbook.suppliers.import_columns import (
    EXAMPLE_CATEGORY,
    EXAMPLE_USERNAME,
    YES_NO,
    category_names,
    supplier_columns,
    usernames,
)

from . import domain
from .models import KpiDefinition

EXAMPLE_JUDGEMENT_KPI = "collaboration"
EXAMPLE_ENTERED_KPI = "cost_variance"


def _kpi_keys(kinds: object) -> list[str]:
    found = KpiDefinition.objects.filter(kind__in=list(kinds))  # type: ignore[call-overload]
    return list(found.order_by("key").values_list("key", flat=True).distinct())


def judgement_kpi_keys() -> list[str]:
    """The keys of the judgement KPIs defined (one query)."""
    return _kpi_keys(domain.RATED_KINDS)


def entered_kpi_keys() -> list[str]:
    """The keys of the KPIs whose values are entered monthly (one query)."""
    return _kpi_keys(domain.ENTERED_KINDS)


DELIVERY_COLUMNS = (
    ImportColumn(
        "po_line_id",
        "The purchase-order line's key (e.g. PO number and line): importing the file again "
        "updates the line instead of adding it twice.",
        required=True,
        example="PO-4500001-10",
    ),
    *supplier_columns(),
    ImportColumn(
        "ordered_on",
        "The day the line was ordered.",
        required=True,
        example="2026-02-02",
        format="date",
    ),
    ImportColumn(
        "promised_on",
        "The delivery day the supplier promised.",
        required=True,
        example="2026-02-20",
        format="date",
    ),
    ImportColumn(
        "promised_qty",
        "The quantity promised (not negative).",
        required=True,
        example="100",
        format="decimal",
    ),
    ImportColumn(
        "received_on",
        "The day the goods arrived; not before the order.",
        example="2026-02-19",
        format="date",
    ),
    ImportColumn(
        "received_qty", "The quantity received (not negative).", example="100", format="decimal"
    ),
    ImportColumn(
        "rejected_qty",
        "How much of what was received was rejected; at most the quantity received.",
        example="0",
        format="decimal",
    ),
)

KPI_COLUMNS = (
    ImportColumn(
        "key",
        "The KPI's key: lower-case letters, digits and _, starting with a letter (at most 40).",
        required=True,
        example="packaging_damage",
    ),
    ImportColumn(
        "name",
        "The KPI's name (at most 100 characters).",
        required=True,
        example="Packaging damage",
    ),
    ImportColumn(
        "kind",
        "How the KPI gets its values: computed from deliveries (on_time, "
        "in_full, acceptance, defect_ppm), entered monthly (cost_variance, "
        "responsiveness, innovation, custom), counted from the relationship log "
        "(suggestions) or scored by reviewers (judgement).",
        required=True,
        example="custom",
        choices=tuple(domain.KINDS),
    ),
    ImportColumn(
        "direction",
        "Whether higher or lower values are better.",
        required=True,
        example="lower",
        choices=tuple(domain.DIRECTIONS),
    ),
    ImportColumn("unit", "The unit shown with values (at most 20 characters).", example="%"),
    ImportColumn("target", "The value aimed for.", required=True, example="1", format="decimal"),
    ImportColumn(
        "yellow_threshold",
        "Where the KPI turns yellow; between target and red.",
        required=True,
        example="2",
        format="decimal",
    ),
    ImportColumn(
        "red_threshold",
        "Where the KPI turns red (when higher is better: red ≤ "
        "yellow ≤ target; when lower is better the other way round).",
        required=True,
        example="5",
        format="decimal",
    ),
    ImportColumn(
        "weight",
        "The KPI's weight in the overall score, 0 to 1,000 (empty: 1).",
        example="10",
        format="decimal",
    ),
    ImportColumn("core", "Whether it is a core KPI (empty: yes).", example="yes", choices=YES_NO),
    ImportColumn(
        "category",
        "For a category's KPI: the category's name. Leave it and the "
        "supplier empty for a default KPI of every supplier.",
        example=EXAMPLE_CATEGORY,
        choices=category_names,
    ),
    ImportColumn(
        "external_id",
        "For one supplier's override: the supplier's external id (leave the category empty then).",
    ),
    ImportColumn("supplier", "For one supplier's override: the supplier's name."),
)

MEASUREMENT_COLUMNS = (
    *supplier_columns(),
    ImportColumn(
        "kpi",
        "The key of one of the supplier's entered KPIs (cost variance, "
        "responsiveness, innovation or a custom KPI).",
        required=True,
        example=EXAMPLE_ENTERED_KPI,
        choices=entered_kpi_keys,
    ),
    ImportColumn(
        "month",
        "The month measured; not in the future. A month that already has a value is corrected.",
        required=True,
        example="2026-01",
        format="month",
    ),
    ImportColumn("value", "The measured value.", required=True, example="1.5", format="decimal"),
)

RATING_COLUMNS = (
    *supplier_columns(),
    ImportColumn(
        "kpi",
        "The key of one of the supplier's judgement KPIs.",
        required=True,
        example=EXAMPLE_JUDGEMENT_KPI,
        choices=judgement_kpi_keys,
    ),
    ImportColumn(
        "month",
        "The month scored (or its first day); not in the future.",
        required=True,
        example="2026-01",
        format="month",
    ),
    ImportColumn(
        "rater",
        "The reviewer's username (viewers do not score).",
        required=True,
        example=EXAMPLE_USERNAME,
        choices=usernames,
    ),
    ImportColumn("score", "The score, 0 to 100.", required=True, example="80", format="integer"),
    ImportColumn("comment", "Why this score (optional).", example="Quick to share forecasts."),
)

PARTNER_RATING_COLUMNS = (
    *supplier_columns(),
    ImportColumn(
        "quarter",
        "The quarter rated, written YYYY-Qn (e.g. 2026-Q1) or as its first day; not in the future.",
        required=True,
        example="2026-Q1",
    ),
    ImportColumn(
        "criterion",
        "What the supplier rated us on (or the criterion's name).",
        required=True,
        example="payment_on_time",
        choices=tuple(domain.CUSTOMER_CRITERIA),
    ),
    ImportColumn(
        "score",
        "A whole number from 1 (poor) to 5 (excellent).",
        required=True,
        example="4",
        choices=("1", "2", "3", "4", "5"),
        format="integer",
    ),
    ImportColumn("comment", "The supplier's comment (optional).", example="Invoices paid on time."),
)
