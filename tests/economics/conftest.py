import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from partnerbook.economics import services
from partnerbook.relationship import services as relationship_services


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


@pytest.fixture
def calls(buyer, supplier_a):
    """Four calls and one meeting with supplier A in the last weeks."""
    for n in range(4):
        relationship_services.record_interaction(
            buyer,
            supplier_a,
            {
                "occurred_on": days_ago(10 + n),
                "channel": "call",
                "initiated_by": "ours",
                "subject": f"Call {n}",
            },
        )
    relationship_services.record_interaction(
        buyer,
        supplier_a,
        {
            "occurred_on": days_ago(20),
            "channel": "meeting",
            "initiated_by": "supplier",
            "subject": "Meeting",
        },
    )


@pytest.fixture
def agreement(manager, supplier_a):
    return services.create_agreement(
        manager,
        supplier_a,
        {
            "title": "Pad waste",
            "baseline": "Scrap per quarter in 2025",
            "baseline_amount": "10000",
            "currency": "EUR",
            "period_kind": "quarter",
            "supplier_saving_pct": "40",
            "supplier_overrun_pct": "50",
            "starts_on": days_ago(400),
            "requires_third_party": True,
        },
    )


@pytest.fixture
def one_hundred():
    return Decimal("100.00")
