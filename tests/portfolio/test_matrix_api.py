"""The matrix endpoint: what each supplier's bubble carries, totals, guidance, filters, access."""

from __future__ import annotations

import pytest
from django.test import Client

from partnerbook.segmentation import services
from partnerbook.suppliers import services as supplier_services

from ..api import API, error_fields, token_client

MATRIX = f"{API}/portfolio/matrix"
STRONG = {"criticality": 5, "complexity": 4, "innovation": 4, "integration": 5,
          "financial_health": 5, "single_source": False, "market_difficulty": 2,
          "country_risk": 1, "ip_sensitivity": 2, "regulatory_constraints": 1,
          "serious_incidents": 0}  # fmt: skip
GAP = {"our_expectation": "transactional", "supplier_expectation": "strategic"}


def by_name(body: dict) -> dict[str, dict]:
    return {s["name"]: s for s in body["suppliers"]}


def test_a_supplier_with_strong_factors_is_strategic_with_its_scores(
    login, viewer, buyer, supplier_a, supplier_b
):
    services.update_factors(buyer, supplier_a, STRONG)

    response = login(viewer).get(MATRIX)

    assert response.status_code == 200
    body = response.json()
    alpha = by_name(body)["Alpha Packaging"]
    assert alpha["quadrant"] == alpha["computed_quadrant"] == "strategic"
    assert not alpha["overridden"]
    assert alpha["value"] >= 50 > alpha["risk"]
    assert alpha["confidence"] == 1
    assert alpha["spend"] == 250000 and body["reporting_currency"] == "EUR"
    assert alpha["url"] == supplier_a.get_absolute_url()
    assert alpha["segmentation_url"] == f"/segmentation/suppliers/{supplier_a.pk}/"
    assert alpha["category"]["name"] == "Packaging"
    assert alpha["owner"]["id"] == buyer.pk
    assert "cut-off" in alpha["reason"]
    assert alpha["recommended_model"] == "partnership"
    assert body["cutoffs"] == {"value": 50.0, "risk": 50.0}
    totals = {q["quadrant"]: q for q in body["quadrants"]}
    assert list(totals) == ["strategic", "operational", "opportunistic", "avoid"]
    assert totals["strategic"]["count"] == 1 and totals["strategic"]["spend"] == 250000
    assert totals["strategic"]["meaning"].startswith("High value, low risk")


def test_an_overridden_supplier_shows_both_quadrants(login, viewer, manager, supplier_a):
    services.update_factors(manager, supplier_a, STRONG)
    services.override_quadrant(manager, supplier_a, "opportunistic", "Owner is selling the firm")

    alpha = by_name(login(viewer).get(MATRIX).json())["Alpha Packaging"]

    assert alpha["quadrant"] == "opportunistic" and alpha["computed_quadrant"] == "strategic"
    assert alpha["overridden"] and alpha["override_reason"] == "Owner is selling the firm"


def test_suppliers_without_scores_are_listed_apart_and_not_plotted(
    login, viewer, buyer, supplier_a, supplier_b
):
    services.update_factors(buyer, supplier_a, STRONG)

    body = login(viewer).get(MATRIX).json()

    assert [s["name"] for s in body["suppliers"]] == ["Alpha Packaging"]
    (beta,) = body["unplaced"]
    assert beta["name"] == "Beta Boxes" and beta["spend"] is None and beta["quadrant"] is None
    assert "Business criticality" in beta["missing"]
    assert "value" not in beta


def test_mismatch_and_expectation_gap_are_flagged(login, viewer, manager, supplier_a):
    services.update_factors(manager, supplier_a, {**STRONG, "commodity": True,
                                                  "collaboration_willingness": 1})  # fmt: skip
    services.choose_engagement_model(manager, supplier_a, "partnership", "We like them")
    services.set_expectations(manager, supplier_a, GAP)

    body = login(viewer).get(MATRIX).json()

    alpha = by_name(body)["Alpha Packaging"]
    assert alpha["chosen_model"] == "partnership" and alpha["recommended_model"] == "transactional"
    assert alpha["model_mismatch"] and alpha["expectation_gap_flagged"]
    codes = {g["code"]: g for g in body["guidance"]}
    assert codes["model_mismatch"]["supplier_ids"] == [supplier_a.pk]
    assert codes["expectation_gaps"]["supplier_ids"] == [supplier_a.pk]


def test_more_than_five_strategic_in_one_category_raises_a_guidance_check(
    login, viewer, manager, category
):
    made = [
        supplier_services.create_supplier(
            manager, {"name": f"Strong {i}", "category": category, "annual_spend": 1000 * (i + 1)}
        )
        for i in range(6)
    ]
    for supplier in made:
        services.update_factors(manager, supplier, STRONG)

    guidance = login(viewer).get(MATRIX).json()["guidance"]

    (check,) = [g for g in guidance if g["code"] == "too_many_strategic"]
    assert check["title"] == "6 strategic suppliers in Packaging"
    assert sorted(check["supplier_ids"]) == sorted(s.pk for s in made)
    assert check["detail"]


def test_category_filter_includes_sub_categories(login, viewer, manager, category, supplier_a):
    child = supplier_services.create_category(manager, {"name": "Boxes", "parent": category})
    other = supplier_services.create_category(manager, {"name": "Logistics"})
    in_child = supplier_services.create_supplier(manager, {"name": "Child Co", "category": child})
    elsewhere = supplier_services.create_supplier(manager, {"name": "Truck Co", "category": other})
    for supplier in (supplier_a, in_child, elsewhere):
        services.update_factors(manager, supplier, STRONG)
    client = login(viewer)

    parent_view = client.get(f"{MATRIX}?category={category.pk}").json()
    child_view = client.get(f"{MATRIX}?category={child.pk}").json()

    assert sorted(by_name(parent_view)) == ["Alpha Packaging", "Child Co"]
    assert sorted(by_name(child_view)) == ["Child Co"]


def test_owner_filter_and_no_owner(login, viewer, manager, buyer, supplier_a, supplier_b):
    orphan = supplier_services.create_supplier(manager, {"name": "Orphan Ltd"})
    client = login(viewer)

    def names(query: str) -> list[str]:
        body = client.get(f"{MATRIX}?{query}").json()
        return sorted(s["name"] for s in body["suppliers"] + body["unplaced"])

    assert names(f"owner={buyer.pk}") == ["Alpha Packaging"]
    assert names("owner=0") == [orphan.name]
    assert names("") == ["Alpha Packaging", "Beta Boxes", "Orphan Ltd"]


@pytest.mark.parametrize(
    ("query", "field"),
    [("category=abc", "category"), ("category=0", "category"), (f"category={2**70}", "category"),
     ("owner=-1", "owner"), ("owner=x", "owner"),
     # The API's schema calls these integers: a blank or a repeated value is refused.
     ("category=", "category"), (f"owner={2}&owner=3", "owner")],
)  # fmt: skip
def test_bad_filters_are_refused_naming_the_field(login, viewer, supplier_a, query, field):
    response = login(viewer).get(f"{MATRIX}?{query}")

    assert response.status_code == 422
    assert error_fields(response) == {field}


def test_portal_user_is_refused(portal_user_a, supplier_a):
    response = token_client(portal_user_a).get(MATRIX)

    assert response.status_code == 403
    assert error_fields(response) == set()


def test_anonymous_caller_is_refused(db):
    assert Client().get(MATRIX).status_code == 401


def test_token_callers_get_the_matrix(viewer, supplier_a):
    assert token_client(viewer).get(MATRIX).status_code == 200
