"""Supplier issues in a real browser: a category manager raises a minor issue on the
supplier's Issues tab, works through the five problem-solving steps with the supplier,
agrees an action with a person at the supplier, escalates the issue one level with a reason
the same day, resolves it, then finds the escalation flagged in the escalation audit (a
minor issue escalated within a day) and the issue counted in the resolution statistics.

Screenshots land in test-output/screenshots/conflicts-journey-*.png."""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest
from django.utils import timezone

from partnerbook.accounts.models import Role
from partnerbook.actions.models import ActionItem
from partnerbook.conflicts.models import Escalation, ProblemStep, SupplierIssue
from partnerbook.suppliers import services as supplier_services
from tests.factories import CategoryFactory, UserFactory

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - the conftest explains the skip or the CI failure
    if os.environ.get("CI") == "true":
        raise
    pytest.skip("playwright is not installed", allow_module_level=True)

pytestmark = pytest.mark.e2e

SUPPLIER = "Lindqvist Cartons"
TITLE = "Scuffed outer cartons on lot 4411"
STEPS = {
    "define": ("Outer cartons of lot 4411 arrive scuffed on two faces; the product inside is "
               "fine.", "Our pallets leave the plant clean; we saw the photos."),
    "data": ("12 of 40 pallets affected, all on the Tuesday truck.",
             "The Tuesday carrier changed its trailer type in May."),
    "options": ("Corner boards; another carrier; stretch wrap in two layers.",
                "We can add corner boards from next week at no cost."),
    "actions": ("We check the next three Tuesday deliveries.",
                "Corner boards on every pallet from lot 4420."),
    "follow_up": ("Three clean deliveries since the corner boards.",
                  "We keep the corner boards on this lane."),
}  # fmt: skip


