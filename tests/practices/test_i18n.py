"""The Practices tab speaks the person's language: German and French from the app's own
catalogue, dates in the language's short format; the exports stay English."""

from __future__ import annotations

import pytest
from django.urls import reverse

from .conftest import days_ago

pytestmark = pytest.mark.django_db


def _speaking(user, language: str):
    user.language = language
    user.save(update_fields=["language"])
    return user


def test_practices_tab_in_german(login, buyer, supplier_a, nda):
    client = login(_speaking(buyer, "de"))
    html = client.get(f"/practices/suppliers/{supplier_a.pk}/").content.decode()
    assert "Aktive Praktiken" in html and "Vereinbarung erfassen" in html
    assert "Gegenseitige NDA" in html and "in Kraft" in html  # kind and status today
    assert days_ago(30).strftime("%d.%m.%Y") in html  # the German short date


def test_agreement_page_in_french(login, buyer, nda):
    client = login(_speaking(buyer, "fr"))
    html = client.get(f"/practices/agreements/{nda.pk}/").content.decode()
    assert "Vérification juridique" in html and "en vigueur" in html


def test_export_stays_english_for_a_german_user(login, buyer, supplier_a, nda):
    client = login(_speaking(buyer, "de"))
    response = client.get(reverse("practices:agreement_export", args=[supplier_a.pk, "csv"]))
    assert response.status_code == 200
    body = response.content.decode()
    assert ",on record," in body and "in Kraft" not in body


def test_portal_card_in_german_while_the_api_stays_english(login, manager, portal_user_a):
    from partnerbook.practices import services

    services.record_agreement(
        manager, portal_user_a.supplier,
        {"kind": "framework", "signed_on": days_ago(100), "expires_on": days_ago(-265),
         "renewal_notice_days": 90, "reference": "FA-7", "payment_terms": "60 days."},
    )  # fmt: skip
    html = login(_speaking(portal_user_a, "de")).get("/portal/").content.decode()
    card = html.split('id="card-portalagreement"')[1].split("</article>")[0]
    assert "Rahmenvertrag FA-7" in card and "in Kraft" in card
    assert "Kündigungstermin in 175 Tagen" in card and "Zahlungsbedingungen" in card
