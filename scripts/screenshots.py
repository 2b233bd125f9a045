"""Capture the README screenshots from a running Partnerbook that has the demo data loaded.

    PARTNERBOOK_DATA_DIR=/tmp/pbdemo .venv/bin/partnerbook migrate
    PARTNERBOOK_DATA_DIR=/tmp/pbdemo .venv/bin/partnerbook demo
    PARTNERBOOK_DATA_DIR=/tmp/pbdemo .venv/bin/partnerbook serve --port 8011 &
    .venv/bin/python scripts/screenshots.py --url http://127.0.0.1:8011

Writes docs/screenshots/*.png (supplier list, detail, history, segmentation, relationship,
timeline, alerts, health, portfolio) using Debian's Chromium through Playwright.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlencode

from playwright.sync_api import Error, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="running server")
    parser.add_argument("--username", default="demo")
    parser.add_argument("--password", default="partnerbook-demo")
    parser.add_argument("--supplier", default="Nordpack", help="supplier shown in detail")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    return parser.parse_args(argv)


def sign_in(page: Page, username: str, password: str) -> None:
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    if "/login/" in page.url:
        raise SystemExit(f"Could not sign in as {username!r}: is the demo data loaded?")


def capture(page: Page, out: Path, name: str) -> Path:
    path = out / f"{name}.png"
    page.screenshot(path=str(path))
    print(f"  {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return path


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(
                executable_path=args.chromium, args=CHROMIUM_ARGS, headless=True
            )
        except Error as exc:
            print(f"Chromium did not start: {exc.message.splitlines()[0]}", file=sys.stderr)
            return 1
        context = browser.new_context(
            base_url=args.url.rstrip("/"),
            viewport={"width": 1280, "height": 800},
            reduced_motion="reduce",
        )
        page = context.new_page()
        try:
            sign_in(page, args.username, args.password)
            print("Screenshots:")
            page.goto("/suppliers/")
            page.wait_for_selector("#suppliers")
            capture(page, args.out, "supplier-list")

            page.goto(f"/suppliers/?{urlencode({'q': args.supplier})}")
            page.get_by_role("link", name=args.supplier, exact=True).click()
            page.wait_for_selector("#status-badge")
            capture(page, args.out, "supplier-detail")

            page.get_by_role("link", name="History").click()
            page.wait_for_selector("#audit-trail")
            capture(page, args.out, "supplier-history")

            page.get_by_role("link", name="Segmentation").click()
            page.wait_for_selector("#quadrant-badge")
            capture(page, args.out, "supplier-segmentation")

            page.get_by_role("navigation", name="Supplier sections").get_by_role(
                "link", name="Relationship"
            ).click()
            page.wait_for_selector("#trust-balance")
            page.set_viewport_size({"width": 1280, "height": 1400})
            capture(page, args.out, "supplier-relationship")
            page.set_viewport_size({"width": 1280, "height": 800})

            page.get_by_role("link", name="Timeline").click()
            page.wait_for_selector("#timeline")
            capture(page, args.out, "supplier-timeline")

            page.goto("/alerts/?status=all")
            page.wait_for_selector("#alerts")
            page.set_viewport_size({"width": 1280, "height": 1000})
            capture(page, args.out, "alerts")

            page.goto("/relationship/health/")
            page.wait_for_selector("#health-table")
            capture(page, args.out, "health")
            page.set_viewport_size({"width": 1280, "height": 800})

            page.goto("/portfolio/")
            page.wait_for_selector("#chart-status:not(:has-text('Loading'))")
            page.set_viewport_size({"width": 1280, "height": 1150})
            capture(page, args.out, "portfolio")
            page.set_viewport_size({"width": 1280, "height": 800})

            # The bow-tie story: Polyform's coverage and the plan that answers it.
            page.goto("/suppliers/?q=Polyform")
            page.get_by_role("link", name="Polyform Compounds", exact=True).click()
            sections = page.get_by_role("navigation", name="Supplier sections")
            sections.get_by_role("link", name="Coverage").click()
            page.wait_for_selector("#coverage-grid")
            page.set_viewport_size({"width": 1280, "height": 1100})
            capture(page, args.out, "supplier-coverage")
            sections.get_by_role("link", name="Plan").click()
            page.wait_for_selector("text=Strengths")
            page.set_viewport_size({"width": 1280, "height": 1400})
            capture(page, args.out, "supplier-plan")
        except Error as exc:
            print(f"Could not capture the screenshots: {exc.message}", file=sys.stderr)
            return 1
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
