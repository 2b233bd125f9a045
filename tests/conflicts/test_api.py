"""The REST API of supplier issues: permissions, bad input naming the field, the happy paths,
stale versions and bounded queries."""

from __future__ import annotations

import pytest
from django.test import Client

from partnerbook.conflicts import domain, services
from partnerbook.conflicts.models import (
    Breach,
    Escalation,
    ProblemStep,
    Retrospective,
    SupplierIssue,
)
from partnerbook.suppliers import services as supplier_services
from tests.api import API, error_fields, token_client

JSON = "application/json"
NEW_ISSUE = {"title": "Late pallets", "category": "delivery", "severity": "major"}


@pytest.fixture
def as_buyer(buyer):
    return token_client(buyer)


def test_anonymous_is_refused(issue, supplier_a):
    client = Client()
    assert client.get(f"{API}/issues").status_code == 401
    assert client.get(f"{API}/issues/{issue.pk}").status_code == 401
    response = client.post(f"{API}/suppliers/{supplier_a.pk}/issues", NEW_ISSUE, content_type=JSON)
    assert response.status_code == 401


@pytest.mark.parametrize(
    "path",
    ["/issues", "/issues/{issue}", "/issues/{issue}/escalations", "/escalation-audit",
     "/issue-statistics", "/suppliers/{supplier}/issues", "/suppliers/{supplier}/retrospectives"],
)  # fmt: skip
def test_portal_user_reads_nothing(portal_user_a, issue, supplier_a, path):
    client = token_client(portal_user_a)
    response = client.get(API + path.format(issue=issue.pk, supplier=supplier_a.pk))
    assert response.status_code in (403, 404)
    assert "Scuffed" not in response.content.decode()


def test_portal_user_cannot_raise_an_issue(portal_user_a, supplier_a):
    client = token_client(portal_user_a)
    response = client.post(f"{API}/suppliers/{supplier_a.pk}/issues", NEW_ISSUE, content_type=JSON)
    assert response.status_code == 403
    assert not SupplierIssue.objects.exists()


def test_viewer_reads_but_cannot_write(viewer, issue):
    client = token_client(viewer)
    assert client.get(f"{API}/issues/{issue.pk}").json()["title"] == "Scuffed outer cartons"
    response = client.patch(f"{API}/issues/{issue.pk}", {"title": "X"}, content_type=JSON)
    assert response.status_code == 403
    response = client.post(
        f"{API}/issues/{issue.pk}/escalations",
        {"to_level": 2, "reason": "The working level is stuck."}, content_type=JSON,
    )  # fmt: skip
    assert response.status_code == 403
    issue.refresh_from_db()
    assert (issue.title, issue.level) == ("Scuffed outer cartons", 1)


WRITES = [
    ("post", "/suppliers/{supplier}/issues", NEW_ISSUE),
    ("patch", "/issues/{issue}", {"title": "Renamed"}),
    ("post", "/issues/{issue}/resolve", {"resolution": "Replaced"}),
    ("post", "/issues/{issue}/reopen", {"reason": "Back again"}),
    ("put", "/issues/{issue}/steps/define", {"ours": "Cartons scuffed in transit"}),
    ("post", "/issues/{issue}/actions", {"title": "Check", "owner_id": 1, "due_on": "2030-01-01"}),
    ("post", "/issues/{issue}/escalations", {"to_level": 2, "reason": "The team is stuck."}),
    ("post", "/issues/{issue}/corrective-action", {}),
    ("put", "/corrective-actions/{car}/disciplines/d1_team", {"text": "Team"}),
    ("post", "/corrective-actions/{car}/close", {"closure": "Done"}),
    ("post", "/suppliers/{supplier}/retrospectives",
     {"milestone": "Launch", "ours_worked": "A", "theirs_worked": "B"}),
    ("post", "/suppliers/{supplier}/breaches", {"kind": "hidden_problem", "description": "x"}),
]  # fmt: skip


