"""Onboarding plans, tasks and growth opportunities over the REST API: the happy paths,
bad input naming the field, stale edits, permissions and portal users."""

from __future__ import annotations

import datetime as dt

import pytest

from partnerbook.actions.models import ActionItem
from partnerbook.onboarding import services
from partnerbook.onboarding.models import OnboardingPlan, OnboardingTask, Opportunity
from tests.api import API, error_fields, token_client

from .conftest import days, move_to

JSON = "application/json"


def onboarding_url(supplier):
    return f"{API}/suppliers/{supplier.pk}/onboarding"


def test_start_read_and_change_a_plan(buyer, viewer, supplier_a, their_contacts):
    client = token_client(buyer)
    assert client.get(onboarding_url(supplier_a)).status_code == 404

    created = client.post(
        onboarding_url(supplier_a),
        {"point_of_contact_id": buyer.pk, "starts_on": days(-40).isoformat()},
        content_type=JSON,
    )

    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["point_of_contact_name"] == buyer.display_name and body["status"] == "active"
    assert len(body["tasks"]) == 12 and [p["milestone"] for p in body["progress"]] == [30, 60, 90]
    assert body["progress"][0]["overdue"] == 5 and body["overall"]["total"] == 12
    assert {t["side"] for t in body["tasks"]} == {"ours", "supplier"}
    assert token_client(viewer).get(onboarding_url(supplier_a)).json() == body

    plan_url = f"{API}/onboarding/plans/{body['id']}"
    patched = client.patch(plan_url, {"success_90": "Review held", "version": 1}, content_type=JSON)
    stale = client.patch(plan_url, {"success_90": "Old", "version": 1}, content_type=JSON)
    assert patched.status_code == 200 and patched.json()["version"] == 2
    assert stale.status_code == 409 and error_fields(stale) == {"version"}
    refused = client.patch(plan_url, {"status": "completed"}, content_type=JSON)
    assert refused.status_code == 400 and error_fields(refused) == {"status"}


@pytest.mark.parametrize(
    ("payload", "status", "field"),
    [({}, 422, "point_of_contact_id"),
     ({"point_of_contact_id": "ben"}, 422, "point_of_contact_id"),
     ({"point_of_contact_id": 999999}, 400, "point_of_contact_id"),
     ({"point_of_contact_id": "portal"}, 400, "point_of_contact_id"),
     ({"point_of_contact_id": "me", "starts_on": "02/11/2026"}, 422, "starts_on"),
     ({"point_of_contact_id": "me", "success_30": "x" * 2001}, 422, "success_30"),
     ({"point_of_contact_id": "me", "starts_on": "9999-12-31"}, 400, "starts_on"),
     ({"point_of_contact_id": "me", "colour": "red"}, 422, "colour")],
)  # fmt: skip
def test_bad_plans_name_the_field_and_create_nothing(
    buyer, supplier_a, portal_user_a, payload, status, field
):
    swap = {"me": buyer.pk, "portal": portal_user_a.pk}
    payload = {k: swap.get(v, v) if isinstance(v, str) else v for k, v in payload.items()}
    response = token_client(buyer).post(onboarding_url(supplier_a), payload, content_type=JSON)

    assert response.status_code == status, response.json()
    assert field in error_fields(response)
    assert not OnboardingPlan.objects.exists() and not ActionItem.objects.exists()


def test_a_second_active_plan_is_refused(plan, buyer, supplier_a):
    response = token_client(buyer).post(
        onboarding_url(supplier_a), {"point_of_contact_id": buyer.pk}, content_type=JSON
    )

    assert response.status_code == 400 and error_fields(response) == {"supplier"}
    assert OnboardingPlan.objects.count() == 1


def test_add_tasks(plan, buyer, their_contacts):
    url = f"{API}/onboarding/plans/{plan.pk}/tasks"
    client = token_client(buyer)

    added = client.post(
        url, {"milestone": 60, "title": "Share forecasts",
              "owner_contact_id": their_contacts["quality"].pk}, content_type=JSON,
    )  # fmt: skip
    bad_milestone = client.post(url, {"milestone": 45, "title": "X"}, content_type=JSON)
    unknown_owner = client.post(
        url, {"milestone": 30, "title": "X", "owner_id": 999999}, content_type=JSON
    )
    wrong_side = client.post(
        url, {"milestone": 30, "title": "X", "side": "supplier", "owner_id": buyer.pk},
        content_type=JSON,
    )  # fmt: skip

    assert added.status_code == 201, added.json()
    task = added.json()
    assert task["side"] == "supplier" and task["owner_contact_name"] == "Anna Quality"
    assert task["due_on"] == (plan.starts_on + dt.timedelta(60)).isoformat()
    assert bad_milestone.status_code == 422 and error_fields(bad_milestone) == {"milestone"}
    assert unknown_owner.status_code == 400 and error_fields(unknown_owner) == {"owner_id"}
    assert wrong_side.status_code == 400 and error_fields(wrong_side) == {"owner_id"}
    assert OnboardingTask.objects.count() == 13


