"""Pure rules of plans: the recovery-plan repetition check and text parsing."""

from __future__ import annotations

from partnerbook.plans.domain import (
    Approach,
    check_repetition,
    levels_of_contact_map,
    parse_list,
    parse_points,
    response_time_problems,
)

PREVIOUS = Approach(
    levels=frozenset({"ours:management", "supplier:management"}),
    people={1: "Ann", 2: "Bob"},
    cadence="monthly",
)


def test_a_plan_repeating_levels_people_and_cadence_is_flagged_naming_them():
    check = check_repetition(PREVIOUS, [("the previous recovery plan", PREVIOUS)])

    assert check.repeats
    assert check.repeated_levels == ("our management", "their management")
    assert check.repeated_people == ("Ann", "Bob")
    assert check.repeated_cadence == "monthly"
    assert "our management and their management" in check.warning
    assert "Ann and Bob" in check.warning
    assert "the same cadence (monthly)" in check.warning
    assert "the previous recovery plan" in check.warning


def test_a_new_level_is_enough():
    proposed = Approach(
        levels=frozenset({"ours:executive", "ours:management"}), people={1: "Ann"},
        cadence="monthly",
    )  # fmt: skip
    check = check_repetition(proposed, [("the previous recovery plan", PREVIOUS)])

    assert not check.repeats and check.warning == ""
    assert check.new_levels == ("our executive",)
    assert check.repeated_levels == ("our management",)


def test_a_new_cadence_is_enough():
    proposed = Approach(levels=PREVIOUS.levels, people=PREVIOUS.people, cadence="weekly")
    check = check_repetition(proposed, [("the previous recovery plan", PREVIOUS)])

    assert not check.repeats and check.new_cadence == "weekly"


def test_new_people_are_enough():
    proposed = Approach(levels=PREVIOUS.levels, people={**PREVIOUS.people, 3: "Cy"})
    check = check_repetition(proposed, [("the previous recovery plan", PREVIOUS)])

    assert not check.repeats and check.new_people == ("Cy",)


def test_what_the_relationship_plan_already_has_is_not_new():
    plan = Approach(levels=frozenset({"ours:executive", "supplier:executive"}), people={7: "Eve"})
    proposed = Approach(levels=frozenset({"ours:executive"}), people={7: "Eve"})
    check = check_repetition(
        proposed,
        [("the previous recovery plan", PREVIOUS), ("the relationship plan", plan)],
    )

    assert check.repeats
    assert "as the relationship plan" in check.warning
    assert "no new meeting cadence" in check.warning


def test_without_earlier_plans_anything_named_is_new_but_an_empty_plan_is_flagged():
    assert not check_repetition(Approach(cadence="weekly"), []).repeats
    empty = check_repetition(Approach(), [])
    assert empty.repeats and "names no level" in empty.warning


def test_levels_of_a_contact_map_cover_both_sides():
    rows = [{"level": "executive"}, {"level": "operational"}, {"level": "bogus"}]
    assert levels_of_contact_map(rows) == {
        "ours:executive", "supplier:executive", "ours:operational", "supplier:operational",
    }  # fmt: skip


def test_points_and_lists_are_parsed_without_blanks_or_repeats():
    assert parse_points("- Fast answers\n\n* Fast answers\n• Shared roadmap ") == [
        "Fast answers", "Shared roadmap",
    ]  # fmt: skip
    assert parse_list("English, German\nEnglish,,") == ["English", "German"]


def test_response_times_must_be_in_order():
    assert response_time_problems({"urgent": 4, "normal": 24, "low": 72}) == {}
    problems = response_time_problems({"urgent": 48, "normal": 24, "low": 8})
    assert set(problems) == {"response_urgent_hours", "response_normal_hours"}