def test_an_issue_is_solved_jointly_and_its_fast_escalation_is_audited(page, sign_in, screenshot):
    maria = UserFactory(username="maria", first_name="Maria", last_name="Lund",
                        role=Role.MANAGER)  # fmt: skip
    ben = UserFactory(username="ben", first_name="Ben", last_name="Okafor", role=Role.BUYER)
    supplier = supplier_services.create_supplier(
        maria, {"name": SUPPLIER, "category": CategoryFactory(name="Packaging"),
                "status": "active", "relationship_owner": ben},
    )  # fmt: skip
    supplier_services.create_contact(
        maria, supplier, {"side": "supplier", "name": "Sara Lindqvist", "level": "operational"}
    )

    # Raise the issue on the supplier's Issues tab.
    sign_in(maria)
    page.goto(f"/suppliers/{supplier.pk}/")
    page.locator(".tabs").get_by_role("link", name="Issues").click()
    expect(page.locator("#no-issues")).to_be_visible()
    expect(page.locator("#path-source")).to_contain_text("The default path")
    page.get_by_text("Raise an issue", exact=True).last.click()
    form = page.locator("#raise-form")
    form.locator("[name=title]").fill(TITLE)
    form.locator("[name=category]").select_option("quality")
    form.locator("[name=severity]").select_option("minor")
    form.locator("[name=description]").fill("Seen at goods receipt this morning.")
    form.get_by_role("button", name="Raise the issue").click()
    page.wait_for_load_state()
    expect(page.locator("#issue-title")).to_contain_text(TITLE)
    expect(page.locator("#ladder .is-current")).to_contain_text("Level 1")
    expect(page.locator("#time-box")).to_contain_text("days left")

    # The five problem-solving steps, both sides' words; the follow-up says the fix held.
    for key, (ours, theirs) in STEPS.items():
        step = page.locator(f"#step-{key}")
        step.locator(f"[name={key}-ours]").fill(ours)
        step.locator(f"[name={key}-theirs]").fill(theirs)
        if key == "follow_up":
            step.locator("[name=follow_up-held]").select_option("yes")
        step.get_by_role("button").click()
        page.wait_for_load_state()
        expect(page.locator(f"#step-{key}")).to_contain_text("recorded")
    assert ProblemStep.objects.count() == 5
    assert ProblemStep.objects.get(step="follow_up").held is True

    # An agreed action, owned by the supplier's quality contact.
    page.locator("#actions summary").click()
    form = page.locator("#action-form")
    form.locator("[name=title]").fill("Corner boards on every pallet")
    form.locator("[name=owner_contact]").select_option(label="Sara Lindqvist")
    due = timezone.localdate() + dt.timedelta(days=14)
    form.locator("[name=due_on]").fill(due.isoformat())
    form.get_by_role("button", name="Add the action").click()
    page.wait_for_load_state()
    expect(page.locator("#action-list")).to_contain_text("Sara Lindqvist")
    assert ActionItem.objects.get().owner_contact.name == "Sara Lindqvist"

    # Escalate one level, the same day, with a reason.
    page.locator("#path summary").click()
    form = page.locator("#move-form")
    form.locator("[name=to_level]").select_option("2")
    form.locator("[name=reason]").fill("The carrier will not talk to the working level.")
    form.get_by_role("button", name="Move the issue").click()
    page.wait_for_load_state()
    expect(page.locator("#ladder .is-current")).to_contain_text("Level 2")
    expect(page.locator("#moves")).to_contain_text("Escalated from level 1 to 2")
    assert Escalation.objects.get().to_level == 2
    screenshot(page, "conflicts-journey-issue")

    # Resolve it.
    form = page.locator("#resolve-form")
    form.locator("[name=resolution]").fill("Corner boards added; three clean deliveries.")
    form.get_by_role("button", name=re.compile("Resolve at level 2")).click()
    page.wait_for_load_state()
    expect(page.locator("#issue-title")).to_contain_text("Resolved")
    assert SupplierIssue.objects.get().resolved_level == 2

    # The escalation audit flags the fast escalation of a minor issue, with its reason.
    page.goto("/issues/")
    expect(page.locator("#issue-table")).to_contain_text(TITLE)
    screenshot(page, "conflicts-journey-list")
    page.locator("#audit-link").click()
    page.wait_for_load_state()
    expect(page.locator("#audit-summary")).to_contain_text(
        "1 of the last 1 escalation (100%) could likely have been settled informally."
    )
    row = page.locator("#audit-rows tbody tr").first
    expect(row).to_contain_text("Minor, escalated within a day")
    expect(row).to_contain_text("escalated less than an hour after it was raised")
    expect(row).to_contain_text("The carrier will not talk to the working level.")
    expect(page.locator("#habits")).to_contain_text("stays at the working level")
    expect(page.locator("#print-button")).to_be_visible()
    screenshot(page, "conflicts-journey-audit")
    # Printed, it keeps the findings and drops the navigation and the forms.
    page.emulate_media(media="print")
    expect(page.locator("#scope-form")).to_be_hidden()
    expect(page.locator(".topbar")).to_be_hidden()
    expect(page.locator("#audit-summary")).to_be_visible()
    expect(page.locator("#audit-scope")).to_contain_text("All issues you may see")
    screenshot(page, "conflicts-journey-audit-print")
    page.emulate_media(media="screen")

    # The statistics count the issue as solved jointly.
    page.goto("/issues/statistics/")
    overall = page.locator("#stats-overall")
    expect(overall).to_contain_text(SUPPLIER)
    expect(overall.locator("tbody").first).to_contain_text("All issues")
    expect(page.locator("#joint-pays-off")).to_contain_text("Not enough resolved issues")
    screenshot(page, "conflicts-journey-statistics")

    # The supplier's tab lists the resolved issue beside the path in force.
    page.goto(f"/issues/supplier/{supplier.pk}/")
    expect(page.locator("#supplier-issues")).to_contain_text("Resolved")
    screenshot(page, "conflicts-journey-tab")
