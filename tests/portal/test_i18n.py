"""The portal speaks its user's language; the voice export keeps English."""

from __future__ import annotations

import pytest

from partnerbook.portal import services

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "welcome", "card"),
    [("de", "Willkommen,", "Ihre Stimme"), ("fr", "Bienvenue,", "Votre voix")],
)
def test_the_portal_home_speaks_the_chosen_language(login, portal_user_a, language, welcome, card):
    portal_user_a.language = language
    portal_user_a.save(update_fields=["language"])

    page = login(portal_user_a).get("/portal/").content.decode()

    assert welcome in page and card in page


def test_the_talk_page_speaks_german(login, portal_user_a):
    portal_user_a.language = "de"
    portal_user_a.save(update_fields=["language"])

    page = login(portal_user_a).get("/portal/voice/").content.decode()

    assert "Anliegen äußern" in page and "Wie wir kommunizieren" in page


def test_the_voice_export_stays_english_for_a_german_user(
    login, buyer, portal_user_a, supplier_a, voice_minimum
):
    voice_minimum(1)
    services.raise_concern(
        portal_user_a, {"topic": "planning", "text": "Late forecasts", "anonymous": True}
    )
    buyer.language = "de"
    buyer.save(update_fields=["language"])
    client = login(buyer)

    tab = client.get(f"/voice/supplier/{supplier_a.pk}/").content.decode()
    export = client.get(f"/voice/supplier/{supplier_a.pk}/export/?format=csv").content.decode()

    assert "ein Kontakt bei Alpha Packaging" in tab
    assert "a contact at Alpha Packaging" in export and "Orders, forecasts and planning" in export
