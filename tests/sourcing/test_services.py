"""Projects, criteria, templates and lessons through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partnerbook.core.concurrency import StaleEdit
from partnerbook.sourcing import services
from partnerbook.sourcing.models import CriteriaTemplate, Criterion, Lesson, SourcingProject
from tests.factories import CategoryFactory

from .conftest import must, weighted


def _new(actor, category, title="Next project"):
    return services.create_project(
        actor, {"title": title, "category": category, "target_date": dt.date(2027, 6, 1)}
    )


def test_a_project_starts_open_owned_by_its_creator_with_history(buyer, category):
    project = _new(buyer, category)
    assert project.status == "open" and project.owner == buyer and project.created_by == buyer
    assert project.history.count() == 1
    assert project.history.first().history_user == buyer


def test_viewer_cannot_create_a_project(viewer, category):
    with pytest.raises(PermissionDenied):
        _new(viewer, category)
    assert not SourcingProject.objects.exists()


def test_a_portal_user_cannot_own_a_project(buyer, category, portal_user_a):
    with pytest.raises(ValidationError) as exc:
        services.create_project(
            buyer, {"title": "X", "category": category, "owner": portal_user_a,
                    "target_date": dt.date(2027, 1, 1)},
        )  # fmt: skip
    assert "owner" in exc.value.message_dict
    assert not SourcingProject.objects.exists()


def test_stale_edit_is_refused_and_names_what_changed(buyer, manager, project):
    services.update_project(manager, project, {"title": "Renamed by Mara"}, 1)
    stale = SourcingProject.objects.get(pk=project.pk)
    stale.version = 1
    with pytest.raises(StaleEdit) as exc:
        services.update_project(buyer, stale, {"status": "on_hold"}, 1)
    assert "Renamed by Mara" in exc.value.summary
    fresh = SourcingProject.objects.get(pk=project.pk)
    assert fresh.status == "open" and fresh.version == 2


def test_criteria_rules_are_enforced_with_nothing_written(buyer, project):
    services.add_criterion(buyer, project, weighted("capabilities", "Capacity", 20))
    cases = [
        (must("values", "Ethics") | {"weight": 5}, "weight"),
        (weighted("goals", "Growth", None), "weight"),
        (weighted("goals", "Growth", 0), "weight"),
        (weighted("capabilities", "  capacity ", 10), "name"),
        (weighted("price", "Price", 10), "pillar"),
    ]
    for data, field in cases:
        with pytest.raises(ValidationError) as exc:
            services.add_criterion(buyer, project, data)
        assert field in exc.value.message_dict, data
    assert list(Criterion.objects.values_list("name", flat=True)) == ["Capacity"]


def test_a_criterion_changes_kind_and_removal_keeps_history(buyer, project):
    criterion = services.add_criterion(buyer, project, weighted("values", "Ethics", 10))
    services.update_criterion(buyer, criterion, {"must_have": True, "weight": None}, 1)
    criterion.refresh_from_db()
    assert criterion.must_have and criterion.weight is None and criterion.version == 2
    services.remove_criterion(buyer, criterion)
    assert not Criterion.objects.exists()
    kinds = list(Criterion.history.order_by("history_date").values_list("history_type", flat=True))
    assert kinds == ["+", "~", "-"]
    assert Criterion.history.filter(history_type="-").get().history_user == buyer


def test_a_closed_projects_criteria_cannot_change(buyer, project):
    criterion = services.add_criterion(buyer, project, weighted("goals", "Growth", 10))
    services.update_project(buyer, project, {"status": "closed"})
    for call in (
        lambda: services.add_criterion(buyer, project, weighted("goals", "Other", 10)),
        lambda: services.update_criterion(buyer, criterion, {"weight": 20}),
        lambda: services.remove_criterion(buyer, criterion),
    ):
        with pytest.raises(ValidationError) as exc:
            call()
        assert "project" in exc.value.message_dict
    assert Criterion.objects.get().weight == 10


def test_template_copy_is_independent_of_later_template_changes(manager, buyer, project):
    services.add_criterion(buyer, project, weighted("capabilities", "Capacity", 20))
    services.add_criterion(buyer, project, must("values", "Ethics"))
    services.save_as_template(manager, project)
    second = _new(buyer, project.category, "Second")
    copied = services.criteria_of(second)
    assert [(c.name, c.must_have, c.weight) for c in copied] == [
        ("Capacity", False, 20),
        ("Ethics", True, None),
    ]
    # The copy is the project's own: editing it leaves the template alone ...
    services.update_criterion(buyer, copied[0], {"weight": 50})
    assert services.template_of(project.category).criteria[0]["weight"] == 20
    # ... and changing the template leaves the project alone.
    services.put_template(manager, project.category, [weighted("goals", "Growth", 10)])
    assert [c.name for c in services.criteria_of(second)] == ["Capacity", "Ethics"]
    assert [c.name for c in services.criteria_of(_new(buyer, project.category, "Third"))] == [
        "Growth"
    ]
    other = _new(buyer, CategoryFactory(name="Logistics"), "Elsewhere")
    assert services.criteria_of(other) == []


def test_only_managers_and_admins_save_templates(buyer, viewer, project):
    for user in (buyer, viewer):
        with pytest.raises(PermissionDenied):
            services.save_as_template(user, project)
    assert not CriteriaTemplate.objects.exists()


def test_a_bad_template_is_refused_whole(manager, category):
    rows = [weighted("goals", "Growth", 10), must("values", "Growth")]
    with pytest.raises(ValidationError) as exc:
        services.put_template(manager, category, rows)
    assert "used twice" in exc.value.message_dict["criteria"][0]
    assert not CriteriaTemplate.objects.exists()


def test_stale_template_edit_is_refused(manager, admin_user, category):
    services.put_template(manager, category, [weighted("goals", "Growth", 10)])
    services.put_template(admin_user, category, [weighted("goals", "Growth", 20)], 1)
    with pytest.raises(StaleEdit):
        services.put_template(manager, category, [], 1)
    assert services.template_of(category).criteria[0]["weight"] == 20


def test_lessons_of_earlier_projects_in_the_category_are_shown(buyer, project, supplier_a):
    services.add_lesson(buyer, project, "Check capacity per line.", supplier_a)
    with pytest.raises(ValidationError):
        services.add_lesson(buyer, project, "   ")
    later = _new(buyer, project.category, "Later")
    elsewhere = _new(buyer, CategoryFactory(name="Logistics"), "Elsewhere")
    assert [lesson.text for lesson in services.earlier_lessons(later)] == [
        "Check capacity per line."
    ]
    assert services.earlier_lessons(elsewhere) == []
    assert services.earlier_lessons(project) == []
    assert services.search_lessons("CAPACITY").count() == 1
    assert services.search_lessons("alpha").count() == 1  # the supplier's name
    assert services.search_lessons("nothing like it").count() == 0
    assert Lesson.objects.count() == 1


def test_demo_project_is_half_way_with_a_full_set_and_a_template(manager, category):
    project = services.demo_project(manager, category)
    criteria = services.criteria_of(project)
    assert {c.pillar for c in criteria} == {"goals", "values", "capabilities"}
    assert any(c.must_have for c in criteria) and any(c.weight for c in criteria)
    assert len(services.template_of(category).criteria) == len(criteria)
    assert project.lessons.count() == 1
