"""Practices and agreements through the services: the context rules, dates, permissions,
concurrency, the audit trail and the timeline."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partnerbook.core.concurrency import StaleEdit
from partnerbook.core.registry import timeline_sources
from partnerbook.practices import services
from partnerbook.practices.models import Agreement, Practice
from partnerbook.segmentation import services as segmentation_services

from .conftest import days_ago

pytestmark = pytest.mark.django_db


def roadmap(actor, supplier, **data):
    values = {"kind": "roadmap_sharing", "started_on": days_ago(1), "notes": "Q3 roadmap"}
    values.update(data)
    return services.start_practice(actor, supplier, values)


def refused_kind(exc_info) -> str:
    return " ".join(exc_info.value.message_dict["kind"])


# --- roadmap sharing ------------------------------------------------------------------------


def test_roadmap_sharing_is_accepted_under_a_valid_nda(buyer, supplier_a, nda, safe_factors):
    practice = roadmap(buyer, supplier_a)
    assert practice.status == "active" and practice.owner == buyer
    checks = services.checks_of(practice)
    assert checks.refusals == () and checks.warnings == ()


def test_roadmap_sharing_is_refused_without_an_nda(buyer, supplier_a, safe_factors):
    with pytest.raises(ValidationError) as exc_info:
        roadmap(buyer, supplier_a)
    assert "mutual NDA" in refused_kind(exc_info)
    assert not Practice.objects.exists()


def test_roadmap_sharing_is_refused_with_an_expired_nda(buyer, supplier_a, safe_factors):
    services.record_agreement(
        buyer, supplier_a,
        {"kind": "mutual_nda", "signed_on": days_ago(800), "expires_on": days_ago(10)},
    )  # fmt: skip
    with pytest.raises(ValidationError) as exc_info:
        roadmap(buyer, supplier_a)
    assert "expired" in refused_kind(exc_info)


def test_roadmap_sharing_is_refused_with_an_archived_nda(buyer, supplier_a, nda, safe_factors):
    services.archive_agreement(buyer, nda)
    with pytest.raises(ValidationError):
        roadmap(buyer, supplier_a)
    assert Agreement.objects.get().archived  # archived, not deleted


def test_roadmap_sharing_is_refused_for_a_competitor(buyer, manager, supplier_a, nda):
    segmentation_services.update_factors(
        manager, supplier_a, {"supplier_is_competitor": True, "ip_sensitivity": 2}
    )
    with pytest.raises(ValidationError) as exc_info:
        roadmap(buyer, supplier_a)
    assert "competitor" in refused_kind(exc_info)


def test_roadmap_sharing_is_refused_at_ip_sensitivity_5(buyer, manager, supplier_a, nda):
    segmentation_services.update_factors(
        manager, supplier_a, {"supplier_is_competitor": False, "ip_sensitivity": 5}
    )
    with pytest.raises(ValidationError) as exc_info:
        roadmap(buyer, supplier_a)
    assert "IP sensitivity is 5" in refused_kind(exc_info)


def test_an_edit_into_a_refused_practice_is_refused(buyer, supplier_a, safe_factors):
    practice = services.start_practice(
        buyer, supplier_a, {"kind": "informal_checkins", "started_on": days_ago(3)}
    )
    with pytest.raises(ValidationError) as exc_info:
        services.update_practice(buyer, practice, {"kind": "roadmap_sharing"}, practice.version)
    assert "mutual NDA" in refused_kind(exc_info)
    practice.refresh_from_db()
    assert practice.kind == "informal_checkins" and practice.version == 1


def test_a_practice_whose_nda_lapsed_shows_it_but_can_still_be_ended(
    buyer, supplier_a, nda, safe_factors
):
    practice = roadmap(buyer, supplier_a)
    services.archive_agreement(buyer, nda)
    assert {f.code for f in services.checks_of(practice).refusals} == {"no_mutual_nda"}
    services.end_practice(buyer, practice, days_ago(0))
    practice.refresh_from_db()
    assert practice.status == "ended" and practice.ended_on == days_ago(0)


# --- warnings never block -------------------------------------------------------------------


def test_embedded_engineer_is_saved_with_warnings(buyer, manager, supplier_a):
    segmentation_services.update_factors(manager, supplier_a, {"complexity": 2, "criticality": 1})
    practice = services.start_practice(
        buyer, supplier_a, {"kind": "embedded_engineer", "started_on": days_ago(5)}
    )
    codes = {f.code for f in services.checks_of(practice).warnings}
    assert "low_complexity" in codes
    assert codes & {"low_value", "value_unknown"}


def test_embedded_engineer_without_segmentation_warns_it_cannot_be_checked(manager, supplier_b):
    # Supplier B has no spend and no segmentation: neither value nor complexity is known.
    practice = services.start_practice(
        manager, supplier_b, {"kind": "embedded_engineer", "started_on": days_ago(5)}
    )
    codes = {f.code for f in services.checks_of(practice).warnings}
    assert codes == {"complexity_unknown", "value_unknown"}


def test_embedded_engineer_fits_a_high_value_complex_supplier(buyer, manager, supplier_a):
    segmentation_services.update_factors(
        manager,
        supplier_a,
        {"complexity": 5, "criticality": 5, "innovation": 5, "integration": 5},
    )
    practice = services.start_practice(
        buyer, supplier_a, {"kind": "embedded_engineer", "started_on": days_ago(5)}
    )
    assert services.checks_of(practice).warnings == ()


def test_joint_problem_solving_warns_for_the_side_without_a_decision_maker(
    buyer, supplier_a, people
):
    practice = services.start_practice(
        buyer,
        supplier_a,
        {"kind": "joint_problem_solving", "started_on": days_ago(2),
         "attendees": [people["ours", "executive"], people["supplier", "operational"]]},
    )  # fmt: skip
    checks = services.checks_of(practice)
    assert {f.code for f in checks.warnings} == {"no_decision_maker_supplier"}
    services.update_practice(
        buyer,
        practice,
        {"attendees": [people["ours", "executive"], people["supplier", "executive"]]},
    )
    practice = Practice.objects.for_list().get(pk=practice.pk)
    assert services.checks_of(practice).warnings == ()


def test_attendees_must_be_contacts_of_the_supplier(buyer, manager, supplier_a, supplier_b):
    from partnerbook.suppliers import services as supplier_services

    stranger = supplier_services.create_contact(
        manager, supplier_b, {"side": "supplier", "name": "X"}
    )
    with pytest.raises(ValidationError) as exc_info:
        services.start_practice(
            buyer, supplier_a,
            {"kind": "joint_problem_solving", "started_on": days_ago(1), "attendees": [stranger]},
        )  # fmt: skip
    assert "attendees" in exc_info.value.message_dict


# --- dates ----------------------------------------------------------------------------------


def test_an_agreement_cannot_expire_before_it_was_signed(buyer, supplier_a):
    for expires in (days_ago(20), days_ago(10)):
        with pytest.raises(ValidationError) as exc_info:
            services.record_agreement(
                buyer, supplier_a,
                {"kind": "mutual_nda", "signed_on": days_ago(10), "expires_on": expires},
            )  # fmt: skip
        assert "expires_on" in exc_info.value.message_dict
    assert not Agreement.objects.exists()


def test_an_agreement_cannot_be_signed_in_the_future(buyer, supplier_a):
    with pytest.raises(ValidationError) as exc_info:
        services.record_agreement(
            buyer, supplier_a, {"kind": "mutual_nda", "signed_on": days_ago(-3)}
        )
    assert "signed_on" in exc_info.value.message_dict


def test_a_practice_cannot_end_before_it_started_or_twice(buyer, supplier_a):
    practice = services.start_practice(
        buyer, supplier_a, {"kind": "site_visits", "started_on": days_ago(10)}
    )
    with pytest.raises(ValidationError) as exc_info:
        services.end_practice(buyer, practice, days_ago(11))
    assert "ended_on" in exc_info.value.message_dict
    with pytest.raises(ValidationError):
        services.end_practice(buyer, practice, days_ago(-1))
    services.end_practice(buyer, practice, days_ago(10))
    with pytest.raises(ValidationError):
        services.end_practice(buyer, practice, days_ago(0))


# --- permissions and concurrency ------------------------------------------------------------


def test_a_buyer_who_does_not_own_the_supplier_is_refused(other_buyer, buyer, supplier_a, nda):
    with pytest.raises(PermissionDenied):
        services.start_practice(
            other_buyer, supplier_a, {"kind": "site_visits", "started_on": days_ago(1)}
        )
    with pytest.raises(PermissionDenied):
        services.record_agreement(
            other_buyer, supplier_a, {"kind": "mutual_nda", "signed_on": days_ago(1)}
        )
    with pytest.raises(PermissionDenied):
        services.archive_agreement(other_buyer, nda)


def test_a_viewer_cannot_write(viewer, buyer, supplier_a):
    practice = services.start_practice(
        buyer, supplier_a, {"kind": "site_visits", "started_on": days_ago(1)}
    )
    with pytest.raises(PermissionDenied):
        services.update_practice(viewer, practice, {"notes": "x"})
    with pytest.raises(PermissionDenied):
        services.end_practice(viewer, practice, days_ago(0))


def test_a_stale_edit_is_refused_and_names_who_changed_it(buyer, manager, supplier_a):
    practice = services.start_practice(
        buyer, supplier_a, {"kind": "site_visits", "started_on": days_ago(1)}
    )
    other_copy = Practice.objects.get(pk=practice.pk)
    services.update_practice(manager, practice, {"notes": "Plant tour in May"}, 1)
    with pytest.raises(StaleEdit) as exc_info:
        services.update_practice(buyer, other_copy, {"notes": "Mine"}, 1)
    assert "Plant tour in May" in exc_info.value.summary
    practice.refresh_from_db()
    assert practice.notes == "Plant tour in May" and practice.version == 2


def test_every_change_is_in_the_history(buyer, supplier_a):
    practice = services.start_practice(
        buyer, supplier_a, {"kind": "site_visits", "started_on": days_ago(3)}
    )
    services.end_practice(buyer, practice, days_ago(0))
    reasons = [h.history_change_reason for h in practice.history.order_by("history_date")]
    assert reasons == ["Practice started.", "Practice ended."]
    assert {h.history_user_id for h in practice.history.all()} == {buyer.pk}


# --- timeline -------------------------------------------------------------------------------


def test_the_timeline_shows_starts_ends_and_signatures(buyer, supplier_a, nda, safe_factors):
    practice = roadmap(buyer, supplier_a, started_on=days_ago(5))
    services.end_practice(buyer, practice, days_ago(2))
    source = next(s for s in timeline_sources() if s.key == "practices")
    entries = source.entries(buyer, supplier_a, None, 10)
    titles = [e.title for e in entries]
    assert titles == [
        "Practice ended: Roadmap sharing",
        "Practice started: Roadmap sharing",
        "Mutual NDA signed (NDA-2026-01)",
    ]
    assert len(source.entries(buyer, supplier_a, None, 2)) == 2
