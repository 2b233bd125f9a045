"""The Coverage tab in German and French: the person's language picks the catalogue."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def _tab(login, user, language: str, pk: int) -> str:
    user.language = language
    user.save(update_fields=["language"])
    response = login(user).get(f"/coverage/suppliers/{pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_tab_speaks_german(login, viewer, supplier_a):
    html = _tab(login, viewer, "de", supplier_a.pk)
    assert "Wer hat wen getroffen" in html
    assert "Fehlende Verbindungen" in html
    assert "Who met whom" not in html


def test_the_tab_speaks_french(login, viewer, supplier_a):
    html = _tab(login, viewer, "fr", supplier_a.pk)
    assert "Qui a rencontré qui" in html
    assert "Fonctions impliquées" in html