@pytest.mark.parametrize("who", ["viewer", "other_buyer"])
@pytest.mark.parametrize(("method", "path", "payload"), WRITES)
def test_viewer_and_another_suppliers_buyer_cannot_write(
    request, who, issue, supplier_a, manager, method, path, payload
):
    car = services.open_corrective_action(manager, issue) if "{car}" in path else None
    client = token_client(request.getfixturevalue(who))
    before = [
        list(model.objects.values().order_by("pk"))
        for model in (SupplierIssue, Escalation, Retrospective, Breach, ProblemStep)
    ]
    url = API + path.format(issue=issue.pk, supplier=supplier_a.pk, car=car.pk if car else 0)

    response = getattr(client, method)(url, payload, content_type=JSON)

    assert response.status_code == 403, response.content
    after = [
        list(model.objects.values().order_by("pk"))
        for model in (SupplierIssue, Escalation, Retrospective, Breach, ProblemStep)
    ]
    assert after == before


def test_buyer_raises_reads_and_lists_an_issue(as_buyer, supplier_a):
    response = as_buyer.post(
        f"{API}/suppliers/{supplier_a.pk}/issues",
        {**NEW_ISSUE, "safety_impact": True, "raised_by_side": "supplier"}, content_type=JSON,
    )  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["level"], body["status"], body["raised_by_side"]) == (1, "open", "supplier")
    assert [s["step"] for s in body["steps"]] == ["define", "data", "options", "actions",
                                                  "follow_up"]  # fmt: skip
    assert "Level 1" in body["time_box"]["explanation"]
    assert body["corrective_action_id"] is None
    listed = as_buyer.get(f"{API}/issues?severity=major").json()
    assert listed["count"] == 1 and listed["items"][0]["supplier_name"] == supplier_a.name
    assert as_buyer.get(f"{API}/issues?severity=minor").json()["count"] == 0


@pytest.mark.parametrize(
    ("payload", "field"),
    [({"title": "", "category": "quality", "severity": "minor"}, "title"),
     ({"title": "A", "category": "weather", "severity": "minor"}, "category"),
     ({"title": "A", "category": "quality", "severity": "huge"}, "severity"),
     ({"title": "A", "category": "quality", "severity": "minor", "safety_impact": 1},
      "safety_impact"),
     ({"title": "A", "category": "quality", "severity": "minor", "colour": "red"}, "colour"),
     ({"title": "A" * 201, "category": "quality", "severity": "minor"}, "title")],
)  # fmt: skip
def test_bad_issue_input_names_the_field(as_buyer, supplier_a, payload, field):
    response = as_buyer.post(f"{API}/suppliers/{supplier_a.pk}/issues", payload, content_type=JSON)
    assert response.status_code == 422
    assert field in error_fields(response)


def test_an_issue_raised_in_the_future_is_a_400_naming_raised_at(as_buyer, supplier_a):
    response = as_buyer.post(
        f"{API}/suppliers/{supplier_a.pk}/issues",
        {**NEW_ISSUE, "raised_at": "2999-01-01T10:00:00Z"}, content_type=JSON,
    )  # fmt: skip
    assert response.status_code == 400
    assert error_fields(response) == {"raised_at"}


def test_a_stale_version_is_a_409(as_buyer, issue, buyer):
    services.update_issue(buyer, issue, {"severity": "major"})
    response = as_buyer.patch(
        f"{API}/issues/{issue.pk}", {"title": "Crushed cartons", "version": 1}, content_type=JSON
    )
    assert response.status_code == 409
    assert error_fields(response) == {"version"}
    response = as_buyer.patch(
        f"{API}/issues/{issue.pk}", {"title": "Crushed cartons", "version": 2}, content_type=JSON
    )
    assert response.status_code == 200 and response.json()["title"] == "Crushed cartons"


