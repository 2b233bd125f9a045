"""Shared set-up of the cadence tests: a frozen clock and helpers that go through services."""

from __future__ import annotations

import datetime as dt

import pytest

from partnerbook.cadence import services
from partnerbook.relationship import services as relationship_services

NOW = dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def _frozen_clock(time_machine):
    time_machine.move_to(NOW, tick=False)


def add_item(actor, supplier, kind="monthly_performance", created=None, **fields):
    data = {"kind": kind, "channels": ["meeting", "business_review"], "owner": actor, **fields}
    return services.add_item(actor, supplier, data, today=created or TODAY)


def log(actor, supplier, day, channel="meeting", archived=False):
    interaction = relationship_services.record_interaction(
        actor, supplier, {"occurred_on": day, "channel": channel, "initiated_by": "ours"}
    )
    if archived:
        relationship_services.set_interaction_archived(actor, interaction, True)
    return interaction


ANSWERS = {"trust": 4, "openness": 3, "reciprocity": 4, "communication": 5,
           "joint_problem_solving": 2, "trust_comment": "Mostly reliable."}  # fmt: skip
