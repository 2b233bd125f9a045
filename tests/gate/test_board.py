"""The pipeline board: candidates and new suppliers by playbook step with their blockers,
advancing through the same gate, permissions and a bounded number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from partnerbook.gate import board
from partnerbook.sourcing import services as sourcing
from partnerbook.sourcing.models import Candidate
from partnerbook.suppliers.models import Supplier
from tests.factories import SupplierFactory


@pytest.fixture
def project(buyer, category):
    return sourcing.create_project(
        buyer,
        {"title": "Second source for boxes", "category": category, "owner": buyer,
         "target_date": dt.date(2027, 3, 1)},
    )  # fmt: skip


def _steps(columns) -> dict[str, list[str]]:
    return {c.key: [card.supplier.name for card in c.cards] for c in columns}


def test_project_without_criteria_holds_its_candidates_at_criteria(buyer, project):
    sourcing.add_candidate(buyer, project, {"prospect_name": "Kartell Box", "source": "search"})

    columns = board.board(buyer, project.pk)

    assert _steps(columns)["criteria"] == ["Kartell Box"]
    card = columns[0].cards[0]
    assert card.card.blockers == ("The project has no criteria yet.",)


def test_candidates_and_new_suppliers_sit_at_their_step(buyer, manager, project, supplier_b):
    sourcing.add_criterion(
        buyer, project, {"pillar": "capabilities", "name": "Capacity", "must_have": True}
    )
    sourcing.add_candidate(buyer, project, {"prospect_name": "Kartell Box", "source": "search"})

    columns = _steps(board.board(manager))

    assert columns["vetting"] == ["Kartell Box"]
    assert "Beta Boxes" in columns["pilot"]  # a new supplier in pilot, not a candidate
    assert columns["active"] == []  # existing business is not on the board


def test_vetting_blockers_name_the_missing_items(buyer, project):
    sourcing.add_criterion(
        buyer, project, {"pillar": "capabilities", "name": "Capacity", "must_have": True}
    )
    sourcing.add_candidate(buyer, project, {"prospect_name": "Kartell Box", "source": "search"})

    card = next(c for c in board.board(buyer, project.pk) if c.key == "vetting").cards[0]

    assert card.card.blockers[0] == "Not on the short list yet."
    assert any(b.startswith("Financial health check:") for b in card.card.blockers)
    assert card.next_status == "vetting"


def test_advancing_to_active_from_the_board_passes_the_gate(login, manager, supplier_b):
    client = login(manager)
    here = reverse("gate:board")

    response = client.post(
        reverse("suppliers:change_status", args=[supplier_b.pk]),
        {"status": "active", "next": here},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == here
    assert "decision checklist is not complete" in response.content.decode()
    assert Supplier.objects.get(pk=supplier_b.pk).status == "pilot"


def test_board_page_shows_advance_buttons_to_those_allowed(login, other_buyer, viewer, supplier_b):
    mine = login(other_buyer).get(reverse("gate:board")).content.decode()
    theirs = login(viewer).get(reverse("gate:board")).content.decode()

    assert "Move to active" in mine
    assert "Beta Boxes" in theirs and "Move to active" not in theirs


def test_portal_users_cannot_see_the_board(login, portal_user_b):
    assert login(portal_user_b).get(reverse("gate:board")).status_code == 403


def test_board_with_a_thousand_candidates_is_bounded(
    login, manager, buyer, project, category, django_assert_max_num_queries
):
    sourcing.add_criterion(
        buyer, project, {"pillar": "capabilities", "name": "Capacity", "must_have": True}
    )
    Supplier.objects.bulk_create(
        SupplierFactory.build_batch(1000, status="prospect", category=category)
    )
    Candidate.objects.bulk_create(
        Candidate(project=project, supplier=s, source="search")
        for s in Supplier.objects.filter(status="prospect")
    )
    client = login(manager)

    with django_assert_max_num_queries(30):
        response = client.get(reverse("gate:board"), {"project": project.pk})

    assert response.status_code == 200
    vetting = next(c for c in response.context["columns"] if c.key == "vetting")
    assert vetting.total == 1000
    assert len(vetting.cards) == board.SHOWN_PER_STEP
    assert "and 940 more" in response.content.decode()


def test_pilots_are_placed_by_pilot_and_contract_and_onboarding_cards_name_every_item(
    monkeypatch, manager, category
):
    """The board places every entry from the two items that move a pilot on, then reads
    for the drawn cards the items their step's blockers name: all of them at onboarding."""
    from partnerbook.core import registry

    at_agreement, at_onboarding = SupplierFactory.create_batch(2, status="pilot", category=category)

    def passed(ids: list[int]) -> dict[int, registry.ChecklistResult]:
        return {pk: registry.ChecklistResult(True, "Pilot passed.") for pk in ids}

    def reviewed(ids: list[int]) -> dict[int, registry.ChecklistResult]:
        return {pk: registry.ChecklistResult(pk == at_onboarding.pk, "Contract.") for pk in ids}

    items = dict(registry._registry.checklist)
    items["pilot"] = registry.ChecklistItem(key="pilot", label="A passed pilot", check=passed)
    items["contract"] = registry.ChecklistItem(key="contract", label="Contract", check=reviewed)
    monkeypatch.setattr(registry._registry, "checklist", items)

    columns = {c.key: c for c in board.board(manager)}

    agreement = [c for c in columns["agreement"].cards if c.supplier == at_agreement]
    assert [c.card.blockers for c in agreement] == [("Contract: Contract.",)]
    onboarding = [c for c in columns["onboarding"].cards if c.supplier == at_onboarding]
    blockers = onboarding[0].card.blockers
    assert any(b.startswith("Communication cadence set:") for b in blockers)
    assert any(b.startswith("Technical and capacity fit:") for b in blockers)
    assert onboarding[0].urls["supplier"] == reverse("gate:supplier", args=[at_onboarding.pk])
    assert onboarding[0].urls["move"] == reverse("suppliers:change_status", args=[at_onboarding.pk])
