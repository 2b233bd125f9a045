"""Reviewers' scores over the REST API: listing, giving and correcting a score, the summary
with who has not scored, the export; permissions and bad input."""

from __future__ import annotations

import datetime as dt

import pytest

from partnerbook.performance import ratings
from partnerbook.performance.models import KpiRating
from tests.api import API, error_fields, token_client
from tests.performance import test_ratings_support as support

JSON = "application/json"
SCORE = {"kpi": "collaboration", "period": "2026-05", "score": 70}


judgement_kpi = support.judgement_kpi  # a shared fixture
reviewer = support.reviewer  # a shared fixture


def path(supplier, tail=""):
    return f"{API}/suppliers/{supplier.pk}/ratings{tail}"


def test_a_reviewer_gives_and_corrects_a_score(frozen, judgement_kpi, other_buyer, supplier_a):
    client = token_client(other_buyer)

    created = client.post(path(supplier_a), {**SCORE, "comment": "Open books"}, content_type=JSON)
    corrected = client.post(path(supplier_a), {**SCORE, "score": 75, "version": 1},
                            content_type=JSON)  # fmt: skip

    assert created.status_code == 201, created.json()
    assert corrected.status_code == 200
    body = corrected.json()
    assert (body["kpi"], body["period"], body["rater"], body["score"], body["version"]) == (
        "collaboration", "2026-05-01", "bea", 75.0, 2,
    )  # fmt: skip
    assert KpiRating.objects.count() == 1


def test_a_stale_version_is_a_409_and_changes_nothing(frozen, judgement_kpi, buyer, supplier_a):
    client = token_client(buyer)
    client.post(path(supplier_a), SCORE, content_type=JSON)
    client.post(path(supplier_a), {**SCORE, "score": 80, "version": 1}, content_type=JSON)

    response = client.post(path(supplier_a), {**SCORE, "score": 10, "version": 1},
                           content_type=JSON)  # fmt: skip

    assert response.status_code == 409
    assert error_fields(response) == {"version"}
    assert KpiRating.objects.get().score == 80


def test_scores_are_listed_newest_first_and_filtered(
    frozen, judgement_kpi, buyer, reviewer, viewer, supplier_a
):
    ratings.give_rating(buyer, supplier_a, "collaboration", dt.date(2026, 5, 1), 70)
    ratings.give_rating(reviewer, supplier_a, "collaboration", dt.date(2026, 4, 1), 60)
    client = token_client(viewer)

    everything = client.get(path(supplier_a)).json()
    april = client.get(path(supplier_a), {"period": "2026-04"}).json()
    other_kpi = client.get(path(supplier_a), {"kpi": "openness"}).json()

    assert [(r["period"], r["rater"]) for r in everything["items"]] == [
        ("2026-05-01", "ben"), ("2026-04-01", "rita"),
    ]  # fmt: skip
    assert [r["rater"] for r in april["items"]] == ["rita"]
    assert other_kpi == {"items": [], "count": 0}


def test_the_summary_gives_median_spread_and_who_has_not_scored(
    frozen, judgement_kpi, buyer, reviewer, manager, viewer, supplier_a
):
    ratings.give_rating(reviewer, supplier_a, "collaboration", dt.date(2026, 5, 1), 60)
    ratings.give_rating(manager, supplier_a, "collaboration", dt.date(2026, 5, 1), 71)

    body = token_client(viewer).get(path(supplier_a, "/summary"), {"period": "2026-05"}).json()

    assert len(body) == 1
    panel = body[0]
    assert (panel["kpi"], panel["median"], panel["spread"], panel["count"]) == (
        "collaboration", 65.5, 11.0, 2,
    )  # fmt: skip
    assert [p["username"] for p in panel["not_scored"]] == ["ben"]
    assert [s["reviewer"]["username"] for s in panel["scores"]] == ["mara", "rita"]
    scorecard = (
        token_client(viewer)
        .get(f"{API}/suppliers/{supplier_a.pk}/scorecard", {"period": "2026-05"})
        .json()
    )
    assert next(k for k in scorecard["kpis"] if k["key"] == "collaboration")["value"] == 65.5


