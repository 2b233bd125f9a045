"""Referrals, wins and the Recognition tab in German and French: the page's texts, the
status labels from the domain and the plural forms come from the catalogue."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _as(login, user, language):
    user.language = language
    user.save(update_fields=["language"])
    return login(user)


def test_the_referrals_page_reads_in_german(login, buyer, referral, win):
    html = _as(login, buyer, "de").get(reverse("recognition:referrals")).content.decode()

    assert "<h1>Empfehlungen</h1>" in html
    assert ">Eingegangen</span>" in html  # the referral's status, from the domain
    assert "1 Empfehlung." in html  # the singular of the count
    assert 'placeholder="Unternehmen oder Lieferant"' in html


def test_the_recognition_tab_reads_in_french(login, buyer, supplier_a, referral, win):
    client = _as(login, buyer, "fr")
    html = client.get(reverse("recognition:supplier", args=[supplier_a.pk])).content.decode()

    assert "<h2>Enregistrer un succès</h2>" in html
    assert 'aria-label="Sur cette page"' in html
    assert "Saved the spring launch" in html  # data stays as written
    stories = client.get(reverse("recognition:stories", args=[supplier_a.pk])).content.decode()
    assert "Réussites avec Alpha Packaging" in stories


def test_a_message_after_recording_a_win_is_in_the_persons_language(login, buyer, supplier_a):
    client = _as(login, buyer, "de")
    response = client.post(
        reverse("recognition:record_win", args=[supplier_a.pk]),
        {"title": "Rettung der Frühjahrsaktion", "story": "Werkzeug am Wochenende umgebaut."},
        follow=True,
    )

    assert "Erfolg erfasst: eine Vertrauenseinzahlung von 3 Punkten." in response.content.decode()
