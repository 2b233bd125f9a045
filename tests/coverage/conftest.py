"""Shared set-up for coverage tests: contacts on both sides and interactions logged through
the relationship services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from partnerbook.relationship import services as relationship
from partnerbook.segmentation import services as segmentation
from partnerbook.suppliers import services as supplier_services


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def add_people(actor, supplier, buyer=None):
    """Our executive, manager and buyer (the buyer's e-mail matches `buyer`), and theirs."""
    people = {}
    for key, side, name, level, function, email in (
        ("our_exec", "ours", "Olga Chief", "executive", "executive", "olga@ours.example"),
        ("our_mgr", "ours", "Mara Lead", "management", "procurement", "mara@ours.example"),
        ("our_ops", "ours", "Ben Buyer", "operational", "procurement",
         (buyer.email.upper() if buyer else "ben@ours.example")),
        ("their_exec", "supplier", "Tess Top", "executive", "executive", ""),
        ("their_mgr", "supplier", "Sam Sales", "management", "sales", ""),
        ("their_ops", "supplier", "Otto Ops", "operational", "logistics", ""),
    ):  # fmt: skip
        people[key] = supplier_services.create_contact(
            actor, supplier,
            {"side": side, "name": name, "level": level, "function": function, "email": email},
        )  # fmt: skip
    return people


def log(actor, supplier, day, contacts=(), participants=()):
    return relationship.record_interaction(
        actor, supplier,
        {"occurred_on": day, "channel": "meeting", "initiated_by": "ours", "subject": "Review",
         "contacts": list(contacts), "participants": list(participants)},
    )  # fmt: skip


def make_partnership(manager, supplier):
    segmentation.choose_engagement_model(manager, supplier, "partnership", "Key account")


@pytest.fixture
def people_a(manager, buyer, supplier_a):
    return add_people(manager, supplier_a, buyer)
