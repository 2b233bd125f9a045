"""Optimistic concurrency: a stale edit is refused (409) naming who changed the record and
what they changed; the other person's change is never overwritten silently."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django import forms
from django.utils import timezone

from partnerbook.accounts.models import Role
from partnerbook.relationship import services as relationship_services
from partnerbook.relationship.forms import InteractionForm, RelationshipSettingsForm
from partnerbook.relationship.models import Interaction, RelationshipSettings
from partnerbook.segmentation import services as segmentation_services
from partnerbook.segmentation.forms import FactorsForm, ScoringSettingsForm
from partnerbook.segmentation.models import ScoringSettings, SegmentationProfile
from partnerbook.suppliers import services as supplier_services
from partnerbook.suppliers.forms import ContactForm, SupplierForm
from partnerbook.suppliers.models import Category, Contact, Supplier

from ..api import API, token_client
from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def form_data(form: forms.BaseForm, **changes: Any) -> dict[str, Any]:
    """What a browser would post for `form` as it was rendered, with `changes` applied."""
    data: dict[str, Any] = {}
    for field in form:
        value = field.value()
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[field.html_name] = [str(getattr(v, "pk", v)) for v in value]
        else:
            data[field.html_name] = str(getattr(value, "pk", value))
    data.update(changes)
    return data


def non_field_message(response: Any) -> str:
    return " ".join(response.context["form"].non_field_errors())


def assert_names_change(message: str, who: Any, field_label: str) -> None:
    assert "while you were editing" in message
    assert who.display_name in message
    assert field_label in message


# --- suppliers ----------------------------------------------------------------------------


def test_stale_supplier_form_is_refused_and_keeps_the_other_users_change(
    login, buyer, manager, supplier_a
):
    url = f"/suppliers/{supplier_a.pk}/edit"
    loaded = form_data(SupplierForm(instance=supplier_a), notes="Buyer's note")
    assert loaded["version"] == "1"
    supplier_services.update_supplier(manager, supplier_a, {"name": "Alpha Packaging Ltd"}, 1)

    response = login(buyer).post(url, loaded)

    assert response.status_code == 409
    message = non_field_message(response)
    assert_names_change(message, manager, "name: Alpha Packaging → Alpha Packaging Ltd")
    assert "Your changes were not saved" in message
    # The form shows the current values and version, so that a re-submit is a fresh edit.
    assert response.context["form"]["name"].value() == "Alpha Packaging Ltd"
    assert response.context["form"]["version"].value() == 2
    stored = Supplier.objects.get(pk=supplier_a.pk)
    assert (stored.name, stored.notes, stored.version) == ("Alpha Packaging Ltd", "", 2)


def test_fresh_supplier_form_saves_and_increments_the_version(login, buyer, supplier_a):
    data = form_data(SupplierForm(instance=supplier_a), notes="Checked")
    response = login(buyer).post(f"/suppliers/{supplier_a.pk}/edit", data)
    assert response.status_code == 302
    stored = Supplier.objects.get(pk=supplier_a.pk)
    assert (stored.notes, stored.version) == ("Checked", 2)


def test_supplier_form_without_a_version_still_saves(login, buyer, manager, supplier_a):
    supplier_services.update_supplier(manager, supplier_a, {"legal_name": "Alpha BV"})
    data = form_data(SupplierForm(instance=supplier_a), notes="Old client")
    del data["version"]
    response = login(buyer).post(f"/suppliers/{supplier_a.pk}/edit", data)
    assert response.status_code == 302
    stored = Supplier.objects.get(pk=supplier_a.pk)
    assert (stored.notes, stored.legal_name, stored.version) == ("Old client", "Alpha BV", 3)


def test_stale_supplier_patch_is_409_on_version(buyer, manager, supplier_a):
    client = token_client(buyer)
    url = f"{API}/suppliers/{supplier_a.pk}"
    assert client.get(url).json()["version"] == 1
    supplier_services.update_supplier(manager, supplier_a, {"notes": "Manager's note"})

    response = client.patch(
        url, {"notes": "Buyer's note", "version": 1}, content_type="application/json"
    )

    assert response.status_code == 409
    body = response.json()
    assert set(body) == {"detail", "errors"}
    [error] = body["errors"]
    assert error["field"] == "version"
    assert_names_change(error["message"], manager, "notes: — → Manager's note")
    stored = Supplier.objects.get(pk=supplier_a.pk)
    assert (stored.notes, stored.version) == ("Manager's note", 2)


def test_supplier_patch_with_the_current_version_or_none_succeeds(buyer, supplier_a):
    client = token_client(buyer)
    url = f"{API}/suppliers/{supplier_a.pk}"
    response = client.patch(url, {"notes": "One", "version": 1}, content_type="application/json")
    assert response.status_code == 200 and response.json()["version"] == 2
    response = client.patch(url, {"notes": "Two"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["version"] == 3
    assert Supplier.objects.get(pk=supplier_a.pk).notes == "Two"


def test_supplier_patch_refuses_a_version_below_one(buyer, supplier_a):
    response = token_client(buyer).patch(
        f"{API}/suppliers/{supplier_a.pk}", {"version": 0}, content_type="application/json"
    )
    assert response.status_code == 422


def test_stale_contact_form_is_refused_and_keeps_the_other_users_change(
    login, buyer, manager, supplier_a
):
    contact = supplier_services.create_contact(
        manager, supplier_a, {"side": "supplier", "name": "Sam Seller"}
    )
    url = f"/suppliers/{supplier_a.pk}/contacts/{contact.pk}/edit"
    loaded = form_data(ContactForm(instance=contact), phone="+31 20 000")
    supplier_services.update_contact(manager, contact, {"job_title": "Key account"}, 1)

    response = login(buyer).post(url, loaded)

    assert response.status_code == 409
    assert_names_change(non_field_message(response), manager, "job title: — → Key account")
    stored = Contact.objects.get(pk=contact.pk)
    assert (stored.job_title, stored.phone, stored.version) == ("Key account", "", 2)
    fresh = form_data(ContactForm(instance=stored), phone="+31 20 000")
    assert login(buyer).post(url, fresh).status_code == 302
    stored.refresh_from_db()
    assert (stored.job_title, stored.phone, stored.version) == ("Key account", "+31 20 000", 3)


def test_stale_contact_patch_is_409(buyer, manager, supplier_a):
    contact = supplier_services.create_contact(
        manager, supplier_a, {"side": "supplier", "name": "Sam Seller"}
    )
    supplier_services.update_contact(manager, contact, {"email": "sam@example.com"})
    response = token_client(buyer).patch(
        f"{API}/contacts/{contact.pk}",
        {"phone": "1", "version": 1},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert Contact.objects.get(pk=contact.pk).phone == ""


def test_stale_category_form_is_refused(login, manager, admin_user, category):
    url = f"/suppliers/categories/{category.pk}/edit"
    loaded = {"name": "Packaging", "description": "Boxes", "version": "1"}
    supplier_services.update_category(admin_user, category, {"name": "Packing"}, 1)
    response = login(manager).post(url, loaded)
    assert response.status_code == 409
    assert_names_change(non_field_message(response), admin_user, "name: Packaging → Packing")
    stored = Category.objects.get(pk=category.pk)
    assert (stored.name, stored.description, stored.version) == ("Packing", "", 2)


# --- segmentation -------------------------------------------------------------------------


def test_stale_segmentation_factors_form_is_refused(login, buyer, manager, supplier_a):
    url = f"/segmentation/suppliers/{supplier_a.pk}/factors"
    profile = segmentation_services.profile_of(supplier_a)
    loaded = form_data(FactorsForm.for_profile(profile), criticality="2")
    assert loaded["version"] == "1"
    segmentation_services.update_factors(manager, supplier_a, {"criticality": 5}, 1)

    response = login(buyer).post(url, loaded)

    assert response.status_code == 409
    message = " ".join(response.context["forms"]["factors"].non_field_errors())
    assert_names_change(message, manager, "criticality: — → 5")
    stored = SegmentationProfile.objects.get(supplier=supplier_a)
    assert (stored.criticality, stored.version) == (5, 2)
    fresh = form_data(FactorsForm.for_profile(stored), criticality="2")
    assert login(buyer).post(url, fresh).status_code == 302
    stored.refresh_from_db()
    assert (stored.criticality, stored.version) == (2, 3)


def test_stale_segmentation_put_is_409(buyer, manager, supplier_a):
    client = token_client(buyer)
    url = f"{API}/suppliers/{supplier_a.pk}/segmentation"
    assert client.get(url).json()["version"] == 1
    segmentation_services.update_factors(manager, supplier_a, {"complexity": 4})
    response = client.put(
        f"{url}/expectations",
        {"our_expectation": "strategic", "version": 1},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert SegmentationProfile.objects.get(supplier=supplier_a).our_expectation == ""


def test_stale_scoring_settings_put_is_409_and_keeps_the_other_admins_change(admin_user):
    other_admin = UserFactory(username="olga", role=Role.ADMIN)
    client = token_client(admin_user)
    url = f"{API}/segmentation/settings"
    assert client.get(url).json()["version"] == 1
    segmentation_services.update_settings(other_admin, {"value_cutoff": 60.0}, 1)

    response = client.put(url, {"risk_cutoff": 40.0, "version": 1}, content_type="application/json")

    assert response.status_code == 409
    [error] = response.json()["errors"]
    assert error["field"] == "version"
    assert_names_change(error["message"], other_admin, "value cutoff: 50.0 → 60.0")
    stored = ScoringSettings.objects.get(pk=1)
    assert (stored.value_cutoff, stored.risk_cutoff, stored.version) == (60.0, 50.0, 2)

    response = client.put(url, {"risk_cutoff": 40.0, "version": 2}, content_type="application/json")
    assert response.status_code == 200 and response.json()["version"] == 3
    response = client.put(url, {"risk_cutoff": 45.0}, content_type="application/json")
    assert response.status_code == 200 and response.json()["version"] == 4


def test_stale_scoring_settings_form_is_refused(login, admin_user):
    other_admin = UserFactory(username="olga", role=Role.ADMIN)
    segmentation_services.update_settings(other_admin, {"value_cutoff": 60.0}, 1)
    loaded = form_data(ScoringSettingsForm(instance=ScoringSettings(pk=1)), risk_cutoff="40")
    response = login(admin_user).post("/segmentation/settings/", loaded)
    assert response.status_code == 409
    assert_names_change(non_field_message(response), other_admin, "value cutoff")
    assert ScoringSettings.objects.get(pk=1).risk_cutoff == 50.0


# --- relationship -------------------------------------------------------------------------


def _interaction(actor: Any, supplier: Supplier) -> Interaction:
    return relationship_services.record_interaction(
        actor,
        supplier,
        {"occurred_on": timezone.localdate() - dt.timedelta(days=2), "channel": "call",
         "initiated_by": "ours", "tags": [], "notes": ""},
    )  # fmt: skip


def test_stale_interaction_form_is_refused_and_keeps_the_other_users_change(
    login, buyer, manager, supplier_a
):
    interaction = _interaction(buyer, supplier_a)
    url = f"/relationship/suppliers/{supplier_a.pk}/interactions/{interaction.pk}/edit"
    initial = InteractionForm.initial_for(interaction)
    loaded = form_data(InteractionForm(initial=initial, supplier=supplier_a), notes="Mine")
    relationship_services.update_interaction(manager, interaction, {"subject": "Pricing"}, 1)

    response = login(buyer).post(url, loaded)

    assert response.status_code == 409
    assert_names_change(non_field_message(response), manager, "subject: — → Pricing")
    stored = Interaction.objects.get(pk=interaction.pk)
    assert (stored.subject, stored.notes, stored.version) == ("Pricing", "", 2)
    fresh_initial = InteractionForm.initial_for(stored)
    fresh = form_data(InteractionForm(initial=fresh_initial, supplier=supplier_a), notes="Mine")
    assert login(buyer).post(url, fresh).status_code == 302
    stored.refresh_from_db()
    assert (stored.subject, stored.notes, stored.version) == ("Pricing", "Mine", 3)


def test_stale_interaction_patch_is_409_and_fresh_or_versionless_patches_work(
    buyer, manager, supplier_a
):
    interaction = _interaction(buyer, supplier_a)
    client = token_client(buyer)
    url = f"{API}/interactions/{interaction.pk}"
    assert client.get(url).json()["version"] == 1
    relationship_services.update_interaction(manager, interaction, {"subject": "Pricing"})

    response = client.patch(url, {"subject": "Mine", "version": 1}, content_type="application/json")

    assert response.status_code == 409
    [error] = response.json()["errors"]
    assert error["field"] == "version"
    assert_names_change(error["message"], manager, "subject: — → Pricing")
    stored = Interaction.objects.get(pk=interaction.pk)
    assert (stored.subject, stored.version) == ("Pricing", 2)

    response = client.patch(url, {"notes": "ok", "version": 2}, content_type="application/json")
    assert response.status_code == 200 and response.json()["version"] == 3
    response = client.patch(url, {"notes": "again"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["version"] == 4


def test_stale_relationship_settings_form_is_refused(login, admin_user):
    other_admin = UserFactory(username="olga", role=Role.ADMIN)
    loaded = form_data(RelationshipSettingsForm(instance=RelationshipSettings(pk=1)))
    loaded["min_notes"] = "6"
    relationship_services.update_settings(other_admin, {"green_from": 80}, 1)

    response = login(admin_user).post("/relationship/settings/", loaded)

    assert response.status_code == 409
    assert_names_change(non_field_message(response), other_admin, "green from: 70 → 80")
    stored = RelationshipSettings.objects.get(pk=1)
    assert (stored.green_from, stored.min_notes, stored.version) == (80, 4, 2)
    fresh = form_data(RelationshipSettingsForm(instance=stored), min_notes="6")
    assert login(admin_user).post("/relationship/settings/", fresh).status_code == 302
    stored.refresh_from_db()
    assert (stored.green_from, stored.min_notes, stored.version) == (80, 6, 3)


def test_relationship_settings_put_without_a_version_still_works(admin_user):
    response = token_client(admin_user).put(
        f"{API}/relationship/settings", {"min_notes": 5}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["version"] == 2
