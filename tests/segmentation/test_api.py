"""Segmentation over the REST API: explained scores, decisions, history, settings, permissions."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from partnerbook.segmentation import services
from partnerbook.segmentation.models import (
    AlignmentAssessment,
    MaturityMove,
    ScoringSettings,
    SegmentationProfile,
)
from tests.api import API, error_fields, token_client

# Some tests pick their users with request.getfixturevalue(), which needs the database.
pytestmark = pytest.mark.django_db

JSON = "application/json"
STRONG = {"criticality": 5, "complexity": 4, "innovation": 4, "integration": 5,
          "financial_health": 5, "single_source": False, "market_difficulty": 2,
          "country_risk": 1, "ip_sensitivity": 2, "regulatory_constraints": 1,
          "serious_incidents": 0}  # fmt: skip
ALIGNMENT = {"our_goals": 4, "our_values": 4, "our_capabilities": 2,
             "their_goals": 5, "their_values": 4, "their_capabilities": 4}  # fmt: skip
TODAY = dt.datetime(2025, 6, 15, 12, tzinfo=dt.UTC)


@pytest.fixture
def as_manager(manager):
    return token_client(manager)


@pytest.fixture
def as_buyer(buyer):
    return token_client(buyer)


def url(supplier, tail: str = "") -> str:
    return f"{API}/suppliers/{supplier.pk}/segmentation{tail}"


def put(client, path, payload):
    return client.put(path, payload, content_type=JSON)


def post(client, path, payload):
    return client.post(path, payload, content_type=JSON)


def profile_rows() -> list[dict]:
    return list(SegmentationProfile.objects.values().order_by("pk"))


# --- reading ------------------------------------------------------------------------------


def test_segmentation_of_a_new_supplier_shows_every_factor_missing(viewer, supplier_a):
    response = token_client(viewer).get(url(supplier_a))

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["supplier_id"] == supplier_a.pk
    assert body["quadrant"] is None and body["computed_quadrant"] is None
    assert "No " in body["placement_reason"]
    assert body["value"]["missing"] == ["criticality", "complexity", "innovation", "integration"]
    assert body["risk"]["score"] is None and body["risk"]["confidence"] == 0
    assert len(body["risk"]["missing"]) == 7
    assert body["override"] is None
    assert body["engagement"]["recommended"] == "transactional"
    assert body["engagement"]["chosen"] is None and body["engagement"]["mismatch"] is False
    assert body["expectations"]["gap"] is None
    assert body["maturity"] == {
        "stage": "transactional",
        "next_stage": "cooperative",
        "next_stage_requirement": body["maturity"]["next_stage_requirement"],
    }
    assert body["maturity"]["next_stage_requirement"]
    assert set(body["factors"].values()) == {None}
    assert not SegmentationProfile.objects.exists()  # reading writes nothing


def test_segmentation_explains_scores_quadrant_and_recommendation(as_manager, manager, supplier_a):
    services.update_factors(manager, supplier_a, {**STRONG, "shared_risk_reward": True})

    body = as_manager.get(url(supplier_a)).json()

    assert body["quadrant"] == body["computed_quadrant"] == "strategic"
    assert "cut-off" in body["placement_reason"]
    assert body["confidence"] == 1
    value = body["value"]
    assert value["missing"] == [] and value["confidence"] == 1
    assert sum(c["points"] for c in value["contributions"]) == pytest.approx(value["score"], 0.01)
    share = next(c for c in value["contributions"] if c["factor"] == "spend_share")
    assert share["raw"] == pytest.approx(1.0)
    assert set(share) == {"factor", "label", "raw", "weight", "normalised", "points", "missing"}
    single = next(c for c in body["risk"]["contributions"] if c["factor"] == "single_source")
    assert single["raw"] is False and single["normalised"] == 0
    engagement = body["engagement"]
    assert engagement["recommended"] == "partnership"
    assert {r["points_to"] for r in engagement["reasons"]} == {"partnership"}
    assert all(set(r) == {"points_to", "text", "decisive"} for r in engagement["reasons"])
    assert body["factors"]["criticality"] == 5 and body["factors"]["shared_risk_reward"] is True


def test_unknown_supplier_is_404(as_manager):
    assert as_manager.get(f"{API}/suppliers/987654/segmentation").status_code == 404
    assert as_manager.get(f"{API}/suppliers/{2**70}/segmentation").status_code == 404


# --- factors ------------------------------------------------------------------------------


def test_buyer_records_factors_of_own_supplier_partially_and_is_audited(
    as_buyer, buyer, supplier_a
):
    first = put(as_buyer, url(supplier_a, "/factors"), {"criticality": 4, "commodity": True})
    second = put(as_buyer, url(supplier_a, "/factors"), {"complexity": 2})

    assert first.status_code == 200, first.content
    assert second.json()["factors"]["criticality"] == 4  # left out: unchanged
    assert second.json()["factors"]["complexity"] == 2
    assert second.json()["factors"]["commodity"] is True
    history = supplier_a.segmentation.history.all()
    assert {record.history_user for record in history} == {buyer}
    assert history.first().history_change_reason == "Segmentation factors changed"


def test_null_clears_a_factor_back_to_missing(as_manager, manager, supplier_a):
    services.update_factors(manager, supplier_a, STRONG)

    body = put(as_manager, url(supplier_a, "/factors"), {"financial_health": None}).json()

    assert body["factors"]["financial_health"] is None
    assert body["risk"]["missing"] == ["financial_health"]
    assert body["risk"]["confidence"] < 1
    assert body["factors"]["criticality"] == 5


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"criticality": 0}, "criticality"),
        ({"criticality": 6}, "criticality"),
        ({"criticality": "high"}, "criticality"),
        ({"criticality": 2.5}, "criticality"),
        ({"financial_health": True}, "financial_health"),
        ({"serious_incidents": -1}, "serious_incidents"),
        ({"serious_incidents": 10**6}, "serious_incidents"),
        ({"single_source": "maybe"}, "single_source"),
        ({"single_source": 1}, "single_source"),
        ({"spend_share": 0.5}, "spend_share"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_factor_is_422_naming_the_field_and_changes_nothing(
    as_manager, manager, supplier_a, payload, field
):
    services.update_factors(manager, supplier_a, {"criticality": 3})
    before = profile_rows()

    response = put(as_manager, url(supplier_a, "/factors"), payload)

    assert response.status_code == 422
    assert field in error_fields(response)
    assert profile_rows() == before


def test_buyer_cannot_record_factors_of_another_buyers_supplier(as_buyer, supplier_b):
    response = put(as_buyer, url(supplier_b, "/factors"), {"criticality": 5})

    assert response.status_code == 403
    assert not SegmentationProfile.objects.exists()


@pytest.mark.parametrize(
    ("method", "tail", "payload"),
    [
        ("put", "/factors", {"criticality": 5}),
        ("post", "/override", {"quadrant": "avoid", "reason": "x"}),
        ("delete", "/override", None),
        ("put", "/engagement", {"model": "partnership", "reason": ""}),
        ("put", "/expectations", {"our_expectation": "strategic"}),
    ],
)
def test_viewer_cannot_change_segmentation(viewer, supplier_a, method, tail, payload):
    response = getattr(token_client(viewer), method)(
        url(supplier_a, tail), payload, content_type=JSON
    )

    assert response.status_code == 403
    assert not SegmentationProfile.objects.exists()


# --- override -----------------------------------------------------------------------------


def test_manager_overrides_the_quadrant_with_a_reason_and_both_are_shown(
    as_manager, manager, supplier_a
):
    services.update_factors(manager, supplier_a, STRONG)

    response = post(
        as_manager,
        url(supplier_a, "/override"),
        {"quadrant": "opportunistic", "reason": "  Owner is selling the firm "},
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["quadrant"] == "opportunistic"
    assert body["computed_quadrant"] == "strategic"
    override = body["override"]
    assert override["quadrant"] == "opportunistic"
    assert override["reason"] == "Owner is selling the firm"
    assert override["by"] == {"id": manager.pk, "name": manager.display_name}
    assert override["at"]
    record = supplier_a.segmentation.history.first()
    assert record.history_user == manager
    assert "Owner is selling the firm" in record.history_change_reason


def test_removing_the_override_goes_back_to_the_computed_quadrant(as_manager, manager, supplier_a):
    services.update_factors(manager, supplier_a, STRONG)
    services.override_quadrant(manager, supplier_a, "avoid", "Quality collapse")

    response = as_manager.delete(url(supplier_a, "/override"))

    assert response.status_code == 200
    assert response.json()["override"] is None
    assert response.json()["quadrant"] == "strategic"
    assert supplier_a.segmentation.history.first().history_change_reason == (
        "Quadrant override removed"
    )


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"quadrant": "avoid", "reason": ""}, "reason"),
        ({"quadrant": "avoid", "reason": "   "}, "reason"),
        ({"quadrant": "avoid"}, "reason"),
        ({"quadrant": "avoid", "reason": "x" * 2001}, "reason"),
        ({"quadrant": "excellent", "reason": "Because"}, "quadrant"),
        ({"reason": "Because"}, "quadrant"),
    ],
)
def test_override_with_bad_input_is_refused_naming_the_field(
    as_manager, supplier_a, payload, field
):
    response = post(as_manager, url(supplier_a, "/override"), payload)

    assert response.status_code == 422
    assert field in error_fields(response)
    assert not SegmentationProfile.objects.exists()


def test_buyer_cannot_override_even_for_own_supplier(as_buyer, supplier_a):
    response = post(as_buyer, url(supplier_a, "/override"), {"quadrant": "avoid", "reason": "x"})

    assert response.status_code == 403
    assert as_buyer.delete(url(supplier_a, "/override")).status_code == 403
    assert not SegmentationProfile.objects.exists()


# --- engagement model and expectations ----------------------------------------------------


def test_chosen_model_against_the_recommendation_is_flagged(as_manager, manager, supplier_a):
    services.update_factors(manager, supplier_a, {"commodity": True, "complexity": 1})

    response = put(
        as_manager,
        url(supplier_a, "/engagement"),
        {"model": "partnership", "reason": "They are nice"},
    )

    engagement = response.json()["engagement"]
    assert response.status_code == 200
    assert engagement["chosen"] == "partnership"
    assert engagement["chosen_reason"] == "They are nice"
    assert engagement["recommended"] == "transactional"
    assert engagement["mismatch"] is True
    undecided = put(as_manager, url(supplier_a, "/engagement"), {"model": ""}).json()
    assert undecided["engagement"]["chosen"] is None
    assert undecided["engagement"]["mismatch"] is False


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"model": "friendship"}, "model"),
        ({}, "model"),
        ({"model": "partnership", "reason": "x" * 2001}, "reason"),
    ],
)
def test_unknown_engagement_model_is_refused(as_manager, supplier_a, payload, field):
    response = put(as_manager, url(supplier_a, "/engagement"), payload)

    assert response.status_code == 422
    assert error_fields(response) == {field}


def test_expectations_show_a_flagged_gap_with_a_suggestion(as_buyer, supplier_a):
    response = put(
        as_buyer,
        url(supplier_a, "/expectations"),
        {"our_expectation": "transactional", "our_importance": 2,
         "supplier_expectation": "strategic", "supplier_importance": 5},
    )  # fmt: skip

    assert response.status_code == 200, response.content
    expectations = response.json()["expectations"]
    assert expectations["ours"] == "transactional" and expectations["theirs"] == "strategic"
    assert expectations["our_importance"] == 2 and expectations["their_importance"] == 5
    assert expectations["source"] == "buyer"
    assert expectations["gap"]["distance"] == 3 and expectations["gap"]["flagged"] is True
    assert "higher management level" in expectations["gap"]["suggestion"]
    cleared = put(as_buyer, url(supplier_a, "/expectations"), {"supplier_expectation": None})
    assert cleared.json()["expectations"]["theirs"] is None
    assert cleared.json()["expectations"]["gap"] is None
    assert cleared.json()["expectations"]["our_importance"] == 2


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"our_expectation": "marriage"}, "our_expectation"),
        ({"supplier_expectation": "partnership"}, "supplier_expectation"),
        ({"our_importance": 0}, "our_importance"),
        ({"supplier_importance": 9}, "supplier_importance"),
        ({"supplier_expectation_source": "portal"}, "supplier_expectation_source"),
    ],
)
def test_bad_expectation_is_refused_naming_the_field(as_manager, supplier_a, payload, field):
    response = put(as_manager, url(supplier_a, "/expectations"), payload)

    assert response.status_code == 422
    assert error_fields(response) == {field}


# --- maturity moves -----------------------------------------------------------------------


def moves_url(supplier) -> str:
    return f"{API}/suppliers/{supplier.pk}/maturity-moves"


@time_machine.travel(TODAY, tick=False)
def test_maturity_moves_build_a_timeline_with_who_and_evidence(as_buyer, buyer, supplier_a):
    first = post(
        as_buyer,
        moves_url(supplier_a),
        {"to_stage": "cooperative", "evidence": "Forecasts shared", "moved_on": "2025-03-01"},
    )
    second = post(as_buyer, moves_url(supplier_a), {"to_stage": "collaborative", "evidence": "8D"})

    assert first.status_code == 201, first.content
    assert first.json()["from_stage"] == "transactional"
    assert first.json()["moved_by"] == {"id": buyer.pk, "name": buyer.display_name}
    assert second.json()["moved_on"] == "2025-06-15"
    listed = as_buyer.get(moves_url(supplier_a)).json()
    assert listed["count"] == 2
    assert [(m["from_stage"], m["to_stage"]) for m in listed["items"]] == [
        ("transactional", "cooperative"),
        ("cooperative", "collaborative"),
    ]
    maturity = as_buyer.get(url(supplier_a)).json()["maturity"]
    assert maturity["stage"] == "collaborative" and maturity["next_stage"] == "strategic"
    assert MaturityMove.history.filter(history_user=buyer).count() == 2


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("payload", "status", "field"),
    [
        ({"to_stage": "cooperative", "evidence": ""}, 422, "evidence"),
        ({"to_stage": "cooperative", "evidence": "  "}, 422, "evidence"),
        ({"to_stage": "cooperative"}, 422, "evidence"),
        ({"to_stage": "best friends", "evidence": "x"}, 422, "to_stage"),
        ({"to_stage": "transactional", "evidence": "x"}, 400, "to_stage"),
        ({"to_stage": "cooperative", "evidence": "x", "moved_on": "2025-06-16"}, 400, "moved_on"),
        ({"to_stage": "cooperative", "evidence": "x", "moved_on": "15/06/2025"}, 422, "moved_on"),
        ({"to_stage": "cooperative", "evidence": "x", "moved_on": None}, 422, "moved_on"),
    ],
)
def test_bad_maturity_move_is_refused_naming_the_field(
    as_manager, supplier_a, payload, status, field
):
    response = post(as_manager, moves_url(supplier_a), payload)

    assert response.status_code == status
    assert error_fields(response) == {field}
    assert not MaturityMove.objects.exists()


def test_maturity_move_permissions(viewer, buyer, supplier_a, supplier_b):
    move = {"to_stage": "cooperative", "evidence": "Shared schedules"}

    assert post(token_client(viewer), moves_url(supplier_a), move).status_code == 403
    assert post(token_client(buyer), moves_url(supplier_b), move).status_code == 403
    assert token_client(viewer).get(moves_url(supplier_a)).status_code == 200
    assert not MaturityMove.objects.exists()


# --- alignment assessments ----------------------------------------------------------------


def alignment_url(supplier) -> str:
    return f"{API}/suppliers/{supplier.pk}/alignment-assessments"


@time_machine.travel(TODAY, tick=False)
def test_alignment_assessment_comes_back_with_its_analysis(as_buyer, buyer, supplier_a):
    response = post(
        as_buyer, alignment_url(supplier_a), {**ALIGNMENT, "our_capabilities_note": "Thin team"}
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["assessed_on"] == "2025-06-15"
    assert body["assessed_by"]["id"] == buyer.pk
    assert body["our_capabilities_note"] == "Thin team"
    assert body["analysis"] == {
        "weakest": "capabilities",
        "biggest_disagreement": "capabilities",
        "averages": {"goals": 4.5, "values": 4.0, "capabilities": 3.0},
        "gaps": {"goals": 1, "values": 0, "capabilities": 2},
    }
    assert AlignmentAssessment.history.get().history_user == buyer


def test_alignment_history_lists_newest_first(as_manager, manager, supplier_a):
    services.record_alignment(
        manager, supplier_a, {**ALIGNMENT, "assessed_on": dt.date(2024, 1, 1)}
    )
    services.record_alignment(
        manager, supplier_a, {**ALIGNMENT, "our_goals": 1, "assessed_on": dt.date(2025, 1, 1)}
    )

    body = as_manager.get(alignment_url(supplier_a)).json()

    assert body["count"] == 2
    assert [a["assessed_on"] for a in body["items"]] == ["2025-01-01", "2024-01-01"]
    assert body["items"][0]["analysis"]["weakest"] == "goals"


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"our_goals": 0}, 422, "our_goals"),
        ({"their_values": 6}, 422, "their_values"),
        ({"their_capabilities": None}, 422, "their_capabilities"),
        ({"our_values_note": "x" * 5001}, 422, "our_values_note"),
        ({"assessed_on": "2025-07-01"}, 400, "assessed_on"),
        ({"assessed_by": 1}, 422, "assessed_by"),
    ],
)
def test_bad_alignment_assessment_is_refused_naming_the_field(
    as_manager, supplier_a, change, status, field
):
    response = post(as_manager, alignment_url(supplier_a), {**ALIGNMENT, **change})

    assert response.status_code == status
    assert error_fields(response) == {field}
    assert not AlignmentAssessment.objects.exists()


def test_alignment_permissions(viewer, buyer, supplier_b):
    assert post(token_client(viewer), alignment_url(supplier_b), ALIGNMENT).status_code == 403
    assert post(token_client(buyer), alignment_url(supplier_b), ALIGNMENT).status_code == 403
    assert not AlignmentAssessment.objects.exists()


# --- settings -----------------------------------------------------------------------------

SETTINGS = f"{API}/segmentation/settings"


def test_internal_users_read_the_settings_defaults(viewer):
    body = token_client(viewer).get(SETTINGS).json()

    assert body["value_cutoff"] == 50 and body["risk_cutoff"] == 50
    assert body["reporting_currency"] == "EUR" and body["exchange_rates"] == {}
    assert not ScoringSettings.objects.exists()


def test_admin_changes_settings_and_scores_follow(admin_user, manager, supplier_a, supplier_b):
    supplier_b.annual_spend, supplier_b.currency = 100000, "USD"
    supplier_b.save()
    client = token_client(admin_user)

    response = put(
        client, SETTINGS, {"value_cutoff": 95, "exchange_rates": {"USD": 1.0}, "low_complexity": 3}
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["value_cutoff"] == 95 and body["exchange_rates"] == {"USD": 1.0}
    assert body["risk_cutoff"] == 50
    assert ScoringSettings.history.get().history_user == admin_user
    services.update_factors(manager, supplier_a, STRONG)
    segmentation = token_client(manager).get(url(supplier_a)).json()
    assert segmentation["computed_quadrant"] == "operational"  # value below the new cut-off
    assert "cut-off 95" in segmentation["placement_reason"]


@pytest.mark.parametrize("who", ["manager", "buyer", "viewer"])
def test_only_admins_change_settings(request, who):
    response = put(token_client(request.getfixturevalue(who)), SETTINGS, {"value_cutoff": 10})

    assert response.status_code == 403
    assert not ScoringSettings.objects.exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"criticality_weight": -1}, "criticality_weight"),
        ({"value_cutoff": 101}, "value_cutoff"),
        ({"risk_cutoff": None}, "risk_cutoff"),
        ({"spend_share_full_at": 0}, "spend_share_full_at"),
        ({"incidents_full_at": 0}, "incidents_full_at"),
        ({"low_complexity": 6}, "low_complexity"),
        ({"reporting_currency": "euro"}, "reporting_currency"),
        ({"exchange_rates": {"usd": 0.9}}, "exchange_rates.usd"),
        ({"exchange_rates": {"XYZ": 0.9}}, "exchange_rates.XYZ"),  # not an ISO 4217 code
        ({"exchange_rates": {"USD": -1}}, "exchange_rates.USD"),
        ({"exchange_rates": {"USD": 0}}, "exchange_rates.USD"),
        ({"exchange_rates": {"USD": True}}, "exchange_rates.USD"),
        ({"exchange_rates": {"USD": "lots"}}, "exchange_rates.USD"),
        ({"exchange_rates": ["USD", 0.9]}, "exchange_rates"),
        ({"colour": "red"}, "colour"),
    ],
)  # fmt: skip
def test_bad_settings_are_refused_naming_the_field(admin_user, payload, field):
    response = put(token_client(admin_user), SETTINGS, payload)

    assert response.status_code == 422
    assert field in error_fields(response)
    assert not ScoringSettings.objects.exists()


def test_non_finite_numbers_in_settings_are_refused(admin_user):
    body = '{"criticality_weight": Infinity, "value_cutoff": NaN}'

    response = token_client(admin_user).put(SETTINGS, body, content_type=JSON)

    assert response.status_code == 422
    assert error_fields(response) == {"criticality_weight", "value_cutoff"}


# --- portal users -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "payload"),
    [
        ("get", "/suppliers/{id}/segmentation", None),
        ("put", "/suppliers/{id}/segmentation/factors", {"criticality": 1}),
        ("post", "/suppliers/{id}/segmentation/override", {"quadrant": "avoid", "reason": "x"}),
        ("delete", "/suppliers/{id}/segmentation/override", None),
        ("put", "/suppliers/{id}/segmentation/engagement", {"model": "partnership"}),
        ("put", "/suppliers/{id}/segmentation/expectations", {"supplier_expectation": "strategic"}),
        ("get", "/suppliers/{id}/maturity-moves", None),
        ("post", "/suppliers/{id}/maturity-moves", {"to_stage": "strategic", "evidence": "x"}),
        ("get", "/suppliers/{id}/alignment-assessments", None),
        ("post", "/suppliers/{id}/alignment-assessments", ALIGNMENT),
        ("get", "/segmentation/settings", None),
        ("put", "/segmentation/settings", {"value_cutoff": 1}),
    ],
)
@pytest.mark.parametrize("own", [True, False])
def test_portal_user_can_neither_read_nor_change_segmentation(
    portal_user_a, supplier_a, supplier_b, method, path, payload, own
):
    supplier = supplier_a if own else supplier_b
    client = token_client(portal_user_a)

    response = getattr(client, method)(
        API + path.format(id=supplier.pk), payload, content_type=JSON
    )

    assert response.status_code == 403
    assert supplier.name not in response.content.decode()
    assert not SegmentationProfile.objects.exists()
    assert not MaturityMove.objects.exists() and not AlignmentAssessment.objects.exists()
    assert not ScoringSettings.objects.exists()


def test_anonymous_caller_is_401(client, supplier_a):
    assert client.get(url(supplier_a)).status_code == 401
    assert client.get(SETTINGS).status_code == 401


# --- query counts -------------------------------------------------------------------------

# Today 7: token lookup and last-used update, supplier, settings, spend total, profile and the
# override's author. The history lists take 4: token (2), supplier, the rows.
MAX_QUERIES = 8
MAX_LIST_QUERIES = 5


def test_segmentation_read_runs_a_fixed_number_of_queries(
    manager, supplier_a, django_assert_max_num_queries
):
    from tests.factories import bulk_suppliers

    bulk_suppliers(300)
    services.update_factors(manager, supplier_a, STRONG)
    services.override_quadrant(manager, supplier_a, "avoid", "Quality collapse")
    client = token_client(manager)

    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(url(supplier_a))

    assert response.json()["override"]["by"]["id"] == manager.pk


def test_history_lists_run_a_fixed_number_of_queries(
    manager, supplier_a, django_assert_max_num_queries
):
    stages = ["cooperative", "collaborative", "strategic", "transactional"]
    for day in range(30):
        services.record_maturity_move(
            manager, supplier_a, stages[day % 4], f"Evidence {day}", dt.date(2024, 1, day + 1)
        )
        services.record_alignment(
            manager, supplier_a, {**ALIGNMENT, "assessed_on": dt.date(2024, 1, day + 1)}
        )
    client = token_client(manager)

    with django_assert_max_num_queries(MAX_LIST_QUERIES):
        moves = client.get(f"{moves_url(supplier_a)}?limit=200")
    with django_assert_max_num_queries(MAX_LIST_QUERIES):
        assessments = client.get(f"{alignment_url(supplier_a)}?limit=200")

    assert moves.json()["count"] == len(moves.json()["items"]) == 30
    assert assessments.json()["count"] == len(assessments.json()["items"]) == 30
