"""Documents in German and French: the tab, expiry labels with plurals, the portal list."""

from __future__ import annotations

import pytest
from django.urls import reverse

from .conftest import certificate

pytestmark = pytest.mark.django_db


def speaking(user, language: str):
    user.language = language
    user.save(update_fields=["language"])
    return user


def test_the_documents_tab_speaks_german(login, manager, supplier_a):
    certificate(manager, supplier_a, 12, title="ISO soon")
    certificate(manager, supplier_a, -1, title="Lapsed")

    response = login(speaking(manager, "de")).get(
        reverse("documents:supplier", args=[supplier_a.pk])
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "Dokument hochladen" in body and "läuft in 12 Tagen ab" in body
    assert "vor 1 Tag abgelaufen" in body and "ISO-9001-Zertifikat" in body
    assert "Upload a document" not in body


def test_the_portal_documents_page_speaks_french(login, manager, supplier_a, portal_user_a):
    response = login(speaking(portal_user_a, "fr")).get(reverse("portal_documents:list"))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Partagés avec vous" in body and "Ce que nous vous avons demandé" in body
