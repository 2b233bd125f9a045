"""Reviewers' scores on the Performance tab: the panel (median, spread, each score, who has
not scored), the form to give your score, correcting it, the export; permissions, bad
input and bounded queries."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerbook.accounts.models import Role
from partnerbook.performance import ratings, services
from partnerbook.performance.models import KpiRating
from tests.factories import UserFactory
from tests.performance import test_ratings_support as support
from tests.performance.test_ratings_support import JUDGEMENT

MAY = dt.date(2026, 5, 1)


judgement_kpi = support.judgement_kpi  # a shared fixture
reviewer = support.reviewer  # a shared fixture


def tab(supplier, **query):
    url = reverse("performance:supplier", args=[supplier.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def give_url(supplier):
    return reverse("performance:rating_give", args=[supplier.pk])


def give(user, supplier, score, period=MAY):
    return ratings.give_rating(user, supplier, "collaboration", period, score)


def test_the_tab_shows_median_spread_scores_and_who_has_not_scored(
    frozen, login, judgement_kpi, viewer, buyer, manager, reviewer, supplier_a
):
    give(reviewer, supplier_a, 60)
    give(manager, supplier_a, 90)

    html = login(viewer).get(tab(supplier_a, period="2026-05")).content.decode()

    assert 'id="panel-collaboration"' in html
    assert 'id="median-collaboration">75<' in html
    assert "spread 30" in html and "2 scored" in html
    assert "Rita Reviewer" in html and "<td>60</td>" in html and "<td>90</td>" in html
    missing = html.split('id="missing-collaboration"')[1].split("</p>")[0]
    assert "Not scored yet for 2026-05:" in missing and buyer.display_name in missing
    assert "Collaboration, 2026-05: median 75 of 2 scores (spread 30); 1 expected reviewer" in html
    # The median is the KPI's value in the scorecard table too.
    row = html.split('id="kpi-collaboration"')[1].split("</tr>")[0]
    assert "75 points" in row
    assert 'id="rating-form"' not in html  # viewers do not score


def test_a_buyer_gives_a_score_from_the_tab(frozen, login, judgement_kpi, other_buyer, supplier_a):
    page = login(other_buyer).get(tab(supplier_a)).content.decode()
    assert 'id="rating-form"' in page and 'value="2026-06"' in page  # this month by default

    response = login(other_buyer).post(
        give_url(supplier_a),
        {"kpi": "collaboration", "period": "2026-05", "score": "72.5", "comment": " Good "},
    )

    assert response.status_code == 302
    assert response["Location"].endswith("?granularity=month&period=2026-05")
    rating = KpiRating.objects.get()
    assert (rating.rater, rating.score, rating.comment) == (other_buyer, 72.5, "Good")


def test_you_correct_your_score_on_its_own_page_and_a_stale_form_is_refused(
    frozen, login, judgement_kpi, buyer, supplier_a
):
    give(buyer, supplier_a, 70)
    client = login(buyer)
    html = client.get(tab(supplier_a, period="2026-05")).content.decode()
    assert "Change your score" in html

    form = client.get(give_url(supplier_a) + "?kpi=collaboration&period=2026-05")
    page = form.content.decode()
    assert 'name="version" value="1"' in page and 'value="70.0"' in page
    data = {"kpi": "collaboration", "period": "2026-05", "score": "75", "comment": "",
            "version": "1", "loaded": "collaboration|2026-05"}  # fmt: skip
    first = client.post(give_url(supplier_a), data)
    stale = client.post(give_url(supplier_a), {**data, "score": "20"})

    assert first.status_code == 302
    assert stale.status_code == 409
    assert "Someone else saved this score" in stale.content.decode()
    assert KpiRating.objects.get().score == 75


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"period": "May 2026"}, "period"),
        ({"period": "2026-13"}, "period"),
        ({"period": "2026-09"}, "period"),  # the future
        ({"score": "high"}, "score"),
        ({"score": "-5"}, "score"),
        ({"score": "101"}, "score"),
        ({"score": ""}, "score"),
        ({"kpi": "on_time"}, "kpi"),  # not a judgement KPI
        ({"comment": "x" * 501}, "comment"),
    ],
)
def test_a_bad_score_shows_field_errors_and_saves_nothing(
    frozen, login, judgement_kpi, standard_kpis, buyer, supplier_a, data, field
):
    payload = {"kpi": "collaboration", "period": "2026-05", "score": "70", **data}

    response = login(buyer).post(give_url(supplier_a), payload)

    assert response.status_code == 400
    assert f'id="error-rating-{field}"' in response.content.decode()
    assert not KpiRating.objects.exists()


def test_a_viewer_cannot_give_a_score(frozen, login, judgement_kpi, viewer, supplier_a):
    client = login(viewer)

    assert client.get(give_url(supplier_a)).status_code == 403
    response = client.post(give_url(supplier_a), {"kpi": "collaboration", "period": "2026-05",
                                                  "score": "70"})  # fmt: skip
    assert response.status_code == 403
    assert not KpiRating.objects.exists()


def test_portal_users_get_403_on_every_page(
    frozen, login, judgement_kpi, portal_user_a, buyer, supplier_a
):
    give(buyer, supplier_a, 70)
    client = login(portal_user_a)
    urls = [
        tab(supplier_a),
        give_url(supplier_a),
        reverse("performance:ratings_export", args=[supplier_a.pk, "csv"]),
    ]

    for url in urls:
        assert client.get(url).status_code == 403, url
    assert client.post(give_url(supplier_a), {"kpi": "collaboration", "period": "2026-05",
                                              "score": "1"}).status_code == 403  # fmt: skip
    assert KpiRating.objects.get().score == 70


def test_an_unknown_supplier_is_404(frozen, login, buyer):
    url = reverse("performance:rating_give", args=[999999])

    assert login(buyer).get(url).status_code == 404


def test_the_give_page_says_when_there_is_nothing_to_score(frozen, login, buyer, supplier_a):
    html = login(buyer).get(give_url(supplier_a)).content.decode()

    assert 'id="no-judgement"' in html


def test_the_export_lists_every_score_in_the_import_columns(
    frozen, login, judgement_kpi, viewer, buyer, reviewer, supplier_a
):
    give(buyer, supplier_a, 70)
    give(reviewer, supplier_a, 64.5, period=dt.date(2026, 4, 1))
    url = reverse("performance:ratings_export", args=[supplier_a.pk, "csv"])

    rows = list(csv.reader(io.StringIO(login(viewer).get(url).content.decode("utf-8-sig"))))
    narrowed = login(viewer).get(url + "?period=2026-04").content.decode("utf-8-sig")
    xlsx = login(viewer).get(reverse("performance:ratings_export", args=[supplier_a.pk, "xlsx"]))

    assert rows == [
        list(ratings.RATING_COLUMNS),
        ["ERP-A", "Alpha Packaging", "collaboration", "2026-05", "ben", "70", ""],
        ["ERP-A", "Alpha Packaging", "collaboration", "2026-04", "rita", "64.5", ""],
    ]
    assert "ben" not in narrowed and "rita" in narrowed
    assert xlsx["Content-Type"].startswith("application/vnd.openxml")
    assert login(viewer).get(url + "?period=May").status_code == 400
    bad_format = reverse("performance:ratings_export", args=[supplier_a.pk, "pdf"])
    assert login(viewer).get(bad_format).status_code == 404


def _many_scores(manager, supplier, reviewers, months):
    rows = [
        ratings.RatingRow(supplier, key, dt.date(2026, m, 1), user, 40 + (n * 7 + m) % 60)
        for key in ("collaboration", "openness")
        for m in months
        for n, user in enumerate(reviewers)
    ]
    ratings.save_ratings(manager, rows)


def test_the_tab_runs_a_bounded_number_of_queries_with_many_scores(
    frozen, login, judgement_kpi, manager, buyer, supplier_a, django_assert_max_num_queries
):
    services.define_kpi(manager, {**JUDGEMENT, "key": "openness", "name": "Openness"})
    few = [UserFactory(username="few-0", role=Role.BUYER)]
    _many_scores(manager, supplier_a, few, [5])
    client = login(buyer)
    with CaptureQueriesContext(connection) as small:
        assert client.get(tab(supplier_a, period="2026-05")).status_code == 200
    many = [UserFactory(username=f"rev-{n:02d}", role=Role.BUYER) for n in range(30)]
    _many_scores(manager, supplier_a, many, range(1, 7))
    assert KpiRating.objects.count() > 300

    with django_assert_max_num_queries(len(small)):
        response = client.get(tab(supplier_a, period="2026-05"))

    html = response.content.decode()
    assert html.count("31 scored") == 2  # both judgement KPIs
    assert html.count(f'badge missing">{buyer.display_name}<') == 2  # only the owner is missing
