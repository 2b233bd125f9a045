"""Importing delivery lines: every row checked first, nothing written on error, idempotent on
the PO line id, bulk writes."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from partnerbook.core import registry
from partnerbook.performance.imports import COLUMNS, import_deliveries
from partnerbook.performance.models import DeliveryLine

from ..factories import bulk_suppliers
from ..suppliers.test_import import csv_bytes, error_map, xlsx_bytes

HEADER = list(COLUMNS)


def row(**cells: str) -> list[str]:
    base = {
        "external_id": "ERP-A", "ordered_on": "2026-04-01", "promised_on": "2026-05-10",
        "promised_qty": "10", "received_on": "2026-05-09", "received_qty": "10",
        "rejected_qty": "0",
    }  # fmt: skip
    base.update(cells)
    return [base.get(column, "") for column in HEADER]


def snapshot():
    return [*DeliveryLine.objects.order_by("pk").values_list(), DeliveryLine.history.count()]


def test_it_imports_lines_and_reimporting_updates_instead_of_duplicating(
    frozen, manager, supplier_a
):
    content = csv_bytes(
        [HEADER, row(po_line_id="PO-1"), row(po_line_id="PO-2", received_on="", received_qty="")]
    )

    first = import_deliveries(manager, content, "d.csv")
    again = import_deliveries(manager, content, "d.csv")
    changed = csv_bytes([HEADER, row(po_line_id="PO-1"), row(po_line_id="PO-2")])
    third = import_deliveries(manager, changed, "d.csv")

    assert (first.created, first.applied) == (2, True)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert (third.updated, third.unchanged) == (1, 1)
    assert DeliveryLine.objects.count() == 2
    line = DeliveryLine.objects.get(po_line_id="PO-2")
    assert line.received_qty == 10 and line.version == 2 and line.supplier == supplier_a
    assert line.history.count() == 2


def test_it_reads_xlsx_and_finds_suppliers_by_name(frozen, manager, supplier_b):
    content = xlsx_bytes([HEADER, row(po_line_id="B-1", external_id="", supplier="beta boxes")])

    result = import_deliveries(manager, content, "d.xlsx")

    assert result.created == 1, result.errors
    assert DeliveryLine.objects.get().supplier == supplier_b


@pytest.mark.parametrize(
    ("cells", "column", "reason"),
    [
        ({"ordered_on": "2026-13-01"}, "ordered_on", "not a date"),
        ({"promised_on": "next week"}, "promised_on", "not a date"),
        ({"promised_qty": "-3"}, "promised_qty", "negative"),
        ({"received_qty": "lots"}, "received_qty", "not a number"),
        ({"external_id": "NOPE"}, "external_id", "No supplier"),
        ({"received_on": "2026-03-01"}, "received_on", "before it was ordered"),
        ({"rejected_qty": "11"}, "rejected_qty", "More cannot be rejected"),
        ({"received_on": "2026-07-01"}, "received_on", "future"),
        ({"po_line_id": ""}, "po_line_id", "PO line id"),
    ],
)
def test_a_bad_row_is_reported_and_nothing_is_written(
    frozen, manager, supplier_a, cells, column, reason
):
    content = csv_bytes([HEADER, row(po_line_id="PO-OK"), row(**{"po_line_id": "PO-BAD", **cells})])

    result = import_deliveries(manager, content, "d.csv")

    assert result.blocked and not result.applied
    assert reason in error_map(result)[3, column]
    assert snapshot() == [0]


def test_a_po_line_repeated_in_one_file_is_an_error(frozen, manager, supplier_a):
    content = csv_bytes([HEADER, row(po_line_id="PO-1"), row(po_line_id="PO-1")])

    result = import_deliveries(manager, content, "d.csv")

    assert error_map(result)[3, "po_line_id"] == "Row 2 has the same PO line."
    assert not DeliveryLine.objects.exists()


def test_valid_only_imports_the_good_rows(frozen, manager, supplier_a):
    content = csv_bytes([HEADER, row(po_line_id="PO-1"), row(po_line_id="PO-2", promised_qty="-1")])

    result = import_deliveries(manager, content, "d.csv", valid_only=True)

    assert (result.created, result.skipped, result.applied) == (1, 1, True)
    assert list(DeliveryLine.objects.values_list("po_line_id", flat=True)) == ["PO-1"]


def test_a_po_line_of_another_supplier_is_refused(frozen, manager, supplier_a, supplier_b):
    import_deliveries(manager, csv_bytes([HEADER, row(po_line_id="PO-1")]), "d.csv")

    result = import_deliveries(
        manager, csv_bytes([HEADER, row(po_line_id="PO-1", external_id="ERP-B")]), "d.csv"
    )

    assert "another supplier" in error_map(result)[2, "po_line_id"]
    assert DeliveryLine.objects.get().supplier == supplier_a


def test_buyers_cannot_import(frozen, buyer, supplier_a):
    with pytest.raises(PermissionDenied):
        import_deliveries(buyer, csv_bytes([HEADER, row(po_line_id="PO-1")]), "d.csv")


def test_a_dry_run_writes_nothing(frozen, manager, supplier_a):
    result = import_deliveries(
        manager, csv_bytes([HEADER, row(po_line_id="P")]), "d.csv", dry_run=True
    )

    assert result.created == 1 and not DeliveryLine.objects.exists()


def test_two_thousand_rows_take_a_bounded_number_of_queries(
    frozen, manager, django_assert_max_num_queries
):
    suppliers = bulk_suppliers(40)
    rows = [
        row(po_line_id=f"PO-{n}", external_id=suppliers[n % 40].external_id) for n in range(2000)
    ]
    content = csv_bytes([HEADER, *rows])

    # Batched inserts: SQLite's limit on bound variables splits them further than 500 rows,
    # so the count grows with the file by about one query per 60 rows, never one per row.
    with django_assert_max_num_queries(80):
        result = import_deliveries(manager, content, "d.csv")

    assert result.created == 2000, result.errors[:3]
    assert DeliveryLine.objects.count() == 2000
    assert DeliveryLine.history.count() == 2000

    with django_assert_max_num_queries(12):
        again = import_deliveries(manager, content, "d.csv")
    assert again.unchanged == 2000


def test_the_import_is_registered():
    kind = registry.import_kind("deliveries")

    assert kind is not None and kind.run is import_deliveries


def test_the_import_page_takes_a_deliveries_file(frozen, login, manager, supplier_a):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    good = SimpleUploadedFile("d.csv", csv_bytes([HEADER, row(po_line_id="PO-1")]))
    bad = SimpleUploadedFile("d.csv", csv_bytes([HEADER, row(po_line_id="PO-2", ordered_on="x")]))
    client = login(manager)

    refused = client.post(reverse("suppliers:import"), {"kind": "deliveries", "file": bad})
    done = client.post(reverse("suppliers:import"), {"kind": "deliveries", "file": good})

    assert "ordered_on" in refused.content.decode() and "is not a date" in refused.content.decode()
    assert "1 created" in done.content.decode()
    assert list(DeliveryLine.objects.values_list("po_line_id", flat=True)) == ["PO-1"]
