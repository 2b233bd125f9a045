"""The pure part of the mapping step: synonyms and value clean-ups (no database)."""

from __future__ import annotations

import pytest

from partnerbook.suppliers import synonyms
from partnerbook.suppliers.synonyms import (
    header_key,
    normalise_currency,
    normalise_date,
    normalise_decimal_comma,
    recognise,
    recognise_header,
    value_kind,
)

SUPPLIER_COLUMNS = (
    "external_id", "name", "legal_name", "category", "country", "website", "status",
    "annual_spend", "currency", "relationship_owner", "tags", "notes", "override_reason",
)  # fmt: skip
DELIVERY_COLUMNS = (
    "po_line_id", "external_id", "supplier", "ordered_on", "promised_on", "promised_qty",
    "received_on", "received_qty", "rejected_qty",
)  # fmt: skip


def test_header_keys_ignore_case_spacing_and_punctuation():
    assert header_key("  Billing   Currency ") == "billing_currency"
    assert header_key("Country/Region") == "country_region"
    assert header_key("external-id") == "external_id"
    assert header_key("") == ""


@pytest.mark.parametrize(
    ("title", "column"),
    [
        ("ID", "external_id"),  # ERPNext
        ("Supplier Name", "name"),
        ("Supplier Group", "category"),
        ("Billing Currency", "currency"),
        ("LIFNR", "external_id"),  # SAP vendor master
        ("name1", "name"),
        ("NAME2", "legal_name"),
        ("LAND1", "country"),
        ("WAERS", "currency"),
        ("Vendor account", "external_id"),  # Dynamics
        ("Country/region", "country"),
        ("Supplier Currency", "currency"),  # Odoo
        ("Total Invoiced", "annual_spend"),
        ("  notes ", "notes"),
    ],
)
def test_supplier_columns_are_recognised_by_erp_names(title, column):
    assert recognise(title, SUPPLIER_COLUMNS) == column


def test_a_synonym_counts_only_for_a_kind_that_has_the_column():
    assert recognise("Supplier Name", DELIVERY_COLUMNS) == "supplier"
    assert recognise("Billing Currency", DELIVERY_COLUMNS) is None
    assert recognise("Order Date", DELIVERY_COLUMNS) == "ordered_on"
    assert recognise("Quantity Received", DELIVERY_COLUMNS) == "received_qty"
    assert recognise("Unknown thing", SUPPLIER_COLUMNS) is None


def test_two_titles_never_land_on_one_column():
    # 'Vendor ID' and 'LIFNR' both mean external_id: the first wins, the second stays unknown.
    assert recognise_header(["Vendor ID", "LIFNR", "Name1"], SUPPLIER_COLUMNS) == [
        "external_id", None, "name",
    ]  # fmt: skip
    # The column's own name wins over a synonym placed before it.
    assert recognise_header(["Supplier Name", "name"], SUPPLIER_COLUMNS) == [None, "name"]
    assert recognise_header(["ID"], SUPPLIER_COLUMNS, taken=["external_id"]) == [None]


def test_every_synonym_points_at_a_column_name_in_snake_case():
    for column, names in synonyms.SYNONYMS.items():
        assert column == header_key(column)
        assert all(header_key(name) for name in names)


@pytest.mark.parametrize(
    ("column", "kind"),
    [
        ("country", synonyms.COUNTRY), ("currency", synonyms.CURRENCY),
        ("reward_currency", synonyms.CURRENCY), ("annual_spend", synonyms.NUMBER),
        ("promised_qty", synonyms.NUMBER), ("impact_amount", synonyms.NUMBER),
        ("ordered_on", synonyms.DATE), ("date", synonyms.DATE),
        ("raised_at", synonyms.DATETIME), ("name", synonyms.TEXT), ("month", synonyms.MONTH),
        ("period", synonyms.MONTH),
    ],
)  # fmt: skip
def test_value_kinds(column, kind):
    assert value_kind(column) == kind


@pytest.mark.parametrize(
    ("text", "day_first", "expected"),
    [
        ("2025-03-04", None, "2025-03-04"),
        ("2025-3-4", None, "2025-03-04"),
        ("2025-03-04T00:00:00", None, "2025-03-04"),
        ("2025-03-04 13:45:10.123", None, "2025-03-04"),
        ("04.03.2025", None, "2025-03-04"),
        ("4.3.2025", True, "2025-03-04"),
        ("04/03/2025", True, "2025-03-04"),
        ("03/04/2025", False, "2025-03-04"),
        ("03/04/2025", None, "03/04/2025"),  # order not stated: left for the import to refuse
        ("20250304", None, "2025-03-04"),  # SAP
        ("31.02.2025", True, "31.02.2025"),  # no such day
        ("29.02.2024", True, "2024-02-29"),
        ("13/13/2025", True, "13/13/2025"),
        ("next week", True, "next week"),
    ],
)
def test_dates_in_common_forms_become_iso(text, day_first, expected):
    assert normalise_date(text, day_first=day_first) == expected


def test_date_times_keep_their_time_when_asked():
    assert normalise_date("04.03.2025 09:30", day_first=True, keep_time=True) == "2025-03-04 09:30"
    assert normalise_date("2025-03-04T09:30:00+02:00", day_first=None, keep_time=True) == (
        "2025-03-04T09:30:00+02:00"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1.234,56", "1234.56"), ("12,5", "12.5"), ("-3,25", "-3.25"), ("1 234 567,8", "1234567.8"),
     ("1234", "1234"), ("12.5.3", "12.5.3"), ("abc", "abc"), ("1,2,3", "1,2,3")],
)  # fmt: skip
def test_decimal_commas_become_points(text, expected):
    assert normalise_decimal_comma(text) == expected


def test_currency_codes_are_upper_cased_and_other_text_is_left_alone():
    assert normalise_currency(" usd ") == "USD"
    assert normalise_currency("Euro") == "Euro"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2025-03", "2025-03-01"), ("2025-03-01", "2025-03-01"), ("01.03.2025", "2025-03-01"),
     ("03/2025", "2025-03-01"), ("003/2025", "2025-03-01"), ("3.2025", "2025-03-01"),
     ("13/2025", "13/2025"), ("2025-13", "2025-13"), ("March", "March"),
     ("2025-03-15", "2025-03-15")],
)  # fmt: skip
def test_months_become_their_first_day(text, expected):
    assert synonyms.normalise_month(text, day_first=True) == expected
