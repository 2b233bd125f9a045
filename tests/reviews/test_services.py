"""Recording and changing reviews through the services: the frozen scorecard, the
business-review interaction, the quadrant re-check and mitigation plan, actions, stale
edits, archiving and the demo helper."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partnerbook.actions.models import ActionItem
from partnerbook.cadence import services as cadence
from partnerbook.core.concurrency import StaleEdit
from partnerbook.performance import services as performance
from partnerbook.performance.models import PartnerRating
from partnerbook.relationship.models import Interaction
from partnerbook.reviews import services
from partnerbook.reviews.models import BusinessReview
from tests.performance.conftest import delivery

from .conftest import HELD, HIGH_RISK, LOW_RISK, Q1, review_data, set_risk


def test_recording_freezes_the_quarters_scorecard(delivered, buyer):
    review = services.record_review(buyer, delivered, review_data())

    card = review.scorecard
    assert review.period == Q1 and review.held_on == HELD
    assert card["label"] == "2026 Q1" and card["complete"] is True
    on_time = next(k for k in card["kpis"] if k["key"] == "on_time")
    assert on_time["value"] == 90.0 and on_time["light"] == "yellow"
    assert on_time["explanation"].startswith("On-time 90 % (18 of 20 lines)")
    assert on_time["weight_share"] is not None and on_time["score"] is not None
    assert "Cost variance" in card["no_data"]
    live, _ = performance.scorecard(delivered, Q1, "quarter")
    assert card["overall"] == performance.rounded(live.current.overall)
    assert card["standing"] == live.current.standing


def test_the_frozen_scorecard_does_not_change_when_deliveries_change_afterwards(recorded, manager):
    before = BusinessReview.objects.get(pk=recorded.pk).scorecard
    # The two late lines turn out to have been on time, and ten more lines arrive.
    promised = dt.date(2026, 2, 10)
    fixes = [delivery(recorded.supplier, f"{recorded.supplier.pk}-q1-late-{n}", promised, promised)
             for n in range(2)]  # fmt: skip
    fixes += [delivery(recorded.supplier, f"extra-{n}", promised, promised) for n in range(10)]
    performance.save_deliveries(manager, fixes)

    live, _ = performance.scorecard(recorded.supplier, Q1, "quarter")
    stored = BusinessReview.objects.get(pk=recorded.pk)
    assert live.current.kpis[0].value == 100.0  # the live scorecard moved
    assert stored.scorecard == before  # the review's copy did not
    assert next(k for k in stored.scorecard["kpis"] if k["key"] == "on_time")["value"] == 90.0


def test_recording_logs_a_business_review_interaction_that_the_cadence_counts(
    delivered, buyer, contact_a
):
    item = cadence.add_item(
        buyer, delivered,
        {"kind": "quarterly_strategic", "channels": ["business_review"], "owner": buyer},
        today=dt.date(2025, 12, 1),
    )  # fmt: skip
    before = cadence.statuses_of([item], [delivered.pk])[item.pk]
    assert before.last_held is None and before.overdue

    review = services.record_review(buyer, delivered, review_data(contacts=[contact_a]))

    interaction = Interaction.objects.get(supplier=delivered)
    assert review.interaction == interaction
    assert interaction.channel == "business_review" and interaction.occurred_on == HELD
    assert interaction.subject == "Quarterly business review 2026 Q1"
    assert interaction.notes.startswith("Quarterly business review of 2026 Q1: overall score")
    assert "Decisions: Keep the safety stock at two weeks." in interaction.notes
    assert list(interaction.contacts.all()) == [contact_a]
    after = cadence.statuses_of([item], [delivered.pk])[item.pk]
    assert after.last_held == HELD


def test_follow_up_actions_are_raised_with_the_review_as_their_source(
    delivered, buyer, manager, contact_a
):
    review = services.record_review(
        buyer, delivered,
        review_data(actions=[
            {"title": "Send the revised forecast", "owner": manager, "due_on": dt.date(2026, 5, 1)},
            {"title": "Confirm the new planner's contact", "owner_contact": contact_a},
        ]),
    )  # fmt: skip

    items = ActionItem.objects.filter(supplier=delivered).order_by("pk")
    assert [(i.title, i.source, i.source_id) for i in items] == [
        ("Send the revised forecast", "review.action", review.pk),
        ("Confirm the new planner's contact", "review.action", review.pk),
    ]
    assert items[0].owner == manager and items[1].owner_contact == contact_a
    assert services.actions_of([review.pk])[review.pk].mitigation == []


def test_the_first_review_takes_the_current_assessment_as_before(delivered, buyer):
    review = services.record_review(buyer, delivered, review_data())

    assert review.first_review and review.previous is None
    assert review.quadrant_before == review.quadrant_after == "strategic"
    assert review.risk_before == review.risk_after
    assert not review.risk_rose and not review.quadrant_changed


def test_when_risk_rose_a_mitigation_plan_is_required(recorded, buyer, manager):
    set_risk(manager, recorded.supplier, HIGH_RISK)
    q2 = review_data(quarter="2026-Q2", held_on=dt.date(2026, 6, 12))

    with pytest.raises(ValidationError) as refused:
        services.record_review(buyer, recorded.supplier, q2)

    assert "mitigation" in refused.value.message_dict
    assert BusinessReview.objects.count() == 1 and Interaction.objects.count() == 1

    plan = [{"title": "Qualify a second source for the housings", "owner": manager,
             "due_on": dt.date(2026, 9, 30)}]  # fmt: skip
    review = services.record_review(buyer, recorded.supplier, {**q2, "mitigation": plan})

    assert review.previous == recorded and not review.first_review
    assert review.quadrant_before == "strategic" and review.quadrant_after == "opportunistic"
    assert review.risk_after > review.risk_before and review.risk_rose
    assert "Quadrant changed from Strategic to Opportunistic" in review.recheck.summary
    mitigation = ActionItem.objects.get(source="review.mitigation")
    assert mitigation.source_id == review.pk and mitigation.owner == manager
    assert services.actions_of([review.pk])[review.pk].mitigation == [mitigation]


def test_a_lower_risk_needs_no_mitigation(delivered, buyer, manager):
    set_risk(manager, delivered, HIGH_RISK)
    services.record_review(
        buyer, delivered, review_data(quarter="2025-Q4", held_on=dt.date(2026, 1, 20))
    )
    set_risk(manager, delivered, LOW_RISK)

    review = services.record_review(buyer, delivered, review_data())

    assert review.quadrant_changed and not review.risk_rose
    assert review.recheck.summary.startswith("Quadrant changed from Opportunistic to Strategic")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"quarter": "2026-Q3"}, "quarter"),  # not started yet
        ({"quarter": "2026-13"}, "quarter"),
        ({"quarter": dt.date(2026, 2, 1)}, "quarter"),  # not a quarter's first day
        ({"quarter": None}, "quarter"),
        ({"held_on": dt.date(2025, 12, 31)}, "held_on"),  # before the quarter began
        ({"held_on": dt.date(2026, 6, 16)}, "held_on"),  # in the future
        ({"held_on": "2026-04-20"}, "held_on"),  # not a date
        ({"decisions": ["x" * 301]}, "decisions"),
        ({"successes": "one text"}, "successes"),
        ({"our_comments": "x" * 5001}, "our_comments"),
        ({"actions": [{"title": "  "}]}, "actions.0.title"),
        ({"actions": [{"title": "Early", "due_on": dt.date(2026, 4, 1)}]}, "actions.0.due_on"),
        ({"mitigation": [{"title": "Fine"}, {"title": ""}]}, "mitigation.1.title"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(
    delivered, buyer, change, field
):
    with pytest.raises(ValidationError) as refused:
        services.record_review(buyer, delivered, review_data(**change))

    assert field in refused.value.message_dict
    assert not BusinessReview.objects.exists()
    assert not Interaction.objects.exists() and not ActionItem.objects.exists()


def test_an_owner_of_another_supplier_or_two_owners_are_refused(
    delivered, buyer, contact_a, contact_b
):
    for item, field in (
        ({"title": "Theirs", "owner_contact": contact_b}, "actions.0.owner_contact"),
        ({"title": "Both", "owner": buyer, "owner_contact": contact_a}, "actions.0.owner_contact"),
    ):
        with pytest.raises(ValidationError) as refused:
            services.record_review(buyer, delivered, review_data(actions=[item]))
        assert field in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.record_review(buyer, delivered, review_data(contacts=[contact_b]))
    assert "contacts" in refused.value.message_dict
    assert not BusinessReview.objects.exists() and not ActionItem.objects.exists()


def test_a_quarter_is_reviewed_once(recorded, buyer):
    with pytest.raises(ValidationError) as refused:
        services.record_review(buyer, recorded.supplier, review_data(held_on=dt.date(2026, 5, 2)))

    assert refused.value.error_dict["quarter"][0].code == "unique"
    assert BusinessReview.objects.count() == 1


def test_only_editors_and_the_owning_buyer_record_reviews(delivered, other_buyer, viewer, manager):
    for user in (other_buyer, viewer):
        with pytest.raises(PermissionDenied):
            services.record_review(user, delivered, review_data())
    assert services.record_review(manager, delivered, review_data()).pk


def test_editing_keeps_the_interaction_in_step(recorded, buyer, contact_a):
    review = services.update_review(
        buyer, recorded,
        {"held_on": dt.date(2026, 4, 22), "decisions": ["Move to weekly call-offs"],
         "supplier_comments": "They will add a second shift.", "contacts": [contact_a]},
        expected_version=1,
    )  # fmt: skip

    interaction = Interaction.objects.get(pk=recorded.interaction_id)
    assert review.version == 2
    assert interaction.occurred_on == dt.date(2026, 4, 22)
    assert "Decisions: Move to weekly call-offs." in interaction.notes
    assert "They will add a second shift." in interaction.notes
    assert list(interaction.contacts.all()) == [contact_a]
    assert Interaction.objects.count() == 1


def test_editing_adds_actions_and_never_touches_the_frozen_copy(recorded, buyer, manager):
    frozen = recorded.scorecard
    services.update_review(
        buyer, recorded, {"actions": [{"title": "Visit the plant", "owner": manager}]}
    )

    stored = BusinessReview.objects.get(pk=recorded.pk)
    assert stored.scorecard == frozen
    titles = [i.title for i in services.actions_of([recorded.pk])[recorded.pk].actions]
    assert titles == ["Send the revised forecast", "Visit the plant"]


def test_a_stale_edit_is_refused_and_changes_nothing(recorded, buyer, manager):
    services.update_review(manager, recorded, {"our_comments": "Saved first."}, 1)
    stale = BusinessReview.objects.get(pk=recorded.pk)

    with pytest.raises(StaleEdit) as refused:
        services.update_review(buyer, stale, {"our_comments": "Saved second."}, 1)

    assert "our comments: Deliveries were steady" in refused.value.summary
    assert BusinessReview.objects.get(pk=recorded.pk).our_comments == "Saved first."


def test_the_quarter_of_a_review_cannot_change(recorded, buyer):
    with pytest.raises(ValidationError) as refused:
        services.update_review(buyer, recorded, {"quarter": "2025-Q4"})

    assert "quarter" in refused.value.message_dict
    assert BusinessReview.objects.get(pk=recorded.pk).version == 1


def test_archiving_keeps_the_review_and_stops_the_interaction_counting(recorded, buyer):
    services.set_review_archived(buyer, recorded, True)

    assert BusinessReview.objects.get(pk=recorded.pk).archived
    assert Interaction.objects.get(pk=recorded.interaction_id).archived
    again = services.record_review(
        buyer, recorded.supplier, review_data(held_on=dt.date(2026, 5, 3))
    )
    with pytest.raises(ValidationError) as refused:
        services.set_review_archived(buyer, BusinessReview.objects.get(pk=recorded.pk), False)
    assert "quarter" in refused.value.message_dict
    assert again.first_review  # an archived review is not compared with
    with pytest.raises(ValidationError):
        services.update_review(buyer, BusinessReview.objects.get(pk=recorded.pk), {})


def test_the_mutual_scorecard_is_frozen_too(delivered, buyer):
    # The supplier's ratings of us (the rating services are another module's; rows suffice).
    for criterion, score in (("payment_on_time", 5), ("fairness", 3)):
        PartnerRating.objects.create(
            supplier=delivered, criterion=criterion, period=Q1, score=score
        )

    review = services.record_review(buyer, delivered, review_data())

    assert review.scorecard["customer"]["score"] == 75.0
    assert review.scorecard["customer"]["explanation"].startswith("2026 Q1: 2 of 5 criteria")


def test_the_demo_helper_records_a_realistic_review_once(delivered, buyer, manager):
    review = services.demo_review(manager, delivered, dt.date(2026, 2, 14))

    assert review.period == Q1 and review.held_on == dt.date(2026, 4, 20)
    assert review.decisions and review.interaction.channel == "business_review"
    items = services.actions_of([review.pk])[review.pk]
    assert [i.owner for i in items.actions] == [buyer]  # the relationship owner
    assert services.demo_review(manager, delivered, Q1) == review
    assert BusinessReview.objects.count() == 1


def test_the_demo_helper_adds_a_mitigation_plan_when_risk_rose(delivered, manager):
    services.demo_review(manager, delivered, dt.date(2025, 10, 1))
    set_risk(manager, delivered, HIGH_RISK)

    review = services.demo_review(manager, delivered, Q1, held_on=dt.date(2026, 4, 9))

    assert review.risk_rose
    assert len(services.actions_of([review.pk])[review.pk].mitigation) == 1


def test_the_export_has_one_row_per_review(recorded):
    import csv
    import io

    result = services.export_reviews(services.reviews_of(recorded.supplier), "csv")

    rows = list(csv.DictReader(io.StringIO(result.content.decode("utf-8-sig"))))
    assert result.rows == 1 and len(rows) == 1
    assert rows[0]["quarter"] == "2026-Q1" and rows[0]["held_on"] == "2026-04-20"
    assert rows[0]["decisions"] == "Keep the safety stock at two weeks"
    assert rows[0]["actions"] == "1" and rows[0]["open_actions"] == "1"
    assert rows[0]["quadrant_after"] == "strategic" and rows[0]["risk_rose"] == "no"
    xlsx = services.export_reviews(services.reviews_of(recorded.supplier), "xlsx")
    assert xlsx.content.startswith(b"PK") and xlsx.rows == 1
