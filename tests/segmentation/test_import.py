"""Importing segmentation factors from CSV and XLSX: checks, all-or-nothing, web page and CLI."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from partnerbook.accounts.models import Role
from partnerbook.segmentation import services
from partnerbook.segmentation.imports import import_segmentation
from partnerbook.segmentation.models import SegmentationProfile
from partnerbook.suppliers import services as supplier_services
from partnerbook.suppliers.models import Supplier

from ..factories import UserFactory, bulk_suppliers
from ..suppliers.test_import import csv_bytes, error_map, xlsx_bytes

# Some tests pick their users with request.getfixturevalue(), which needs the database.
pytestmark = pytest.mark.django_db

HEADER = [
    "external_id", "supplier", "criticality", "financial_health", "single_source",
    "serious_incidents", "chosen_model", "our_expectation", "supplier_expectation",
]  # fmt: skip


def snapshot() -> list[tuple]:
    """Everything a segmentation import could change, to prove that nothing did."""
    return [
        *SegmentationProfile.objects.order_by("pk").values_list(),
        ("history", SegmentationProfile.history.count()),
        ("suppliers", *Supplier.objects.order_by("pk").values_list("pk", "name")),
    ]


def profile(supplier) -> SegmentationProfile:
    return SegmentationProfile.objects.get(supplier=supplier)


# Reading and recording ---------------------------------------------------------------------


def test_it_records_factors_from_a_csv_file_as_the_importing_user(manager, supplier_a, supplier_b):
    content = csv_bytes(
        [
            HEADER,
            ["ERP-A", "", "5", "2", "yes", "1", "Partnership", "cooperative", "Strategic"],
            ["", "beta boxes", "2", "", "No", "0", "", "", ""],
        ]
    )

    result = import_segmentation(manager, content, "segmentation.csv")

    assert result.errors == []
    assert (result.updated, result.unchanged, result.applied) == (2, 0, True)
    assert result.summary == "Import done: 2 updated, 0 unchanged."
    alpha = profile(supplier_a)
    assert (alpha.criticality, alpha.financial_health, alpha.single_source) == (5, 2, True)
    assert alpha.serious_incidents == 1 and alpha.chosen_model == "partnership"
    assert (alpha.our_expectation, alpha.supplier_expectation) == ("cooperative", "strategic")
    assert alpha.supplier_expectation_source == "buyer"
    beta = profile(supplier_b)
    assert (beta.criticality, beta.financial_health, beta.single_source) == (2, None, False)
    assert beta.serious_incidents == 0 and beta.chosen_model == ""
    changes = SegmentationProfile.history.all()
    # per supplier: "Segmentation started"; then Alpha: factors, model, expectations; Beta: factors
    assert changes.count() == 6
    assert {r.history_user for r in changes} == {manager}
    assert services.segmentation_of(supplier_a).quadrant == "opportunistic"


def test_it_records_factors_from_an_xlsx_file(admin_user, supplier_a):
    content = xlsx_bytes(
        [
            ["External ID", "Complexity", "Commodity", "Country risk", "Shared risk reward"],
            ["ERP-A", 4, True, 3.0, 0],
        ]
    )

    result = import_segmentation(admin_user, content, "factors.xlsx")

    assert result.errors == []
    alpha = profile(supplier_a)
    assert (alpha.complexity, alpha.commodity, alpha.country_risk) == (4, True, 3)
    assert alpha.shared_risk_reward is False


def test_empty_cells_leave_values_alone_and_reimporting_changes_nothing(manager, supplier_a):
    services.update_factors(manager, supplier_a, {"innovation": 3, "criticality": 1})
    content = csv_bytes([["supplier", "criticality", "innovation"], ["Alpha Packaging", "4", ""]])

    first = import_segmentation(manager, content, "factors.csv")
    history = SegmentationProfile.history.count()
    second = import_segmentation(manager, content, "factors.csv")

    assert (first.updated, second.updated, second.unchanged) == (1, 0, 1)
    assert (profile(supplier_a).criticality, profile(supplier_a).innovation) == (4, 3)
    assert SegmentationProfile.history.count() == history


def test_an_import_never_creates_suppliers(manager, supplier_a):
    content = csv_bytes([["external_id", "supplier", "criticality"], ["NEW-1", "Newco", "3"]])
    before = snapshot()

    result = import_segmentation(manager, content, "factors.csv")

    assert error_map(result) == {(2, "external_id"): "No supplier has the external id 'NEW-1'."}
    assert result.blocked and snapshot() == before


# All or nothing ----------------------------------------------------------------------------


def test_one_bad_row_changes_nothing(manager, supplier_a, supplier_b):
    services.update_factors(manager, supplier_a, {"criticality": 2})
    content = csv_bytes([["external_id", "criticality"], ["ERP-A", "5"], ["ERP-B", "7"]])
    before = snapshot()

    result = import_segmentation(manager, content, "factors.csv")

    assert result.blocked and not result.applied
    assert result.summary.startswith("Nothing was imported: the file has 1 error.")
    assert error_map(result) == {(3, "criticality"): "'7' is not a whole number from 1 to 5."}
    assert snapshot() == before


def test_valid_only_records_the_good_rows_and_reports_the_rest(manager, supplier_a, supplier_b):
    content = csv_bytes([["external_id", "criticality"], ["ERP-A", "5"], ["ERP-B", "high"]])

    result = import_segmentation(manager, content, "factors.csv", valid_only=True)

    assert result.applied and (result.updated, result.skipped) == (1, 1)
    assert "1 row(s) with errors were left out" in result.summary
    assert profile(supplier_a).criticality == 5
    assert not SegmentationProfile.objects.filter(supplier=supplier_b).exists()


def test_dry_run_reports_what_would_change_and_saves_nothing(manager, supplier_a, supplier_b):
    services.update_factors(manager, supplier_a, {"criticality": 5})
    content = csv_bytes([["external_id", "criticality"], ["ERP-A", "5"], ["ERP-B", "1"]])
    before = snapshot()

    result = import_segmentation(manager, content, "factors.csv", dry_run=True)

    assert result.summary == (
        "Check only, nothing was saved. The import would give: 1 updated, 1 unchanged."
    )
    assert snapshot() == before


# Errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        (["ERP-A", "", "0"], "criticality", "not a whole number from 1 to 5"),
        (["ERP-A", "", "2.5"], "criticality", "not a whole number from 1 to 5"),
        (["ERP-A", "", "", "maybe"], "single_source", "not yes or no"),
        (["ERP-A", "", "", "", "-1"], "serious_incidents", "not a count from 0 to 1000"),
        (["ERP-A", "", "", "", "lots"], "serious_incidents", "not a count"),
        (["ERP-A", "", "", "", "", "friendship"], "chosen_model", "transactional, partnership"),
        (["ERP-A", "", "", "", "", "", "best friends"], "our_expectation", "maturity stages"),
        (["ERP-A", "", "", "", "", "", "", "marriage"], "supplier_expectation", "maturity"),
        (["ERP-X"], "external_id", "No supplier has the external id 'ERP-X'."),
        (["", "Gamma Glass"], "supplier", "No supplier is called 'Gamma Glass'"),
        (["ERP-A", "Beta Boxes"], "supplier", "is called 'Alpha Packaging'"),
        (["", "", "3"], "external_id", "give its external_id or its name"),
        (["ERP-A", "", "3", "", "", "", "", "", "extra"], None, "more cells than the header"),
    ],
)
def test_each_error_names_its_row_and_column(manager, supplier_a, supplier_b, row, column, reason):
    header = ["external_id", "supplier", "criticality", "single_source", "serious_incidents",
              "chosen_model", "our_expectation", "supplier_expectation"]  # fmt: skip
    content = csv_bytes([header, ["ERP-B", "", "3"], row])
    before = snapshot()

    result = import_segmentation(manager, content, "factors.csv")

    assert [(e.row, e.column) for e in result.errors] == [(3, column)]
    assert reason in result.errors[0].reason
    assert snapshot() == before


def test_a_name_shared_by_several_suppliers_is_a_row_error(manager, supplier_a):
    supplier_services.create_supplier(manager, {"name": "ALPHA PACKAGING", "external_id": "X-2"})
    content = csv_bytes([["supplier", "criticality"], ["Alpha Packaging", "3"]])

    result = import_segmentation(manager, content, "factors.csv")

    assert error_map(result) == {
        (2, "supplier"): "2 suppliers have this name; add their external_id to say which one."
    }


def test_two_rows_about_the_same_supplier_are_an_error_on_the_later_row(manager, supplier_a):
    content = csv_bytes(
        [
            ["external_id", "supplier", "criticality"],
            ["ERP-A", "", "3"],
            ["", "alpha packaging", "4"],
        ]
    )

    result = import_segmentation(manager, content, "factors.csv")

    assert error_map(result) == {(3, "supplier"): "Row 2 is about the same supplier."}


def test_a_supplier_file_is_refused_for_its_unknown_columns(manager, supplier_a):
    content = csv_bytes([["external_id", "name", "criticality"], ["ERP-A", "Alpha", "3"]])

    result = import_segmentation(manager, content, "factors.csv", valid_only=True)

    assert [(e.row, e.column) for e in result.errors] == [(1, "name")]
    assert "Known columns: external_id, supplier, criticality" in result.errors[0].reason
    assert result.blocked and not SegmentationProfile.objects.exists()


def test_a_file_without_a_supplier_column_is_refused(manager, supplier_a):
    result = import_segmentation(manager, csv_bytes([["criticality"], ["3"]]), "factors.csv")

    assert error_map(result) == {
        (1, None): "The file needs an 'external_id' or a 'supplier' column."
    }


def test_an_unreadable_file_is_refused_with_a_clear_message(manager):
    result = import_segmentation(manager, b"external_id\nERP-A\n", "factors.pdf")

    assert error_map(result) == {(None, None): "Upload a .csv or .xlsx file."}


@pytest.mark.parametrize("role", [Role.BUYER, Role.VIEWER, Role.SUPPLIER_CONTACT])
def test_only_admins_and_managers_may_import(supplier_a, role):
    user = UserFactory(role=role, supplier=supplier_a if role == Role.SUPPLIER_CONTACT else None)

    with pytest.raises(PermissionDenied):
        import_segmentation(user, csv_bytes([["external_id"], ["ERP-A"]]), "factors.csv")


def test_checking_a_large_file_runs_a_fixed_number_of_queries(
    manager, django_assert_max_num_queries
):
    suppliers = bulk_suppliers(600)
    rows = [["external_id", "supplier", "criticality"]] + [
        [s.external_id, "", "3"] if i % 2 else ["", s.name, "3"] for i, s in enumerate(suppliers)
    ]

    with django_assert_max_num_queries(6):
        result = import_segmentation(manager, csv_bytes(rows), "factors.csv", dry_run=True)

    assert result.errors == [] and result.updated == 600


# Web page ----------------------------------------------------------------------------------


def upload(content: bytes, name: str = "factors.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_the_import_page_offers_both_kinds_and_preselects_the_one_asked_for(login, manager):
    client = login(manager)

    plain = client.get("/suppliers/import/").content.decode()
    asked = client.get("/suppliers/import/?kind=segmentation").content.decode()

    assert 'value="suppliers" id="id_kind_0" checked>' in plain
    assert 'value="segmentation" id="id_kind_1">' in plain
    assert 'value="segmentation" id="id_kind_1" checked>' in asked
    assert 'id="segmentation-columns"' in asked


def test_uploading_a_segmentation_file_records_the_factors(login, manager, supplier_a):
    content = csv_bytes([["external_id", "criticality"], ["ERP-A", "4"]])

    response = login(manager).post(
        "/suppliers/import/", {"kind": "segmentation", "file": upload(content)}
    )

    assert response.status_code == 200
    assert "Import done: 1 updated, 0 unchanged." in response.content.decode()
    assert profile(supplier_a).criticality == 4
    assert Supplier.objects.count() == 1


def test_uploading_a_segmentation_file_with_errors_lists_them(login, manager, supplier_a):
    content = csv_bytes([["external_id", "criticality"], ["ERP-A", "9"]])

    response = login(manager).post(
        "/suppliers/import/", {"kind": "segmentation", "file": upload(content), "valid_only": "on"}
    )

    page = response.content.decode()
    assert 'id="import-errors"' in page
    assert "not a whole number from 1 to 5" in page
    assert not SegmentationProfile.objects.exists()


def test_an_unknown_kind_is_a_form_error(login, manager, supplier_a):
    content = csv_bytes([["external_id", "criticality"], ["ERP-A", "4"]])

    response = login(manager).post(
        "/suppliers/import/", {"kind": "horoscopes", "file": upload(content)}
    )

    assert response.context["form"].errors["kind"]
    assert response.context["result"] is None


@pytest.mark.parametrize("who", ["viewer", "buyer", "portal_user_a"])
def test_the_import_page_is_forbidden_to_viewers_buyers_and_portal_users(request, login, who):
    content = csv_bytes([["external_id", "criticality"], ["ERP-A", "4"]])
    client = login(request.getfixturevalue(who))

    response = client.post("/suppliers/import/", {"kind": "segmentation", "file": upload(content)})

    assert response.status_code == 403
    assert not SegmentationProfile.objects.exists()


# Command line ------------------------------------------------------------------------------


def write(tmp_path, rows, name="factors.csv"):
    path = tmp_path / name
    path.write_bytes(xlsx_bytes(rows) if name.endswith(".xlsx") else csv_bytes(rows))
    return path


def test_cli_records_factors_as_the_named_user(tmp_path, manager, admin_user, supplier_a):
    path = write(tmp_path, [["external_id", "integration"], ["ERP-A", 5]], "factors.xlsx")
    out = io.StringIO()

    call_command("importdata", "segmentation", str(path), "--user", "mara", stdout=out)

    assert "Import done: 1 updated, 0 unchanged." in out.getvalue()
    assert profile(supplier_a).integration == 5
    assert profile(supplier_a).history.first().history_user == manager


def test_cli_fails_and_lists_each_error(tmp_path, admin_user, supplier_a, supplier_b):
    path = write(tmp_path, [["external_id", "commodity"], ["ERP-A", "yes"], ["ERP-B", "perhaps"]])
    err = io.StringIO()

    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("importdata", "segmentation", str(path), stdout=io.StringIO(), stderr=err)

    assert err.getvalue().startswith("row 3, column commodity: 'perhaps' is not yes or no")
    assert not SegmentationProfile.objects.exists()


def test_cli_valid_only_and_dry_run(tmp_path, admin_user, supplier_a, supplier_b):
    path = write(tmp_path, [["external_id", "commodity"], ["ERP-A", "yes"], ["ERP-B", "perhaps"]])
    out = io.StringIO()

    call_command(
        "importdata", "segmentation", str(path), "--valid-only", "--dry-run",
        stdout=out, stderr=io.StringIO(),
    )  # fmt: skip
    assert "would give: 1 updated" in out.getvalue()
    assert not SegmentationProfile.objects.exists()

    call_command(
        "importdata", "segmentation", str(path), "--valid-only",
        stdout=io.StringIO(), stderr=io.StringIO(),
    )  # fmt: skip
    assert profile(supplier_a).commodity is True
    assert not SegmentationProfile.objects.filter(supplier=supplier_b).exists()


def test_cli_refuses_a_user_who_may_not_import(tmp_path, buyer, supplier_a):
    path = write(tmp_path, [["external_id", "commodity"], ["ERP-A", "yes"]])

    with pytest.raises(CommandError, match="may not import"):
        call_command("importdata", "segmentation", str(path), "--user", "ben")
