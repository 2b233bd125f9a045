"""Supplier endpoints for the buying organisation: list, read, register, change, archive."""

from __future__ import annotations

import pytest
from django.db import IntegrityError

from partnerbook.suppliers import services
from partnerbook.suppliers.models import OwnerAssignment, Supplier

from . import API, error_fields, token_client

JSON = "application/json"


@pytest.fixture
def as_manager(manager):
    return token_client(manager)


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["items"]]


# --- reading --------------------------------------------------------------------------


def test_supplier_list_has_items_and_total_count(viewer, supplier_a, supplier_b):
    body = token_client(viewer).get(f"{API}/suppliers").json()

    assert body["count"] == 2
    assert [s["name"] for s in body["items"]] == ["Alpha Packaging", "Beta Boxes"]


def test_supplier_record_has_the_documented_fields(viewer, supplier_a, buyer, category):
    body = token_client(viewer).get(f"{API}/suppliers/{supplier_a.pk}").json()

    assert body["category"] == {"id": category.pk, "name": "Packaging"}
    assert body["relationship_owner"] == {"id": buyer.pk, "name": buyer.display_name}
    assert body["country"] == "NL"
    assert body["annual_spend"] == "250000.00"
    assert body["tags"] == ["sole-source"]
    assert body["external_id"] == "ERP-A"
    assert body["archived"] is False
    assert body["url"].endswith(f"/suppliers/{supplier_a.pk}/")
    assert {"created_at", "updated_at", "legal_name", "website", "currency"} <= set(body)
    assert "notes" not in body


def test_unknown_supplier_is_404(viewer):
    response = token_client(viewer).get(f"{API}/suppliers/987654")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "errors": []}


def test_supplier_list_filters_by_status_and_search(as_manager, supplier_a, supplier_b):
    assert names(as_manager.get(f"{API}/suppliers?status=pilot")) == ["Beta Boxes"]
    assert names(as_manager.get(f"{API}/suppliers?q=alpha")) == ["Alpha Packaging"]
    assert names(as_manager.get(f"{API}/suppliers?q=ERP-B")) == ["Beta Boxes"]


def test_supplier_list_category_filter_includes_sub_categories(
    as_manager, manager, category, supplier_a
):
    boxes = services.create_category(manager, {"name": "Boxes", "parent": category})
    services.create_supplier(manager, {"name": "Carton Co", "category": boxes})
    services.create_supplier(manager, {"name": "Uncategorised Ltd"})

    assert names(as_manager.get(f"{API}/suppliers?category={category.pk}")) == [
        "Alpha Packaging",
        "Carton Co",
    ]
    assert names(as_manager.get(f"{API}/suppliers?category={boxes.pk}")) == ["Carton Co"]


def test_supplier_list_filters_by_owner_and_tag(as_manager, manager, buyer, supplier_a, supplier_b):
    services.create_supplier(manager, {"name": "Ownerless"})

    assert names(as_manager.get(f"{API}/suppliers?owner={buyer.pk}")) == ["Alpha Packaging"]
    assert names(as_manager.get(f"{API}/suppliers?owner=0")) == ["Ownerless"]
    assert names(as_manager.get(f"{API}/suppliers?tag=sole-source")) == ["Alpha Packaging"]


def test_supplier_list_hides_archived_unless_asked(as_manager, manager, supplier_a, supplier_b):
    services.set_archived(manager, supplier_b, True)

    assert names(as_manager.get(f"{API}/suppliers")) == ["Alpha Packaging"]
    assert names(as_manager.get(f"{API}/suppliers?archived=archived")) == ["Beta Boxes"]
    assert len(names(as_manager.get(f"{API}/suppliers?archived=all"))) == 2


def test_supplier_list_pages_with_limit_and_offset(as_manager, manager):
    for i in range(5):
        services.create_supplier(manager, {"name": f"Supplier {i}"})

    body = as_manager.get(f"{API}/suppliers?limit=2&offset=2").json()

    assert body["count"] == 5
    assert [s["name"] for s in body["items"]] == ["Supplier 2", "Supplier 3"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=201", "limit"),
        ("limit=0", "limit"),
        ("offset=-1", "offset"),
        ("offset=99999999999999999999999", "offset"),
        ("status=dormant", "status"),
        ("category=abc", "category"),
        ("sort=colour", "sort"),
    ],
)
def test_supplier_list_rejects_bad_query_naming_the_parameter(as_manager, query, field):
    response = as_manager.get(f"{API}/suppliers?{query}")

    assert response.status_code == 422
    assert field in error_fields(response)


