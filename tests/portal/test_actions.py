"""A supplier's contact and their action items in the portal: "Your actions" (page, home card,
API), what they may change (status and a progress note), and the e-mail when an action item
is assigned to them, whichever app raised it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from partnerbook.accounts.models import EmailOptOut, Role
from partnerbook.actions import services
from partnerbook.conflicts import services as conflict_services
from tests.factories import ContactFactory, UserFactory

from ..api import API, error_fields, token_client

pytestmark = pytest.mark.django_db

INTERNAL_DETAIL = "Internal: if they miss this, we move volume to Beta"


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


@pytest.fixture
def contact_a(supplier_a):
    return ContactFactory(supplier=supplier_a, name="Paula Pack", email="paula@alpha.example")


@pytest.fixture
def owner_a(portal_user_a, contact_a):
    """The portal user of supplier A, linked to their contact person."""
    portal_user_a.contact = contact_a
    portal_user_a.save()
    return portal_user_a


@pytest.fixture
def item(buyer, supplier_a, contact_a, owner_a):
    return services.create_action_item(
        buyer,
        supplier_a,
        {
            "title": "Send the revised packing spec",
            "detail": "Version 3, with film grade.",
            "owner_contact": contact_a,
            "due_on": days(5),
        },
    )


@pytest.fixture
def ours(buyer, supplier_a):
    """An item of our own on the same supplier: never shown in the portal."""
    return services.create_action_item(
        buyer,
        supplier_a,
        {"title": "Decide on the volume split", "detail": INTERNAL_DETAIL, "owner": buyer},
    )


# --- reading -----------------------------------------------------------------------------------


def test_your_actions_lists_own_items_overdue_first(
    login, buyer, supplier_a, contact_a, owner_a, ours
):
    services.create_action_item(
        buyer, supplier_a, {"title": "Due later", "owner_contact": contact_a, "due_on": days(20)}
    )
    services.create_action_item(
        buyer, supplier_a, {"title": "Overdue one", "owner_contact": contact_a, "due_on": days(-3)}
    )
    client = login(owner_a)

    page = client.get("/portal/actions/").content.decode()
    home = client.get("/portal/").content.decode()

    assert page.index("Overdue one") < page.index("Due later")
    assert "overdue" in page
    card = home.split('id="card-portalactions"')[1].split("</article>")[0]
    assert card.index("Overdue one") < card.index("Due later")
    for html in (page, home):
        assert "Decide on the volume split" not in html and INTERNAL_DETAIL not in html


def test_api_lists_own_items_in_the_portal_schema(owner_a, item, ours):
    body = token_client(owner_a).get(f"{API}/portal/actions")

    assert body.status_code == 200
    [shown] = body.json()
    assert shown["title"] == "Send the revised packing spec"
    assert shown["raised_by"] == "Stand-alone"
    assert set(shown) == {
        "id",
        "title",
        "detail",
        "due_on",
        "status",
        "done_on",
        "overdue",
        "raised_by",
        "progress_note",
        "progress_noted_at",
        "version",
    }
    assert INTERNAL_DETAIL not in body.content.decode()


def test_portal_user_without_a_contact_sees_no_actions(login, portal_user_a, item):
    portal_user_a.contact = None
    portal_user_a.save()

    assert token_client(portal_user_a).get(f"{API}/portal/actions").json() == []
    assert (
        "not linked to a contact" in login(portal_user_a).get("/portal/actions/").content.decode()
    )


# --- changing an item --------------------------------------------------------------------------


def test_owner_marks_done_with_a_note_and_we_are_told(
    owner_a, buyer, item, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = token_client(owner_a).patch(
            f"{API}/portal/actions/{item.pk}",
            {"status": "done", "progress_note": "Sent on Monday to Joe.", "version": item.version},
            content_type="application/json",
        )

    assert response.status_code == 200
    item.refresh_from_db()
    assert item.status == "done" and item.done_on == timezone.localdate()
    assert item.progress_note == "Sent on Monday to Joe." and item.due_on == days(5)
    assert [m.to for m in mail.outbox] == [[buyer.email]]
    assert "Sent on Monday to Joe." in mail.outbox[0].body


def test_owner_updates_on_the_page_and_our_item_page_shows_the_note(login, owner_a, buyer, item):
    response = login(owner_a).post(
        f"/portal/actions/{item.pk}/",
        {
            f"{item.pk}-status": "open",
            f"{item.pk}-progress_note": "Draft with our QA.",
            f"{item.pk}-version": item.version,
        },
    )

    assert response.status_code == 302
    assert "Draft with our QA." in login(buyer).get(f"/actions/{item.pk}/edit").content.decode()


def test_the_owner_cannot_change_due_date_owner_or_drop_it(owner_a, item):
    client = token_client(owner_a)
    due = client.patch(
        f"{API}/portal/actions/{item.pk}", {"due_on": "2030-01-01"}, content_type="application/json"
    )
    dropped = client.patch(
        f"{API}/portal/actions/{item.pk}", {"status": "dropped"}, content_type="application/json"
    )
    nothing = client.patch(
        f"{API}/portal/actions/{item.pk}", {"status": "open"}, content_type="application/json"
    )
    long_note = client.patch(
        f"{API}/portal/actions/{item.pk}",
        {"progress_note": "x" * 2001},
        content_type="application/json",
    )

    assert 400 <= due.status_code < 500 and "due_on" in error_fields(due)
    assert 400 <= dropped.status_code < 500 and "status" in error_fields(dropped)
    assert nothing.status_code == 400 and error_fields(nothing) == {"status"}
    assert 400 <= long_note.status_code < 500 and "progress_note" in error_fields(long_note)
    item.refresh_from_db()
    assert item.due_on == days(5) and item.status == "open"


def test_bad_input_on_the_page_is_a_field_error(login, owner_a, item):
    response = login(owner_a).post(f"/portal/actions/{item.pk}/", {f"{item.pk}-status": "dropped"})

    assert response.status_code == 400
    assert f'id="error-status-{item.pk}"' in response.content.decode()


def test_a_colleague_who_does_not_own_the_item_gets_404(login, supplier_a, item):
    """Answered 404, not 403: another person's item is not in their list at all."""
    colleague = ContactFactory(supplier=supplier_a, name="Carl Colleague")
    other = UserFactory(
        username="carl", role=Role.SUPPLIER_CONTACT, supplier=supplier_a, contact=colleague
    )

    api = token_client(other).patch(
        f"{API}/portal/actions/{item.pk}", {"status": "done"}, content_type="application/json"
    )
    page = login(other).post(f"/portal/actions/{item.pk}/", {f"{item.pk}-status": "done"})

    assert api.status_code == 404 and page.status_code == 404
    assert token_client(other).get(f"{API}/portal/actions").json() == []
    item.refresh_from_db()
    assert item.status == "open"


