"""The services of referrals and recognition: who may write what, the rules they keep, the
trust deposit a win makes (once), and the figures read from the database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from partnerbook.recognition import services
from partnerbook.recognition.models import Referral
from partnerbook.relationship.models import TrustEntry
from partnerbook.suppliers import services as suppliers
from partnerbook.suppliers.models import Supplier

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


# --- wins and the trust deposit -------------------------------------------------------------


def test_a_recorded_win_makes_one_trust_deposit_with_the_default_points(win, supplier_a):
    entry = TrustEntry.objects.get(supplier=supplier_a)
    assert win.trust_entry == entry and entry.points == 3 == win.trust_points
    assert entry.reason == "Recognition: Saved the spring launch"
    assert entry.occurred_on == win.happened_on


def test_editing_or_publishing_a_win_adds_no_further_deposit(win, buyer, supplier_a):
    services.update_win(buyer, win, {"title": "Saved the launch", "impact": "No line stop."})
    services.set_published(buyer, win, True)
    services.set_published(buyer, win, False)
    assert TrustEntry.objects.filter(supplier=supplier_a).count() == 1
    win.refresh_from_db()
    assert win.title == "Saved the launch" and win.version == 4


def test_the_deposit_of_a_win_cannot_be_changed_afterwards(win, buyer):
    with pytest.raises(ValidationError) as exc:
        services.update_win(buyer, win, {"trust_points": 9})
    assert "trust_points" in exc.value.message_dict


def test_the_points_are_configurable(settings, buyer, supplier_a):
    settings.PARTNERBOOK_RECOGNITION_POINTS = 5
    win = services.record_win(buyer, supplier_a, {"title": "Fast fix", "story": "Fixed it."})
    assert win.trust_entry.points == 5
    chosen = services.record_win(
        buyer, supplier_a, {"title": "Big fix", "story": "Fixed more.", "trust_points": 8}
    )
    assert chosen.trust_entry.points == 8


def test_a_nonsense_points_setting_falls_back_to_the_default(settings):
    settings.PARTNERBOOK_RECOGNITION_POINTS = "lots"
    assert services.configured_points() == 3
    settings.PARTNERBOOK_RECOGNITION_POINTS = 99
    assert services.configured_points() == 3


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": "", "story": "x"}, "title"),
        ({"title": "x", "story": "  "}, "story"),
        ({"title": "x", "story": "y", "happened_on": dt.date(2999, 1, 1)}, "happened_on"),
        ({"title": "x", "story": "y", "impact_amount": Decimal("5")}, "impact_currency"),
        ({"title": "x", "story": "y", "trust_points": 50}, "trust_points"),
    ],
)
def test_a_win_that_breaks_a_rule_is_refused_and_deposits_nothing(buyer, supplier_a, data, field):
    with pytest.raises(ValidationError) as exc:
        services.record_win(buyer, supplier_a, data)
    assert field in exc.value.message_dict
    assert not TrustEntry.objects.exists()


def test_only_the_owner_or_a_manager_records_a_win(buyer, manager, viewer, supplier_b):
    for user in (buyer, viewer):
        with pytest.raises(PermissionDenied):
            services.record_win(user, supplier_b, {"title": "x", "story": "y"})
    assert services.record_win(manager, supplier_b, {"title": "x", "story": "y"}).pk


# --- referrals ------------------------------------------------------------------------------


def test_a_referral_starts_received_on_its_day(referral):
    assert referral.status == "received"
    assert referral.status_changed_on == referral.received_on
    assert referral.referred_name == "Gamma Films"


def test_a_referral_names_a_company_and_not_its_referrer(buyer, supplier_a):
    with pytest.raises(ValidationError) as exc:
        services.record_referral(buyer, supplier_a, {})
    assert "company_name" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.record_referral(buyer, supplier_a, {"referred_supplier": supplier_a})
    assert "referred_supplier" in exc.value.message_dict


def test_a_paid_reward_needs_its_day_and_an_amount_its_currency(buyer, supplier_a):
    base = {"company_name": "Delta"}
    cases = (
        ({"reward_status": "paid"}, "paid_on"),
        ({"reward_amount": "100"}, "reward_currency"),
        ({"reward_amount": "-1", "reward_currency": "EUR"}, "reward_amount"),
        ({"reward_status": "promised", "paid_on": TODAY()}, "paid_on"),
    )
    for extra, field in cases:
        with pytest.raises(ValidationError) as exc:
            services.record_referral(buyer, supplier_a, {**base, **extra})
        assert field in exc.value.message_dict, extra


def test_viewers_cannot_record_referrals_but_any_buyer_can(viewer, other_buyer, supplier_a):
    with pytest.raises(PermissionDenied):
        services.record_referral(viewer, supplier_a, {"company_name": "X"})
    assert services.record_referral(other_buyer, supplier_a, {"company_name": "X"}).pk


def test_a_referral_moves_along_and_refuses_illegal_moves(referral, buyer):
    services.move_referral(buyer, referral, "vetting")
    assert referral.status == "vetting" and referral.status_changed_on == TODAY()
    with pytest.raises(ValidationError) as exc:
        services.move_referral(buyer, referral, "contacted")
    assert "onboarded, declined" in exc.value.message_dict["status"][0]
    with pytest.raises(ValidationError) as exc:
        services.move_referral(
            buyer, referral, "onboarded", on=referral.received_on - dt.timedelta(1)
        )
    assert "on" in exc.value.message_dict
    assert referral.history.first().history_change_reason == "Status: Received → Vetting."


def test_update_refuses_a_status_change_and_a_stale_version(referral, buyer):
    with pytest.raises(ValidationError):
        services.update_referral(buyer, referral, {"status": "declined"})
    services.update_referral(buyer, referral, {"note": "Met at the fair."}, expected_version=1)
    with pytest.raises(ValidationError):
        services.update_referral(buyer, referral, {"note": "Again."}, expected_version=1)


def test_create_as_prospect_registers_the_company_with_its_contact(referral, buyer):
    supplier = services.create_prospect(buyer, referral)
    assert supplier.status == "prospect" and supplier.name == "Gamma Films"
    assert supplier.relationship_owner == buyer
    assert "Referred by Alpha Packaging" in supplier.notes
    assert supplier.contacts.get().email == "gina@gamma.example"
    referral.refresh_from_db()
    assert referral.referred_supplier == supplier
    with pytest.raises(ValidationError):
        services.create_prospect(buyer, referral)


# --- the figures ----------------------------------------------------------------------------


def test_the_pipeline_share_counts_recorded_referrals_and_referral_candidacies(
    buyer, manager, supplier_a, supplier_b, category
):
    from partnerbook.sourcing import services as sourcing

    assert services.pipeline_share(manager).total == 1  # supplier B is in pilot
    services.record_referral(buyer, supplier_a, {"referred_supplier": supplier_b})
    project = sourcing.create_project(manager, {
        "title": "Second source", "category": category, "target_date": TODAY(),
    })  # fmt: skip
    sourcing.add_candidate(manager, project, {"prospect_name": "Epsilon", "source": "referral"})
    sourcing.add_candidate(manager, project, {"supplier": supplier_a, "source": "existing"})
    share = services.pipeline_share(manager)
    # B (pilot, referral recorded), Epsilon (prospect + candidate by referral), A (candidate).
    assert (share.total, share.by_referral, share.by_status) == (3, 2, 2)
    assert share.share == Decimal("66.7")
    assert {e.name for e in share.referred} == {"Beta Boxes", "Epsilon"}


def test_retention_reads_start_and_exit_from_the_supplier_history(manager, buyer, category):
    start = dt.datetime(2023, 1, 10, 9, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        kept = suppliers.create_supplier(manager, {"name": "Kept", "status": "active",
                                                   "category": category})  # fmt: skip
        left = suppliers.create_supplier(manager, {"name": "Left", "status": "active",
                                                   "category": category})  # fmt: skip
        referrer = suppliers.create_supplier(manager, {"name": "Referrer", "status": "active",
                                                       "category": category})  # fmt: skip
        services.record_referral(manager, referrer, {"referred_supplier": kept})
        services.record_referral(manager, referrer, {"referred_supplier": left})
    with time_machine.travel(start + dt.timedelta(days=200), tick=False):
        suppliers.change_status(manager, Supplier.objects.get(pk=left.pk), "phasing_out")
    result = services.retention(manager, dt.date(2026, 11, 26))
    twelve = result.horizons[0]
    assert (twelve.referred.eligible, twelve.referred.retained) == (2, 1)
    assert (twelve.others.eligible, twelve.others.retained) == (1, 1)
    assert result.referred_started == 2


def test_rewards_add_up_per_currency_and_in_the_reporting_currency(buyer, supplier_a):
    from partnerbook.segmentation.models import ScoringSettings

    ScoringSettings.objects.update_or_create(
        pk=1, defaults={"reporting_currency": "EUR", "exchange_rates": {"USD": 0.9}}
    )
    for amount, currency, state, paid in (("100.10", "EUR", "paid", TODAY()),
                                          ("200", "USD", "paid", TODAY()),
                                          ("50", "EUR", "promised", None)):  # fmt: skip
        services.record_referral(buyer, supplier_a, {
            "company_name": f"Co {amount}", "reward_amount": amount, "reward_currency": currency,
            "reward_status": state, "paid_on": paid,
        })  # fmt: skip
    found = services.rewards(buyer)
    assert found.paid == Decimal("280.10") and found.promised == Decimal("50.00")
    assert {(t.reward_status, t.currency): t.amount for t in found.totals}[("paid", "USD")] == 200


def test_the_ideal_supplier_profile_is_edited_by_managers_only(manager, buyer):
    assert services.get_profile().pk == 1 and services.get_profile().title
    with pytest.raises(PermissionDenied):
        services.update_profile(buyer, {"what_we_look_for": "x"})
    profile = services.update_profile(manager, {"what_we_look_for": "Engineers who listen."})
    assert profile.history.count() == 1
    services.update_profile(manager, {"how_to_start": "Write to us."}, expected_version=1)
    with pytest.raises(ValidationError):
        services.update_profile(manager, {"title": ""})
    text = services.profile_markdown(services.get_profile())
    assert "## What we look for\n\nEngineers who listen." in text and "## How to start" in text
    html = services.profile_html(services.get_profile())
    assert "<h2>How to start</h2>" in html


def test_the_profile_file_escapes_its_text(manager):
    services.update_profile(manager, {"introduction": "<script>alert(1)</script>"})
    assert "<script>alert" not in services.profile_html(services.get_profile())


def test_the_card_and_timeline_show_wins_and_referrals_given(win, referral, viewer, supplier_a):
    card = services.overview_card(viewer, supplier_a)
    assert card["wins"] == [win] and card["referrals"] == [referral]
    entries = services.timeline_entries(viewer, supplier_a, None, 10)
    assert [e.title for e in entries][:1] == ["Win recognised: Saved the spring launch"]
    assert any(e.title == "Referred Gamma Films to us" for e in entries)


def test_the_card_is_left_out_for_a_supplier_without_wins_or_referrals(viewer, supplier_b):
    assert services.overview_card(viewer, supplier_b) is None


def test_referral_history_is_kept(referral, buyer):
    services.update_referral(buyer, referral, {"reward_text": "A thank-you letter"})
    assert Referral.history.filter(id=referral.pk).count() == 2
