"""The pure rules of referrals and recognition: referral moves, the pipeline share and the
retention of referred suppliers, tested without a database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from partnerbook.recognition import domain
from partnerbook.recognition.domain import PipelineEntry, StartFacts

AS_OF = date(2026, 11, 26)


# --- moves ----------------------------------------------------------------------------------


def test_a_referral_moves_forward_or_is_declined():
    assert domain.move_error("received", "contacted") is None
    assert domain.move_error("contacted", "onboarded") is None
    assert domain.move_error("vetting", "declined") is None
    assert domain.move_error("declined", "received") is None


def test_an_illegal_move_names_the_allowed_ones():
    error = domain.move_error("vetting", "contacted")
    assert error is not None and "onboarded, declined" in error
    assert "where a referral ends" in (domain.move_error("onboarded", "declined") or "")
    assert "already" in (domain.move_error("received", "received") or "")
    assert "Use one of" in (domain.move_error("received", "lost") or "")


def test_reward_rules():
    assert domain.reward_error("paid", Decimal("500"), "EUR", date(2026, 1, 1)) is None
    assert domain.reward_error("paid", None, "", None) == (
        "paid_on",
        "Say when the reward was paid.",
    )
    assert domain.reward_error("promised", None, "", date(2026, 1, 1))[0] == "paid_on"
    assert domain.reward_error("promised", Decimal("5"), "", None)[0] == "reward_currency"
    assert domain.reward_error("later", None, "", None)[0] == "reward_status"


def test_add_months_keeps_the_day_or_takes_the_last_of_a_shorter_month():
    assert domain.add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert domain.add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert domain.add_months(date(2024, 11, 15), 24) == date(2026, 11, 15)


# --- the pipeline share ---------------------------------------------------------------------


def test_an_empty_pipeline_has_no_share_and_says_why():
    share = domain.pipeline_share([])
    assert share.total == 0 and share.share is None
    assert "empty" in share.explanation


def test_the_pipeline_counts_each_supplier_once_and_says_what_it_counted():
    entries = [
        PipelineEntry(1, "Alpha", status="prospect", referral_recorded=True),
        PipelineEntry(2, "Beta", status="vetting"),
        PipelineEntry(2, "Beta", open_candidate=True, candidate_by_referral=True),
        PipelineEntry(3, "Gamma", open_candidate=True),
        PipelineEntry(4, "Delta", status="pilot"),
    ]
    share = domain.pipeline_share(entries)
    assert (share.total, share.by_referral, share.by_status, share.candidates_only) == (4, 2, 3, 1)
    assert share.share == Decimal("50.0")
    assert [e.name for e in share.referred] == ["Alpha", "Beta"]
    assert "2 of the 4 suppliers" in share.explanation
    assert "prospect, in vetting or in pilot (3)" in share.explanation
    assert "referral is recorded for it (1)" in share.explanation


@given(st.lists(st.tuples(st.integers(1, 30), st.booleans(), st.booleans(), st.booleans()),
                max_size=60))  # fmt: skip
def test_the_share_is_a_fraction_of_distinct_suppliers(rows):
    entries = [
        PipelineEntry(pk, f"S{pk}", status="prospect" if s else "", open_candidate=not s,
                      referral_recorded=r, candidate_by_referral=c)
        for pk, s, r, c in rows
    ]  # fmt: skip
    share = domain.pipeline_share(entries)
    assert share.total == len({pk for pk, *_ in rows})
    assert 0 <= share.by_referral <= share.total
    assert share.by_status + share.candidates_only == share.total
    if share.total:
        assert Decimal(0) <= share.share <= Decimal(100)
    referred = {pk for pk, _, r, c in rows if r or c}
    assert share.by_referral == len(referred)


# --- retention ------------------------------------------------------------------------------


def test_retention_compares_referred_suppliers_with_the_others_and_shows_counts():
    facts = [
        StartFacts(1, True, date(2023, 1, 10)),  # still here
        StartFacts(2, True, date(2023, 6, 1), left_on=date(2024, 3, 1)),  # left within 12
        StartFacts(3, False, date(2023, 1, 1), left_on=date(2024, 6, 1)),  # left after 12
        StartFacts(4, False, date(2022, 1, 1)),
        StartFacts(5, False, date(2026, 6, 1)),  # too recent for both horizons
    ]
    result = domain.retention(facts, AS_OF)
    twelve, twenty_four = result.horizons
    assert (twelve.referred.eligible, twelve.referred.retained) == (2, 1)
    assert (twelve.others.eligible, twelve.others.retained, twelve.others.too_recent) == (2, 2, 1)
    assert twelve.referred.rate == Decimal("50.0") and twelve.others.rate == Decimal("100.0")
    assert "stayed less often" in twelve.explanation
    assert (twenty_four.others.eligible, twenty_four.others.retained) == (2, 1)
    assert "1 of 2 still current" in twelve.explanation
    assert result.referred_started == 2 and result.others_started == 3


def test_a_supplier_that_left_exactly_at_the_mark_is_lost_and_one_day_later_is_retained():
    started = date(2025, 1, 15)
    lost = domain.retention([StartFacts(1, True, started, date(2026, 1, 15))], AS_OF)
    kept = domain.retention([StartFacts(1, True, started, date(2026, 1, 16))], AS_OF)
    assert lost.horizons[0].referred.retained == 0
    assert kept.horizons[0].referred.retained == 1
    assert kept.horizons[1].referred.eligible == 0  # 24 months not reached yet


def test_retention_with_no_referred_supplier_says_there_is_nothing_to_compare():
    result = domain.retention([StartFacts(1, False, date(2020, 1, 1))], AS_OF)
    horizon = result.horizons[0]
    assert horizon.referred.rate is None and horizon.referred.eligible == 0
    assert "Too few" in horizon.explanation
    assert "none started 12 months ago" in horizon.explanation


@given(st.lists(st.tuples(st.booleans(), st.integers(0, 2000), st.none() | st.integers(0, 2000)),
                max_size=40))  # fmt: skip
def test_retention_counts_add_up(rows):
    from datetime import timedelta

    facts = [
        StartFacts(n, ref, AS_OF - timedelta(days=ago),
                   None if left is None else AS_OF - timedelta(days=ago) + timedelta(days=left))
        for n, (ref, ago, left) in enumerate(rows)
    ]  # fmt: skip
    result = domain.retention(facts, AS_OF)
    for horizon in result.horizons:
        for cohort, group in ((horizon.referred, True), (horizon.others, False)):
            members = sum(1 for f in facts if f.referred == group)
            assert cohort.eligible + cohort.too_recent == members
            assert 0 <= cohort.retained <= cohort.eligible
            assert cohort.lost == cohort.eligible - cohort.retained
    twelve, twenty_four = result.horizons
    # A supplier still there after 24 months was still there after 12.
    assert twenty_four.referred.retained <= twelve.referred.retained
    assert twenty_four.others.retained <= twelve.others.retained


def test_percent_rounds_half_up_to_one_decimal():
    assert domain.percent(1, 3) == Decimal("33.3")
    assert domain.percent(2, 3) == Decimal("66.7")
    assert domain.percent(1, 0) is None