def test_out_of_range_supplier_id_is_404(as_manager):
    assert as_manager.get(f"{API}/suppliers/{2**70}").status_code == 404


@pytest.mark.parametrize("parameter", ["category", "owner"])
def test_supplier_list_with_out_of_range_filter_id_is_not_a_server_error(
    as_manager, supplier_a, parameter
):
    response = as_manager.get(f"{API}/suppliers?{parameter}={2**70}")

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == parameter


@pytest.mark.parametrize("parameter", ["q", "tag"])
def test_supplier_list_with_nul_in_a_text_filter_is_not_a_server_error(
    as_manager, supplier_a, parameter
):
    response = as_manager.get(f"{API}/suppliers?{parameter}=a%00b")

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == parameter


# --- registering --------------------------------------------------------------------------


def test_manager_registers_a_supplier_with_history(as_manager, manager, buyer, category):
    response = as_manager.post(
        f"{API}/suppliers",
        {
            "name": "Gamma Glass",
            "category": category.pk,
            "country": "de",
            "annual_spend": "1200.50",
            "currency": "EUR",
            "relationship_owner": buyer.pk,
            "tags": ["Glass", "glass", "EU"],
            "external_id": "ERP-G",
        },
        content_type=JSON,
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["country"] == "DE"
    assert body["tags"] == ["eu", "glass"]
    assert body["relationship_owner"]["id"] == buyer.pk
    supplier = Supplier.objects.get(pk=body["id"])
    assert supplier.history.last().history_change_reason == "Created"
    assert {record.history_user for record in supplier.history.all()} == {manager}
    assert OwnerAssignment.objects.get(supplier=supplier).owner == buyer


def test_buyer_who_names_no_owner_becomes_the_owner(buyer):
    response = token_client(buyer).post(f"{API}/suppliers", {"name": "Delta"}, content_type=JSON)

    assert response.status_code == 201
    assert response.json()["relationship_owner"]["id"] == buyer.pk


def test_viewer_cannot_register_a_supplier(viewer):
    response = token_client(viewer).post(f"{API}/suppliers", {"name": "Delta"}, content_type=JSON)

    assert response.status_code == 403
    assert not Supplier.objects.exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "name"),
        ({"name": ""}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"name": 12}, "name"),
        ({"name": "X", "status": "dormant"}, "status"),
        ({"name": "X", "annual_spend": "lots"}, "annual_spend"),
        ({"name": "X", "annual_spend": -1}, "annual_spend"),
        ({"name": "X", "annual_spend": "NaN"}, "annual_spend"),
        ({"name": "X", "annual_spend": "1e20"}, "annual_spend"),
        ({"name": "X", "currency": "eur"}, "currency"),
        ({"name": "X", "country": "DEU"}, "country"),
        ({"name": "X", "category": "packaging"}, "category"),
        ({"name": "X", "category": 0}, "category"),
        ({"name": "X", "category": 2**70}, "category"),
        ({"name": "X", "relationship_owner": 2**70}, "relationship_owner"),
        ({"name": "X", "tags": "a,b"}, "tags"),
        ({"name": "X", "tags": ["x" * 51]}, "tags.0"),
        ({"name": "X", "external_id": "x" * 65}, "external_id"),
        ({"name": "X", "website": "x" * 301}, "website"),
        ({"name": "X\x00"}, "name"),
        ({"name": "X", "tags": ["a\x00"]}, "tags"),
        ({"name": "X", "colour": "red"}, "colour"),
    ],
)
def test_registering_rejects_invalid_input_with_422_naming_the_field(as_manager, payload, field):
    response = as_manager.post(f"{API}/suppliers", payload, content_type=JSON)

    assert response.status_code == 422
    assert field in error_fields(response)
    assert not Supplier.objects.exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": "X", "external_id": "ERP-A"}, "external_id"),
        ({"name": "X", "category": 987654}, "category"),
        ({"name": "X", "relationship_owner": 987654}, "relationship_owner"),
        ({"name": "X", "country": "ZZ"}, "country"),
        ({"name": "X", "website": "not a url"}, "website"),
    ],
)
def test_registering_rejects_conflicting_data_with_400_naming_the_field(
    as_manager, supplier_a, payload, field
):
    response = as_manager.post(f"{API}/suppliers", payload, content_type=JSON)

    assert response.status_code == 400
    assert error_fields(response) == {field}
    assert Supplier.objects.count() == 1


