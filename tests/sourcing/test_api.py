"""The sourcing API: permissions, bad input naming the field, stale versions, queries."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from partnerbook.sourcing import services
from partnerbook.sourcing.models import CriteriaTemplate, Criterion, Lesson, SourcingProject

from .conftest import must, weighted

API = "/api/v1/sourcing"


def _json(client, method, url, body=None):
    return getattr(client, method)(
        url, data=json.dumps(body) if body is not None else None, content_type="application/json"
    )


def _fields(response):
    return {e["field"] for e in response.json()["errors"]}


def _new(category, **extra):
    return {"title": "Cartons", "category_id": category.pk, "target_date": "2027-04-01"} | extra


def test_buyer_creates_reads_and_patches_a_project(login, buyer, category):
    client = login(buyer)
    created = _json(client, "post", f"{API}/projects", _new(category, need="Second source"))
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["owner_id"] == buyer.pk and body["status"] == "open" and body["version"] == 1
    url = f"{API}/projects/{body['id']}"
    assert client.get(url).json()["need"] == "Second source"
    patched = _json(client, "patch", url, {"status": "on_hold", "version": 1})
    assert patched.status_code == 200 and patched.json()["version"] == 2
    stale = _json(client, "patch", url, {"title": "Late", "version": 1})
    assert stale.status_code == 409 and _fields(stale) == {"version"}
    assert SourcingProject.objects.get().title == "Cartons"


@pytest.mark.parametrize(
    "body, field, status",
    [({"category_id": 999999}, "category_id", 400), ({"owner_id": 999999}, "owner_id", 400),
     ({"target_date": "2027-02-31"}, "target_date", 422), ({"target_date": 20270101},
      "target_date", 422), ({"status": "maybe"}, "status", 422), ({"title": " "}, "title", 422),
     ({"colour": "red"}, "colour", 422)],
)  # fmt: skip
def test_bad_project_input_names_the_field(login, buyer, category, body, field, status):
    response = _json(login(buyer), "post", f"{API}/projects", _new(category) | body)
    assert response.status_code == status, response.json()
    assert field in _fields(response)
    assert not SourcingProject.objects.exists()


def test_a_portal_user_cannot_be_the_owner(login, buyer, category, portal_user_a):
    response = _json(
        login(buyer), "post", f"{API}/projects", _new(category, owner_id=portal_user_a.pk)
    )
    assert response.status_code == 400 and _fields(response) == {"owner_id"}


def test_viewer_reads_only(login, viewer, project, category):
    client = login(viewer)
    assert client.get(f"{API}/projects").json()["count"] == 1
    assert client.get(f"{API}/projects/{project.pk}/criteria").status_code == 200
    assert _json(client, "post", f"{API}/projects", _new(category)).status_code == 403
    assert _json(client, "patch", f"{API}/projects/{project.pk}", {"title": "X"}).status_code == 403
    add = _json(client, "post", f"{API}/projects/{project.pk}/criteria", weighted("goals", "G", 5))
    assert add.status_code == 403
    put = _json(client, "put", f"{API}/categories/{category.pk}/template", {"criteria": []})
    assert put.status_code == 403
    assert SourcingProject.objects.get().title == project.title and not Criterion.objects.exists()


def test_portal_users_get_403_everywhere(login, portal_user_b, project, category, buyer):
    criterion = services.add_criterion(buyer, project, weighted("goals", "Growth", 10))
    client = login(portal_user_b)
    calls = [
        ("get", f"{API}/projects", None),
        ("post", f"{API}/projects", _new(category)),
        ("get", f"{API}/projects/{project.pk}", None),
        ("patch", f"{API}/projects/{project.pk}", {"title": "X"}),
        ("get", f"{API}/projects/{project.pk}/criteria", None),
        ("post", f"{API}/projects/{project.pk}/criteria", weighted("goals", "G", 5)),
        ("patch", f"{API}/criteria/{criterion.pk}", {"weight": 5}),
        ("delete", f"{API}/criteria/{criterion.pk}", None),
        ("get", f"{API}/categories/{category.pk}/template", None),
        ("put", f"{API}/categories/{category.pk}/template", {"criteria": []}),
        ("get", f"{API}/projects/{project.pk}/lessons", None),
        ("post", f"{API}/projects/{project.pk}/lessons", {"text": "x"}),
    ]
    for method, url, body in calls:
        assert _json(client, method, url, body).status_code == 403, (method, url)
    assert Criterion.objects.get().weight == 10 and not Lesson.objects.exists()


def test_criteria_are_added_patched_and_deleted(login, buyer, project):
    client = login(buyer)
    url = f"{API}/projects/{project.pk}/criteria"
    added = _json(client, "post", url, weighted("values", "Ethics", 10))
    assert added.status_code == 201
    criterion_url = f"{API}/criteria/{added.json()['id']}"
    changed = _json(
        client, "patch", criterion_url, {"must_have": True, "weight": None, "version": 1}
    )
    assert changed.status_code == 200 and changed.json()["weight"] is None
    stale = _json(client, "patch", criterion_url, {"description": "Late", "version": 1})
    assert stale.status_code == 409
    assert [c["name"] for c in client.get(url).json()] == ["Ethics"]
    assert client.delete(criterion_url).status_code == 204
    assert not Criterion.objects.exists()
    assert client.delete(criterion_url).status_code == 404


@pytest.mark.parametrize(
    "body, field, status",
    [(must("values", "Ethics") | {"weight": 5}, "weight", 400),
     (weighted("goals", "Growth", None), "weight", 400),
     (weighted("goals", "Growth", 0), "weight", 422),
     (weighted("goals", "Growth", "10"), "weight", 422),
     (weighted("goals", "CAPACITY", 5), "name", 409),
     (weighted("price", "Price", 5), "pillar", 422)],
)  # fmt: skip
def test_bad_criteria_name_the_field_and_write_nothing(login, buyer, project, body, field, status):
    services.add_criterion(buyer, project, weighted("capabilities", "Capacity", 20))
    response = _json(login(buyer), "post", f"{API}/projects/{project.pk}/criteria", body)
    assert response.status_code == status, response.json()
    assert field in _fields(response)
    assert Criterion.objects.count() == 1


def test_patch_refuses_null_name_and_a_weight_on_a_must_have(login, buyer, project):
    criterion = services.add_criterion(buyer, project, must("values", "Ethics"))
    client = login(buyer)
    url = f"{API}/criteria/{criterion.pk}"
    assert _fields(_json(client, "patch", url, {"name": None})) == {"name"}
    response = _json(client, "patch", url, {"weight": 10})
    assert response.status_code == 400 and _fields(response) == {"weight"}
    assert Criterion.objects.get().weight is None


def test_only_managers_put_the_template_and_new_projects_copy_it(login, buyer, manager, category):
    url = f"{API}/categories/{category.pk}/template"
    body = {"criteria": [weighted("capabilities", "Capacity", 30), must("values", "Ethics")]}
    assert _json(login(buyer), "put", url, body).status_code == 403
    assert login(buyer).get(url).json()["exists"] is False
    saved = _json(login(manager), "put", url, body | {"version": 1})
    assert saved.status_code == 200 and saved.json()["exists"] is True
    assert len(saved.json()["criteria"]) == 2
    created = _json(login(buyer), "post", f"{API}/projects", _new(category)).json()
    names = [c["name"] for c in login(buyer).get(f"{API}/projects/{created['id']}/criteria").json()]
    assert names == ["Capacity", "Ethics"]
    emptied = _json(login(manager), "put", url, {"criteria": [], "version": 1})
    assert saved.json()["version"] == 1 and emptied.status_code == 200
    again = _json(login(manager), "put", url, {"criteria": [], "version": 1})
    assert again.status_code == 409


def test_bad_template_names_the_field(login, manager, category):
    url = f"{API}/categories/{category.pk}/template"
    twice = {"criteria": [weighted("goals", "Growth", 5), weighted("goals", "growth", 5)]}
    response = _json(login(manager), "put", url, twice)
    assert response.status_code == 400 and _fields(response) == {"criteria"}
    assert (
        _json(login(manager), "put", f"{API}/categories/999999/template", twice).status_code == 404
    )
    assert not CriteriaTemplate.objects.exists()


def test_lessons_by_api(login, buyer, project, supplier_a):
    client = login(buyer)
    url = f"{API}/projects/{project.pk}/lessons"
    unknown = _json(client, "post", url, {"text": "x", "supplier_id": 999999})
    assert unknown.status_code == 400 and _fields(unknown) == {"supplier_id"}
    added = _json(client, "post", url, {"text": "Ask early.", "supplier_id": supplier_a.pk})
    assert added.status_code == 201
    assert [lesson["text"] for lesson in client.get(url).json()] == ["Ask early."]


def test_unknown_project_is_404(login, viewer):
    assert login(viewer).get(f"{API}/projects/999999").status_code == 404


def test_list_filters_and_has_bounded_queries(
    login, viewer, buyer, category, django_assert_max_num_queries
):
    for number in range(25):
        services.create_project(
            buyer, {"title": f"P{number}", "category": category, "target_date": dt.date(2027, 1, 1),
                    "status": "closed" if number % 5 == 0 else "open"},
        )  # fmt: skip
    client = login(viewer)
    with django_assert_max_num_queries(6):
        response = client.get(f"{API}/projects", {"limit": 100})
    assert response.json()["count"] == 25 and len(response.json()["items"]) == 25
    closed = client.get(f"{API}/projects", {"status": "closed"}).json()
    assert closed["count"] == 5
    assert client.get(f"{API}/projects", {"category_id": 999999}).json()["count"] == 0
    assert client.get(f"{API}/projects", {"status": "maybe"}).status_code == 422
