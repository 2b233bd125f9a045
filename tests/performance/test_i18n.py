"""The Performance pages speak the person's language: German and French texts from the
app's catalogues, numbers with the language's decimal comma; English stays as it was."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from partnerbook.performance.templatetags.performance_tags import kpi_value, one_decimal


def _tab(login, user, supplier, language):
    user.language = language
    user.save(update_fields=["language"])
    response = login(user).get(reverse("performance:supplier", args=[supplier.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_tab_in_german(frozen, login, viewer, supplier_a, standard_kpis):
    html = _tab(login, viewer, supplier_a, "de")

    assert "Gesamtbewertung:" in html
    assert "Beziehungsgesundheit" in html
    assert "Overall score:" not in html


def test_the_tab_in_french(frozen, login, viewer, supplier_a, standard_kpis):
    html = _tab(login, viewer, supplier_a, "fr")

    assert "Score global :" in html
    assert "Santé de la relation" in html


def test_the_portfolio_in_german(frozen, login, viewer, manager, supplier_a, standard_kpis):
    viewer.language = "de"
    viewer.save(update_fields=["language"])

    html = login(viewer).get(reverse("performance:portfolio")).content.decode()

    assert "Alle Lieferanten" in html
    assert "KPI-Definitionen" in html


def test_figures_use_the_language_decimal_sign():
    with translation.override("de"):
        assert kpi_value(1234.56, "%") == "1.234,6 %"
        assert one_decimal(92.0) == "92"
        assert one_decimal(None) == "keine Daten"
    with translation.override("fr"):
        assert one_decimal(12.5).replace("\u202f", " ").replace("\xa0", " ") == "12,5"
    with translation.override("en"):
        assert kpi_value(1234.56, "%") == "1,234.6 %"
        assert one_decimal(None) == "no data"
