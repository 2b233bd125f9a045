"""Self-registration of prospect suppliers: the public page and its limit. A registration
creates nothing until a manager approves it (the review is tested in
tests/sourcing/test_registrations.py), and nothing a registrant types can create an internal
user or attach them to an existing supplier."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import authenticate

from partnerbook.accounts import services
from partnerbook.accounts.models import Registration, Role, User
from partnerbook.sourcing import registrations
from partnerbook.sourcing import services as sourcing

from .registering import PASSWORD, REGISTER, form, nothing_created, register


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


# --- the public page ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_sign_in_page_links_to_the_registration(client):
    html = client.get("/login/").content.decode()
    assert f'href="{REGISTER}"' in html and "Register your company" in html


@pytest.mark.django_db
def test_registering_keeps_a_hash_and_sends_an_acknowledgement(client, category, mailoutbox):
    response = register(client, category=category.pk)

    assert response.status_code == 302 and response["Location"] == f"{REGISTER}thanks/"
    assert "we will be in touch" in client.get(response["Location"]).content.decode()
    registration = Registration.objects.get()
    assert registration.status == "pending" and registration.category == category
    assert registration.country.code == "SE" and registration.username == "ingrid"
    assert PASSWORD not in registration.password_hash
    assert registration.password_hash.startswith("md5$")  # the tests' hasher
    assert registration.client_address_hash and "10.0.0.1" not in registration.client_address_hash
    assert mailoutbox[0].to == ["ingrid@nordic.test"]
    assert "Nordic Fibre" in mailoutbox[0].subject and PASSWORD not in mailoutbox[0].body
    history = registration.history.get()
    assert not hasattr(history, "password_hash")
    assert nothing_created()


@pytest.mark.django_db
def test_nobody_can_sign_in_before_approval(client, registration):
    assert authenticate(username="ingrid", password=PASSWORD) is None
    response = client.post("/login/", {"username": "ingrid", "password": PASSWORD})
    assert response.status_code == 200 and "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_extra_posted_fields_cannot_pick_a_role_or_a_supplier(
    client, manager, supplier_a, project, mailoutbox
):
    response = register(
        client, role="admin", supplier=supplier_a.pk, is_staff="1", is_superuser="1",
        status="approved", user=manager.pk, contact=1,
    )  # fmt: skip
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.status == "pending" and registration.supplier is None
    assert registration.user is None and registration.decided_by is None

    registrations.approve(manager, registration, project, base_url="http://testserver/")
    user = User.objects.get(username="ingrid")
    assert user.role == Role.SUPPLIER_CONTACT and not user.is_staff and not user.is_superuser
    assert user.supplier != supplier_a and not user.is_internal


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"password1": "short", "password2": "short"}, "password1", "too short"),
        ({"password1": "password1234", "password2": "password1234"}, "password1", "too common"),
        ({"password2": "something else entirely"}, "password2", "differ"),
        ({"company_name": ""}, "company_name", "required"),
        ({"offer": "  "}, "offer", "required"),
        ({"country": "XX"}, "country", "valid choice"),
        ({"email": "not an address"}, "email", "valid email"),
        ({"website": "not a site"}, "website", "valid URL"),
        ({"username": "bad name!"}, "username", "valid username"),
        ({"category": "999999"}, "category", "valid choice"),
    ],
)
def test_bad_input_shows_field_errors_and_saves_nothing(
    client, changes, field, message, mailoutbox
):
    response = register(client, **changes)

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html and 'aria-invalid="true"' in html
    assert not Registration.objects.exists() and not mailoutbox


@pytest.mark.django_db
def test_an_empty_post_names_every_required_field(client):
    response = client.post(REGISTER, {})
    errors = response.context["form"].errors
    assert {"company_name", "country", "offer", "contact_name", "email", "username",
            "password1", "password2"} <= set(errors)  # fmt: skip
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_a_user_name_taken_by_a_user_or_a_pending_registration_is_refused(
    client, manager, registration
):
    for username in ("Mara", "INGRID"):  # the manager's, and the waiting registration's
        response = register(client, username=username, email=f"{username}@other.test")
        assert "This user name is taken" in response.content.decode()
    assert Registration.objects.count() == 1


@pytest.mark.django_db
def test_an_email_with_a_pending_registration_is_refused(client, registration):
    response = register(client, username="someone", email="Ingrid@Nordic.test")
    assert "waiting for review" in response.content.decode()
    assert Registration.objects.count() == 1


@pytest.mark.django_db
def test_the_sixth_registration_from_one_address_in_an_hour_is_refused(client, settings):
    assert settings.PARTNERBOOK_REGISTRATION_LIMIT == 5
    for n in range(5):
        response = register(client, username=f"user{n}", email=f"u{n}@nordic.test")
        assert response.status_code == 302
    response = register(client, username="user6", email="u6@nordic.test")

    assert response.status_code == 429 and response["Retry-After"] == "3600"
    assert "Too many registrations" in response.content.decode()
    assert Registration.objects.count() == 5
    # Another address is still welcome.
    other = register(client, address="10.0.0.2", username="user7", email="u7@nordic.test")
    assert other.status_code == 302


@pytest.mark.django_db
def test_the_hidden_field_filled_in_by_a_bot_saves_nothing(client, mailoutbox):
    response = register(client, nickname="spam")
    assert response.status_code == 302 and not Registration.objects.exists() and not mailoutbox


@pytest.mark.django_db
def test_a_signed_in_user_is_asked_to_sign_out_first(login, manager):
    client = login(manager)
    assert "sign out first" in client.get(REGISTER).content.decode()
    assert client.post(REGISTER, form()).status_code == 403
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_an_acknowledgement_that_cannot_be_sent_keeps_nothing(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("no mail server")

    monkeypatch.setattr(services, "send_mail", refuse)
    response = register(client)
    assert response.status_code == 200 and "could not be sent" in response.content.decode()
    assert not Registration.objects.exists()
