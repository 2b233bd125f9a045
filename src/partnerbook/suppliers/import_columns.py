"""What each column of the supplier import means (for the Excel template), and the choice
lists and example names other apps' import columns share."""

from __future__ import annotations

from django_countries import countries

from partnerbook.accounts.models import INTERNAL_ROLES, User
from partnerbook.core import currencies
from partnerbook.core.registry import ImportColumn

from .domain import STATUS_LABELS
from .models import Category

# The example rows of the templates name this made-up supplier, so an example left in a
# file by mistake is refused instead of changing a real supplier.
EXAMPLE_EXTERNAL_ID = "EX-001"
EXAMPLE_SUPPLIER = "Example Supplier Ltd"
EXAMPLE_CATEGORY = "Packaging"
EXAMPLE_USERNAME = "jane.buyer"
YES_NO = ("yes", "no")
STATUSES = tuple(str(status.value) for status in STATUS_LABELS)


def category_names() -> list[str]:
    """The names of the categories (one query)."""
    return list(Category.objects.order_by("name").values_list("name", flat=True))


def usernames() -> list[str]:
    """The usernames of our active people (one query)."""
    people = User.objects.filter(role__in=INTERNAL_ROLES, is_active=True).order_by("username")
    return list(people.values_list("username", flat=True))


def country_names() -> list[str]:
    return [str(name) for _code, name in countries]


def currency_codes() -> tuple[str, ...]:
    return currencies.CODES


def supplier_columns(
    external_id: str = "external_id", supplier: str = "supplier"
) -> tuple[ImportColumn, ImportColumn]:
    """The two columns that name an existing supplier (either one will do)."""
    return (
        ImportColumn(
            external_id,
            "The supplier's id in your own systems (its external id). Name the supplier "
            f"by this or by '{supplier}'.",
            example=EXAMPLE_EXTERNAL_ID,
        ),
        ImportColumn(
            supplier,
            "The supplier's name, letter case ignored; used when no external id is given "
            "and no other supplier has the same name.",
            example=EXAMPLE_SUPPLIER,
        ),
    )


SUPPLIER_COLUMNS = (
    ImportColumn(
        "external_id",
        "The supplier's id in your own systems (e.g. the ERP vendor number). A row with it "
        "updates the supplier with that id, or creates one; without it, the row updates the "
        "supplier with the same name.",
        example=EXAMPLE_EXTERNAL_ID,
    ),
    ImportColumn(
        "name",
        "The supplier's trading name. Needed for a new supplier; on an update without an "
        "external id it says which supplier (letter case ignored) and is never renamed.",
        required=True,
        example=EXAMPLE_SUPPLIER,
    ),
    ImportColumn(
        "legal_name", "The registered legal name, if different.", example="Example Supplier Limited"
    ),
    ImportColumn(
        "category",
        "The name of an existing category.",
        example=EXAMPLE_CATEGORY,
        choices=category_names,
    ),
    ImportColumn(
        "country",
        "The country: an English name or a two- or three-letter ISO code.",
        example="Germany",
        choices=country_names,
    ),
    ImportColumn(
        "website", "The website; https:// is added when missing.", example="www.example.com"
    ),
    ImportColumn(
        "status",
        "Where the supplier stands in its lifecycle (or the status's label). A change must be "
        "a move the lifecycle allows; active needs the complete decision checklist.",
        example="active",
        choices=STATUSES,
    ),
    ImportColumn(
        "annual_spend",
        "What we spend with the supplier in a year (not negative).",
        example="125000.00",
        format="decimal",
    ),
    ImportColumn(
        "currency",
        "The three-letter ISO code of the spend's currency.",
        example="EUR",
        choices=currency_codes,
    ),
    ImportColumn(
        "relationship_owner",
        "The colleague who owns the relationship: a username or e-mail of an active user.",
        example=EXAMPLE_USERNAME,
        choices=usernames,
    ),
    ImportColumn(
        "tags",
        "Tags separated by commas or semicolons; they replace the supplier's tags.",
        example="packaging; eu",
    ),
    ImportColumn("notes", "Free notes about the supplier.", example="Found at a trade show."),
    ImportColumn(
        "override_reason",
        "Only for a move to active without the complete decision checklist: a manager's "
        "reason, kept and shown on the supplier's page.",
    ),
)
