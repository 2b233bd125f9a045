"""The mutual scorecard on the Performance tab: our score of each quarter beside the
supplier's rating of us, the form to enter it, its own page for a quarter, the export;
permissions, bad input and bounded queries."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerbook.performance import domain, ratings, services
from partnerbook.performance.models import PartnerRating
from partnerbook.performance.ratings import PartnerScore
from tests.performance.conftest import may_deliveries
from tests.performance.test_ratings_support import partner_rows

Q1, Q2 = dt.date(2026, 1, 1), dt.date(2026, 4, 1)
FULL = {"quarter": "2026-Q1", "loaded_quarter": "2026-Q1", "payment_on_time": "2",
        "payment_on_time_comment": "Invoices paid 20 days late", "fairness": "4"}  # fmt: skip


def tab(supplier, **query):
    url = reverse("performance:supplier", args=[supplier.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def edit_url(supplier):
    return reverse("performance:mutual_edit", args=[supplier.pk])


def save(user, supplier, quarter, **scores):
    given = {k: PartnerScore(v) for k, v in scores.items()}
    return ratings.save_partner_ratings(user, supplier, quarter, given)


def test_the_tab_shows_both_scores_side_by_side_with_the_explanation(
    frozen, login, standard_kpis, manager, buyer, viewer, supplier_a
):
    services.save_deliveries(manager, may_deliveries(supplier_a))
    save(buyer, supplier_a, Q2, payment_on_time=2, fairness=4, spec_clarity=5)
    ours, _ = services.scorecard(supplier_a, Q2, domain.QUARTER)

    html = login(viewer).get(tab(supplier_a, period="2026-05")).content.decode()

    row = html.split('id="mutual-2026-Q2"')[1].split("</tr>")[0]
    assert f"{ours.current.overall:.1f}" in row and "standing-" in row
    assert "66.7" in row and "light-yellow" in row
    assert "2026 Q2: 3 of 5 criteria rated, mean 3.7 of 5" in row
    assert "lowest: Payment on time (2, weak)" in row
    assert 'id="mutual-2025-Q3"' in html and "not rated" in html
    criteria = html.split('id="mutual-criteria"')[1].split("</table>")[0]
    assert 'light-red">2 · weak<' in criteria and 'light-green">5 · excellent<' in criteria
    assert "never part of our overall score" in html
    assert 'id="mutual-form"' not in html  # viewers do not enter it


def test_the_owner_enters_their_rating_from_the_tab(frozen, login, buyer, supplier_a):
    page = login(buyer).get(tab(supplier_a)).content.decode()
    assert 'id="mutual-form"' in page and 'value="2026-Q2"' in page

    response = login(buyer).post(edit_url(supplier_a), FULL)

    assert response.status_code == 302
    assert response["Location"].endswith("?granularity=quarter&period=2026-01#mutual")
    stored = dict(PartnerRating.objects.values_list("criterion", "score"))
    assert stored == {"payment_on_time": 2, "fairness": 4}
    comment = PartnerRating.objects.get(criterion="payment_on_time").comment
    assert comment == "Invoices paid 20 days late"


def test_the_quarter_page_loads_what_is_stored_and_refuses_a_stale_form(
    frozen, login, buyer, manager, supplier_a
):
    save(buyer, supplier_a, Q1, payment_on_time=2)
    client = login(buyer)

    page = client.get(edit_url(supplier_a) + "?quarter=2026-Q1").content.decode()
    assert 'name="payment_on_time_version" value="1"' in page
    assert '<option value="2" selected>' in page
    save(manager, supplier_a, Q1, payment_on_time=3)  # someone else, meanwhile: version 2

    stale = client.post(edit_url(supplier_a), {**FULL, "payment_on_time_version": "1"})

    assert stale.status_code == 409
    assert "Someone else saved the rating for payment on time" in stale.content.decode()
    assert not PartnerRating.objects.filter(criterion="fairness").exists()


def test_versions_count_only_for_the_quarter_they_were_read_for(frozen, login, buyer, supplier_a):
    save(buyer, supplier_a, Q1, payment_on_time=2)

    response = login(buyer).post(
        edit_url(supplier_a),
        {**FULL, "quarter": "2025-Q4", "payment_on_time_version": "7"},  # read for 2026-Q1
    )

    assert response.status_code == 302
    assert PartnerRating.objects.filter(period=dt.date(2025, 10, 1)).count() == 2


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"quarter": "2026-Q5"}, "quarter"),
        ({"quarter": "2026-05-01"}, "quarter"),
        ({"quarter": "spring"}, "quarter"),
        ({"quarter": "2026-Q4"}, "quarter"),  # the future
        ({"fairness": "7"}, "fairness"),
        ({"fairness": "-1"}, "fairness"),
        ({"fairness": "", "spec_clarity_comment": "Drawings unclear"}, "spec_clarity"),
        ({"payment_on_time_comment": "x" * 501}, "payment_on_time_comment"),
    ],
)
def test_bad_input_shows_field_errors_and_saves_nothing(
    frozen, login, buyer, supplier_a, data, field
):
    response = login(buyer).post(edit_url(supplier_a), {**FULL, **data})

    assert response.status_code == 400
    assert f'id="error-mutual-{field}"' in response.content.decode()
    assert partner_rows() == [0]


def test_nothing_rated_is_refused(frozen, login, buyer, supplier_a):
    response = login(buyer).post(edit_url(supplier_a), {"quarter": "2026-Q1"})

    assert response.status_code == 400
    assert "Rate at least one criterion." in response.content.decode()


def test_a_buyer_of_another_supplier_a_viewer_and_portal_users_cannot_enter_it(
    frozen, login, other_buyer, viewer, portal_user_a, supplier_a
):
    for user in (other_buyer, viewer, portal_user_a):
        client = login(user)
        assert client.get(edit_url(supplier_a)).status_code == 403
        assert client.post(edit_url(supplier_a), FULL).status_code == 403
    assert login(other_buyer).get(tab(supplier_a)).status_code == 200  # reading is fine
    assert 'id="mutual-form"' not in login(other_buyer).get(tab(supplier_a)).content.decode()
    assert partner_rows() == [0]


def test_portal_users_get_403_on_the_exports(frozen, login, portal_user_a, supplier_a):
    url = reverse("performance:mutual_export", args=[supplier_a.pk, "csv"])

    assert login(portal_user_a).get(url).status_code == 403


def test_the_export_has_one_row_per_quarter(frozen, login, buyer, viewer, supplier_a):
    save(buyer, supplier_a, Q1, payment_on_time=2, fairness=4)
    url = reverse("performance:mutual_export", args=[supplier_a.pk, "csv"])

    rows = list(csv.reader(io.StringIO(login(viewer).get(url).content.decode("utf-8-sig"))))
    xlsx = login(viewer).get(reverse("performance:mutual_export", args=[supplier_a.pk, "xlsx"]))

    assert rows[0] == list(ratings.MUTUAL_COLUMNS)
    assert [r[0] for r in rows[1:]] == ["2026-Q2", "2026-Q1", "2025-Q4", "2025-Q3",
                                         "2025-Q2", "2025-Q1", "2024-Q4", "2024-Q3"]  # fmt: skip
    q1 = rows[2]
    assert q1[1:5] == ["", "no data", "50", "yellow"]
    assert q1[5:10] == ["2", "", "", "", "4"]
    assert q1[10].startswith("2026 Q1: 2 of 5 criteria rated")
    assert xlsx["Content-Type"].startswith("application/vnd.openxml")
    assert login(viewer).get(url.replace(".csv", ".doc")).status_code == 404


def test_many_quarters_of_ratings_do_not_add_queries(
    frozen, login, manager, buyer, supplier_a, django_assert_max_num_queries
):
    client = login(buyer)
    save(manager, supplier_a, Q2, fairness=3)
    with CaptureQueriesContext(connection) as small:
        client.get(tab(supplier_a))
    for n in range(1, 20):
        quarter = domain.shift(Q2, domain.QUARTER, -n)
        save(manager, supplier_a, quarter, **{k: 1 + n % 5 for k in domain.CUSTOMER_CRITERIA})

    with django_assert_max_num_queries(len(small)):
        response = client.get(tab(supplier_a))

    assert response.status_code == 200
