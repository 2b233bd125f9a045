"""Contracts with suppliers: services (templates, sections, stale edits, permissions), the
renewal alerts, the checklist item, the escalation path, pages, API and import."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partnerbook.alerts.models import Alert
from partnerbook.core import registry
from partnerbook.core.concurrency import StaleEdit
from partnerbook.practices import services
from partnerbook.practices.models import Agreement
from partnerbook.segmentation import services as segmentation_services

from .conftest import days_ago

pytestmark = pytest.mark.django_db
JSON = "application/json"

TRANSACTIONAL_SECTIONS = {
    "scope": "Corrugated boxes for plant 2",
    "deliverables": "40,000 boxes a month",
    "payment_terms": "60 days after invoice",
    "termination": "90 days' written notice",
}
COLLABORATIVE_SECTIONS = {
    **TRANSACTIONAL_SECTIONS,
    "service_levels": "98% on time in full",
    "performance_guarantees": "2% credit per missed point",
    "dispute_resolution": "Mediation, then the courts of Rotterdam",
    "escalation_path": [
        {"level": 1, "who": "Buyer and account manager", "time_box_days": 5},
        {"level": 2, "who": "Category manager and sales director", "time_box_days": 10},
    ],
}


def supply(actor, supplier, template="transactional", **changes):
    data = {
        "kind": "supply", "template": template, "signed_on": days_ago(100),
        "expires_on": days_ago(-265), "renewal_notice_days": 60, "reference": "SA-12",
        **(COLLABORATIVE_SECTIONS if template != "transactional" else TRANSACTIONAL_SECTIONS),
    }  # fmt: skip
    data.update(changes)
    return services.record_agreement(actor, supplier, data)


# --- services -------------------------------------------------------------------------------


def test_a_contract_must_fill_each_section_its_template_requires(buyer, supplier_a):
    with pytest.raises(ValidationError) as caught:
        supply(buyer, supplier_a, "collaborative", service_levels="", escalation_path=[])
    assert set(caught.value.message_dict) == {"service_levels", "escalation_path"}
    assert caught.value.message_dict["service_levels"] == [
        "Service levels is required by the collaborative template."
    ]
    with pytest.raises(ValidationError) as caught:
        supply(buyer, supplier_a, "strategic")
    assert set(caught.value.message_dict) == {"ip_terms", "joint_investment", "gain_sharing"}
    with pytest.raises(ValidationError) as caught:
        supply(buyer, supplier_a, template="")
    assert set(caught.value.message_dict) == {"template"}
    assert not Agreement.objects.exists()


def test_ndas_need_no_sections_and_keep_no_template(buyer, supplier_a):
    nda = services.record_agreement(
        buyer, supplier_a, {"kind": "mutual_nda", "template": "strategic", "signed_on": days_ago(3)}
    )
    assert nda.template == "" and nda.is_nda


def test_the_chosen_template_and_the_suggestion_are_kept_in_the_history(buyer, manager, supplier_a):
    segmentation_services.choose_engagement_model(manager, supplier_a, "partnership", "Key")
    suggestion = services.template_suggestion(supplier_a)
    assert suggestion.template == "collaborative"
    assert suggestion.engagement_model == "partnership" and suggestion.maturity_stage
    agreement = supply(buyer, supplier_a, "transactional")
    assert agreement.suggested_template == "collaborative"
    reason = agreement.history.first().history_change_reason
    assert "Template transactional chosen instead of the suggested collaborative" in reason
    assert agreement.history.first().history_user == buyer


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"renewal_notice_days": 30, "expires_on": None}, "renewal_notice_days"),
        ({"legal_reviewed_on": days_ago(1)}, "legal_reviewer"),
        ({"legal_reviewer": "Lena"}, "legal_reviewed_on"),
        (
            {"legal_reviewed_on": lambda: days_ago(-2), "legal_reviewer": "Lena"},
            "legal_reviewed_on",
        ),
        ({"starts_on": days_ago(-400)}, "starts_on"),
        ({"escalation_path": [{"level": 2, "who": "X", "time_box_days": 3}]}, "escalation_path"),
        ({"signed_on": lambda: days_ago(-1)}, "signed_on"),
    ],
)
def test_bad_agreement_data_names_the_field(buyer, supplier_a, changes, field):
    # Future dates are worked out when the test runs, not when it is collected: a suite
    # that crosses midnight would otherwise turn "tomorrow" into today.
    changes = {key: value() if callable(value) else value for key, value in changes.items()}
    with pytest.raises(ValidationError) as caught:
        supply(buyer, supplier_a, **changes)
    assert field in caught.value.message_dict
    assert not Agreement.objects.exists()


def test_only_editors_write_agreements(viewer, other_buyer, buyer, supplier_a):
    for who in (viewer, other_buyer):
        with pytest.raises(PermissionDenied):
            supply(who, supplier_a)
    agreement = supply(buyer, supplier_a)
    with pytest.raises(PermissionDenied):
        services.update_agreement(viewer, agreement, {"scope": "All"})


def test_a_stale_edit_is_refused_and_changes_nothing(buyer, manager, supplier_a):
    agreement = supply(buyer, supplier_a)
    services.update_agreement(manager, agreement, {"scope": "Boxes and trays"}, 1)
    stale = Agreement.objects.get(pk=agreement.pk)
    with pytest.raises(StaleEdit):
        services.update_agreement(buyer, stale, {"scope": "Only boxes"}, 1)
    agreement.refresh_from_db()
    assert agreement.scope == "Boxes and trays" and agreement.version == 2


def test_the_escalation_path_comes_from_the_contract_in_force(buyer, supplier_a, supplier_b):
    assert services.escalation_path(supplier_a) == []
    supply(buyer, supplier_a, "collaborative", signed_on=days_ago(400), expires_on=days_ago(10),
           renewal_notice_days=None, reference="OLD")  # fmt: skip
    assert services.escalation_path(supplier_a) == []
    current = supply(buyer, supplier_a, "collaborative")
    levels = services.escalation_path(supplier_a)
    assert [(lv.level, lv.who, lv.time_box_days) for lv in levels] == [
        (1, "Buyer and account manager", 5), (2, "Category manager and sales director", 10),
    ]  # fmt: skip
    services.archive_agreement(buyer, current)
    assert services.escalation_path(supplier_a) == []


# --- renewal alerts -------------------------------------------------------------------------


def test_the_renewal_alert_is_raised_ahead_of_the_notice_date_and_only_informs(buyer, supplier_a):
    far = supply(buyer, supplier_a, expires_on=days_ago(-200), reference="FAR")
    near = supply(buyer, supplier_a, expires_on=days_ago(-80), reference="NEAR")  # notice in 20
    before = {a.pk: (a.version, a.expires_on, a.archived) for a in Agreement.objects.all()}
    assert services.check_agreement_renewals() == 1
    alert = Alert.objects.get()
    assert alert.kind == services.RENEWAL_ALERT_KIND and alert.supplier_id == supplier_a.pk
    assert alert.evidence["agreement_id"] == near.pk and alert.evidence["days_left"] == 20
    assert "Supply agreement NEAR" in alert.title
    assert "60 days' notice" in alert.summary and "20 days left" in alert.summary
    assert alert.evidence["notice_on"] == days_ago(-20).isoformat()
    assert services.check_agreement_renewals() == 0  # seen again, not raised twice
    after = {a.pk: (a.version, a.expires_on, a.archived) for a in Agreement.objects.all()}
    assert after == before and far.pk in after


def test_archiving_or_extending_clears_the_alert_on_the_next_run(buyer, supplier_a, supplier_b):
    near_a = supply(buyer, supplier_a, expires_on=days_ago(-70))
    near_b = supply(buyer, supplier_a, expires_on=days_ago(-75), reference="SA-13")
    services.check_agreement_renewals()
    assert Alert.objects.filter(status="open").count() == 2
    services.archive_agreement(buyer, near_a)
    services.update_agreement(buyer, near_b, {"expires_on": days_ago(-500)})
    assert services.check_agreement_renewals() == 0
    assert not Alert.objects.filter(status="open").exists()
    assert set(Alert.objects.values_list("note", flat=True)) == {services.CLEARED_NOTE}
    cleared = Alert.history.filter(status="dismissed")  # each clearing is on record
    assert set(cleared.values_list("history_change_reason", flat=True)) == {services.CLEARED_NOTE}


def test_the_daily_job_and_alert_kind_are_registered():
    assert services.RENEWAL_ALERT_KIND in registry.alert_kinds()
    assert "practices.daily_renewal_check" in {j.key for j in registry.scheduled_jobs()}


# --- checklist ------------------------------------------------------------------------------


def test_the_checklist_item_reads_the_legal_review(
    buyer, manager, supplier_a, supplier_b, category
):
    from partnerbook.suppliers import services as supplier_services

    supplier_c = supplier_services.create_supplier(manager, {"name": "Gamma Tools"})
    item = next(i for i in registry.checklist_items() if i.key == "contract")
    assert item.label == "Contract reviewed by legal" and item.order == 70
    supply(buyer, supplier_a)  # SA-12, not reviewed
    services.record_agreement(
        manager, supplier_b, {"kind": "mutual_nda", "signed_on": days_ago(5),
                              "legal_reviewed_on": days_ago(1), "legal_reviewer": "Lena"}
    )  # fmt: skip
    results = item.check([supplier_a.pk, supplier_b.pk, supplier_c.pk])
    assert set(results) == {supplier_a.pk, supplier_b.pk, supplier_c.pk}
    assert not results[supplier_a.pk].ok
    assert results[supplier_a.pk].evidence == "Supply agreement SA-12 is not reviewed by legal yet."
    assert (
        results[supplier_b.pk].evidence == "No contract on record."
        and not results[supplier_b.pk].ok
    )
    agreement = Agreement.objects.get(supplier=supplier_a)
    services.update_agreement(
        buyer, agreement, {"legal_reviewed_on": days_ago(2), "legal_reviewer": "Lena Vos"}
    )
    ok = item.check([supplier_a.pk])[supplier_a.pk]
    assert ok.ok and "Lena Vos" in ok.evidence and days_ago(2).isoformat() in ok.evidence
    assert ok.url.endswith(f"/agreements/{agreement.pk}/")


def test_an_expired_or_archived_contract_does_not_pass(buyer, supplier_a):
    item = next(i for i in registry.checklist_items() if i.key == "contract")
    supply(
        buyer, supplier_a, signed_on=days_ago(400), expires_on=days_ago(1),
        renewal_notice_days=None, legal_reviewed_on=days_ago(390), legal_reviewer="Lena",
    )  # fmt: skip
    result = item.check([supplier_a.pk])[supplier_a.pk]
    assert not result.ok and "expired on" in result.evidence


def test_the_checklist_item_runs_a_fixed_number_of_queries(
    buyer, supplier_a, django_assert_max_num_queries
):
    item = next(i for i in registry.checklist_items() if i.key == "contract")
    Agreement.objects.bulk_create(
        Agreement(supplier=supplier_a, kind="supply", template="transactional",
                  signed_on=days_ago(10 + i), reference=f"SA-{i}") for i in range(300)
    )  # fmt: skip
    with django_assert_max_num_queries(2):
        results = item.check([supplier_a.pk, *range(10_000, 10_200)])
    assert len(results) == 201


# --- demo -----------------------------------------------------------------------------------


def test_the_demo_helper_makes_a_valid_contract(buyer, supplier_a):
    made = services.demo_agreement(
        buyer, supplier_a, kind="supply", template="strategic", signed_days_ago=300,
        expires_in_days=40, renewal_notice_days=30, legal_reviewed=True, scope="Everything",
    )  # fmt: skip
    assert made.template == "strategic" and made.scope == "Everything" and made.gain_sharing
    assert made.legal_reviewer and made.legal_reviewed_on
    assert len(made.escalation_path) == 2
