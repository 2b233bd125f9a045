"""The portfolio page: who may open it, what it shows and why, and its filters."""

from __future__ import annotations

import pytest

from partnerbook.segmentation import services
from partnerbook.suppliers import services as supplier_services

from .test_matrix_api import GAP, STRONG

WEAK = {"criticality": 1, "complexity": 1, "innovation": 1, "integration": 1,
        "financial_health": 5, "single_source": False, "market_difficulty": 1}  # fmt: skip


def test_viewer_sees_the_matrix_page_and_its_data_source(login, viewer, buyer, supplier_a):
    services.update_factors(buyer, supplier_a, STRONG)

    response = login(viewer).get("/portfolio/?category=&owner=")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-src="/api/v1/portfolio/matrix"' in html
    assert "vendor/chartjs/chart.umd.min.js" in html and "portfolio.js" in html
    assert "High value, low risk" in html  # the quadrants are explained
    assert 'class="badge quadrant-strategic"' in html
    assert f'href="{supplier_a.get_absolute_url()}"' in html
    assert "Some filters were ignored" not in html


def test_the_chart_source_carries_the_valid_filters(login, viewer, buyer, category):
    response = login(viewer).get(f"/portfolio/?category={category.pk}&owner={buyer.pk}")

    html = response.content.decode()
    query = f"category={category.pk}&amp;owner={buyer.pk}"
    assert f'data-src="/api/v1/portfolio/matrix?{query}"' in html
    assert f"export.csv?category={category.pk}&amp;owner={buyer.pk}" in html


def test_the_table_shows_scores_overrides_and_mismatches(login, manager, supplier_a, supplier_b):
    services.update_factors(manager, supplier_a, STRONG)
    services.override_quadrant(manager, supplier_a, "opportunistic", "Owner is selling the firm")
    services.update_factors(manager, supplier_b, {**WEAK, "commodity": True})
    services.choose_engagement_model(manager, supplier_b, "partnership", "Old habit")

    html = login(manager).get("/portfolio/").content.decode()

    table = html[html.index('id="portfolio-suppliers"') :]
    alpha = table[table.index("Alpha Packaging") : table.index("</tr>", table.index("Alpha"))]
    assert "quadrant-opportunistic" in alpha and "overridden" in alpha
    assert "computed strategic" in alpha and "Owner is selling the firm" in alpha
    assert f'href="/segmentation/suppliers/{supplier_a.pk}/"' in alpha  # the full "why"
    beta = table[table.index("Beta Boxes") : table.index("</tr>", table.index("Beta Boxes"))]
    assert "quadrant-operational" in beta
    assert "transactional / partnership" in beta and "mismatch" in beta
    value = services.segmentation_of(supplier_a).placement.value.score
    assert f">{value:g}<" in alpha


def test_guidance_links_to_the_suppliers_behind_it(login, viewer, manager, supplier_a):
    services.update_factors(manager, supplier_a, STRONG)
    services.set_expectations(manager, supplier_a, GAP)

    html = login(viewer).get("/portfolio/").content.decode()

    guidance = html[html.index('id="guidance"') :]
    item = guidance[guidance.index("guidance-expectation_gaps") :]
    assert "1 open expectation gap" in item
    assert f'<a href="{supplier_a.get_absolute_url()}">Alpha Packaging</a>' in item


def test_unplaced_suppliers_are_counted_with_a_hint(login, viewer, manager, supplier_a, supplier_b):
    services.update_factors(manager, supplier_a, STRONG)

    html = login(viewer).get("/portfolio/").content.decode()

    unplaced = html[html.index('id="unplaced"') :]
    assert "<strong>1</strong> supplier not placed yet" in unplaced
    assert "Record the factors" in unplaced and "Beta Boxes" in unplaced
    assert f"/segmentation/suppliers/{supplier_b.pk}/" in unplaced


def test_an_empty_selection_says_so(login, viewer, manager, supplier_a):
    html = login(viewer).get(f"/portfolio/?owner={manager.pk}").content.decode()

    assert "No current supplier matches these filters." in html
    assert "No supplier here has both a value and a risk score yet." in html


def test_filters_narrow_the_page_including_sub_categories(login, viewer, manager, category):
    child = supplier_services.create_category(manager, {"name": "Boxes", "parent": category})
    other = supplier_services.create_category(manager, {"name": "Logistics"})
    for name, cat in (("Child Co", child), ("Truck Co", other)):
        supplier = supplier_services.create_supplier(manager, {"name": name, "category": cat})
        services.update_factors(manager, supplier, STRONG)

    html = login(viewer).get(f"/portfolio/?category={category.pk}").content.decode()

    assert "Child Co" in html and "Truck Co" not in html


def test_owner_filter_narrows_the_page(login, viewer, buyer, manager, supplier_a, supplier_b):
    for supplier in (supplier_a, supplier_b):
        services.update_factors(manager, supplier, STRONG)

    html = login(viewer).get(f"/portfolio/?owner={buyer.pk}").content.decode()

    assert "Alpha Packaging" in html and "Beta Boxes" not in html


@pytest.mark.parametrize(
    ("query", "field"),
    [("category=abc", "category"), (f"category={2**70}", "category"), ("owner=-1", "owner"),
     ("category=a%00b", "category"), ("sort=colour", "sort"), ("page=zz", None)],
)  # fmt: skip
def test_bad_filters_are_ignored_with_a_message(login, viewer, supplier_a, query, field):
    response = login(viewer).get(f"/portfolio/?{query}")

    assert response.status_code == 200
    html = response.content.decode()
    if field:
        assert "Some filters were ignored" in html and f"{field} —" in html
    assert 'data-src="/api/v1/portfolio/matrix"' in html  # the chart asks without them


def test_the_table_sorts_by_a_column(login, viewer, manager, supplier_a, supplier_b):
    services.update_factors(manager, supplier_a, STRONG)
    services.update_factors(manager, supplier_b, WEAK)
    client = login(viewer)

    def order(query: str) -> list[str]:
        html = client.get(f"/portfolio/?{query}").content.decode()
        table = html[html.index('id="portfolio-suppliers"') :]
        return sorted(["Alpha Packaging", "Beta Boxes"], key=table.index)

    assert order("sort=-value") == ["Alpha Packaging", "Beta Boxes"]
    assert order("sort=value") == ["Beta Boxes", "Alpha Packaging"]
    assert order("sort=name") == ["Alpha Packaging", "Beta Boxes"]
    assert order("sort=-name") == ["Beta Boxes", "Alpha Packaging"]


def test_portal_user_is_refused(login, portal_user_a):
    assert login(portal_user_a).get("/portfolio/").status_code == 403


def test_anonymous_visitor_goes_to_login(client, db):
    response = client.get("/portfolio/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
