"""The onboarding plan on the Playbook tab and the supplier's onboarding space in the portal,
in German and French; progress bars keep plain numbers."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _as(login, user, language):
    user.language = language
    user.save(update_fields=["language"])
    return login(user)


def test_the_plan_on_the_playbook_tab_reads_in_german(login, plan, buyer, supplier_a):
    html = _as(login, buyer, "de").get(reverse("gate:supplier", args=[supplier_a.pk]))
    html = html.content.decode()

    assert "<h2>Onboarding-Plan</h2>" in html
    assert "<strong>Erste 30 Tage</strong>" in html  # the milestone label from the domain
    assert "<th>Aufgabe</th>" in html
    assert "30-60-90-Tage-Plan ab " in html
    assert re.search(r'<progress value="\d+" max="\d+">', html)


def test_the_portal_space_reads_in_french(login, plan, portal_user_a):
    html = _as(login, portal_user_a, "fr").get(reverse("portal_onboarding:space"))
    html = html.content.decode()

    assert "<h1>Intégration</h1>" in html
    assert "<strong>30 premiers jours</strong>" in html
    assert "Questions fréquentes des nouveaux partenaires" in html
    assert ">votre côté</span>" in html