def test_opportunities_over_the_api(manager, buyer, viewer, supplier_a):
    url = f"{API}/suppliers/{supplier_a.pk}/opportunities"
    client = token_client(buyer)

    misfit = client.post(url, {"kind": "co_investment", "title": "Tooling"}, content_type=JSON)
    move_to(manager, supplier_a, "cooperative", "collaborative", "strategic")
    created = client.post(url, {"kind": "co_investment", "title": "Tooling"}, content_type=JSON)

    assert misfit.status_code == 400 and error_fields(misfit) == {"kind"}
    assert "strategic" in misfit.json()["errors"][0]["message"]
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["maturity_stage"] == "strategic" and body["status"] == "idea"
    listed = token_client(viewer).get(url).json()
    assert [o["id"] for o in listed] == [body["id"]]
    one = f"{API}/opportunities/{body['id']}"
    assert token_client(viewer).get(one).json() == body
    no_outcome = client.patch(one, {"status": "dropped"}, content_type=JSON)
    bad_review = client.patch(one, {"review_id": 424242}, content_type=JSON)
    done = client.patch(
        one, {"status": "dropped", "outcome": "Budget cut.", "version": 1}, content_type=JSON
    )
    stale = client.patch(one, {"title": "Old", "version": 1}, content_type=JSON)
    assert no_outcome.status_code == 400 and error_fields(no_outcome) == {"outcome"}
    assert bad_review.status_code == 400 and error_fields(bad_review) == {"review_id"}
    assert done.status_code == 200 and done.json()["version"] == 2
    assert stale.status_code == 409 and error_fields(stale) == {"version"}


def test_who_may_write(plan, viewer, other_buyer, supplier_a):
    for user in (viewer, other_buyer):
        client = token_client(user)
        assert client.post(
            f"{API}/onboarding/plans/{plan.pk}/tasks", {"milestone": 30, "title": "X"},
            content_type=JSON,
        ).status_code == 403  # fmt: skip
        assert (
            client.patch(
                f"{API}/onboarding/plans/{plan.pk}", {"success_30": "X"}, content_type=JSON
            ).status_code
            == 403
        )
        assert client.post(
            f"{API}/suppliers/{supplier_a.pk}/opportunities",
            {"kind": "more_volume", "title": "X"}, content_type=JSON,
        ).status_code == 403  # fmt: skip
    assert OnboardingTask.objects.count() == 12 and not Opportunity.objects.exists()
    missing = token_client(other_buyer).patch(
        f"{API}/onboarding/plans/999999", {"success_30": "X"}, content_type=JSON
    )
    assert missing.status_code == 404
    assert token_client(viewer).get(f"{API}/suppliers/999999/onboarding").status_code == 404


@pytest.mark.parametrize(
    ("method", "path", "payload"),
    [("get", "/suppliers/{a}/onboarding", None),
     ("post", "/suppliers/{a}/onboarding", {"point_of_contact_id": 1}),
     ("patch", "/onboarding/plans/{plan}", {"success_30": "x"}),
     ("post", "/onboarding/plans/{plan}/tasks", {"milestone": 30, "title": "x"}),
     ("get", "/suppliers/{a}/opportunities", None),
     ("post", "/suppliers/{a}/opportunities", {"kind": "more_volume", "title": "x"}),
     ("get", "/opportunities/{opportunity}", None),
     ("patch", "/opportunities/{opportunity}", {"title": "x"})],
)  # fmt: skip
def test_portal_users_get_403(portal_user_a, plan, buyer, supplier_a, method, path, payload):
    opportunity = services.create_opportunity(
        buyer, supplier_a, {"kind": "more_volume", "title": "More"}
    )
    url = API + path.format(a=supplier_a.pk, plan=plan.pk, opportunity=opportunity.pk)

    response = getattr(token_client(portal_user_a), method)(url, payload, content_type=JSON)

    assert response.status_code == 403
    assert OnboardingTask.objects.count() == 12
    assert Opportunity.objects.get().title == "More"
