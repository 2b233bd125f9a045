"""The candidates, evaluations, ranking, pilots and ramp-up endpoints: happy paths, 4xx
bodies naming the field, 403 for portal users, bounded queries."""

from __future__ import annotations

import json

import pytest

from partnerbook.sourcing import services
from partnerbook.sourcing.models import Candidate, CandidateCall, Evaluation, Pilot, RampStage

API = "/api/v1"


def _json(client, method, url, body=None):
    return getattr(client, method)(
        url, data=json.dumps(body) if body is not None else None, content_type="application/json"
    )


def _fields(response):
    return {e["field"] for e in response.json()["errors"]}


def _ids(project):
    return {c.name: c.pk for c in services.criteria_of(project)}


def test_buyer_adds_reads_and_moves_candidates(login, buyer, scored_project, supplier_a):
    client = login(buyer)
    url = f"{API}/sourcing/projects/{scored_project.pk}/candidates"
    created = _json(client, "post", url, {"supplier_id": supplier_a.pk, "source": "network"})
    assert created.status_code == 201, created.json()
    prospect = _json(client, "post", url, {"prospect_name": "Zeta Boxes", "source": "search"})
    assert prospect.status_code == 201 and prospect.json()["supplier"] == "Zeta Boxes"
    listed = client.get(url).json()
    assert [c["supplier"] for c in listed] == ["Alpha Packaging", "Zeta Boxes"]
    cid = created.json()["id"]
    detail = client.get(f"{API}/sourcing/candidates/{cid}").json()
    assert detail["ranking"]["must_have"] == "unknown" and detail["ranking"]["rank"] == 1
    moved = _json(client, "patch", f"{API}/sourcing/candidates/{cid}",
                  {"stage": "short_list", "note": "Strong", "version": 1})  # fmt: skip
    assert moved.status_code == 200 and moved.json()["stage"] == "short_list"
    stale = _json(client, "patch", f"{API}/sourcing/candidates/{cid}", {"note": "x", "version": 1})
    assert stale.status_code == 409 and _fields(stale) == {"version"}


@pytest.mark.parametrize(
    "body, field, status",
    [({"source": "search"}, "supplier_id", 400),
     ({"supplier_id": 999999, "source": "search"}, "supplier_id", 400),
     ({"prospect_name": "X", "source": "gossip"}, "source", 422),
     ({"prospect_name": "X", "source": "search", "colour": "red"}, "colour", 422)],
)  # fmt: skip
def test_bad_candidate_input_names_the_field(login, buyer, scored_project, body, field, status):
    response = _json(login(buyer), "post",
                     f"{API}/sourcing/projects/{scored_project.pk}/candidates", body)  # fmt: skip
    assert response.status_code == status, response.json()
    assert field in _fields(response)
    assert not Candidate.objects.exists()


def test_evaluation_put_is_the_callers_own_and_the_ranking_explains(
    login, buyer, manager, candidate, django_assert_max_num_queries
):
    ids = _ids(candidate.project)
    url = f"{API}/sourcing/candidates/{candidate.pk}/evaluation"
    body = {"scores": [{"criterion_id": ids["Capacity"], "score": 4},
                       {"criterion_id": ids["Cultural fit"], "score": 2},
                       {"criterion_id": ids["Certifications"], "met": True}],
            "comment": "Ok"}  # fmt: skip
    mine = _json(login(buyer), "put", url, body)
    assert mine.status_code == 200, mine.json()
    assert mine.json()["evaluator_id"] == buyer.pk and len(mine.json()["scores"]) == 3
    theirs = _json(
        login(manager), "put", url, {"scores": [{"criterion_id": ids["Capacity"], "score": 2}]}
    )
    assert theirs.status_code == 200 and Evaluation.objects.count() == 2
    again = _json(login(buyer), "put", url, body | {"version": 1})
    assert again.json()["version"] == 2
    client = login(buyer)
    with django_assert_max_num_queries(12):
        ranking = client.get(f"{API}/sourcing/projects/{candidate.project_id}/ranking")
    row = ranking.json()[0]
    assert row["median"] == 55.0 and row["spread"] == 30.0 and row["must_have"] == "pass"
    assert {t["total"] for t in row["totals"]} == {70.0, 40.0}
    assert row["reason"].startswith("First:") and any("Median 55" in x for x in row["explanation"])


@pytest.mark.parametrize(
    "score, field",
    [({"score": 6}, "scores.0.score"), ({"met": True}, "criterion"),
     ({"score": "4"}, "scores.0.score")],
)  # fmt: skip
def test_bad_evaluation_names_the_field(login, buyer, candidate, score, field):
    ids = _ids(candidate.project)
    response = _json(login(buyer), "put", f"{API}/sourcing/candidates/{candidate.pk}/evaluation",
                     {"scores": [{"criterion_id": ids["Capacity"]} | score]})  # fmt: skip
    assert response.status_code in (400, 422)
    expected = f"criterion_{ids['Capacity']}" if field == "criterion" else field
    assert expected in _fields(response), response.json()
    assert not Evaluation.objects.exists()


