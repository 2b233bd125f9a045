"""Browser tests: Playwright (sync API) drives Debian's Chromium against the live server.

Without a working Chromium the tests are skipped, except in CI (CI=true) where they fail.
Each test gets a fresh browser context (cookies, storage), so tests never share a session.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse
# database access from it in the test code (factories, assertions on the ORM).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path(os.environ.get("PARTNERBOOK_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
]
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
VIEWPORT = {"width": 1280, "height": 800}
PASSWORD = "pw-for-tests-1"  # the password tests/factories.py gives every user


def _browser_unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"Browser tests are required in CI: {reason}", pytrace=False)
    pytest.skip(f"Browser tests skipped: {reason}")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole run."""
    if not CHROMIUM.exists():
        _browser_unavailable(f"{CHROMIUM} is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        _browser_unavailable("the playwright package is not installed")
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
    except Error as exc:
        playwright.stop()
        _browser_unavailable(f"{CHROMIUM} did not start: {exc.message.splitlines()[0]}")
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def page(browser: Any, live_server: Any, transactional_db: None) -> Iterator[Any]:
    """A tab in a fresh browser context pointed at the live server."""
    # Reduced motion: charts draw at once, so screenshots and clicks see final positions.
    context = browser.new_context(
        base_url=live_server.url, viewport=VIEWPORT, reduced_motion="reduce"
    )
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def screenshot() -> Callable[[Any, str], Path]:
    """`screenshot(page, "name")` saves test-output/screenshots/name.png and returns the path."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)

    def take(tab: Any, name: str) -> Path:
        path = SCREENSHOT_DIR / f"{name}.png"
        tab.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def sign_in(page: Any) -> Callable[[Any], Any]:
    """`sign_in(user)` logs in through the sign-in form and returns the page."""

    def do(user: Any) -> Any:
        page.goto("/login/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        return page

    return do
