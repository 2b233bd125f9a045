"""The alerts inbox in German and French: the person's language picks the catalogue."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def _inbox(login, user, language: str) -> str:
    user.language = language
    user.save(update_fields=["language"])
    response = login(user).get("/alerts/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_inbox_speaks_german(login, viewer):
    html = _inbox(login, viewer, "de")
    assert "Frühwarnungen zu den Lieferanten" in html
    assert "Hier gibt es keine Warnungen." in html


def test_the_inbox_speaks_french(login, viewer):
    html = _inbox(login, viewer, "fr")
    assert "Aucune alerte ici." in html
    assert "Prises en compte ou écartées" in html
