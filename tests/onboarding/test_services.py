"""Onboarding plans and growth opportunities through the services: permissions, owners,
due dates, completion, fit rules, stale edits and the checklist item."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partnerbook.actions import services as actions
from partnerbook.actions.models import ActionItem
from partnerbook.core import registry
from partnerbook.core.concurrency import StaleEdit
from partnerbook.onboarding import domain, services
from partnerbook.onboarding.models import OnboardingPlan, OnboardingTask, Opportunity
from tests.factories import UserFactory

from .conftest import days, move_to


def test_a_plan_from_the_template_has_owners_on_both_sides_and_dates(
    plan, buyer, supplier_a, their_contacts
):
    tasks = services.tasks_of(plan)

    assert len(tasks) == len(domain.TEMPLATE) == 12
    items = ActionItem.objects.filter(source="onboarding.task", source_id=plan.pk)
    assert items.count() == 12
    expected = sorted(domain.TEMPLATE, key=lambda t: (t.milestone, t.offset_days))
    for task, template in zip(tasks, expected, strict=True):
        assert task.item.supplier_id == supplier_a.pk
        assert (task.item.title, task.milestone, task.side) == (
            template.title, template.milestone, template.side,
        )  # fmt: skip
        assert task.item.due_on == plan.starts_on + dt.timedelta(days=template.offset_days)
    ours = [t for t in tasks if t.side == "ours"]
    theirs = [t for t in tasks if t.side == "supplier"]
    assert ours and all(t.item.owner == buyer and t.item.owner_contact is None for t in ours)
    # The account manager (sales) is the main contact, not the first by name.
    assert theirs and all(t.item.owner_contact == their_contacts["sales"] for t in theirs)
    review = next(t for t in tasks if t.item.title == "Hold the first joint review")
    assert review.milestone == 90 and review.item.due_on == days(-10 + 90)
    intro = next(t for t in tasks if t.item.title == "Introduce our stakeholders")
    assert intro.item.due_on == days(-3)
    assert plan.success_30 == domain.SUCCESS_CRITERIA[30]


def test_supplier_tasks_stay_unassigned_without_a_supplier_contact(buyer, supplier_a):
    plan = services.create_plan(buyer, supplier_a, {"point_of_contact": buyer})

    theirs = [t for t in services.tasks_of(plan) if t.side == "supplier"]
    assert theirs and all(t.item.owner is None and t.item.owner_contact is None for t in theirs)


def test_who_may_start_a_plan(viewer, other_buyer, buyer, manager, supplier_a):
    for actor in (viewer, other_buyer):
        with pytest.raises(PermissionDenied):
            services.create_plan(actor, supplier_a, {"point_of_contact": buyer})
    assert not OnboardingPlan.objects.exists() and not ActionItem.objects.exists()
    services.create_plan(manager, supplier_a, {"point_of_contact": buyer})
    assert OnboardingPlan.objects.count() == 1


def test_the_point_of_contact_is_required_and_internal(buyer, supplier_a, portal_user_a):
    with pytest.raises(ValidationError) as missing:
        services.create_plan(buyer, supplier_a, {})
    with pytest.raises(ValidationError) as portal:
        services.create_plan(buyer, supplier_a, {"point_of_contact": portal_user_a})
    retired = UserFactory(username="ret", role="buyer", is_active=False)
    with pytest.raises(ValidationError) as inactive:
        services.create_plan(buyer, supplier_a, {"point_of_contact": retired})

    for exc in (missing, portal, inactive):
        assert "point_of_contact" in exc.value.message_dict
    assert not OnboardingPlan.objects.exists() and not ActionItem.objects.exists()


def test_one_active_plan_per_supplier_and_completion_needs_every_task_closed(plan, buyer):
    with pytest.raises(ValidationError) as second:
        services.create_plan(buyer, plan.supplier, {"point_of_contact": buyer})
    assert "supplier" in second.value.message_dict
    with pytest.raises(ValidationError) as early:
        services.complete_plan(buyer, plan)
    assert "12 tasks are still open" in early.value.message_dict["status"][0]

    tasks = services.tasks_of(plan)
    for task in tasks[:-1]:
        actions.complete_action_item(buyer, task.item)
    actions.set_status(buyer, tasks[-1].item, "dropped")
    services.complete_plan(buyer, plan)

    plan.refresh_from_db()
    assert plan.status == "completed" and plan.completed_on is not None
    fresh = services.create_plan(buyer, plan.supplier, {"point_of_contact": buyer})
    assert services.plan_of(plan.supplier) == fresh


def test_added_tasks_default_owner_side_and_milestone_date(plan, buyer, manager, their_contacts):
    ours = services.add_task(buyer, plan, {"milestone": 60, "title": "Agree packaging specs"})
    theirs = services.add_task(
        buyer, plan, {"milestone": 30, "side": "supplier", "title": "Send safety sheets"}
    )
    named = services.add_task(
        buyer, plan,
        {"milestone": 90, "title": "Audit", "owner_contact": their_contacts["quality"],
         "due_on": days(70)},
    )  # fmt: skip

    assert ours.side == "ours" and ours.item.owner == buyer
    assert ours.item.due_on == plan.starts_on + dt.timedelta(days=60)
    assert theirs.item.owner_contact == their_contacts["sales"]
    assert named.side == "supplier" and named.item.due_on == days(70)
    assert OnboardingTask.objects.filter(plan=plan).count() == 15


@pytest.mark.parametrize(
    ("data", "field"),
    [({"milestone": 45, "title": "X"}, "milestone"),
     ({"milestone": True, "title": "X"}, "milestone"),
     ({"milestone": 30, "title": ""}, "title"),
     ({"milestone": 30, "title": "X", "side": "ours", "owner_contact": "contact"}, "owner_contact"),
     ({"milestone": 30, "title": "X", "side": "elsewhere"}, "side")],
)  # fmt: skip
def test_bad_tasks_name_the_field_and_add_nothing(plan, buyer, their_contacts, data, field):
    data = {k: their_contacts["sales"] if v == "contact" else v for k, v in data.items()}
    with pytest.raises(ValidationError) as exc:
        services.add_task(buyer, plan, data)

    assert field in exc.value.message_dict
    assert ActionItem.objects.count() == 12 and OnboardingTask.objects.count() == 12


def test_a_new_start_day_moves_open_tasks_and_stale_edits_are_refused(plan, buyer, manager):
    first = services.tasks_of(plan)[0]
    actions.complete_action_item(buyer, first.item)
    before = {t.item.pk: t.item.due_on for t in services.tasks_of(plan)}

    services.update_plan(manager, plan, {"starts_on": days(-3), "success_30": "Done."}, 1)

    after = {t.item.pk: t.item.due_on for t in services.tasks_of(plan)}
    assert after[first.item.pk] == before[first.item.pk]  # done: stays
    moved = [pk for pk in before if pk != first.item.pk]
    assert all((after[pk] - before[pk]).days == 7 for pk in moved)
    with pytest.raises(StaleEdit):
        services.update_plan(buyer, plan, {"success_30": "Mine"}, 1)
    plan.refresh_from_db()
    assert plan.success_30 == "Done." and plan.version == 2


def test_opportunities_must_fit_the_maturity_stage(manager, buyer, supplier_a):
    with pytest.raises(ValidationError) as misfit:
        services.create_opportunity(
            buyer, supplier_a, {"kind": "co_investment", "title": "Joint tooling"}
        )
    assert "needs at least a strategic relationship" in misfit.value.message_dict["kind"][0]
    volume = services.create_opportunity(
        buyer, supplier_a, {"kind": "more_volume", "title": "Second plant"}
    )
    move_to(manager, supplier_a, "cooperative", "collaborative", "strategic")
    joint = services.create_opportunity(
        buyer, supplier_a, {"kind": "co_investment", "title": "Joint tooling"}
    )

    assert volume.maturity_stage == "transactional" and joint.maturity_stage == "strategic"
    assert Opportunity.objects.count() == 2


def test_opportunities_only_for_active_suppliers(other_buyer, supplier_b):
    with pytest.raises(ValidationError) as exc:
        services.create_opportunity(
            other_buyer, supplier_b, {"kind": "more_volume", "title": "More boxes"}
        )

    assert "active partners only" in exc.value.message_dict["kind"][0]
    assert not Opportunity.objects.exists()


def test_opportunity_outcome_review_permissions_and_stale_edits(
    manager, buyer, viewer, supplier_a, supplier_b
):
    opportunity = services.demo_opportunity(buyer, supplier_a, "more_volume", "Line 2", "idea")
    with pytest.raises(PermissionDenied):
        services.update_opportunity(viewer, opportunity, {"title": "X"})
    with pytest.raises(ValidationError) as no_outcome:
        services.update_opportunity(buyer, opportunity, {"status": "won"})
    assert "outcome" in no_outcome.value.message_dict
    from partnerbook.reviews.models import BusinessReview

    other = BusinessReview.objects.create(
        supplier=supplier_b, period=days(-400).replace(month=1, day=1),
        held_on=days(-400).replace(month=1, day=2),
    )  # fmt: skip
    with pytest.raises(ValidationError) as wrong_review:
        services.update_opportunity(buyer, opportunity, {"review": other.pk})
    assert "review" in wrong_review.value.message_dict

    services.update_opportunity(
        buyer, opportunity, {"status": "won", "outcome": "Volume +20 %"}, expected_version=1
    )
    with pytest.raises(StaleEdit):
        services.update_opportunity(manager, opportunity, {"title": "Old copy"}, 1)
    opportunity.refresh_from_db()
    assert (opportunity.status, opportunity.version) == ("won", 2)


def test_the_checklist_item_reads_every_supplier_in_fixed_queries(
    plan, buyer, supplier_a, supplier_b, django_assert_max_num_queries
):
    item = next(i for i in registry.checklist_items() if i.key == "onboarding")
    assert item.label == "Onboarding plan created" and item.order == 80
    assert item.check is not None
    empty_plan = services.create_plan(other := supplier_b.relationship_owner, supplier_b,
                                      {"point_of_contact": other})  # fmt: skip
    for task in services.tasks_of(empty_plan):
        actions.set_status(other, task.item, "dropped")

    with django_assert_max_num_queries(2):
        results = item.check([supplier_a.pk, supplier_b.pk, 999_999])

    assert set(results) == {supplier_a.pk, supplier_b.pk, 999_999}
    ok = results[supplier_a.pk]
    assert ok.ok and ok.evidence == (
        f"30-60-90 plan from {plan.starts_on.isoformat()}, 12 tasks, point of contact "
        f"{buyer.display_name}."
    )
    assert ok.url == f"/playbook/suppliers/{supplier_a.pk}/"
    assert (
        not results[supplier_b.pk].ok and "add at least one task" in results[supplier_b.pk].evidence
    )
    assert not results[999_999].ok and "No onboarding plan" in results[999_999].evidence


def test_demo_helpers(buyer, supplier_a):
    plan = services.demo_onboarding(
        buyer, supplier_a, started_days_ago=40, point_of_contact=buyer,
        done_titles=("Introduce our stakeholders", "Create the vendor record in the ERP"),
    )  # fmt: skip
    view = services.plan_view(plan)

    assert view.milestones[0].progress.done == 2
    assert view.milestones[0].progress.overdue == 3
    assert view.overall.total == 12