def test_another_suppliers_portal_user_gets_404(login, supplier_b, portal_user_b, item):
    portal_user_b.contact = ContactFactory(supplier=supplier_b)
    portal_user_b.save()

    api = token_client(portal_user_b).patch(
        f"{API}/portal/actions/{item.pk}", {"status": "done"}, content_type="application/json"
    )
    page = login(portal_user_b).post(f"/portal/actions/{item.pk}/", {f"{item.pk}-status": "done"})

    assert api.status_code == 404 and page.status_code == 404
    assert "packing spec" not in login(portal_user_b).get("/portal/actions/").content.decode()


@pytest.mark.parametrize("who", ["manager", "buyer", "viewer", "admin_user"])
def test_our_people_get_403_on_your_actions(request, login, who, item):
    user = request.getfixturevalue(who)

    assert login(user).get("/portal/actions/").status_code == 403
    assert login(user).post(f"/portal/actions/{item.pk}/", {}).status_code == 403
    assert token_client(user).get(f"{API}/portal/actions").status_code == 403
    patch = token_client(user).patch(
        f"{API}/portal/actions/{item.pk}", {"status": "done"}, content_type="application/json"
    )
    assert patch.status_code == 403


# --- the assignment e-mail ---------------------------------------------------------------------


def test_new_item_for_a_contact_with_a_portal_account_emails_them(
    buyer, supplier_a, contact_a, owner_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.create_action_item(
            buyer,
            supplier_a,
            {"title": "Share the film data", "owner_contact": contact_a, "due_on": days(7)},
        )

    assert [m.to for m in mail.outbox] == [[owner_a.email]]
    assert "Share the film data" in mail.outbox[0].subject
    assert "/portal/actions/" in mail.outbox[0].body


def test_an_issue_action_goes_through_the_same_e_mail(
    buyer, supplier_a, contact_a, owner_a, django_capture_on_commit_callbacks
):
    issue = conflict_services.raise_issue(
        buyer, supplier_a, {"title": "Late pallets", "category": "delivery", "severity": "minor"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        conflict_services.add_action(
            buyer,
            issue,
            {"title": "Confirm the new pickup slot", "owner_contact": contact_a, "due_on": days(3)},
        )

    assert [m.to for m in mail.outbox] == [[owner_a.email]]


def test_reassigning_to_a_contact_emails_the_new_owner_only_once(
    buyer, supplier_a, contact_a, owner_a, ours, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.update_action_item(buyer, ours, {"owner": None, "owner_contact": contact_a})
    with django_capture_on_commit_callbacks(execute=True):
        services.update_action_item(buyer, ours, {"title": "Decide the split, together"})

    assert [m.to for m in mail.outbox] == [[owner_a.email]]


def test_no_email_without_a_portal_account_or_when_switched_off(
    buyer, supplier_a, contact_a, owner_a, django_capture_on_commit_callbacks
):
    loner = ContactFactory(supplier=supplier_a, name="No Account", email="no@alpha.example")
    EmailOptOut.objects.create(user=owner_a, kind=services.ASSIGNED_EMAIL)
    with django_capture_on_commit_callbacks(execute=True):
        services.create_action_item(buyer, supplier_a, {"title": "A", "owner_contact": loner})
        services.create_action_item(buyer, supplier_a, {"title": "B", "owner_contact": contact_a})

    assert mail.outbox == []


# --- bounded queries ---------------------------------------------------------------------------


@pytest.mark.parametrize("count", [2, 15])
def test_your_actions_use_a_fixed_number_of_queries(
    login, buyer, supplier_a, contact_a, owner_a, count, django_assert_max_num_queries
):
    for i in range(count):
        services.create_action_item(
            buyer,
            supplier_a,
            {"title": f"Task {i}", "owner_contact": contact_a, "due_on": days(i - 3)},
        )
    client = login(owner_a)

    with django_assert_max_num_queries(12):
        assert client.get("/portal/actions/").status_code == 200
    with django_assert_max_num_queries(8):
        assert len(token_client(owner_a).get(f"{API}/portal/actions").json()) == count
