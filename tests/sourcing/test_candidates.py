"""Candidates, calls, validations, evaluations and the ranking through the services:
permissions, refusals with their reasons, stale edits."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partnerbook.core import registry
from partnerbook.core.concurrency import StaleEdit
from partnerbook.sourcing import services
from partnerbook.sourcing.models import Candidate, CandidateCall, Evaluation, EvaluationScore
from partnerbook.suppliers.models import Supplier


def _ids(project):
    return {c.name: c.pk for c in services.criteria_of(project)}


def test_a_new_prospect_is_registered_in_the_projects_category(buyer, scored_project):
    candidate = services.add_candidate(
        buyer, scored_project, {"prospect_name": "  Gamma   Cartons ", "source": "trade_show"}
    )
    supplier = Supplier.objects.get(name="Gamma Cartons")
    assert candidate.supplier == supplier and supplier.status == "prospect"
    assert supplier.category == scored_project.category
    assert candidate.stage == "long_list" and candidate.added_by == buyer
    assert candidate.history.get().history_user == buyer


@pytest.mark.parametrize(
    "data, field",
    [({"source": "referral"}, "supplier"), ({"prospect_name": "X", "source": "gossip"}, "source"),
     ({"prospect_name": "X", "source": "search", "stage": "maybe"}, "stage")],
)  # fmt: skip
def test_bad_candidates_are_refused_naming_the_field(buyer, scored_project, data, field):
    with pytest.raises(ValidationError) as caught:
        services.add_candidate(buyer, scored_project, data)
    assert field in caught.value.message_dict
    assert not Candidate.objects.exists() and not Supplier.objects.filter(name="X").exists()


def test_the_same_supplier_cannot_be_added_twice(buyer, candidate, supplier_b):
    with pytest.raises(ValidationError) as caught:
        services.add_candidate(
            buyer, candidate.project, {"supplier": supplier_b, "source": "network"}
        )
    assert "already a candidate" in caught.value.message_dict["supplier"][0]


def test_viewers_cannot_add_candidates_or_evaluate(viewer, scored_project, candidate):
    with pytest.raises(PermissionDenied):
        services.add_candidate(viewer, scored_project, {"prospect_name": "X", "source": "search"})
    with pytest.raises(PermissionDenied):
        services.submit_evaluation(viewer, candidate, {_ids(scored_project)["Capacity"]: 3}, {})
    assert not Evaluation.objects.exists()


def test_evaluation_is_the_evaluators_own_and_editable_by_them(buyer, manager, candidate):
    ids = _ids(candidate.project)
    first = services.submit_evaluation(
        buyer, candidate, {ids["Capacity"]: 4, ids["Cultural fit"]: 2},
        {ids["Certifications"]: True}, "Solid",
    )  # fmt: skip
    services.submit_evaluation(manager, candidate, {ids["Capacity"]: 2}, {})
    again = services.submit_evaluation(buyer, candidate, {ids["Capacity"]: 5}, {}, "", 1)
    assert again.pk == first.pk and again.version == 2 and again.evaluator == buyer
    assert Evaluation.objects.count() == 2
    # Replaced: the criteria left out are no longer scored.
    assert list(first.scores.values_list("criterion_id", "score")) == [(ids["Capacity"], 5)]
    with pytest.raises(StaleEdit):
        services.submit_evaluation(buyer, candidate, {ids["Capacity"]: 1}, {}, "", 1)


@pytest.mark.parametrize(
    "scores, met, field",
    [({"Capacity": 6}, {}, "Capacity"), ({"Certifications": 3}, {}, "Certifications"),
     ({}, {"Capacity": True}, "Capacity"), ({}, {}, None)],
)  # fmt: skip
def test_bad_scores_are_refused_naming_the_criterion(buyer, candidate, scores, met, field):
    ids = _ids(candidate.project)
    with pytest.raises(ValidationError) as caught:
        services.submit_evaluation(
            buyer, candidate, {ids[k]: v for k, v in scores.items()},
            {ids[k]: v for k, v in met.items()},
        )  # fmt: skip
    expected = services.criterion_field(ids[field]) if field else "scores"
    assert expected in caught.value.message_dict
    assert not EvaluationScore.objects.exists()


def test_short_list_is_refused_while_a_must_have_is_not_met(buyer, manager, candidate):
    ids = _ids(candidate.project)
    services.submit_evaluation(
        buyer, candidate, {ids["Capacity"]: 5}, {ids["Certifications"]: True}
    )
    services.submit_evaluation(manager, candidate, {ids["Capacity"]: 5},
                               {ids["Certifications"]: False})  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        services.move_candidate(buyer, candidate, "short_list")
    message = caught.value.message_dict["stage"][0]
    assert "Certifications: not met according to" in message and manager.display_name in message
    candidate.refresh_from_db()
    assert candidate.stage == "long_list"
    services.reject_candidate(buyer, candidate, "No ISO 9001.")
    candidate.refresh_from_db()
    assert candidate.stage == "rejected" and candidate.note == "No ISO 9001."


def test_short_list_allowed_when_must_haves_are_unknown(buyer, candidate):
    moved = services.move_candidate(buyer, candidate, "short_list", candidate.version)
    assert moved.stage == "short_list" and moved.version == 2


def test_ranking_of_a_project_in_four_queries(
    buyer, manager, scored_project, candidate, django_assert_num_queries
):
    ids = _ids(scored_project)
    other = services.add_candidate(
        buyer, scored_project, {"prospect_name": "Gamma", "source": "search"}
    )
    services.submit_evaluation(buyer, candidate, {ids["Capacity"]: 3, ids["Cultural fit"]: 3},
                               {ids["Certifications"]: True})  # fmt: skip
    services.submit_evaluation(buyer, other, {ids["Capacity"]: 5, ids["Cultural fit"]: 5},
                               {ids["Certifications"]: True})  # fmt: skip
    with django_assert_num_queries(4):
        rows = services.ranking(scored_project)
    assert [(r.rank, r.candidate.supplier.name) for r in rows] == [(1, "Gamma"), (2, "Beta Boxes")]
    assert rows[1].reason == "Lower median: 60 against 100 for Gamma."


def test_calls_and_validations_need_notes(buyer, candidate):
    with pytest.raises(ValidationError) as caught:
        services.record_call(buyer, candidate, {"kind": "reference", "person": "Jane Roe",
                                                "held_on": dt.date(2026, 10, 1),
                                                "notes": "  "})  # fmt: skip
    assert "notes" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.record_validation(buyer, candidate, {"kind": "site_visit", "result": "passed",
                                                      "done_on": dt.date(2026, 10, 1)})  # fmt: skip
    assert "notes" in caught.value.message_dict
    call = services.demo_call(buyer, candidate, "reference", dt.date(2026, 10, 1),
                              ("Jane Roe", "Acme"), "Happy for 4 years.")  # fmt: skip
    assert call.with_whom == "Jane Roe (Acme)" and CandidateCall.objects.count() == 1


def test_references_checklist_item_counts_and_names_the_calls(buyer, candidate, supplier_a):
    item = next(i for i in registry.checklist_items() if i.key == "references")
    assert item.label == "At least two reference calls" and item.order == 30
    services.demo_call(buyer, candidate, "reference", dt.date(2026, 10, 1), "Jane Roe, Acme", "Ok")
    services.demo_call(buyer, candidate, "discovery", dt.date(2026, 10, 2), "Sam, Beta", "Intro")
    ids = [candidate.supplier_id, supplier_a.pk]
    result = item.check(ids)
    assert set(result) == set(ids)
    assert not result[candidate.supplier_id].ok
    assert result[candidate.supplier_id].evidence == "1 reference call recorded; 2 needed."
    assert result[supplier_a.pk].evidence == "0 reference calls recorded; 2 needed."
    services.demo_call(buyer, candidate, "reference", dt.date(2026, 10, 5), "Ola Berg, Delta", "Ok")
    done = item.check(ids)[candidate.supplier_id]
    assert done.ok and done.evidence == (
        "2 reference calls: Jane Roe (Acme, 2026-10-01), Ola Berg (Delta, 2026-10-05)."
    )
    assert services.reference_calls_by_supplier(ids) == {candidate.supplier_id: 2, supplier_a.pk: 0}
