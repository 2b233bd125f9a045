"""The onboarding and growth sections of the Playbook tab and their forms: who sees and
may use what, bad input, redirects back to the tab, the export, bounded queries."""

from __future__ import annotations

import csv
import io

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from partnerbook.actions.models import ActionItem
from partnerbook.onboarding import services
from partnerbook.onboarding.models import OnboardingPlan, OnboardingTask, Opportunity

from .conftest import days


def tab(supplier):
    return reverse("gate:supplier", args=[supplier.pk])


def test_the_tab_shows_the_plan_by_milestone_with_progress(login, plan, buyer, supplier_a):
    body = login(buyer).get(tab(supplier_a)).content.decode()

    assert 'id="onboarding-contact">' + buyer.display_name in body
    for m in (30, 60, 90):
        assert f'id="milestone-{m}"' in body
    assert "Hold the first joint review" in body and "Zoe Sales" in body
    assert "First 30 days: 0 of 5 tasks done (0 %), 2 overdue." in body
    assert "<progress" in body
    assert 'id="onboarding-task-form"' in body and 'id="onboarding-plan-form"' not in body
    item = ActionItem.objects.filter(source="onboarding.task").first()
    assert reverse("actions:edit", args=[item.pk]) in body


def test_a_viewer_reads_but_gets_no_forms(login, plan, viewer, supplier_a):
    response = login(viewer).get(tab(supplier_a))
    body = response.content.decode()

    assert response.status_code == 200 and 'id="onboarding-summary"' in body
    for form_id in ("onboarding-task-form", "onboarding-plan-form", "opportunity-form",
                    "onboarding-complete", "onboarding-edit"):  # fmt: skip
        assert f'id="{form_id}"' not in body
    new = login(viewer).post(
        reverse("onboarding:task_new", args=[plan.pk]), {"milestone": 30, "title": "X"}
    )
    assert new.status_code == 403 and OnboardingTask.objects.count() == 12


def test_start_a_plan_from_the_form(login, buyer, supplier_a):
    url = reverse("onboarding:plan_new", args=[supplier_a.pk])
    assert 'id="onboarding-plan-form"' in login(buyer).get(tab(supplier_a)).content.decode()
    bad = login(buyer).post(url, {"starts_on": "2026-11-02"})
    assert bad.status_code == 400 and 'id="error-point_of_contact"' in bad.content.decode()
    assert not OnboardingPlan.objects.exists()

    response = login(buyer).post(
        url, {"point_of_contact": buyer.pk, "starts_on": "2026-11-02",
              "success_30": "Intros done.", "success_60": "", "success_90": "Review held."},
    )  # fmt: skip

    assert response.status_code == 302 and response.url == tab(supplier_a)
    plan = OnboardingPlan.objects.get()
    assert plan.success_30 == "Intros done." and plan.success_60 == ""
    assert str(plan.starts_on) == "2026-11-02" and plan.tasks.count() == 12


def test_add_a_task_and_edit_and_complete_the_plan(login, plan, buyer, their_contacts):
    add = login(buyer).post(
        reverse("onboarding:task_new", args=[plan.pk]),
        {"milestone": 60, "side": "supplier", "title": "Share the capacity plan",
         "owner_contact": their_contacts["quality"].pk, "due_on": ""},
    )  # fmt: skip
    assert add.status_code == 302 and add.url == tab(plan.supplier)
    task = OnboardingTask.objects.get(item__title="Share the capacity plan")
    assert task.side == "supplier" and task.item.owner_contact == their_contacts["quality"]

    mismatch = login(buyer).post(
        reverse("onboarding:task_new", args=[plan.pk]),
        {"milestone": 30, "side": "ours", "title": "Wrong owner",
         "owner_contact": their_contacts["quality"].pk},
    )  # fmt: skip
    assert mismatch.status_code == 400 and 'id="error-owner_contact"' in mismatch.content.decode()

    edit_url = reverse("onboarding:plan_edit", args=[plan.pk])
    assert login(buyer).get(edit_url).status_code == 200
    saved = login(buyer).post(
        edit_url, {"point_of_contact": buyer.pk, "starts_on": plan.starts_on.isoformat(),
                   "success_30": "New", "success_60": "", "success_90": "", "version": 1},
    )  # fmt: skip
    stale = login(buyer).post(
        edit_url, {"point_of_contact": buyer.pk, "starts_on": plan.starts_on.isoformat(),
                   "success_30": "Old", "version": 1},
    )  # fmt: skip
    assert saved.status_code == 302 and stale.status_code == 409
    refused = login(buyer).post(reverse("onboarding:plan_complete", args=[plan.pk]), follow=True)
    assert "still open" in refused.content.decode()
    plan.refresh_from_db()
    assert plan.success_30 == "New" and plan.status == "active"


