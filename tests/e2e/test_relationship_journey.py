"""Relationship signals in a real browser: log an interaction with tags from the supplier
page, watch the trust balance move, acknowledge a drift alert with a note in the inbox, and
find both on the supplier's timeline."""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest
from django.utils import timezone

from partnerbook.accounts.models import Role
from partnerbook.alerts.models import Alert
from partnerbook.relationship import services as relationship
from partnerbook.suppliers import services as supplier_services
from tests.factories import CategoryFactory, UserFactory

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - the conftest explains the skip or the CI failure
    if os.environ.get("CI") == "true":
        raise
    pytest.skip("playwright is not installed", allow_module_level=True)

pytestmark = pytest.mark.e2e


def _drifting_supplier(manager, buyer):
    """A supplier that suggested something every week last year and has gone silent."""
    supplier = supplier_services.create_supplier(
        manager, {"name": "Nordlys Packaging", "category": CategoryFactory(name="Packaging"),
                  "status": "active", "relationship_owner": buyer},
    )  # fmt: skip
    today = timezone.localdate()
    for week in range(45):
        relationship.record_interaction(
            buyer, supplier,
            {"occurred_on": today - dt.timedelta(days=100 + 7 * week), "channel": "call",
             "initiated_by": "supplier", "tags": ["unsolicited_suggestion"],
             "notes": "Quick call: they proposed a lighter insert, happy to test it."},
        )  # fmt: skip
    relationship.recompute()
    return supplier


def test_buyer_logs_a_signal_sees_trust_move_and_acknowledges_the_drift_alert(
    page, sign_in, screenshot, transactional_db
):
    manager = UserFactory(username="mara", role=Role.MANAGER)
    buyer = UserFactory(username="ben", first_name="Ben", last_name="Ortiz", role=Role.BUYER)
    supplier = _drifting_supplier(manager, buyer)
    assert Alert.objects.filter(supplier=supplier, subject="suggestions").count() == 1

    sign_in(buyer)
    page.goto(f"/suppliers/{supplier.pk}/")
    page.get_by_role("navigation", name="Supplier sections").get_by_role(
        "link", name="Relationship"
    ).click()
    expect(page.locator("#health-score")).to_be_visible()
    expect(page.locator(".finding[data-signal=suggestions]")).to_contain_text("Baseline: 45")
    balance = page.locator("#trust-balance")
    expect(balance).to_have_text("+135")  # 45 suggestions at 3 points each

    form = page.locator("#quick-log")
    form.get_by_label("Channel").select_option("informal_checkin")
    form.get_by_role("radio", name="Supplier side").check()
    form.get_by_label("Early warning shared").check()
    form.get_by_label("Information shared unasked").check()
    form.get_by_label("Notes").fill("Their accounts clerk rang about two invoice mismatches.")
    form.get_by_role("button", name="Log interaction").click()

    expect(balance).to_have_text("+141")  # +4 for the early warning, +2 for the information
    expect(page.get_by_text("Interaction logged.")).to_be_visible()
    expect(page.locator("#interaction-list")).to_contain_text("invoice mismatches")
    screenshot(page, "relationship-tab")

    page.get_by_role("link", name=re.compile(r"^Alerts")).first.click()
    item = page.locator(".alert-item", has_text="Nordlys Packaging")
    expect(item).to_contain_text("fewer unsolicited suggestions")
    expect(item).to_contain_text("45 in 365 days")
    screenshot(page, "alerts-inbox")
    item.get_by_placeholder(re.compile("Note")).fill("Calling their key account manager on Friday.")
    item.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_text("Alert acknowledged.")).to_be_visible()

    page.goto(f"/suppliers/{supplier.pk}/timeline/")
    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text("Alert acknowledged")
    expect(timeline).to_contain_text("Calling their key account manager on Friday.")
    expect(timeline).to_contain_text("invoice mismatches")
    screenshot(page, "supplier-timeline")
    alert = Alert.objects.get(supplier=supplier, subject="suggestions")
    assert alert.status == "acknowledged" and alert.handled_by == buyer
