"""Performance and the quarterly review in a real browser: a category manager imports a
deliveries file through the import page, sets up the standard KPIs, reads the quarter's
traffic lights and explanations on the Performance tab, records the quarterly review with
one action item owned by the supplier's planner, and opens the printable review pack, which
shows the frozen scorecard and the action.

Screenshots land in test-output/screenshots/performance-journey-*.png."""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest
from django.utils import timezone

from partnerbook.accounts.models import Role
from partnerbook.actions.models import ActionItem
from partnerbook.reviews import domain as review_domain
from partnerbook.reviews.models import BusinessReview
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

SUPPLIER = "Novak Springs"
PLANNER = "Lea Novak"
ACTION = "Send the corrected delivery schedule for the next quarter"


def _deliveries_file(quarter: dt.date) -> bytes:
    """Ten purchase-order lines received in the quarter's second month: eight on time and
    two three days late."""
    lines = ["po_line_id,external_id,ordered_on,promised_on,promised_qty,received_on,"
             "received_qty,rejected_qty"]  # fmt: skip
    promised = quarter.replace(month=quarter.month + 1, day=10)
    ordered = promised - dt.timedelta(days=30)
    for n in range(10):
        received = promised + dt.timedelta(days=3 if n >= 8 else 0)
        lines.append(f"NS-{n:03d},ERP-NS,{ordered},{promised},100,{received},100,0")
    return ("\n".join(lines) + "\n").encode()


def _supplier(manager):
    supplier = supplier_services.create_supplier(
        manager,
        {"name": SUPPLIER, "category": CategoryFactory(name="Springs"), "status": "active",
         "relationship_owner": manager, "external_id": "ERP-NS", "country": "SI"},
    )  # fmt: skip
    supplier_services.create_contact(
        manager, supplier, {"side": "supplier", "name": PLANNER, "level": "operational"}
    )
    segmentation.update_factors(
        manager, supplier,
        {"criticality": 5, "complexity": 4, "financial_health": 4, "single_source": False,
         "market_difficulty": 2},
    )  # fmt: skip
    return supplier


def _shot(screenshot, page, name):
    screenshot(page, name)


def _tab(page, name):
    page.get_by_role("navigation", name="Supplier sections").get_by_role(
        "link", name=name, exact=True
    ).click()


def _import_deliveries(page, screenshot, quarter):
    page.goto("/suppliers/import/")
    page.get_by_label("Deliveries (purchase-order lines)").check()
    page.set_input_files(
        "input[name=file]",
        files=[{"name": "deliveries.csv", "mimeType": "text/csv",
                "buffer": _deliveries_file(quarter)}],
    )  # fmt: skip
    page.get_by_role("button", name="Upload and import").click()
    result = page.locator("#import-result")
    expect(result).to_contain_text("Import done: 10 created")
    _shot(screenshot, page, "performance-journey-1-import")


def _read_the_scorecard(page, screenshot, supplier, quarter, label):
    page.goto(f"/suppliers/{supplier.pk}/")
    _tab(page, "Performance")
    page.get_by_role("button", name="Set up the standard KPIs").click()
    expect(page.get_by_text("7 standard KPIs set up.")).to_be_visible()
    page.goto(f"/performance/suppliers/{supplier.pk}/?granularity=quarter&period={quarter:%Y-%m}")
    expect(page.get_by_role("heading", name=f"Scorecard · {label}")).to_be_visible()
    on_time = page.locator("#kpi-on_time")
    expect(on_time.locator(".badge")).to_have_text("red")
    expect(on_time).to_contain_text("On-time 80 % (8 of 10 lines) against a 95 % target: red")
    in_full = page.locator("#kpi-in_full")
    expect(in_full.locator(".badge")).to_have_text("green")
    expect(page.locator("#kpi-cost_variance")).to_contain_text(
        "no data for this period (nothing entered); left out of the overall score"
    )
    expect(page.locator("#standing")).to_be_visible()
    _shot(screenshot, page, "performance-journey-2-scorecard")


