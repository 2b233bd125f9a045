"""Single sign-on in a real browser: a category manager clicks "Sign in with …" on the sign-in
page, the local OpenID Connect provider (started by the test on 127.0.0.1) approves her at
once, and she lands on the supplier list as a manager, the role her group maps to. With
passwords switched off for our own people, the password form refuses a buyer and points to
the provider.

Screenshots land in test-output/screenshots/sso-journey-*.png."""

from __future__ import annotations

import os
import re

import pytest

from partnerbook.accounts.models import Role, User
from tests.accounts.oidc_provider import RunningProvider, configure
from tests.factories import UserFactory

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - the conftest explains the skip or the CI failure
    if os.environ.get("CI") == "true":
        raise
    pytest.skip("playwright is not installed", allow_module_level=True)

pytestmark = pytest.mark.e2e


@pytest.fixture
def provider(settings):
    with RunningProvider() as running:
        running.claims = {
            "sub": "mira-42",
            "email": "mira@example.com",
            "email_verified": True,
            "preferred_username": "mira",
            "given_name": "Mira",
            "family_name": "Sand",
            "groups": ["pb-managers"],
        }
        configure(settings, running, PARTNERBOOK_LOCAL_LOGIN=False)
        yield running


def test_a_manager_signs_in_through_the_provider_and_lands_with_her_role(
    page, provider, screenshot
):
    buyer = UserFactory(username="bruno", role=Role.BUYER)

    page.goto("/login/")
    expect(page.locator("#passwords-for-portal")).to_be_visible()
    screenshot(page, "sso-journey-1-sign-in-page")

    # Passwords are off for our own people: the form says where to go instead.
    page.fill("input[name=username]", buyer.username)
    page.fill("input[name=password]", "pw-for-tests-1")
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.locator("#sign-in-error")).to_contain_text("sign in with Test Identity")
    screenshot(page, "sso-journey-2-password-refused")

    page.get_by_role("button", name="Sign in with Test Identity").click()
    expect(page).to_have_url(re.compile(r"/suppliers/$"))
    screenshot(page, "sso-journey-3-signed-in")

    mira = User.objects.get(oidc_subject="mira-42")
    assert (mira.username, mira.role) == ("mira", Role.MANAGER)
    assert provider.authorize_requests, "the browser went through the provider"
