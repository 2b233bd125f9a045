"""Supplier questions speak the person's language: our Questions tab and the portal page."""

from __future__ import annotations

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("de", "Noch keine Fragen von diesem Lieferanten."),
        ("fr", "Aucune question de ce fournisseur pour le moment."),
    ],
)
def test_the_questions_tab_in_the_person_language(login, viewer, supplier_a, language, text):
    viewer.language = language
    viewer.save(update_fields=["language"])

    response = login(viewer).get(reverse("tickets:supplier", args=[supplier_a.pk]))

    assert response.status_code == 200
    assert text in response.content.decode()


@pytest.mark.parametrize(
    ("language", "text"),
    [("de", "Eine Frage stellen"), ("fr", "Poser une question"), ("en", "Ask a question")],
)
def test_the_portal_questions_page_in_the_person_language(login, portal_user_a, language, text):
    portal_user_a.language = language
    portal_user_a.save(update_fields=["language"])

    response = login(portal_user_a).get(reverse("portal_tickets:list"))

    assert response.status_code == 200
    assert text in response.content.decode()
