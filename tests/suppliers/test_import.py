"""Importing suppliers from CSV and XLSX: checks, upserts, all-or-nothing, web page and CLI."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from partnerbook.accounts.models import Role
from partnerbook.suppliers.imports import MAX_REPORTED_ERRORS, import_suppliers
from partnerbook.suppliers.management.commands.importdata import _ProgressBar
from partnerbook.suppliers.models import OwnerAssignment, Supplier

from ..factories import CategoryFactory, UserFactory

# Some tests pick their users with request.getfixturevalue(), which needs the database.
pytestmark = pytest.mark.django_db

HEADER = ["external_id", "name", "category", "country", "status", "annual_spend", "tags"]


def csv_bytes(rows: list[list[object]], delimiter: str = ",", bom: bool = False) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode("utf-8-sig" if bom else "utf-8")


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def snapshot() -> list[tuple]:
    """Everything an import could change, to prove that nothing did."""
    suppliers = Supplier.objects.order_by("pk").values_list(
        "pk", "name", "legal_name", "status", "annual_spend", "external_id", "category_id",
        "relationship_owner_id", "country", "notes",
    )  # fmt: skip
    tags = Supplier.tags.through.objects.order_by("pk").values_list("supplier_id", "tag_id")
    return [
        *suppliers,
        *tags,
        ("history", Supplier.history.count()),
        ("owners", OwnerAssignment.objects.count()),
    ]


def error_map(result) -> dict[tuple[int | None, str | None], str]:
    return {(e.row, e.column): e.reason for e in result.errors}


# Reading and creating ----------------------------------------------------------------------


def test_it_creates_suppliers_from_a_csv_file(manager, buyer, category):
    content = csv_bytes(
        [
            [*HEADER, "relationship_owner", "currency", "website", "legal_name", "notes"],
            [
                "ERP-1",
                "Gamma Glass",
                "packaging",
                "Germany",
                "Vetting",
                "1,234.50",
                "eu; Sole-Source",
                buyer.email,
                "usd",
                "gamma.example",
                "Gamma GmbH",
                "Two lines\nhere",
            ],
            ["", "Delta Drums", "Packaging", "nl", "", "", "", "", "", "", "", ""],
        ]  # fmt: skip
    )

    result = import_suppliers(manager, content, "suppliers.csv")

    assert result.errors == []
    assert (result.created, result.updated, result.unchanged, result.applied) == (2, 0, 0, True)
    gamma = Supplier.objects.get(external_id="ERP-1")
    assert gamma.name == "Gamma Glass"
    assert gamma.category == category
    assert gamma.country.code == "DE"
    assert gamma.status == "vetting"
    assert gamma.annual_spend == Decimal("1234.50")
    assert gamma.currency == "USD"
    assert gamma.website == "https://gamma.example"
    assert gamma.relationship_owner == buyer
    assert sorted(t.name for t in gamma.tags.all()) == ["eu", "sole-source"]
    assert gamma.notes == "Two lines\nhere"
    delta = Supplier.objects.get(name="Delta Drums")
    assert (delta.status, delta.currency, delta.country.code) == ("prospect", "EUR", "NL")


def test_it_reads_semicolon_separated_csv_with_a_byte_order_mark(manager, category):
    content = csv_bytes(
        [["Name", "Annual_Spend", "Country"], ["Épicerie Fine", "1.234,50", "FR"]],
        delimiter=";",
        bom=True,
    )

    result = import_suppliers(manager, content, "export.CSV")

    assert result.errors == []
    supplier = Supplier.objects.get(name="Épicerie Fine")
    assert supplier.annual_spend == Decimal("1234.50")
    assert supplier.country.code == "FR"


def test_it_creates_suppliers_from_an_xlsx_file(manager, category):
    content = xlsx_bytes(
        [
            ["External ID", "Name", "Category", "Annual spend", "Status"],
            [1001, "Omega Oils", "Packaging", 98765.25, "pilot"],
            [None, None, None, None, None],
            ["1002", "Sigma Steel", None, 5000, "Phasing out"],
        ]
    )

    result = import_suppliers(manager, content, "suppliers.xlsx")

    assert result.errors == []
    assert result.created == 2
    omega = Supplier.objects.get(external_id="1001")
    assert (omega.name, omega.annual_spend, omega.status) == (
        "Omega Oils",
        Decimal("98765.25"),
        "pilot",
    )
    assert Supplier.objects.get(external_id="1002").status == "phasing_out"


def test_it_removes_the_apostrophe_an_export_puts_before_formula_like_text(manager):
    content = csv_bytes([["name", "notes"], ["'=Equals Ltd", "'-dash first"]])

    import_suppliers(manager, content, "suppliers.csv")

    assert Supplier.objects.get(name="=Equals Ltd").notes == "-dash first"


# Upserts ----------------------------------------------------------------------------------


def test_reimporting_the_same_file_creates_no_duplicates(manager, category):
    content = csv_bytes(
        [
            HEADER,
            ["ERP-9", "Nine Nails", "Packaging", "DE", "pilot", "10", "a"],
            ["", "No Number Ltd", "", "", "", "", ""],
        ]  # fmt: skip
    )
    first = import_suppliers(manager, content, "suppliers.csv")

    second = import_suppliers(manager, content, "suppliers.csv")

    assert (first.created, second.created) == (2, 0)
    assert (second.updated, second.unchanged) == (0, 2)
    assert Supplier.objects.count() == 2


def test_a_row_with_a_known_external_id_updates_that_supplier(manager, supplier_a, other_buyer):
    content = csv_bytes(
        [
            ["external_id", "legal_name", "relationship_owner", "tags"],
            ["ERP-A", "Alpha Packaging B.V.", "bea", "sole-source, critical"],
        ]  # fmt: skip
    )

    result = import_suppliers(manager, content, "suppliers.csv")

    assert (result.created, result.updated) == (0, 1)
    supplier_a.refresh_from_db()
    assert supplier_a.legal_name == "Alpha Packaging B.V."
    assert supplier_a.name == "Alpha Packaging"  # empty cell: left as it was
    assert supplier_a.relationship_owner == other_buyer
    assert sorted(t.name for t in supplier_a.tags.all()) == ["critical", "sole-source"]
    open_spell = OwnerAssignment.objects.get(supplier=supplier_a, ended_at__isnull=True)
    assert (open_spell.owner, open_spell.assigned_by) == (other_buyer, manager)


def test_a_row_without_external_id_updates_the_one_supplier_with_that_name(manager, supplier_a):
    content = csv_bytes([["name", "annual_spend"], ["ALPHA packaging", "300000"]])

    result = import_suppliers(manager, content, "suppliers.csv")

    assert (result.created, result.updated) == (0, 1)
    supplier_a.refresh_from_db()
    assert supplier_a.annual_spend == Decimal("300000")
    assert supplier_a.name == "Alpha Packaging"


def test_a_name_shared_by_several_suppliers_is_a_row_error(manager, supplier_a):
    Supplier.objects.create(name="alpha packaging")
    content = csv_bytes([["name", "notes"], ["Alpha Packaging", "which one?"]])

    result = import_suppliers(manager, content, "suppliers.csv")

    assert not result.applied
    assert "2 suppliers have this name" in error_map(result)[(2, "name")]


def test_a_row_that_changes_nothing_counts_as_unchanged(manager, supplier_a):
    content = csv_bytes([["external_id", "name", "status", "country"],
                         ["ERP-A", "Alpha Packaging", "active", "Netherlands"]])  # fmt: skip
    history_before = supplier_a.history.count()

    result = import_suppliers(manager, content, "suppliers.csv")

    assert (result.updated, result.unchanged) == (0, 1)
    assert supplier_a.history.count() == history_before


def test_a_legal_status_move_is_applied_and_recorded_as_the_importer(manager, supplier_a):
    content = csv_bytes([["external_id", "status"], ["ERP-A", "reserve"]])

    result = import_suppliers(manager, content, "suppliers.csv")

    assert result.updated == 1
    supplier_a.refresh_from_db()
    assert supplier_a.status == "reserve"
    latest = supplier_a.history.first()
    assert latest.history_user == manager
    assert "import" in latest.history_change_reason


def test_audit_history_records_the_acting_user(manager, admin_user, supplier_a):
    content = csv_bytes(
        [["external_id", "name", "notes"], ["ERP-A", "", "checked"], ["NEW-1", "Newco", ""]]
    )

    import_suppliers(admin_user, content, "suppliers.csv")

    assert supplier_a.history.first().history_user == admin_user
    created = Supplier.objects.get(external_id="NEW-1")
    assert [h.history_user for h in created.history.all()] == [admin_user]


# Errors and all-or-nothing -----------------------------------------------------------------


def test_one_bad_row_changes_nothing(manager, supplier_a, supplier_b):
    content = csv_bytes(
        [
            ["external_id", "name", "notes", "status"],
            ["ERP-A", "Alpha Renamed", "updated", ""],
            ["NEW-1", "Brand New", "", ""],
            ["ERP-B", "", "", "sleeping"],
        ]  # fmt: skip
    )
    before = snapshot()

    result = import_suppliers(manager, content, "suppliers.csv")

    assert not result.applied
    assert result.blocked
    assert (result.created, result.updated) == (0, 0)
    assert [(e.row, e.column) for e in result.errors] == [(4, "status")]
    assert "Nothing was imported" in result.summary
    assert snapshot() == before


def test_valid_only_imports_the_good_rows_and_reports_the_rest(manager, supplier_a):
    content = csv_bytes(
        [
            ["external_id", "name", "country"],
            ["NEW-1", "Good One", "DE"],
            ["NEW-2", "Bad One", "Atlantis"],
            ["NEW-3", "Good Two", ""],
        ]  # fmt: skip
    )

    result = import_suppliers(manager, content, "suppliers.csv", valid_only=True)

    assert result.applied
    assert (result.created, result.skipped) == (2, 1)
    assert list(error_map(result)) == [(3, "country")]
    assert set(Supplier.objects.values_list("external_id", flat=True)) == {
        "ERP-A",
        "NEW-1",
        "NEW-3",
    }


def test_dry_run_reports_what_would_change_and_saves_nothing(manager, supplier_a):
    content = csv_bytes([["external_id", "name"], ["ERP-A", "Alpha 2"], ["NEW-1", "Newco"]])
    before = snapshot()

    result = import_suppliers(manager, content, "suppliers.csv", dry_run=True)

    assert (result.created, result.updated, result.applied) == (1, 1, False)
    assert "nothing was saved" in result.summary
    assert snapshot() == before


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("category", "Chemicals", "No category is called 'Chemicals'"),
        ("country", "Atlantis", "not a country"),
        ("status", "sleeping", "Unknown status"),
        ("annual_spend", "lots", "not a number"),
        ("annual_spend", "-5", "cannot be negative"),
        ("annual_spend", "10.125", "2 decimal places"),
        ("annual_spend", "12345678901234567", "16 digits"),
        ("currency", "EURO", "three-letter"),
        ("currency", "XYZ", "ISO 4217"),  # three letters, but no such currency
        ("relationship_owner", "nobody", "No active internal user"),
        ("relationship_owner", "pat", "No active internal user"),
        ("website", "not a site", "valid URL"),
        ("name", "N" * 201, "at most 200 characters"),
        ("external_id", "E" * 65, "at most 64 characters"),
        ("tags", "x" * 51, "longer than 50 characters"),
    ],
)
def test_each_error_names_its_row_and_column(
    manager, category, portal_user_a, column, value, expected
):
    header = ["name", column] if column != "name" else ["name"]
    good = ["Fine Supplier", ""] if column != "name" else ["Fine Supplier"]
    bad = ["Broken Supplier", value] if column != "name" else [value]
    content = csv_bytes([header, good, bad])

    result = import_suppliers(manager, content, "suppliers.csv")

    assert list(error_map(result)) == [(3, column)]
    assert expected in error_map(result)[(3, column)]


def test_a_new_supplier_without_a_name_is_a_row_error(manager):
    content = csv_bytes([["external_id", "name"], ["NEW-1", ""]])

    result = import_suppliers(manager, content, "suppliers.csv")

    assert error_map(result) == {(2, "name"): "A new supplier needs a name."}


def test_a_repeated_external_id_is_reported_on_the_later_row(manager):
    content = csv_bytes([["external_id", "name"], ["X-1", "One"], ["X-2", "Two"], ["X-1", "Uno"]])

    result = import_suppliers(manager, content, "suppliers.csv")

    assert error_map(result) == {(4, "external_id"): "Row 2 is about the same supplier."}


def test_an_illegal_status_move_on_update_is_a_row_error(manager, supplier_a):
    content = csv_bytes([["external_id", "status"], ["ERP-A", "prospect"]])

    result = import_suppliers(manager, content, "suppliers.csv")

    reason = error_map(result)[(2, "status")]
    assert "cannot move from active to prospect" in reason
    supplier_a.refresh_from_db()
    assert supplier_a.status == "active"


def test_rows_are_numbered_as_in_the_spreadsheet_even_after_blank_rows(manager):
    content = csv_bytes([["name", "country"], ["One", "DE"], [], ["", ""], ["Two", "XX"]])

    result = import_suppliers(manager, content, "suppliers.csv")

    assert list(error_map(result)) == [(5, "country")]


def test_xlsx_rows_are_numbered_as_in_the_sheet(manager):
    content = xlsx_bytes([["name", "country"], ["One", "DE"], [], [None, None], ["Two", "XX"]])

    result = import_suppliers(manager, content, "suppliers.xlsx")

    assert list(error_map(result)) == [(5, "country")]


def test_two_new_rows_with_the_same_name_and_no_external_id_are_an_error(manager):
    content = csv_bytes([["name"], ["Twin Ltd"], ["twin ltd"]])

    result = import_suppliers(manager, content, "suppliers.csv")

    assert error_map(result) == {(3, "name"): "Row 2 is about the same supplier."}


def test_an_unknown_column_is_one_header_error_that_blocks_even_valid_only(manager):
    content = csv_bytes([["name", "colour"], ["Red Ltd", "red"], ["Blue Ltd", "blue"]])

    result = import_suppliers(manager, content, "suppliers.csv", valid_only=True)

    assert error_map(result) == {(1, "colour"): error_map(result)[(1, "colour")]}
    assert "Unknown column" in result.errors[0].reason
    assert not result.applied
    assert Supplier.objects.count() == 0


def test_a_repeated_column_is_a_header_error(manager):
    content = csv_bytes([["name", "Name"], ["A", "B"]])

    result = import_suppliers(manager, content, "suppliers.csv")

    assert list(error_map(result)) == [(1, "Name")]


def test_the_error_list_is_capped_but_every_error_is_counted(manager):
    rows = [["name", "country"]] + [[f"S{i}", "XX"] for i in range(MAX_REPORTED_ERRORS + 50)]

    result = import_suppliers(manager, csv_bytes(rows), "suppliers.csv")

    assert len(result.errors) == MAX_REPORTED_ERRORS
    assert result.error_count == MAX_REPORTED_ERRORS + 50
    assert result.hidden_errors == 50


@pytest.mark.parametrize(
    ("content", "filename", "expected"),
    [
        (b"", "suppliers.csv", "The file is empty."),
        (b"  \n\n", "suppliers.csv", "The file is empty."),
        (b"name,country\n", "suppliers.csv", "no rows under it"),
        (b"\x00\x01\x02junk\xff" * 20, "suppliers.csv", "binary data"),
        ("name\nCaf\u00e9\n".encode("latin-1"), "suppliers.csv", "not UTF-8"),
        (b"PK\x03\x04 this is not really a zip", "suppliers.xlsx", "not a readable Excel"),
        (b"name\nAcme\n", "suppliers.xlsx", "not a readable Excel"),
        (b"name\nAcme\n", "suppliers.pdf", "Upload a .csv or .xlsx file."),
        (b"name\nAcme\n", "suppliers", "Upload a .csv or .xlsx file."),
    ],
)
def test_an_unreadable_file_is_refused_with_a_clear_message(manager, content, filename, expected):
    result = import_suppliers(manager, content, filename)

    assert len(result.errors) == 1
    assert result.errors[0].row is None
    assert expected in result.errors[0].reason
    assert result.blocked and not result.applied


def test_an_xlsx_with_only_a_header_is_refused(manager):
    result = import_suppliers(manager, xlsx_bytes([["name", "country"]]), "suppliers.xlsx")

    assert "no rows under it" in result.errors[0].reason


def test_a_file_over_the_size_limit_is_refused(manager, settings):
    settings.PARTNERBOOK_MAX_IMPORT_BYTES = 100
    content = csv_bytes([["name"]] + [[f"Supplier {i}"] for i in range(20)])

    result = import_suppliers(manager, io.BytesIO(content), "suppliers.csv")

    assert "larger than the 100 bytes" in result.errors[0].reason
    assert Supplier.objects.count() == 0


@pytest.mark.parametrize("role", [Role.BUYER, Role.VIEWER])
def test_only_admins_and_managers_may_import(db, role):
    user = UserFactory(role=role)

    with pytest.raises(PermissionDenied):
        import_suppliers(user, csv_bytes([["name"], ["Acme"]]), "suppliers.csv")


# Web page ---------------------------------------------------------------------------------


def upload(content: bytes, name: str = "suppliers.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.mark.parametrize("who", ["viewer", "buyer", "portal_user_a"])
def test_the_import_page_is_forbidden_to_viewers_buyers_and_portal_users(request, login, who):
    client = login(request.getfixturevalue(who))

    assert client.get("/suppliers/import/").status_code == 403
    post = client.post("/suppliers/import/", {"file": upload(b"name\nAcme\n")})
    assert post.status_code == 403
    assert Supplier.objects.filter(name="Acme").count() == 0


def test_the_import_page_asks_anonymous_visitors_to_sign_in(client, db):
    response = client.get("/suppliers/import/")

    assert response.status_code == 302
    assert "/login" in response["Location"]


def test_a_manager_sees_the_upload_form_and_the_import_link(login, manager):
    response = login(manager).get("/suppliers/import/")

    assert response.status_code == 200
    assert b'type="file"' in response.content
    assert b'href="/suppliers/import/"' in response.content


def test_uploading_a_valid_file_imports_it_and_shows_the_counts(login, manager, supplier_a):
    content = csv_bytes([["external_id", "name"], ["ERP-A", "Alpha 2"], ["N-1", "Newco"]])

    response = login(manager).post("/suppliers/import/", {"file": upload(content)})

    assert response.status_code == 200
    assert "Import done: 1 created, 1 updated, 0 unchanged." in response.content.decode()
    assert Supplier.objects.filter(name__in=["Alpha 2", "Newco"]).count() == 2


def test_uploading_a_file_with_errors_lists_them_and_changes_nothing(login, manager, supplier_a):
    content = csv_bytes([["external_id", "status"], ["NEW-1", "bogus"], ["ERP-A", "prospect"]])
    before = snapshot()

    response = login(manager).post("/suppliers/import/", {"file": upload(content)})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was imported" in page
    assert 'id="import-errors"' in page
    assert "cannot move from active to prospect" in page
    assert snapshot() == before


def test_the_valid_only_box_imports_the_good_rows(login, manager):
    content = csv_bytes([["name", "country"], ["Good Ltd", "DE"], ["Bad Ltd", "XX"]])

    response = login(manager).post(
        "/suppliers/import/", {"file": upload(content), "valid_only": "on"}
    )

    assert "1 row(s) with errors were left out" in response.content.decode()
    assert list(Supplier.objects.values_list("name", flat=True)) == ["Good Ltd"]


def test_the_dry_run_box_saves_nothing(login, manager):
    content = csv_bytes([["name"], ["Maybe Ltd"]])

    response = login(manager).post("/suppliers/import/", {"file": upload(content), "dry_run": "on"})

    assert "would give: 1 created" in response.content.decode()
    assert Supplier.objects.count() == 0


def test_uploading_an_xlsx_file_works(login, admin_user, category):
    content = xlsx_bytes([["name", "category"], ["Sheet Ltd", "Packaging"]])

    response = login(admin_user).post(
        "/suppliers/import/", {"file": upload(content, "suppliers.xlsx")}
    )

    assert response.status_code == 200
    assert Supplier.objects.get(name="Sheet Ltd").category == category


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "picture.xlsx", "not a readable Excel"),
        (b"", "empty.csv", "file is empty."),
        (b"name\nAcme\n", "notes.txt", "Upload a .csv or .xlsx file."),
    ],
)
def test_a_bad_upload_gets_a_message_not_a_server_error(login, manager, content, name, expected):
    response = login(manager).post("/suppliers/import/", {"file": upload(content, name)})

    assert response.status_code == 200
    assert expected in response.content.decode()


def test_an_oversize_upload_gets_a_message(login, manager, settings):
    settings.PARTNERBOOK_MAX_IMPORT_BYTES = 1024
    content = csv_bytes([["name"]] + [[f"Supplier {i:04d}"] for i in range(200)])

    response = login(manager).post("/suppliers/import/", {"file": upload(content)})

    assert response.status_code == 200
    assert "larger than the 1024 bytes" in response.content.decode()
    assert Supplier.objects.count() == 0


def test_posting_without_a_file_shows_the_form_error(login, manager):
    response = login(manager).post("/suppliers/import/", {})

    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert response.context["result"] is None


# Command line -----------------------------------------------------------------------------


def write(tmp_path, rows, name="suppliers.csv"):
    path = tmp_path / name
    path.write_bytes(xlsx_bytes(rows) if name.endswith(".xlsx") else csv_bytes(rows))
    return path


def test_cli_imports_a_file_as_the_named_user(tmp_path, manager, admin_user):
    path = write(tmp_path, [["external_id", "name"], ["C-1", "Cli Ltd"]], "suppliers.xlsx")
    out = io.StringIO()

    call_command("importdata", "suppliers", str(path), "--user", "mara", stdout=out)

    assert "Import done: 1 created" in out.getvalue()
    supplier = Supplier.objects.get(external_id="C-1")
    assert supplier.history.first().history_user == manager


def test_cli_acts_as_the_first_active_administrator_by_default(tmp_path, admin_user):
    path = write(tmp_path, [["name"], ["Default Ltd"]])

    call_command("importdata", "suppliers", str(path), stdout=io.StringIO())

    assert Supplier.objects.get(name="Default Ltd").history.first().history_user == admin_user


def test_cli_fails_and_lists_each_error_when_a_row_is_bad(tmp_path, admin_user):
    path = write(tmp_path, [["name", "status"], ["Ok Ltd", ""], ["Bad Ltd", "asleep"]])
    err = io.StringIO()

    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("importdata", "suppliers", str(path), stdout=io.StringIO(), stderr=err)

    assert err.getvalue().startswith("row 3, column status: Unknown status")
    assert Supplier.objects.count() == 0


def test_cli_valid_only_imports_the_good_rows(tmp_path, admin_user):
    path = write(tmp_path, [["name", "status"], ["Ok Ltd", ""], ["Bad Ltd", "asleep"]])
    out, err = io.StringIO(), io.StringIO()

    call_command("importdata", "suppliers", str(path), "--valid-only", stdout=out, stderr=err)

    assert "1 row(s) with errors were left out" in out.getvalue()
    assert "row 3, column status" in err.getvalue()
    assert list(Supplier.objects.values_list("name", flat=True)) == ["Ok Ltd"]


def test_cli_dry_run_saves_nothing(tmp_path, admin_user):
    path = write(tmp_path, [["name"], ["Maybe Ltd"]])
    out = io.StringIO()

    call_command("importdata", "suppliers", str(path), "--dry-run", stdout=out)

    assert "would give: 1 created" in out.getvalue()
    assert Supplier.objects.count() == 0


def test_cli_refuses_a_user_who_may_not_import(tmp_path, buyer):
    path = write(tmp_path, [["name"], ["Nope Ltd"]])

    with pytest.raises(CommandError, match="may not import"):
        call_command("importdata", "suppliers", str(path), "--user", "ben")


def test_cli_needs_an_administrator_when_no_user_is_named(tmp_path, manager):
    path = write(tmp_path, [["name"], ["Nope Ltd"]])

    with pytest.raises(CommandError, match="No active administrator"):
        call_command("importdata", "suppliers", str(path))


def test_cli_reports_a_missing_file(tmp_path, admin_user):
    with pytest.raises(CommandError, match="No such file"):
        call_command("importdata", "suppliers", str(tmp_path / "missing.csv"))


def test_cli_progress_bar_appears_only_for_big_files():
    quiet, shown = _ProgressBar(enabled=True), _ProgressBar(enabled=True)

    quiet("Checking", 100, 400)
    shown("Checking", 100, 600)
    shown("Checking", 600, 600)
    shown.close()

    assert quiet.bar is None
    assert shown.bar is not None
    assert shown.bar.tasks[0].completed == 600


def test_a_large_file_is_checked_with_progress_reports(manager):
    CategoryFactory(name="Bulk")
    rows = [["external_id", "name", "category"]] + [
        [f"B-{i}", f"Bulk {i}", "Bulk"] for i in range(600)
    ]
    calls: list[tuple[str, int, int]] = []

    result = import_suppliers(
        manager, csv_bytes(rows), "suppliers.csv", progress=lambda *a: calls.append(a)
    )

    assert result.created == 600
    assert ("Checking", 600, 600) in calls
    assert calls[-1] == ("Saving", 600, 600)
