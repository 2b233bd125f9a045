"""Fixtures of the review tests: today is 15 June 2026 (see tests/performance/conftest.py),
so the last complete quarter is 2026 Q1 and a review of it is held in April."""

from __future__ import annotations

import datetime as dt

import pytest

from partnerbook.performance import services as performance
from partnerbook.reviews import services
from partnerbook.segmentation import services as segmentation
from partnerbook.suppliers import services as supplier_services
from tests.performance.conftest import delivery, frozen, standard_kpis  # noqa: F401

Q1 = dt.date(2026, 1, 1)
HELD = dt.date(2026, 4, 20)
# Value high either way; risk low or high.
LOW_RISK = {"criticality": 5, "complexity": 4, "financial_health": 5, "single_source": False,
            "market_difficulty": 1, "country_risk": 1}  # fmt: skip
HIGH_RISK = {"criticality": 5, "complexity": 4, "financial_health": 1, "single_source": True,
             "market_difficulty": 5, "country_risk": 4}  # fmt: skip


def q1_deliveries(supplier, on_time=18, late=2):
    """February 2026: `on_time` lines on time and `late` lines three days late."""
    promised = dt.date(2026, 2, 10)
    rows = [delivery(supplier, f"{supplier.pk}-q1-ok-{n}", promised, promised)
            for n in range(on_time)]  # fmt: skip
    rows += [
        delivery(supplier, f"{supplier.pk}-q1-late-{n}", promised, promised + dt.timedelta(days=3))
        for n in range(late)
    ]
    return rows


def review_data(**changes):
    """A valid review of 2026 Q1 held on 20 April."""
    data = {
        "quarter": "2026-Q1",
        "held_on": HELD,
        "our_comments": "Deliveries were steady; two late lines in February.",
        "supplier_comments": "Their new planner started in January.",
        "decisions": ["Keep the safety stock at two weeks"],
        "successes": ["No rejected parts all quarter"],
        "actions": [],
        "mitigation": [],
    }
    data.update(changes)
    return data


def set_risk(actor, supplier, factors):
    segmentation.update_factors(actor, supplier, factors)


@pytest.fixture
def delivered(frozen, manager, supplier_a, standard_kpis):  # noqa: F811
    """Supplier A with 2026 Q1 deliveries (90 % on time) and a low-risk strategic place."""
    performance.save_deliveries(manager, q1_deliveries(supplier_a))
    set_risk(manager, supplier_a, LOW_RISK)
    return supplier_a


@pytest.fixture
def contact_a(manager, supplier_a):
    return supplier_services.create_contact(
        manager, supplier_a, {"side": "supplier", "name": "Ana Alpha", "level": "management"}
    )


@pytest.fixture
def contact_b(manager, supplier_b):
    return supplier_services.create_contact(
        manager, supplier_b, {"side": "supplier", "name": "Bo Beta", "level": "management"}
    )


@pytest.fixture
def recorded(delivered, buyer):
    """A review of 2026 Q1 recorded by supplier A's owner, with one action."""
    return services.record_review(
        buyer,
        delivered,
        review_data(actions=[{"title": "Send the revised forecast", "owner": buyer,
                              "due_on": dt.date(2026, 5, 15)}]),
    )  # fmt: skip
