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


@pytest.mark.parametrize(
    ("language", "saved", "expected"),
    [("de", "gespeichert am", "dringend 4 Std."), ("fr", "enregistrée le", "urgent 4 h")],
)
def test_a_written_plan_reads_in_the_chosen_language(
    login, manager, supplier_a, language, saved, expected
):
    from partnerbook.plans import services
    from partnerbook.suppliers import services as supplier_services

    ours = supplier_services.create_contact(
        manager, supplier_a, {"side": "ours", "name": "Olivia Ours", "level": "management"}
    )
    theirs = supplier_services.create_contact(
        manager, supplier_a, {"side": "supplier", "name": "Tara Theirs", "level": "management"}
    )
    row = {"our_contact": ours.pk, "their_contact": theirs.pk, "level": "management"}
    data = {"contact_map": [row], "response_urgent_hours": 4, "strengths": ["Fast"]}
    services.save_plan(manager, supplier_a, data, "First version")
    manager.language = language
    manager.save(update_fields=["language"])
    client = login(manager)

    tab = client.get(f"/plans/suppliers/{supplier_a.pk}/").content.decode()
    revision = client.get(f"/plans/suppliers/{supplier_a.pk}/revisions/1/").content.decode()
    printed = client.get(f"/plans/suppliers/{supplier_a.pk}/print").content.decode()

    assert saved in tab and expected in tab
    assert expected in revision and expected in printed
    # Displayed dates follow the language: no ISO date on a German or French page.
    today = manager.date_joined.date().isoformat()
    assert today not in tab and today not in printed
