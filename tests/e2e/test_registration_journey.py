"""Self-registration in a real browser: a company finds the registration from the sign-in
page and registers, a category manager approves it into an open sourcing project from the
review page (reached from the sourcing list), and the new portal user signs in and lands on
the portal's home page; the project's candidate list shows the new prospect.

Screenshots land in test-output/screenshots/registration-journey-*.png."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.core import mail

from partnerbook.accounts.models import Registration, Role, User
from partnerbook.sourcing import services as sourcing
from tests.factories import CategoryFactory, UserFactory

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - the conftest explains the skip or the CI failure
    if os.environ.get("CI") == "true":
        raise
    pytest.skip("playwright is not installed", allow_module_level=True)

pytestmark = pytest.mark.e2e

COMPANY = "Nordic Fibre Trays"
PASSWORD = "moulded fibre from old paper"


def test_a_prospect_registers_is_approved_into_a_project_and_signs_in(
    page, sign_in, screenshot, browser, live_server
):
    maria = UserFactory(username="maria", first_name="Maria", last_name="Lund",
                        role=Role.MANAGER)  # fmt: skip
    packaging = CategoryFactory(name="Packaging")
    project = sourcing.create_project(
        maria, {"title": "Greener trays", "category": packaging, "owner": maria,
                "target_date": dt.date(2027, 6, 1)},
    )  # fmt: skip

    # The prospect, in their own browser, finds the registration from the sign-in page.
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    context.set_default_timeout(10_000)
    try:
        tab = context.new_page()
        tab.goto("/login/")
        tab.get_by_role("link", name="Register your company").click()
        tab.wait_for_load_state()
        expect(tab.locator("h1")).to_have_text("Register your company")
        tab.fill("input[name=company_name]", COMPANY)
        tab.select_option("select[name=country]", "SE")
        tab.select_option("select[name=category]", label="Packaging")
        tab.fill("input[name=website]", "https://nordic-fibre.test")
        tab.fill("textarea[name=offer]", "Moulded fibre trays and inserts from recycled paper.")
        tab.fill("input[name=contact_name]", "Ingrid Holm")
        tab.fill("input[name=email]", "ingrid@nordic-fibre.test")
        tab.fill("input[name=username]", "ingrid")
        tab.fill("input[name=password1]", PASSWORD)
        tab.fill("input[name=password2]", PASSWORD)
        screenshot(tab, "registration-journey-1-form")
        tab.get_by_role("button", name="Send my registration").click()
        tab.wait_for_load_state()
        expect(tab.locator("#register-thanks")).to_contain_text("we will be in touch")
        screenshot(tab, "registration-journey-2-thanks")
        assert mail.outbox[-1].to == ["ingrid@nordic-fibre.test"]

        # Nothing to sign in to yet.
        tab.goto("/login/")
        tab.fill("input[name=username]", "ingrid")
        tab.fill("input[name=password]", PASSWORD)
        tab.get_by_role("button", name="Sign in").click()
        tab.wait_for_load_state()
        expect(tab.locator(".error")).to_be_visible()

        # The manager finds the registration from the sourcing list and approves it.
        sign_in(maria)
        page.goto("/sourcing/")
        page.locator("#registrations-link").click()
        page.wait_for_load_state()
        registration = Registration.objects.get()
        card = page.locator(f"#registration-{registration.pk}")
        expect(card).to_contain_text(COMPANY)
        expect(card).to_contain_text("Moulded fibre trays")
        expect(page.locator("#pending-count")).to_contain_text("1 waiting")
        card.locator("select[name=project]").select_option(label="Greener trays (Packaging)")
        screenshot(page, "registration-journey-3-review")
        card.get_by_role("button", name="Approve").click()
        page.wait_for_load_state()
        expect(page.locator(".flash-success")).to_contain_text("registered as a prospect")
        expect(page.locator("#pending-count")).to_contain_text("0 waiting")
        assert "can now sign in as ingrid" in mail.outbox[-1].body

        # The prospect signs in and lands on the portal's home page.
        tab.goto("/login/")
        tab.fill("input[name=username]", "ingrid")
        tab.fill("input[name=password]", PASSWORD)
        tab.get_by_role("button", name="Sign in").click()
        tab.wait_for_load_state()
        expect(tab.locator("h1")).to_contain_text("Welcome, Ingrid Holm")
        expect(tab.locator("main")).to_contain_text(COMPANY)
        screenshot(tab, "registration-journey-4-portal-home")
    finally:
        context.close()

    user = User.objects.get(username="ingrid")
    assert user.role == Role.SUPPLIER_CONTACT and user.supplier.status == "prospect"

    # The project's candidate list shows the new prospect, as inbound.
    page.goto(f"/sourcing/{project.pk}/")
    expect(page.locator("main")).to_contain_text(COMPANY)
    screenshot(page, "registration-journey-5-candidates")
