"""The streaming deliveries import: rows read, checked and written a chunk at a time in one
transaction, undone as a whole on error; compact duplicate detection; history in bulk."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, OperationalError, connection
from django.test.utils import CaptureQueriesContext

from partnerbook.performance import streaming
from partnerbook.performance.imports import import_deliveries
from partnerbook.performance.models import DeliveryLine
from partnerbook.suppliers.imports import MAX_REPORTED_ERRORS

from ..factories import bulk_suppliers
from ..suppliers.test_import import csv_bytes, error_map, xlsx_bytes
from .test_import import HEADER, row, snapshot

pytestmark = pytest.mark.django_db


def lines(count: int, start: int = 1, **cells: str) -> list[list[str]]:
    return [row(po_line_id=f"PO-{n}", **cells) for n in range(start, start + count)]


def history():
    """Every history row of every delivery line, oldest first."""
    return list(
        DeliveryLine.history.order_by("history_id").values_list(
            "po_line_id", "history_type", "history_change_reason", "history_user__username",
            "received_qty", "version",
        )
    )  # fmt: skip


# --- all or nothing, chunk by chunk -----------------------------------------------------------


def test_an_error_in_the_last_chunk_undoes_the_earlier_chunks(frozen, manager, supplier_a):
    content = csv_bytes([HEADER, *lines(7), row(po_line_id="PO-8", promised_qty="-1")])

    result = import_deliveries(manager, content, "d.csv", chunk_size=3)

    assert result.blocked and not result.applied
    assert (result.created, result.updated, result.unchanged, result.rows) == (0, 0, 0, 8)
    assert error_map(result) == {(9, "promised_qty"): "A quantity cannot be negative."}
    assert snapshot() == [0]


def test_a_failed_file_leaves_lines_written_before_it_as_they_were(frozen, manager, supplier_a):
    import_deliveries(manager, csv_bytes([HEADER, *lines(4)]), "d.csv")
    before = snapshot()
    changed = [row(po_line_id=f"PO-{n}", received_qty="9") for n in range(1, 5)]
    content = csv_bytes([HEADER, *changed, *lines(2, start=5), row(po_line_id="X", ordered_on="")])

    result = import_deliveries(manager, content, "d.csv", chunk_size=2)

    assert result.blocked and error_map(result) == {(8, "ordered_on"): "Give a date (YYYY-MM-DD)."}
    assert snapshot() == before


def test_valid_only_keeps_the_good_rows_of_every_chunk(frozen, manager, supplier_a):
    content = csv_bytes(
        [HEADER, row(po_line_id="PO-1", ordered_on="yesterday"), *lines(4, start=2),
         row(po_line_id="PO-6", external_id="NOPE"), *lines(2, start=7)]
    )  # fmt: skip

    result = import_deliveries(manager, content, "d.csv", valid_only=True, chunk_size=2)

    assert (result.created, result.skipped, result.applied, result.blocked) == (6, 2, True, False)
    assert set(error_map(result)) == {(2, "ordered_on"), (7, "external_id")}
    assert sorted(DeliveryLine.objects.values_list("po_line_id", flat=True)) == [
        "PO-2", "PO-3", "PO-4", "PO-5", "PO-7", "PO-8",
    ]  # fmt: skip
    assert "2 row(s) with errors were left out" in result.summary


def test_a_dry_run_counts_what_would_change_and_writes_nothing(frozen, manager, supplier_a):
    import_deliveries(manager, csv_bytes([HEADER, *lines(3)]), "d.csv")
    before = snapshot()
    content = csv_bytes(
        [HEADER, *lines(2), row(po_line_id="PO-3", received_qty="8"), *lines(3, start=4)]
    )

    result = import_deliveries(manager, content, "d.csv", dry_run=True, chunk_size=2)

    assert (result.created, result.updated, result.unchanged) == (3, 1, 2)
    assert not result.applied and not result.blocked
    assert snapshot() == before


def test_a_dry_run_with_valid_only_counts_the_good_rows(frozen, manager, supplier_a):
    content = csv_bytes([HEADER, *lines(3), row(po_line_id="PO-9", rejected_qty="50")])

    result = import_deliveries(manager, content, "d.csv", dry_run=True, valid_only=True)

    assert (result.created, result.skipped, result.applied) == (3, 1, False)
    assert snapshot() == [0]


# --- idempotent, with history -----------------------------------------------------------------


def test_reimporting_changes_and_records_only_the_lines_that_changed(frozen, manager, supplier_a):
    content = csv_bytes([HEADER, *lines(4)])
    first = import_deliveries(manager, content, "d.csv", chunk_size=3)
    untouched = DeliveryLine.objects.get(po_line_id="PO-1").updated_at

    again = import_deliveries(manager, content, "d.csv", chunk_size=3)
    changed = csv_bytes([HEADER, *lines(2), row(po_line_id="PO-3", received_qty="7"), *lines(1, 4)])
    third = import_deliveries(manager, changed, "d.csv", chunk_size=3)

    assert (first.created, again.unchanged, again.created + again.updated) == (4, 4, 0)
    assert (third.created, third.updated, third.unchanged) == (0, 1, 3)
    assert history() == [
        *[(f"PO-{n}", "+", "Delivery line imported.", "mara", Decimal(10), 1) for n in range(1, 5)],
        ("PO-3", "~", "Delivery line updated.", "mara", Decimal(7), 2),
    ]
    line = DeliveryLine.objects.get(po_line_id="PO-3")
    assert (line.received_qty, line.version) == (7, 2)
    assert DeliveryLine.objects.get(po_line_id="PO-1").version == 1
    assert DeliveryLine.objects.get(po_line_id="PO-1").updated_at == untouched


def test_an_empty_cell_means_no_value_and_counts_as_a_change(frozen, manager, supplier_a):
    import_deliveries(manager, csv_bytes([HEADER, row(po_line_id="PO-1")]), "d.csv")
    open_line = row(po_line_id="PO-1", received_on="", received_qty="", rejected_qty="")

    result = import_deliveries(manager, csv_bytes([HEADER, open_line]), "d.csv")

    line = DeliveryLine.objects.get()
    assert result.updated == 1
    assert (line.received_on, line.received_qty, line.rejected_qty) == (None, 0, 0)


def test_a_po_line_of_another_supplier_in_a_later_chunk_is_refused(
    frozen, manager, supplier_a, supplier_b
):
    import_deliveries(manager, csv_bytes([HEADER, row(po_line_id="B-1", external_id="ERP-B")]), "d")
    import_deliveries(
        manager, csv_bytes([HEADER, row(po_line_id="B-1", external_id="ERP-B")]), "d.csv"
    )
    content = csv_bytes([HEADER, *lines(3), row(po_line_id="B-1"), *lines(1, start=4)])

    refused = import_deliveries(manager, content, "d.csv", chunk_size=2)
    kept = import_deliveries(manager, content, "d.csv", chunk_size=2, valid_only=True)

    assert error_map(refused) == {(5, "po_line_id"): "PO line 'B-1' belongs to another supplier."}
    assert refused.blocked
    assert (kept.created, kept.skipped) == (4, 1)
    assert DeliveryLine.objects.get(po_line_id="B-1").supplier == supplier_b
    assert DeliveryLine.objects.filter(supplier=supplier_a).count() == 4


# --- PO line ids met before -------------------------------------------------------------------


def test_a_po_line_repeated_in_a_later_chunk_is_reported(frozen, manager, supplier_a):
    content = csv_bytes([HEADER, *lines(5), row(po_line_id="PO-2"), row(po_line_id="PO-2")])

    result = import_deliveries(manager, content, "d.csv", chunk_size=2)

    assert error_map(result) == {
        (7, "po_line_id"): "Row 3 has the same PO line.",
        (8, "po_line_id"): "Row 3 has the same PO line.",
    }
    assert snapshot() == [0]


def test_a_po_line_first_met_on_a_bad_row_still_counts_as_met(frozen, manager, supplier_a):
    content = csv_bytes([HEADER, row(po_line_id="PO-1", ordered_on="x"), *lines(3, start=2),
                         row(po_line_id="PO-1")])  # fmt: skip

    result = import_deliveries(manager, content, "d.csv", valid_only=True, chunk_size=2)

    assert error_map(result)[6, "po_line_id"] == "Row 2 has the same PO line."
    assert result.created == 3


def test_seen_keys_remember_the_first_row_and_survive_growing():
    seen = streaming.SeenKeys()
    slots = seen.nbytes // 16

    firsts = [seen.first_row(f"PO-{n}", n + 2) for n in range(slots)]  # twice the first table
    again = [seen.first_row(f"PO-{n}", 10**6) for n in range(0, slots, 997)]

    assert firsts == [None] * slots
    assert again == [n + 2 for n in range(0, slots, 997)]
    assert seen.count == slots and seen.nbytes >= 2 * slots * 16
    assert seen.first_row("PO-x", 5) is None and seen.first_row("PO-x", 6) == 5


def test_seen_keys_are_sized_for_the_expected_rows_up_front():
    assert streaming.SeenKeys(expected=1_000_000).nbytes == 2**21 * 16


# --- errors -----------------------------------------------------------------------------------


def test_errors_are_capped_but_all_counted(frozen, manager, supplier_a):
    bad = [row(po_line_id=f"PO-{n}", promised_qty="-1") for n in range(MAX_REPORTED_ERRORS + 50)]

    result = import_deliveries(manager, csv_bytes([HEADER, *bad]), "d.csv", chunk_size=64)

    assert len(result.errors) == MAX_REPORTED_ERRORS
    assert (result.error_count, result.hidden_errors) == (MAX_REPORTED_ERRORS + 50, 50)
    assert result.errors[0].row == 2 and result.errors[-1].row == MAX_REPORTED_ERRORS + 1
    assert snapshot() == [0]


@pytest.mark.parametrize(
    ("cells", "column", "reason"),
    [
        ({"ordered_on": "2026-02-30"}, "ordered_on",
         "'2026-02-30' is not a date; use YYYY-MM-DD."),
        ({"received_on": "15/05/2026"}, "received_on",
         "'15/05/2026' is not a date; use YYYY-MM-DD."),
        ({"promised_qty": "-5"}, "promised_qty", "A quantity cannot be negative."),
        ({"received_qty": "-0.5"}, "received_qty", "A quantity cannot be negative."),
        ({"external_id": "ERP-X"}, "external_id", "No supplier has the external id 'ERP-X'."),
        ({"external_id": "", "supplier": "Nobody Ltd"}, "supplier",
         "No supplier is called 'Nobody Ltd'; an import never creates one."),
        ({"po_line_id": "PO-1"}, "po_line_id", "Row 2 has the same PO line."),
        ({"received_on": "2026-03-31"}, "received_on",
         "The line cannot be received before it was ordered."),
        ({"promised_on": "2026-03-01"}, "promised_on",
         "The promised date cannot come before the order."),
    ],
)  # fmt: skip
def test_a_bad_row_in_a_later_chunk_is_reported_with_row_column_and_reason(
    frozen, manager, supplier_a, cells, column, reason
):
    content = csv_bytes([HEADER, *lines(4), row(**{"po_line_id": "PO-BAD", **cells})])

    result = import_deliveries(manager, content, "d.csv", chunk_size=2)

    assert error_map(result) == {(6, column): reason}
    assert str(result.errors[0]) == f"row 6, column {column}: {reason}"
    assert result.blocked and snapshot() == [0]


def test_a_supplier_problem_comes_before_the_value_problems_of_its_row(frozen, manager, supplier_a):
    content = csv_bytes([HEADER, row(po_line_id="PO-1", external_id="NOPE", promised_qty="x")])

    result = import_deliveries(manager, content, "d.csv")

    assert [(e.column, e.reason) for e in result.errors] == [
        ("external_id", "No supplier has the external id 'NOPE'."),
        ("promised_qty", "'x' is not a number."),
    ]


def test_a_buyer_may_only_import_for_their_own_suppliers(
    frozen, manager, buyer, supplier_a, supplier_b
):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        import_deliveries(buyer, csv_bytes([HEADER, *lines(1)]), "d.csv")


def test_binary_data_late_in_the_file_stops_it_and_undoes_the_chunks(frozen, manager, supplier_a):
    content = csv_bytes([HEADER, *lines(3000)]) + b"PO-x,ERP-A\x00\n"

    result = import_deliveries(manager, content, "d.csv", chunk_size=500)

    assert result.blocked and [str(e) for e in result.errors] == [
        "This does not look like a CSV file (it contains binary data)."
    ]
    assert snapshot() == [0]


def test_a_value_under_a_column_without_a_name_stops_the_file(frozen, manager, supplier_a):
    def gap(cells: list[str], value: str = "") -> list[str]:
        return [cells[0], value, *cells[1:]]

    rows = [gap(r) for r in lines(3)] + [gap(row(po_line_id="PO-9"), "surprise")]
    content = csv_bytes([gap(HEADER), *rows])

    result = import_deliveries(manager, content, "d.csv", chunk_size=2)

    assert error_map(result) == {(1, "#2"): "This column has values but no name."}
    assert snapshot() == [0]
    without_values = import_deliveries(manager, csv_bytes([gap(HEADER), *rows[:3]]), "d.csv")
    assert without_values.created == 3


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "d.csv", "The file is empty."),
        (b"  \n \n", "d.csv", "The file is empty."),
        (b"\n\npo_line_id\n", "d.csv", "The first row must be the header"),
        (",".join(HEADER).encode() + b"\n", "d.csv", "header row but no rows under it"),
        (b"\xff\xfeoops", "d.csv", "not UTF-8"),
        (b"not a zip", "d.xlsx", "not a readable Excel workbook"),
        (b"po_line_id\nPO-1\n", "d.txt", "Upload a .csv or .xlsx file."),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_whole(frozen, manager, content, name, message):
    result = import_deliveries(manager, content, name)

    assert result.blocked and len(result.errors) == 1 and result.errors[0].row is None
    assert message in result.errors[0].reason


def test_a_file_over_the_size_limit_is_refused(frozen, manager, supplier_a, settings):
    settings.PARTNERBOOK_MAX_IMPORT_BYTES = 1000
    content = csv_bytes([HEADER, *lines(30)])

    result = import_deliveries(manager, io.BufferedReader(io.BytesIO(content)), "d.csv")

    assert "larger than the 1000 bytes" in result.errors[0].reason
    assert snapshot() == [0]


def test_a_stream_that_cannot_seek_is_read_and_held_to_the_limit(
    frozen, manager, supplier_a, settings
):
    class Pipe(io.RawIOBase):
        def __init__(self, data: bytes) -> None:
            self.data = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:
            chunk = self.data.read(len(buffer))
            buffer[: len(chunk)] = chunk
            return len(chunk)

    content = csv_bytes([HEADER, *lines(30)])

    done = import_deliveries(manager, Pipe(content), "d.csv", chunk_size=7)
    settings.PARTNERBOOK_MAX_IMPORT_BYTES = 1000
    refused = import_deliveries(manager, Pipe(content), "d.csv")

    assert done.created == 30
    assert refused.blocked and "larger than the 1000 bytes" in refused.errors[0].reason


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (OperationalError("server closed the connection"), "could not be reached while saving"),
        (IntegrityError("violates foreign key constraint"), "Someone changed these suppliers"),
    ],
)
def test_a_database_failure_in_a_later_chunk_undoes_everything(
    frozen, manager, supplier_a, monkeypatch, error, message
):
    apply = streaming.DeliveryWriter.apply
    calls = []

    def failing(self):
        calls.append(self.staged)
        if len(calls) == 3:
            raise error
        return apply(self)

    monkeypatch.setattr(streaming.DeliveryWriter, "apply", failing)

    result = import_deliveries(manager, csv_bytes([HEADER, *lines(7)]), "d.csv", chunk_size=2)

    assert calls == [2, 2, 2]
    assert result.blocked and not result.applied and result.created == 0
    assert [e.row for e in result.errors] == [None] and message in result.errors[0].reason
    assert snapshot() == [0]


# --- formats, uploads, progress ---------------------------------------------------------------


def test_xlsx_streams_in_chunks_too(frozen, manager, supplier_a, supplier_b):
    good = xlsx_bytes([HEADER, *lines(4), row(po_line_id="B-1", external_id="ERP-B")])
    bad = xlsx_bytes([HEADER, *lines(4, start=10), row(po_line_id="B-2", promised_on="soon")])

    done = import_deliveries(manager, good, "d.xlsx", chunk_size=2)
    refused = import_deliveries(manager, bad, "d.xlsx", chunk_size=2)

    assert (done.created, done.rows) == (5, 5)
    assert DeliveryLine.objects.get(po_line_id="B-1").supplier == supplier_b
    assert error_map(refused) == {(6, "promised_on"): "'soon' is not a date; use YYYY-MM-DD."}
    assert DeliveryLine.objects.count() == 5


def test_xlsx_dates_and_numbers_are_read_as_the_spreadsheet_shows_them(frozen, manager, supplier_a):
    cells = row(po_line_id="PO-1")
    typed = [dt.date(2026, 4, 1) if v == "2026-04-01" else v for v in cells]
    typed[HEADER.index("promised_qty")] = 12.0

    result = import_deliveries(manager, xlsx_bytes([HEADER, typed]), "d.xlsx")

    line = DeliveryLine.objects.get()
    assert result.created == 1 and (line.ordered_on, line.promised_qty) == (dt.date(2026, 4, 1), 12)


def test_an_uploaded_file_is_streamed(frozen, manager, supplier_a):
    upload = SimpleUploadedFile("d.csv", csv_bytes([HEADER, *lines(5)]))

    result = import_deliveries(manager, upload, "d.csv", chunk_size=2)

    assert result.created == 5 and result.applied


def test_the_command_line_imports_a_file_from_disk(frozen, manager, supplier_a, tmp_path):
    from django.core.management import CommandError, call_command

    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_bytes(csv_bytes([HEADER, *lines(3)]))
    bad.write_bytes(csv_bytes([HEADER, *lines(2, start=4), row(po_line_id="X", received_qty="-1")]))
    out, err = io.StringIO(), io.StringIO()

    call_command("importdata", "deliveries", str(good), "--user", "mara", stdout=out)
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("importdata", "deliveries", str(bad), "--user", "mara", stderr=err)

    assert "Import done: 3 created" in out.getvalue()
    assert "row 4, column received_qty: A quantity cannot be negative." in err.getvalue()
    assert DeliveryLine.objects.count() == 3


def test_the_command_line_takes_files_larger_than_a_web_upload(
    frozen, manager, supplier_a, tmp_path, settings
):
    from django.core.management import call_command

    content = csv_bytes([HEADER, *lines(20)])
    settings.PARTNERBOOK_MAX_IMPORT_BYTES = len(content) // 2  # the web upload limit
    settings.PARTNERBOOK_MAX_CLI_IMPORT_BYTES = len(content) * 2
    big = tmp_path / "big.csv"
    big.write_bytes(content)

    web = import_deliveries(manager, content, "big.csv")
    call_command("importdata", "deliveries", str(big), "--user", "mara", stdout=io.StringIO())

    assert web.blocked and "is larger than" in web.errors[0].reason
    assert DeliveryLine.objects.count() == 20


def test_progress_is_reported_after_each_chunk(frozen, manager, supplier_a):
    calls = []

    import_deliveries(
        manager, csv_bytes([HEADER, *lines(5)]), "d.csv", chunk_size=2,
        progress=lambda stage, done, total: calls.append((done, total)),
    )  # fmt: skip

    assert calls == [(2, 5), (4, 5), (5, 5), (5, 5)]


# --- queries ----------------------------------------------------------------------------------


def queries_for(manager, content: bytes, chunk_size: int) -> int:
    with CaptureQueriesContext(connection) as captured:
        result = import_deliveries(manager, content, "d.csv", chunk_size=chunk_size)
    assert result.applied, result.errors[:3]
    return len(captured.captured_queries)


def test_each_chunk_takes_a_fixed_number_of_queries(frozen, manager):
    suppliers = bulk_suppliers(30)

    def content(prefix: str) -> bytes:
        return csv_bytes([HEADER, *[
            row(po_line_id=f"{prefix}-{n}", external_id=suppliers[n % 30].external_id)
            for n in range(1200)
        ]])  # fmt: skip

    one_chunk = queries_for(manager, content("A"), 1200)
    six_chunks = queries_for(manager, content("B"), 200)
    six_again = queries_for(manager, content("B"), 200)

    assert one_chunk <= 12
    # Five statements a chunk at most (staging, supplier check, upsert, history), never a
    # query per row; the suppliers are looked up once, in the first chunk naming them.
    assert six_chunks - one_chunk <= 5 * 5
    assert six_again <= six_chunks
    assert DeliveryLine.objects.count() == 2400
    assert DeliveryLine.history.count() == 2400


# --- the benchmark's data and import, tiny, so that it cannot rot -----------------------------


def test_the_benchmark_builds_its_data_and_imports_it(frozen, tmp_path):
    from bench import performance as bench

    actor, ids = bench.build_suppliers(20, prefix="TINY")
    path = bench.write_deliveries(tmp_path / "deliveries.csv", 2000, ids, frozen, seed=3)

    first = bench.run_import(path, actor, chunk_size=500)
    again = bench.run_import(path, actor, chunk_size=500)
    made = bench.build_measurements(actor, ids, months=2, kpis=5, today=frozen)
    suppliers, periods = bench.recompute_scorecards(frozen, months=2)

    assert (first.created, first.errors, first.first_errors) == (2000, 0, [])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2000)
    assert first.peak > 0 and first.rss_before > 0 and first.rate > 0
    assert made == 20 * 5 * 2 and (suppliers, periods) == (20, 40)
    assert bench.recompute_portfolio(frozen) == 20
    assert bench.raw_aggregate(frozen, months=2) > made // 2