def test_registering_with_a_portal_user_as_owner_is_refused(as_manager, portal_user_a):
    response = as_manager.post(
        f"{API}/suppliers",
        {"name": "X", "relationship_owner": portal_user_a.pk},
        content_type=JSON,
    )

    assert response.status_code == 400
    assert error_fields(response) == {"relationship_owner"}


@pytest.mark.parametrize("body", ["{not json", "[1, 2]", '"name"'])
def test_malformed_body_is_a_client_error(as_manager, body):
    response = as_manager.post(f"{API}/suppliers", body, content_type=JSON)

    assert 400 <= response.status_code < 500
    assert set(response.json()) == {"detail", "errors"}


# --- changing -----------------------------------------------------------------------------


def test_patch_changes_only_the_given_fields_and_records_who(as_manager, manager, supplier_a):
    response = as_manager.patch(
        f"{API}/suppliers/{supplier_a.pk}",
        {"legal_name": "Alpha Packaging B.V.", "tags": ["preferred"], "category": None},
        content_type=JSON,
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["legal_name"] == "Alpha Packaging B.V."
    assert body["tags"] == ["preferred"]
    assert body["category"] is None
    assert body["external_id"] == "ERP-A"
    latest = supplier_a.history.first()
    assert latest.history_user == manager
    assert latest.legal_name == "Alpha Packaging B.V."


def test_buyer_can_change_own_supplier(buyer, supplier_a):
    response = token_client(buyer).patch(
        f"{API}/suppliers/{supplier_a.pk}", {"website": "https://alpha.example"}, content_type=JSON
    )

    assert response.status_code == 200
    supplier_a.refresh_from_db()
    assert supplier_a.website == "https://alpha.example"
    assert supplier_a.history.first().history_user == buyer


def test_buyer_cannot_change_another_buyers_supplier(buyer, supplier_b):
    response = token_client(buyer).patch(
        f"{API}/suppliers/{supplier_b.pk}", {"name": "Mine now"}, content_type=JSON
    )

    assert response.status_code == 403
    supplier_b.refresh_from_db()
    assert supplier_b.name == "Beta Boxes"


def test_buyer_cannot_reassign_the_owner(buyer, other_buyer, supplier_a):
    response = token_client(buyer).patch(
        f"{API}/suppliers/{supplier_a.pk}",
        {"relationship_owner": other_buyer.pk},
        content_type=JSON,
    )

    assert response.status_code == 400
    assert error_fields(response) == {"relationship_owner"}
    supplier_a.refresh_from_db()
    assert supplier_a.relationship_owner == buyer


def test_manager_reassigns_the_owner(as_manager, other_buyer, supplier_a):
    response = as_manager.patch(
        f"{API}/suppliers/{supplier_a.pk}",
        {"relationship_owner": other_buyer.pk},
        content_type=JSON,
    )

    assert response.status_code == 200
    assert response.json()["relationship_owner"]["id"] == other_buyer.pk
    spells = OwnerAssignment.objects.filter(supplier=supplier_a).order_by("started_at")
    assert [s.owner for s in spells] == [supplier_a.relationship_owner, other_buyer]


def test_viewer_cannot_change_a_supplier(viewer, supplier_a):
    client = token_client(viewer)
    url = f"{API}/suppliers/{supplier_a.pk}"

    assert client.patch(url, {"name": "X"}, content_type=JSON).status_code == 403
    assert client.post(f"{url}/status", {"status": "reserve"}, content_type=JSON).status_code == 403
    assert client.post(f"{url}/archive").status_code == 403


@pytest.mark.parametrize(
    ("payload", "status", "field"),
    [
        ({"name": None}, 422, "name"),
        ({"name": "x" * 201}, 422, "name"),
        ({"annual_spend": "much"}, 422, "annual_spend"),
        ({"tags": None}, 422, "tags"),
        ({"status": "vetting"}, 400, "status"),
        ({"category": 987654}, 400, "category"),
        ({"relationship_owner": 987654}, 400, "relationship_owner"),
        ({"external_id": "ERP-B"}, 400, "external_id"),
    ],
)
def test_patch_rejects_bad_input_naming_the_field(
    as_manager, supplier_a, supplier_b, payload, status, field
):
    response = as_manager.patch(f"{API}/suppliers/{supplier_a.pk}", payload, content_type=JSON)

    assert response.status_code == status
    assert field in error_fields(response)


def test_patch_of_unknown_supplier_is_404(as_manager):
    response = as_manager.patch(f"{API}/suppliers/987654", {"name": "X"}, content_type=JSON)

    assert response.status_code == 404


# --- status and archive -------------------------------------------------------------------


def test_status_change_is_recorded_with_its_note(buyer, supplier_a):
    response = token_client(buyer).post(
        f"{API}/suppliers/{supplier_a.pk}/status",
        {"status": "reserve", "note": "Volume moved to Beta."},
        content_type=JSON,
    )

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "reserve"
    latest = supplier_a.history.first()
    assert latest.history_user == buyer
    assert latest.history_change_reason == "Status: Active → Reserve. Volume moved to Beta."


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ({"status": "exited"}, 400),  # active suppliers are parked or phased out first
        ({"status": "active"}, 400),  # already active
        ({"status": "dormant"}, 422),
        ({"status": 3}, 422),
        ({}, 422),
    ],
)
def test_status_change_rejects_bad_moves_naming_status(as_manager, supplier_a, payload, status):
    response = as_manager.post(
        f"{API}/suppliers/{supplier_a.pk}/status", payload, content_type=JSON
    )

    assert response.status_code == status
    assert error_fields(response) == {"status"}
    supplier_a.refresh_from_db()
    assert supplier_a.status == "active"


