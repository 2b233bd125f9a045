"""The criteria set's rules and explanation, without a database."""

from __future__ import annotations

import pytest

from partnerbook.sourcing.domain import (
    PILLARS,
    SUGGESTIONS,
    CriterionSpec,
    criterion_problems,
    explain,
    name_key,
    set_problems,
)


def test_a_must_have_with_a_weight_is_refused_on_the_weight():
    assert "weight" in criterion_problems(CriterionSpec("values", "Ethics", True, 10))


@pytest.mark.parametrize("weight", [None, 0, -5, 101, True])
def test_a_weighted_criterion_needs_a_weight_from_1_to_100(weight):
    assert "weight" in criterion_problems(CriterionSpec("goals", "Growth", False, weight))


def test_a_good_criterion_has_no_problems():
    assert criterion_problems(CriterionSpec("goals", "Growth", False, 40)) == {}
    assert criterion_problems(CriterionSpec("values", "Ethics", True, None)) == {}


def test_unknown_pillar_and_blank_name_are_named():
    problems = criterion_problems(CriterionSpec("price", "  ", False, 10))
    assert set(problems) == {"pillar", "name"}


def test_names_count_as_the_same_ignoring_case_and_spaces():
    assert name_key(" Cultural  Fit ") == name_key("cultural fit")
    specs = [CriterionSpec("values", "Cultural fit", False, 10),
             CriterionSpec("values", "CULTURAL FIT", False, 5)]  # fmt: skip
    assert "used twice" in set_problems(specs)["criteria"]


def test_set_problems_names_the_broken_criterion():
    specs = [CriterionSpec("goals", "A", False, 10), CriterionSpec("goals", "B", True, 3)]
    assert set_problems(specs) == {
        "criteria": "Criterion 2 (weight): A must-have has no weight: it is a pass or fail."
    }


def test_explanation_gives_weights_as_shares_of_100_per_pillar_and_overall():
    specs = [
        CriterionSpec("capabilities", "Technical capability", False, 30),
        CriterionSpec("capabilities", "Capacity", False, 10),
        CriterionSpec("values", "Sustainability", False, 10),
        CriterionSpec("capabilities", "Certifications", True),
        CriterionSpec("values", "Ethics", True),
    ]
    result = explain(specs)
    assert result.total_weight == 50
    assert result.must_haves == ["Certifications", "Ethics"]
    by_pillar = {p.pillar: p for p in result.pillars}
    assert [p.pillar for p in result.pillars] == list(PILLARS)
    capabilities = by_pillar["capabilities"]
    assert capabilities.share == 80.0
    assert [(w.name, w.share_of_pillar, w.share_overall) for w in capabilities.weighted] == [
        ("Technical capability", 75.0, 60.0),
        ("Capacity", 25.0, 20.0),
    ]
    assert capabilities.must_haves == ["Certifications"]
    assert by_pillar["values"].share == 20.0
    assert by_pillar["goals"].share == 0.0
    assert result.empty_pillars == ["Goals"]
    text = " ".join(result.lines)
    assert "2 must-haves" in text and "Certifications, Ethics" in text
    assert "Capabilities 80%" in text and "Goals" in text and "blind side" in text


def test_explanation_of_an_empty_set_says_so():
    result = explain([])
    assert result.total_weight == 0
    assert result.lines == [
        "No must-haves: every candidate is scored on the weights alone.",
        "No weighted criteria yet.",
    ]


def test_suggestions_are_valid_cover_the_triangle_and_have_unique_names():
    assert set_problems(list(SUGGESTIONS)) == {}
    assert {s.pillar for s in SUGGESTIONS} == set(PILLARS)
    names = {s.name for s in SUGGESTIONS}
    for expected in ("Technical capability", "Capacity", "Location", "Certifications",
                     "Sustainability", "Willingness to co-innovate", "Cultural fit"):  # fmt: skip
        assert expected in names
    shares = explain(SUGGESTIONS)
    assert round(sum(p.share for p in shares.pillars)) == 100
