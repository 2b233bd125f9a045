"""The risk pages speak the person's language; figures a machine reads stay plain."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest

from partnerbook.risk import services
from partnerbook.suppliers import services as supplier_services

pytestmark = pytest.mark.django_db


def _as(user, language):
    user.language = language
    user.save(update_fields=["language"])
    return user


@pytest.fixture
def concentrated(manager, supplier_a, supplier_b, record_spend):
    """Alpha holds 80 % of Packaging: above the cap, critical, no backup."""
    supplier_services.update_supplier(manager, supplier_b, {"annual_spend": Decimal("60000")})
    record_spend(manager, supplier_a, "20000")
    services.check_all()
    return supplier_a


def test_the_concentration_page_speaks_german_and_keeps_machine_numbers(
    login, viewer, concentrated
):
    body = login(_as(viewer, "de")).get("/risk/").content.decode()

    assert "Einkaufskonzentration" in body
    assert "Hoch konzentriert" in body  # the band, marked in domain.py
    assert "80,0 %" in body  # a displayed share follows German
    data = json.loads(
        re.search(
            r'<script id="risk-trend-data" type="application/json">(.*?)</script>', body
        ).group(1)
    )
    assert all(isinstance(v, int | None) for s in data.values() for v in s["values"])
    assert re.search(r'data-category="\d+"', body)


def test_the_concentration_page_speaks_french(login, viewer, concentrated):
    body = login(_as(viewer, "fr")).get("/risk/").content.decode()

    assert "Concentration des dépenses" in body
    assert "Fortement concentré" in body


def test_the_supplier_tab_translates_status_and_suggestions(login, manager, concentrated):
    body = login(_as(manager, "de")).get(f"/risk/supplier/{concentrated.pk}/").content.decode()

    assert "Einkaufsvolumen und Konzentration" in body
    assert "Kein Ausweichlieferant auf der Reserveliste." in body
