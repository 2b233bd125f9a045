"""Exporting suppliers to CSV and XLSX: columns, filters, permissions, query count, round trip."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from partnerbook.suppliers import services
from partnerbook.suppliers.exports import export_suppliers
from partnerbook.suppliers.imports import COLUMNS, import_suppliers
from partnerbook.suppliers.models import Supplier

from ..factories import bulk_suppliers

# Some tests pick their users with request.getfixturevalue(), which needs the database.
pytestmark = pytest.mark.django_db


def csv_rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def xlsx_rows(content: bytes) -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def tricky_supplier(manager, category, buyer):
    """Values that tend to break files: formulas, separators, line breaks, accents, no id."""
    return services.create_supplier(
        manager,
        {"name": "=Nasty, \"Quoted\"; Co", "legal_name": "Ærø Handel ApS",
         "category": category, "country": "DK", "website": "https://nasty.example/a?b=1",
         "status": "vetting", "annual_spend": Decimal("1234567.89"), "currency": "DKK",
         "relationship_owner": buyer, "tags": ["eu", "sole-source"],
         "notes": "+ first line\r\nsecond; line, with comma"},
    )  # fmt: skip


def test_csv_export_has_the_import_columns_and_a_row_per_supplier(login, viewer, supplier_a):
    response = login(viewer).get("/suppliers/export.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="suppliers-')
    assert response["Content-Disposition"].endswith('.csv"')
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = csv_rows(response.content)
    assert list(rows[0]) == list(COLUMNS)
    assert rows == [
        {"external_id": "ERP-A", "name": "Alpha Packaging", "legal_name": "",
         "category": "Packaging", "country": "NL", "website": "", "status": "active",
         "annual_spend": "250000.00", "currency": "EUR", "relationship_owner": "ben",
         "tags": "sole-source", "notes": ""}
    ]  # fmt: skip


def test_xlsx_export_has_the_import_columns_and_numbers_for_spend(login, viewer, supplier_a):
    response = login(viewer).get("/suppliers/export.xlsx")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].endswith('.xlsx"')
    header, row = xlsx_rows(response.content)
    assert header == list(COLUMNS)
    assert row[1] == "Alpha Packaging"
    assert row[COLUMNS.index("annual_spend")] == 250000


def test_export_follows_the_list_filters(login, viewer, supplier_a, supplier_b):
    response = login(viewer).get("/suppliers/export.csv?status=pilot&q=beta")

    assert [r["name"] for r in csv_rows(response.content)] == ["Beta Boxes"]


def test_export_leaves_out_archived_suppliers_unless_asked(login, manager, supplier_a, supplier_b):
    services.set_archived(manager, supplier_b, True)
    client = login(manager)

    current = csv_rows(client.get("/suppliers/export.csv").content)
    everything = csv_rows(client.get("/suppliers/export.csv?archived=all&sort=-name").content)

    assert [r["name"] for r in current] == ["Alpha Packaging"]
    assert [r["name"] for r in everything] == ["Beta Boxes", "Alpha Packaging"]


def test_export_ignores_a_bad_filter_value_rather_than_failing(login, viewer, supplier_a):
    response = login(viewer).get("/suppliers/export.csv?status=bogus&category=x")

    assert response.status_code == 200
    assert len(csv_rows(response.content)) == 1


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_runs_a_bounded_number_of_queries(login, viewer, django_assert_max_num_queries, fmt):
    bulk_suppliers(2000, owner=viewer)
    client = login(viewer)

    with django_assert_max_num_queries(8):
        response = client.get(f"/suppliers/export.{fmt}?category=")

    assert response.status_code == 200
    rows = csv_rows(response.content) if fmt == "csv" else xlsx_rows(response.content)[1:]
    assert len(rows) == 2000


def test_export_with_a_category_includes_its_sub_categories(login, viewer, manager, category):
    child = services.create_category(manager, {"name": "Boxes", "parent": category})
    services.create_supplier(manager, {"name": "Child Co", "category": child})
    services.create_supplier(manager, {"name": "Other Co"})

    response = login(viewer).get(f"/suppliers/export.csv?category={category.pk}")

    assert [r["name"] for r in csv_rows(response.content)] == ["Child Co"]


def test_formula_like_text_cannot_run_in_a_spreadsheet(tricky_supplier):
    csv_file = export_suppliers(Supplier.objects.all(), "csv")
    xlsx_file = export_suppliers(Supplier.objects.all(), "xlsx")

    row = csv_rows(csv_file.content)[0]
    assert row["name"] == '\'=Nasty, "Quoted"; Co'
    assert row["notes"].startswith("'+ first line")
    cell = load_workbook(io.BytesIO(xlsx_file.content)).worksheets[0]["B2"]
    assert (cell.value, cell.data_type) == ('=Nasty, "Quoted"; Co', "s")


def test_an_unknown_export_format_is_not_found(login, viewer):
    assert login(viewer).get("/suppliers/export.pdf").status_code == 404


@pytest.mark.parametrize("who", ["viewer", "buyer", "manager", "admin_user"])
def test_every_internal_role_can_export(request, login, supplier_a, who):
    response = login(request.getfixturevalue(who)).get("/suppliers/export.csv")

    assert response.status_code == 200


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_portal_user_cannot_export(login, portal_user_a, fmt):
    assert login(portal_user_a).get(f"/suppliers/export.{fmt}").status_code == 403


def test_an_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.get("/suppliers/export.csv")

    assert response.status_code == 302
    assert "/login" in response["Location"]


# Round trip -------------------------------------------------------------------------------


def snapshot() -> list[tuple]:
    suppliers = Supplier.objects.order_by("pk").values_list(
        "pk", "name", "legal_name", "category_id", "country", "website", "status",
        "annual_spend", "currency", "relationship_owner_id", "external_id", "notes",
        "updated_at",
    )  # fmt: skip
    tags = Supplier.tags.through.objects.order_by("pk").values_list("supplier_id", "tag_id")
    return [*suppliers, *tags, ("history", Supplier.history.count())]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_importing_an_export_changes_nothing(manager, supplier_a, supplier_b, tricky_supplier, fmt):
    bulk_suppliers(30, owner=manager)
    export = export_suppliers(Supplier.objects.all(), fmt)
    before = snapshot()

    result = import_suppliers(manager, export.content, f"suppliers.{fmt}")

    assert result.errors == []
    assert (result.created, result.updated, result.unchanged) == (0, 0, 33)
    assert snapshot() == before


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_imports_into_an_empty_registry_as_the_same_suppliers(
    manager, supplier_a, tricky_supplier, fmt
):
    def rows() -> list[dict[str, str]]:
        found = csv_rows(export_suppliers(Supplier.objects.all(), "csv").content)
        for row in found:  # XLSX stores line breaks as LF only
            row["notes"] = row["notes"].replace("\r\n", "\n")
        return found

    export = export_suppliers(Supplier.objects.all(), fmt)
    rows_before = rows()
    Supplier.objects.all().delete()

    result = import_suppliers(manager, export.content, f"suppliers.{fmt}")

    assert result.created == 2
    assert rows() == rows_before


# Command line -----------------------------------------------------------------------------


def test_cli_export_writes_the_format_its_extension_names(tmp_path, supplier_a, supplier_b):
    csv_path, xlsx_path = tmp_path / "all.csv", tmp_path / "pilots.XLSX"
    out = io.StringIO()

    call_command("exportdata", "suppliers", str(csv_path), stdout=out)
    call_command("exportdata", "suppliers", str(xlsx_path), "--status", "pilot", stdout=out)

    assert [r["name"] for r in csv_rows(csv_path.read_bytes())] == [
        "Alpha Packaging",
        "Beta Boxes",
    ]
    assert [r[1] for r in xlsx_rows(xlsx_path.read_bytes())[1:]] == ["Beta Boxes"]
    assert "Wrote 2 suppliers" in out.getvalue()
    assert "Wrote 1 suppliers" in out.getvalue()


def test_cli_export_then_import_changes_nothing(tmp_path, admin_user, supplier_a, supplier_b):
    path = tmp_path / "suppliers.csv"
    call_command("exportdata", "suppliers", str(path), stdout=io.StringIO())
    before = snapshot()
    out = io.StringIO()

    call_command("importdata", "suppliers", str(path), stdout=out)

    assert "0 created, 0 updated, 2 unchanged" in out.getvalue()
    assert snapshot() == before


def test_cli_export_refuses_an_unknown_extension(tmp_path, db):
    with pytest.raises(CommandError, match=r"\.csv or \.xlsx"):
        call_command("exportdata", "suppliers", str(tmp_path / "out.json"))


def test_cli_export_refuses_a_bad_filter(tmp_path, db):
    with pytest.raises(CommandError, match="--status"):
        call_command("exportdata", "suppliers", str(tmp_path / "out.csv"), "--status", "asleep")


def test_cli_export_reports_a_folder_it_cannot_write_to(tmp_path, db):
    with pytest.raises(CommandError, match="Cannot write"):
        call_command("exportdata", "suppliers", str(tmp_path / "missing" / "out.csv"))