def test_short_list_refusal_is_a_400_on_stage(login, buyer, manager, candidate):
    ids = _ids(candidate.project)
    services.submit_evaluation(manager, candidate, {}, {ids["Certifications"]: False})
    response = _json(login(buyer), "patch", f"{API}/sourcing/candidates/{candidate.pk}",
                     {"stage": "short_list"})  # fmt: skip
    assert response.status_code == 400 and _fields(response) == {"stage"}
    assert "Certifications: not met" in response.json()["errors"][0]["message"]


def test_calls_and_validations(login, buyer, candidate):
    client = login(buyer)
    url = f"{API}/sourcing/candidates/{candidate.pk}"
    call = _json(client, "post", f"{url}/calls", {"kind": "reference", "held_on": "2026-10-01",
                                                  "person": "Jane Roe", "organisation": "Acme",
                                                  "notes": "Reliable"})  # fmt: skip
    assert call.status_code == 201 and client.get(f"{url}/calls").json()[0]["person"] == "Jane Roe"
    no_notes = _json(client, "post", f"{url}/calls",
                     {"kind": "reference", "held_on": "2026-10-01", "person": "Jo"})  # fmt: skip
    assert no_notes.status_code == 422 and "notes" in _fields(no_notes)
    validation = _json(client, "post", f"{url}/validations",
                       {"kind": "site_visit", "done_on": "2026-10-02", "result": "conditional",
                        "notes": "Fix the dust extraction"})  # fmt: skip
    assert validation.status_code == 201
    assert client.get(f"{url}/validations").json()[0]["result"] == "conditional"
    assert CandidateCall.objects.count() == 1


def test_pilots_and_ramp_stages(login, buyer, supplier_a):
    client = login(buyer)
    url = f"{API}/suppliers/{supplier_a.pk}"
    pilot = {"scope": "Runs", "starts_on": "2026-09-01", "ends_on": "2026-10-01",
             "success_criteria": "On time"}  # fmt: skip
    no_evidence = _json(client, "post", f"{url}/pilots", pilot | {"outcome": "passed"})
    assert no_evidence.status_code == 400 and _fields(no_evidence) == {"evidence"}
    created = _json(client, "post", f"{url}/pilots", pilot)
    assert created.status_code == 201, created.json()
    pid = created.json()["id"]
    full = {"stage": "full_volume", "starts_on": "2026-11-01", "volume_allowed": "1000",
            "volume_unit": "cartons a week"}  # fmt: skip
    refused = _json(client, "post", f"{url}/ramp-stages", full)
    assert refused.status_code == 400 and _fields(refused) == {"stage"}
    passed = _json(client, "patch", f"{API}/pilots/{pid}",
                   {"outcome": "passed", "evidence": "All on time", "version": 1})  # fmt: skip
    assert passed.status_code == 200 and passed.json()["decided_by_id"] == buyer.pk
    assert client.get(f"{API}/pilots/{pid}").json()["outcome"] == "passed"
    assert client.get(f"{url}/pilots").json()[0]["id"] == pid
    assert _json(client, "post", f"{url}/ramp-stages", full).status_code == 201
    stages = client.get(f"{url}/ramp-stages").json()
    assert stages[0]["stage"] == "full_volume" and stages[0]["current"]


def test_other_buyer_and_viewer_cannot_write_pilots(login, other_buyer, viewer, supplier_a):
    pilot = {"scope": "Runs", "starts_on": "2026-09-01", "ends_on": "2026-10-01",
             "success_criteria": "On time"}  # fmt: skip
    for user in (other_buyer, viewer):
        response = _json(login(user), "post", f"{API}/suppliers/{supplier_a.pk}/pilots", pilot)
        assert response.status_code == 403
    assert not Pilot.objects.exists()


def test_portal_users_get_403_everywhere(login, portal_user_a, manager, candidate, supplier_a):
    pilot = services.demo_pilot(manager, supplier_a, passed=None)
    client = login(portal_user_a)
    urls = [
        ("get", f"{API}/sourcing/projects/{candidate.project_id}/candidates"),
        ("get", f"{API}/sourcing/projects/{candidate.project_id}/ranking"),
        ("get", f"{API}/sourcing/candidates/{candidate.pk}"),
        ("get", f"{API}/sourcing/candidates/{candidate.pk}/calls"),
        ("get", f"{API}/sourcing/candidates/{candidate.pk}/validations"),
        ("put", f"{API}/sourcing/candidates/{candidate.pk}/evaluation"),
        ("get", f"{API}/suppliers/{supplier_a.pk}/pilots"),
        ("get", f"{API}/suppliers/{supplier_a.pk}/ramp-stages"),
        ("get", f"{API}/pilots/{pilot.pk}"),
        ("patch", f"{API}/pilots/{pilot.pk}"),
    ]
    for method, url in urls:
        response = _json(client, method, url, {} if method != "get" else None)
        assert response.status_code in (403, 422), (method, url)
        assert response.status_code == 403 or method != "get"
    assert not RampStage.objects.exists()
