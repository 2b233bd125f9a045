"""Journey: an ERPNext supplier export is imported through the mapping step once, the
choices are saved as a profile, and a second export is imported with that profile."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnerbook.accounts.models import Role
from partnerbook.suppliers.models import ImportMapping, Supplier
from tests.factories import CategoryFactory, UserFactory

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - the browser fixture skips these tests then
    expect = None

SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "samples" / "erpnext_suppliers.csv"
SECOND = (
    "ID,Supplier Name,Supplier Group,Supplier Type,Country,Billing Currency,Website,Tax ID,"
    "Disabled\n"
    "SUP-2024-00006,Tallinn Print OÜ,Packaging,Company,Estonia,EUR,tallinnprint.example,"
    "EE102345678,0\n"
    "SUP-2024-00007,Porto Moldes Lda,Electronics,Company,Portugal,EUR,,PT509876543,0\n"
)


@pytest.mark.e2e
def test_map_an_erpnext_export_once_and_reuse_the_profile(page, sign_in, screenshot):
    for name in ("Packaging", "Logistics", "Electronics", "Services"):
        CategoryFactory(name=name)
    maria = UserFactory(username="maria", role=Role.MANAGER)
    sign_in(maria)

    # 1. The first export: three columns are not recognised; leave them out and save that.
    page.goto("/suppliers/import/")
    page.set_input_files("input[name=file]", str(SAMPLE))
    step = page.locator("#mapping-columns")
    expect(step).to_contain_text("does not recognise 3 columns")
    expect(step).to_contain_text("Rheinland Verpackung GmbH")  # the first rows are shown
    for title in ("Supplier Type", "Tax ID", "Disabled"):
        page.get_by_label(f"Partnerbook column for {title}").select_option("__ignore__")
    page.get_by_label("Save these choices as a mapping named").fill("ERPNext suppliers")
    screenshot(page, "import-mapping-journey-1-mapping-step")
    page.get_by_role("button", name="Upload and import").click()
    expect(page.locator("#import-result")).to_contain_text("Import done: 5 created")
    screenshot(page, "import-mapping-journey-2-imported")
    assert ImportMapping.objects.get().ignored == ["Supplier Type", "Tax ID", "Disabled"]
    assert Supplier.objects.get(external_id="SUP-2024-00002").country.code == "SE"

    # 2. Next month's export: pick the saved mapping, and nothing needs choosing.
    page.goto("/suppliers/import/")
    page.get_by_label("Saved column mapping").select_option(label="ERPNext suppliers (Suppliers)")
    page.set_input_files(
        "input[name=file]",
        files=[{"name": "erpnext-2.csv", "mimeType": "text/csv", "buffer": SECOND.encode()}],
    )
    expect(step).to_contain_text("Every column is recognised")
    expect(step).to_contain_text("left out (saved mapping)")
    screenshot(page, "import-mapping-journey-3-profile-reused")
    page.get_by_role("button", name="Upload and import").click()
    expect(page.locator("#import-result")).to_contain_text("Import done: 2 created")
    assert Supplier.objects.get(external_id="SUP-2024-00006").country.code == "EE"
    assert Supplier.objects.count() == 7
