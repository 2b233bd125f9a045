"""The Relationship tab and the portfolio health list in German and French: the page's own
texts, the domain's labels (channels, signals, findings, breakdown lines) and the light all
come from the catalogue, while the chart data stays plain JSON numbers."""

from __future__ import annotations

import json
import re

import pytest
from django.utils import timezone

from partnerbook.relationship.models import HealthSnapshot

pytestmark = pytest.mark.django_db


def tab(pk: int) -> str:
    return f"/relationship/suppliers/{pk}/"


@pytest.fixture
def snapshot(supplier_a):
    return HealthSnapshot.objects.create(
        supplier=supplier_a, as_of=timezone.localdate(), score=58, light="yellow", change=-7,
        confidence=0.8,
        breakdown=[{"key": "trust", "label": "Trust ledger (last window)", "weight": 20.0,
                    "value": "+3 points", "subscore": 64.9, "points": 12.5}],
        findings=[{"signal": "suggestions", "label": "Fewer unsolicited suggestions",
                   "baseline": "8 in 365 days", "recent": "0 in 90 days", "confidence": 0.995,
                   "explanation": "At the rate of the baseline about 2.0 were expected.",
                   "severity": "warning"}],
    )  # fmt: skip


def _as(login, user, language):
    user.language = language
    user.save(update_fields=["language"])
    return login(user)


def test_the_tab_reads_in_german(login, buyer, supplier_a, snapshot):
    client = _as(login, buyer, "de")
    html = client.get(tab(supplier_a.pk)).content.decode()

    assert "<h2>Beziehungsgesundheit</h2>" in html
    assert ">Interaktion erfassen</h2>" in html
    assert ">Anruf</option>" in html  # a channel from the domain
    assert "Frühwarnung geteilt" in html  # a signal tag
    assert "<strong>Weniger unaufgeforderte Vorschläge</strong>" in html  # a stored finding
    assert "<td>Vertrauenskonto (letzter Zeitraum)</td>" in html  # a breakdown line
    assert ">gelb</span>" in html
    assert "-7 in etwa einem Monat" in html


def test_the_tab_and_the_health_list_read_in_french(login, buyer, supplier_a, snapshot):
    client = _as(login, buyer, "fr")
    html = client.get(tab(supplier_a.pk)).content.decode()
    assert "<h2>Santé de la relation</h2>" in html
    assert "<strong>Moins de suggestions spontanées</strong>" in html

    health = client.get("/relationship/health/").content.decode()
    assert "<h1>Santé de la relation</h1>" in health
    assert ">Moins de suggestions spontanées</span>" in health
    assert ">jaune 1</span>" in health


def test_numbers_a_machine_reads_keep_a_decimal_point_in_german(login, buyer, supplier_a):
    client = _as(login, buyer, "de")
    for days_ago, points in ((20, 3), (10, -1)):
        client.post(
            tab(supplier_a.pk) + "trust/new",
            {"occurred_on": (timezone.localdate() - timezone.timedelta(days=days_ago)).isoformat(),
             "points": points, "reason": "Test"},
        )  # fmt: skip
    html = client.get(tab(supplier_a.pk)).content.decode()

    data = re.search(
        r'<script id="relationship-chart-data" type="application/json">(.*?)</script>', html, re.S
    )
    assert data is not None
    chart = json.loads(data.group(1))  # JSON numbers, whatever the language
    assert [point["y"] for point in chart["trust"]] == [3, 2]
