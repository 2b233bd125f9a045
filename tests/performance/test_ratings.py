"""Reviewers' scores of judgement KPIs (services): giving and correcting a score, the median
landing in the scorecard and the overall score, who is expected and who has not scored,
the rules a score must keep, and the demo helper."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partnerbook.core.concurrency import StaleEdit
from partnerbook.performance import domain, ratings, services
from partnerbook.performance.models import KpiDefinition, KpiRating
from partnerbook.suppliers import services as supplier_services
from tests.performance import test_ratings_support as support
from tests.performance.test_ratings_support import rating_rows

MAY = dt.date(2026, 5, 1)


judgement_kpi = support.judgement_kpi  # a shared fixture
reviewer = support.reviewer  # a shared fixture


def give(user, supplier, score, period=MAY, **kwargs):
    return ratings.give_rating(user, supplier, "collaboration", period, score, **kwargs)


def test_a_reviewer_gives_a_score_and_corrects_it(frozen, judgement_kpi, buyer, supplier_a):
    first = give(buyer, supplier_a, 70, period=dt.date(2026, 5, 20), comment="Slow on samples")
    corrected = give(buyer, supplier_a, 80, expected_version=1)

    assert first.pk == corrected.pk and KpiRating.objects.count() == 1
    rating = KpiRating.objects.get()
    assert (rating.period, rating.score, rating.rater, rating.version) == (MAY, 80, buyer, 2)
    assert rating.comment == ""  # the correction gave no comment
    assert [h.history_change_reason for h in rating.history.order_by("history_id")] == [
        "Score given.", "Score corrected.",
    ]  # fmt: skip
    assert rating.history.earliest("history_id").history_user == buyer


def test_giving_the_same_score_again_changes_nothing(frozen, judgement_kpi, buyer, supplier_a):
    give(buyer, supplier_a, 70, comment="ok")
    before = rating_rows()

    give(buyer, supplier_a, 70, comment="ok")

    assert rating_rows() == before


def test_a_stale_correction_is_refused(frozen, judgement_kpi, buyer, supplier_a):
    give(buyer, supplier_a, 70)
    give(buyer, supplier_a, 75, expected_version=1)  # another tab saved meanwhile

    with pytest.raises(StaleEdit) as caught:
        give(buyer, supplier_a, 90, expected_version=1)

    assert caught.value.current_version == 2
    assert "score: 70.0 → 75.0" in caught.value.summary
    assert KpiRating.objects.get().score == 75


def test_only_the_suppliers_judgement_kpis_can_be_scored(
    frozen, judgement_kpi, standard_kpis, buyer, supplier_a
):
    for key in ("on_time", "cost_variance", "no_such_kpi"):
        with pytest.raises(ValidationError) as caught:
            ratings.give_rating(buyer, supplier_a, key, MAY, 70)
        assert set(caught.value.message_dict) == {"kpi"}
    assert not KpiRating.objects.exists()


def test_a_month_in_the_future_cannot_be_scored(frozen, judgement_kpi, buyer, supplier_a):
    with pytest.raises(ValidationError) as caught:
        give(buyer, supplier_a, 70, period=dt.date(2026, 7, 1))

    assert caught.value.message_dict == {"period": ["A month in the future cannot be scored yet."]}
    give(buyer, supplier_a, 70, period=dt.date(2026, 6, 1))  # the current month is fine


@pytest.mark.parametrize("score", [-1, 100.5, float("nan"), float("inf")])
def test_a_score_outside_0_to_100_is_refused(frozen, judgement_kpi, buyer, supplier_a, score):
    with pytest.raises(ValidationError) as caught:
        give(buyer, supplier_a, score)

    assert set(caught.value.message_dict) == {"score"}
    assert not KpiRating.objects.exists()


def test_a_viewer_cannot_score(frozen, judgement_kpi, viewer, supplier_a):
    with pytest.raises(PermissionDenied):
        give(viewer, supplier_a, 70)
    assert not KpiRating.objects.exists()


def test_a_buyer_scores_suppliers_they_do_not_own(
    frozen, judgement_kpi, other_buyer, manager, supplier_a
):
    give(other_buyer, supplier_a, 65)
    give(manager, supplier_a, 85)

    assert sorted(KpiRating.objects.values_list("rater__username", flat=True)) == ["bea", "mara"]


def test_the_median_is_the_kpis_value_in_the_scorecard_and_the_overall_score(
    frozen, judgement_kpi, buyer, other_buyer, manager, supplier_a
):
    for user, score in ((buyer, 60), (other_buyer, 90), (manager, 70)):
        give(user, supplier_a, score)

    card, _ = services.scorecard(supplier_a, MAY)

    collaboration = next(k for k in card.current.kpis if k.key == "collaboration")
    assert collaboration.value == 70.0  # the median of 60, 70, 90
    expected = (70 - 50) / (80 - 50) * 100  # the KPI's score: red 50, target 80
    assert collaboration.score == pytest.approx(expected)
    assert card.current.overall == pytest.approx(expected)  # the only KPI with data
    panel = ratings.judgement_panels(supplier_a, services.effective_definitions(supplier_a), MAY)
    assert (panel[0].summary.median, panel[0].summary.spread, panel[0].summary.count) == (
        70.0, 30, 3,
    )  # fmt: skip


def test_a_quarter_takes_the_median_of_all_its_months_scores(
    frozen, judgement_kpi, buyer, manager, supplier_a
):
    give(buyer, supplier_a, 60, period=dt.date(2026, 4, 1))
    give(buyer, supplier_a, 80, period=MAY)
    give(manager, supplier_a, 90, period=MAY)
    give(manager, supplier_a, 10, period=dt.date(2026, 3, 1))  # Q1: not counted

    card, definitions = services.scorecard(supplier_a, MAY, domain.QUARTER)
    panel = ratings.judgement_panels(supplier_a, definitions, dt.date(2026, 4, 1), domain.QUARTER)

    assert card.current.kpis[0].value == 80.0
    assert (panel[0].summary.median, panel[0].summary.count, panel[0].label) == (
        80.0, 3, "2026 Q2",
    )  # fmt: skip


def test_who_has_not_scored_yet(
    frozen, judgement_kpi, buyer, reviewer, other_buyer, manager, viewer, supplier_a
):
    give(reviewer, supplier_a, 70, period=dt.date(2025, 7, 1))  # within the last 12 months
    give(other_buyer, supplier_a, 70, period=dt.date(2025, 5, 1))  # longer ago
    give(manager, supplier_a, 75)

    panel = ratings.judgement_panels(supplier_a, services.effective_definitions(supplier_a), MAY)[0]

    assert [r.rater for r in panel.scores] == [manager]
    # The owner first, then the others by name; the manager scored, bea scored too long ago.
    assert panel.missing == [buyer, reviewer]
    assert panel.explanation.endswith("2 expected reviewers have not scored yet.")


def test_a_new_owner_is_expected_and_people_who_cannot_score_are_not(
    frozen, judgement_kpi, buyer, reviewer, manager, viewer, supplier_a
):
    give(reviewer, supplier_a, 70, period=dt.date(2026, 3, 1))
    reviewer.is_active = False
    reviewer.save()
    supplier_services.update_supplier(manager, supplier_a, {"relationship_owner": viewer})

    expected = ratings.expected_reviewers(supplier_a, dt.date(2026, 6, 1))

    assert expected == []  # the owner is a viewer now, the reviewer left
    supplier_services.update_supplier(manager, supplier_a, {"relationship_owner": manager})
    assert ratings.expected_reviewers(supplier_a, dt.date(2026, 6, 1)) == [manager]


def test_the_panel_shows_nothing_for_a_supplier_without_judgement_kpis(
    frozen, standard_kpis, supplier_a
):
    assert (
        ratings.judgement_panels(supplier_a, services.effective_definitions(supplier_a), MAY) == []
    )


def test_scores_in_bulk_refuse_a_viewer_as_rater_and_a_repeated_key(
    frozen, judgement_kpi, manager, viewer, buyer, supplier_a
):
    row = ratings.RatingRow(supplier_a, "collaboration", MAY, buyer, 70)

    with pytest.raises(ValidationError) as by_viewer:
        ratings.save_ratings(manager, [ratings.RatingRow(supplier_a, "collaboration", MAY,
                                                         viewer, 70)])  # fmt: skip
    with pytest.raises(ValidationError):
        ratings.save_ratings(manager, [row, row])
    with pytest.raises(PermissionDenied):  # a buyer may not score in someone else's name
        ratings.save_ratings(buyer, [ratings.RatingRow(supplier_a, "collaboration", MAY,
                                                       manager, 70)])  # fmt: skip

    assert "rater" in by_viewer.value.message_dict
    assert not KpiRating.objects.exists()


def test_the_demo_helper_is_deterministic_and_idempotent(
    frozen, manager, buyer, reviewer, other_buyer, supplier_a
):
    raters = [buyer, reviewer, other_buyer]

    first = ratings.demo_ratings(manager, supplier_a, raters, months=6)
    before = rating_rows()
    again = ratings.demo_ratings(manager, supplier_a, raters, months=6)

    assert (first.created, again.created, again.updated, again.unchanged) == (17, 0, 0, 17)
    assert rating_rows() == before
    override = KpiDefinition.objects.get(supplier=supplier_a)
    assert (override.key, override.kind) == ("collaboration", "judgement")
    panel = ratings.judgement_panels(supplier_a, services.effective_definitions(supplier_a),
                                     dt.date(2026, 6, 1))[0]  # fmt: skip
    assert panel.missing == [other_buyer]  # the last rater has not scored this month
    assert all(0 <= r.score <= 100 for r in KpiRating.objects.all())
