"""Category endpoints: readable by everyone on our side, managed by managers and admins."""

from __future__ import annotations

import pytest

from partnerbook.suppliers import services
from partnerbook.suppliers.models import Category

from . import API, error_fields, token_client

# Some tests pick their users with request.getfixturevalue(), which needs the database.
pytestmark = pytest.mark.django_db

JSON = "application/json"


@pytest.fixture
def as_manager(manager):
    return token_client(manager)


@pytest.fixture
def boxes(manager, category):
    return services.create_category(manager, {"name": "Boxes", "parent": category})


def test_category_list_shows_each_parent(viewer, category, boxes):
    body = token_client(viewer).get(f"{API}/categories").json()

    assert body["count"] == 2
    assert body["items"] == [
        {
            "id": boxes.pk,
            "name": "Boxes",
            "parent": {"id": category.pk, "name": "Packaging"},
            "description": "",
            "version": 1,
        },
        {"id": category.pk, "name": "Packaging", "parent": None, "description": "", "version": 1},
    ]


def test_category_can_be_read_by_id(viewer, boxes):
    response = token_client(viewer).get(f"{API}/categories/{boxes.pk}")

    assert response.status_code == 200
    assert response.json()["parent"]["name"] == "Packaging"


def test_unknown_category_is_404(viewer):
    assert token_client(viewer).get(f"{API}/categories/987654").status_code == 404


def test_manager_adds_a_category_with_history(as_manager, manager, category):
    response = as_manager.post(
        f"{API}/categories",
        {"name": "Pallets", "parent": category.pk, "description": "Wooden and plastic"},
        content_type=JSON,
    )

    assert response.status_code == 201, response.content
    created = Category.objects.get(pk=response.json()["id"])
    assert created.parent == category
    assert created.history.get().history_user == manager


def test_manager_renames_and_moves_a_category(as_manager, manager, category, boxes):
    response = as_manager.patch(
        f"{API}/categories/{boxes.pk}", {"name": "Cartons", "parent": None}, content_type=JSON
    )

    assert response.status_code == 200
    assert response.json() == {
        "id": boxes.pk, "name": "Cartons", "parent": None, "description": "", "version": 2,
    }  # fmt: skip
    assert boxes.history.first().history_user == manager


@pytest.mark.parametrize("role", ["buyer", "viewer"])
def test_buyers_and_viewers_cannot_manage_categories(request, role, category):
    client = token_client(request.getfixturevalue(role))

    created = client.post(f"{API}/categories", {"name": "Pallets"}, content_type=JSON)
    renamed = client.patch(f"{API}/categories/{category.pk}", {"name": "X"}, content_type=JSON)

    assert (created.status_code, renamed.status_code) == (403, 403)
    category.refresh_from_db()
    assert category.name == "Packaging"
    assert Category.objects.count() == 1


@pytest.mark.parametrize(
    ("payload", "status", "field"),
    [
        ({}, 422, "name"),
        ({"name": "x" * 121}, 422, "name"),
        ({"name": ["Pallets"]}, 422, "name"),
        ({"name": "Pallets", "parent": "Packaging"}, 422, "parent"),
        ({"name": "Pallets", "description": "x" * 2001}, 422, "description"),
        ({"name": " \t "}, 422, "name"),
        ({"name": "Pal\u0000lets"}, 422, "name"),
        ({"name": "Packaging"}, 409, "name"),  # already in use
        ({"name": "Pallets", "parent": 987654}, 400, "parent"),
    ],
)
def test_adding_a_category_rejects_bad_input_naming_the_field(
    as_manager, category, payload, status, field
):
    response = as_manager.post(f"{API}/categories", payload, content_type=JSON)

    assert response.status_code == status
    assert field in error_fields(response)
    assert Category.objects.count() == 1


@pytest.mark.parametrize(
    ("payload", "status", "field"),
    [
        ({"name": None}, 422, "name"),
        ({"name": "Boxes"}, 409, "name"),  # already in use
        ({"name": "   "}, 422, "name"),
        ({"parent": 987654}, 400, "parent"),
    ],
)
def test_changing_a_category_rejects_bad_input_naming_the_field(
    as_manager, category, boxes, payload, status, field
):
    response = as_manager.patch(f"{API}/categories/{category.pk}", payload, content_type=JSON)

    assert response.status_code == status
    assert field in error_fields(response)


def test_category_cannot_move_under_its_own_child(as_manager, category, boxes):
    response = as_manager.patch(
        f"{API}/categories/{category.pk}", {"parent": boxes.pk}, content_type=JSON
    )

    assert response.status_code == 400
    assert error_fields(response) == {"parent"}
    category.refresh_from_db()
    assert category.parent is None
