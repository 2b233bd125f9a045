"""What each column of the segmentation import means (for the Excel template)."""

from __future__ import annotations

from partnerbook.core.registry import ImportColumn
from partnerbook.suppliers.import_columns import YES_NO, supplier_columns

SCORES = ("1", "2", "3", "4", "5")
STAGES = ("transactional", "cooperative", "collaborative", "strategic")


def _score(name: str, meaning: str, example: str) -> ImportColumn:
    return ImportColumn(name, meaning, example=example, choices=SCORES, format="integer")


def _flag(name: str, meaning: str, example: str) -> ImportColumn:
    return ImportColumn(
        name, f"{meaning} yes or no (true/false and 1/0 work too).", example=example, choices=YES_NO
    )


SEGMENTATION_COLUMNS = (
    *supplier_columns(),
    _score("criticality", "Business criticality: 1 nice to have … 5 stops our business.", "4"),
    _score("complexity", "Complexity of what they supply: 1 simple … 5 highly engineered.", "3"),
    _score("innovation", "Innovation they bring: 1 none … 5 shapes our products.", "3"),
    _score("integration", "Integration into our products and processes: 1 none … 5 deep.", "2"),
    _score("financial_health", "Financial health: 1 very weak … 5 strong.", "4"),
    _flag("single_source", "Whether there is no qualified backup supplier:", "no"),
    _score("market_difficulty", "Supply-market difficulty: 1 many sources … 5 very few.", "3"),
    _score("country_risk", "Country or geographic risk: 1 low … 5 high.", "2"),
    _score("ip_sensitivity", "Intellectual-property sensitivity: 1 none … 5 crown jewels.", "2"),
    _score("regulatory_constraints", "Regulatory constraints: 1 none … 5 heavy.", "1"),
    ImportColumn(
        "serious_incidents",
        "How many serious incidents there were in the last twelve months (0 or more).",
        example="0",
        format="integer",
    ),
    _flag("commodity", "Whether it is a commodity with many interchangeable suppliers:", "no"),
    _score(
        "collaboration_willingness",
        "Can and will the supplier collaborate? 1 not at all … 5 eagerly.",
        "4",
    ),
    _flag("supplier_is_competitor", "Whether the supplier also competes with us:", "no"),
    _flag(
        "regulation_mandates_distance",
        "Whether regulation requires an arm's-length relationship:",
        "no",
    ),
    _flag("shared_risk_reward", "Whether risk and reward are shared, e.g. a gain-share:", "no"),
    ImportColumn(
        "chosen_model",
        "The engagement model chosen for the supplier: transactional or partnership.",
        example="partnership",
        choices=("transactional", "partnership"),
    ),
    ImportColumn(
        "our_expectation",
        "The maturity stage we expect of the relationship.",
        example="collaborative",
        choices=STAGES,
    ),
    ImportColumn(
        "supplier_expectation",
        "The maturity stage the supplier expects of the relationship.",
        example="cooperative",
        choices=STAGES,
    ),
)
