"""The pure parts of reviewers' scores and the mutual scorecard: median and spread, who has
not scored, the explanation lines, quarter and month parsing, the customer score."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnerbook.performance import domain


def test_the_median_of_an_odd_number_of_scores_is_the_middle_one():
    summary = domain.combine_ratings([60, 90, 70])

    assert (summary.median, summary.spread, summary.count) == (70.0, 30, 3)


def test_the_median_of_an_even_number_of_scores_is_the_mean_of_the_middle_two():
    summary = domain.combine_ratings([60, 90, 70, 80])

    assert (summary.median, summary.spread, summary.count) == (75.0, 30, 4)


def test_one_score_has_no_spread_and_none_has_no_median():
    assert domain.combine_ratings([55]) == domain.RatingSummary(55.0, None, 1)
    assert domain.combine_ratings([]) == domain.RatingSummary(None, None, 0)


@given(st.lists(st.floats(min_value=0, max_value=100), min_size=1, max_size=30))
def test_the_median_lies_within_the_scores_and_the_spread_is_never_negative(scores):
    summary = domain.combine_ratings(scores)

    assert min(scores) <= summary.median <= max(scores)
    assert summary.spread is None or summary.spread >= 0


@pytest.mark.parametrize(
    ("score", "ok"), [(0, True), (100, True), (55.5, True), (-1, False), (100.1, False),
                      (float("nan"), False), (float("inf"), False)],
)  # fmt: skip
def test_a_score_runs_from_0_to_100(score, ok):
    assert (domain.rating_error(score) is None) is ok


def test_who_has_not_scored_keeps_the_expected_order_once_each():
    assert domain.not_yet_scored(["ben", "rita", "ben", "ada"], ["rita"]) == ["ben", "ada"]
    assert domain.not_yet_scored(["ben"], ["ben", "ada"]) == []


def test_the_rating_line_says_median_spread_and_who_is_missing():
    line = domain.rating_line("Collaboration", "2026-05", domain.combine_ratings([60, 75, 72]), 1)

    assert line == (
        "Collaboration, 2026-05: median 72 of 3 scores (spread 15); 1 expected reviewer has "
        "not scored yet."
    )
    nobody = domain.rating_line("Collaboration", "2026-05", domain.combine_ratings([]), 2)
    assert nobody.startswith("Collaboration, 2026-05: nobody has scored yet, so no data")
    assert nobody.endswith("2 expected reviewers have not scored yet.")


@pytest.mark.parametrize(
    ("text", "start"),
    [("2026-Q2", dt.date(2026, 4, 1)), ("2026 q4", dt.date(2026, 10, 1)),
     ("2026Q1", dt.date(2026, 1, 1)), ("2026-07-01", dt.date(2026, 7, 1)),
     ("2026-07-01T00:00:00", dt.date(2026, 7, 1))],
)  # fmt: skip
def test_a_quarter_is_read_as_yyyy_qn_or_its_first_day(text, start):
    assert domain.parse_quarter(text) == start
    assert domain.parse_quarter(domain.quarter_text(start)) == start


@pytest.mark.parametrize(
    ("text", "reason"),
    [("2026-Q5", "not a quarter"), ("2026-05-01", "not the first day of a quarter"),
     ("2026-02-30", "not a quarter"), ("Q2 2026", "not a quarter"), ("", "not a quarter")],
)  # fmt: skip
def test_a_malformed_quarter_is_refused_with_a_reason(text, reason):
    with pytest.raises(ValueError, match=reason):
        domain.parse_quarter(text)


def test_a_month_is_read_as_yyyy_mm_or_its_first_day():
    assert domain.parse_month("2026-05") == dt.date(2026, 5, 1)
    assert domain.parse_month("2026-05-01") == dt.date(2026, 5, 1)
    for bad in ("2026-13", "May 2026", "2026-05-17", "26-05"):
        with pytest.raises(ValueError):
            domain.parse_month(bad)


def test_the_customer_score_is_the_mean_rating_as_0_to_100_with_the_weakest_named():
    result = domain.customer_score(
        dt.date(2026, 4, 1), {"payment_on_time": 2, "fairness": 4, "responsiveness": 5}
    )

    assert result.score == pytest.approx((11 / 3 - 1) / 4 * 100)
    assert result.light == "yellow"
    assert result.explanation.startswith("2026 Q2: 3 of 5 criteria rated, mean 3.7 of 5")
    assert "lowest: Payment on time (2, weak)" in result.explanation
    assert [c[2] for c in result.criteria] == [2, None, None, 5, 4]


def test_a_quarter_not_rated_has_no_customer_score():
    result = domain.customer_score(dt.date(2026, 4, 1), {})

    assert (result.score, result.light) == (None, None)
    assert result.explanation == "2026 Q2: the supplier has not rated us yet."


@pytest.mark.parametrize(("score", "light"), [(5, "green"), (4, "green"), (3, "yellow"),
                                              (2, "red"), (1, "red"), (None, None)])  # fmt: skip
def test_one_criterion_has_the_light_of_its_band(score, light):
    assert domain.partner_light(score) == light


@pytest.mark.parametrize("score", [0, 6, 3.5, True, "4", None])
def test_a_rating_of_us_is_a_whole_number_from_1_to_5(score):
    assert domain.partner_score_error(score) is not None


def test_the_mutual_line_puts_both_figures_side_by_side():
    theirs = domain.customer_score(dt.date(2026, 4, 1), {"fairness": 5})
    ours = domain.PeriodScore(dt.date(2026, 4, 1), "2026 Q2", [], 81.0, "good", [])

    assert domain.mutual_line(ours, theirs) == (
        "2026 Q2: we score them 81 of 100 (good); they rate us 100 of 100 (green)."
    )
    assert "we have no overall score" in domain.mutual_line(None, theirs)
    assert "they have not rated us" in domain.mutual_line(
        ours, domain.customer_score(dt.date(2026, 4, 1), {})
    )
