"""The load test's scenario (bench/load/scenario.py), run through Django's test client.

No locust and no server: the same visitor code that locust drives signs in through the
real form (CSRF enforced), then runs every task of every kind of person once, so each URL
it builds exists, each form it posts is accepted, and each check it makes passes on
demo-like data. The load test itself is `make bench-load` (bench/load/README.md).
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from bench.load import scenario
from django.test import Client

from partnerbook.accounts.models import Role
from partnerbook.relationship.models import Interaction, TrustEntry
from partnerbook.segmentation.models import SegmentationProfile
from partnerbook.suppliers import services
from tests.factories import CategoryFactory, UserFactory


class DjangoTransport:
    """The scenario's transport over Django's test client; a failed check fails the test."""

    def __init__(self) -> None:
        self.client = Client(enforce_csrf_checks=True)
        self.seen: list[tuple[str, str, str, int]] = []

    def request(self, method: str, path: str, name: str, check: Any, data: Any) -> scenario.Reply:
        if method == "GET":
            response = self.client.get(path)
        else:
            response = self.client.post(path, data or {})
        reply = scenario.Reply(
            response.status_code, response.content.decode(), response.headers.get("Location", "")
        )
        self.seen.append((method, name, path, response.status_code))
        problem = check(reply)
        if problem:
            raise scenario.Failed(f"{method} {path} ({name}): {problem}")
        return reply


def _person(username: str, first: str, last: str, role: str) -> Any:
    user = UserFactory(username=username, first_name=first, last_name=last, role=role)
    user.set_password(scenario.DEMO_PASSWORD)
    user.save()
    return user


@pytest.fixture
def demo_like(db):
    """The demo's people (one per kind) and a handful of suppliers, two owned by bruno."""
    people = {
        "maria": _person("maria", "Maria", "Keller", Role.MANAGER),
        "bruno": _person("bruno", "Bruno", "Silva", Role.BUYER),
        "aisha": _person("aisha", "Aisha", "Rahman", Role.BUYER),
        "vera": _person("vera", "Vera", "Lind", Role.VIEWER),
    }
    packaging = CategoryFactory(name="Packaging")
    specs = [
        ("Nordpack", "active", "bruno", 250_000),
        ("Sterilis Medical", "pilot", "bruno", 90_000),
        ("Logistica Sud", "active", "aisha", 400_000),
        ("Medbox Prospect", "prospect", None, None),
    ]
    suppliers = [
        services.create_supplier(
            people["maria"],
            {
                "name": name,
                "category": packaging,
                "status": status,
                "country": "DE",
                "relationship_owner": people[owner] if owner else None,
                "annual_spend": spend,
                "currency": "EUR",
            },
        )  # fmt: skip
        for name, status, owner, spend in specs
    ]
    return people, suppliers


def _visitor(username: str, seed: int = 0) -> tuple[scenario.Visitor, DjangoTransport]:
    transport = DjangoTransport()
    visitor = scenario.Visitor(transport, username, rng=random.Random(seed))
    visitor.sign_in()
    return visitor, transport


def test_every_task_of_every_kind_of_person_answers_as_the_load_test_expects(demo_like):
    people, suppliers = demo_like
    seen: set[str] = set()
    for username in ("bruno", "maria", "vera"):
        visitor, transport = _visitor(username)
        assert visitor.user_id == people[username].pk
        assert sorted(visitor.supplier_ids) == sorted(s.pk for s in suppliers)
        for action in scenario.TASKS[visitor.kind]:
            action(visitor)
        seen |= {name for _, name, _, _ in transport.seen}

    assert seen == scenario.PAGES
    # The writes landed: bruno's on a supplier he owns, maria's anywhere.
    bruno_owns = {s.pk for s in suppliers if s.relationship_owner_id == people["bruno"].pk}
    assert Interaction.objects.filter(created_by=people["bruno"], supplier__in=bruno_owns).exists()
    assert Interaction.objects.filter(created_by=people["maria"]).exists()
    assert TrustEntry.objects.filter(created_by=people["maria"]).exists()
    assert SegmentationProfile.objects.exclude(our_expectation="").exists()


def test_a_buyer_finds_exactly_the_suppliers_they_own(demo_like):
    people, suppliers = demo_like
    visitor, _ = _visitor("bruno")
    assert sorted(visitor.owned_ids) == sorted(
        s.pk for s in suppliers if s.relationship_owner_id == people["bruno"].pk
    )
    assert visitor.kind == "buyer"
    for seed in range(4):  # whichever owned supplier the dice pick, the log is accepted
        visitor.rng = random.Random(seed)
        visitor.log_interaction()


def test_every_supplier_page_of_the_scenario_answers_for_every_supplier(demo_like):
    _, suppliers = demo_like
    visitor, transport = _visitor("maria")
    tabs = (
        scenario.Visitor.supplier_overview, scenario.Visitor.supplier_contacts,
        scenario.Visitor.supplier_history, scenario.Visitor.supplier_timeline,
        scenario.Visitor.supplier_segmentation, scenario.Visitor.supplier_relationship,
    )  # fmt: skip
    for supplier in suppliers:
        visitor.supplier_ids = [supplier.pk]
        for tab in tabs:
            tab(visitor)
    assert {status for *_, status in transport.seen} == {200, 302}


def test_the_checks_fail_a_refused_sign_in_and_a_lost_session(demo_like):
    wrong = scenario.Visitor(DjangoTransport(), "vera", password="not-the-password-1")
    with pytest.raises(scenario.Failed, match="HTTP 200: the form was refused"):
        wrong.sign_in()

    anonymous = scenario.Visitor(DjangoTransport(), "vera", supplier_ids=[1])
    with pytest.raises(scenario.Failed, match="to the sign-in page"):
        anonymous.portfolio()
