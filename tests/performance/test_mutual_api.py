"""The mutual scorecard over the REST API: reading the quarters side by side, entering the
supplier's ratings of us, the export; permissions, stale versions and bad input."""

from __future__ import annotations

import datetime as dt

import pytest

from partnerbook.performance import ratings
from partnerbook.performance.models import PartnerRating
from partnerbook.performance.ratings import PartnerScore
from tests.api import API, error_fields, token_client
from tests.performance.test_ratings_support import partner_rows

JSON = "application/json"
BODY = {"quarter": "2026-Q1", "ratings": {"payment_on_time": {"score": 2, "comment": "Late"},
                                          "fairness": {"score": 4}}}  # fmt: skip


def path(supplier, tail=""):
    return f"{API}/suppliers/{supplier.pk}/mutual-scorecard{tail}"


def test_the_owner_puts_a_quarter_and_gets_the_quarters_back(frozen, buyer, supplier_a):
    response = token_client(buyer).put(path(supplier_a), BODY, content_type=JSON)

    body = response.json()
    assert response.status_code == 200, body
    assert [q["quarter"] for q in body["quarters"]] == ["2026-Q1", "2025-Q4", "2025-Q3",
                                                        "2025-Q2"]  # fmt: skip
    q1 = body["quarters"][0]
    assert (q1["their_score"], q1["their_light"], q1["our_overall"]) == (50.0, "yellow", None)
    criteria = {c["criterion"]: c for c in q1["criteria"]}
    assert (criteria["payment_on_time"]["score"], criteria["payment_on_time"]["comment"]) == (
        2, "Late",
    )  # fmt: skip
    assert criteria["payment_on_time"]["source"] == "owner"
    assert criteria["spec_clarity"]["score"] is None
    assert q1["explanation"].startswith("2026 Q1: 2 of 5 criteria rated")


def test_the_mutual_scorecard_is_read_by_viewers(frozen, buyer, viewer, supplier_a):
    ratings.save_partner_ratings(
        buyer, supplier_a, dt.date(2026, 4, 1), {"fairness": PartnerScore(5)}
    )

    body = token_client(viewer).get(path(supplier_a), {"quarters": 2}).json()
    older = token_client(viewer).get(path(supplier_a), {"quarter": "2025-Q2", "quarters": 1}).json()

    assert [q["quarter"] for q in body["quarters"]] == ["2026-Q2", "2026-Q1"]
    assert body["quarters"][0]["their_score"] == 100.0
    assert [q["quarter"] for q in older["quarters"]] == ["2025-Q2"]


def test_a_stale_version_is_a_409_and_saves_nothing(frozen, buyer, manager, supplier_a):
    token_client(buyer).put(path(supplier_a), BODY, content_type=JSON)
    token_client(manager).put(
        path(supplier_a), {"quarter": "2026-Q1", "ratings": {"fairness": {"score": 3}}},
        content_type=JSON,
    )  # fmt: skip
    before = partner_rows()

    response = token_client(buyer).put(
        path(supplier_a),
        {"quarter": "2026-Q1", "ratings": {"fairness": {"score": 5, "version": 1},
                                           "spec_clarity": {"score": 4}}},
        content_type=JSON,
    )  # fmt: skip

    assert response.status_code == 409
    assert error_fields(response) == {"version"}
    assert partner_rows() == before


@pytest.mark.parametrize(
    ("payload", "status", "field"),
    [
        ({**BODY, "quarter": "2026-Q5"}, 422, "quarter"),
        ({**BODY, "quarter": "2026-01-01"}, 422, "quarter"),
        ({**BODY, "quarter": "2026-Q4"}, 400, "quarter"),  # the future
        ({**BODY, "ratings": {}}, 422, "ratings"),
        ({**BODY, "ratings": {"fairness": {"score": 6}}}, 422, "ratings.fairness.score"),
        ({**BODY, "ratings": {"fairness": {"score": 0}}}, 422, "ratings.fairness.score"),
        ({**BODY, "ratings": {"fairness": {"score": 3.5}}}, 422, "ratings.fairness.score"),
        ({**BODY, "ratings": {"fairness": {"score": "4"}}}, 422, "ratings.fairness.score"),
        ({**BODY, "ratings": {"kindness": {"score": 4}}}, 422, "ratings.kindness"),
        ({**BODY, "ratings": {"fairness": {"score": 4, "comment": "x" * 501}}}, 422,
         "ratings.fairness.comment"),
        ({**BODY, "source": "portal"}, 422, "source"),
        ({"ratings": BODY["ratings"]}, 422, "quarter"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_naming_the_field(frozen, buyer, supplier_a, payload, status, field):
    response = token_client(buyer).put(path(supplier_a), payload, content_type=JSON)

    assert response.status_code == status, response.json()
    assert field in error_fields(response)
    assert partner_rows() == [0]


@pytest.mark.parametrize("query", [{"quarter": "2026-2"}, {"quarters": 0}, {"quarters": 21}])
def test_bad_filters_are_refused(frozen, viewer, supplier_a, query):
    response = token_client(viewer).get(path(supplier_a), query)

    assert response.status_code == 422
    assert error_fields(response) == set(query)


def test_a_buyer_of_another_supplier_and_a_viewer_cannot_enter_it(
    frozen, other_buyer, viewer, supplier_a
):
    for user in (other_buyer, viewer):
        response = token_client(user).put(path(supplier_a), BODY, content_type=JSON)
        assert response.status_code == 403
    assert partner_rows() == [0]


def test_portal_users_get_403_even_for_their_own_supplier(frozen, portal_user_a, supplier_a):
    client = token_client(portal_user_a)

    assert client.get(path(supplier_a)).status_code == 403
    assert client.get(path(supplier_a, "/export")).status_code == 403
    assert client.put(path(supplier_a), BODY, content_type=JSON).status_code == 403
    assert partner_rows() == [0]


def test_an_unknown_supplier_is_404(frozen, buyer):
    response = token_client(buyer).put(f"{API}/suppliers/999999/mutual-scorecard", BODY,
                                       content_type=JSON)  # fmt: skip

    assert response.status_code == 404


def test_the_export_endpoint(frozen, buyer, viewer, supplier_a):
    token_client(buyer).put(path(supplier_a), BODY, content_type=JSON)
    client = token_client(viewer)

    csv_file = client.get(path(supplier_a, "/export"), {"quarter": "2026-Q1", "quarters": 1})
    xlsx_file = client.get(path(supplier_a, "/export"), {"format": "xlsx"})

    lines = csv_file.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("quarter,our_score,our_standing,their_score")
    assert lines[1].startswith("2026-Q1,,no data,50,yellow,2,,,,4,")
    assert len(lines) == 2
    assert xlsx_file["Content-Type"].startswith("application/vnd.openxml")
    assert PartnerRating.objects.count() == 2
