"""Calendar files and the personal feed: parsed back with icalendar, visibility, rotation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from partnerbook.accounts.models import Role
from partnerbook.cadence import services
from partnerbook.cadence.models import CalendarFeed
from tests.factories import UserFactory

from .conftest import NOW, add_item

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 6, 20, 9, 0, tzinfo=dt.UTC)


def events(content: bytes):
    calendar = Calendar.from_ical(content)
    return sorted(calendar.walk("VEVENT"), key=lambda e: e.decoded("dtstart"))


def feed_path(token: str) -> str:
    return reverse("api:cadence_feed", kwargs={"token": token})


@pytest.fixture
def planned(buyer, supplier_a):
    return add_item(
        buyer, supplier_a, kind="weekly_operational", channels=["call"], interval_days=7,
        our_level="operational", their_level="management", location="Teams",
        planned_start=START, planned_end=START + dt.timedelta(minutes=45),
    )  # fmt: skip


def test_one_meeting_downloads_as_an_event(login, buyer, supplier_a, planned):
    response = login(buyer).get(reverse("cadence:item_ics", args=[supplier_a.pk, planned.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    [event] = events(response.content)
    assert event.decoded("dtstart") == START
    assert event.decoded("dtend") == START + dt.timedelta(minutes=45)
    assert str(event["summary"]) == "Weekly operational call · Alpha Packaging"
    assert str(event["location"]) == "Teams"
    assert "their side: Management" in str(event["description"])
    assert str(event["uid"]) == f"cadence-{planned.pk}-20260620T090000Z@partnerbook"


def test_a_past_planned_start_rolls_forward_with_a_stable_uid(buyer, planned):
    later = NOW + dt.timedelta(days=9)  # 24 June: after the planned 20 June
    [event] = events(services.item_calendar(planned, now=later))
    assert event.decoded("dtstart") == START + dt.timedelta(days=7)
    again = events(services.item_calendar(planned, now=later))[0]
    uid = f"cadence-{planned.pk}-20260627T090000Z@partnerbook"
    assert str(again["uid"]) == str(event["uid"]) == uid


def test_unplanned_meeting_has_no_calendar_file(login, buyer, supplier_a):
    item = add_item(buyer, supplier_a)
    response = login(buyer).get(reverse("cadence:item_ics", args=[supplier_a.pk, item.pk]))
    assert response.status_code == 404


def test_upcoming_meetings_cover_the_next_90_days(login, buyer, manager, supplier_a, planned):
    add_item(manager, supplier_a, owner=manager, planned_start=START)  # not the buyer's
    response = login(buyer).get(reverse("cadence:upcoming_ics"))
    found = events(response.content)
    assert len(found) == 13  # weekly from 20 June to 12 September
    assert {str(e["summary"]) for e in found} == {"Weekly operational call · Alpha Packaging"}
    uids = [str(e["uid"]) for e in found]
    assert len(set(uids)) == len(uids)
    assert all(NOW <= e.decoded("dtstart") < NOW + dt.timedelta(days=90) for e in found)


def test_feed_works_without_a_session_and_stops_after_rotation(buyer, planned):
    token = services.rotate_feed_token(buyer)
    anonymous = Client()
    response = anonymous.get(feed_path(token))
    assert response.status_code == 200
    assert len(events(response.content)) == 13
    assert token not in CalendarFeed.objects.get(user=buyer).token_hash
    new = services.rotate_feed_token(buyer)
    assert anonymous.get(feed_path(token)).status_code == 404
    assert anonymous.get(feed_path(new)).status_code == 200


@pytest.mark.parametrize("token", ["pbcal_" + "x" * 43, "pbcal_" + "A" * 20])
def test_anonymous_request_without_a_valid_token_gets_404(db, token):
    assert Client().get(feed_path(token)).status_code == 404


@pytest.mark.parametrize("token", ["nope", "pbcal_short", "x" * 50])
def test_a_malformed_token_is_refused_as_bad_input(db, token):
    assert Client().get(feed_path(token)).status_code == 422


def test_feed_never_shows_a_supplier_its_user_may_not_see(manager, supplier_a, supplier_b):
    from partnerbook.accounts.services import hash_token

    # A meeting at B owned by someone who is now a portal user of A (e.g. an account reused).
    portal = UserFactory(username="pam", role=Role.SUPPLIER_CONTACT, supplier=supplier_a)
    item = add_item(manager, supplier_b, planned_start=START)
    type(item).objects.filter(pk=item.pk).update(owner=portal)
    assert services.upcoming_items(portal).count() == 0  # B is not visible to them
    token = "pbcal_portal-user-token"
    CalendarFeed.objects.create(user=portal, token_hash=hash_token(token))
    # A portal user's feed holds their own supplier's meetings only: nothing of B.
    response = Client().get(feed_path(token))
    assert response.status_code == 200
    assert events(response.content) == []


def test_feed_leaves_out_archived_suppliers(buyer, manager, supplier_a, supplier_b, planned):
    add_item(manager, supplier_b, owner=buyer, planned_start=START, interval_days=365)
    token = services.rotate_feed_token(buyer)
    summaries = {str(e["summary"]) for e in events(Client().get(feed_path(token)).content)}
    assert summaries == {
        "Weekly operational call · Alpha Packaging", "Monthly performance review · Beta Boxes",
    }  # fmt: skip
    supplier_b.archived = True
    supplier_b.save()
    summaries = {str(e["summary"]) for e in events(Client().get(feed_path(token)).content)}
    assert summaries == {"Weekly operational call · Alpha Packaging"}


def test_inactive_users_feed_is_refused(buyer, planned):
    token = services.rotate_feed_token(buyer)
    buyer.is_active = False
    buyer.save()
    assert Client().get(feed_path(token)).status_code == 404


def test_calendar_page_shows_the_new_link_once(login, buyer, planned):
    client = login(buyer)
    assert client.get(reverse("cadence:calendar")).status_code == 200
    response = client.post(reverse("cadence:calendar_rotate"))
    url = response.context["feed_url"]
    assert "/api/v1/calendar-feeds/pbcal_" in url
    page = client.get(reverse("cadence:calendar")).content.decode()
    assert url not in page and 'id="feed-exists"' in page
    assert Client().get(url.split("testserver", 1)[1]).status_code == 200


def test_portal_user_cannot_make_a_feed(login, portal_user_a):
    assert login(portal_user_a).post(reverse("cadence:calendar_rotate")).status_code == 403
    assert not CalendarFeed.objects.exists()
