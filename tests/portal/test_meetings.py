"""The portal's Meetings: the supplier's meetings with us that involve their side, a
calendar file per meeting and a personal feed holding only their own supplier's meetings."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from partnerbook.cadence import services

from ..api import API, token_client
from ..factories import ContactFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC)
START = dt.datetime(2026, 6, 20, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def add_item(actor, supplier, kind, **fields):
    data = {"kind": kind, "channels": ["meeting"], "owner": actor, **fields}
    return services.add_item(actor, supplier, data, today=NOW.date())


@pytest.fixture
def meetings_a(buyer, supplier_a):
    joint = add_item(
        buyer, supplier_a, "monthly_performance", interval_days=30, their_level="management",
        planned_start=START, planned_end=START + dt.timedelta(minutes=45), location="Teams",
        reason="SECRET-internal-reason",
    )  # fmt: skip
    internal = add_item(
        buyer, supplier_a, "quarterly_strategic", interval_days=90,
        planned_start=START + dt.timedelta(days=2),
    )  # fmt: skip
    return joint, internal


@pytest.fixture
def meeting_b(other_buyer, supplier_b):
    return add_item(
        other_buyer, supplier_b, "weekly_operational", interval_days=7,
        their_level="operational", planned_start=START,
    )  # fmt: skip


def events(content: bytes):
    return list(Calendar.from_ical(content).walk("VEVENT"))


def test_the_page_lists_meetings_with_their_side_and_leaves_ours_out(
    login, portal_user_a, meetings_a, meeting_b
):
    joint, internal = meetings_a
    html = login(portal_user_a).get("/portal/meetings/").content.decode()

    assert f'id="meeting-{joint.pk}"' in html
    assert f'id="meeting-{internal.pk}"' not in html  # no supplier-side attendees
    assert f'id="meeting-{meeting_b.pk}"' not in html
    assert "SECRET-internal-reason" not in html
    home = login(portal_user_a).get("/portal/").content.decode()
    assert 'id="next-meetings"' in home


def test_a_meeting_with_named_supplier_contacts_counts_as_theirs(
    login, portal_user_a, buyer, supplier_a
):
    contact = ContactFactory(supplier=supplier_a)
    item = add_item(
        buyer, supplier_a, "quarterly_strategic", interval_days=90, planned_start=START,
        contacts=[contact],
    )  # fmt: skip
    body = token_client(portal_user_a).get(f"{API}/portal/meetings").json()

    assert [m["id"] for m in body] == [item.pk]


def test_one_meeting_downloads_as_ics_and_another_suppliers_404(
    login, portal_user_a, portal_user_b, meetings_a
):
    joint, internal = meetings_a
    response = login(portal_user_a).get(f"/portal/meetings/{joint.pk}/next.ics")

    assert response.status_code == 200
    [event] = events(response.content)
    assert event.decoded("dtstart") == START
    assert "SECRET-internal-reason" not in response.content.decode()
    assert login(portal_user_a).get(f"/portal/meetings/{internal.pk}/next.ics").status_code == 404
    assert login(portal_user_b).get(f"/portal/meetings/{joint.pk}/next.ics").status_code == 404


def test_meetings_api_shows_only_own_supplier(portal_user_a, portal_user_b, meetings_a, meeting_b):
    joint, _ = meetings_a
    mine = token_client(portal_user_a).get(f"{API}/portal/meetings").json()
    theirs = token_client(portal_user_b).get(f"{API}/portal/meetings").json()

    assert [m["id"] for m in mine] == [joint.pk]
    assert mine[0]["their_level"] == "Management"
    assert mine[0]["ics_url"] == f"/portal/meetings/{joint.pk}/next.ics"
    assert [m["id"] for m in theirs] == [meeting_b.pk]
    assert "reason" not in mine[0]


def test_the_feed_holds_only_own_supplier_meetings_and_a_rotated_token_404s(
    login, portal_user_a, meetings_a, meeting_b
):
    joint, _ = meetings_a
    page = login(portal_user_a).post("/portal/meetings/calendar-link")
    assert page.status_code == 200
    html = page.content.decode()
    url = html.split('<pre id="feed-url">')[1].split("</pre>")[0]
    path = url.split("testserver", 1)[1]

    feed = Client().get(path)
    assert feed.status_code == 200
    found = events(feed.content)
    assert found  # monthly occurrences in the next 90 days
    assert {str(e["uid"]).split("-")[1] for e in found} == {str(joint.pk)}
    assert all("Alpha Packaging" in str(e["summary"]) for e in found)

    login(portal_user_a).post("/portal/meetings/calendar-link")
    assert Client().get(path).status_code == 404
    wrong = reverse("api:cadence_feed", kwargs={"token": "pbcal_" + "x" * 40})
    assert Client().get(wrong).status_code == 404


def test_a_portal_users_feed_stops_when_they_are_deactivated(portal_user_a, meetings_a):
    token = services.rotate_feed_token(portal_user_a)
    portal_user_a.is_active = False
    portal_user_a.save()

    assert Client().get(reverse("api:cadence_feed", kwargs={"token": token})).status_code == 404


@pytest.mark.parametrize("who", ["manager", "buyer", "viewer", "admin_user"])
def test_our_people_get_403(request, login, who, meetings_a):
    user = request.getfixturevalue(who)
    client = login(user)
    joint, _ = meetings_a

    assert client.get("/portal/meetings/").status_code == 403
    assert client.get(f"/portal/meetings/{joint.pk}/next.ics").status_code == 403
    assert client.post("/portal/meetings/calendar-link").status_code == 403
    assert token_client(user).get(f"{API}/portal/meetings").status_code == 403


@pytest.mark.parametrize("count", [2, 12])
def test_the_meetings_page_has_bounded_queries(
    login, portal_user_a, buyer, supplier_a, count, django_assert_max_num_queries
):
    for n in range(count):
        add_item(
            buyer, supplier_a, "monthly_performance", interval_days=30 + n,
            their_level="management", planned_start=START + dt.timedelta(days=n),
        )  # fmt: skip
    client = login(portal_user_a)
    with django_assert_max_num_queries(12):
        assert client.get("/portal/meetings/").status_code == 200
    with django_assert_max_num_queries(12):
        assert token_client(portal_user_a).get(f"{API}/portal/meetings").status_code == 200
