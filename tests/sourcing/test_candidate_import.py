"""Importing candidates, evaluations and pilots: row, column and reason for each problem,
nothing written on error, a second import of the same file changes nothing."""

from __future__ import annotations

from partnerbook.core import registry
from partnerbook.sourcing import imports
from partnerbook.sourcing.models import Candidate, Evaluation, EvaluationScore, Pilot
from partnerbook.suppliers.models import Supplier


def _errors(result):
    return [(e.row, e.column) for e in result.errors]


def test_the_import_kinds_are_registered():
    kinds = {k.key: k for k in registry.import_kinds()}
    assert kinds["sourcing_candidates"].run is imports.import_candidates
    assert kinds["sourcing_evaluations"].run is imports.import_evaluations
    assert kinds["pilots"].run is imports.import_pilots
    assert tuple(kinds["pilots"].columns) == imports.PILOT_COLUMNS


def _candidates_file(project, *rows):
    header = "project_id,supplier_name,source,stage,note\n"
    return (header + "".join(f"{project.pk},{row}\n" for row in rows)).encode()


def test_candidates_import_creates_prospects_and_is_idempotent(buyer, scored_project, supplier_a):
    data = _candidates_file(scored_project, "alpha packaging,network,,Known to us",
                            "Omega Trays,inbound,short_list,")  # fmt: skip
    result = imports.import_candidates(buyer, data, "c.csv")
    assert result.applied and result.created == 2, result.errors
    omega = Supplier.objects.get(name="Omega Trays")
    assert omega.status == "prospect" and omega.category == scored_project.category
    assert Candidate.objects.get(supplier=omega).stage == "short_list"
    again = imports.import_candidates(buyer, data, "c.csv")
    assert again.unchanged == 2 and Supplier.objects.filter(name="Omega Trays").count() == 1


def test_candidates_import_with_errors_changes_nothing(buyer, scored_project):
    data = _candidates_file(scored_project, "Omega Trays,inbound,,", "Psi,gossip,,",
                            "Chi,search,maybe,", "omega trays,search,,")  # fmt: skip
    result = imports.import_candidates(buyer, data, "c.csv")
    assert result.blocked and not result.applied
    assert _errors(result) == [(3, "source"), (4, "stage"), (5, "supplier_name")]
    assert "gossip" not in result.errors[0].reason
    assert (
        not Candidate.objects.exists() and not Supplier.objects.filter(name="Omega Trays").exists()
    )


def test_evaluations_import_groups_rows_into_scorecards(buyer, manager, candidate):
    project = candidate.project
    header = "project_id,supplier_name,evaluator_username,criterion_name,score,met\n"
    rows = [f"{project.pk},Beta Boxes,{buyer.username},Capacity,4,",
            f"{project.pk},Beta Boxes,{buyer.username},certifications,,yes",
            f"{project.pk},Beta Boxes,{manager.username},Cultural fit,3,"]  # fmt: skip
    data = (header + "\n".join(rows) + "\n").encode()
    result = imports.import_evaluations(manager, data, "e.csv")
    assert result.applied and result.created == 2, result.errors
    assert EvaluationScore.objects.count() == 3
    assert Evaluation.objects.get(evaluator=buyer).scores.count() == 2
    assert imports.import_evaluations(manager, data, "e.csv").unchanged == 2


def test_evaluations_import_reports_each_problem(buyer, candidate):
    project = candidate.project
    header = "project_id,supplier_name,evaluator_username,criterion_name,score,met\n"
    rows = [f"{project.pk},Beta Boxes,{buyer.username},Capacity,7,",
            f"{project.pk},Beta Boxes,{buyer.username},Certifications,3,",
            f"{project.pk},Nobody,{buyer.username},Capacity,3,",
            f"{project.pk},Beta Boxes,ghost,Capacity,3,",
            f"{project.pk},Beta Boxes,{buyer.username},Speed,3,",
            f"999999,Beta Boxes,{buyer.username},Capacity,3,"]  # fmt: skip
    result = imports.import_evaluations(buyer, (header + "\n".join(rows)).encode(), "e.csv")
    assert _errors(result) == [(2, "score"), (3, "met"), (4, "supplier_name"),
                               (5, "evaluator_username"), (6, "criterion_name"),
                               (7, "project_id")]  # fmt: skip
    assert not Evaluation.objects.exists()


def test_a_buyer_may_only_import_their_own_evaluations(buyer, manager, candidate):
    header = "project_id,supplier_name,evaluator_username,criterion_name,score,met\n"
    row = f"{candidate.project_id},Beta Boxes,{manager.username},Capacity,3,\n"
    result = imports.import_evaluations(buyer, (header + row).encode(), "e.csv")
    assert _errors(result) == [(2, "evaluator_username")]


def test_pilots_import(buyer, supplier_a, supplier_b):
    header = "supplier_name,scope,starts_on,ends_on,success_criteria,outcome,evidence\n"
    good = "Alpha Packaging,Two runs,2026-09-01,2026-10-01,On time,passed,97% on time\n"
    bad = ("Beta Boxes,Two runs,2026-09-01,2026-10-01,On time,pending,\n"  # not the buyer's
           "Alpha Packaging,Runs,2026-13-01,2026-10-01,On time,pending,\n"
           "Alpha Packaging,Runs,2026-11-01,2026-12-01,On time,failed,\n"
           "Nobody,Runs,2026-11-01,2026-12-01,On time,,\n")  # fmt: skip
    result = imports.import_pilots(buyer, (header + good + bad).encode(), "p.csv")
    assert _errors(result) == [(3, "supplier_name"), (4, "starts_on"), (5, "evidence"),
                               (6, "supplier_name")]  # fmt: skip
    assert not Pilot.objects.exists()
    done = imports.import_pilots(buyer, (header + good).encode(), "p.csv")
    assert done.applied and done.created == 1
    assert Pilot.objects.get().decided_by == buyer
    assert imports.import_pilots(buyer, (header + good).encode(), "p.csv").unchanged == 1