def test_status_change_note_has_a_length_limit(as_manager, supplier_a):
    response = as_manager.post(
        f"{API}/suppliers/{supplier_a.pk}/status",
        {"status": "reserve", "note": "x" * 501},
        content_type=JSON,
    )

    assert response.status_code == 422
    assert error_fields(response) == {"note"}


def test_archived_supplier_must_be_restored_before_a_status_change(as_manager, manager, supplier_a):
    services.set_archived(manager, supplier_a, True)

    response = as_manager.post(
        f"{API}/suppliers/{supplier_a.pk}/status", {"status": "reserve"}, content_type=JSON
    )

    assert response.status_code == 400
    assert error_fields(response) == {"status"}


def test_archive_and_restore_are_recorded(as_manager, manager, supplier_a):
    archived = as_manager.post(f"{API}/suppliers/{supplier_a.pk}/archive")
    assert archived.status_code == 200
    assert archived.json()["archived"] is True
    assert supplier_a.history.first().history_change_reason == "Archived"

    restored = as_manager.post(f"{API}/suppliers/{supplier_a.pk}/restore")
    assert restored.status_code == 200
    assert restored.json()["archived"] is False
    latest = supplier_a.history.first()
    assert (latest.history_user, latest.history_change_reason) == (
        manager,
        "Restored from archive",
    )


def test_buyer_cannot_archive_even_own_supplier(buyer, supplier_a):
    response = token_client(buyer).post(f"{API}/suppliers/{supplier_a.pk}/archive")

    assert response.status_code == 403
    supplier_a.refresh_from_db()
    assert supplier_a.archived is False


def test_concurrent_duplicate_is_a_409_not_a_server_error(as_manager, monkeypatch):
    def lose_the_race(actor, data):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(services, "create_supplier", lose_the_race)

    response = as_manager.post(f"{API}/suppliers", {"name": "Gamma"}, content_type=JSON)

    assert response.status_code == 409
    assert error_fields(response) == set()
