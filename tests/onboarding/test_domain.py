"""The 30-60-90 template, progress per milestone and the fit of opportunities to stages."""

from __future__ import annotations

import datetime as dt

import pytest

from partnerbook.onboarding import domain

TODAY = dt.date(2026, 11, 26)


def test_the_template_covers_every_milestone_and_both_sides():
    titles = " ".join(t.title.lower() for t in domain.TEMPLATE)

    assert {t.milestone for t in domain.TEMPLATE} == {30, 60, 90}
    assert {t.side for t in domain.TEMPLATE} == {"ours", "supplier"}
    for word in ("introduce", "portal", "erp", "edi", "quality", "ordering", "invoicing",
                 "first joint review"):  # fmt: skip
        assert word in titles
    for task in domain.TEMPLATE:
        assert 0 < task.offset_days <= task.milestone
        assert task.milestone - 30 < task.offset_days or task.milestone == 30
    assert set(domain.SUCCESS_CRITERIA) == {30, 60, 90}


def test_progress_counts_done_overdue_and_leaves_out_dropped():
    tasks = [
        domain.TaskState(30, "done", TODAY - dt.timedelta(days=5)),
        domain.TaskState(30, "open", TODAY - dt.timedelta(days=1)),
        domain.TaskState(30, "dropped", TODAY - dt.timedelta(days=9)),
        domain.TaskState(60, "open", TODAY),
        domain.TaskState(60, "open", None),
    ]

    per, overall = domain.progress(tasks, TODAY)

    first, second, third = per
    assert (first.done, first.total, first.overdue, first.dropped) == (1, 2, 1, 1)
    assert first.percent == 50
    assert first.explanation == (
        "First 30 days: 1 of 2 tasks done (50 %), 1 overdue. 1 dropped task left out of the count."
    )
    assert (second.done, second.total, second.overdue) == (0, 2, 0)
    assert "none overdue" in second.explanation
    assert third.total == 0 and third.explanation == "Days 61 to 90: no tasks to do."
    assert (overall.done, overall.total, overall.overdue) == (1, 4, 1)
    assert not overall.complete


@pytest.mark.parametrize(
    ("kind", "stage", "ok"),
    [("more_volume", None, True), ("new_service", "transactional", False),
     ("new_service", "cooperative", True), ("co_innovation", "cooperative", False),
     ("co_innovation", "collaborative", True), ("co_investment", "collaborative", False),
     ("co_investment", "strategic", True)],
)  # fmt: skip
def test_opportunity_kinds_need_a_mature_enough_relationship(kind, stage, ok):
    fit = domain.opportunity_fit(kind, stage, "active")

    assert fit.ok is ok
    if not ok:
        assert "needs at least" in fit.explanation and (stage or "transactional") in fit.explanation


def test_opportunities_are_for_active_suppliers_only():
    fit = domain.opportunity_fit("more_volume", "strategic", "phasing_out")

    assert not fit.ok and "phasing out" in fit.explanation


def test_kinds_that_fit_grow_with_the_stage():
    assert domain.kinds_that_fit("transactional") == ["more_volume"]
    assert set(domain.kinds_that_fit("strategic")) == set(domain.KINDS)


def test_closed_opportunities_need_an_outcome():
    assert domain.outcome_problem("won", "  ")
    assert domain.outcome_problem("dropped", "")
    assert not domain.outcome_problem("idea", "")
    assert not domain.outcome_problem("won", "Volume doubled from Q1.")
