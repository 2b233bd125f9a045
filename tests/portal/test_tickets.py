"""Questions (tickets) in the supplier portal: the supplier asks, both sides write in the
thread, our side closes; each side is e-mailed when the other writes."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from partnerbook.accounts.models import EmailOptOut
from partnerbook.portal.apps import SUPPLIER_WROTE
from partnerbook.relationship import services as relationship
from partnerbook.tickets import services
from partnerbook.tickets.models import Ticket

from ..api import API, error_fields, token_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket(portal_user_a):
    return services.open_ticket(portal_user_a, "Invoice address", "Where do invoices go now?")


@pytest.fixture
def ticket_b(portal_user_b):
    return services.open_ticket(portal_user_b, "Beta only", "A question of Beta's.")


# --- round trip --------------------------------------------------------------------------


def test_supplier_asks_and_we_answer_round_trip(
    django_capture_on_commit_callbacks, login, portal_user_a, buyer, supplier_a
):
    client = login(portal_user_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/portal/questions/", {"subject": "Pallet labels", "message": "Which format?"}
        )
    assert response.status_code == 302
    ticket = Ticket.objects.get(supplier=supplier_a)
    assert [m.to for m in mail.outbox] == [[buyer.email]]  # SUPPLIER_WROTE to the owner
    assert "Which format?" in mail.outbox[0].body

    ours = login(buyer)
    tab = ours.get(f"/tickets/suppliers/{supplier_a.pk}/").content.decode()
    assert "Pallet labels" in tab
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answered = ours.post(f"/tickets/{ticket.pk}/answer", {"message": "GS1-128, please."})
    assert answered.status_code == 302
    assert [m.to for m in mail.outbox] == [[portal_user_a.email]]  # WE_REPLIED

    thread = client.get(f"/portal/questions/{ticket.pk}/").content.decode()
    assert "GS1-128, please." in thread and "Which format?" in thread

    assert ours.post(f"/tickets/{ticket.pk}/close").status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == "closed" and ticket.closed_by == buyer
    closed = client.get(f"/portal/questions/{ticket.pk}/").content.decode()
    assert "This question is closed" in closed


def test_replies_on_a_closed_ticket_are_refused(ticket, buyer, portal_user_a):
    services.close(buyer, ticket)

    with pytest.raises(ValidationError):
        services.reply(portal_user_a, ticket, "One more thing")
    response = token_client(portal_user_a).post(
        f"{API}/portal/tickets/{ticket.pk}/messages", {"message": "Hello?"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 400
    assert error_fields(response) == {"message"}


def test_only_people_who_may_log_the_relationship_answer_and_close(
    ticket, viewer, other_buyer, manager
):
    for person in (viewer, other_buyer):
        with pytest.raises(PermissionDenied):
            services.reply(person, ticket, "Hi")
        with pytest.raises(PermissionDenied):
            services.close(person, ticket)
    services.reply(manager, ticket, "We are on it.")


def test_viewer_reads_the_thread_without_the_reply_form(login, viewer, ticket):
    html = login(viewer).get(f"/tickets/{ticket.pk}/").content.decode()

    assert "Where do invoices go now?" in html
    assert "answer-form" not in html and "close-form" not in html


def test_owner_who_switched_the_email_off_gets_none(
    django_capture_on_commit_callbacks, portal_user_a, buyer
):
    EmailOptOut.objects.create(user=buyer, kind=SUPPLIER_WROTE)
    with django_capture_on_commit_callbacks(execute=True):
        services.open_ticket(portal_user_a, "Quiet", "No mail please.")

    assert mail.outbox == []


def test_our_reply_emails_only_the_tickets_portal_participants(
    django_capture_on_commit_callbacks, ticket, buyer, supplier_a, portal_user_b
):
    from tests.factories import UserFactory

    colleague = UserFactory(username="quiet", role="supplier_contact", supplier=supplier_a)
    with django_capture_on_commit_callbacks(execute=True):
        services.reply(buyer, ticket, "Answer")

    recipients = [m.to[0] for m in mail.outbox]
    assert recipients == [ticket.opened_by.email]
    assert colleague.email not in recipients and portal_user_b.email not in recipients


# --- the API -------------------------------------------------------------------------------


def test_portal_ticket_api_round_trip(portal_user_a, buyer):
    client = token_client(portal_user_a)
    created = client.post(
        f"{API}/portal/tickets", {"subject": "Forecast", "message": "Can we get a 6-month one?"},
        content_type="application/json",
    )  # fmt: skip
    assert created.status_code == 201
    ticket_id = created.json()["id"]
    assert created.json()["messages"][0]["from_your_side"] is True

    answer = token_client(buyer).post(
        f"{API}/tickets/{ticket_id}/messages", {"message": "Yes, monthly."},
        content_type="application/json",
    )  # fmt: skip
    assert answer.status_code == 201
    reply = client.post(
        f"{API}/portal/tickets/{ticket_id}/messages", {"message": "Thanks!"},
        content_type="application/json",
    )  # fmt: skip
    assert reply.status_code == 201

    listed = client.get(f"{API}/portal/tickets").json()
    assert listed[0]["message_count"] == 3
    detail = client.get(f"{API}/portal/tickets/{ticket_id}").json()
    assert [m["body"] for m in detail["messages"]] == [
        "Can we get a 6-month one?", "Yes, monthly.", "Thanks!",
    ]  # fmt: skip
    closed = token_client(buyer).post(f"{API}/tickets/{ticket_id}/close")
    assert closed.json()["status"] == "closed"
    ours = token_client(buyer).get(f"{API}/suppliers/{portal_user_a.supplier_id}/tickets")
    assert ours.json()["items"][0]["status"] == "closed"


def test_portal_ticket_api_rejects_empty_input(portal_user_a):
    response = token_client(portal_user_a).post(
        f"{API}/portal/tickets", {"subject": "", "message": "x"}, content_type="application/json"
    )

    assert response.status_code in (400, 422)
    assert "subject" in error_fields(response)


def test_portal_form_shows_field_errors(login, portal_user_a):
    response = login(portal_user_a).post("/portal/questions/", {"subject": "", "message": ""})

    assert response.status_code == 400
    assert "error-subject" in response.content.decode()
    assert Ticket.objects.count() == 0


# --- separation ------------------------------------------------------------------------------


def test_portal_user_b_gets_404_on_a_ticket(login, portal_user_b, ticket):
    assert login(portal_user_b).get(f"/portal/questions/{ticket.pk}/").status_code == 404
    client = token_client(portal_user_b)
    assert client.get(f"{API}/portal/tickets/{ticket.pk}").status_code == 404
    reply = client.post(
        f"{API}/portal/tickets/{ticket.pk}/messages", {"message": "Sneaky"},
        content_type="application/json",
    )  # fmt: skip
    assert reply.status_code == 404
    assert client.get(f"{API}/portal/tickets").json() == []


def test_portal_pages_show_no_other_supplier_and_no_internal_notes(
    login, portal_user_a, buyer, supplier_a, ticket, ticket_b
):
    relationship.record_interaction(
        buyer, supplier_a,
        {"occurred_on": timezone.localdate(), "channel": "call", "initiated_by": "ours",
         "notes": "Internal: they seem stretched thin"},
    )  # fmt: skip
    client = login(portal_user_a)
    pages = client.get("/portal/questions/").content.decode()
    pages += client.get(f"/portal/questions/{ticket.pk}/").content.decode()
    pages += str(token_client(portal_user_a).get(f"{API}/portal/tickets").json())

    assert "Invoice address" in pages
    assert "Beta only" not in pages
    assert "stretched thin" not in pages


@pytest.mark.parametrize("who", ["manager", "buyer", "viewer"])
def test_our_people_get_403_on_portal_question_pages(request, login, who, ticket):
    user = request.getfixturevalue(who)
    client = login(user)

    assert client.get("/portal/questions/").status_code == 403
    assert client.get(f"/portal/questions/{ticket.pk}/").status_code == 403
    assert token_client(user).get(f"{API}/portal/tickets").status_code == 403


def test_portal_users_cannot_use_our_ticket_pages_or_api(login, portal_user_a, ticket):
    assert login(portal_user_a).get(f"/tickets/{ticket.pk}/").status_code == 403
    assert token_client(portal_user_a).get(f"{API}/tickets/{ticket.pk}").status_code == 403


# --- the count badge and bounded queries ----------------------------------------------------


def test_supplier_overview_shows_the_open_questions_count(login, buyer, supplier_a, ticket):
    services.open_ticket(ticket.opened_by, "Second", "Another one")

    html = login(buyer).get(f"/suppliers/{supplier_a.pk}/").content.decode()

    assert 'id="open-questions"' in html and "2 open" in html


def test_lists_and_threads_make_a_bounded_number_of_queries(
    login, portal_user_a, buyer, supplier_a, django_assert_max_num_queries
):
    for n in range(6):
        t = services.open_ticket(portal_user_a, f"Question {n}", "Body")
        services.reply(buyer, t, "Answer")
        services.reply(portal_user_a, t, "Thanks")
    portal_client, ours = login(portal_user_a), login(buyer)
    last = Ticket.objects.latest("pk")
    for client, url in (
        (portal_client, "/portal/questions/"),
        (portal_client, f"/portal/questions/{last.pk}/"),
        (ours, f"/tickets/suppliers/{supplier_a.pk}/"),
        (ours, f"/tickets/{last.pk}/"),
    ):
        client.get(url)
        with django_assert_max_num_queries(25):
            assert client.get(url).status_code == 200
