"""The cadence pages in German and French; calendar files stay English like the feed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from .conftest import NOW, add_item

pytestmark = pytest.mark.django_db


def speaking(user, language: str):
    user.language = language
    user.save(update_fields=["language"])
    return user


def test_the_cadence_tab_speaks_german(login, buyer, supplier_a):
    add_item(buyer, supplier_a, kind="monthly_performance", interval_days=30)

    html = login(speaking(buyer, "de")).get(reverse("cadence:supplier", args=[supplier_a.pk]))

    body = html.content.decode()
    assert html.status_code == 200
    assert "Vorgeschlagener Rhythmus" in body and "Monatliches Leistungs-Review" in body
    assert "30 Tage" in body
    assert "Proposed cadence" not in body


def test_the_overdue_page_speaks_french(login, buyer, supplier_a):
    response = login(speaking(buyer, "fr")).get(reverse("cadence:overdue"))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Réunions en retard" in body and "Tout le monde" in body


def test_a_calendar_file_stays_english(login, buyer, supplier_a):
    start = NOW + dt.timedelta(days=3)
    item = add_item(
        buyer, supplier_a, planned_start=start, planned_end=start + dt.timedelta(hours=1)
    )

    response = login(speaking(buyer, "de")).get(
        reverse("cadence:item_ics", args=[supplier_a.pk, item.pk])
    )

    assert response.status_code == 200
    assert b"Monthly performance review" in response.content
