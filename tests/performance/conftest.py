from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from partnerbook.performance import services

TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def frozen(time_machine):
    """Today is 15 June 2026 (noon), so months and 'future' are fixed."""
    time_machine.move_to(dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC), tick=False)
    return TODAY


@pytest.fixture
def standard_kpis(manager):
    return services.install_default_kpis(manager)


def delivery(supplier, po, promised_on, received_on, promised=10, received=None, rejected=0):
    """A line dict for services.save_deliveries (ordered a month before the promise)."""
    received = promised if received is None and received_on else (received or 0)
    return (
        supplier,
        po,
        {
            "ordered_on": promised_on - dt.timedelta(days=30),
            "promised_on": promised_on,
            "promised_qty": Decimal(promised),
            "received_on": received_on,
            "received_qty": Decimal(received),
            "rejected_qty": Decimal(rejected),
        },
    )


def may_deliveries(supplier, on_time=46, late=4):
    """May 2026: `on_time` lines received on time, `late` lines two days late."""
    promised = dt.date(2026, 5, 10)
    rows = [delivery(supplier, f"{supplier.pk}-ok-{n}", promised, promised) for n in range(on_time)]
    rows += [
        delivery(supplier, f"{supplier.pk}-late-{n}", promised, promised + dt.timedelta(days=2))
        for n in range(late)
    ]
    return rows
