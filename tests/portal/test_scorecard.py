"""The portal's Scorecard: the supplier's KPIs with their targets, thresholds, lights and why
— performance only, nothing of our internal scoring — and their ratings of us."""

from __future__ import annotations

import datetime as dt

import pytest

from partnerbook.performance import ratings, services
from partnerbook.performance.ratings import PartnerScore
from partnerbook.segmentation import services as segmentation

from ..api import API, token_client
from ..performance.conftest import may_deliveries
from ..performance.test_ratings_support import JUDGEMENT

pytestmark = pytest.mark.django_db

INTERNAL = (
    "SECRET-reviewer-comment", "SECRET-override-reason", "quadrant", "spread", "reviewer",
    "health", "trust", "avoid",
)  # fmt: skip


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC), tick=False)


@pytest.fixture
def scored_a(manager, buyer, supplier_a):
    services.install_default_kpis(manager)
    services.define_kpi(manager, dict(JUDGEMENT))
    services.save_deliveries(manager, may_deliveries(supplier_a, on_time=40, late=10))
    ratings.give_rating(
        buyer, supplier_a, "collaboration", dt.date(2026, 6, 1), 65, "SECRET-reviewer-comment"
    )
    segmentation.override_quadrant(manager, supplier_a, "avoid", "SECRET-override-reason")
    return supplier_a


def test_the_page_shows_each_kpi_with_its_light_and_why(login, portal_user_a, scored_a):
    html = login(portal_user_a).get("/portal/scorecard/").content.decode()

    assert 'id="kpi-on_time"' in html
    assert "Target" in html
    assert "badge light-" in html
    assert "collaboration" in html.lower()


def test_the_api_gives_value_target_thresholds_and_light(portal_user_a, scored_a):
    body = token_client(portal_user_a).get(f"{API}/portal/scorecard").json()

    lit = [k for k in body["kpis"] if any(p["light"] for p in k["periods"])]
    assert lit
    kpi = lit[0]
    assert {"target", "yellow_threshold", "red_threshold", "why", "direction"} <= set(kpi)
    may = next(p for p in kpi["periods"] if p["label"].startswith("May") or "05" in p["label"])
    assert may["light"] in {"green", "yellow", "red"}
    collaboration = next(k for k in body["kpis"] if k["key"] == "collaboration")
    assert collaboration["value"] == 65
    assert "yellow" in collaboration["why"] and "Target 80" in collaboration["why"]
    quarterly = token_client(portal_user_a).get(f"{API}/portal/scorecard?granularity=quarter")
    assert quarterly.json()["granularity"] == "quarter"


def test_internal_scores_and_notes_never_reach_the_supplier(login, portal_user_a, scored_a):
    html = login(portal_user_a).get("/portal/scorecard/").content.decode()
    home = login(portal_user_a).get("/portal/").content.decode()
    body = token_client(portal_user_a).get(f"{API}/portal/scorecard").text

    for text in (html, home, body):
        for secret in INTERNAL:
            assert secret.lower() not in text.lower().replace("healthz", ""), secret


def test_their_ratings_of_us_show_on_their_scorecard(portal_user_a, buyer, supplier_a):
    ratings.save_partner_ratings(
        buyer, supplier_a, dt.date(2026, 1, 1), {"payment_on_time": PartnerScore(2)}
    )
    body = token_client(portal_user_a).get(f"{API}/portal/scorecard").json()

    q1 = next(q for q in body["your_ratings_of_us"] if q["quarter"] == "2026-Q1")
    assert q1["criteria"][0] == {
        "criterion": "payment_on_time", "name": "Payment on time", "score": 2, "comment": "",
    }  # fmt: skip


def test_another_suppliers_scorecard_is_never_shown(portal_user_b, scored_a):
    body = token_client(portal_user_b).get(f"{API}/portal/scorecard").json()

    assert all(p["value"] is None for k in body["kpis"] for p in k["periods"])


@pytest.mark.parametrize("who", ["manager", "buyer", "viewer", "admin_user"])
def test_our_people_get_403(request, login, who):
    user = request.getfixturevalue(who)

    assert login(user).get("/portal/scorecard/").status_code == 403
    assert token_client(user).get(f"{API}/portal/scorecard").status_code == 403


def test_a_bad_granularity_is_refused_naming_the_field(portal_user_a):
    response = token_client(portal_user_a).get(f"{API}/portal/scorecard?granularity=year")

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "granularity"


@pytest.mark.parametrize("lines", [5, 60])
def test_the_scorecard_has_bounded_queries(
    login, portal_user_a, manager, supplier_a, lines, django_assert_max_num_queries
):
    services.install_default_kpis(manager)
    services.save_deliveries(manager, may_deliveries(supplier_a, on_time=lines, late=2))
    client = login(portal_user_a)
    with django_assert_max_num_queries(20):
        assert client.get("/portal/scorecard/").status_code == 200
    with django_assert_max_num_queries(20):
        assert token_client(portal_user_a).get(f"{API}/portal/scorecard").status_code == 200
