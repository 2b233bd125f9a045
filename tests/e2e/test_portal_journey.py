"""The supplier portal's acceptance journey in a real browser.

A supplier's account manager accepts her invitation and sets a password, answers the annual
relationship health check, rates us as a customer, sends a suggestion and raises a concern
anonymously. Then the relationship owner sees all of it on the supplier's pages: the health
check answered by the supplier, the rating entered by the supplier, the suggestion counted
as an unsolicited suggestion in the trust ledger, and the concern from "a contact at" the
supplier, without her name anywhere near it.

Screenshots land in test-output/screenshots/portal-journey-*.png."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.core import mail
from django.utils import timezone

from partnerbook.accounts import services as account_services
from partnerbook.accounts.models import Role, User
from partnerbook.cadence import services as cadence
from partnerbook.portal.models import Concern
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

SUPPLIER = "Fjordline Labels"
PASSWORD = "labels on every roll since 1987"
OUR_ANSWERS = {"trust": 4, "openness": 3, "reciprocity": 4, "communication": 4,
               "joint_problem_solving": 3}  # fmt: skip


def test_a_supplier_speaks_through_the_portal_and_the_owner_sees_it(
    page, sign_in, screenshot, browser, live_server, settings
):
    settings.PARTNERBOOK_ANONYMOUS_CONCERN_MINIMUM = 1  # show the one concern at once
    owner = UserFactory(username="olga", first_name="Olga", last_name="Nyström",
                        role=Role.BUYER)  # fmt: skip
    supplier = supplier_services.create_supplier(
        owner, {"name": SUPPLIER, "category": CategoryFactory(name="Labels"),
                "status": "active", "relationship_owner": owner},
    )  # fmt: skip
    ingrid = supplier_services.create_contact(
        owner, supplier,
        {"side": "supplier", "name": "Ingrid Fjeld", "email": "ingrid@fjordline.test"},
    )  # fmt: skip
    check = cadence.record_health_check(
        owner, supplier, timezone.localdate() - dt.timedelta(days=2), OUR_ANSWERS
    )
    account_services.invite(owner, ingrid, base_url=live_server.url + "/")
    link = link_in(mail.outbox[-1])

    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    try:
        tab = context.new_page()
        # She accepts the invitation and chooses her password.
        tab.goto(path_of(link))
        tab.fill("input[name=password1]", PASSWORD)
        tab.fill("input[name=password2]", PASSWORD)
        tab.get_by_role("button", name="Create my account").click()
        tab.wait_for_load_state()
        expect(tab.locator("h1")).to_contain_text("Welcome, Ingrid Fjeld")
        expect(tab.locator("#card-performance-surveys, .portal-card").first).to_be_visible()
        screenshot(tab, "portal-journey-1-home")

        # The health check, from her side.
        tab.goto("/portal/surveys/")
        form = tab.locator(f"#health-check-{check.pk} form")
        selects = form.locator("select")
        for n in range(selects.count()):
            selects.nth(n).select_option("4" if n % 2 else "3")
        form.get_by_role("button", name="Send my answers").click()
        tab.wait_for_load_state()
        expect(tab.locator(".flash-success")).to_be_visible()

        # Rating us as a customer.
        form = tab.locator("#rating form")
        selects = form.locator("select")
        for n in range(selects.count()):
            selects.nth(n).select_option("2" if n == 0 else "4")
        form.locator("textarea").first.fill("Invoices wait sixty days before they are paid.")
        form.get_by_role("button", name="Send my rating").click()
        tab.wait_for_load_state()
        expect(tab.locator(".flash-success")).to_be_visible()
        screenshot(tab, "portal-journey-2-surveys")

        # A suggestion, then a concern raised anonymously.
        tab.goto("/portal/voice/")
        tab.locator("#suggest summary").click()
        tab.fill("#suggestion_title", "Print both label sizes on one roll")
        tab.fill("#suggestion_text", "One roll with both sizes would halve your changeovers.")
        tab.get_by_role("button", name="Send the suggestion").click()
        tab.wait_for_load_state()
        expect(tab.locator(".flash-success")).to_be_visible()
        tab.locator("#concern summary").click()
        tab.locator("#concern_topic").select_option(index=1)
        tab.fill("#concern_text", "Forecasts change every week without a word of warning.")
        tab.check("#concern_anonymous")
        screenshot(tab, "portal-journey-3-concern")
        tab.get_by_role("button", name="Raise the concern").click()
        tab.wait_for_load_state()
        expect(tab.locator(".flash-success")).to_be_visible()
        expect(tab.locator("main")).not_to_contain_text("Forecasts change every week")
    finally:
        context.close()

    ingrid_user = User.objects.get(contact=ingrid)
    concern = Concern.objects.get()
    assert concern.anonymous and concern.author_id is None

    # The owner sees all of it.
    sign_in(owner)
    page.goto(f"/suppliers/{supplier.pk}/")
    page.locator(".tabs").get_by_role("link", name="Supplier voice").click()
    page.wait_for_load_state()
    messages = page.locator("#messages")
    expect(messages).to_contain_text("Print both label sizes on one roll")
    expect(messages).to_contain_text("Ingrid Fjeld")  # a suggestion is sent by name
    concerns = page.locator("#concerns")
    expect(concerns).to_contain_text("Forecasts change every week")
    expect(concerns).to_contain_text(f"a contact at {SUPPLIER}")
    for trace in ("Ingrid", "Fjeld", ingrid_user.username, "ingrid@fjordline.test"):
        expect(concerns).not_to_contain_text(trace)
    screenshot(page, "portal-journey-4-owner-voice")

    page.locator(".tabs").get_by_role("link", name="Relationship").click()
    page.wait_for_load_state()
    expect(page.locator("#trust-lines")).to_contain_text("Unsolicited suggestion")

    page.goto(f"/cadence/suppliers/{supplier.pk}/health-checks/{check.pk}/")
    expect(page.locator("main")).to_contain_text("Ingrid Fjeld")
    page.goto(f"/performance/suppliers/{supplier.pk}/")
    expect(page.locator(".entered-by-supplier").first).to_be_visible()
    screenshot(page, "portal-journey-5-owner-performance")
