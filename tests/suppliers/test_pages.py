"""The supplier pages as a user meets them: lists, forms with field errors, history."""

from __future__ import annotations

import pytest

from partnerbook.suppliers.models import Supplier
from tests.factories import bulk_suppliers


@pytest.mark.django_db
def test_create_form_shows_field_errors_and_saves_nothing(login, manager):
    response = login(manager).post(
        "/suppliers/new/", {"name": "", "annual_spend": "-5", "currency": "EUR", "status": "active"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="error-name"' in html and 'id="error-annual_spend"' in html
    assert Supplier.objects.count() == 0


@pytest.mark.django_db
def test_create_form_refuses_duplicate_external_id_beside_the_field(login, manager, supplier_a):
    response = login(manager).post(
        "/suppliers/new/",
        {"name": "Copy", "external_id": "ERP-A", "currency": "EUR", "status": "prospect"},
    )
    assert response.status_code == 200
    assert 'id="error-external_id"' in response.content.decode()
    assert Supplier.objects.filter(name="Copy").count() == 0


@pytest.mark.django_db
def test_create_form_refuses_unknown_status(login, manager):
    response = login(manager).post(
        "/suppliers/new/", {"name": "X", "currency": "EUR", "status": "bankrupt"}
    )
    assert 'id="error-status"' in response.content.decode()


@pytest.mark.django_db
def test_manager_creates_then_edits_a_supplier_and_sees_the_audit_entry(
    login, manager, category, buyer
):
    client = login(manager)
    response = client.post(
        "/suppliers/new/",
        {"name": "Nordic Lumber", "category": category.pk, "country": "SE", "status": "prospect",
         "annual_spend": "12000", "currency": "sek", "relationship_owner": buyer.pk, "tags": "eu"},
    )  # fmt: skip
    supplier = Supplier.objects.get(name="Nordic Lumber")
    assert response.status_code == 302 and response["Location"] == f"/suppliers/{supplier.pk}/"
    assert supplier.currency == "SEK" and supplier.relationship_owner == buyer
    client.post(
        f"/suppliers/{supplier.pk}/edit",
        {"name": "Nordic Lumber AB", "category": category.pk, "country": "SE",
         "annual_spend": "15000", "currency": "SEK", "relationship_owner": buyer.pk, "tags": "eu"},
    )  # fmt: skip
    html = client.get(f"/suppliers/{supplier.pk}/history/").content.decode()
    assert "Nordic Lumber AB" in html and "Annual spend" in html
    assert "Historical" not in html  # many-to-many managers never leak into the trail
    assert manager.get_full_name() in html


@pytest.mark.django_db
def test_illegal_status_move_shows_a_clear_message(login, manager, supplier_a):
    client = login(manager)
    response = client.post(f"/suppliers/{supplier_a.pk}/status", {"status": "exited"}, follow=True)
    assert "cannot move from active to exited" in response.content.decode()
    supplier_a.refresh_from_db()
    assert supplier_a.status == "active"


@pytest.mark.django_db
def test_unknown_detail_tab_is_not_found(login, viewer, supplier_a):
    assert login(viewer).get(f"/suppliers/{supplier_a.pk}/secrets/").status_code == 404


@pytest.mark.django_db
def test_bad_filter_values_are_reported_not_crashing(login, viewer, supplier_a):
    response = login(viewer).get("/suppliers/?status=bankrupt&category=abc&sort=evil")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Some filters were ignored" in html and "Alpha Packaging" in html


@pytest.mark.django_db
def test_list_filters_by_status_owner_tag_and_search(login, viewer, buyer, supplier_a, supplier_b):
    client = login(viewer)
    assert "Beta Boxes" in client.get("/suppliers/?status=pilot").content.decode()
    assert "Alpha Packaging" not in client.get("/suppliers/?status=pilot").content.decode()
    assert "Beta Boxes" not in client.get(f"/suppliers/?owner={buyer.pk}").content.decode()
    assert "Alpha Packaging" in client.get("/suppliers/?tag=sole-source").content.decode()
    assert "Alpha Packaging" in client.get("/suppliers/?q=erp-a").content.decode()


@pytest.mark.django_db
def test_archived_suppliers_leave_the_everyday_list(login, manager, supplier_a):
    client = login(manager)
    client.post(f"/suppliers/{supplier_a.pk}/archive", {"archived": "1"})
    table = client.get("/suppliers/", HTTP_HX_REQUEST="true").content.decode()
    assert "Alpha Packaging" not in table
    archived = client.get("/suppliers/?archived=archived", HTTP_HX_REQUEST="true").content.decode()
    assert "Alpha Packaging" in archived


@pytest.mark.django_db
def test_htmx_request_gets_only_the_table(login, viewer, supplier_a):
    response = login(viewer).get("/suppliers/?q=alpha", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Alpha Packaging" in html and "<html" not in html


@pytest.mark.django_db
def test_supplier_list_runs_bounded_queries_with_5000_suppliers(
    login, viewer, buyer, django_assert_max_num_queries
):
    bulk_suppliers(5000, owner=buyer)
    client = login(viewer)
    for query in ("", "?sort=-annual_spend&page=40", "?tag=bulk&status=active", "?q=00042"):
        # Each app's list column fills a whole page in a fixed number of queries (health,
        # coverage, performance, category share of spend); plus the nav badges.
        with django_assert_max_num_queries(26):
            response = client.get(f"/suppliers/{query}")
        assert response.status_code == 200
    assert "5,000 suppliers" in client.get("/suppliers/").content.decode()


@pytest.mark.django_db
def test_detail_tabs_run_bounded_queries(
    login, manager, buyer, other_buyer, supplier_a, django_assert_max_num_queries
):
    from partnerbook.suppliers import services

    for i in range(30):
        services.update_supplier(
            manager,
            supplier_a,
            {"notes": f"note {i}", "relationship_owner": [buyer, other_buyer][i % 2]},
        )
        services.create_contact(manager, supplier_a, {"side": "supplier", "name": f"Person {i}"})
    client = login(manager)
    # The overview draws every app's card; the decision checklist card reads each item's
    # owning feature once (a fixed cost, whatever the data). Timeline: one source per app
    # (supplier issues read four tables: issues, moves, retrospectives and breaches; economics
    # two: verified savings and payouts; recognition two: wins and referrals). Contacts: the
    # portal access list adds two (pending invitations, portal users); history one (invitations).
    # The supplier's voice adds two to the timeline (portal messages, visible concerns); the
    # portal questions' card adds one to the overview (open questions).
    budgets = {"overview": 31, "contacts": 20, "history": 19, "timeline": 28}
    for tab, budget in budgets.items():
        with django_assert_max_num_queries(budget):
            assert client.get(f"/suppliers/{supplier_a.pk}/{tab}/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["category=99999999999999999999999", "q=a%00b", "owner=-1"])
def test_out_of_range_filters_are_ignored_with_a_message(login, viewer, supplier_a, query):
    response = login(viewer).get(f"/suppliers/?{query}")
    assert response.status_code == 200
    assert "Some filters were ignored" in response.content.decode()


@pytest.mark.django_db
def test_history_shows_tag_changes_as_names(login, manager, supplier_a):
    from partnerbook.suppliers import services

    services.update_supplier(manager, supplier_a, {"tags": ["sole-source", "critical"]})
    html = login(manager).get(f"/suppliers/{supplier_a.pk}/history/").content.decode()
    assert 'Tags: <span class="diff-old">sole-source</span>' in html
    assert "critical, sole-source</span>" in html


@pytest.mark.django_db
def test_list_shows_each_suppliers_quadrant_with_overrides_marked(
    login, manager, supplier_a, supplier_b
):
    from partnerbook.segmentation import services as segmentation

    segmentation.update_factors(manager, supplier_a, {"criticality": 5, "financial_health": 5})
    segmentation.override_quadrant(manager, supplier_a, "opportunistic", "Plant for sale")
    html = login(manager).get("/suppliers/", HTTP_HX_REQUEST="true").content.decode()
    row_a = html[html.index("Alpha Packaging") :][:1500]
    assert "quadrant-opportunistic" in row_a and "Opportunistic*" in row_a
    assert "computed: strategic" in row_a
    row_b = html[html.index("Beta Boxes") :][:1500]
    assert "not placed" in row_b


@pytest.mark.django_db
def test_page_links_keep_the_filters_and_sort(login, viewer):
    bulk_suppliers(120)
    html = login(viewer).get("/suppliers/?archived=all&sort=-name&page=2").content.decode()
    assert 'href="?archived=all&amp;sort=-name&amp;page=1" rel="prev"' in html
    assert 'href="?archived=all&amp;sort=-name&amp;page=3" rel="next"' in html


@pytest.mark.django_db
def test_create_form_refuses_a_currency_that_does_not_exist(login, manager):
    response = login(manager).post(
        "/suppliers/new/", {"name": "X", "currency": "XYZ", "status": "prospect"}
    )
    html = response.content.decode()
    assert 'id="error-currency"' in html and "ISO 4217" in html
    assert not Supplier.objects.exists()
