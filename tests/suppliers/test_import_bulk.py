"""The supplier import's bulk writes: the same records, history and ownership spells as the
single-supplier services, and a bulk write that fails is redone row by row so that each
problem is still reported under its row."""

from __future__ import annotations

import pytest
from django.db import IntegrityError

from partnerbook.suppliers import imports, services
from partnerbook.suppliers.imports import import_suppliers
from partnerbook.suppliers.models import OwnerAssignment, Supplier

from .test_import import csv_bytes

pytestmark = pytest.mark.django_db


def test_created_suppliers_get_the_history_and_owner_spell_the_service_writes(manager, buyer):
    content = csv_bytes(
        [
            ["external_id", "name", "country", "annual_spend", "relationship_owner"],
            ["NEW-1", "Newco", "DE", "1,200.50", buyer.username],
            ["NEW-2", "Othe Co", "France", "", ""],
        ]
    )

    result = import_suppliers(manager, content, "suppliers.csv")

    assert (result.created, result.errors) == (2, [])
    first = Supplier.objects.get(external_id="NEW-1")
    assert (first.country.code, str(first.annual_spend), first.relationship_owner) == (
        "DE", "1200.50", buyer
    )  # fmt: skip
    assert first.created_at is not None and first.version == 1
    [history] = first.history.all()
    assert (history.history_type, history.history_user, history.history_change_reason) == (
        "+", manager, "Created"
    )  # fmt: skip
    assert history.name == "Newco" and history.country.code == "DE"
    spell = OwnerAssignment.objects.get(supplier=first)
    assert (spell.owner, spell.assigned_by, spell.ended_at) == (buyer, manager, None)
    assert not OwnerAssignment.objects.filter(supplier__external_id="NEW-2").exists()


def test_updated_suppliers_get_a_new_version_and_a_history_row(manager, buyer, supplier_a):
    version = supplier_a.version
    content = csv_bytes(
        [["external_id", "notes", "relationship_owner"], ["ERP-A", "Checked.", manager.username]]
    )

    result = import_suppliers(manager, content, "suppliers.csv")

    assert (result.updated, result.errors) == (1, [])
    supplier_a.refresh_from_db()
    assert (supplier_a.notes, supplier_a.version) == ("Checked.", version + 1)
    latest = supplier_a.history.first()
    assert (latest.history_type, latest.history_user, latest.notes) == ("~", manager, "Checked.")
    assert OwnerAssignment.objects.get(supplier=supplier_a, ended_at=None).owner == manager
    assert OwnerAssignment.objects.get(supplier=supplier_a, owner=buyer).ended_at is not None


def test_a_failed_bulk_write_is_redone_row_by_row_and_reported_under_its_row(manager, monkeypatch):
    def failing(actor, rows):
        raise IntegrityError("someone else created one of them meanwhile")

    monkeypatch.setattr(services, "create_suppliers", failing)
    real_create = services.create_supplier

    def create(actor, data):
        if data["external_id"] == "NEW-2":
            raise IntegrityError("duplicate external id")
        return real_create(actor, data)

    monkeypatch.setattr(services, "create_supplier", create)
    content = csv_bytes([["external_id", "name"], ["NEW-1", "One"], ["NEW-2", "Two"]])

    result = import_suppliers(manager, content, "suppliers.csv", valid_only=True)

    assert [(e.row, e.reason) for e in result.errors] == [
        (3, "Someone changed this record meanwhile; import again.")
    ]
    assert (result.created, result.skipped) == (1, 1)
    assert list(Supplier.objects.filter(external_id__startswith="NEW-").values_list("name")) == [
        ("One",)
    ]


def test_rows_with_tags_or_a_status_move_go_through_the_single_supplier_services(
    manager, supplier_a, monkeypatch
):
    content = csv_bytes(
        [["external_id", "name", "tags", "status"], ["NEW-1", "Tagged", "eu", ""],
         ["ERP-A", "", "", "reserve"], ["NEW-2", "Plain", "", ""]]
    )  # fmt: skip
    plans_seen: list[int] = []
    real = imports._save

    def spy(actor, plan):
        plans_seen.append(plan.row)
        real(actor, plan)

    monkeypatch.setattr(imports, "_save", spy)

    result = import_suppliers(manager, content, "suppliers.csv")

    assert (result.created, result.updated, result.errors) == (2, 1, [])
    assert plans_seen == [2, 3]
    assert list(Supplier.objects.get(external_id="NEW-1").tags.values_list("name", flat=True)) == [
        "eu"
    ]
