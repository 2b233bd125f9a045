"""The decision checklist holds on every path to active (form, Playbook tab, API, import,
CLI, admin): each refuses a pilot supplier whose checklist is incomplete, naming what is
missing and changing nothing, and each accepts a manager's override with a written reason,
kept as an audited decision."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from partnerbook.gate.models import Activation
from partnerbook.suppliers import services
from partnerbook.suppliers.imports import import_suppliers
from partnerbook.suppliers.models import Supplier
from tests.api import API, error_fields, token_client

REASON = "Sole qualified source for the launch; references follow next week."
JSON = "application/json"


def _status(supplier: Supplier) -> str:
    return Supplier.objects.get(pk=supplier.pk).status


def _assert_override_kept(supplier: Supplier, actor) -> Activation:
    assert _status(supplier) == "active"
    decision = Activation.objects.get(supplier=supplier)
    assert decision.how == Activation.How.OVERRIDE
    assert decision.reason == REASON
    assert decision.decided_by == actor
    assert any("Financial health check" in line for line in decision.missing)
    latest = Supplier.history.filter(id=supplier.pk).order_by("-history_date").first()
    assert "Decision checklist overridden" in latest.history_change_reason
    assert REASON in latest.history_change_reason
    assert latest.history_user == actor
    return decision


def _assert_refused(supplier: Supplier) -> None:
    assert _status(supplier) == "pilot"
    assert not Activation.objects.filter(supplier=supplier).exists()


# --- the service every path calls -----------------------------------------------------------


def test_service_refuses_with_every_missing_item(manager, supplier_b):
    with pytest.raises(Exception) as caught:
        services.change_status(manager, supplier_b, "active")

    errors = caught.value.message_dict
    assert "decision checklist is not complete" in errors["status"][0]
    assert any(line.startswith("Financial health check:") for line in errors["checklist"])
    assert any(line.startswith("Technical and capacity fit:") for line in errors["checklist"])
    _assert_refused(supplier_b)


def test_only_managers_may_override(other_buyer, supplier_b):
    with pytest.raises(Exception) as caught:
        services.change_status(other_buyer, supplier_b, "active", override_reason=REASON)

    assert "Only a manager" in caught.value.message_dict["override_reason"][0]
    _assert_refused(supplier_b)


def test_an_override_needs_a_written_reason(manager, supplier_b):
    with pytest.raises(Exception) as caught:
        services.change_status(manager, supplier_b, "active", override_reason="ok")

    assert "at least 20 characters" in caught.value.message_dict["override_reason"][0]
    _assert_refused(supplier_b)


def test_moves_back_from_reserve_are_not_gated(manager, supplier_a):
    services.change_status(manager, supplier_a, "reserve")
    services.change_status(manager, supplier_a, "active")

    assert _status(supplier_a) == "active"
    assert not Activation.objects.filter(supplier=supplier_a).exists()


# --- form on the supplier page --------------------------------------------------------------


def test_status_form_refuses_and_lists_what_is_missing(login, manager, supplier_b):
    client = login(manager)
    url = reverse("suppliers:change_status", args=[supplier_b.pk])

    response = client.post(url, {"status": "active", "note": ""}, follow=True)

    page = response.content.decode()
    assert "decision checklist is not complete" in page
    assert "Financial health check: Not ticked yet." in page
    _assert_refused(supplier_b)


def test_status_form_override_is_kept_and_shown(login, manager, supplier_b):
    client = login(manager)
    url = reverse("suppliers:change_status", args=[supplier_b.pk])

    client.post(url, {"status": "active", "note": "", "override_reason": REASON})

    _assert_override_kept(supplier_b, manager)
    overview = client.get(reverse("suppliers:detail", args=[supplier_b.pk])).content.decode()
    assert "Activated by override" in overview
    assert REASON in overview


# --- the Playbook tab's activate form -------------------------------------------------------


def test_playbook_activate_refuses_with_the_list(login, manager, supplier_b):
    response = login(manager).post(reverse("gate:activate", args=[supplier_b.pk]), {})

    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="activation-refused"' in page
    assert "Communication cadence set: No meetings in the rhythm yet." in page
    _assert_refused(supplier_b)


def test_playbook_activate_override(login, manager, supplier_b):
    client = login(manager)
    response = client.post(
        reverse("gate:activate", args=[supplier_b.pk]), {"override_reason": REASON}
    )

    assert response.status_code == 302
    _assert_override_kept(supplier_b, manager)
    tab = client.get(reverse("gate:supplier", args=[supplier_b.pk])).content.decode()
    assert 'id="decision-reason"' in tab
    assert REASON in tab


def test_buyer_override_on_the_tab_is_refused_on_the_field(login, other_buyer, supplier_b):
    response = login(other_buyer).post(
        reverse("gate:activate", args=[supplier_b.pk]), {"override_reason": REASON}
    )

    assert response.status_code == 400
    assert "Only a manager or an administrator" in response.content.decode()
    _assert_refused(supplier_b)


# --- API ------------------------------------------------------------------------------------


def test_api_refuses_naming_each_missing_item(manager, supplier_b):
    client = token_client(manager)
    response = client.post(
        f"{API}/suppliers/{supplier_b.pk}/status", {"status": "active"}, content_type=JSON
    )

    assert response.status_code == 400
    assert error_fields(response) == {"status", "checklist"}
    missing = [e["message"] for e in response.json()["errors"] if e["field"] == "checklist"]
    assert "Financial health check: Not ticked yet." in missing
    _assert_refused(supplier_b)


def test_api_override(manager, supplier_b):
    client = token_client(manager)
    response = client.post(
        f"{API}/suppliers/{supplier_b.pk}/status",
        {"status": "active", "override_reason": REASON},
        content_type=JSON,
    )

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "active"
    _assert_override_kept(supplier_b, manager)
    checklist = client.get(f"{API}/suppliers/{supplier_b.pk}/checklist").json()
    assert checklist["decision"]["how"] == "override"
    assert checklist["decision"]["reason"] == REASON


# --- import ---------------------------------------------------------------------------------


def _file(rows: str) -> bytes:
    return ("external_id,name,status,override_reason\n" + rows).encode()


def test_import_refuses_the_row_and_changes_nothing(manager, supplier_b):
    content = _file("ERP-B,Beta Boxes,active,\nERP-N,New One,prospect,\n")

    result = import_suppliers(manager, content, "s.csv")

    assert result.blocked
    columns = {(e.row, e.column) for e in result.errors}
    assert (2, "status") in columns
    reasons = " ".join(e.reason for e in result.errors)
    assert "Financial health check" in reasons
    _assert_refused(supplier_b)
    assert not Supplier.objects.filter(name="New One").exists()


def test_import_override(manager, supplier_b):
    result = import_suppliers(manager, _file(f"ERP-B,Beta Boxes,active,{REASON}\n"), "s.csv")

    assert not result.errors, [str(e) for e in result.errors]
    _assert_override_kept(supplier_b, manager)


def test_import_override_too_short_is_a_row_error(manager, supplier_b):
    result = import_suppliers(manager, _file("ERP-B,Beta Boxes,active,too short\n"), "s.csv")

    assert result.blocked
    assert {(e.row, e.column) for e in result.errors} == {(2, "override_reason")}
    _assert_refused(supplier_b)


def test_new_supplier_imported_as_active_is_existing_business(manager, login, category):
    result = import_suppliers(manager, _file("ERP-X,Old Friend,active,\n"), "s.csv")

    assert not result.errors
    old = Supplier.objects.get(name="Old Friend")
    page = login(manager).get(reverse("gate:activations")).content.decode()
    assert f'id="without-{old.pk}"' in page


# --- CLI ------------------------------------------------------------------------------------


def test_cli_refuses_and_prints_the_list(manager, supplier_b):
    err = io.StringIO()
    with pytest.raises(CommandError, match="decision checklist is not complete"):
        call_command("setstatus", "ERP-B", "active", "--user", manager.username, stderr=err)

    assert "Financial health check: Not ticked yet." in err.getvalue()
    _assert_refused(supplier_b)


def test_cli_override(manager, supplier_b):
    out = io.StringIO()
    call_command(
        "setstatus", "Beta Boxes", "active", "--user", manager.username,
        "--override-reason", REASON, stdout=out,
    )  # fmt: skip

    assert "Activated by override" in out.getvalue()
    _assert_override_kept(supplier_b, manager)


def test_cli_checklist_prints_each_item(supplier_b):
    out = io.StringIO()
    call_command("checklist", str(supplier_b.pk), stdout=out)

    assert "[ ] Financial health check: Not ticked yet." in out.getvalue()


# --- admin ----------------------------------------------------------------------------------


def _admin_form(supplier: Supplier, **changes) -> dict:
    data = {
        "name": supplier.name, "legal_name": supplier.legal_name,
        "category": supplier.category_id or "", "country": supplier.country.code or "",
        "website": supplier.website, "status": supplier.status,
        "annual_spend": supplier.annual_spend or "", "currency": supplier.currency,
        "relationship_owner": supplier.relationship_owner_id or "",
        "external_id": supplier.external_id, "notes": supplier.notes,
        "override_reason": "",
    }  # fmt: skip
    data.update(changes)
    return data


def test_admin_refuses_on_the_status_field(login, admin_user, supplier_b):
    url = reverse("admin:suppliers_supplier_change", args=[supplier_b.pk])

    response = login(admin_user).post(url, _admin_form(supplier_b, status="active"))

    assert response.status_code == 200  # the form again, with errors
    errors = response.context["adminform"].form.errors
    assert "decision checklist is not complete" in " ".join(errors["status"])
    assert any("Financial health check" in e for e in errors["status"])
    _assert_refused(supplier_b)


def test_admin_override(login, admin_user, supplier_b):
    url = reverse("admin:suppliers_supplier_change", args=[supplier_b.pk])

    response = login(admin_user).post(
        url, _admin_form(supplier_b, status="active", override_reason=REASON)
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    _assert_override_kept(supplier_b, admin_user)


def test_admin_other_changes_still_save(login, admin_user, supplier_b):
    url = reverse("admin:suppliers_supplier_change", args=[supplier_b.pk])

    response = login(admin_user).post(url, _admin_form(supplier_b, notes="Met them at Fachpack"))

    assert response.status_code == 302
    assert Supplier.objects.get(pk=supplier_b.pk).notes == "Met them at Fachpack"
