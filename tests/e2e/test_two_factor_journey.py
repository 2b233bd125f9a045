"""Two-factor sign-in in a real browser: a buyer opens Two-factor sign-in from the account
menu, adds Partnerbook to an authenticator app with the key the page shows, confirms with a
code and gets recovery codes; signed out and back in, the password alone is not enough and
the app's next code finishes the sign-in.

Screenshots land in test-output/screenshots/two-factor-journey-*.png."""

from __future__ import annotations

import os
import re
import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP, hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnerbook.accounts.models import Role
from tests.factories import UserFactory

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - the conftest explains the skip or the CI failure
    if os.environ.get("CI") == "true":
        raise
    pytest.skip("playwright is not installed", allow_module_level=True)

pytestmark = pytest.mark.e2e


def test_a_buyer_turns_on_two_factor_sign_in_and_signs_in_with_a_code(page, sign_in, screenshot):
    bruno = UserFactory(username="bruno", first_name="Bruno", last_name="Keller",
                        role=Role.BUYER)  # fmt: skip

    sign_in(bruno)
    page.locator("#account-menu summary").click()
    page.get_by_role("link", name="Two-factor sign-in").click()
    expect(page.locator("#two-factor-off")).to_be_visible()
    page.get_by_role("button", name="Set up two-factor sign-in").click()
    page.wait_for_load_state()
    expect(page.locator("#two-factor-qr")).to_be_visible()
    screenshot(page, "two-factor-journey-1-set-up")

    # The "app": the key as typed by hand from the page.
    key = b32decode(page.locator("#two-factor-secret").inner_text().replace(" ", ""))
    totp = TOTP(key)
    totp.time = time.time()
    page.fill("#two-factor-confirm input[name=code]", f"{totp.token():06d}")
    page.get_by_role("button", name="Turn two-factor sign-in on").click()
    page.wait_for_load_state()
    expect(page.locator("#two-factor-on")).to_be_visible()
    expect(page.locator("[data-testid=recovery-code]")).to_have_count(10)
    screenshot(page, "two-factor-journey-2-recovery-codes")

    page.locator("#account-menu summary").click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()

    # The password is only the first step now.
    sign_in(bruno)
    expect(page).to_have_url(re.compile(r"/account/two-factor/verify/$"))
    expect(page.locator("#two-factor-verify")).to_contain_text("authenticator app")
    screenshot(page, "two-factor-journey-3-code")

    # A code is good once, so the app's next one (the server allows a step either way).
    device = TOTPDevice.objects.get(user=bruno)
    page.fill("input[name=code]", f"{hotp(key, device.last_t + 1):06d}")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
    expect(page).to_have_url(re.compile(r"/suppliers/$"))
    expect(page.locator("#account-menu summary")).to_contain_text("Bruno Keller")
    screenshot(page, "two-factor-journey-4-signed-in")
