"""Importing and exporting sourcing criteria: row/column/reason, nothing written on error,
idempotent, the export reads back unchanged."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnerbook.core import registry
from partnerbook.sourcing import services
from partnerbook.sourcing.imports import import_criteria
from partnerbook.sourcing.models import Criterion

from .conftest import weighted

HEADER = "project_id,pillar,name,description,must_have,weight\n"


def _file(project, *rows):
    return (HEADER + "".join(f"{project.pk},{row}\n" for row in rows)).encode()


def _errors(result):
    return [(e.row, e.column) for e in result.errors]


def test_the_import_kind_is_registered():
    kind = next(k for k in registry.import_kinds() if k.key == "sourcing_criteria")
    assert kind.run is import_criteria and kind.action == "sourcing.edit"


def test_import_adds_and_updates_and_is_idempotent(buyer, project):
    services.add_criterion(buyer, project, weighted("capabilities", "Capacity", 10))
    data = _file(
        project,
        "capabilities,capacity,Room to grow,no,30",
        "values,Ethics,,yes,",
        "goals,Willingness to co-innovate,,no,15",
    )
    result = import_criteria(buyer, data, "criteria.csv")
    assert result.error_count == 0, result.errors
    assert (result.created, result.updated, result.unchanged) == (2, 1, 0)
    capacity = Criterion.objects.get(name__iexact="capacity")
    assert capacity.weight == 30 and capacity.description == "Room to grow"
    again = import_criteria(buyer, data, "criteria.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert Criterion.objects.count() == 3


def test_bad_rows_are_reported_and_nothing_is_written(buyer, project):
    data = (
        _file(
            project,
            "goals,Growth,,no,10",
            "values,Ethics,,yes,5",
            "goals,Speed,,no,",
            "goals,Cost,,no,-3",
            "price,Price,,no,5",
            "goals,growth,,no,5",
            "goals,Fit,,maybe,5",
        )
        + b"999999,goals,Lost,,no,5\n"
    )
    result = import_criteria(buyer, data, "criteria.csv")
    assert result.blocked
    assert _errors(result) == [
        (3, "weight"), (4, "weight"), (5, "weight"), (6, "pillar"), (7, "name"),
        (8, "must_have"), (9, "project_id"),
    ]  # fmt: skip
    assert not Criterion.objects.exists()
    valid = import_criteria(buyer, data, "criteria.csv", valid_only=True)
    assert valid.created == 1 and list(Criterion.objects.values_list("name", flat=True)) == [
        "Growth"
    ]


def test_a_closed_project_and_a_viewer_are_refused(buyer, viewer, project):
    with pytest.raises(PermissionDenied):
        import_criteria(viewer, _file(project, "goals,Growth,,no,10"), "c.csv")
    services.update_project(buyer, project, {"status": "closed"})
    result = import_criteria(buyer, _file(project, "goals,Growth,,no,10"), "c.csv")
    assert _errors(result) == [(2, "project_id")]
    assert not Criterion.objects.exists()


def test_unknown_column_blocks_the_file(buyer, project):
    data = b"project_id,pillar,name,colour\n" + f"{project.pk},goals,Growth,red\n".encode()
    result = import_criteria(buyer, data, "c.csv")
    assert result.blocked and not Criterion.objects.exists()


def test_the_export_reads_back_unchanged(login, buyer, viewer, project, portal_user_a):
    services.add_criterion(buyer, project, weighted("capabilities", "Capacity", 30, "=SUM(A1)"))
    services.add_criterion(buyer, project, {"pillar": "values", "name": "Ethics",
                                            "must_have": True, "weight": None})  # fmt: skip
    url = reverse("sourcing:criteria_export", args=[project.pk])
    response = login(viewer).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "text/csv"
    assert "'=SUM(A1)" in response.content.decode("utf-8-sig")
    result = import_criteria(buyer, response.content, "back.csv")
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2), result.errors
    assert Criterion.objects.get(name="Capacity").description == "=SUM(A1)"
    assert login(portal_user_a).get(url).status_code == 403


def test_the_import_page_offers_sourcing_criteria(login, manager, project):
    response = login(manager).get(reverse("suppliers:import"), {"kind": "sourcing_criteria"})
    assert response.status_code == 200
    assert b"Sourcing criteria (of sourcing projects)" in response.content
    upload = _file(project, "goals,Growth,,no,10")
    posted = login(manager).post(
        reverse("suppliers:import"),
        {"kind": "sourcing_criteria", "file": SimpleUploadedFile("c.csv", upload)},
    )
    assert posted.status_code == 200
    assert list(Criterion.objects.values_list("name", flat=True)) == ["Growth"]
