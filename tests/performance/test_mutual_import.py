"""Importing the suppliers' ratings of us ("partner-ratings"): every row checked first,
nothing written on error, idempotent on supplier, quarter and criterion."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from partnerbook.core import registry
from partnerbook.performance.models import PartnerRating
from partnerbook.performance.rating_imports import PARTNER_COLUMNS, import_partner_ratings
from tests.performance.test_ratings_support import partner_rows
from tests.suppliers.test_import import csv_bytes, error_map, xlsx_bytes

HEADER = list(PARTNER_COLUMNS)


def row(**cells: object) -> list[object]:
    base = {"external_id": "ERP-A", "quarter": "2026-Q1", "criterion": "fairness",
            "score": "4", "comment": ""}  # fmt: skip
    base.update(cells)
    return [base.get(column, "") for column in HEADER]


def test_it_imports_ratings_and_reimporting_changes_nothing(frozen, manager, supplier_a):
    content = csv_bytes([HEADER, row(), row(criterion="Payment on time", score="2",
                                            comment="Paid late twice")])  # fmt: skip

    first = import_partner_ratings(manager, content, "r.csv")
    before = partner_rows()
    again = import_partner_ratings(manager, content, "r.csv")
    after_again = partner_rows()
    changed = import_partner_ratings(manager, csv_bytes([HEADER, row(score="5")]), "r.csv")

    assert (first.created, first.applied) == (2, True), first.errors
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert after_again == before
    assert (changed.updated, changed.unchanged) == (1, 0)
    stored = dict(PartnerRating.objects.values_list("criterion", "score"))
    assert stored == {"fairness": 5, "payment_on_time": 2}
    rating = PartnerRating.objects.get(criterion="fairness")
    assert (rating.version, rating.entered_by, rating.source) == (2, manager, "owner")


def test_it_reads_xlsx_with_a_quarters_first_day_and_suppliers_by_name(frozen, manager, supplier_b):
    october = dt.datetime(2025, 10, 1)  # noqa: DTZ001 (an Excel cell has no time zone)
    content = xlsx_bytes(
        [HEADER, row(external_id="", supplier="Beta Boxes", quarter=october, score=3)]
    )

    result = import_partner_ratings(manager, content, "r.xlsx")

    assert result.created == 1, result.errors
    rating = PartnerRating.objects.get()
    assert (rating.supplier, rating.period, rating.score) == (supplier_b, dt.date(2025, 10, 1), 3)


@pytest.mark.parametrize(
    ("cells", "column", "reason"),
    [
        ({"quarter": "2026-Q5"}, "quarter", "not a quarter"),
        ({"quarter": "Q1/2026"}, "quarter", "not a quarter"),
        ({"quarter": "2026-02-01"}, "quarter", "not the first day of a quarter"),
        ({"quarter": ""}, "quarter", "Give the quarter"),
        ({"quarter": "2026-Q3"}, "quarter", "future"),
        ({"criterion": "kindness"}, "criterion", "Unknown criterion"),
        ({"score": "0"}, "score", "1 (poor) to 5"),
        ({"score": "6"}, "score", "1 (poor) to 5"),
        ({"score": "3.5"}, "score", "whole number"),
        ({"score": "good"}, "score", "whole number"),
        ({"score": ""}, "score", "whole number"),
        ({"external_id": "NOPE"}, "external_id", "No supplier"),
        ({"external_id": "", "supplier": "Gamma"}, "supplier", "No supplier is called"),
        ({"comment": "x" * 501}, "comment", "At most 500"),
    ],
)
def test_a_bad_row_is_reported_and_nothing_is_written(
    frozen, manager, supplier_a, cells, column, reason
):
    content = csv_bytes([HEADER, row(criterion="spec_clarity"), row(**cells)])

    result = import_partner_ratings(manager, content, "r.csv")

    assert result.blocked and not result.applied
    assert reason in error_map(result)[3, column]
    assert partner_rows() == [0]


def test_a_rating_repeated_in_one_file_is_an_error(frozen, manager, supplier_a):
    content = csv_bytes([HEADER, row(), row(criterion="Fairness", score="2")])

    result = import_partner_ratings(manager, content, "r.csv")

    assert error_map(result)[3, None] == "Row 2 has the same supplier, quarter and criterion."
    assert partner_rows() == [0]


def test_valid_only_imports_the_good_rows(frozen, manager, supplier_a):
    content = csv_bytes([HEADER, row(), row(criterion="spec_clarity", score="9")])

    result = import_partner_ratings(manager, content, "r.csv", valid_only=True)

    assert (result.created, result.skipped, result.applied) == (1, 1, True)
    assert PartnerRating.objects.get().criterion == "fairness"


def test_buyers_cannot_import_ratings(frozen, buyer, supplier_a):
    with pytest.raises(PermissionDenied):
        import_partner_ratings(buyer, csv_bytes([HEADER, row()]), "r.csv")


def test_it_is_registered_as_an_import_kind():
    kind = registry.import_kind("partner-ratings")

    assert kind is not None and kind.run is import_partner_ratings
    assert tuple(kind.columns) == PARTNER_COLUMNS
