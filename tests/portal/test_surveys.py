"""The portal's Surveys: the supplier rates us, gives its expectation and its side of the
alignment triangle, and answers the health check; our side sees each as the supplier's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from partnerbook.cadence import services as cadence
from partnerbook.cadence.models import HealthCheckAnswers
from partnerbook.performance.models import PartnerRating
from partnerbook.segmentation import services as segmentation
from partnerbook.segmentation.models import SegmentationProfile, SupplierAlignmentAnswer

from ..api import API, token_client
from ..factories import ContactFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 5, 20, 10, 0, tzinfo=dt.UTC)
TODAY = NOW.date()
OURS = {"trust": 4, "openness": 3, "reciprocity": 4, "communication": 5,
        "joint_problem_solving": 2, "trust_comment": "SECRET-our-side-comment"}  # fmt: skip
THEIRS = {"trust": 3, "openness": 4, "reciprocity": 2, "communication": 4,
          "joint_problem_solving": 3}  # fmt: skip
RATING_FORM = {
    "payment_on_time": "2", "payment_on_time_comment": "Invoices wait 60 days.",
    "forecast_accuracy": "3", "spec_clarity": "4", "responsiveness": "5", "fairness": "4",
}  # fmt: skip


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def contact_a(portal_user_a, supplier_a):
    contact = ContactFactory(supplier=supplier_a, name="Pat Alpha")
    portal_user_a.contact = contact
    portal_user_a.email = "pat@alpha.example"
    portal_user_a.save()
    return contact


@pytest.fixture
def check_a(buyer, supplier_a):
    return cadence.record_health_check(
        buyer, supplier_a, TODAY - dt.timedelta(days=3), OURS, notes="SECRET-check-notes"
    )


def test_the_page_lists_what_waits_and_the_home_card_shows_it(
    login, portal_user_a, contact_a, check_a
):
    client = login(portal_user_a)
    html = client.get("/portal/surveys/").content.decode()

    assert "Waiting for your answer" in html
    assert f'href="#health-check-{check_a.pk}"' in html
    assert "Rate us as a customer for 2026-Q2" in html
    home = client.get("/portal/").content.decode()
    assert 'id="pending-surveys"' in home
    assert "Relationship health check" in home


def test_rating_us_round_trips_to_our_mutual_scorecard(
    login, portal_user_a, contact_a, supplier_a, buyer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = login(portal_user_a).post("/portal/surveys/rating", RATING_FORM)

    assert response.status_code == 302
    stored = PartnerRating.objects.get(supplier=supplier_a, criterion="payment_on_time")
    assert (stored.score, stored.source) == (2, "portal")
    assert stored.entered_by == portal_user_a
    assert stored.entered_by_contact == contact_a
    assert stored.period == dt.date(2026, 4, 1)
    assert [m.to for m in mail.outbox] == [[buyer.email]]
    ours = login(buyer).get(f"/performance/suppliers/{supplier_a.pk}/").content.decode()
    assert "entered by the supplier" in ours


def test_a_rating_can_be_changed_while_the_quarter_runs_and_is_closed_after(
    login, portal_user_a, contact_a, supplier_a, time_machine
):
    client = login(portal_user_a)
    client.post("/portal/surveys/rating", RATING_FORM)
    client.post("/portal/surveys/rating", {**RATING_FORM, "payment_on_time": "3"})
    assert PartnerRating.objects.get(criterion="payment_on_time").score == 3

    # Next quarter: the old one is closed, the new one waits for an answer.
    time_machine.move_to(dt.datetime(2026, 7, 2, 10, 0, tzinfo=dt.UTC), tick=False)
    body = token_client(portal_user_a).put(
        f"{API}/portal/ratings/2026-Q2",
        {"ratings": {k: {"score": 4} for k in ("payment_on_time", "forecast_accuracy",
                                               "spec_clarity", "responsiveness", "fairness")}},
        content_type="application/json",
    )  # fmt: skip
    assert body.status_code == 400
    assert body.json()["errors"][0]["field"] == "quarter"
    pending = token_client(portal_user_a).get(f"{API}/portal/surveys").json()["pending"]
    assert "rating" in {p["key"] for p in pending}


@pytest.mark.parametrize("score", ["0", "6", ""])
def test_a_bad_score_shows_field_errors_and_saves_nothing(login, portal_user_a, score):
    response = login(portal_user_a).post(
        "/portal/surveys/rating", {**RATING_FORM, "fairness": score}
    )

    assert response.status_code == 400
    assert 'id="error-fairness"' in response.content.decode()
    assert not PartnerRating.objects.exists()


def test_rating_api_refuses_bad_and_missing_scores_naming_the_field(portal_user_a):
    client = token_client(portal_user_a)
    bad = client.put(
        f"{API}/portal/ratings/2026-Q2",
        {"ratings": {"payment_on_time": {"score": 6}}},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"].startswith("ratings.payment_on_time")

    missing = client.put(
        f"{API}/portal/ratings/2026-Q2",
        {"ratings": {"payment_on_time": {"score": 3}}},
        content_type="application/json",
    )
    assert missing.status_code == 400
    assert {"fairness", "spec_clarity"} <= {e["field"] for e in missing.json()["errors"]}
    assert not PartnerRating.objects.exists()


def test_expectation_round_trips_as_the_suppliers_answer(
    login, portal_user_a, contact_a, supplier_a, buyer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = login(portal_user_a).post(
            "/portal/surveys/expectation", {"expectation": "collaborative", "importance": "4"}
        )

    assert response.status_code == 302
    profile = SegmentationProfile.objects.get(supplier=supplier_a)
    assert (profile.supplier_expectation, profile.supplier_importance) == ("collaborative", 4)
    assert profile.supplier_expectation_source == "portal"
    ours = login(buyer).get(f"/segmentation/suppliers/{supplier_a.pk}/").content.decode()
    assert "Entered by the supplier" in ours
    assert len(mail.outbox) == 1

    bad = login(portal_user_a).post("/portal/surveys/expectation", {"expectation": "best"})
    assert bad.status_code == 400
    assert 'id="error-expectation"' in bad.content.decode()


def test_expectation_api(portal_user_a, contact_a):
    client = token_client(portal_user_a)
    ok = client.put(
        f"{API}/portal/expectation",
        {"expectation": "strategic", "importance": 5},
        content_type="application/json",
    )
    assert ok.status_code == 200
    assert ok.json()["expectation"] == "strategic"
    assert ok.json()["answered"] is True
    bad = client.put(
        f"{API}/portal/expectation", {"importance": 0}, content_type="application/json"
    )
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} >= {"expectation", "importance"}


def test_alignment_round_trips_and_seeds_our_next_assessment(
    login, portal_user_a, contact_a, supplier_a, buyer
):
    response = login(portal_user_a).post(
        "/portal/surveys/alignment",
        {"goals": "4", "values": "3", "capabilities": "5", "values_note": "Ask us earlier."},
    )

    assert response.status_code == 302
    answer = SupplierAlignmentAnswer.objects.get(supplier=supplier_a)
    assert (answer.goals, answer.values, answer.capabilities) == (4, 3, 5)
    assert answer.answered_by_contact == contact_a
    ours = login(buyer).get(f"/segmentation/suppliers/{supplier_a.pk}/").content.decode()
    assert 'id="supplier-alignment-answer"' in ours
    assert "Ask us earlier." in ours

    missing = login(portal_user_a).post("/portal/surveys/alignment", {"goals": "4"})
    assert missing.status_code == 400
    assert 'id="error-values"' in missing.content.decode()

    api = token_client(portal_user_a).put(
        f"{API}/portal/alignment",
        {"goals": 2, "values": 2, "capabilities": 2},
        content_type="application/json",
    )
    assert api.status_code == 200
    assert api.json()["goals"] == 2
    assert SupplierAlignmentAnswer.objects.get(supplier=supplier_a).version == 2


def test_health_check_answers_round_trip_and_stay_editable_until_it_closes(
    login, portal_user_a, contact_a, check_a, buyer, time_machine
):
    client = login(portal_user_a)
    form = {k: str(v) for k, v in THEIRS.items()}
    response = client.post(f"/portal/surveys/health-checks/{check_a.pk}", form)

    assert response.status_code == 302
    answers = HealthCheckAnswers.objects.get(check_record=check_a, side="supplier")
    assert answers.answered_by == portal_user_a
    ours = login(buyer).get(f"/cadence/suppliers/{check_a.supplier_id}/health-checks/{check_a.pk}/")
    assert "entered by the supplier" in ours.content.decode()

    again = token_client(portal_user_a).post(
        f"{API}/portal/health-checks/{check_a.pk}/answers",
        {**THEIRS, "trust": 5},
        content_type="application/json",
    )
    assert again.status_code == 200
    answers.refresh_from_db()
    assert answers.trust == 5

    time_machine.move_to(NOW + dt.timedelta(days=90), tick=False)
    closed = login(portal_user_a).post(f"/portal/surveys/health-checks/{check_a.pk}", form)
    assert closed.status_code == 400
    assert "closed for answers" in closed.content.decode()
    api = token_client(portal_user_a).post(
        f"{API}/portal/health-checks/{check_a.pk}/answers", THEIRS, content_type="application/json"
    )
    assert api.status_code == 400
    assert api.json()["errors"][0]["field"] == "check"
    answers.refresh_from_db()
    assert answers.trust == 5


def test_a_bad_health_check_answer_shows_field_errors(login, portal_user_a, check_a):
    response = login(portal_user_a).post(
        f"/portal/surveys/health-checks/{check_a.pk}", {**THEIRS, "trust": "0"}
    )

    assert response.status_code == 400
    assert 'id="error-trust"' in response.content.decode()
    assert not HealthCheckAnswers.objects.filter(side="supplier").exists()


def test_internal_notes_and_our_answers_never_reach_the_supplier(
    login, portal_user_a, check_a, supplier_a, manager
):
    segmentation.override_quadrant(manager, supplier_a, "avoid", "SECRET-override-reason")
    html = login(portal_user_a).get("/portal/surveys/").content.decode()
    body = token_client(portal_user_a).get(f"{API}/portal/surveys").text

    for text in (html, body):
        assert "SECRET-check-notes" not in text
        assert "SECRET-our-side-comment" not in text
        assert "SECRET-override-reason" not in text
        assert "avoid" not in text.lower()
        assert "quadrant" not in text.lower()


def test_another_suppliers_health_check_answers_404(portal_user_b, login, check_a):
    page = login(portal_user_b).post(
        f"/portal/surveys/health-checks/{check_a.pk}", {k: str(v) for k, v in THEIRS.items()}
    )
    api = token_client(portal_user_b).post(
        f"{API}/portal/health-checks/{check_a.pk}/answers", THEIRS, content_type="application/json"
    )
    listed = token_client(portal_user_b).get(f"{API}/portal/surveys").json()

    assert page.status_code == 404
    assert api.status_code == 404
    assert listed["health_checks"] == []
    assert not HealthCheckAnswers.objects.filter(side="supplier").exists()


@pytest.mark.parametrize("who", ["manager", "buyer", "viewer", "admin_user"])
def test_our_people_get_403(request, login, who):
    user = request.getfixturevalue(who)
    client = login(user)

    assert client.get("/portal/surveys/").status_code == 403
    assert client.post("/portal/surveys/rating", RATING_FORM).status_code == 403
    assert token_client(user).get(f"{API}/portal/surveys").status_code == 403


def test_the_surveys_page_and_api_have_bounded_queries(
    login, portal_user_a, buyer, supplier_a, django_assert_max_num_queries
):
    for n in range(6):
        cadence.record_health_check(buyer, supplier_a, TODAY - dt.timedelta(days=n), OURS)
    client = login(portal_user_a)
    with django_assert_max_num_queries(20):
        assert client.get("/portal/surveys/").status_code == 200
    # The home gathers every app's card; its own bound is in test_shell.py.
    with django_assert_max_num_queries(40):
        assert client.get("/portal/").status_code == 200
