"""The export of supplier issues: a workbook with a sheet per kind, one kind as CSV, scoped
to what the user may see and the list filters, in a bounded number of queries."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from partnerbook.conflicts import services

URL = reverse("conflicts:export")


def rows(response):
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_anonymous_and_portal_users_get_no_export(client, login, portal_user_a, issue):
    assert client.get(URL).status_code == 302
    response = login(portal_user_a).get(URL + "?format=csv")
    assert response.status_code in (403, 404)
    assert b"Scuffed" not in response.content


def test_bad_format_or_kind_is_a_404(login, viewer, issue):
    assert login(viewer).get(URL + "?format=pdf").status_code == 404
    assert login(viewer).get(URL + "?format=csv&kind=secrets").status_code == 404


def test_the_workbook_has_a_sheet_per_kind(login, viewer, buyer, issue):
    services.record_step(buyer, issue, "define", {"ours": "=SUM(A1)"})
    response = login(viewer).get(URL + "?format=xlsx")

    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Issues", "Problem-solving steps", "Agreed actions",
                               "Escalations", "Corrective actions", "Retrospectives"]  # fmt: skip
    issues = list(book["Issues"].values)
    assert issues[0][:4] == ("id", "external_id", "supplier", "title")
    assert issues[1][0] == issue.pk and issues[1][3] == "Scuffed outer cartons"
    step = list(book["Problem-solving steps"].values)[1]
    assert step[3] == "=SUM(A1)" and book["Problem-solving steps"]["D2"].data_type == "s"
    cars = list(book["Corrective actions"].values)[0]
    assert "d1_team" in cars and "d8_closure" in cars


def test_csv_follows_the_list_filters(login, viewer, buyer, supplier_a, issue):
    services.raise_issue(buyer, supplier_a, {"title": "Late pallets", "category": "delivery",
                                             "severity": "major"})  # fmt: skip
    everything = rows(login(viewer).get(URL + "?format=csv&kind=issues"))
    major = rows(login(viewer).get(URL + "?format=csv&kind=issues&severity=major"))
    searched = rows(login(viewer).get(URL + "?format=csv&kind=issues&q=cartons"))

    assert {r["title"] for r in everything} == {"Late pallets", "Scuffed outer cartons"}
    assert [r["title"] for r in major] == ["Late pallets"]
    assert [r["title"] for r in searched] == ["Scuffed outer cartons"]


def test_formula_text_is_guarded_in_csv(login, viewer, buyer, issue):
    services.record_step(buyer, issue, "define", {"ours": "=HYPERLINK(1)"})
    found = rows(login(viewer).get(URL + "?format=csv&kind=issue_steps"))
    assert found[0]["ours"] == "'=HYPERLINK(1)"


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_export_is_bounded_in_queries(
    login, viewer, buyer, supplier_a, fmt, django_assert_max_num_queries
):
    for n in range(25):
        issue = services.raise_issue(buyer, supplier_a, {"title": f"Issue {n}",
                                     "category": "quality", "severity": "major"})  # fmt: skip
        services.record_step(buyer, issue, "define", {"ours": "Found it"})
        services.move(buyer, issue, 2, "The working level needs support.")
        services.open_corrective_action(buyer, issue)
    client = login(viewer)
    with django_assert_max_num_queries(14):
        response = client.get(URL + f"?format={fmt}&kind=corrective_actions")
    assert response.status_code == 200
