"""Supplier issue pages in German and French: the person's language picks the catalogue."""

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


def test_the_issue_page_speaks_german(login, buyer, issue):
    html = _page(login, buyer, "de", reverse("conflicts:issue", args=[issue.pk]))
    assert "Problemlösung gemeinsam mit dem Lieferanten" in html
    assert "Eskalationspfad" in html and "Stufe 1" in html
    assert "Problem beschreiben" in html  # a step of the domain, translated where shown
    assert "Escalation path" not in html


def test_the_issue_list_speaks_french(login, buyer, issue):
    html = _page(login, buyer, "fr", reverse("conflicts:list"))
    assert "Incidents fournisseurs" in html
    assert "Statistiques de résolution" in html
    assert "Supplier issues" not in html
