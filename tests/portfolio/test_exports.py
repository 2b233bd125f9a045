"""Exporting the segmented portfolio to CSV and XLSX: columns, content, filters, access."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from partnerbook.portfolio.exports import COLUMNS
from partnerbook.segmentation import services
from partnerbook.suppliers import services as supplier_services

from .test_matrix_api import GAP, STRONG


def csv_rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def xlsx_rows(content: bytes) -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def segmented(manager, supplier_a, supplier_b):
    """Alpha: strong factors, overridden, a mismatch and an expectation gap. Beta: no factors."""
    services.update_factors(manager, supplier_a, {**STRONG, "collaboration_willingness": 1})
    services.override_quadrant(manager, supplier_a, "opportunistic", "Owner is selling the firm")
    services.choose_engagement_model(manager, supplier_a, "partnership", "History")
    services.set_expectations(manager, supplier_a, GAP)
    services.record_maturity_move(manager, supplier_a, "cooperative", "Forecasts shared")
    return supplier_a


def test_csv_export_holds_the_segmentation_of_every_supplier(login, viewer, segmented):
    response = login(viewer).get("/portfolio/export.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="portfolio-')
    rows = csv_rows(response.content)
    assert list(rows[0]) == list(COLUMNS)
    alpha, beta = rows
    placement = services.segmentation_of(segmented).placement
    assert alpha == {
        "external_id": "ERP-A", "name": "Alpha Packaging", "category": "Packaging",
        "owner": "ben", "status": "active", "annual_spend": "250000.00", "currency": "EUR",
        "spend_in_reporting_currency": "250000", "reporting_currency": "EUR",
        "value": f"{placement.value.score:g}", "risk": f"{placement.risk.score:g}",
        "confidence": "1", "quadrant": "opportunistic", "computed_quadrant": "strategic",
        "override_reason": "Owner is selling the firm", "recommended_model": "transactional",
        "chosen_model": "partnership", "model_mismatch": "yes",
        "our_expectation": "transactional", "supplier_expectation": "strategic",
        "expectation_gap_flagged": "yes", "maturity_stage": "cooperative",
    }  # fmt: skip
    assert beta["name"] == "Beta Boxes"
    assert beta["value"] == beta["risk"] == beta["quadrant"] == beta["annual_spend"] == ""
    assert beta["model_mismatch"] == "no" and beta["maturity_stage"] == "transactional"


def test_xlsx_export_has_numbers_as_numbers(login, viewer, segmented):
    response = login(viewer).get("/portfolio/export.xlsx")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    header, alpha, beta = xlsx_rows(response.content)
    assert tuple(header) == COLUMNS
    row = dict(zip(COLUMNS, alpha, strict=True))
    assert row["annual_spend"] == 250000 and row["spend_in_reporting_currency"] == 250000
    assert isinstance(row["value"], float) and row["confidence"] == 1
    assert row["quadrant"] == "opportunistic" and row["computed_quadrant"] == "strategic"
    assert dict(zip(COLUMNS, beta, strict=True))["value"] is None


def test_export_cells_cannot_run_as_formulas(login, manager, category):
    supplier = supplier_services.create_supplier(
        manager, {"name": '=HYPERLINK("x")', "category": category}
    )
    services.update_factors(manager, supplier, STRONG)
    services.override_quadrant(manager, supplier, "avoid", "+SUM(A1) because")
    client = login(manager)

    (row,) = csv_rows(client.get("/portfolio/export.csv").content)
    header, cells = xlsx_rows(client.get("/portfolio/export.xlsx").content)

    assert row["name"] == '\'=HYPERLINK("x")' and row["override_reason"] == "'+SUM(A1) because"
    sheet_row = dict(zip(header, cells, strict=True))
    assert sheet_row["name"] == '=HYPERLINK("x")'  # stored as text, not a formula
    workbook = load_workbook(io.BytesIO(client.get("/portfolio/export.xlsx").content))
    assert workbook.worksheets[0]["B2"].data_type == "s"


def test_export_honours_category_and_owner_filters(login, viewer, manager, buyer, category,
                                                   supplier_a, supplier_b):  # fmt: skip
    child = supplier_services.create_category(manager, {"name": "Boxes", "parent": category})
    supplier_services.create_supplier(manager, {"name": "Child Co", "category": child})
    supplier_services.create_supplier(manager, {"name": "Loose Co"})
    client = login(viewer)

    def names(query: str) -> list[str]:
        return [r["name"] for r in csv_rows(client.get(f"/portfolio/export.csv?{query}").content)]

    assert names(f"category={category.pk}") == ["Alpha Packaging", "Beta Boxes", "Child Co"]
    assert names(f"category={child.pk}") == ["Child Co"]
    assert names(f"owner={buyer.pk}") == ["Alpha Packaging"]
    assert names(f"category={category.pk}&owner=0") == ["Child Co"]


@pytest.mark.parametrize("query", ["category=abc", "owner=-1", f"category={2**70}"])
def test_export_with_a_bad_filter_is_refused_not_widened(login, viewer, supplier_a, query):
    response = login(viewer).get(f"/portfolio/export.csv?{query}")

    assert response.status_code == 400
    assert "Bad filter" in response.content.decode()


def test_unknown_export_format_is_404(login, viewer):
    assert login(viewer).get("/portfolio/export.pdf").status_code == 404


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_portal_user_cannot_export(login, portal_user_a, fmt):
    assert login(portal_user_a).get(f"/portfolio/export.{fmt}").status_code == 403
