"""The Segmentation tab of a supplier and the scoring settings page, as people meet them."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from partnerbook.segmentation import services
from partnerbook.segmentation.forms import ScoringSettingsForm
from partnerbook.segmentation.models import (
    AlignmentAssessment,
    MaturityMove,
    ScoringSettings,
    SegmentationProfile,
)

STRONG = {"criticality": "5", "complexity": "4", "innovation": "4", "integration": "5",
          "financial_health": "5", "single_source": "false", "market_difficulty": "2",
          "country_risk": "1", "ip_sensitivity": "2", "regulatory_constraints": "1",
          "serious_incidents": "0"}  # fmt: skip
ALIGNMENT = {"our_goals": "4", "our_values": "4", "our_capabilities": "2",
             "their_goals": "5", "their_values": "4", "their_capabilities": "4"}  # fmt: skip


def page(pk: int) -> str:
    return f"/segmentation/suppliers/{pk}/"


def post_urls(pk: int) -> dict[str, dict[str, str]]:
    """Every write on the tab, with input that would be accepted from someone allowed."""
    base = page(pk)
    return {
        base + "factors": STRONG,
        base + "override": {"quadrant": "avoid", "reason": "Owner is selling the firm"},
        base + "override/remove": {},
        base + "model": {"model": "partnership", "reason": "why not"},
        base + "expectations": {"our_expectation": "strategic"},
        base + "maturity": {"to_stage": "cooperative", "evidence": "Forecasts shared"},
        base + "alignment": ALIGNMENT,
    }


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def nothing_recorded() -> bool:
    return not (
        SegmentationProfile.objects.exists()
        or MaturityMove.objects.exists()
        or AlignmentAssessment.objects.exists()
    )


# --- permissions --------------------------------------------------------------------------


@pytest.mark.django_db
def test_viewer_reads_the_tab_without_forms_and_every_write_is_refused(login, viewer, supplier_a):
    client = login(viewer)
    html = html_of(client.get(page(supplier_a.pk)))
    assert "Value-risk quadrant" in html and "Why: each factor" in html
    assert '<form method="post" action="/segmentation/' not in html
    assert "Scoring settings" not in html
    for url, data in post_urls(supplier_a.pk).items():
        assert client.post(url, data).status_code == 403, url
    assert nothing_recorded()


@pytest.mark.django_db
def test_buyer_edits_own_supplier_but_not_another_buyers(login, buyer, supplier_a, supplier_b):
    client = login(buyer)
    assert 'id="factors-form"' in html_of(client.get(page(supplier_a.pk)))
    html_b = html_of(client.get(page(supplier_b.pk)))
    assert 'id="factors-form"' not in html_b
    for url, data in post_urls(supplier_b.pk).items():
        assert client.post(url, data).status_code == 403, url
    assert nothing_recorded()


@pytest.mark.django_db
def test_buyer_cannot_override_the_quadrant(login, buyer, supplier_a):
    client = login(buyer)
    assert 'id="override-form"' not in html_of(client.get(page(supplier_a.pk)))
    response = client.post(page(supplier_a.pk) + "override", {"quadrant": "avoid", "reason": "x"})
    assert response.status_code == 403
    assert client.post(page(supplier_a.pk) + "override/remove").status_code == 403
    assert nothing_recorded()


@pytest.mark.django_db
def test_portal_users_are_refused_everywhere(login, portal_user_a, supplier_a, supplier_b):
    client = login(portal_user_a)
    for target in (supplier_a, supplier_b):
        assert client.get(page(target.pk)).status_code == 403
        for url, data in post_urls(target.pk).items():
            assert client.post(url, data).status_code == 403, url
    assert client.get("/segmentation/settings/").status_code == 403
    assert client.post("/segmentation/settings/", {"value_cutoff": "1"}).status_code == 403
    assert nothing_recorded() and not ScoringSettings.objects.exists()


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_login(client, supplier_a):
    response = client.get(page(supplier_a.pk))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.django_db
def test_unknown_supplier_is_not_found(login, manager):
    client = login(manager)
    assert client.get(page(999999)).status_code == 404
    assert client.post(page(999999) + "factors", STRONG).status_code == 404


@pytest.mark.django_db
def test_writes_only_accept_post(login, manager, supplier_a):
    assert login(manager).get(page(supplier_a.pk) + "factors").status_code == 405


@pytest.mark.django_db
def test_supplier_page_links_to_the_segmentation_tab(login, viewer, supplier_a):
    html = html_of(login(viewer).get(f"/suppliers/{supplier_a.pk}/"))
    assert f'href="{page(supplier_a.pk)}"' in html


# --- factors, quadrant and the explanation ------------------------------------------------


@pytest.mark.django_db
def test_empty_tab_shows_every_factor_as_missing(login, viewer, supplier_a):
    html = html_of(login(viewer).get(page(supplier_a.pk)))
    assert "not placed yet" in html
    assert html.count('class="badge missing">missing') == 11  # all but the share of spend
    assert "100.0 % of spend" in html  # the only supplier with spend holds all of it
    assert nothing_recorded()  # reading writes nothing


@pytest.mark.django_db
def test_buyer_records_factors_and_sees_quadrant_confidence_and_why(login, buyer, supplier_a):
    client = login(buyer)
    partial = {k: v for k, v in STRONG.items() if k not in {"innovation", "country_risk"}}
    response = client.post(page(supplier_a.pk) + "factors", partial)
    assert response.status_code == 302 and response["Location"].endswith("#factors")
    html = html_of(client.get(page(supplier_a.pk)))
    assert 'class="badge quadrant quadrant-strategic"' in html
    assert "cut-off 50" in html  # the placement reason
    assert "missing: Innovation contribution, Country / geographic risk" in html
    assert "Confidence 87 %" in html or "Confidence 86 %" in html
    assert (
        '<span class="nowrap">5 / 5' in html
        and '<span class="nowrap">no</span>' in html
        and "0 incidents" in html
    )
    assert html.count('class="badge missing">missing') == 2
    profile = SegmentationProfile.objects.get(supplier=supplier_a)
    assert profile.criticality == 5 and profile.single_source is False
    assert profile.innovation is None  # not known stays missing, never zero


@pytest.mark.django_db
def test_a_factor_out_of_range_is_a_field_error_and_saves_nothing(login, buyer, supplier_a):
    client = login(buyer)
    response = client.post(
        page(supplier_a.pk) + "factors",
        {**STRONG, "criticality": "7", "serious_incidents": "-1", "single_source": "maybe"},
    )
    html = html_of(response)
    assert 'id="error-criticality"' in html and 'id="error-serious_incidents"' in html
    assert '<details class="seg-form" id="factors-form" open' in html
    assert nothing_recorded()


@pytest.mark.django_db
def test_clearing_a_factor_puts_it_back_to_missing(login, buyer, supplier_a):
    client = login(buyer)
    client.post(page(supplier_a.pk) + "factors", STRONG)
    client.post(page(supplier_a.pk) + "factors", {**STRONG, "criticality": ""})
    assert SegmentationProfile.objects.get(supplier=supplier_a).criticality is None


@pytest.mark.django_db
def test_override_without_a_reason_is_refused_beside_the_field(login, manager, supplier_a):
    client = login(manager)
    client.post(page(supplier_a.pk) + "factors", STRONG)
    html = html_of(
        client.post(page(supplier_a.pk) + "override", {"quadrant": "avoid", "reason": "  "})
    )
    assert 'id="error-reason"' in html
    profile = SegmentationProfile.objects.get(supplier=supplier_a)
    assert profile.quadrant_override == "" and profile.overridden_by is None


@pytest.mark.django_db
def test_override_shows_both_quadrants_who_when_why_and_can_be_removed(login, manager, supplier_a):
    client = login(manager)
    client.post(page(supplier_a.pk) + "factors", STRONG)
    response = client.post(
        page(supplier_a.pk) + "override", {"quadrant": "avoid", "reason": "Owner is selling"}
    )
    assert response.status_code == 302
    html = html_of(client.get(page(supplier_a.pk)))
    assert 'class="badge quadrant quadrant-avoid"' in html  # effective
    assert 'class="badge quadrant quadrant-strategic"' in html  # computed, still shown
    assert "Owner is selling" in html and manager.display_name in html
    assert "seg-cell quadrant-strategic is-computed" in html
    client.post(page(supplier_a.pk) + "override/remove")
    html = html_of(client.get(page(supplier_a.pk)))
    assert 'id="override-note"' not in html and "badge quadrant quadrant-avoid" not in html


@pytest.mark.django_db
def test_override_to_an_unknown_quadrant_is_a_field_error(login, manager, supplier_a):
    html = html_of(
        login(manager).post(
            page(supplier_a.pk) + "override", {"quadrant": "wonderful", "reason": "x"}
        )
    )
    assert 'id="error-quadrant"' in html and nothing_recorded()


# --- engagement model ---------------------------------------------------------------------


@pytest.mark.django_db
def test_choosing_partnership_for_a_commodity_is_flagged_with_reasons(login, buyer, supplier_a):
    client = login(buyer)
    client.post(
        page(supplier_a.pk) + "factors",
        {"commodity": "true", "collaboration_willingness": "1", "complexity": "1"},
    )
    client.post(page(supplier_a.pk) + "model", {"model": "partnership", "reason": "We like them"})
    html = html_of(client.get(page(supplier_a.pk)))
    assert 'id="model-mismatch"' in html
    assert "Commodity with many interchangeable suppliers." in html
    assert 'class="decisive">decisive' in html  # unwilling to collaborate settles it
    assert "We like them" in html


@pytest.mark.django_db
def test_unknown_engagement_model_is_a_field_error(login, buyer, supplier_a):
    html = html_of(login(buyer).post(page(supplier_a.pk) + "model", {"model": "marriage"}))
    assert 'id="error-model"' in html and nothing_recorded()


# --- expectations -------------------------------------------------------------------------


@pytest.mark.django_db
def test_expectation_gap_is_flagged_with_the_distance_and_next_step(login, buyer, supplier_a):
    client = login(buyer)
    response = client.post(
        page(supplier_a.pk) + "expectations",
        {"our_expectation": "transactional", "our_importance": "2",
         "supplier_expectation": "strategic", "supplier_importance": "5"},
    )  # fmt: skip
    assert response.status_code == 302
    html = html_of(client.get(page(supplier_a.pk)))
    assert 'id="expectation-gap"' in html and "3 stages apart" in html
    assert "higher management level" in html
    assert "Entered by the buyer" in html


@pytest.mark.django_db
def test_editing_our_side_keeps_the_suppliers_own_answer_marked_as_theirs(login, buyer, supplier_a):
    services.set_expectations(
        buyer, supplier_a, {"supplier_expectation": "collaborative"}, source="portal"
    )
    client = login(buyer)
    client.post(
        page(supplier_a.pk) + "expectations",
        {"our_expectation": "cooperative", "supplier_expectation": "collaborative"},
    )
    profile = SegmentationProfile.objects.get(supplier=supplier_a)
    assert profile.our_expectation == "cooperative"
    assert profile.supplier_expectation_source == "portal"
    assert "Entered by the supplier" in html_of(client.get(page(supplier_a.pk)))


@pytest.mark.django_db
def test_unknown_expectation_is_a_field_error(login, buyer, supplier_a):
    html = html_of(
        login(buyer).post(page(supplier_a.pk) + "expectations", {"our_expectation": "married"})
    )
    assert 'id="error-our_expectation"' in html and nothing_recorded()


# --- maturity -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_maturity_move_appears_on_the_timeline_with_the_next_requirement(login, buyer, supplier_a):
    client = login(buyer)
    response = client.post(
        page(supplier_a.pk) + "maturity",
        {"to_stage": "cooperative", "moved_on": "2025-03-01", "evidence": "Forecasts shared"},
    )
    assert response.status_code == 302
    html = html_of(client.get(page(supplier_a.pk)))
    assert "2025-03-01" in html and "Forecasts shared" in html
    assert "Transactional → <strong>Cooperative</strong>" in html
    assert "Current stage: <strong>Cooperative</strong>" in html
    assert "Problems are solved jointly" in html  # what collaborative needs


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"to_stage": "legendary", "evidence": "x"}, "to_stage"),
        ({"to_stage": "transactional", "evidence": "x"}, "to_stage"),  # already there
        ({"to_stage": "cooperative", "evidence": "  "}, "evidence"),
        ({"to_stage": "cooperative", "evidence": "x", "moved_on": "tomorrow"}, "moved_on"),
    ],
)
def test_bad_maturity_move_is_a_field_error(login, buyer, supplier_a, data, field):
    html = html_of(login(buyer).post(page(supplier_a.pk) + "maturity", data))
    assert f'id="error-{field}"' in html
    assert not MaturityMove.objects.exists()


@pytest.mark.django_db
def test_maturity_move_dated_in_the_future_is_refused(login, buyer, supplier_a):
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    html = html_of(
        login(buyer).post(
            page(supplier_a.pk) + "maturity",
            {"to_stage": "cooperative", "evidence": "x", "moved_on": tomorrow},
        )
    )
    assert 'id="error-moved_on"' in html and not MaturityMove.objects.exists()


# --- alignment ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_alignment_assessment_draws_the_triangle_and_names_the_weakest_side(
    login, buyer, supplier_a
):
    client = login(buyer)
    response = client.post(
        page(supplier_a.pk) + "alignment",
        {**ALIGNMENT, "assessed_on": "2025-05-02", "our_capabilities_note": "No EDI yet"},
    )
    assert response.status_code == 302
    html = html_of(client.get(page(supplier_a.pk)))
    assert "Weakest side: capabilities" in html
    assert "Biggest disagreement: capabilities" in html and "No EDI yet" in html
    assert "vendor/chartjs/chart.umd.min.js" in html and "segmentation.js" in html
    start = html.index('id="alignment-chart-data"')
    data = json.loads(html[html.index(">", start) + 1 : html.index("</script>", start)])
    assert data["ours"] == [4, 4, 2] and data["theirs"] == [5, 4, 4]
    assert 'id="alignment-history"' in html and "2025-05-02" in html


@pytest.mark.django_db
def test_chart_library_is_loaded_only_when_there_is_a_chart(login, viewer, supplier_a):
    assert "chart.umd.min.js" not in html_of(login(viewer).get(page(supplier_a.pk)))


@pytest.mark.django_db
def test_alignment_with_a_missing_score_is_a_field_error(login, buyer, supplier_a):
    data = {k: v for k, v in ALIGNMENT.items() if k != "their_values"}
    html = html_of(login(buyer).post(page(supplier_a.pk) + "alignment", data))
    assert 'id="error-their_values"' in html
    assert not AlignmentAssessment.objects.exists()


@pytest.mark.django_db
def test_alignment_dated_in_the_future_or_out_of_range_is_a_field_error(login, buyer, supplier_a):
    client = login(buyer)
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    html = html_of(
        client.post(page(supplier_a.pk) + "alignment", {**ALIGNMENT, "assessed_on": tomorrow})
    )
    assert 'id="error-assessed_on"' in html
    html = html_of(client.post(page(supplier_a.pk) + "alignment", {**ALIGNMENT, "our_goals": "9"}))
    assert 'id="error-our_goals"' in html
    assert not AlignmentAssessment.objects.exists()


# --- bounded queries ----------------------------------------------------------------------


@pytest.mark.django_db
def test_tab_runs_a_fixed_number_of_queries(
    login, manager, buyer, supplier_a, django_assert_max_num_queries
):
    services.update_factors(manager, supplier_a, {"criticality": 4})
    services.override_quadrant(manager, supplier_a, "avoid", "Owner is selling")
    services.set_expectations(manager, supplier_a, {"our_expectation": "strategic"})
    stages = ["cooperative", "transactional"]
    start = dt.date(2023, 1, 1)
    for i in range(30):
        actor = manager if i % 2 else buyer
        services.record_maturity_move(
            actor, supplier_a, stages[i % 2], f"evidence {i}", start + dt.timedelta(days=i)
        )
        services.record_alignment(actor, supplier_a, {**ALIGNMENT, "assessed_on": start})
    client = login(manager)
    # 13 + 1: the supplier's own side of the alignment triangle, from the portal.
    with django_assert_max_num_queries(14):
        html = html_of(client.get(page(supplier_a.pk)))
    assert html.count("evidence ") >= 30


# --- scoring settings ---------------------------------------------------------------------


@pytest.mark.django_db
def test_only_administrators_open_the_scoring_settings(login, manager, buyer, viewer, admin_user):
    for user in (manager, buyer, viewer):
        client = login(user)
        assert client.get("/segmentation/settings/").status_code == 403
        assert client.post("/segmentation/settings/", {"value_cutoff": "10"}).status_code == 403
    assert not ScoringSettings.objects.exists()
    assert "Quadrant cut-offs" in html_of(login(admin_user).get("/segmentation/settings/"))


def settings_post(**changes: str) -> dict[str, str]:
    """The settings page as a browser would post it after loading it now (its version too)."""
    form = ScoringSettingsForm(instance=services.get_settings())
    data = {name: form[name].value() for name in form.fields}
    data["exchange_rates"] = "{}"
    return {k: str(v) for k, v in {**data, **changes}.items()}


@pytest.mark.django_db
def test_administrator_changes_settings_and_sees_the_change_in_the_history(
    login, admin_user, supplier_a
):
    client = login(admin_user)
    response = client.post(
        "/segmentation/settings/",
        settings_post(value_cutoff="40", exchange_rates='{"USD": 0.9}', reporting_currency="eur"),
    )
    assert response.status_code == 302
    saved = ScoringSettings.objects.get(pk=1)
    assert saved.value_cutoff == 40 and saved.exchange_rates == {"USD": 0.9}
    assert saved.reporting_currency == "EUR"
    client.post("/segmentation/settings/", settings_post(value_cutoff="45"))
    html = html_of(client.get("/segmentation/settings/"))
    assert "Value cut-off" in html and "40.0" in html and "45.0" in html
    assert admin_user.display_name in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"exchange_rates": "{USD: 0.9"}, "exchange_rates"),  # not JSON
        ({"exchange_rates": '{"usd": -1}'}, "exchange_rates"),  # JSON, but not rates
        ({"exchange_rates": "[1, 2]"}, "exchange_rates"),
        ({"criticality_weight": "-1"}, "criticality_weight"),
        ({"value_cutoff": "150"}, "value_cutoff"),
        ({"risk_cutoff": "lots"}, "risk_cutoff"),
        ({"incidents_full_at": "0"}, "incidents_full_at"),
    ],
)
def test_bad_settings_are_field_errors_and_save_nothing(login, admin_user, changes, field):
    html = html_of(login(admin_user).post("/segmentation/settings/", settings_post(**changes)))
    assert f'id="error-{field}"' in html
    assert not ScoringSettings.objects.exists()


def test_settings_form_shows_every_setting_once():
    grouped = [name for _, names in ScoringSettingsForm.GROUPS for name in names]
    assert sorted(grouped) == sorted(services.SETTINGS_FIELDS)


@pytest.mark.django_db
def test_move_form_suggests_the_next_stage_and_today(login, buyer, supplier_a):
    html = html_of(login(buyer).get(page(supplier_a.pk)))
    start = html.index('id="maturity-form"')
    form = html[start : html.index("</form>", start)]
    assert '<option value="cooperative" selected>' in form
    assert f'value="{timezone.localdate().isoformat()}"' in form
