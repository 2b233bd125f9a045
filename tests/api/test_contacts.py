"""Contact endpoints: the people in each relationship, on our side and the supplier's."""

from __future__ import annotations

import pytest

from partnerbook.suppliers import services
from partnerbook.suppliers.models import Contact

from . import API, error_fields, token_client

JSON = "application/json"


@pytest.fixture
def anna(manager, supplier_a):
    return services.create_contact(
        manager,
        supplier_a,
        {"side": "supplier", "name": "Anna Alpha", "function": "sales", "level": "management"},
    )


@pytest.fixture
def otto(manager, supplier_a):
    return services.create_contact(manager, supplier_a, {"side": "ours", "name": "Otto Ours"})


@pytest.fixture
def bert(manager, supplier_b):
    return services.create_contact(manager, supplier_b, {"side": "supplier", "name": "Bert Beta"})


def contact_names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["items"]]


def test_contact_list_filters_by_supplier_and_side(viewer, supplier_a, anna, otto, bert):
    client = token_client(viewer)

    assert contact_names(client.get(f"{API}/contacts")) == ["Otto Ours", "Anna Alpha", "Bert Beta"]
    assert contact_names(client.get(f"{API}/contacts?supplier={supplier_a.pk}")) == [
        "Otto Ours",
        "Anna Alpha",
    ]
    assert contact_names(client.get(f"{API}/contacts?side=supplier")) == [
        "Anna Alpha",
        "Bert Beta",
    ]


def test_contact_list_is_paginated_with_a_total(viewer, anna, otto, bert):
    body = token_client(viewer).get(f"{API}/contacts?limit=1&offset=1").json()

    assert body["count"] == 3
    assert [c["name"] for c in body["items"]] == ["Anna Alpha"]


@pytest.mark.parametrize(
    ("query", "field"),
    [("side=theirs", "side"), ("supplier=abc", "supplier"), ("limit=500", "limit")],
)
def test_contact_list_rejects_bad_query_naming_the_parameter(viewer, query, field):
    response = token_client(viewer).get(f"{API}/contacts?{query}")

    assert response.status_code == 422
    assert error_fields(response) == {field}


def test_contact_can_be_read_by_id(viewer, supplier_a, anna):
    response = token_client(viewer).get(f"{API}/contacts/{anna.pk}")

    assert response.status_code == 200
    assert response.json() == {
        "id": anna.pk,
        "supplier": {"id": supplier_a.pk, "name": "Alpha Packaging"},
        "side": "supplier",
        "name": "Anna Alpha",
        "job_title": "",
        "function": "sales",
        "level": "management",
        "email": "",
        "phone": "",
        "archived": False,
        "version": 1,
    }


def test_buyer_adds_a_contact_to_own_supplier_with_history(buyer, supplier_a):
    response = token_client(buyer).post(
        f"{API}/suppliers/{supplier_a.pk}/contacts",
        {"side": "supplier", "name": "Carla", "email": "carla@alpha.example", "level": "executive"},
        content_type=JSON,
    )

    assert response.status_code == 201, response.content
    contact = Contact.objects.get(pk=response.json()["id"])
    assert (contact.supplier, contact.level) == (supplier_a, "executive")
    assert contact.history.get().history_user == buyer


def test_buyer_cannot_add_contacts_to_another_buyers_supplier(buyer, supplier_b):
    response = token_client(buyer).post(
        f"{API}/suppliers/{supplier_b.pk}/contacts",
        {"side": "supplier", "name": "Carla"},
        content_type=JSON,
    )

    assert response.status_code == 403
    assert not Contact.objects.exists()


def test_viewer_cannot_add_change_or_archive_contacts(viewer, supplier_a, anna):
    client = token_client(viewer)

    added = client.post(
        f"{API}/suppliers/{supplier_a.pk}/contacts",
        {"side": "ours", "name": "X"},
        content_type=JSON,
    )
    changed = client.patch(f"{API}/contacts/{anna.pk}", {"name": "X"}, content_type=JSON)
    archived = client.post(f"{API}/contacts/{anna.pk}/archive")

    assert (added.status_code, changed.status_code, archived.status_code) == (403, 403, 403)
    anna.refresh_from_db()
    assert (anna.name, anna.archived) == ("Anna Alpha", False)


def test_contact_patch_changes_only_given_fields(buyer, anna):
    response = token_client(buyer).patch(
        f"{API}/contacts/{anna.pk}", {"job_title": "Key account manager"}, content_type=JSON
    )

    assert response.status_code == 200
    assert response.json()["job_title"] == "Key account manager"
    assert response.json()["function"] == "sales"
    assert anna.history.first().history_user == buyer


def test_archived_contact_leaves_the_default_list_and_can_be_restored(manager, anna):
    client = token_client(manager)

    archived = client.post(f"{API}/contacts/{anna.pk}/archive")
    assert archived.status_code == 200
    assert archived.json()["archived"] is True
    assert contact_names(client.get(f"{API}/contacts")) == []
    assert contact_names(client.get(f"{API}/contacts?archived=archived")) == ["Anna Alpha"]

    restored = client.post(f"{API}/contacts/{anna.pk}/restore")
    assert restored.json()["archived"] is False
    assert anna.history.first().history_change_reason == "Restored"


def test_unknown_contact_and_supplier_are_404(manager):
    client = token_client(manager)

    assert client.get(f"{API}/contacts/987654").status_code == 404
    assert (
        client.patch(f"{API}/contacts/987654", {"name": "X"}, content_type=JSON).status_code == 404
    )
    assert (
        client.post(
            f"{API}/suppliers/987654/contacts", {"side": "ours", "name": "X"}, content_type=JSON
        ).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("payload", "status", "field"),
    [
        ({"name": "Carla"}, 422, "side"),
        ({"side": "theirs", "name": "Carla"}, 422, "side"),
        ({"side": "ours"}, 422, "name"),
        ({"side": "ours", "name": "x" * 151}, 422, "name"),
        ({"side": "ours", "name": "Carla", "function": "marketing"}, 422, "function"),
        ({"side": "ours", "name": "Carla", "level": 2}, 422, "level"),
        ({"side": "ours", "name": "Carla", "phone": "1" * 41}, 422, "phone"),
        ({"side": "ours", "name": "Carla", "email": "not-an-address"}, 400, "email"),
    ],
)
def test_adding_a_contact_rejects_bad_input_naming_the_field(
    manager, supplier_a, payload, status, field
):
    response = token_client(manager).post(
        f"{API}/suppliers/{supplier_a.pk}/contacts", payload, content_type=JSON
    )

    assert response.status_code == status
    assert field in error_fields(response)
    assert not Contact.objects.exists()


@pytest.mark.parametrize(
    ("payload", "status", "field"),
    [
        ({"name": None}, 422, "name"),
        ({"side": "both"}, 422, "side"),
        ({"supplier": 5}, 422, "supplier"),
        ({"email": "nope"}, 400, "email"),
    ],
)
def test_changing_a_contact_rejects_bad_input_naming_the_field(
    manager, anna, payload, status, field
):
    response = token_client(manager).patch(f"{API}/contacts/{anna.pk}", payload, content_type=JSON)

    assert response.status_code == status
    assert field in error_fields(response)
