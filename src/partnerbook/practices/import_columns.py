"""What each column of the agreements import means (for the Excel template)."""

from __future__ import annotations

from partnerbook.core.registry import ImportColumn
from partnerbook.suppliers.import_columns import supplier_columns

_SECTIONS = {
    "scope": "Section: what the agreement covers.",
    "deliverables": "Section: what the supplier delivers.",
    "payment_terms": "Section: when and how we pay.",
    "pricing_model": "Section: how prices are set (fixed, index-linked, cost-plus, ...).",
    "service_levels": "Section: the service levels agreed.",
    "performance_guarantees": "Section: what the supplier guarantees and what happens if not.",
    "dispute_resolution": "Section: how disputes are settled.",
    "termination": "Section: how either side may end the agreement.",
    "ip_terms": "Section: who owns intellectual property made together.",
    "joint_investment": "Section: what both sides invest together.",
    "gain_sharing": "Section: how savings and gains are shared.",
}

AGREEMENT_COLUMNS = (
    *supplier_columns(),
    ImportColumn(
        "kind",
        "What kind of agreement it is.",
        required=True,
        example="mutual_nda",
        choices=("mutual_nda", "one_way_nda", "supply", "framework", "other"),
    ),
    ImportColumn(
        "template",
        "The contract template: how much a contract must cover (a supply "
        "agreement needs one; its template's sections must be filled).",
        choices=("transactional", "collaborative", "strategic"),
    ),
    ImportColumn(
        "reference",
        "The agreement's reference. A row updates the agreement of the "
        "same supplier, kind and reference (without one: the same signed_on day), "
        "or adds a new one.",
        example="NDA-2026-001",
    ),
    ImportColumn("signed_on", "The day it was signed.", example="2026-01-15", format="date"),
    ImportColumn("starts_on", "The day it takes effect.", example="2026-01-15", format="date"),
    ImportColumn(
        "expires_on", "The day it ends (empty: open-ended).", example="2028-01-14", format="date"
    ),
    ImportColumn(
        "renewal_notice_days",
        "How many days before expiry notice must be given.",
        example="90",
        format="integer",
    ),
    *(
        ImportColumn(key, text, example="Exchange of drawings." if key == "scope" else "")
        for key, text in _SECTIONS.items()
    ),
    ImportColumn(
        "escalation_path",
        "Section: the escalation levels as level:who:days "
        "separated by semicolons, e.g. 1:Buyer:5; 2:Category manager:10.",
    ),
    ImportColumn(
        "legal_reviewed_on", "The day legal reviewed it.", example="2026-01-10", format="date"
    ),
    ImportColumn("legal_reviewer", "Who reviewed it for legal.", example="Legal team"),
    ImportColumn("note", "Anything else worth knowing.", example="Signed at the kick-off."),
)
