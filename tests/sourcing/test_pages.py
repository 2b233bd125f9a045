"""The Sourcing pages: permissions, bad input, stale edits, query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from partnerbook.core import registry
from partnerbook.sourcing import services
from partnerbook.sourcing.models import CriteriaTemplate, Criterion, Lesson, SourcingProject
from tests.factories import CategoryFactory

from .conftest import must, weighted


def _project_post(category, owner, **extra):
    data = {"title": "New boxes", "category": category.pk, "owner": owner.pk,
            "target_date": "2027-05-01", "need": "More volume", "status": "open"}  # fmt: skip
    data.update(extra)
    return data


def test_sourcing_is_in_the_top_bar_for_internal_users():
    item = next(i for i in registry.nav_items() if i.key == "sourcing")
    assert item.url_name == "sourcing:list" and item.action == "sourcing.view"


def test_viewer_reads_but_cannot_write(login, viewer, project, category):
    client = login(viewer)
    page = client.get(reverse("sourcing:project", args=[project.pk]))
    assert page.status_code == 200 and b"Second source for boxes" in page.content
    assert b"add-criterion" not in page.content and b"save-template" not in page.content
    assert client.get(reverse("sourcing:list")).status_code == 200
    assert client.get(reverse("sourcing:project_create")).status_code == 403
    denied = client.post(reverse("sourcing:project_create"), _project_post(category, viewer))
    assert denied.status_code == 403
    post = client.post(
        reverse("sourcing:criterion_create", args=[project.pk]), weighted("goals", "Growth", 5)
    )
    assert post.status_code == 403
    assert client.post(reverse("sourcing:save_template", args=[project.pk])).status_code == 403
    assert SourcingProject.objects.count() == 1 and not Criterion.objects.exists()


@pytest.mark.parametrize("name", ["list", "project_create", "lessons"])
def test_portal_users_get_403(login, portal_user_a, name):
    assert login(portal_user_a).get(reverse(f"sourcing:{name}")).status_code == 403


def test_portal_users_get_403_on_a_project(login, portal_user_a, project):
    client = login(portal_user_a)
    assert client.get(reverse("sourcing:project", args=[project.pk])).status_code == 403
    assert client.post(reverse("sourcing:project_archive", args=[project.pk])).status_code == 403


def test_buyer_starts_a_project_from_the_category_template(login, buyer, manager, category):
    template_source = services.create_project(
        manager, {"title": "Old", "category": category, "target_date": dt.date(2027, 1, 1)}
    )
    services.add_criterion(manager, template_source, weighted("capabilities", "Capacity", 30))
    services.save_as_template(manager, template_source)
    response = login(buyer).post(reverse("sourcing:project_create"), _project_post(category, buyer))
    project = SourcingProject.objects.get(title="New boxes")
    assert response.status_code == 302
    assert response["Location"] == reverse("sourcing:project", args=[project.pk])
    assert [c.name for c in services.criteria_of(project)] == ["Capacity"]


@pytest.mark.parametrize(
    "extra, field",
    [({"target_date": "31/02/2027"}, "target_date"), ({"category": "999999"}, "category"),
     ({"title": ""}, "title"), ({"status": "maybe"}, "status")],
)  # fmt: skip
def test_bad_project_input_is_shown_and_nothing_written(login, buyer, category, extra, field):
    response = login(buyer).post(
        reverse("sourcing:project_create"), _project_post(category, buyer) | extra
    )
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not SourcingProject.objects.exists()


def test_stale_project_edit_shows_the_current_values_with_409(login, buyer, manager, project):
    services.update_project(manager, project, {"title": "Renamed by Mara"})
    response = login(buyer).post(
        reverse("sourcing:project_edit", args=[project.pk]),
        _project_post(project.category, buyer, title="My title", version=1),
    )
    assert response.status_code == 409
    assert response.context["form"].initial["title"] == "Renamed by Mara"
    assert b"Someone else saved" in response.content
    assert SourcingProject.objects.get().title == "Renamed by Mara"


def test_buyer_edits_a_project(login, buyer, project):
    response = login(buyer).post(
        reverse("sourcing:project_edit", args=[project.pk]),
        _project_post(project.category, buyer, status="on_hold", version=1),
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == "on_hold" and project.version == 2


def test_criteria_are_added_edited_and_removed_on_the_page(login, buyer, project):
    client = login(buyer)
    url = reverse("sourcing:criterion_create", args=[project.pk])
    assert client.post(url, weighted("capabilities", "Capacity", 30)).status_code == 302
    assert (
        client.post(url, {"pillar": "values", "name": "Ethics", "must_have": "on"}).status_code
        == 302
    )
    criterion = Criterion.objects.get(name="Capacity")
    edit = reverse("sourcing:criterion_edit", args=[criterion.pk])
    assert client.get(edit).status_code == 200
    response = client.post(edit, weighted("capabilities", "Capacity", 40) | {"version": 1})
    assert response.status_code == 302
    assert Criterion.objects.get(pk=criterion.pk).weight == 40
    page = client.get(reverse("sourcing:project", args=[project.pk]))
    assert b"1 must-have every candidate has to meet: Ethics." in page.content
    assert b"Capabilities 100%" in page.content
    remove = client.post(reverse("sourcing:criterion_remove", args=[criterion.pk]))
    assert remove.status_code == 302
    assert list(Criterion.objects.values_list("name", flat=True)) == ["Ethics"]


@pytest.mark.parametrize(
    "data, field",
    [({"pillar": "values", "name": "Ethics", "must_have": "on", "weight": "5"}, "weight"),
     ({"pillar": "goals", "name": "Growth"}, "weight"),
     ({"pillar": "goals", "name": "Growth", "weight": "-3"}, "weight"),
     ({"pillar": "goals", "name": "capacity", "weight": "3"}, "name"),
     ({"pillar": "nowhere", "name": "Growth", "weight": "3"}, "pillar")],
)  # fmt: skip
def test_bad_criteria_are_refused_with_nothing_written(login, buyer, project, data, field):
    services.add_criterion(buyer, project, weighted("capabilities", "Capacity", 30))
    response = login(buyer).post(reverse("sourcing:criterion_create", args=[project.pk]), data)
    assert response.status_code == 400
    assert field in response.context["criterion_form"].errors
    assert Criterion.objects.count() == 1


def test_stale_criterion_edit_gives_409(login, buyer, manager, project):
    criterion = services.add_criterion(buyer, project, weighted("goals", "Growth", 10))
    services.update_criterion(manager, criterion, {"weight": 20})
    response = login(buyer).post(
        reverse("sourcing:criterion_edit", args=[criterion.pk]),
        weighted("goals", "Growth", 50) | {"version": 1},
    )
    assert response.status_code == 409
    assert Criterion.objects.get().weight == 20


def test_only_managers_save_the_category_template(login, buyer, manager, project):
    services.add_criterion(buyer, project, must("values", "Ethics"))
    url = reverse("sourcing:save_template", args=[project.pk])
    assert login(buyer).post(url).status_code == 403
    assert not CriteriaTemplate.objects.exists()
    assert login(manager).post(url).status_code == 302
    assert CriteriaTemplate.objects.get().criteria[0]["name"] == "Ethics"


def test_archived_projects_leave_the_list(login, buyer, project):
    client = login(buyer)
    assert client.post(reverse("sourcing:project_archive", args=[project.pk])).status_code == 302
    assert SourcingProject.objects.get().archived
    assert len(client.get(reverse("sourcing:list")).context["page"]) == 0
    assert client.get(reverse("sourcing:project", args=[project.pk])).status_code == 404


def test_list_filters_by_status_and_category(login, viewer, buyer, project):
    other = services.create_project(
        buyer, {"title": "Trucks", "category": CategoryFactory(name="Logistics"),
                "target_date": dt.date(2027, 1, 1), "status": "on_hold"},
    )  # fmt: skip
    client = login(viewer)
    by_status = client.get(reverse("sourcing:list"), {"status": "on_hold"})
    assert [p.pk for p in by_status.context["page"]] == [other.pk]
    by_category = client.get(reverse("sourcing:list"), {"category": project.category_id})
    assert [p.pk for p in by_category.context["page"]] == [project.pk]
    ignored = client.get(reverse("sourcing:list"), {"status": "nonsense", "category": "x"})
    assert ignored.status_code == 200 and len(ignored.context["page"]) == 2


def test_list_with_many_projects_has_bounded_queries(
    login, viewer, buyer, category, django_assert_max_num_queries
):
    for number in range(30):
        project = services.create_project(
            buyer, {"title": f"Project {number}", "category": category,
                    "target_date": dt.date(2027, 1, 1)},
        )  # fmt: skip
        services.add_criterion(buyer, project, must("values", "Ethics"))
    client = login(viewer)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("sourcing:list"))
    assert len(response.context["page"]) == 30
    assert b"1 (1 must-have)" in response.content


def test_project_page_with_many_criteria_has_bounded_queries(
    login, buyer, manager, project, supplier_a, django_assert_max_num_queries
):
    for number in range(40):
        pillar = ("goals", "values", "capabilities")[number % 3]
        services.add_criterion(buyer, project, weighted(pillar, f"Criterion {number}", 5))
    earlier = services.create_project(
        manager, {"title": "Earlier", "category": project.category,
                  "target_date": dt.date(2026, 1, 1)},
    )  # fmt: skip
    for number in range(5):
        services.add_lesson(manager, earlier, f"Lesson {number}", supplier_a)
        services.add_lesson(buyer, project, f"Own lesson {number}", supplier_a)
    client = login(buyer)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("sourcing:project", args=[project.pk]))
    assert response.status_code == 200
    assert response.content.count(b'id="criterion-') == 40
    assert b"Own lesson 4" in response.content


def test_lessons_show_on_a_new_project_of_the_category_and_are_searchable(
    login, buyer, viewer, project, supplier_a
):
    client = login(buyer)
    response = client.post(
        reverse("sourcing:lesson_create", args=[project.pk]),
        {"text": "Visit the plant before the pilot.", "supplier": supplier_a.pk},
    )
    assert response.status_code == 302
    empty = client.post(reverse("sourcing:lesson_create", args=[project.pk]), {"text": " "})
    assert empty.status_code == 400 and Lesson.objects.count() == 1
    new = services.create_project(
        buyer, {"title": "Third", "category": project.category, "target_date": dt.date(2027, 1, 1)}
    )
    page = client.get(reverse("sourcing:project", args=[new.pk]))
    assert b'id="earlier-lessons"' in page.content
    assert b"Visit the plant before the pilot." in page.content
    found = login(viewer).get(reverse("sourcing:lessons"), {"q": "plant"})
    assert [lesson.text for lesson in found.context["page"]] == [
        "Visit the plant before the pilot."
    ]
    none = login(viewer).get(reverse("sourcing:lessons"), {"q": "zeppelin"})
    assert len(none.context["page"]) == 0
    assert (
        login(viewer)
        .post(reverse("sourcing:lesson_create", args=[project.pk]), {"text": "x"})
        .status_code
        == 403
    )
