"""The Plan tab speaks the person's language."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "heading", "empty"),
    [
        ("de", "Wiederaufbaupläne", "Noch kein Beziehungsplan."),
        ("fr", "Plans de redressement", "Pas encore de plan de relation."),
    ],
)
def test_the_plan_tab_speaks_the_chosen_language(
    login, manager, supplier_a, language, heading, empty
):
    manager.language = language
    manager.save(update_fields=["language"])

    page = login(manager).get(f"/plans/suppliers/{supplier_a.pk}/").content.decode()

    assert heading in page and empty in page
    assert "Recovery plans" not in page


def test_the_recovery_form_offers_translated_levels(login, manager, supplier_a):
    manager.language = "de"
    manager.save(update_fields=["language"])

    response = login(manager).get(f"/plans/suppliers/{supplier_a.pk}/recovery/new")

    page = response.content.decode()
    assert "unsere Geschäftsleitung" in page and "Wiederaufbauplan speichern" in page
