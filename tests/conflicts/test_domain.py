"""The rules of supplier issues as pure functions: the escalation audit, the blame reminder,
time boxes, moves along the path and the resolution statistics."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from partnerbook.conflicts import domain

RAISED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def facts(**changes) -> domain.EscalationFacts:
    base = {
        "escalation_id": 1,
        "issue_id": 1,
        "supplier": "Sterilis",
        "title": "Scuffed cartons",
        "category": "quality",
        "severity": "minor",
        "safety_impact": False,
        "raised_at": RAISED,
        "escalated_at": RAISED + timedelta(hours=5),
        "from_level": 1,
        "to_level": 2,
    }
    base.update(changes)
    return domain.EscalationFacts(**base)


class TestTheEscalationAudit:
    def test_a_minor_issue_without_safety_impact_escalated_within_a_day_is_flagged(self):
        flags = domain.audit_flags(facts())

        assert [f.rule for f in flags] == ["minor_fast"]
        assert "escalated 5 hours after it was raised" in flags[0].reason

    def test_the_same_escalation_after_the_working_level_had_its_days_is_not(self):
        assert domain.audit_flags(facts(escalated_at=RAISED + timedelta(days=6))) == []

    def test_a_justified_critical_escalation_is_never_flagged(self):
        critical = facts(severity="critical", safety_impact=True, to_level=4, resolved_level=4)

        assert domain.audit_flags(critical) == []
        assert domain.AuditRow(critical, ()).why_not == domain.EXEMPT

    def test_safety_or_function_impact_exempts_a_minor_issue(self):
        assert domain.audit_flags(facts(safety_impact=True, to_level=3)) == []

    def test_an_issue_resolved_at_the_working_level_after_all_is_flagged(self):
        flags = domain.audit_flags(
            facts(severity="major", resolved_level=1, escalated_at=RAISED + timedelta(days=9))
        )

        assert [f.rule for f in flags] == ["settled_low"]
        assert "yet resolved at level 1" in flags[0].reason

    def test_skipping_levels_without_cause_is_flagged(self):
        flags = domain.audit_flags(
            facts(severity="major", to_level=4, escalated_at=RAISED + timedelta(days=3))
        )

        assert [f.rule for f in flags] == ["skipped_levels"]
        assert "From level 1 straight to level 4" in flags[0].reason

    def test_the_cosmetic_defect_sent_to_the_committee_collects_every_flag(self):
        flags = domain.audit_flags(facts(to_level=3, resolved_level=1))

        assert [f.rule for f in flags] == ["minor_fast", "settled_low", "skipped_levels"]

    def test_the_audit_gives_the_share_flagged_and_the_habits_behind_it(self):
        rows = [
            facts(escalation_id=1),
            facts(escalation_id=2, escalated_at=RAISED + timedelta(hours=2)),
            facts(escalation_id=3, severity="critical", to_level=4),
            facts(escalation_id=4, severity="major", escalated_at=RAISED + timedelta(days=8)),
        ]

        result = domain.audit(rows)

        assert result.flagged == 2
        assert result.share == 0.5
        assert result.summary == (
            "2 of the last 4 escalations (50%) could likely have been settled informally."
        )
        habit = result.habits[0]
        assert habit.rule.key == "minor_fast" and habit.count == 2 and habit.share == 0.5
        assert "stays at the working level" in habit.rule.habit

    def test_an_empty_scope_says_so(self):
        assert domain.audit([]).summary == "No escalations to audit in this scope."
        assert domain.audit([]).share is None

    @given(
        severity=st.sampled_from(list(domain.SEVERITIES)),
        safety=st.booleans(),
        hours=st.floats(min_value=0, max_value=2000),
        to_level=st.integers(min_value=2, max_value=5),
        resolved=st.one_of(st.none(), st.integers(min_value=1, max_value=5)),
    )
    def test_critical_or_safety_issues_are_never_flagged(
        self, severity, safety, hours, to_level, resolved
    ):
        row = facts(
            severity=severity,
            safety_impact=safety,
            to_level=to_level,
            escalated_at=RAISED + timedelta(hours=hours),
            resolved_level=resolved,
        )
        if severity == "critical" or safety:
            assert domain.audit_flags(row) == []
        for flag in domain.audit_flags(row):
            assert flag.rule in domain.RULES and flag.reason


class TestTheBlameReminder:
    def test_it_notices_text_that_blames_a_person(self):
        hints = domain.blame_hints("It was Tom's fault: he forgot to check the seal, careless.")

        assert hints == [
            "says whose fault it is",
            "calls someone names",
            "points at a person's failing",
        ]

    def test_it_leaves_a_description_of_what_happened_alone(self):
        text = "The seal check was skipped on the night shift because the gauge was missing."

        assert domain.blame_hints(text) == []

    def test_every_prompt_is_worded_without_blame(self):
        for step in (*domain.STEPS, *domain.DISCIPLINES):
            assert domain.blame_hints(step.prompt) == [], step.key
        assert (
            "What can we do differently so this does not happen again?" in domain.STEPS[-1].prompt
        )


class TestThePath:
    def test_a_time_box_suggests_the_next_level_once_it_runs_out(self):
        box = domain.time_box(domain.DEFAULT_PATH, 1, RAISED)
        assert box is not None
        running = box.explain(RAISED + timedelta(days=2))
        late = box.explain(RAISED + timedelta(days=7))

        assert not box.ran_out(RAISED + timedelta(days=2)) and "3 days left" in running
        assert box.ran_out(RAISED + timedelta(days=7))
        assert "Consider escalating to level 2 (Relationship owners on both sides)" in late
        assert "nothing moves by itself" in late

    def test_the_top_level_has_nowhere_to_go(self):
        box = domain.time_box(domain.DEFAULT_PATH, 4, RAISED)
        assert box is not None and box.next_level is None
        assert "top of the path" in box.explain(RAISED + timedelta(days=60))

    def test_a_move_names_a_level_on_the_path_and_a_reason(self):
        path = domain.DEFAULT_PATH

        assert domain.check_move(path, 1, 2, "The working level could not agree.") == {}
        assert set(domain.check_move(path, 1, 9, "The working level could not agree.")) == {
            "to_level"
        }
        assert set(domain.check_move(path, 2, 2, "Already there, somehow.")) == {"to_level"}
        assert set(domain.check_move(path, 1, 2, "why")) == {"reason"}

    def test_a_stored_path_is_read_back_and_an_empty_one_is_the_default(self):
        stored = [
            {"level": 1, "who": "Buyers", "time_box_days": 3},
            {"level": 2, "who": "Steering committee", "time_box_days": 14},
        ]

        assert domain.path_from(stored)[1] == domain.Level(2, "Steering committee", 14)
        assert domain.path_from([]) == domain.DEFAULT_PATH


class TestTheStatistics:
    def test_medians_split_by_joint_problem_solving(self):
        rows = [
            domain.Resolved(4, "major", "delivery", True, "Brennwald", "Bruno"),
            domain.Resolved(12, "major", "delivery", False, "Brennwald", "Bruno"),
            domain.Resolved(8, "major", "delivery", False, "Kartonwerk", "Maria"),
            domain.Resolved(2, "minor", "invoicing", False, "Kartonwerk", "Maria"),
        ]

        stats = domain.resolution_statistics(rows)

        assert stats.overall.n == 4 and stats.overall.median_days == 6
        delivery = stats.by_category["delivery"]
        assert (delivery.joint_median, delivery.alone_median) == (4, 10)
        assert (
            "4.0 days with joint problem-solving (1) against 10.0 without (2)" in delivery.explain
        )
        assert stats.by_severity["minor"].n == 1 and "critical" not in stats.by_severity
        assert list(stats.by_supplier) == ["Brennwald", "Kartonwerk"]
        assert stats.joint_pays_off == (
            "Issues solved jointly took 50% less time (4.0 against 8.0 days, median)."
        )

    def test_without_both_groups_there_is_nothing_to_compare(self):
        stats = domain.resolution_statistics([domain.Resolved(3, "minor", "other", False)])

        assert "Not enough resolved issues" in stats.joint_pays_off

    def test_days_between_is_never_negative(self):
        assert domain.days_between(RAISED, RAISED - timedelta(days=1)) == 0.0
        assert domain.days_between(RAISED, RAISED + timedelta(hours=36)) == 1.5


def test_a_corrective_action_request_closes_only_with_d1_to_d7_answered():
    answered = ["d1_team", "d2_problem", "d3_containment", "d4_root_cause"]

    assert domain.car_missing(answered) == [
        "D5 Corrective action",
        "D6 Verification",
        "D7 Prevention",
    ]
    assert domain.car_missing(domain.DISCIPLINE_KEYS[:-1]) == []
