"""The Segmentation tab in German and French: texts from the catalogue, translated quadrant
and factor names, and chart data a machine reads kept free of decimal commas."""

from __future__ import annotations

import json
import re

import pytest

from partnerbook.segmentation import services

pytestmark = pytest.mark.django_db

ALIGNMENT = {"our_goals": 4, "our_values": 4, "our_capabilities": 2,
             "their_goals": 5, "their_values": 4, "their_capabilities": 4}  # fmt: skip


def tab_for(login, user, supplier, language: str) -> str:
    user.language = language
    user.save(update_fields=["language"])
    response = login(user).get(f"/segmentation/suppliers/{supplier.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def chart_data(html: str) -> dict:
    found = re.search(
        r'<script id="alignment-chart-data" type="application/json">(.*?)</script>', html
    )
    assert found is not None
    return json.loads(found.group(1))


def test_the_tab_speaks_german(login, manager, supplier_a):
    services.update_factors(manager, supplier_a, {"criticality": 5, "financial_health": 2})
    services.record_alignment(manager, supplier_a, ALIGNMENT)

    html = tab_for(login, manager, supplier_a, "de")

    assert "Wert-Risiko-Quadrant" in html and "Faktoren bearbeiten" in html
    assert "Geschäftskritikalität" in html  # a factor label from the pure domain code
    assert "Value-risk quadrant" not in html
    data = chart_data(html)
    assert data["labels"] == ["Ziele", "Werte", "Fähigkeiten"]
    assert data["ours"] == [4, 4, 2]  # numbers for the chart, not German text


def test_the_tab_speaks_french(login, manager, supplier_a):
    html = tab_for(login, manager, supplier_a, "fr")

    assert "Quadrant valeur-risque" in html and "Enregistrer les facteurs" in html
    assert "pas encore positionné" in html


def test_english_stays_as_it_was(login, manager, supplier_a):
    services.record_alignment(manager, supplier_a, ALIGNMENT)

    html = tab_for(login, manager, supplier_a, "en")

    assert "Value-risk quadrant" in html and "Weakest side: capabilities" in html
    assert chart_data(html)["labels"] == ["Goals", "Values", "Capabilities"]
