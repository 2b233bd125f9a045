"""The Sourcing pages speak the person's language: German and French from the app's own
catalogue; English stays the default."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from partnerbook.sourcing import services

pytestmark = pytest.mark.django_db


def _speaking(user, language: str):
    user.language = language
    user.save(update_fields=["language"])
    return user


def test_project_page_in_german(login, buyer, scored_project):
    client = login(_speaking(buyer, "de"))
    html = client.get(reverse("sourcing:project", args=[scored_project.pk])).content.decode()
    assert "Kriterien (3)" in html and "Kriterium hinzufügen" in html
    assert "Muss-Kriterium" in html and "Zur Longlist hinzufügen" in html
    assert "Criteria (3)" not in html


def test_project_list_and_candidate_in_french(login, buyer, candidate):
    client = login(_speaking(buyer, "fr"))
    listing = client.get(reverse("sourcing:list")).content.decode()
    assert "Projets de sourcing" in listing and "Date cible" in listing
    page = client.get(reverse("sourcing:candidate", args=[candidate.pk])).content.decode()
    assert "Enregistrer mon évaluation" in page and "trouvé par recommandation" in page


def test_ramp_stage_and_its_volume_in_german(login, buyer, supplier_a):
    client = login(_speaking(buyer, "de"))
    services.record_ramp_stage(
        buyer, supplier_a,
        {"stage": "pilot", "volume_allowed": "12.5", "volume_unit": "pallets",
         "starts_on": dt.date(2026, 1, 5), "note": ""},
    )  # fmt: skip
    html = client.get(reverse("gate:supplier", args=[supplier_a.pk])).content.decode()
    assert "Aktuelle Phase:" in html and "bis zu 12,50 pallets" in html


def test_english_stays_the_default(login, buyer, scored_project):
    html = login(buyer).get(reverse("sourcing:project", args=[scored_project.pk])).content
    assert b"Criteria (3)" in html and b"Add a criterion" in html
