"""Segmentation in a real browser: score a supplier, read why, override, find it on the matrix."""

from __future__ import annotations

import os
import re

import pytest

from partnerbook.accounts.models import Role
from partnerbook.suppliers import services as supplier_services
from tests.factories import CategoryFactory, UserFactory

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - the conftest explains the skip or the CI failure
    if os.environ.get("CI") == "true":
        raise
    pytest.skip("playwright is not installed", allow_module_level=True)

pytestmark = pytest.mark.e2e

FACTORS = {
    "criticality": "5", "complexity": "4", "innovation": "4", "integration": "5",
    "financial_health": "5", "market_difficulty": "2", "country_risk": "1",
    "ip_sensitivity": "2", "regulatory_constraints": "1",
}  # fmt: skip


def _point_on_chart(page, name: str):
    """Where on the canvas the chart drew `name`'s bubble, and its quadrant (asked of Chart.js)."""
    return page.evaluate(
        """(name) => {
            const chart = Chart.getChart(document.getElementById('portfolio-canvas'));
            for (const [i, dataset] of chart.data.datasets.entries()) {
                const j = dataset.data.findIndex(p => p.supplier && p.supplier.name === name);
                if (j >= 0) {
                    // final positions on the canvas, not the ones mid-animation
                    const el = chart.getDatasetMeta(i).data[j].getProps(['x', 'y'], true);
                    return {dataset: dataset.label, x: el.x, y: el.y,
                            quadrant: dataset.data[j].supplier.quadrant};
                }
            }
            return null;
        }""",
        name,
    )


def test_manager_scores_overrides_and_finds_the_supplier_on_the_matrix(
    page, sign_in, screenshot, transactional_db
):
    manager = UserFactory(username="mara", first_name="Mara", last_name="Quist", role=Role.MANAGER)
    packaging = CategoryFactory(name="Packaging")
    supplier = supplier_services.create_supplier(
        manager, {"name": "Lumen Cartons", "category": packaging, "status": "active",
                  "annual_spend": 400000, "currency": "EUR"},
    )  # fmt: skip
    supplier_services.create_supplier(
        manager, {"name": "Other Mill", "status": "active", "annual_spend": 600000}
    )
    sign_in(manager)

    # Open the supplier and its segmentation tab: nothing recorded, so nothing placed.
    page.goto(supplier.get_absolute_url())
    page.get_by_role("link", name="Segmentation").click()
    expect(page).to_have_url(re.compile(rf"/segmentation/suppliers/{supplier.pk}/$"))

    # Fill the factors; leave "single source" and incidents unknown on purpose.
    page.locator("#factors-form summary").click()
    form = page.locator("#factors-form form")
    for name, value in FACTORS.items():
        form.locator(f"select[name={name}]").select_option(value)
    form.get_by_role("button", name="Save factors").click()

    # The quadrant and its explanation.
    expect(page.locator("#quadrant-badge")).to_contain_text("Strategic")
    expect(page.locator("#confidence")).to_contain_text("missing")
    expect(page.locator("#confidence")).to_contain_text("Single source")
    value_table = page.locator("#value-factors")
    expect(value_table).to_contain_text("Business criticality")
    expect(value_table).to_contain_text("40.0 % of spend")
    expect(page.locator("#risk-factors")).to_contain_text("missing")
    screenshot(page, "segmentation-scored")

    # An override without a reason is refused; with one it is kept beside the computed value.
    page.locator("#override-form").locator("xpath=..").locator("summary").click()
    override = page.locator("#override-form")
    override.locator("select[name=quadrant]").select_option("opportunistic")
    override.get_by_role("button", name="Override").click()
    expect(page.locator("#override-form #error-reason")).to_be_visible()
    expect(page.locator("#quadrant-badge")).to_contain_text("Strategic")
    override = page.locator("#override-form")
    override.locator("select[name=quadrant]").select_option("opportunistic")
    override.locator("[name=reason]").fill("Owner announced the sale of the company")
    override.get_by_role("button", name="Override").click()
    expect(page.locator("#quadrant-badge")).to_contain_text("Opportunistic")
    note = page.locator("#override-note")
    expect(note).to_contain_text("Owner announced the sale of the company")
    expect(note).to_contain_text("Strategic")  # the computed quadrant is still shown
    screenshot(page, "segmentation-overridden")

    # The portfolio chart places the supplier in the overridden quadrant; a click opens it.
    # The top bar's Portfolio menu opens on a click and lists the matrix first.
    page.locator("header").get_by_text("Portfolio", exact=True).click()
    page.locator("header").get_by_role("link", name="Value-risk matrix").click()
    expect(page.locator("#chart-status")).not_to_contain_text("Loading")
    point = _point_on_chart(page, "Lumen Cartons")
    assert point is not None and point["quadrant"] == "opportunistic"
    expect(page.locator("#portfolio-suppliers")).to_contain_text("Lumen Cartons")
    expect(page.locator("#unplaced")).to_contain_text("Other Mill")
    screenshot(page, "portfolio")
    # Playwright scrolls the canvas into view and waits until it is stable before clicking.
    page.locator("#portfolio-canvas").click(position={"x": point["x"], "y": point["y"]})
    expect(page).to_have_url(re.compile(rf"/suppliers/{supplier.pk}/"))
