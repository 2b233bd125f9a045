"""Contract rules without a database: template suggestion, required sections, escalation
path, notice date and renewal status."""

from __future__ import annotations

import datetime as dt

import pytest

from partnerbook.practices import domain as d

TODAY = dt.date(2026, 6, 1)


@pytest.mark.parametrize(
    ("model", "stage", "template"),
    [
        ("transactional", "transactional", "transactional"),
        ("transactional", "strategic", "transactional"),
        (None, "collaborative", "transactional"),
        ("partnership", "transactional", "collaborative"),
        ("partnership", "cooperative", "collaborative"),
        ("partnership", "collaborative", "collaborative"),
        ("partnership", "strategic", "strategic"),
    ],
)
def test_the_suggested_template_follows_engagement_model_and_stage(model, stage, template):
    suggested, why = d.suggest_template(model, stage)
    assert suggested == template
    assert f"maturity stage {stage}" in why
    assert ("partnership" in why) == (model == "partnership")


def test_a_transactional_model_at_a_late_stage_says_to_review_the_model():
    _, why = d.suggest_template("transactional", "strategic")
    assert "review the engagement model" in why
    assert "no engagement model recorded" in d.suggest_template(None, "transactional")[1]


def test_each_template_requires_more_than_the_one_before():
    transactional = set(d.required_sections("transactional"))
    collaborative = set(d.required_sections("collaborative"))
    strategic = set(d.required_sections("strategic"))
    assert transactional == {"scope", "deliverables", "payment_terms", "termination"}
    assert collaborative - transactional == {
        "service_levels", "escalation_path", "performance_guarantees", "dispute_resolution",
    }  # fmt: skip
    assert strategic - collaborative == {"ip_terms", "joint_investment", "gain_sharing"}
    assert d.required_sections("") == ()


def test_missing_sections_are_named_in_order():
    values = {"scope": "All packaging", "payment_terms": "", "termination": "90 days"}
    assert d.missing_sections("transactional", values) == ["deliverables", "payment_terms"]
    assert "Deliverables is required by the transactional template." == (
        d.missing_section_message("transactional", "deliverables")
    )


def test_a_good_escalation_path_is_read():
    levels, problem = d.check_escalation_path(
        [{"level": 1, "who": "Buyer", "time_box_days": 5},
         {"level": 2, "who": " Category manager ", "time_box_days": 10}]
    )  # fmt: skip
    assert problem is None
    assert levels == (
        d.EscalationLevel(1, "Buyer", 5),
        d.EscalationLevel(2, "Category manager", 10),
    )


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ([{"level": 2, "who": "X", "time_box_days": 5}], "numbered 1, 2, 3"),
        ([{"level": 1, "who": "X", "time_box_days": 5},
          {"level": 3, "who": "Y", "time_box_days": 5}], "numbered"),
        ([{"level": 1, "who": "", "time_box_days": 5}], "say who"),
        ([{"level": 1, "who": "X", "time_box_days": 0}], "time box"),
        ([{"level": 1, "who": "X", "time_box_days": True}], "time box"),
        ([{"level": i, "who": "X", "time_box_days": 1} for i in range(1, 7)], "at most 5"),
        ("1:X:5", "list of levels"),
    ],
)  # fmt: skip
def test_a_bad_escalation_path_says_why(raw, words):
    levels, problem = d.check_escalation_path(raw)
    assert levels == () and problem is not None and words in problem


def test_the_escalation_text_round_trips():
    levels, problem = d.parse_escalation_text("1:Buyer:5; 2:Head of: sales:10\n3:CEO:20")
    assert problem is None
    assert levels[1] == {"level": 2, "who": "Head of: sales", "time_box_days": 10}
    assert d.parse_escalation_text(d.escalation_text(levels))[0] == levels
    assert d.parse_escalation_text("1-Buyer-5")[1] is not None


def test_the_notice_date_is_the_end_less_the_notice_period():
    end = dt.date(2026, 12, 31)
    assert d.notice_date(end, 90) == dt.date(2026, 10, 2)
    assert d.notice_date(end, None) == end
    assert d.notice_date(None, 90) is None


def contract(expires_in: int | None, notice: int | None = 60, **kw) -> d.AgreementFacts:
    expires = TODAY + dt.timedelta(days=expires_in) if expires_in is not None else None
    return d.AgreementFacts(
        "supply", TODAY - dt.timedelta(days=300), expires, renewal_notice_days=notice, **kw
    )


def test_the_renewal_alert_starts_thirty_days_before_the_notice_date():
    assert not d.renewal(contract(91), TODAY).alert  # notice in 31 days
    due = d.renewal(contract(90), TODAY)  # notice in 30 days
    assert due.alert and due.state == "due_soon" and due.days_left == 30
    assert "60 days' notice" in due.reason and "30 days left" in due.reason
    passed = d.renewal(contract(20), TODAY)
    assert passed.alert and passed.state == "notice_passed" and passed.days_left == -40


def test_no_renewal_alert_once_archived_ended_or_open_ended():
    assert not d.renewal(contract(10, archived=True), TODAY).alert
    assert d.renewal(contract(0), TODAY).state == "expired"
    assert not d.renewal(contract(None, None), TODAY).alert
    assert d.renewal(contract(10, None), TODAY).notice_on == TODAY + dt.timedelta(days=10)
