"""The portfolio pages in German and French: the texts follow the person's language, while
the numbers the chart draws (from the matrix endpoint) keep their decimal point."""

from __future__ import annotations

import re

from partnerbook.segmentation import services

from .test_matrix_api import STRONG, by_name


def _speaking(user, language: str):
    user.language = language
    user.save(update_fields=["language"])
    return user


def test_a_german_manager_gets_a_german_portfolio_page(login, viewer, buyer, supplier_a):
    services.update_factors(buyer, supplier_a, STRONG)
    client = login(_speaking(viewer, "de"))

    html = client.get("/portfolio/").content.decode()

    assert "Wert-Risiko-Matrix" in html and "Eingeordnete Lieferanten" in html
    assert "Value-risk matrix" not in html
    # Displayed scores follow German (decimal comma) ...
    value = services.segmentation_of(supplier_a).placement.value.score
    assert value != int(value), "the test needs a score with decimals"
    assert f">{value:g}<".replace(".", ",") in html
    # ... while the chart's coordinates, which the script reads, keep the decimal point.
    src = re.search(r'data-src="([^"]+)"', html).group(1)
    body = client.get(src.replace("&amp;", "&")).content.decode()
    assert re.search(rf'"value": ?{re.escape(f"{value:g}")}[,}}]', body)
    assert by_name(client.get(src).json())["Alpha Packaging"]["value"] == value
    assert not re.search(r'"(value|risk)": ?\d+,\d', body)


def test_a_french_reviewer_gets_a_french_review_page(login, viewer):
    html = login(_speaking(viewer, "fr")).get("/portfolio/review/").content.decode()

    assert "Revue du portefeuille" in html and "Aucun cycle de revue pour l'instant." in html


def test_english_stays_the_default(login, viewer):
    html = login(viewer).get("/portfolio/").content.decode()

    assert "Value-risk matrix" in html and "Wert-Risiko-Matrix" not in html


def test_the_getting_started_plan_in_german(login, viewer):
    html = login(_speaking(viewer, "de")).get("/portfolio/getting-started/").content.decode()

    assert "Erste Schritte: ein 30-Tage-Plan" in html
    assert "Woche 1: Festlegen, was einen Partner ausmacht" in html
    assert "Ein Partner durch das Playbook geführt" in html


def test_the_placed_list_names_quadrants_and_models_in_german(login, viewer, segmented):
    html = login(_speaking(viewer, "de")).get("/portfolio/").content.decode()

    assert 'class="badge quadrant-strategic"' in html
    assert re.search(r'class="badge quadrant-strategic"[^>]*>Strategisch</span>', html)
    assert re.search(r'class="badge quadrant-avoid"[^>]*>Vermeiden</span>', html)
    assert "Partnerschaft / Partnerschaft" in html and "transaktional / transaktional" in html


def test_guidance_checks_are_translated_on_the_page_and_english_in_the_api(
    login, viewer, manager, category, segmented
):
    from partnerbook.segmentation import domain
    from partnerbook.segmentation.services import update_factors
    from partnerbook.suppliers import services as supplier_services

    from .conftest import STRATEGIC

    extra = [
        supplier_services.create_supplier(
            manager, {"name": f"Strategic {n}", "category": category, "status": "active"}
        )
        for n in range(domain.ScoringConfig().max_strategic_per_category)
    ]
    for supplier in extra:
        update_factors(manager, supplier, STRATEGIC)
    client = login(_speaking(viewer, "de"))
    count = len(extra) + 1

    html = client.get("/portfolio/").content.decode()
    assert f"{count} strategische Lieferanten in {category.name}" in html
    api = client.get("/api/v1/portfolio/matrix").json()
    titles = [check["title"] for check in api["guidance"]]
    assert f"{count} strategic suppliers in {category.name}" in titles
