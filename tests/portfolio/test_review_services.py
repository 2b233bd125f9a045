"""Starting, deciding and closing review rounds through the services: scopes, seeded
suggestions with their reasons, permissions and bad input."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partnerbook.portfolio import services
from partnerbook.portfolio.models import ReviewDecision


@pytest.mark.django_db
class TestStartingARound:
    def test_it_seeds_a_suggestion_with_reasons_for_every_current_supplier(
        self, review_round, supplier_a, supplier_b
    ):
        rows = {d.supplier_id: d for d in review_round.decisions.all()}
        assert set(rows) == {supplier_a.pk, supplier_b.pk}
        alpha, beta = rows[supplier_a.pk], rows[supplier_b.pk]
        assert alpha.quadrant == "strategic" and alpha.engagement_model == "partnership"
        assert alpha.suggestion == "invest"
        assert beta.quadrant == "avoid" and beta.suggestion == "phase_out"
        inputs = [r["input"] for r in alpha.suggestion_reasons]
        assert inputs == ["quadrant", "engagement_model", "health", "performance", "economics"]
        # No health snapshot or scorecard yet: they count as 0 and say so.
        health = next(r for r in alpha.suggestion_reasons if r["input"] == "health")
        assert health["missing"] and health["points"] == 0
        assert "Not known yet" in alpha.suggestion_explanation
        assert review_round.scope_label == "The whole portfolio"
        assert alpha.history.count() == 1  # seeded with an audit record

    def test_it_reads_the_latest_health_snapshot(self, manager, segmented, supplier_a):
        from partnerbook.relationship.models import HealthSnapshot

        HealthSnapshot.objects.create(
            supplier=supplier_a, as_of="2026-01-05", score=20, light="red"
        )
        HealthSnapshot.objects.create(
            supplier=supplier_a, as_of="2026-02-05", score=85, light="green"
        )
        started = services.start_round(manager, {"title": "R", "scope_kind": "all"})
        row = started.decisions.get(supplier=supplier_a)
        health = next(r for r in row.suggestion_reasons if r["input"] == "health")
        assert health["points"] == 1 and "85 of 100, green on 2026-02-05" in health["finding"]

    def test_a_scope_of_one_owner_holds_only_their_suppliers(
        self, manager, segmented, other_buyer, supplier_b
    ):
        started = services.start_round(
            manager, {"title": "Bea's", "scope_kind": "owner", "scope_owner": other_buyer}
        )
        assert list(started.decisions.values_list("supplier_id", flat=True)) == [supplier_b.pk]
        assert started.scope_owner == other_buyer

    def test_a_scope_of_a_category_and_of_hand_picked_suppliers(
        self, manager, segmented, category, supplier_a
    ):
        by_category = services.start_round(
            manager, {"title": "Packaging", "scope_kind": "category", "scope_category": category}
        )
        assert by_category.decisions.count() == 2
        picked = services.start_round(
            manager, {"title": "Three", "scope_kind": "suppliers", "suppliers": [supplier_a.pk]}
        )
        assert picked.decisions.get().supplier == supplier_a
        assert picked.scope_label == "1 hand-picked supplier"

    @pytest.mark.parametrize(
        ("data", "field"),
        [
            ({"title": "  ", "scope_kind": "all"}, "title"),
            ({"title": "x" * 201, "scope_kind": "all"}, "title"),
            ({"title": "T", "scope_kind": "everything"}, "scope_kind"),
            ({"title": "T", "scope_kind": "category"}, "scope_category"),
            ({"title": "T", "scope_kind": "owner"}, "scope_owner"),
            ({"title": "T", "scope_kind": "suppliers"}, "suppliers"),
            ({"title": "T", "scope_kind": "suppliers", "suppliers": [987654]}, "suppliers"),
        ],
    )
    def test_bad_input_names_the_field_and_writes_nothing(self, manager, segmented, data, field):
        with pytest.raises(ValidationError) as caught:
            services.start_round(manager, data)
        assert field in caught.value.message_dict
        assert not ReviewDecision.objects.exists()

    def test_an_exited_supplier_is_not_reviewed(self, manager, segmented, supplier_b):
        supplier_b.status = "exited"
        supplier_b.save()
        started = services.start_round(manager, {"title": "T", "scope_kind": "all"})
        assert supplier_b.pk not in set(started.decisions.values_list("supplier_id", flat=True))

    def test_only_managers_and_administrators_run_a_round(self, buyer, viewer, segmented):
        for user in (buyer, viewer):
            with pytest.raises(PermissionDenied):
                services.start_round(user, {"title": "T", "scope_kind": "all"})


@pytest.mark.django_db
class TestDecidingAndClosing:
    def test_a_decision_needs_a_reason_and_a_valid_choice(self, manager, review_round, supplier_a):
        with pytest.raises(ValidationError) as caught:
            services.decide(manager, review_round, supplier_a.pk, "invest", "   ")
        assert "reason" in caught.value.message_dict
        with pytest.raises(ValidationError) as caught:
            services.decide(manager, review_round, supplier_a.pk, "double down", "Why not")
        assert "decision" in caught.value.message_dict
        with pytest.raises(ValidationError) as caught:
            services.decide(manager, review_round, 987654, "invest", "Why not")
        assert "supplier" in caught.value.message_dict

    def test_deciding_records_who_when_and_whether_it_followed_the_suggestion(
        self, manager, review_round, supplier_a, supplier_b
    ):
        services.decide(manager, review_round, supplier_a.pk, "invest", "Key partner")
        row = services.decide(manager, review_round, supplier_b.pk, "maintain", "Sole source")
        assert row.decided_by == manager and row.decided_at is not None
        assert row.overridden  # suggested phase out
        assert (
            row.history.first().history_change_reason == "Decided maintain (against the suggestion)"
        )
        view = services.round_view(manager, review_round)
        assert view.progress == "2 of 2 decided" and view.overridden == 1
        assert view.counts == {"invest": 1, "maintain": 1, "phase_out": 0}

    def test_a_round_closes_only_when_every_supplier_is_decided(
        self, manager, review_round, supplier_a, supplier_b
    ):
        services.decide(manager, review_round, supplier_a.pk, "invest", "Key partner")
        with pytest.raises(ValidationError) as caught:
            services.close_round(manager, review_round)
        assert "1 supplier is still undecided" in caught.value.message_dict["decisions"][0]
        services.decide(manager, review_round, supplier_b.pk, "phase_out", "Too risky")
        closed = services.close_round(manager, review_round, "Done with the leads.")
        assert closed.status == "closed" and closed.closed_by == manager
        assert closed.note == "Done with the leads."
        with pytest.raises(ValidationError) as caught:
            services.decide(manager, closed, supplier_a.pk, "maintain", "Changed my mind")
        assert "round" in caught.value.message_dict

    def test_a_buyer_cannot_decide(self, buyer, review_round, supplier_a):
        with pytest.raises(PermissionDenied):
            services.decide(buyer, review_round, supplier_a.pk, "invest", "Mine")

    def test_the_last_decision_shows_on_the_supplier_overview(
        self, login, manager, review_round, supplier_a
    ):
        services.decide(manager, review_round, supplier_a.pk, "invest", "Key partner")
        assert services.last_decisions([supplier_a.pk])[supplier_a.pk].decision == "invest"
        page = login(manager).get(f"/suppliers/{supplier_a.pk}/")
        assert page.status_code == 200
        assert b"Last portfolio review" in page.content and b"Key partner" in page.content


@pytest.mark.django_db
class TestTheGuard:
    def test_it_warns_when_an_owner_has_more_strategic_partners_than_the_limit(
        self, manager, review_round, supplier_a
    ):
        services.update_settings(manager, {"owner_limit": 1, "team_limit": 1})
        view = services.round_view(manager, review_round)
        assert view.guard.counted == {supplier_a.pk: "partnership in the strategic quadrant"}
        assert not view.guard.warnings  # one partner, limit one
        services.decide(manager, review_round, supplier_a.pk, "phase_out", "Exit planned")
        assert services.round_view(manager, review_round).guard.total == 0

    def test_settings_are_for_managers_and_stay_in_range(self, manager, buyer):
        with pytest.raises(PermissionDenied):
            services.update_settings(buyer, {"owner_limit": 3})
        with pytest.raises(ValidationError) as caught:
            services.update_settings(manager, {"owner_limit": 0})
        assert "owner_limit" in caught.value.message_dict
        saved = services.update_settings(manager, {"owner_limit": 3})
        assert (saved.owner_limit, saved.team_limit) == (3, 5)
        assert services.get_settings().owner_limit == 3
