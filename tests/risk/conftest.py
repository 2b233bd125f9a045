"""Fixtures of portfolio risk: a way to record a year of spend quickly through the service."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from partnerbook.risk import domain, services


def months_back(count: int) -> list[date]:
    """The first days of the `count` months up to this one, oldest first."""
    this = domain.month_start(timezone.localdate())
    return [domain.add_months(this, -i) for i in reversed(range(count))]


@pytest.fixture
def record_spend():
    """`record_spend(actor, supplier, monthly, months=12, category=None)`: one line a month
    through the writer the import uses, then the annual-spend sync."""

    def record(actor, supplier, monthly, months=12, category=None, currency="EUR"):
        rows = [
            (
                supplier,
                services.clean_line(
                    supplier,
                    {
                        "period": m,
                        "amount": Decimal(monthly),
                        "currency": currency,
                        "category": category,
                    },
                ),
            )  # fmt: skip
            for m in months_back(months)
        ]
        services.write_lines(actor, rows)

    return record
