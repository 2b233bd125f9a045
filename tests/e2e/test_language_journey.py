"""Languages in a real browser: a category manager switches to German, the pages, the chart's
own texts and the numbers follow; a French browser signs in to a French page."""

from __future__ import annotations

import os
import re

import pytest

from partnerbook.accounts.models import Role, User
from partnerbook.segmentation import services as segmentation
from partnerbook.suppliers import services as supplier_services
from tests.factories import CategoryFactory, UserFactory

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - the conftest explains the skip or the CI failure
    if os.environ.get("CI") == "true":
        raise
    pytest.skip("playwright is not installed", allow_module_level=True)

pytestmark = pytest.mark.e2e

STRATEGIC = {
    "criticality": 5, "complexity": 5, "innovation": 5, "integration": 4,
    "financial_health": 5, "single_source": False, "market_difficulty": 1,
}  # fmt: skip


def test_a_manager_switches_to_german_and_the_portfolio_follows(page, sign_in, screenshot):
    manager = UserFactory(username="jonas", first_name="Jonas", last_name="Brandt",
                          role=Role.MANAGER)  # fmt: skip
    castings = CategoryFactory(name="Castings")
    supplier = supplier_services.create_supplier(
        manager, {"name": "Vesterhav Castings", "category": castings, "status": "active",
                  "annual_spend": 1234567, "currency": "EUR"},
    )  # fmt: skip
    segmentation.update_factors(manager, supplier, STRATEGIC)
    sign_in(manager)

    # The account menu offers the language; the choice is saved and the page answers in it.
    page.locator("#account-menu summary").click()
    page.locator("#language-link").click()
    page.get_by_label("Language").select_option("de")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".flash")).to_have_text("Ihre Sprache ist gespeichert.")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    assert User.objects.get(pk=manager.pk).language == "de"

    # The portfolio page: German menus, and the chart's status line from the script catalogue.
    page.goto("/portfolio/")
    expect(page.locator("header")).to_contain_text("Lieferanten")
    expect(page.locator("#chart-status")).to_have_text(re.compile(r"1 Lieferant dargestellt"))
    screenshot(page, "language-portfolio-de")


def test_a_french_browser_gets_the_sign_in_page_in_french(browser, live_server, transactional_db):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    tab = context.new_page()
    tab.goto("/login/")
    expect(tab.locator("h1")).to_have_text("Se connecter")
    expect(tab.locator("html")).to_have_attribute("lang", "fr")
    context.close()