def test_a_stale_version_refuses_resolving(as_buyer, issue, buyer):
    services.update_issue(buyer, issue, {"severity": "major"})
    response = as_buyer.post(
        f"{API}/issues/{issue.pk}/resolve", {"resolution": "Replaced.", "version": 1},
        content_type=JSON,
    )  # fmt: skip
    assert response.status_code == 409 and error_fields(response) == {"version"}
    issue.refresh_from_db()
    assert issue.status == "open"


def test_patch_refuses_null(as_buyer, issue):
    response = as_buyer.patch(f"{API}/issues/{issue.pk}", {"title": None}, content_type=JSON)
    assert response.status_code == 422 and error_fields(response) == {"title"}


def test_resolve_and_reopen(as_buyer, issue):
    response = as_buyer.post(
        f"{API}/issues/{issue.pk}/resolve", {"resolution": "Cartons replaced."}, content_type=JSON
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["resolved_level"]) == ("resolved", 1)
    assert response.json()["time_box"] is None
    again = as_buyer.post(
        f"{API}/issues/{issue.pk}/resolve", {"resolution": "Again."}, content_type=JSON
    )
    assert again.status_code == 400 and error_fields(again) == {"status"}
    reopened = as_buyer.post(
        f"{API}/issues/{issue.pk}/reopen", {"reason": "Scuffs are back."}, content_type=JSON
    )
    assert reopened.status_code == 200 and reopened.json()["status"] == "open"