@pytest.mark.parametrize(
    ("payload", "status", "field"),
    [
        ({**SCORE, "period": "2026-13"}, 422, "period"),
        ({**SCORE, "period": "2026-05-01"}, 422, "period"),
        ({**SCORE, "score": 101}, 422, "score"),
        ({**SCORE, "score": -0.5}, 422, "score"),
        ({**SCORE, "score": "70"}, 422, "score"),
        ({**SCORE, "score": True}, 422, "score"),
        ({**SCORE, "comment": "x" * 501}, 422, "comment"),
        ({**SCORE, "version": 0}, 422, "version"),
        ({**SCORE, "rater": "someone"}, 422, "rater"),
        ({"kpi": "collaboration", "period": "2026-05"}, 422, "score"),
        ({**SCORE, "kpi": "on_time"}, 400, "kpi"),
        ({**SCORE, "kpi": "nothing_like_it"}, 400, "kpi"),
        ({**SCORE, "period": "2026-08"}, 400, "period"),  # the future
    ],
)
def test_bad_input_is_refused_naming_the_field(
    frozen, judgement_kpi, standard_kpis, buyer, supplier_a, payload, status, field
):
    response = token_client(buyer).post(path(supplier_a), payload, content_type=JSON)

    assert response.status_code == status, response.json()
    assert field in error_fields(response)
    assert not KpiRating.objects.exists()


@pytest.mark.parametrize("query", [{"period": "May"}, {"kpi": "Not A Key"}, {"granularity": "x"}])
def test_bad_filters_are_refused(frozen, viewer, supplier_a, query):
    tail = "/summary" if "granularity" in query else ""

    response = token_client(viewer).get(path(supplier_a, tail), query)

    assert response.status_code == 422
    assert error_fields(response) == set(query)


def test_an_unknown_supplier_is_404(frozen, judgement_kpi, buyer):
    response = token_client(buyer).post(f"{API}/suppliers/999999/ratings", SCORE,
                                        content_type=JSON)  # fmt: skip

    assert response.status_code == 404
    assert not KpiRating.objects.exists()


def test_a_viewer_is_refused_with_403(frozen, judgement_kpi, viewer, supplier_a):
    response = token_client(viewer).post(path(supplier_a), SCORE, content_type=JSON)

    assert response.status_code == 403
    assert not KpiRating.objects.exists()


def test_portal_users_get_403_even_for_their_own_supplier(
    frozen, judgement_kpi, buyer, portal_user_a, supplier_a
):
    ratings.give_rating(buyer, supplier_a, "collaboration", dt.date(2026, 5, 1), 70)
    client = token_client(portal_user_a)

    for tail in ("", "/summary", "/export"):
        assert client.get(path(supplier_a, tail)).status_code == 403, tail
    assert client.post(path(supplier_a), SCORE, content_type=JSON).status_code == 403
    assert KpiRating.objects.get().score == 70


def test_the_export_endpoint_gives_csv_or_xlsx(frozen, judgement_kpi, buyer, viewer, supplier_a):
    ratings.give_rating(buyer, supplier_a, "collaboration", dt.date(2026, 5, 1), 70)
    client = token_client(viewer)

    csv_file = client.get(path(supplier_a, "/export"))
    xlsx_file = client.get(path(supplier_a, "/export"), {"format": "xlsx"})
    bad = client.get(path(supplier_a, "/export"), {"format": "pdf"})

    assert csv_file["Content-Type"].startswith("text/csv")
    assert "collaboration,2026-05,ben,70" in csv_file.content.decode("utf-8-sig")
    assert xlsx_file["Content-Type"].startswith("application/vnd.openxml")
    assert bad.status_code == 422 and error_fields(bad) == {"format"}
