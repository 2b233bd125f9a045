"""Pilots and ramp-up stages: services, the checklist item, the Playbook tab's section and
its forms."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from partnerbook.core import registry
from partnerbook.core.concurrency import StaleEdit
from partnerbook.sourcing import services
from partnerbook.sourcing.models import Pilot, RampStage

START = dt.date(2026, 9, 1)


def _pilot(**extra):
    return {"scope": "Two runs", "starts_on": START, "ends_on": START + dt.timedelta(days=30),
            "success_criteria": "95% on time"} | extra  # fmt: skip


def test_a_decided_pilot_needs_evidence_and_names_who_decided(buyer, supplier_a):
    with pytest.raises(ValidationError) as caught:
        services.record_pilot(buyer, supplier_a, _pilot(outcome="passed"))
    assert "evidence" in caught.value.message_dict
    pilot = services.record_pilot(buyer, supplier_a, _pilot())
    assert pilot.outcome == "pending" and pilot.decided_by is None
    decided = services.update_pilot(
        buyer, pilot, {"outcome": "passed", "evidence": "97% on time"}, 1
    )
    assert decided.decided_by == buyer and decided.decided_on is not None
    assert decided.version == 2
    with pytest.raises(StaleEdit):
        services.update_pilot(buyer, pilot, {"scope": "Late"}, 1)


def test_pilot_dates_must_be_in_order(buyer, supplier_a):
    with pytest.raises(ValidationError) as caught:
        services.record_pilot(buyer, supplier_a, _pilot(ends_on=START - dt.timedelta(days=1)))
    assert "ends_on" in caught.value.message_dict
    assert not Pilot.objects.exists()


def test_only_the_owner_or_a_manager_runs_a_suppliers_pilot(other_buyer, viewer, supplier_a):
    for user in (other_buyer, viewer):
        with pytest.raises(PermissionDenied):
            services.record_pilot(user, supplier_a, _pilot())
        with pytest.raises(PermissionDenied):
            services.record_ramp_stage(user, supplier_a, {"stage": "pilot", "starts_on": START})


def test_limited_volume_needs_a_passed_pilot(buyer, supplier_a):
    ramp = {"stage": "limited_volume", "starts_on": START, "volume_allowed": "500",
            "volume_unit": "pallets a month"}  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        services.record_ramp_stage(buyer, supplier_a, ramp)
    assert "no passed pilot" in caught.value.message_dict["stage"][0]
    services.demo_pilot(buyer, supplier_a, passed=False)
    with pytest.raises(ValidationError):
        services.record_ramp_stage(buyer, supplier_a, ramp)
    services.record_ramp_stage(buyer, supplier_a, {"stage": "pilot", "starts_on": START})
    services.demo_pilot(buyer, supplier_a, passed=True)
    stage = services.record_ramp_stage(buyer, supplier_a, ramp)
    assert stage.volume_allowed == 500
    assert services.ramp_stages_of(supplier_a)[0] == stage  # the current stage
    with pytest.raises(ValidationError) as caught:
        services.record_ramp_stage(buyer, supplier_a, ramp | {"volume_unit": ""})
    assert "volume_unit" in caught.value.message_dict


def test_pilot_checklist_item_for_every_supplier_given(buyer, supplier_a, supplier_b):
    item = next(i for i in registry.checklist_items() if i.key == "pilot")
    assert item.label == "A passed pilot" and item.order == 40
    services.demo_pilot(buyer, supplier_a, passed=True, evidence="Delivered 97% on time.")
    result = item.check([supplier_a.pk, supplier_b.pk])
    assert result[supplier_a.pk].ok and "Delivered 97% on time." in result[supplier_a.pk].evidence
    assert result[supplier_a.pk].url == reverse("gate:supplier", args=[supplier_a.pk])
    assert not result[supplier_b.pk].ok
    assert result[supplier_b.pk].evidence == "No passed pilot recorded."
    passed = services.passed_pilot_by_supplier([supplier_a.pk, supplier_b.pk])
    assert passed[supplier_b.pk] is None and passed[supplier_a.pk].outcome == "passed"


def test_checklist_items_use_a_fixed_number_of_queries(
    buyer, supplier_a, django_assert_num_queries
):
    from tests.factories import bulk_suppliers

    ids = [s.pk for s in bulk_suppliers(60)] + [supplier_a.pk]
    with django_assert_num_queries(1):
        services.check_references(ids)
    with django_assert_num_queries(1):
        services.check_pilot(ids)


def test_playbook_tab_shows_candidacies_pilots_and_forms(
    login, manager, viewer, candidate, django_assert_max_num_queries
):
    supplier = candidate.supplier
    services.demo_pilot(manager, supplier, passed=True)
    page = login(manager).get(reverse("gate:supplier", args=[supplier.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Candidacies" in body and "Second source for boxes" in body
    assert "Pilot and ramp-up" in body and 'id="pilot-form"' in body and 'id="ramp-form"' in body
    read_only = login(viewer).get(reverse("gate:supplier", args=[supplier.pk])).content.decode()
    assert "Second source for boxes" in read_only and 'id="pilot-form"' not in read_only


def test_pilot_form_redirects_to_the_playbook_tab(login, manager, supplier_b):
    url = reverse("sourcing:pilot_create", args=[supplier_b.pk])
    client = login(manager)
    assert client.get(url).status_code == 200
    bad = client.post(url, {"scope": "Runs", "starts_on": "2026-09-01", "ends_on": "2026-10-01",
                            "success_criteria": "On time", "outcome": "passed"})  # fmt: skip
    assert bad.status_code == 400 and b"Give the evidence" in bad.content
    assert not Pilot.objects.exists()
    ok = client.post(url, {"scope": "Runs", "starts_on": "2026-09-01", "ends_on": "2026-10-01",
                           "success_criteria": "On time", "outcome": "pending"})  # fmt: skip
    assert ok.status_code == 302
    assert ok["Location"].startswith(reverse("gate:supplier", args=[supplier_b.pk]))
    pilot = Pilot.objects.get()
    edit = reverse("sourcing:pilot_edit", args=[pilot.pk])
    done = client.post(edit, {"scope": "Runs", "starts_on": "2026-09-01", "ends_on": "2026-10-01",
                              "success_criteria": "On time", "outcome": "passed",
                              "evidence": "All on time", "version": 1})  # fmt: skip
    assert done.status_code == 302
    pilot.refresh_from_db()
    assert pilot.outcome == "passed" and pilot.decided_by == manager
    ramp = client.post(reverse("sourcing:ramp_create", args=[supplier_b.pk]),
                       {"stage": "full_volume", "starts_on": "2026-11-01"})  # fmt: skip
    assert ramp.status_code == 302 and RampStage.objects.get().stage == "full_volume"


def test_pilot_pages_refuse_viewers_and_portal_users(login, viewer, portal_user_a, supplier_a):
    for user in (viewer, portal_user_a):
        client = login(user)
        assert client.get(reverse("sourcing:pilot_create", args=[supplier_a.pk])).status_code == 403
        post = client.post(reverse("sourcing:ramp_create", args=[supplier_a.pk]),
                           {"stage": "pilot", "starts_on": "2026-11-01"})  # fmt: skip
        assert post.status_code == 403
    assert not RampStage.objects.exists()
