"""The relationship plan in a real browser: a partnership carried by one operational pair
shows as a bow-tie on the Coverage tab; the buyer writes the relationship plan (SWOT and
communication norms), plans a quarterly executive review on the Cadence tab, takes it into
their calendar as an ICS file, logs the meeting with both executives, and the Coverage tab
no longer shows a bow-tie.

Screenshots of every new page land in test-output/screenshots/plan-journey-*.png."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from django.utils import timezone

from partnerbook.accounts.models import Role
from partnerbook.cadence import services as cadence_services
from partnerbook.plans.models import PlanRevision, RelationshipPlan
from partnerbook.relationship import services as relationship
from partnerbook.relationship.models import Interaction
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

SUPPLIER = "Halvorsen Castings"
# (side, level, name, function)
PEOPLE = [
    ("ours", "executive", "Ingrid Holm", "executive"),
    ("ours", "management", "Paul Weber", "procurement"),
    ("ours", "operational", "Lena Park", "procurement"),
    ("supplier", "executive", "Erik Halvorsen", "executive"),
    ("supplier", "management", "Sofia Brandt", "sales"),
    ("supplier", "operational", "Tom Reyes", "sales"),
]


def _bow_tie_partnership(manager, buyer):
    """A partnership supplier owned by `buyer`, with people at three levels on both sides,
    where only the two operational people ever met (three calls this year)."""
    supplier = supplier_services.create_supplier(
        manager, {"name": SUPPLIER, "category": CategoryFactory(name="Castings"),
                  "status": "active", "relationship_owner": buyer},
    )  # fmt: skip
    segmentation.choose_engagement_model(
        manager, supplier, "partnership", "We develop the next housing generation together."
    )
    contacts = {}
    for side, level, name, function in PEOPLE:
        contacts[side, level] = supplier_services.create_contact(
            manager, supplier,
            {"side": side, "level": level, "name": name, "function": function,
             "email": f"{name.split()[0].lower()}@{side}.example"},
        )  # fmt: skip
    today = timezone.localdate()
    for days_ago in (20, 95, 170):
        relationship.record_interaction(
            buyer, supplier,
            {"occurred_on": today - dt.timedelta(days=days_ago), "channel": "call",
             "initiated_by": "ours", "subject": "Order book and deliveries",
             "contacts": [contacts["ours", "operational"], contacts["supplier", "operational"]]},
        )  # fmt: skip
    # A weekly call set up two months ago, last held 20 days ago: overdue.
    cadence_services.add_item(
        buyer, supplier,
        {"kind": "weekly_operational", "channels": ["call"], "owner": buyer,
         "our_level": "operational", "their_level": "operational"},
        today=today - dt.timedelta(days=60),
    )  # fmt: skip
    return supplier, contacts


def _tab(page, name):
    page.get_by_role("navigation", name="Supplier sections").get_by_role(
        "link", name=name, exact=True
    ).click()


def _check_coverage_is_bow_tie(page, screenshot):
    _tab(page, "Coverage")
    expect(page.locator("#coverage-class")).to_have_text("Bow-tie")
    expect(page.locator("#coverage-summary")).to_contain_text("Lena Park and Tom Reyes")
    meaning = page.locator("#coverage-meaning")
    expect(meaning).to_have_class(re.compile(r"\bwarning\b"))
    expect(meaning).to_contain_text("This needs attention.")
    expect(meaning).to_contain_text("a partnership (chosen engagement model)")
    expect(meaning).to_contain_text("A bow-tie is a risk here")
    missing = page.locator("#coverage-missing")
    expect(missing).to_contain_text("No executive on either side met in the last 12 months.")
    expect(missing).to_contain_text("Our management never met their management.")
    cell = page.locator(
        "#coverage-grid tr[data-level=operational] td[data-their-level=operational]"
    )
    expect(cell).to_have_text("3")
    screenshot(page, "plan-journey-1-coverage-bow-tie")


def _write_the_plan(page, screenshot, buyer):
    _tab(page, "Plan")
    expect(page.get_by_text("No relationship plan yet.")).to_be_visible()
    screenshot(page, "plan-journey-2-plan-empty")
    page.get_by_role("button", name="Write the plan").click()
    expect(page.get_by_role("heading", name="Write the relationship plan")).to_be_visible()
    page.get_by_role("group", name="Written with (their side)").get_by_label("Sofia Brandt").check()
    page.get_by_label("Strengths of the partnership").fill(
        "Joint engineering on the housing\nShort ways between the two quality teams"
    )
    page.get_by_label("Weaknesses").fill("Everything runs through two people")
    page.get_by_label("Opportunities").fill("Co-design the next housing generation")
    page.get_by_label("Threats").fill("Their owner plans to retire within two years")
    channels = page.get_by_role("group", name="Preferred channels")
    channels.get_by_label("Meeting", exact=True).check()
    channels.get_by_label("Business review").check()
    page.get_by_label("Urgent: answer within (hours)").fill("4")
    page.get_by_label("Normal: answer within (hours)").fill("24")
    page.get_by_label("Low priority: answer within (hours)").fill("72")
    page.get_by_label("Languages").fill("English, Norwegian")
    page.get_by_label("Time zones").fill("Europe/Oslo")
    page.get_by_label("What changed and why").fill("First plan, after the bow-tie review.")
    screenshot(page, "plan-journey-3-plan-form")
    page.get_by_role("button", name="Save as a new revision").click()

    expect(page.get_by_text("Plan saved as a new revision.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Revision 1, saved"))).to_be_visible()
    swot = page.locator(".plan-swot")
    for point in (
        "Joint engineering on the housing",
        "Everything runs through two people",
        "Co-design the next housing generation",
        "Their owner plans to retire",
    ):
        expect(swot).to_contain_text(point)
    norms = page.locator(".plan-facts").first
    expect(norms).to_contain_text("Meeting, Business review")
    expect(norms).to_contain_text("urgent 4 h · normal 24 h · low priority 72 h")
    expect(norms).to_contain_text("English, Norwegian")
    expect(page.get_by_text("Written with: Sofia Brandt.")).to_be_visible()

    # An objective of the plan becomes an action item of its owner.
    objective = page.locator("form.plan-add")
    objective.get_by_label("Objective").fill("Introduce Ingrid Holm to Erik Halvorsen")
    objective.get_by_label("Owner").select_option(str(buyer.pk))
    objective.get_by_role("button", name="Add objective").click()
    expect(page.get_by_text("Objective added.")).to_be_visible()
    expect(page.locator("#objectives")).to_contain_text("Introduce Ingrid Holm to Erik Halvorsen")
    screenshot(page, "plan-journey-4-plan-saved")

    page.get_by_role("link", name="Revisions (1)").click()
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("First plan, after the bow-tie review.")
    screenshot(page, "plan-journey-5-plan-revisions")
    page.get_by_role("link", name=f"{SUPPLIER}: plan").click()


def _plan_the_executive_review(page, screenshot, start, end):
    _tab(page, "Cadence")
    expect(page.locator("#cadence-items")).to_contain_text("Weekly operational call")
    form = page.locator("#add form")
    form.get_by_role("combobox", name="Meeting", exact=True).select_option(
        label="Quarterly strategic review"
    )
    form.get_by_label("Our level").select_option("executive")
    form.get_by_label("Their level").select_option("executive")
    form.get_by_label("Who is expected").fill("Both CEOs, with the category manager")
    held_as = form.get_by_role("group", name="Counts as held when logged as")
    held_as.get_by_label("Meeting", exact=True).check()
    held_as.get_by_label("Business review").check()
    people = form.get_by_role("group", name="People")
    people.get_by_label("Ingrid Holm").check()
    people.get_by_label("Erik Halvorsen").check()
    form.get_by_label("Next planned start").fill(start.strftime("%Y-%m-%dT%H:%M"))
    form.get_by_label("Planned end").fill(end.strftime("%Y-%m-%dT%H:%M"))
    form.get_by_label("Location or link").fill("Their plant, Kristiansand")
    form.get_by_role("button", name="Add meeting").click()

    expect(page.get_by_text("Meeting added.")).to_have_count(1)  # one flash, not two
    row = page.locator("#cadence-items tbody tr", has_text="Quarterly strategic review")
    expect(row).to_contain_text("Us: Executive · Them: Executive")
    expect(row).to_contain_text("91 days")
    expect(row).to_contain_text(start.strftime("%Y-%m-%d %H:%M"))
    expect(row).to_contain_text("Erik Halvorsen")
    screenshot(page, "plan-journey-6-cadence")
    return row


def _download_the_ics(page, row, start, tmp_path):
    from icalendar import Calendar

    with page.expect_download() as download:
        row.get_by_role("link", name="Add to calendar").click()
    assert download.value.suggested_filename.endswith(".ics")
    path = tmp_path / "review.ics"
    download.value.save_as(path)
    events = Calendar.from_ical(Path(path).read_bytes()).walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    assert SUPPLIER in str(event["SUMMARY"])
    assert "Quarterly strategic review" in str(event["SUMMARY"])
    assert event.decoded("DTSTART") == start


def _log_the_meeting(page, screenshot):
    _tab(page, "Relationship")
    form = page.locator("#quick-log")
    form.get_by_label("Channel").select_option("business_review")
    form.get_by_label("Subject").fill("Quarterly strategic review")
    form.get_by_label("Notes").fill("Both CEOs met: joint roadmap for the next housing.")
    form.locator("summary", has_text="People").click()
    form.get_by_label("Ingrid Holm (Our side)").check()
    form.get_by_label("Erik Halvorsen (Supplier side)").check()
    form.get_by_role("button", name="Log interaction").click()
    expect(page.get_by_text("Interaction logged.")).to_be_visible()
    expect(page.locator("#interaction-list")).to_contain_text("joint roadmap")
    screenshot(page, "plan-journey-7-meeting-logged")


def test_buyer_turns_a_bow_tie_partnership_around_with_a_plan_and_an_executive_review(
    page, sign_in, screenshot, transactional_db, tmp_path
):
    manager = UserFactory(username="mara", first_name="Mara", last_name="Lind", role=Role.MANAGER)
    buyer = UserFactory(username="ben", first_name="Ben", last_name="Ortiz", role=Role.BUYER)
    supplier, contacts = _bow_tie_partnership(manager, buyer)
    in_two_weeks = timezone.localdate() + dt.timedelta(days=14)
    start = timezone.make_aware(dt.datetime.combine(in_two_weeks, dt.time(10, 0)))
    end = start + dt.timedelta(hours=2)

    sign_in(buyer)
    page.goto(f"/suppliers/{supplier.pk}/")
    expect(page.get_by_role("heading", name=SUPPLIER)).to_be_visible()

    _check_coverage_is_bow_tie(page, screenshot)
    _write_the_plan(page, screenshot, buyer)
    plan = RelationshipPlan.objects.get(supplier=supplier)
    assert plan.weaknesses == ["Everything runs through two people"]
    assert PlanRevision.objects.filter(plan=plan).count() == 1

    row = _plan_the_executive_review(page, screenshot, start, end)
    _download_the_ics(page, row, start, tmp_path)

    _log_the_meeting(page, screenshot)
    logged = Interaction.objects.filter(supplier=supplier).latest("pk")
    assert set(logged.contacts.all()) == {contacts["ours", "executive"],
                                          contacts["supplier", "executive"]}  # fmt: skip

    _tab(page, "Coverage")
    expect(page.locator("#coverage-class")).not_to_have_text("Bow-tie")
    expect(page.locator("#coverage-class")).to_have_text("Diamond")
    expect(page.locator("#coverage-meaning")).not_to_have_class(re.compile(r"\bwarning\b"))
    cell = page.locator("#coverage-grid tr[data-level=executive] td[data-their-level=executive]")
    expect(cell).to_have_text("1")
    expect(page.locator("#coverage-missing")).not_to_contain_text("No executive")
    screenshot(page, "plan-journey-8-coverage-diamond")

    # The other new pages, for the visual review.
    _tab(page, "Practices")
    page.locator("#start summary", has_text="Start a practice").click()
    practice = page.locator("#practice-form")
    practice.get_by_role("combobox", name=re.compile(r"^Practice")).select_option(
        label="Joint problem-solving sessions"
    )
    attendees = practice.get_by_role("group", name="Who attends (both sides)")
    attendees.get_by_label("Paul Weber").check()
    attendees.get_by_label("Sofia Brandt").check()
    practice.get_by_role("button", name="Start practice").click()
    expect(page.get_by_text("Practice started.")).to_be_visible()
    expect(page.locator("#active-practices")).to_contain_text("Joint problem-solving sessions")
    screenshot(page, "plan-journey-9-practices")
    page.goto("/actions/")
    expect(page.get_by_text("Introduce Ingrid Holm to Erik Halvorsen")).to_be_visible()
    screenshot(page, "plan-journey-10-actions")
    page.goto("/cadence/overdue/")
    expect(page.locator("#overdue-list")).to_contain_text("Weekly operational call")
    expect(page.locator("#overdue-list")).to_contain_text(SUPPLIER)
    screenshot(page, "plan-journey-11-cadence-overdue")
