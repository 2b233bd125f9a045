"""The context checks of each practice, as pure functions (no database)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnerbook.practices import domain as d

TODAY = dt.date(2026, 6, 1)
NDA = d.AgreementFacts(d.MUTUAL_NDA, signed_on=dt.date(2025, 1, 1), expires_on=dt.date(2027, 1, 1))
SAFE = d.SegmentationFacts(supplier_is_competitor=False, ip_sensitivity=3)


def run(kind: str, **kwargs: object) -> d.Checks:
    return d.check_practice(d.PracticeContext(kind=kind, as_of=TODAY, **kwargs))  # type: ignore[arg-type]


def codes(findings: tuple[d.Finding, ...]) -> set[str]:
    return {f.code for f in findings}


# --- agreements -----------------------------------------------------------------------------


def test_an_agreement_is_on_record_between_signing_and_expiry():
    assert d.on_record(NDA, TODAY)
    assert d.on_record(NDA, NDA.signed_on)
    assert not d.on_record(NDA, NDA.signed_on - dt.timedelta(days=1))
    assert not d.on_record(NDA, dt.date(2027, 1, 1))  # expires that day
    open_ended = d.AgreementFacts(d.MUTUAL_NDA, signed_on=dt.date(2020, 1, 1))
    assert d.on_record(open_ended, dt.date(2099, 1, 1))


def test_an_archived_agreement_is_never_on_record():
    archived = d.AgreementFacts(d.MUTUAL_NDA, signed_on=dt.date(2025, 1, 1), archived=True)
    assert not d.on_record(archived, TODAY)
    assert d.agreement_status(archived, TODAY) == "archived"


def test_expiry_must_come_after_signing():
    day = dt.date(2025, 5, 5)
    assert d.agreement_dates_error(day, day) is not None
    assert d.agreement_dates_error(day, day - dt.timedelta(days=1)) is not None
    assert d.agreement_dates_error(day, day + dt.timedelta(days=1)) is None
    assert d.agreement_dates_error(day, None) is None


@given(
    signed=st.dates(dt.date(2000, 1, 1), dt.date(2040, 1, 1)),
    length=st.integers(1, 5000),
    day=st.dates(dt.date(2000, 1, 1), dt.date(2060, 1, 1)),
)
def test_on_record_matches_the_status_label(signed, length, day):
    facts = d.AgreementFacts(d.MUTUAL_NDA, signed, signed + dt.timedelta(days=length))
    assert d.on_record(facts, day) == (d.agreement_status(facts, day) == "on record")
    assert d.on_record(facts, day) == (signed <= day < facts.expires_on)


def test_a_practice_cannot_end_before_it_started():
    assert d.practice_dates_error(TODAY, TODAY - dt.timedelta(days=1)) is not None
    assert d.practice_dates_error(TODAY, TODAY) is None


def test_the_check_day_is_the_end_for_an_ended_practice():
    assert d.check_day(dt.date(2024, 1, 1), dt.date(2025, 1, 1), TODAY) == dt.date(2025, 1, 1)
    assert d.check_day(dt.date(2024, 1, 1), None, TODAY) == TODAY
    assert d.check_day(dt.date(2027, 1, 1), None, TODAY) == dt.date(2027, 1, 1)


# --- roadmap sharing ------------------------------------------------------------------------


def test_roadmap_sharing_is_accepted_under_a_valid_mutual_nda():
    checks = run(d.ROADMAP_SHARING, agreements=(NDA,), segmentation=SAFE)
    assert checks.allowed
    assert checks.refusals == () and checks.warnings == ()


def test_roadmap_sharing_is_refused_without_a_mutual_nda():
    checks = run(d.ROADMAP_SHARING, segmentation=SAFE)
    assert codes(checks.refusals) == {"no_mutual_nda"}
    assert "none is recorded" in checks.refusals[0].message


def test_roadmap_sharing_is_refused_under_an_expired_nda():
    expired = d.AgreementFacts(d.MUTUAL_NDA, dt.date(2023, 1, 1), dt.date(2026, 5, 31))
    checks = run(d.ROADMAP_SHARING, agreements=(expired,), segmentation=SAFE)
    assert codes(checks.refusals) == {"no_mutual_nda"}
    assert "expired" in checks.refusals[0].message


def test_a_one_way_nda_is_not_enough_for_roadmap_sharing():
    one_way = d.AgreementFacts(d.ONE_WAY_NDA, dt.date(2025, 1, 1))
    assert codes(run(d.ROADMAP_SHARING, agreements=(one_way,), segmentation=SAFE).refusals) == {
        "no_mutual_nda"
    }


def test_roadmap_sharing_is_refused_for_a_competitor_even_under_nda():
    seg = d.SegmentationFacts(supplier_is_competitor=True, ip_sensitivity=2)
    checks = run(d.ROADMAP_SHARING, agreements=(NDA,), segmentation=seg)
    assert codes(checks.refusals) == {"supplier_is_competitor"}
    assert "competitor" in checks.refusals[0].message


def test_roadmap_sharing_is_refused_at_the_highest_ip_sensitivity():
    seg = d.SegmentationFacts(supplier_is_competitor=False, ip_sensitivity=5)
    checks = run(d.ROADMAP_SHARING, agreements=(NDA,), segmentation=seg)
    assert codes(checks.refusals) == {"ip_sensitivity_highest"}
    ok = run(d.ROADMAP_SHARING, agreements=(NDA,), segmentation=SAFE)
    assert ok.allowed


def test_roadmap_sharing_warns_when_competitor_and_ip_are_not_recorded():
    checks = run(d.ROADMAP_SHARING, agreements=(NDA,))
    assert checks.allowed
    assert codes(checks.warnings) == {"competitor_unknown", "ip_sensitivity_unknown"}


# --- joint problem-solving ------------------------------------------------------------------


def test_joint_problem_solving_warns_per_side_without_a_decision_maker():
    attendees = (
        d.Attendee("ours", "executive", "Olga"),
        d.Attendee("supplier", "operational", "Sam"),
    )
    checks = run(d.JOINT_PROBLEM_SOLVING, attendees=attendees)
    assert checks.allowed
    assert codes(checks.warnings) == {"no_decision_maker_supplier"}
    assert "Sam" in checks.warnings[0].message


def test_joint_problem_solving_with_nobody_recorded_warns_for_both_sides():
    checks = run(d.JOINT_PROBLEM_SOLVING)
    assert codes(checks.warnings) == {"no_decision_maker_ours", "no_decision_maker_supplier"}


def test_joint_problem_solving_with_managers_on_both_sides_is_quiet():
    attendees = (d.Attendee("ours", "management"), d.Attendee("supplier", "executive"))
    checks = run(d.JOINT_PROBLEM_SOLVING, attendees=attendees)
    assert checks.warnings == () and checks.refusals == ()


# --- embedded engineer ----------------------------------------------------------------------


def test_embedded_engineer_fits_a_high_value_complex_supplier():
    seg = d.SegmentationFacts(value_score=72, value_cutoff=50, quadrant="strategic", complexity=4)
    assert run(d.EMBEDDED_ENGINEER, segmentation=seg).warnings == ()


def test_embedded_engineer_accepts_the_quadrant_when_the_score_is_low():
    seg = d.SegmentationFacts(value_score=40, quadrant="opportunistic", complexity=5)
    assert run(d.EMBEDDED_ENGINEER, segmentation=seg).warnings == ()


def test_embedded_engineer_warns_for_low_value_or_simple_components():
    seg = d.SegmentationFacts(value_score=30, quadrant="operational", complexity=3)
    checks = run(d.EMBEDDED_ENGINEER, segmentation=seg)
    assert checks.allowed
    assert codes(checks.warnings) == {"low_value", "low_complexity"}
    assert "30" in next(f.message for f in checks.warnings if f.code == "low_value")


def test_embedded_engineer_warns_that_missing_data_cannot_be_checked():
    checks = run(d.EMBEDDED_ENGINEER)
    assert codes(checks.warnings) == {"value_unknown", "complexity_unknown"}
    assert all("Cannot check" in f.message for f in checks.warnings)


# --- shared risk-reward ---------------------------------------------------------------------


def test_shared_risk_reward_warns_when_not_set_and_when_transactional():
    seg = d.SegmentationFacts(shared_risk_reward=None, engagement_model="transactional")
    checks = run(d.SHARED_RISK_REWARD, segmentation=seg)
    assert codes(checks.warnings) == {"risk_reward_not_set", "transactional"}
    assert "recommended" in next(f.message for f in checks.warnings if f.code == "transactional")


def test_shared_risk_reward_in_a_partnership_that_shares_risk_is_quiet():
    seg = d.SegmentationFacts(
        shared_risk_reward=True, engagement_model="partnership", engagement_model_chosen=True
    )
    assert run(d.SHARED_RISK_REWARD, segmentation=seg).warnings == ()


def test_shared_risk_reward_warns_when_risk_is_not_shared():
    seg = d.SegmentationFacts(shared_risk_reward=False, engagement_model="partnership")
    assert codes(run(d.SHARED_RISK_REWARD, segmentation=seg).warnings) == {"risk_reward_not_shared"}


# --- no rule --------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [d.INFORMAL_CHECKINS, d.SITE_VISITS])
def test_checkins_and_site_visits_have_no_rule_but_a_hint(kind):
    checks = run(kind, segmentation=d.SegmentationFacts(supplier_is_competitor=True))
    assert checks.refusals == () and checks.warnings == ()
    assert checks.rule == "No context rule."
    assert checks.hints and "No context rule" in checks.hints[0].message


def test_every_kind_has_a_rule_text_and_unknown_kinds_are_refused():
    assert set(d.PRACTICE_RULES) == set(d.PRACTICE_KINDS)
    with pytest.raises(ValueError):
        run("lunch")
