"""Accounts pages speak the person's language; the API keeps English."""

from __future__ import annotations

import pytest

from tests.api import API, token_client

pytestmark = pytest.mark.django_db


def _speaking(user, language):
    user.language = language
    user.save(update_fields=["language"])
    return user


@pytest.mark.parametrize(
    ("language", "heading", "button"),
    [
        ("de", "Persönliche API-Tokens", "Token erstellen"),
        ("fr", "Jetons d’API personnels", "Créer un jeton"),
    ],
)
def test_the_token_page_speaks_the_chosen_language(login, buyer, language, heading, button):
    page = login(_speaking(buyer, language)).get("/account/tokens/").content.decode()

    assert heading in page and button in page
    assert "Personal API tokens" not in page


@pytest.mark.parametrize(
    ("language", "text"),
    [("de", "Zwei-Faktor-Anmeldung einrichten"), ("fr", "Configurer la connexion à deux facteurs")],
)
def test_the_two_factor_page_speaks_the_chosen_language(login, buyer, language, text):
    page = login(_speaking(buyer, language)).get("/account/two-factor/").content.decode()

    assert text in page


def test_a_form_error_speaks_the_chosen_language(login, buyer):
    client = login(_speaking(buyer, "de"))

    response = client.post("/account/two-factor/confirm/", {"code": "123456"})

    assert "Beginnen Sie die Einrichtung erneut" in response.content.decode()


def test_an_unknown_invitation_speaks_the_browser_language(client):
    response = client.get("/account/invitation/no-such-token/", HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 404
    assert "Nous ne connaissons pas ce lien." in response.content.decode()


def test_the_e_mail_choices_api_answers_in_english_for_a_german_user(buyer):
    # Registered labels are lazy translations; the API turns them into English text.
    response = token_client(_speaking(buyer, "de")).get(f"{API}/account/notifications")

    assert response.status_code == 200
    labels = [choice["label"] for choice in response.json()]
    assert "A supplier wrote through the portal" in labels
