"""The pure segmentation maths: monotone scores, honest missing data, exact quadrant boundaries."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from partnerbook.segmentation import domain
from partnerbook.segmentation.domain import Factors, Quadrant, ScoringConfig

CONFIG = ScoringConfig()
one_to_five = st.one_of(st.none(), st.integers(1, 5))
factors_strategy = st.builds(
    Factors,
    spend_share=st.one_of(st.none(), st.floats(0, 1)),
    criticality=one_to_five,
    complexity=one_to_five,
    innovation=one_to_five,
    integration=one_to_five,
    financial_health=one_to_five,
    single_source=st.one_of(st.none(), st.booleans()),
    market_difficulty=one_to_five,
    country_risk=one_to_five,
    ip_sensitivity=one_to_five,
    regulatory_constraints=one_to_five,
    serious_incidents=st.one_of(st.none(), st.integers(0, 20)),
)
SCALE_FACTORS_VALUE = ["criticality", "complexity", "innovation", "integration"]
SCALE_FACTORS_RISK = [
    "market_difficulty",
    "country_risk",
    "ip_sensitivity",
    "regulatory_constraints",
]


def _raised(factors: Factors, name: str) -> Factors | None:
    """The same factors with `name` made one step 'more' (None if it cannot go higher)."""
    value = getattr(factors, name)
    if name == "financial_health":  # weaker finances are more risk
        return None if value in (None, 1) else dataclasses.replace(factors, **{name: value - 1})
    if name == "single_source":
        return None if value in (None, True) else dataclasses.replace(factors, **{name: True})
    if name == "serious_incidents":
        return None if value is None else dataclasses.replace(factors, **{name: value + 1})
    if name == "spend_share":
        return (
            None if value is None else dataclasses.replace(factors, **{name: min(value + 0.05, 1)})
        )
    return None if value in (None, 5) else dataclasses.replace(factors, **{name: value + 1})


@given(factors_strategy, st.sampled_from(["spend_share", *SCALE_FACTORS_VALUE]))
def test_raising_a_value_factor_never_lowers_the_value_score(factors, name):
    raised = _raised(factors, name)
    assume(raised is not None)
    before, after = domain.value_score(factors, CONFIG), domain.value_score(raised, CONFIG)
    assert after.score is not None and before.score is not None
    assert after.score >= before.score


@given(
    factors_strategy,
    st.sampled_from(
        ["financial_health", "single_source", "serious_incidents", *SCALE_FACTORS_RISK]
    ),
)
def test_raising_a_risk_factor_never_lowers_the_risk_score(factors, name):
    raised = _raised(factors, name)
    assume(raised is not None)
    before, after = domain.risk_score(factors, CONFIG), domain.risk_score(raised, CONFIG)
    assert after.score is not None and before.score is not None
    assert after.score >= before.score


@given(factors_strategy)
def test_contributions_add_up_to_the_score_and_scores_stay_in_range(factors):
    for result in (domain.value_score(factors, CONFIG), domain.risk_score(factors, CONFIG)):
        if result.score is None:
            assert result.confidence == 0
            continue
        assert 0 <= result.score <= 100
        assert sum(c.points for c in result.contributions) == pytest.approx(result.score, abs=0.06)
        assert 0 < result.confidence <= 1


@given(
    factors_strategy, st.sampled_from(["criticality", "complexity", "innovation", "integration"])
)
def test_a_missing_factor_lowers_confidence_not_the_score(factors, name):
    assume(getattr(factors, name) is not None)
    full = domain.value_score(factors, CONFIG)
    without = domain.value_score(dataclasses.replace(factors, **{name: None}), CONFIG)
    assert without.confidence < full.confidence
    if without.score is not None:
        # the remaining factors are averaged among themselves: the missing one is not a zero
        as_zero = domain.value_score(dataclasses.replace(factors, **{name: 1}), CONFIG)
        assert without.score >= as_zero.score
        assert name.replace("_", " ") in " ".join(without.missing).lower() or without.missing


def test_a_factor_missing_is_not_counted_as_zero():
    strong = Factors(criticality=5, complexity=5)
    assert domain.value_score(strong, CONFIG).score == 100
    result = domain.value_score(Factors(criticality=5, complexity=5, innovation=None), CONFIG)
    assert result.score == 100 and result.confidence < 1
    assert "Innovation contribution" in result.missing


def test_nothing_recorded_means_no_score_and_no_quadrant():
    placement = domain.place(Factors(), CONFIG)
    assert placement.value.score is None and placement.quadrant is None
    assert "No value factor" in placement.reason


@pytest.mark.parametrize(
    ("value", "risk", "expected"),
    [
        (50, 49.9, Quadrant.STRATEGIC),  # exactly at the value cut-off counts as high
        (49.9, 49.9, Quadrant.OPERATIONAL),
        (50, 50, Quadrant.OPPORTUNISTIC),  # exactly at the risk cut-off counts as high
        (49.9, 50, Quadrant.AVOID),
        (100, 0, Quadrant.STRATEGIC),
        (0, 100, Quadrant.AVOID),
    ],
)
def test_quadrant_boundaries_at_the_cut_offs(value, risk, expected):
    assert domain.quadrant_for(value, risk, CONFIG) == expected


@given(st.floats(0, 100), st.floats(0, 100), st.floats(0, 100), st.floats(0, 100))
def test_cut_offs_split_the_plane_consistently(value, risk, value_cut, risk_cut):
    config = ScoringConfig(value_cutoff=value_cut, risk_cutoff=risk_cut)
    quadrant = domain.quadrant_for(value, risk, config)
    assert (quadrant in (Quadrant.STRATEGIC, Quadrant.OPPORTUNISTIC)) == (value >= value_cut)
    assert (quadrant in (Quadrant.OPPORTUNISTIC, Quadrant.AVOID)) == (risk >= risk_cut)


def test_weak_finances_push_a_valuable_supplier_into_opportunistic():
    base = Factors(spend_share=0.2, criticality=5, complexity=4, integration=4,
                   single_source=True, market_difficulty=3, financial_health=5)  # fmt: skip
    assert domain.place(base, CONFIG).quadrant == Quadrant.STRATEGIC
    shaky = dataclasses.replace(base, financial_health=1)
    placement = domain.place(shaky, CONFIG)
    assert placement.quadrant == Quadrant.OPPORTUNISTIC
    finance = next(c for c in placement.risk.contributions if c.factor == "financial_health")
    assert finance.points == max(c.points for c in placement.risk.contributions)


def test_commodity_supplier_is_recommended_transactional_with_reasons():
    factors = Factors(spend_share=0.004, complexity=1, criticality=2)
    inputs = domain.EngagementInputs(commodity=True)
    fit = domain.engagement_fit(factors, inputs, domain.place(factors, CONFIG), CONFIG)
    assert fit.recommended == domain.EngagementModel.TRANSACTIONAL
    assert len(fit.reasons) == 2 and fit.mismatch_with("partnership")
    assert not fit.mismatch_with("transactional") and not fit.mismatch_with("")


def test_strategic_integrated_supplier_with_gain_share_is_recommended_partnership():
    factors = Factors(spend_share=0.2, criticality=5, complexity=4, integration=5,
                      financial_health=5, single_source=False, market_difficulty=2)  # fmt: skip
    inputs = domain.EngagementInputs(shared_risk_reward=True, collaboration_willingness=5)
    fit = domain.engagement_fit(factors, inputs, domain.place(factors, CONFIG), CONFIG)
    assert fit.recommended == domain.EngagementModel.PARTNERSHIP
    assert {r.points_to for r in fit.reasons} == {domain.EngagementModel.PARTNERSHIP}


def test_a_competitor_stays_transactional_whatever_else_applies():
    factors = Factors(spend_share=0.2, criticality=5, integration=5, financial_health=5)
    inputs = domain.EngagementInputs(shared_risk_reward=True, supplier_is_competitor=True)
    fit = domain.engagement_fit(factors, inputs, domain.place(factors, CONFIG), CONFIG)
    assert fit.recommended == domain.EngagementModel.TRANSACTIONAL
    assert any(r.decisive for r in fit.reasons)


def test_no_reasons_at_all_means_transactional():
    fit = domain.engagement_fit(
        Factors(), domain.EngagementInputs(), domain.place(Factors(), CONFIG), CONFIG
    )
    assert fit.recommended == domain.EngagementModel.TRANSACTIONAL and not fit.reasons


@pytest.mark.parametrize(
    ("ours", "theirs", "flagged", "distance"),
    [
        ("transactional", "collaborative", True, 2),
        ("transactional", "cooperative", False, 1),
        ("strategic", "transactional", True, -3),
        ("cooperative", "cooperative", False, 0),
    ],
)
def test_expectation_gap_is_flagged_beyond_one_stage(ours, theirs, flagged, distance):
    gap = domain.expectation_gap(ours, theirs)
    assert gap is not None and gap.flagged is flagged and gap.distance == distance


def test_supplier_expecting_more_gets_a_higher_level_meeting_suggested():
    gap = domain.expectation_gap("transactional", "strategic", 2, 5)
    assert gap is not None and "higher management level" in gap.suggestion
    assert "more important" in gap.suggestion


def test_expectation_gap_unknown_without_both_sides():
    assert domain.expectation_gap("cooperative", None) is None


def test_next_stage_and_its_requirement():
    assert domain.next_stage(None) == domain.Stage.COOPERATIVE
    assert domain.next_stage("collaborative") == domain.Stage.STRATEGIC
    assert domain.next_stage("strategic") is None
    assert "invest" in domain.STAGE_REQUIREMENTS[domain.Stage.STRATEGIC]


def test_alignment_reading_names_weakest_side_and_biggest_disagreement():
    reading = domain.analyse_alignment(
        {"goals": 4, "values": 3, "capabilities": 5}, {"goals": 4, "values": 1, "capabilities": 2}
    )
    assert reading.weakest == "values"
    assert reading.biggest_disagreement == "capabilities"
    agreed = domain.analyse_alignment(
        {d: 3 for d in domain.DIMENSIONS}, {d: 3 for d in domain.DIMENSIONS}
    )
    assert agreed.biggest_disagreement is None


def _row(pk, quadrant, spend, category="Steel", chosen=None, flagged=False):
    return domain.PortfolioRow(pk, f"S{pk}", category, spend, quadrant,
                               domain.EngagementModel.TRANSACTIONAL, chosen, flagged)  # fmt: skip


def test_portfolio_guidance_flags_strategic_outside_top_and_crowded_categories():
    rows = [_row(i, Quadrant.OPERATIONAL, 1000.0 - i) for i in range(20)]
    rows += [_row(100 + i, Quadrant.STRATEGIC, 1.0 + i) for i in range(6)]
    rows.append(_row(200, None, None, chosen="partnership", flagged=True))
    checks = {c.code: c for c in domain.portfolio_guidance(rows, CONFIG)}
    assert set(checks) == {
        "strategic_outside_top",
        "too_many_strategic",
        "model_mismatch",
        "expectation_gaps",
    }
    assert len(checks["strategic_outside_top"].supplier_ids) == 6
    assert checks["model_mismatch"].supplier_ids == (200,)


def test_a_balanced_portfolio_raises_no_guidance():
    rows = [_row(1, Quadrant.STRATEGIC, 900.0)] + [
        _row(i, Quadrant.OPERATIONAL, 10.0) for i in range(2, 10)
    ]
    assert domain.portfolio_guidance(rows, CONFIG) == []


def test_spend_shares_skip_unknown_spend():
    shares = domain.spend_shares([(1, 300.0), (2, 100.0), (3, None)])
    assert shares == {1: 0.75, 2: 0.25, 3: None}
