"""The review of prospects' registrations: approving (a new prospect supplier, its contact,
the portal user and the candidacy, all or nothing), declining, who may review, the API and
bounded queries. The public page itself is tested in tests/accounts/test_registration.py."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client

from partnerbook.accounts.models import Registration, Role, User
from partnerbook.sourcing import registrations
from partnerbook.sourcing import services as sourcing
from partnerbook.sourcing.models import Candidate, SourcingProject
from partnerbook.suppliers.models import Contact, Supplier
from tests.accounts.registering import PASSWORD, nothing_created, register

REVIEW = "/sourcing/registrations/"
API = "/api/v1"


@pytest.fixture(autouse=True)
def _fresh_rate_limits(django_db_blocker):
    """The registration counters live in the (database) cache: every test starts from zero."""
    with django_db_blocker.unblock():
        cache.clear()
    yield
    with django_db_blocker.unblock():
        cache.clear()


@pytest.fixture
def project(manager, category):
    return sourcing.create_project(
        manager,
        {"title": "Greener trays", "category": category, "owner": manager,
         "target_date": dt.date(2027, 6, 1)},
    )  # fmt: skip


@pytest.fixture
def registration(db, mailoutbox):
    assert register().status_code == 302
    mailoutbox.clear()
    return Registration.objects.get()


# --- approving and declining ----------------------------------------------------------------


@pytest.mark.django_db
def test_approval_creates_supplier_contact_user_and_candidacy(
    manager, registration, project, mailoutbox
):
    registrations.approve(manager, registration, project, base_url="http://testserver/")

    registration.refresh_from_db()
    supplier = registration.supplier
    assert registration.status == "approved" and registration.decided_by == manager
    assert supplier.name == "Nordic Fibre" and supplier.status == "prospect"
    assert supplier.country.code == "SE" and "Moulded fibre" in supplier.notes
    contact = registration.contact
    assert (contact.supplier, contact.side, contact.email) == (
        supplier, "supplier", "ingrid@nordic.test")  # fmt: skip
    user = registration.user
    assert (user.role, user.supplier, user.contact) == (Role.SUPPLIER_CONTACT, supplier, contact)
    assert user.check_password(PASSWORD)
    candidate = Candidate.objects.get()
    assert (candidate.project, candidate.supplier, candidate.source) == (
        project, supplier, "inbound")  # fmt: skip
    assert mailoutbox[0].to == ["ingrid@nordic.test"]
    assert "http://testserver/login/" in mailoutbox[0].body and "ingrid" in mailoutbox[0].body


@pytest.mark.django_db
def test_a_failure_midway_through_approval_leaves_nothing(
    manager, registration, project, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("the candidacy step failed")

    monkeypatch.setattr(registrations, "add_candidate", broken)
    with pytest.raises(RuntimeError):
        registrations.approve(manager, registration, project, base_url="http://testserver/")

    registration.refresh_from_db()
    assert registration.status == "pending" and registration.user is None
    assert nothing_created() and not Contact.objects.exists() and not Supplier.objects.exists()


@pytest.mark.django_db
def test_a_company_named_like_an_existing_supplier_gets_a_new_one(
    login, manager, supplier_a, portal_user_a, project, mailoutbox
):
    supplier_a.contacts.create(side="supplier", name="Existing Person")
    before = (list(supplier_a.portal_users.values_list("pk", flat=True)),
              list(supplier_a.contacts.values_list("pk", flat=True)),
              supplier_a.history.count())  # fmt: skip
    register(company_name="alpha  Packaging")
    registration = Registration.objects.get()

    page = login(manager).get(REVIEW).content.decode()
    assert "A supplier with this name exists already" in page
    assert f"/suppliers/{supplier_a.pk}/" in page

    registrations.approve(manager, registration, project, base_url="http://testserver/")
    registration.refresh_from_db()
    assert registration.supplier != supplier_a
    assert Supplier.objects.filter(name__iexact="alpha packaging").count() == 2
    supplier_a.refresh_from_db()
    after = (list(supplier_a.portal_users.values_list("pk", flat=True)),
             list(supplier_a.contacts.values_list("pk", flat=True)),
             supplier_a.history.count())  # fmt: skip
    assert after == before and supplier_a.status == "active"


@pytest.mark.django_db
def test_the_approved_user_signs_in_and_reaches_only_their_own_supplier(
    manager, registration, project, supplier_b
):
    registrations.approve(manager, registration, project, base_url="http://testserver/")
    own = Registration.objects.get().supplier
    client = Client()
    response = client.post("/login/", {"username": "ingrid", "password": PASSWORD}, follow=True)
    html = response.content.decode()
    assert "Welcome, Ingrid Holm" in html and "Nordic Fibre" in html
    for page in (f"/suppliers/{supplier_b.pk}/", f"/suppliers/{supplier_b.pk}/contacts/"):
        assert client.get(page).status_code in (403, 404)
    assert client.get(f"{API}/suppliers/{supplier_b.pk}").status_code in (403, 404)
    assert client.get(f"{API}/suppliers/{own.pk}").status_code == 200
    assert client.get(REVIEW).status_code == 403


@pytest.mark.django_db
def test_approval_through_the_review_page(login, manager, registration, project, mailoutbox):
    client = login(manager)
    response = client.post(f"{REVIEW}{registration.pk}/approve", {"project": project.pk},
                           follow=True)  # fmt: skip
    assert "is registered as a prospect supplier" in response.content.decode()
    assert Candidate.objects.get().project == project
    project_page = client.get(f"/sourcing/{project.pk}/").content.decode()
    assert "Nordic Fibre" in project_page


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["", "999999", "abc", "9" * 30])
def test_approval_needs_an_existing_open_project_while_one_is_open(
    login, manager, registration, project, bad
):
    response = login(manager).post(f"{REVIEW}{registration.pk}/approve", {"project": bad},
                                   follow=True)  # fmt: skip
    html = response.content.decode()
    assert "sourcing project" in html and "flash-error" in html
    assert Registration.objects.get().status == "pending" and nothing_created()


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["closed", "on_hold"])
def test_approval_into_a_project_that_is_not_open_is_refused(
    manager, registration, project, status
):
    SourcingProject.objects.filter(pk=project.pk).update(status=status)
    project.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        registrations.approve(manager, registration, project, base_url="http://testserver/")
    assert "project" in refused.value.message_dict
    assert Registration.objects.get().status == "pending" and nothing_created()


@pytest.mark.django_db
def test_without_open_projects_approval_registers_a_prospect_only(login, manager, registration):
    page = login(manager).get(REVIEW).content.decode()
    assert "No sourcing project is open" in page

    registrations.approve(manager, registration, None, base_url="http://testserver/")
    registration.refresh_from_db()
    assert registration.supplier.status == "prospect" and not Candidate.objects.exists()


@pytest.mark.django_db
def test_decline_needs_a_note_and_creates_nothing(login, manager, registration, mailoutbox):
    client = login(manager)
    response = client.post(f"{REVIEW}{registration.pk}/decline", {"note": "   "}, follow=True)
    assert "Say briefly why" in response.content.decode()
    assert Registration.objects.get().status == "pending" and not mailoutbox

    client.post(f"{REVIEW}{registration.pk}/decline", {"note": "We have enough tray makers."})
    registration.refresh_from_db()
    assert registration.status == "declined" and registration.decision_note
    assert "We have enough tray makers." in mailoutbox[0].body
    assert nothing_created()
    # The user name and e-mail address are free again.
    assert register(address="10.9.9.9").status_code == 302


@pytest.mark.django_db
def test_deciding_twice_is_refused(manager, registration, project, mailoutbox):
    registrations.decline(manager, registration, "Not now.")
    for decide in (
        lambda: registrations.approve(manager, registration, project, base_url="http://x/"),
        lambda: registrations.decline(manager, registration, "Again."),
    ):
        with pytest.raises(ValidationError) as refused:
            decide()
        assert "already declined" in refused.value.message_dict["registration"][0]
    assert nothing_created() and len(mailoutbox) == 1


@pytest.mark.django_db
def test_a_user_name_taken_after_registering_blocks_the_approval(
    manager, registration, project, mailoutbox
):
    User.objects.create_user(username="Ingrid", role=Role.VIEWER)
    with pytest.raises(ValidationError) as refused:
        registrations.approve(manager, registration, project, base_url="http://testserver/")
    assert "username" in refused.value.message_dict
    assert Registration.objects.get().status == "pending" and not Candidate.objects.exists()
    assert not Supplier.objects.filter(name="Nordic Fibre").exists() and not mailoutbox


# --- permissions --------------------------------------------------------------------------


@pytest.mark.django_db
def test_only_managers_and_administrators_review(
    login, admin_user, manager, buyer, viewer, portal_user_a, registration, project
):
    assert login(admin_user).get(REVIEW).status_code == 200
    assert login(manager).get(REVIEW).status_code == 200
    for user in (buyer, viewer, portal_user_a):
        client = login(user)
        assert client.get(REVIEW).status_code == 403
        assert client.post(f"{REVIEW}{registration.pk}/approve",
                           {"project": project.pk}).status_code == 403  # fmt: skip
        assert client.post(f"{REVIEW}{registration.pk}/decline", {"note": "no"}).status_code == 403
        assert client.get(f"{API}/registrations").status_code == 403
        assert client.post(f"{API}/registrations/{registration.pk}/approve",
                           {"project": project.pk}, content_type="application/json"
                           ).status_code == 403  # fmt: skip
        assert client.post(f"{API}/registrations/{registration.pk}/decline",
                           {"note": "no"}, content_type="application/json"
                           ).status_code == 403  # fmt: skip
    assert Registration.objects.get().status == "pending" and nothing_created()


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in_or_refused(client, registration):
    response = client.get(REVIEW)
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert client.post(f"{REVIEW}{registration.pk}/decline", {"note": "x"}).status_code == 302
    assert client.get(f"{API}/registrations").status_code == 401
    assert client.post(f"{API}/registrations/{registration.pk}/decline", {"note": "x"},
                       content_type="application/json").status_code == 401  # fmt: skip
    assert Registration.objects.get().status == "pending"


@pytest.mark.django_db
def test_the_sourcing_list_links_to_the_review_for_managers_only(login, manager, buyer):
    assert 'id="registrations-link"' in login(manager).get("/sourcing/").content.decode()
    assert 'id="registrations-link"' not in login(buyer).get("/sourcing/").content.decode()


# --- API ----------------------------------------------------------------------------------


def post_json(client, path, body):
    return client.post(path, json.dumps(body), content_type="application/json")


@pytest.mark.django_db
def test_the_api_lists_approves_and_declines(login, manager, registration, project, mailoutbox):
    client = login(manager)
    listed = client.get(f"{API}/registrations").json()
    assert listed["count"] == 1
    item = listed["items"][0]
    assert item["company_name"] == "Nordic Fibre" and item["status"] == "pending"
    assert item["country"] == "SE" and "password" not in json.dumps(item)

    response = post_json(client, f"{API}/registrations/{registration.pk}/approve",
                         {"project": project.pk})  # fmt: skip
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "approved" and body["supplier_id"] and body["user_id"]
    assert Candidate.objects.get().supplier_id == body["supplier_id"]

    again = post_json(client, f"{API}/registrations/{registration.pk}/decline", {"note": "x"})
    assert again.status_code == 400 and again.json()["errors"][0]["field"] == "registration"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "body", "status", "field"),
    [
        ("approve", {}, 400, "project"),
        ("approve", {"project": 999999}, 400, "project"),
        ("approve", {"project": 0}, 422, "project"),
        ("approve", {"project": "abc"}, 422, "project"),
        ("decline", {}, 422, "note"),
        ("decline", {"note": ""}, 422, "note"),
        ("decline", {"note": "   "}, 400, "note"),
        ("decline", {"note": "x" * 2001}, 422, "note"),
    ],
)
def test_the_api_names_the_field_of_bad_input(
    login, manager, registration, project, path, body, status, field
):
    response = post_json(login(manager), f"{API}/registrations/{registration.pk}/{path}", body)
    assert response.status_code == status
    assert response.json()["errors"][0]["field"] == field
    assert Registration.objects.get().status == "pending" and nothing_created()


@pytest.mark.django_db
def test_the_api_answers_404_for_an_unknown_registration(login, manager):
    response = post_json(login(manager), f"{API}/registrations/424242/decline", {"note": "x"})
    assert response.status_code == 404


@pytest.mark.django_db
def test_the_api_refuses_a_closed_project(login, manager, registration, project):
    SourcingProject.objects.filter(pk=project.pk).update(status="closed")
    response = post_json(login(manager), f"{API}/registrations/{registration.pk}/approve",
                         {"project": project.pk})  # fmt: skip
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "project"
    assert nothing_created()


# --- bounded queries ----------------------------------------------------------------------


def _many_registrations(count: int) -> None:
    Registration.objects.bulk_create(
        Registration(
            company_name=f"Company {n}", country="DE", offer="Boxes.",
            contact_name=f"Person {n}", email=f"p{n}@example.test", username=f"person{n}",
            password_hash="md5$x$y", status="pending" if n % 2 else "declined",
            decided_at=None if n % 2 else dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        )
        for n in range(count)
    )  # fmt: skip


@pytest.mark.django_db
def test_the_review_page_and_the_api_list_run_a_bounded_number_of_queries(
    login, manager, category, project, django_assert_max_num_queries
):
    _many_registrations(300)
    Supplier.objects.bulk_create(Supplier(name=f"Company {n}") for n in range(0, 300, 3))
    client = login(manager)
    with django_assert_max_num_queries(12):
        page = client.get(REVIEW)
    assert page.status_code == 200 and "150 waiting for review" in page.content.decode()
    assert "A supplier with this name exists already" in page.content.decode()
    with django_assert_max_num_queries(8):
        listed = client.get(f"{API}/registrations?limit=100")
    assert listed.status_code == 200 and len(listed.json()["items"]) == 100
