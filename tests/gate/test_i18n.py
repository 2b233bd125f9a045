"""The Playbook tab and the activation decisions in German and French."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _page(login, user, language: str, url: str) -> str:
    user.language = language
    user.save(update_fields=["language"])
    response = login(user).get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_playbook_tab_speaks_german(login, manager, supplier_a):
    html = _page(login, manager, "de", reverse("gate:supplier", args=[supplier_a.pk]))
    assert "Entscheidungscheckliste" in html
    assert "Technische Eignung und Kapazität" in html  # an item of the domain, translated
    assert "Decision checklist" not in html


def test_the_activation_decisions_speak_french(login, manager):
    html = _page(login, manager, "fr", reverse("gate:activations"))
    assert "Décisions d" in html
    assert "Aucun fournisseur n" in html
