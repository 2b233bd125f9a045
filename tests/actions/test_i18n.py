"""The action item pages speak the person's language (German, French)."""

from __future__ import annotations

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        ("de", ["Meine Maßnahmen", "Sie haben keine offenen Maßnahmen."]),
        ("fr", ["Mes actions", "Vous n'avez aucune action ouverte."]),
        ("en", ["My action items", "You have no open action items."]),
    ],
)
def test_my_action_items_in_the_person_language(login, buyer, language, texts):
    buyer.language = language
    buyer.save(update_fields=["language"])

    response = login(buyer).get(reverse("actions:mine"))

    html = response.content.decode()
    assert response.status_code == 200
    for text in texts:
        assert text in html
