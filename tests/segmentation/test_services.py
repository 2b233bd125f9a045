"""Segmentation services: recording factors and decisions, with permissions and the audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partnerbook.segmentation import services
from partnerbook.segmentation.models import SegmentationProfile
from tests.factories import bulk_suppliers

STRONG = {"criticality": 5, "complexity": 4, "innovation": 4, "integration": 5,
          "financial_health": 5, "single_source": False, "market_difficulty": 2,
          "country_risk": 1, "ip_sensitivity": 2, "regulatory_constraints": 1,
          "serious_incidents": 0}  # fmt: skip


@pytest.mark.django_db
def test_recorded_factors_place_the_supplier_and_explain_it(buyer, supplier_a, supplier_b):
    services.update_factors(buyer, supplier_a, STRONG)
    result = services.segmentation_of(supplier_a)
    assert result.quadrant == "strategic" and not result.overridden
    assert result.placement.confidence == 1
    share = next(c for c in result.placement.value.contributions if c.factor == "spend_share")
    assert share.raw == pytest.approx(1.0)  # the only supplier with spend holds all of it
    assert "cut-off" in result.placement.reason


@pytest.mark.django_db
def test_reading_a_supplier_without_factors_writes_nothing(supplier_a):
    result = services.segmentation_of(supplier_a)
    assert result.quadrant is None
    assert not SegmentationProfile.objects.exists()


@pytest.mark.django_db
def test_override_without_a_reason_is_refused(manager, supplier_a):
    services.update_factors(manager, supplier_a, STRONG)
    with pytest.raises(ValidationError) as exc:
        services.override_quadrant(manager, supplier_a, "avoid", "   ")
    assert "reason" in exc.value.message_dict
    assert services.segmentation_of(supplier_a).quadrant == "strategic"


@pytest.mark.django_db
def test_override_keeps_the_computed_quadrant_and_is_audited(manager, supplier_a):
    services.update_factors(manager, supplier_a, STRONG)
    services.override_quadrant(manager, supplier_a, "opportunistic", "Owner is selling the firm")
    result = services.segmentation_of(supplier_a)
    assert result.quadrant == "opportunistic" and result.overridden
    assert result.placement.quadrant == "strategic"
    record = supplier_a.segmentation.history.latest()
    assert record.history_user == manager
    assert "Owner is selling the firm" in record.history_change_reason
    services.clear_override(manager, supplier_a)
    assert services.segmentation_of(supplier_a).quadrant == "strategic"


@pytest.mark.django_db
def test_only_managers_override_and_buyers_edit_only_their_own(
    buyer, supplier_a, supplier_b, viewer
):
    with pytest.raises(PermissionDenied):
        services.override_quadrant(buyer, supplier_a, "avoid", "because")
    with pytest.raises(PermissionDenied):
        services.update_factors(buyer, supplier_b, {"criticality": 3})
    with pytest.raises(PermissionDenied):
        services.update_factors(viewer, supplier_a, {"criticality": 3})


@pytest.mark.django_db
def test_chosen_model_mismatch_is_flagged(manager, supplier_a):
    services.update_factors(
        manager, supplier_a, {"commodity": True, "complexity": 1, "criticality": 1}
    )
    services.choose_engagement_model(manager, supplier_a, "partnership", "We like them")
    result = services.segmentation_of(supplier_a)
    assert result.fit.recommended == "transactional" and result.model_mismatch


@pytest.mark.django_db
def test_maturity_moves_need_evidence_and_build_a_timeline(buyer, supplier_a):
    with pytest.raises(ValidationError) as exc:
        services.record_maturity_move(buyer, supplier_a, "cooperative", "")
    assert "evidence" in exc.value.message_dict
    services.record_maturity_move(
        buyer, supplier_a, "cooperative", "Forecasts shared monthly", dt.date(2025, 3, 1)
    )
    services.record_maturity_move(
        buyer, supplier_a, "collaborative", "Joint 8D on the seal leak", dt.date(2025, 9, 1)
    )
    moves = services.maturity_timeline(supplier_a)
    assert [(m.from_stage, m.to_stage) for m in moves] == [
        ("transactional", "cooperative"), ("cooperative", "collaborative")]  # fmt: skip
    result = services.segmentation_of(supplier_a)
    assert result.next_stage == "strategic" and "invest" in result.next_stage_requirement
    with pytest.raises(ValidationError):
        services.record_maturity_move(buyer, supplier_a, "collaborative", "again")


@pytest.mark.django_db
def test_alignment_needs_all_six_scores(buyer, supplier_a):
    with pytest.raises(ValidationError) as exc:
        services.record_alignment(buyer, supplier_a, {"our_goals": 4})
    assert "their_values" in exc.value.message_dict
    services.record_alignment(buyer, supplier_a, {
        "our_goals": 4, "our_values": 4, "our_capabilities": 2,
        "their_goals": 5, "their_values": 4, "their_capabilities": 4})  # fmt: skip
    ((assessment, reading),) = services.alignment_history(supplier_a)
    assert reading.weakest == "capabilities" and reading.biggest_disagreement == "capabilities"


@pytest.mark.django_db
def test_expectation_gap_from_recorded_expectations(buyer, supplier_a):
    expectations = {"our_expectation": "transactional", "supplier_expectation": "strategic",
                    "supplier_importance": 5}  # fmt: skip
    services.set_expectations(buyer, supplier_a, expectations)
    result = services.segmentation_of(supplier_a)
    assert result.gap is not None and result.gap.flagged
    assert supplier_a.segmentation.supplier_expectation_source == "buyer"


@pytest.mark.django_db
def test_foreign_currency_without_a_rate_leaves_spend_share_missing(
    admin_user, manager, supplier_a, supplier_b
):
    supplier_b.annual_spend, supplier_b.currency = 100000, "USD"
    supplier_b.save()
    assert services.segmentation_of(supplier_b).factors.spend_share is None
    services.update_settings(admin_user, {"exchange_rates": {"USD": 1.0}})
    assert services.segmentation_of(supplier_b).factors.spend_share == pytest.approx(
        100000 / 350000
    )
    with pytest.raises(ValidationError):
        services.update_settings(admin_user, {"exchange_rates": {"usd": -1}})
    with pytest.raises(PermissionDenied):
        services.update_settings(manager, {"value_cutoff": 10})


@pytest.mark.django_db
def test_portfolio_runs_a_fixed_number_of_queries(manager, django_assert_max_num_queries):
    suppliers = bulk_suppliers(3000)
    SegmentationProfile.objects.bulk_create(
        SegmentationProfile(supplier=s, criticality=(i % 5) + 1, financial_health=(i % 5) + 1,
                            chosen_model="partnership" if i % 7 == 0 else "")
        for i, s in enumerate(suppliers)
    )  # fmt: skip
    with django_assert_max_num_queries(4):
        result = services.portfolio(manager)
    current = [s for s in suppliers if s.status != "exited"]
    assert len(result.entries) == len(current)
    assert sum(v["count"] for v in result.by_quadrant.values()) == len(current)


@pytest.mark.django_db
def test_every_history_record_names_the_actor_even_outside_a_request(buyer, supplier_a):
    services.update_factors(buyer, supplier_a, {"criticality": 4})
    records = supplier_a.segmentation.history.all()
    assert records.count() == 2
    assert {r.history_user for r in records} == {buyer}
