"""The supplier registry in a real browser: sign in, register, find, edit, move, audit."""

from __future__ import annotations

import os
import re

import pytest

from partnerbook.accounts.models import Role
from partnerbook.suppliers import services
from partnerbook.suppliers.models import Supplier
from tests.factories import CategoryFactory, UserFactory

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - the conftest explains the skip or the CI failure
    if os.environ.get("CI") == "true":
        raise
    pytest.skip("playwright is not installed", allow_module_level=True)

pytestmark = pytest.mark.e2e


@pytest.fixture
def manager(transactional_db):
    return UserFactory(username="mara", first_name="Mara", last_name="Quist", role=Role.MANAGER)


def test_manager_registers_finds_edits_and_moves_a_supplier(page, sign_in, screenshot, manager):
    CategoryFactory(name="Packaging")
    services.create_supplier(manager, {"name": "Other Paper Mill", "country": "FI"})

    page.goto("/login/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    screenshot(page, "login")
    sign_in(manager)
    expect(page).to_have_url(re.compile(r"/suppliers/$"))
    expect(page.locator("header")).to_contain_text("Mara Quist")

    # Register a supplier through the form.
    page.locator("header").get_by_role("link", name="Suppliers", exact=True).click()
    page.get_by_role("button", name="New supplier").click()
    expect(page.get_by_role("heading", name="New supplier")).to_be_visible()
    page.fill("#id_name", "Lumen Cartons")
    page.select_option("#id_category", label="Packaging")
    page.select_option("#id_country", "NL")
    page.select_option("#id_status", "prospect")
    page.fill("#id_annual_spend", "120000")
    page.fill("#id_currency", "eur")
    page.fill("#id_tags", "eu, Sole-Source")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", name="Lumen Cartons")).to_be_visible()
    expect(page.locator("[role=status]")).to_contain_text("created")
    expect(page.locator("#status-badge")).to_have_text("Prospect")
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("120,000 EUR")
    expect(facts).to_contain_text("Netherlands")
    expect(facts).to_contain_text("sole-source")
    supplier = Supplier.objects.get(name="Lumen Cartons")
    assert supplier.relationship_owner == manager
    screenshot(page, "supplier-detail")

    # Find it again through the live search (htmx swaps the table on keyup).
    page.locator("main").get_by_role("link", name="Suppliers", exact=True).click()
    rows = page.locator("#suppliers tbody tr")
    expect(rows).to_have_count(2)
    screenshot(page, "supplier-list")
    page.locator("#id_q").press_sequentially("lumen")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Lumen Cartons")
    expect(page).to_have_url(re.compile(r"[?&]q=lumen"))

    # Edit one field.
    page.get_by_role("link", name="Lumen Cartons").click()
    page.get_by_role("button", name="Edit").click()
    page.fill("#id_annual_spend", "135000")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("[role=status]")).to_contain_text("Changes saved")
    expect(page.locator("dl.facts")).to_contain_text("135,000 EUR")

    # A legal status move updates the badge.
    page.select_option("#status-form select[name=status]", "vetting")
    page.fill("#status-form input[name=note]", "Starting the supplier checks")
    page.get_by_role("button", name="Change status").click()
    expect(page.locator("#status-badge")).to_have_text("Vetting")
    expect(page.locator("[role=status]")).to_contain_text("Status is now Vetting")

    # The select only offers legal moves; a forged one is refused by the server.
    page.eval_on_selector(
        "#status-form select[name=status]", "s => s.add(new Option('Active', 'active'))"
    )
    page.select_option("#status-form select[name=status]", "active")
    page.get_by_role("button", name="Change status").click()
    expect(page.locator("[role=status]")).to_contain_text("cannot move from vetting to active")
    expect(page.locator("#status-badge")).to_have_text("Vetting")
    supplier.refresh_from_db()
    assert supplier.status == "vetting"

    # The history tab shows who changed what.
    page.get_by_role("link", name="History").click()
    expect(page).to_have_url(re.compile(rf"/suppliers/{supplier.pk}/history/$"))
    spend_change = page.locator(".history-entry").filter(has_text="Annual spend")
    expect(spend_change).to_have_count(1)
    expect(spend_change).to_contain_text("by Mara Quist")
    expect(spend_change).to_contain_text("135000")
    status_change = page.locator(".history-entry").filter(has_text="Prospect → Vetting")
    expect(status_change).to_contain_text("by Mara Quist")
    expect(status_change).to_contain_text("Starting the supplier checks")
    expect(page.locator("#audit-trail")).not_to_contain_text("Pilot → Active")
    screenshot(page, "supplier-history")


def test_a_bad_supplier_form_shows_field_errors_and_saves_nothing(
    page, sign_in, screenshot, manager
):
    sign_in(manager)
    page.goto("/suppliers/new/")
    page.fill("#id_name", "")
    page.fill("#id_annual_spend", "-5")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", name="New supplier")).to_be_visible()
    expect(page.locator("#error-name")).to_be_visible()
    expect(page.locator("#error-annual_spend")).to_be_visible()
    expect(page.locator("#id_annual_spend")).to_have_value("-5")
    screenshot(page, "new-supplier-errors")
    assert Supplier.objects.count() == 0


def test_a_viewer_sees_suppliers_but_no_new_supplier_button(page, sign_in, manager):
    services.create_supplier(manager, {"name": "Visible Steel", "country": "DE"})
    viewer = UserFactory(username="vic", first_name="Vic", last_name="Viewer", role=Role.VIEWER)
    sign_in(viewer)
    expect(page).to_have_url(re.compile(r"/suppliers/$"))
    expect(page.locator("#suppliers")).to_contain_text("Visible Steel")
    expect(page.get_by_role("button", name="New supplier")).to_have_count(0)
    response = page.goto("/suppliers/new/")
    assert response is not None and response.status == 403


def test_a_portal_user_gets_the_not_allowed_page_for_the_supplier_list(
    page, sign_in, screenshot, manager
):
    supplier = services.create_supplier(manager, {"name": "Portal Packaging", "country": "SE"})
    portal_user = UserFactory(username="pat", role=Role.SUPPLIER_CONTACT, supplier=supplier)
    sign_in(portal_user)
    response = page.goto("/suppliers/")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", name="Not allowed")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("Portal Packaging")
    screenshot(page, "portal-user-refused")
