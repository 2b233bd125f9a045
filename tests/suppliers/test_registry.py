"""Creating and editing suppliers, contacts and categories through the services."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partnerbook.suppliers import services
from partnerbook.suppliers.models import OwnerAssignment, Supplier


@pytest.mark.django_db
def test_buyer_who_creates_a_supplier_becomes_its_owner(buyer, category):
    supplier = services.create_supplier(buyer, {"name": "Gamma Steel", "category": category})
    assert supplier.relationship_owner == buyer
    assert supplier.status == "prospect"
    assert OwnerAssignment.objects.get(supplier=supplier, ended_at__isnull=True).owner == buyer


@pytest.mark.django_db
def test_buyer_cannot_hand_a_new_supplier_to_someone_else(buyer, other_buyer):
    with pytest.raises(ValidationError) as exc:
        services.create_supplier(buyer, {"name": "Delta", "relationship_owner": other_buyer})
    assert "relationship_owner" in exc.value.message_dict
    assert not Supplier.objects.filter(name="Delta").exists()


@pytest.mark.django_db
def test_owner_changes_are_kept_as_consecutive_spells(manager, buyer, other_buyer, supplier_a):
    services.update_supplier(manager, supplier_a, {"relationship_owner": other_buyer})
    services.update_supplier(manager, supplier_a, {"relationship_owner": buyer})
    spells = list(OwnerAssignment.objects.filter(supplier=supplier_a).order_by("started_at", "pk"))
    assert [s.owner for s in spells] == [buyer, other_buyer, buyer]
    assert all(s.ended_at for s in spells[:-1]) and spells[-1].ended_at is None
    assert spells[1].assigned_by == manager


@pytest.mark.django_db
def test_portal_user_cannot_be_made_owner(manager, supplier_a, portal_user_a):
    with pytest.raises(ValidationError) as exc:
        services.update_supplier(manager, supplier_a, {"relationship_owner": portal_user_a})
    assert "relationship_owner" in exc.value.message_dict


@pytest.mark.django_db
def test_duplicate_external_id_is_a_field_error(manager, supplier_a):
    with pytest.raises(ValidationError) as exc:
        services.create_supplier(manager, {"name": "Copycat", "external_id": "ERP-A"})
    assert "external_id" in str(exc.value.message_dict)


@pytest.mark.django_db
def test_many_suppliers_may_have_no_external_id(manager):
    services.create_supplier(manager, {"name": "One"})
    services.create_supplier(manager, {"name": "Two"})
    assert Supplier.objects.filter(external_id="").count() == 2


@pytest.mark.django_db
def test_negative_spend_and_bad_currency_are_refused(manager):
    with pytest.raises(ValidationError) as exc:
        services.create_supplier(
            manager, {"name": "X", "annual_spend": Decimal(-1), "currency": "euro"}
        )
    assert {"annual_spend", "currency"} <= set(exc.value.message_dict)


@pytest.mark.django_db
def test_edit_cannot_smuggle_a_status_change(manager, supplier_a):
    with pytest.raises(ValidationError) as exc:
        services.update_supplier(manager, supplier_a, {"status": "exited"})
    assert "status" in exc.value.message_dict


@pytest.mark.django_db
def test_tags_are_normalised_and_audited(manager, supplier_a):
    services.update_supplier(manager, supplier_a, {"tags": ["EU", " eu ", "Critical"]})
    assert sorted(t.name for t in supplier_a.tags.all()) == ["critical", "eu"]
    assert supplier_a.history.count() >= 2


@pytest.mark.django_db
def test_viewer_cannot_write_through_the_services(viewer, supplier_a):
    with pytest.raises(PermissionDenied):
        services.update_supplier(viewer, supplier_a, {"name": "Nope"})
    with pytest.raises(PermissionDenied):
        services.create_contact(viewer, supplier_a, {"side": "ours", "name": "Nope"})


@pytest.mark.django_db
def test_category_cannot_become_its_own_ancestor(manager):
    parent = services.create_category(manager, {"name": "Direct materials"})
    child = services.create_category(manager, {"name": "Steel", "parent": parent})
    with pytest.raises(ValidationError) as exc:
        services.update_category(manager, parent, {"parent": child})
    assert "parent" in exc.value.message_dict


@pytest.mark.django_db
def test_category_filter_includes_sub_categories(manager):
    parent = services.create_category(manager, {"name": "Direct materials"})
    child = services.create_category(manager, {"name": "Steel", "parent": parent})
    grandchild = services.create_category(manager, {"name": "Stainless", "parent": child})
    assert set(services.category_with_descendants(parent.pk)) == {
        parent.pk,
        child.pk,
        grandchild.pk,
    }
