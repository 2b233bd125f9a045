"""Portal invitations in a real browser: a category manager invites a supplier's account
manager from the supplier's Contacts tab, the invited person opens the e-mailed link in
their own browser, chooses a user name and password and lands signed in on the portal's
home page; the same link refuses a second use.

Screenshots land in test-output/screenshots/invitation-journey-*.png."""

from __future__ import annotations

import os

import pytest
from django.core import mail

from partnerbook.accounts.models import Invitation, Role, User
from partnerbook.suppliers import services as supplier_services
from tests.accounts.conftest import link_in, path_of
from tests.factories import CategoryFactory, UserFactory

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - the conftest explains the skip or the CI failure
    if os.environ.get("CI") == "true":
        raise
    pytest.skip("playwright is not installed", allow_module_level=True)

pytestmark = pytest.mark.e2e

SUPPLIER = "Lindqvist Cartons"
PASSWORD = "corrugated board every tuesday"


def test_an_invited_contact_opens_their_portal_account_once(
    page, sign_in, screenshot, browser, live_server
):
    maria = UserFactory(username="maria", first_name="Maria", last_name="Lund",
                        role=Role.MANAGER)  # fmt: skip
    supplier = supplier_services.create_supplier(
        maria, {"name": SUPPLIER, "category": CategoryFactory(name="Packaging"),
                "status": "active"},
    )  # fmt: skip
    sara = supplier_services.create_contact(
        maria, supplier,
        {"side": "supplier", "name": "Sara Lindqvist", "email": "sara@lindqvist.test"},
    )  # fmt: skip

    # The manager invites Sara from the supplier's Contacts tab.
    sign_in(maria)
    page.goto(f"/suppliers/{supplier.pk}/")
    page.locator(".tabs").get_by_role("link", name="Contacts").click()
    expect(page.locator("#portal-access")).to_contain_text("Nobody from")
    page.locator(f"#invite-{sara.pk}").get_by_role("button", name="Invite to the portal").click()
    page.wait_for_load_state()
    expect(page.locator(".flash-success")).to_contain_text("Invitation sent to sara@lindqvist.test")
    expect(page.locator("#portal-access .pending-invitation")).to_contain_text("Sara Lindqvist")
    screenshot(page, "invitation-journey-1-invited")

    assert len(mail.outbox) == 1
    link = link_in(mail.outbox[0])
    assert "Maria Lund" in mail.outbox[0].body and SUPPLIER in mail.outbox[0].body

    # Sara opens the link in her own browser.
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    context.set_default_timeout(10_000)
    try:
        tab = context.new_page()
        tab.goto(path_of(link))
        expect(tab.locator("#invitation")).to_contain_text("Maria Lund")
        expect(tab.locator("#invitation")).to_contain_text(SUPPLIER)
        expect(tab.locator("input[name=username]")).to_have_value("sara")
        tab.fill("input[name=password1]", PASSWORD)
        tab.fill("input[name=password2]", PASSWORD)
        screenshot(tab, "invitation-journey-2-accept")
        tab.get_by_role("button", name="Create my account").click()
        tab.wait_for_load_state()
        expect(tab.locator("h1")).to_contain_text("Welcome, Sara Lindqvist")
        expect(tab.locator("main")).to_contain_text(SUPPLIER)
        screenshot(tab, "invitation-journey-3-portal-home")

        # The same link again, even after signing out, is refused.
        tab.context.clear_cookies()
        response = tab.goto(path_of(link))
        assert response is not None and response.status == 410
        expect(tab.locator("#invitation-unusable")).to_contain_text("already been used")
        screenshot(tab, "invitation-journey-4-used-link")
    finally:
        context.close()

    sara_user = User.objects.get(username="sara")
    assert sara_user.role == Role.SUPPLIER_CONTACT
    assert (sara_user.supplier_id, sara_user.contact_id) == (supplier.pk, sara.pk)
    assert Invitation.objects.get().user == sara_user

    # Back on the supplier page, Sara now shows as a portal user.
    page.reload()
    expect(page.locator("#portal-access .portal-user")).to_contain_text("Sara Lindqvist")
    expect(page.locator(f"#invite-{sara.pk}")).to_have_count(0)