def _record_the_review(page, screenshot, label, due):
    _tab(page, "Reviews")
    expect(page.locator("#no-reviews")).to_contain_text(f"The next one to hold covers {label}.")
    page.get_by_role("button", name="Record a review").click()
    expect(page.get_by_role("heading", name="Record a quarterly review")).to_be_visible()
    preview = page.locator("#to-freeze")
    expect(preview).to_contain_text(f"The scorecard to be kept: {label}")
    expect(preview.locator("#frozen-on_time")).to_contain_text("On-time 80 % (8 of 10 lines)")
    expect(page.locator("#recheck-summary")).to_contain_text("First review")
    expect(page.locator("#mitigation-plan")).to_have_count(0)

    page.get_by_label("Our comments").fill("Two lines came three days late; quality was clean.")
    page.get_by_label("The supplier's comments").fill(
        "A press broke down for a week; it has been replaced."
    )
    page.get_by_label("Decisions").fill(
        "Weekly call-off instead of monthly\nShare a 13-week forecast"
    )
    page.get_by_label("Successes to celebrate").fill("No rejected parts in the quarter")
    page.get_by_role("group", name="Who took part").get_by_label(PLANNER).check()
    row = page.locator("#actions-rows tbody tr").first
    row.get_by_label("Action").fill(ACTION)
    row.get_by_label("Or owner (their side)").select_option(label=PLANNER)
    row.get_by_label("Due").fill(due.isoformat())
    _shot(screenshot, page, "performance-journey-3-review-form")
    page.get_by_role("button", name="Record the review").click()

    expect(page.get_by_text(f"Review of {label} recorded.")).to_be_visible()
    expect(page.get_by_role("heading", name=f"Review of {label}")).to_be_visible()
    expect(page.locator("#frozen-on_time")).to_contain_text("On-time 80 % (8 of 10 lines)")
    expect(page.locator("#frozen-on_time .badge")).to_have_text("red")
    actions = page.locator("#actions")
    expect(actions).to_contain_text(ACTION)
    expect(actions).to_contain_text(PLANNER)
    expect(actions).to_contain_text(due.isoformat())
    expect(page.locator("#decisions")).to_contain_text("Share a 13-week forecast")
    expect(page.locator("#successes")).to_contain_text("No rejected parts in the quarter")
    expect(page.locator("#supplier-comments")).to_contain_text("A press broke down")
    _shot(screenshot, page, "performance-journey-4-review")


def _open_the_pack(page, screenshot, label, due):
    page.get_by_role("button", name="Printable pack").click()
    expect(page.get_by_role("heading", name=f"{SUPPLIER} · {label}")).to_be_visible()
    table = page.locator("#frozen-scorecard")
    expect(table.locator("#frozen-on_time")).to_contain_text(
        "On-time 80 % (8 of 10 lines) against a 95 % target: red"
    )
    expect(table.locator("#frozen-in_full .badge")).to_have_text("green")
    expect(page.locator("#frozen-overall")).to_contain_text("of 100")
    expect(page.locator("#recheck")).to_contain_text("Strategic")
    actions = page.locator("#actions")
    expect(actions).to_contain_text(ACTION)
    expect(actions).to_contain_text(f"{PLANNER} ({SUPPLIER})")
    expect(actions).to_contain_text(due.isoformat())
    expect(page.locator(".review-pack-head")).to_contain_text(PLANNER)
    _shot(screenshot, page, "performance-journey-5-pack")
    # On paper: no top bar, tabs or links back; the pack itself is all there is.
    page.emulate_media(media="print")
    expect(page.locator("header.topbar")).to_be_hidden()
    expect(page.locator(".no-print")).to_be_hidden()
    expect(table).to_be_visible()
    _shot(screenshot, page, "performance-journey-6-pack-printed")
    page.emulate_media(media="screen")


def test_manager_imports_deliveries_reads_the_lights_and_holds_the_quarterly_review(
    page, sign_in, screenshot, transactional_db
):
    manager = UserFactory(username="mara", first_name="Mara", last_name="Lind", role=Role.MANAGER)
    supplier = _supplier(manager)
    today = timezone.localdate()
    quarter = review_domain.last_complete_quarter(today)
    label = review_domain.quarter_label(quarter)
    due = today + dt.timedelta(days=30)

    sign_in(manager)
    _import_deliveries(page, screenshot, quarter)
    _read_the_scorecard(page, screenshot, supplier, quarter, label)
    _record_the_review(page, screenshot, label, due)

    review = BusinessReview.objects.get(supplier=supplier)
    assert review.period == quarter and review.held_on == today
    assert review.interaction.channel == "business_review"
    item = ActionItem.objects.get(supplier=supplier)
    assert (item.title, item.source, item.source_id) == (ACTION, "review.action", review.pk)
    assert item.owner_contact.name == PLANNER and item.due_on == due

    _open_the_pack(page, screenshot, label, due)

    # The Reviews tab lists it with its standing.
    page.goto(f"/reviews/suppliers/{supplier.pk}/")
    row = page.locator(f"#review-{review.pk}")
    expect(row).to_contain_text(label)
    expect(row).to_contain_text(re.compile(r"1 red"))
    _shot(screenshot, page, "performance-journey-7-reviews-tab")
