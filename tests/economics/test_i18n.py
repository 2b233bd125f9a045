"""The economics pages speak the person's language; figures a machine reads stay plain."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def _as(user, language):
    user.language = language
    user.save(update_fields=["language"])
    return user


def test_the_portfolio_page_speaks_german(login, viewer, calls):
    body = login(_as(viewer, "de")).get("/economics/").content.decode()

    assert "Wirtschaftlichkeit der Partnerschaften" in body
    assert "Die letzten 12 Monate" in body and "Aufwandskosten" in body
    assert 'data-collapse-label="Erläuterungen zuklappen"' in body


def test_the_portfolio_page_speaks_french(login, viewer, calls):
    body = login(_as(viewer, "fr")).get("/economics/").content.decode()

    assert "Économie des partenariats" in body
    assert "Les 12 derniers mois" in body


def test_the_supplier_tab_translates_choices_and_keeps_iso_values(
    login, buyer, supplier_a, agreement
):
    body = login(_as(buyer, "de")).get(f"/economics/supplier/{supplier_a.pk}/").content.decode()

    assert "Vereinbarungen zur Gewinnbeteiligung" in body
    assert "Gemeinsames Projekt" in body  # a choice of the time form
    assert 'type="date"' in body


def test_displayed_hours_follow_german(login, viewer, calls):
    body = login(_as(viewer, "de")).get("/economics/").content.decode()

    assert 'id="total-hours">3,5<' in body
