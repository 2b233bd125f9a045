"""Password reset with Django's own views: the e-mail goes to a known address, the answer is
the same for an unknown one, and requests are limited per address and per client."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.utils import timezone

from tests.factories import UserFactory

RESET = "/account/password-reset/"
LINK = re.compile(r"https?://\S+/account/password-reset/[^/\s]+/[^/\s]+/")


@pytest.fixture
def member(db):
    return UserFactory(username="noor", email="noor@buyer.test")


@pytest.mark.django_db
def test_the_login_page_links_to_the_password_reset(client):
    html = client.get("/login/").content.decode()
    assert f'href="{RESET}"' in html and "Forgot your password?" in html


@pytest.mark.django_db
def test_a_known_address_gets_a_link_that_sets_a_new_password(client, member, mailoutbox):
    response = client.post(RESET, {"email": "Noor@Buyer.test"})

    assert response.status_code == 302 and response["Location"] == f"{RESET}sent/"
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["noor@buyer.test"]
    link = LINK.search(mailoutbox[0].body).group(0)
    assert link.startswith("http://testserver/")
    path = link[link.index(RESET) :]
    form_page = client.get(path, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    new_password = "a brand new sentence 7"
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert done.status_code == 302 and done["Location"] == f"{RESET}done/"
    member.refresh_from_db()
    assert member.check_password(new_password)
    # The link is spent.
    assert "This link does not work" in client.get(path, follow=True).content.decode()


@pytest.mark.django_db
def test_an_unknown_address_gets_the_same_answer_and_no_email(client, member, mailoutbox):
    known = client.post(RESET, {"email": "noor@buyer.test"})
    unknown = client.post(RESET, {"email": "nobody@nowhere.test"})

    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert len(mailoutbox) == 1
    assert "If an account uses the address" in client.get(unknown["Location"]).content.decode()


@pytest.mark.django_db
def test_a_weak_new_password_is_refused_with_a_field_error(client, member, mailoutbox):
    client.post(RESET, {"email": "noor@buyer.test"})
    link = LINK.search(mailoutbox[0].body).group(0)
    form_page = client.get(link[link.index(RESET) :], follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "short", "new_password2": "short"}
    )
    assert response.status_code == 200 and "too short" in response.content.decode()
    member.refresh_from_db()
    assert member.check_password("pw-for-tests-1")


@pytest.mark.django_db
def test_an_invalid_address_shows_a_field_error(client, mailoutbox):
    response = client.post(RESET, {"email": "not an address"})
    assert response.status_code == 200 and 'aria-invalid="true"' in response.content.decode()
    assert not mailoutbox


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["noor@buyer.test", "nobody@nowhere.test"])
def test_the_sixth_request_for_an_address_in_an_hour_answers_429(
    address, member, mailoutbox, settings
):
    from django.test import Client

    assert settings.PARTNERBOOK_RESET_LIMIT == 5
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for n in range(5):
            # A different client address each time: only the e-mail address's limit applies.
            client = Client(REMOTE_ADDR=f"10.0.0.{n + 1}")
            assert client.post(RESET, {"email": address}).status_code == 302
        blocked = Client(REMOTE_ADDR="10.0.0.99").post(RESET, {"email": address})
        assert blocked.status_code == 429
        assert "Too many requests" in blocked.content.decode()
        assert blocked["Retry-After"] == "3600"
        sent = len(mailoutbox)
        assert sent == (5 if address == "noor@buyer.test" else 0)
        # An hour later the address may ask again.
        traveller.shift(dt.timedelta(hours=1, seconds=1))
        assert Client(REMOTE_ADDR="10.0.0.99").post(RESET, {"email": address}).status_code == 302


@pytest.mark.django_db
def test_the_sixth_request_from_one_client_in_an_hour_answers_429(client, member, mailoutbox):
    for n in range(5):
        response = client.post(RESET, {"email": f"someone{n}@example.test"})
        assert response.status_code == 302
    blocked = client.post(RESET, {"email": "noor@buyer.test"})
    assert blocked.status_code == 429 and not mailoutbox


@pytest.mark.django_db
def test_the_limit_follows_the_setting(client, member, mailoutbox, settings):
    settings.PARTNERBOOK_RESET_LIMIT = 2
    assert client.post(RESET, {"email": "noor@buyer.test"}).status_code == 302
    assert client.post(RESET, {"email": "noor@buyer.test"}).status_code == 302
    assert client.post(RESET, {"email": "noor@buyer.test"}).status_code == 429
    assert len(mailoutbox) == 2
