"""Importing reviewers' scores ("kpi-ratings"): every row checked first, nothing written on
error, idempotent on supplier, KPI, month and rater, bulk writes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from partnerbook.accounts.models import Role
from partnerbook.core import registry
from partnerbook.performance.models import KpiRating
from partnerbook.performance.rating_imports import RATING_COLUMNS, import_kpi_ratings
from tests.factories import UserFactory
from tests.performance import test_ratings_support as support
from tests.performance.test_ratings_support import rating_rows
from tests.suppliers.test_import import csv_bytes, error_map, xlsx_bytes

HEADER = list(RATING_COLUMNS)


judgement_kpi = support.judgement_kpi  # a shared fixture
reviewer = support.reviewer  # a shared fixture


def row(**cells: object) -> list[object]:
    base = {"external_id": "ERP-A", "kpi": "collaboration", "month": "2026-05", "rater": "ben",
            "score": "70", "comment": ""}  # fmt: skip
    base.update(cells)
    return [base.get(column, "") for column in HEADER]


def test_it_imports_scores_and_reimporting_changes_nothing(
    frozen, judgement_kpi, manager, buyer, reviewer, supplier_a
):
    content = csv_bytes([HEADER, row(), row(rater="RITA", score="55.5", comment="Late answers")])

    first = import_kpi_ratings(manager, content, "s.csv")
    before = rating_rows()
    again = import_kpi_ratings(manager, content, "s.csv")
    after_again = rating_rows()
    changed = import_kpi_ratings(manager, csv_bytes([HEADER, row(score="72")]), "s.csv")

    assert (first.created, first.applied) == (2, True), first.errors
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert after_again == before
    assert (changed.updated, changed.unchanged) == (1, 0)
    scores = dict(KpiRating.objects.values_list("rater__username", "score"))
    assert scores == {"ben": 72.0, "rita": 55.5}
    ben = KpiRating.objects.get(rater=buyer)
    assert ben.version == 2 and ben.history.latest("history_id").history_user == manager


def test_it_reads_xlsx_with_date_cells_and_suppliers_by_name(
    frozen, judgement_kpi, manager, buyer, supplier_b
):
    april = dt.datetime(2026, 4, 1)  # noqa: DTZ001 (an Excel cell has no time zone)
    content = xlsx_bytes(
        [HEADER, row(external_id="", supplier="beta boxes", month=april, score=81)]
    )

    result = import_kpi_ratings(manager, content, "s.xlsx")

    assert result.created == 1, result.errors
    rating = KpiRating.objects.get()
    assert (rating.supplier, rating.period, rating.score) == (supplier_b, dt.date(2026, 4, 1), 81)


@pytest.mark.parametrize(
    ("cells", "column", "reason"),
    [
        ({"month": "2026-13"}, "month", "not a month"),
        ({"month": "May 2026"}, "month", "not a month"),
        ({"month": "2026-05-17"}, "month", "not the first day"),
        ({"month": ""}, "month", "Give the month"),
        ({"month": "2026-07"}, "month", "future"),
        ({"score": "101"}, "score", "0 to 100"),
        ({"score": "-1"}, "score", "0 to 100"),
        ({"score": "lots"}, "score", "not a number"),
        ({"score": ""}, "score", "Give a score"),
        ({"external_id": "NOPE"}, "external_id", "No supplier"),
        ({"kpi": "on_time"}, "kpi", "not scored by reviewers"),
        ({"kpi": "no_such"}, "kpi", "not one of this supplier's KPIs"),
        ({"rater": "nobody"}, "rater", "No user has the username"),
        ({"rater": "vic"}, "rater", "may not give scores"),
        ({"comment": "x" * 501}, "comment", "At most 500"),
    ],
)
def test_a_bad_row_is_reported_and_nothing_is_written(
    frozen, judgement_kpi, standard_kpis, manager, buyer, reviewer, viewer, supplier_a,
    cells, column, reason,
):  # fmt: skip
    content = csv_bytes([HEADER, row(rater="rita"), row(**cells)])

    result = import_kpi_ratings(manager, content, "s.csv")

    assert result.blocked and not result.applied
    assert reason in error_map(result)[3, column]
    assert rating_rows() == [0]


def test_a_score_repeated_in_one_file_is_an_error(frozen, judgement_kpi, manager, supplier_a):
    content = csv_bytes([HEADER, row(), row(score="90")])

    result = import_kpi_ratings(manager, content, "s.csv")

    assert error_map(result)[3, None] == "Row 2 has the same supplier, KPI, month and rater."
    assert not KpiRating.objects.exists()


def test_valid_only_imports_the_good_rows(frozen, judgement_kpi, manager, buyer, supplier_a):
    content = csv_bytes([HEADER, row(), row(month="2026-04", score="500")])

    result = import_kpi_ratings(manager, content, "s.csv", valid_only=True)

    assert (result.created, result.skipped, result.applied) == (1, 1, True)
    assert KpiRating.objects.get().period == dt.date(2026, 5, 1)


def test_buyers_cannot_import_scores(frozen, judgement_kpi, buyer, supplier_a):
    with pytest.raises(PermissionDenied):
        import_kpi_ratings(buyer, csv_bytes([HEADER, row()]), "s.csv")


def test_an_unknown_column_blocks_the_file(frozen, judgement_kpi, manager, supplier_a):
    result = import_kpi_ratings(manager, csv_bytes([[*HEADER, "median"], row() + ["1"]]), "s.csv")

    assert result.blocked and "Unknown column" in error_map(result)[1, "median"]


def test_it_is_registered_as_an_import_kind():
    kind = registry.import_kind("kpi-ratings")

    assert kind is not None and kind.run is import_kpi_ratings
    assert tuple(kind.columns) == RATING_COLUMNS


def test_a_thousand_rows_take_a_bounded_number_of_queries(
    frozen, judgement_kpi, manager, supplier_a, django_assert_max_num_queries
):
    raters = [UserFactory(username=f"r{n:03d}", role=Role.BUYER) for n in range(100)]
    rows = [row(rater=r.username, month=f"2025-{m:02d}", score=str(40 + m))
            for r in raters for m in range(3, 13)]  # fmt: skip
    content = csv_bytes([HEADER, *rows])

    with django_assert_max_num_queries(40):
        result = import_kpi_ratings(manager, content, "s.csv")

    assert result.created == 1000, result.errors[:3]
    assert KpiRating.history.count() == 1000
