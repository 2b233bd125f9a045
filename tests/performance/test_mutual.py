"""The mutual scorecard (services): the owner enters how the supplier rates us, for any
subset of criteria, corrections with versions, the side-by-side view of the last quarters,
never merged into our overall score; permissions and the demo helper."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partnerbook.core.concurrency import StaleEdit
from partnerbook.performance import domain, ratings, services
from partnerbook.performance.models import PartnerRating
from partnerbook.performance.ratings import PartnerScore
from tests.performance.conftest import may_deliveries
from tests.performance.test_ratings_support import partner_rows

Q1, Q2 = dt.date(2026, 1, 1), dt.date(2026, 4, 1)


def save(user, supplier, quarter, **scores):
    given = {k: v if isinstance(v, PartnerScore) else PartnerScore(v) for k, v in scores.items()}
    return ratings.save_partner_ratings(user, supplier, quarter, given)


def test_the_owner_enters_some_criteria_of_a_quarter(frozen, buyer, supplier_a):
    save(buyer, supplier_a, dt.date(2026, 2, 14), payment_on_time=2,
         fairness=PartnerScore(4, " Fair on claims "))  # fmt: skip

    stored = {r.criterion: r for r in PartnerRating.objects.all()}
    assert set(stored) == {"payment_on_time", "fairness"}
    fairness = stored["fairness"]
    assert (fairness.period, fairness.score, fairness.comment) == (Q1, 4, "Fair on claims")
    assert (fairness.source, fairness.entered_by, fairness.version) == ("owner", buyer, 1)
    assert fairness.history.get().history_change_reason == "Supplier's rating of us entered."


def test_a_correction_saves_only_what_changed(frozen, buyer, supplier_a):
    save(buyer, supplier_a, Q1, payment_on_time=2, fairness=4)
    history = PartnerRating.history.count()

    save(buyer, supplier_a, Q1, payment_on_time=PartnerScore(3, version=1), fairness=4,
         spec_clarity=5)  # fmt: skip

    stored = dict(PartnerRating.objects.values_list("criterion", "score"))
    assert stored == {"payment_on_time": 3, "fairness": 4, "spec_clarity": 5}
    assert PartnerRating.objects.get(criterion="payment_on_time").version == 2
    assert PartnerRating.objects.get(criterion="fairness").version == 1
    assert PartnerRating.history.count() == history + 2  # one audited save per change


def test_a_stale_criterion_refuses_the_whole_quarter(frozen, buyer, manager, supplier_a):
    save(buyer, supplier_a, Q1, payment_on_time=2)
    save(manager, supplier_a, Q1, payment_on_time=PartnerScore(3, version=1))
    before = partner_rows()

    with pytest.raises(StaleEdit) as caught:
        save(buyer, supplier_a, Q1, fairness=5, payment_on_time=PartnerScore(1, version=1))

    assert "the rating for payment on time" in caught.value.summary
    assert partner_rows() == before  # fairness was not saved either


def test_a_future_quarter_cannot_be_rated(frozen, buyer, supplier_a):
    with pytest.raises(ValidationError) as caught:
        save(buyer, supplier_a, dt.date(2026, 7, 1), fairness=4)

    assert caught.value.message_dict == {
        "quarter": ["A quarter in the future cannot be rated yet."]
    }
    save(buyer, supplier_a, Q2, fairness=4)  # the current quarter is fine
    assert PartnerRating.objects.get().period == Q2


@pytest.mark.parametrize(
    ("scores", "field"),
    [({"fairness": 0}, "fairness"), ({"fairness": 6}, "fairness"), ({"fairness": 3.5}, "fairness"),
     ({"kindness": 4}, "kindness"), ({"fairness": PartnerScore(4, "x" * 501)}, "fairness_comment"),
     ({}, "quarter")],
)  # fmt: skip
def test_bad_ratings_are_refused_and_nothing_is_saved(frozen, buyer, supplier_a, scores, field):
    given = {k: v if isinstance(v, PartnerScore) else PartnerScore(v) for k, v in scores.items()}
    if given:
        given["payment_on_time"] = PartnerScore(3)  # a good one beside the bad one

    with pytest.raises(ValidationError) as caught:
        ratings.save_partner_ratings(buyer, supplier_a, Q1, given)

    assert field in caught.value.message_dict
    assert partner_rows() == [0]


def test_only_the_owner_managers_and_admins_enter_it(
    frozen, other_buyer, viewer, manager, admin_user, supplier_a
):
    for user in (other_buyer, viewer):
        with pytest.raises(PermissionDenied):
            save(user, supplier_a, Q1, fairness=4)
    assert not PartnerRating.objects.exists()

    save(manager, supplier_a, Q1, fairness=4)
    save(admin_user, supplier_a, Q1, spec_clarity=4)
    assert PartnerRating.objects.count() == 2


def test_the_side_by_side_view_is_never_merged_into_our_score(
    frozen, standard_kpis, manager, buyer, supplier_a
):
    services.save_deliveries(manager, may_deliveries(supplier_a))
    ours_before, _ = services.scorecard(supplier_a, Q2, domain.QUARTER)

    save(buyer, supplier_a, Q2, payment_on_time=1, forecast_accuracy=1, fairness=2)
    save(buyer, supplier_a, Q1, fairness=5)
    quarters = ratings.mutual_scorecard(supplier_a)

    ours_after, _ = services.scorecard(supplier_a, Q2, domain.QUARTER)
    assert ours_after.current.overall == ours_before.current.overall
    assert [q.quarter for q in quarters] == ["2026-Q2", "2026-Q1", "2025-Q4", "2025-Q3"]
    latest = quarters[0]
    assert latest.ours.overall == ours_before.current.overall
    assert latest.theirs.score == pytest.approx((4 / 3 - 1) / 4 * 100)
    assert latest.theirs.light == "red"
    assert latest.theirs.explanation.startswith("2026 Q2: 3 of 5 criteria rated")
    assert latest.line.startswith("2026 Q2: we score them ")
    assert latest.line.endswith("; they rate us 8.3 of 100 (red).")
    assert quarters[1].theirs.score == 100.0 and quarters[1].ours.overall is None
    assert quarters[2].theirs.score is None and set(quarters[0].ratings) == {
        "payment_on_time", "forecast_accuracy", "fairness",
    }  # fmt: skip


def test_a_supplier_without_kpis_still_has_a_mutual_scorecard(frozen, buyer, supplier_a):
    save(buyer, supplier_a, Q2, fairness=4)

    latest = ratings.mutual_scorecard(supplier_a, quarters=1)[0]

    assert latest.ours is None and latest.theirs.score == 75.0
    assert "we have no overall score" in latest.line


def test_the_demo_helper_is_deterministic_and_idempotent(frozen, manager, supplier_a):
    ratings.demo_partner_ratings(manager, supplier_a, quarters=4)
    before = partner_rows()
    ratings.demo_partner_ratings(manager, supplier_a, quarters=4)

    assert partner_rows() == before
    assert PartnerRating.objects.count() == 20
    periods = sorted({r.period for r in PartnerRating.objects.all()})
    assert periods == [dt.date(2025, 4, 1), dt.date(2025, 7, 1), dt.date(2025, 10, 1), Q1]
    weakest = PartnerRating.objects.filter(criterion="payment_on_time")
    assert all(r.score <= 3 for r in weakest)  # the demo story: we pay late
