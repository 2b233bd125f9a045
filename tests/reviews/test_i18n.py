"""The Reviews tab speaks the person's language (German, French)."""

from __future__ import annotations

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("de", "Noch kein Review erfasst."),
        ("fr", "Aucune revue enregistrée pour le moment."),
        ("en", "No review recorded yet."),
    ],
)
def test_the_reviews_tab_in_the_person_language(login, viewer, supplier_a, language, text):
    viewer.language = language
    viewer.save(update_fields=["language"])

    response = login(viewer).get(reverse("reviews:supplier", args=[supplier_a.pk]))

    assert response.status_code == 200
    assert text in response.content.decode()