def test_a_step_is_recorded_with_blame_hints(as_buyer, issue):
    response = as_buyer.put(
        f"{API}/issues/{issue.pk}/steps/define",
        {"ours": "It is their fault, the packer was careless.", "theirs": "Straps too tight."},
        content_type=JSON,
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["recorded"] and body["theirs"] == "Straps too tight."
    assert "says whose fault it is" in body["blame_hints"] and body["rule"]
    assert issue.steps.get().ours.startswith("It is their fault")


def test_bad_step_input(as_buyer, issue):
    unknown = as_buyer.put(f"{API}/issues/{issue.pk}/steps/guess", {"ours": "x"}, content_type=JSON)
    assert unknown.status_code == 422 and "step" in error_fields(unknown)
    held = as_buyer.put(
        f"{API}/issues/{issue.pk}/steps/define", {"ours": "x", "held": True}, content_type=JSON
    )
    assert held.status_code == 400 and error_fields(held) == {"held"}
    empty = as_buyer.put(f"{API}/issues/{issue.pk}/steps/data", {}, content_type=JSON)
    assert empty.status_code == 400 and error_fields(empty) == {"ours"}


def test_agreed_actions(as_buyer, issue, supplier_a, buyer, manager):
    contact = supplier_services.create_contact(
        manager, supplier_a, {"side": "supplier", "name": "Ana Quality"}
    )
    ours = as_buyer.post(
        f"{API}/issues/{issue.pk}/actions",
        {"title": "Check straps", "owner_id": buyer.pk, "due_on": "2030-01-10"}, content_type=JSON,
    )  # fmt: skip
    theirs = as_buyer.post(
        f"{API}/issues/{issue.pk}/actions",
        {"title": "Retrain packers", "owner_contact_id": contact.pk, "due_on": "2030-01-12"},
        content_type=JSON,
    )
    assert (ours.status_code, theirs.status_code) == (201, 201), ours.content
    assert theirs.json()["owner_contact_name"] == "Ana Quality"
    listed = as_buyer.get(f"{API}/issues/{issue.pk}/actions").json()
    assert [a["title"] for a in listed] == ["Check straps", "Retrain packers"]
    detail = as_buyer.get(f"{API}/issues/{issue.pk}").json()
    assert sorted(detail["action_ids"]) == sorted(a["id"] for a in listed)


def test_bad_action_input(as_buyer, issue):
    url = f"{API}/issues/{issue.pk}/actions"
    nobody = as_buyer.post(url, {"title": "X", "due_on": "2030-01-01"}, content_type=JSON)
    assert nobody.status_code == 400 and error_fields(nobody) == {"owner_id"}
    unknown = as_buyer.post(
        url, {"title": "X", "owner_contact_id": 999999, "due_on": "2030-01-01"}, content_type=JSON
    )
    assert unknown.status_code == 400 and error_fields(unknown) == {"owner_contact_id"}
    no_date = as_buyer.post(url, {"title": "X", "owner_id": 1}, content_type=JSON)
    assert no_date.status_code == 422 and "due_on" in error_fields(no_date)


def test_escalations(as_buyer, issue):
    url = f"{API}/issues/{issue.pk}/escalations"
    short = as_buyer.post(url, {"to_level": 2, "reason": "stuck"}, content_type=JSON)
    assert short.status_code == 422 and error_fields(short) == {"reason"}
    off_path = as_buyer.post(
        url, {"to_level": 9, "reason": "Nobody answers at level one."}, content_type=JSON
    )
    assert off_path.status_code == 400 and error_fields(off_path) == {"to_level"}
    stale = as_buyer.post(
        url, {"to_level": 2, "reason": "Nobody answers at level one.", "version": 7},
        content_type=JSON,
    )  # fmt: skip
    assert stale.status_code == 409
    moved = as_buyer.post(
        url, {"to_level": 2, "reason": "Nobody answers at level one."}, content_type=JSON
    )
    assert moved.status_code == 201 and moved.json()["upward"] is True
    assert [e["to_level"] for e in as_buyer.get(url).json()] == [2]
    audit = as_buyer.get(f"{API}/escalation-audit?limit=10").json()
    assert audit["audited"] == 1 and audit["flagged"] == 1
    assert audit["rows"][0]["flags"][0]["rule"] == "minor_fast"
    assert audit["habits"][0]["count"] == 1
    assert as_buyer.get(f"{API}/escalation-audit?limit=0").status_code == 422


def test_corrective_action_request(as_buyer, issue):
    opened = as_buyer.post(f"{API}/issues/{issue.pk}/corrective-action", {}, content_type=JSON)
    assert opened.status_code == 201, opened.content
    car_id = opened.json()["id"]
    twice = as_buyer.post(f"{API}/issues/{issue.pk}/corrective-action", {}, content_type=JSON)
    assert twice.status_code == 400 and error_fields(twice) == {"issue_id"}
    base = f"{API}/corrective-actions/{car_id}"
    bad = as_buyer.put(f"{base}/disciplines/d9_magic", {"text": "x"}, content_type=JSON)
    assert bad.status_code == 422 and "discipline" in error_fields(bad)
    early = as_buyer.post(f"{base}/close", {"closure": "Thanks all."}, content_type=JSON)
    assert early.status_code == 400 and error_fields(early) == {"closure"}
    for key in ("d1_team", "d2_problem", "d3_containment", "d4_root_cause",
                "d5_corrective_action", "d6_verification", "d7_prevention"):  # fmt: skip
        answer = as_buyer.put(
            f"{base}/disciplines/{key}", {"text": f"Answer {key}", "side": "supplier"},
            content_type=JSON,
        )  # fmt: skip
        assert answer.status_code == 200
    closed = as_buyer.post(f"{base}/close", {"closure": "Thanks all."}, content_type=JSON)
    assert closed.status_code == 200 and closed.json()["closed_on"] is not None
    assert closed.json()["missing"] == []
    assert as_buyer.get(f"{API}/issues/{issue.pk}").json()["corrective_action_id"] == car_id


def test_retrospectives_and_breaches(as_buyer, supplier_a, issue, other_buyer):
    url = f"{API}/suppliers/{supplier_a.pk}/retrospectives"
    one_sided = as_buyer.post(
        url, {"milestone": "Launch", "ours_worked": "Fast samples"}, content_type=JSON
    )
    assert one_sided.status_code == 400 and error_fields(one_sided) == {"theirs_worked"}
    made = as_buyer.post(
        url, {"milestone": "Launch", "ours_worked": "Fast samples",
              "theirs_change": "Earlier forecasts", "issue_id": issue.pk}, content_type=JSON,
    )  # fmt: skip
    assert made.status_code == 201, made.content
    retro = Retrospective.objects.get()
    assert as_buyer.get(url).json()["items"][0]["id"] == retro.pk
    assert as_buyer.get(f"{API}/retrospectives/{retro.pk}").json()["issue_id"] == issue.pk
    breach_url = f"{API}/suppliers/{supplier_a.pk}/breaches"
    wrong = as_buyer.post(breach_url, {"kind": "theft", "description": "x"}, content_type=JSON)
    assert wrong.status_code == 422 and "kind" in error_fields(wrong)
    no_plan = as_buyer.post(
        breach_url, {"kind": "hidden_problem", "description": "Kept a defect quiet.",
                     "recovery_plan_id": 12345}, content_type=JSON,
    )  # fmt: skip
    assert no_plan.status_code == 400 and error_fields(no_plan) == {"recovery_plan_id"}
    breach = as_buyer.post(
        breach_url, {"kind": "hidden_problem", "description": "Kept a defect quiet."},
        content_type=JSON,
    )  # fmt: skip
    assert breach.status_code == 201 and breach.json()["kind_label"]
    assert as_buyer.get(f"{API}/breaches/{Breach.objects.get().pk}").status_code == 200
    other = token_client(other_buyer)
    refused = other.post(breach_url, {"kind": "hidden_problem", "description": "x"},
                         content_type=JSON)  # fmt: skip
    assert refused.status_code == 403
    assert Breach.objects.count() == 1


def test_statistics(as_buyer, issue, buyer):
    services.record_step(buyer, issue, "define", {"theirs": "Straps too tight."})
    services.resolve(buyer, issue, "Cartons replaced.")
    body = as_buyer.get(f"{API}/issue-statistics?category=quality").json()
    assert body["overall"]["n"] == 1 and body["overall"]["joint_n"] == 1
    assert set(body["by_severity"]) == {"minor"}
    assert as_buyer.get(f"{API}/issue-statistics?category=weather").status_code == 422


def test_issue_lists_are_bounded_in_queries(
    as_buyer, buyer, supplier_a, django_assert_max_num_queries
):
    for n in range(30):
        issue = services.raise_issue(buyer, supplier_a, {**NEW_ISSUE, "title": f"Issue {n}"})
        services.move(buyer, issue, 2, "The working level needs help here.")
    for n in range(10):
        services.record_retrospective(buyer, supplier_a, {"milestone": f"M{n}", "ours_worked": "A",
                                                          "theirs_worked": "B"})  # fmt: skip
        services.record_breach(buyer, supplier_a, {"kind": "hidden_problem",
                                                   "description": f"Breach {n}"})  # fmt: skip
        services.record_step(buyer, issue, domain.STEP_KEYS[n % 5], {"ours": f"Step {n}"})
        services.add_action(buyer, issue, {"title": f"Action {n}", "owner": buyer,
                                           "due_on": issue.raised_at.date()})  # fmt: skip
    for url in (f"{API}/issues?limit=100", f"{API}/suppliers/{supplier_a.pk}/issues",
                f"{API}/escalation-audit?limit=500", f"{API}/issue-statistics",
                f"{API}/suppliers/{supplier_a.pk}/retrospectives",
                f"{API}/suppliers/{supplier_a.pk}/breaches", f"{API}/issues/{issue.pk}",
                f"{API}/issues/{issue.pk}/actions",
                f"{API}/issues/{issue.pk}/escalations"):  # fmt: skip
        with django_assert_max_num_queries(8):
            assert as_buyer.get(url).status_code == 200
    assert Escalation.objects.count() == 30
