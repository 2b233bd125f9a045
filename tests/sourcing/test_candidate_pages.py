"""The candidates on the project page and the candidate page: permissions, refusals, the
side-by-side evaluations and bounded queries on a large project."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from partnerbook.accounts.models import Role
from partnerbook.sourcing import services
from partnerbook.sourcing.models import Candidate, Criterion, Evaluation, EvaluationScore
from tests.factories import UserFactory, bulk_suppliers


def _ids(project):
    return {c.name: c.pk for c in services.criteria_of(project)}


def test_viewer_reads_candidates_but_cannot_write(login, viewer, candidate):
    client = login(viewer)
    project_page = client.get(reverse("sourcing:project", args=[candidate.project_id]))
    assert project_page.status_code == 200 and b"Beta Boxes" in project_page.content
    assert b"add-candidate" not in project_page.content
    page = client.get(reverse("sourcing:candidate", args=[candidate.pk]))
    assert page.status_code == 200 and b"evaluation-form" not in page.content
    ids = _ids(candidate.project)
    posts = [
        (reverse("sourcing:candidate_create", args=[candidate.project_id]),
         {"prospect_name": "X", "source": "search"}),
        (reverse("sourcing:candidate_move", args=[candidate.pk]), {"stage": "rejected"}),
        (reverse("sourcing:evaluation", args=[candidate.pk]),
         {f"criterion_{ids['Capacity']}": "3"}),
        (reverse("sourcing:call_create", args=[candidate.pk]),
         {"kind": "reference", "held_on": "2026-10-01", "person": "Jo", "notes": "Ok"}),
    ]  # fmt: skip
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    candidate.refresh_from_db()
    assert candidate.stage == "long_list" and Candidate.objects.count() == 1
    assert not Evaluation.objects.exists() and not candidate.calls.exists()


def test_portal_users_get_403_on_candidate_pages(login, portal_user_a, candidate):
    client = login(portal_user_a)
    assert client.get(reverse("sourcing:candidate", args=[candidate.pk])).status_code == 403
    export = reverse("sourcing:candidates_export", args=[candidate.project_id, "csv"])
    assert client.get(export).status_code == 403
    move = client.post(
        reverse("sourcing:candidate_move", args=[candidate.pk]), {"stage": "rejected"}
    )
    assert move.status_code == 403


def test_buyer_adds_a_prospect_and_bad_input_is_shown(login, buyer, scored_project):
    client = login(buyer)
    url = reverse("sourcing:candidate_create", args=[scored_project.pk])
    bad = client.post(url, {"source": "search"})
    assert bad.status_code == 400 and b"Pick a supplier" in bad.content
    ok = client.post(url, {"prospect_name": "Delta Crates", "source": "inbound"})
    assert ok.status_code == 302
    assert Candidate.objects.get().supplier.name == "Delta Crates"


def test_evaluation_form_saves_and_the_page_shows_evaluators_side_by_side(
    login, buyer, manager, candidate
):
    ids = _ids(candidate.project)
    services.submit_evaluation(manager, candidate, {ids["Capacity"]: 2}, {})
    client = login(buyer)
    url = reverse("sourcing:evaluation", args=[candidate.pk])
    bad = client.post(url, {f"criterion_{ids['Capacity']}": "9"})
    assert bad.status_code == 400 and not Evaluation.objects.filter(evaluator=buyer).exists()
    response = client.post(url, {f"criterion_{ids['Capacity']}": "4",
                                 f"criterion_{ids['Cultural fit']}": "2",
                                 f"criterion_{ids['Certifications']}": "yes",
                                 "comment": "Good plant"})  # fmt: skip
    assert response.status_code == 302
    page = client.get(reverse("sourcing:candidate", args=[candidate.pk])).content.decode()
    assert buyer.display_name in page and manager.display_name in page
    assert "evaluation-matrix" in page and "spread 30" in page  # 70 and 40
    assert "Median 55" in page and "incomplete" in page  # the manager left criteria out


def test_short_list_refusal_is_shown_with_the_reason(login, buyer, manager, candidate):
    ids = _ids(candidate.project)
    services.submit_evaluation(manager, candidate, {}, {ids["Certifications"]: False})
    client = login(buyer)
    move = client.post(reverse("sourcing:candidate_move", args=[candidate.pk]),
                       {"stage": "short_list"}, follow=True)  # fmt: skip
    assert b"cannot be moved to the short list" in move.content
    candidate.refresh_from_db()
    assert candidate.stage == "long_list"


def test_candidates_export_in_rank_order(login, viewer, buyer, candidate):
    services.add_candidate(buyer, candidate.project, {"prospect_name": "Gamma", "source": "search"})
    ids = _ids(candidate.project)
    services.submit_evaluation(
        buyer, candidate, {ids["Capacity"]: 5}, {ids["Certifications"]: True}
    )
    csv = login(viewer).get(
        reverse("sourcing:candidates_export", args=[candidate.project_id, "csv"])
    )
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("rank,supplier_name,source,stage,must_haves,median")
    assert lines[1].startswith("1,Beta Boxes,referral,long_list,pass,100")
    assert lines[2].startswith("2,Gamma,search,long_list,unknown,")
    xlsx = login(viewer).get(
        reverse("sourcing:candidates_export", args=[candidate.project_id, "xlsx"])
    )
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


@pytest.fixture
def big_project(project, buyer):
    """200 candidates × 3 evaluators × 10 criteria, made with bulk_create."""
    criteria = Criterion.objects.bulk_create(
        Criterion(project=project, pillar="capabilities", name=f"Criterion {i}",
                  must_have=i < 2, weight=None if i < 2 else 10)
        for i in range(10)
    )  # fmt: skip
    suppliers = bulk_suppliers(200, prefix="Candidate supplier")
    candidates = Candidate.objects.bulk_create(
        Candidate(project=project, supplier=s, source="search") for s in suppliers
    )
    evaluators = [buyer] + [UserFactory(username=f"eval{i}", role=Role.BUYER) for i in range(2)]
    now = timezone.now()
    evaluations = Evaluation.objects.bulk_create(
        Evaluation(candidate=c, evaluator=u, submitted_at=now)
        for c in candidates
        for u in evaluators
    )
    EvaluationScore.objects.bulk_create(
        EvaluationScore(evaluation=e, criterion=c, met=True if c.must_have else None,
                        score=None if c.must_have else (e.pk + c.pk) % 6)
        for e in evaluations for c in criteria
    )  # fmt: skip
    return project


def test_project_page_with_200_candidates_has_bounded_queries(
    login, buyer, big_project, django_assert_max_num_queries
):
    client = login(buyer)
    url = reverse("sourcing:project", args=[big_project.pk])
    with django_assert_max_num_queries(25):
        page = client.get(url)
    assert page.status_code == 200
    assert page.content.count(b'id="candidate-') == 200
    candidate = Candidate.objects.filter(project=big_project).first()
    with django_assert_max_num_queries(25):
        detail = client.get(reverse("sourcing:candidate", args=[candidate.pk]))
    assert detail.status_code == 200 and b"of 200" in detail.content
    with django_assert_max_num_queries(12):
        export = client.get(reverse("sourcing:candidates_export", args=[big_project.pk, "csv"]))
    assert len(export.content.decode("utf-8-sig").splitlines()) == 201


def test_playbook_tab_queries_do_not_grow_with_rivals(
    login, manager, big_project, django_assert_max_num_queries
):
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    supplier = Candidate.objects.filter(project=big_project).first().supplier
    request = RequestFactory().get("/")
    request.user = manager
    with django_assert_max_num_queries(12):
        context = services.supplier_playbook(manager, supplier)
        html = render_to_string(
            "sourcing/_supplier_playbook.html", {"supplier": supplier, **context}, request
        )
    assert "of 200" in html and 'id="pilot-form"' in html
    page = login(manager).get(reverse("gate:supplier", args=[supplier.pk]))
    assert page.status_code == 200 and b"of 200" in page.content


def test_demo_helpers_build_a_short_list(manager, buyer, category, supplier_b):
    project = services.demo_project(manager, category)
    first, second = services.demo_candidates(
        manager, project, [(supplier_b, "existing"), ("Epsilon Packaging", "trade_show")]
    )
    services.demo_evaluation(buyer, first, {"Capacity": 4, "Location": 3},
                             {"Certifications": True, "Financial health": True,
                              "Ethics and compliance": True})  # fmt: skip
    services.move_candidate(manager, first, "short_list")
    services.demo_call(manager, second, "discovery", dt.date(2026, 10, 1), "Eve, Epsilon", "Intro")
    rows = services.ranking(project)
    assert rows[0].candidate == first and rows[0].score.must_have.status == "pass"


def test_ranking_endpoint_with_200_candidates_has_bounded_queries(
    login, buyer, big_project, django_assert_max_num_queries
):
    client = login(buyer)
    with django_assert_max_num_queries(12):
        response = client.get(f"/api/v1/sourcing/projects/{big_project.pk}/ranking")
    rows = response.json()
    assert len(rows) == 200 and [r["rank"] for r in rows] == list(range(1, 201))
    assert all(len(r["totals"]) == 3 for r in rows)
    medians = [r["median"] for r in rows]
    assert medians == sorted(medians, reverse=True)  # all pass the must-haves