def test_raise_and_change_an_opportunity(login, buyer, supplier_a):
    body = login(buyer).get(tab(supplier_a)).content.decode()
    assert 'id="growth-stage">transactional' in body and 'id="opportunity-form"' in body
    url = reverse("onboarding:opportunity_new", args=[supplier_a.pk])

    misfit = login(buyer).post(
        url, {"kind": "co_innovation", "title": "New resin", "status": "idea"}
    )
    raised = login(buyer).post(url, {"kind": "more_volume", "title": "Line 2", "status": "idea"})

    assert misfit.status_code == 400 and "needs at least a collaborative" in misfit.content.decode()
    assert raised.status_code == 302 and raised.url == tab(supplier_a)
    opportunity = Opportunity.objects.get()
    edit = reverse("onboarding:opportunity_edit", args=[opportunity.pk])
    no_outcome = login(buyer).post(
        edit, {"kind": "more_volume", "title": "Line 2", "status": "won", "version": 1}
    )
    assert no_outcome.status_code == 400 and 'id="error-outcome"' in no_outcome.content.decode()
    won = login(buyer).post(
        edit, {"kind": "more_volume", "title": "Line 2", "status": "won",
               "outcome": "Second line awarded.", "version": 1},
    )  # fmt: skip
    assert won.status_code == 302
    body = login(buyer).get(tab(supplier_a)).content.decode()
    assert "Second line awarded." in body and "Won" in body


@pytest.mark.parametrize(
    "name",
    ["plan_new", "opportunity_new", "plan_edit", "task_new", "opportunity_edit", "export_csv"],
)
def test_portal_users_get_403_everywhere(login, plan, portal_user_a, buyer, supplier_a, name):
    opportunity = services.create_opportunity(
        buyer, supplier_a, {"kind": "more_volume", "title": "More"}
    )
    urls = {
        "plan_new": reverse("onboarding:plan_new", args=[supplier_a.pk]),
        "opportunity_new": reverse("onboarding:opportunity_new", args=[supplier_a.pk]),
        "plan_edit": reverse("onboarding:plan_edit", args=[plan.pk]),
        "task_new": reverse("onboarding:task_new", args=[plan.pk]),
        "opportunity_edit": reverse("onboarding:opportunity_edit", args=[opportunity.pk]),
        "export_csv": reverse("onboarding:export_tasks", args=[plan.pk, "csv"]),
    }
    client = login(portal_user_a)

    assert client.get(urls[name]).status_code == 403
    assert client.post(urls[name], {"title": "x"}).status_code == 403
    assert OnboardingTask.objects.count() == 12 and Opportunity.objects.count() == 1


def test_other_buyers_may_read_but_not_change(login, plan, other_buyer):
    client = login(other_buyer)

    assert client.get(reverse("onboarding:plan_edit", args=[plan.pk])).status_code == 403
    assert client.get(reverse("onboarding:export_tasks", args=[plan.pk, "csv"])).status_code == 200
    assert client.get(reverse("onboarding:plan_edit", args=[99999])).status_code == 404


def test_the_export_reads_the_plans_tasks(login, plan, viewer):
    response = login(viewer).get(reverse("onboarding:export_tasks", args=[plan.pk, "csv"]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))

    assert response["Content-Type"].startswith("text/csv")
    assert len(rows) == 12 and rows[0]["supplier"] == "Alpha Packaging"
    assert {r["milestone"] for r in rows} == {"30", "60", "90"}
    assert rows[0]["owner"] in ("ben", "zoe@alpha.example")
    xlsx = login(viewer).get(reverse("onboarding:export_tasks", args=[plan.pk, "xlsx"]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert login(viewer).get(f"/onboarding/plans/{plan.pk}/tasks.pdf").status_code == 404


def _bulk_tasks(plan, count):
    items = ActionItem.objects.bulk_create(
        ActionItem(supplier=plan.supplier, title=f"Bulk task {i}", due_on=days(i % 90 - 30),
                   source="onboarding.task", source_id=plan.pk, owner=plan.point_of_contact)
        for i in range(count)
    )  # fmt: skip
    OnboardingTask.objects.bulk_create(
        OnboardingTask(plan=plan, item=item, milestone=(30, 60, 90)[i % 3],
                       side=("ours", "supplier")[i % 2])
        for i, item in enumerate(items)
    )  # fmt: skip


def test_the_sections_use_a_fixed_number_of_queries(
    plan, buyer, supplier_a, django_assert_max_num_queries
):
    _bulk_tasks(plan, 300)
    Opportunity.objects.bulk_create(
        Opportunity(supplier=supplier_a, kind="more_volume", title=f"Idea {i}",
                    maturity_stage="transactional", raised_by=buyer)
        for i in range(80)
    )  # fmt: skip
    request = RequestFactory().get(tab(supplier_a))
    request.user = buyer

    with django_assert_max_num_queries(12):
        context = services.supplier_onboarding(buyer, supplier_a)
        html = render_to_string(
            "onboarding/_supplier_onboarding.html", {"supplier": supplier_a, **context}, request
        )

    assert html.count('id="onboarding-task-') >= 312
    assert html.count('id="opportunity-') >= 80
