"""Fixtures of referrals and recognition: supplier A referred a company that is not
registered yet, and a win recorded with supplier A by its buyer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from partnerbook.recognition import services


@pytest.fixture
def referral(buyer, supplier_a, category):
    return services.record_referral(
        buyer, supplier_a,
        {"company_name": "Gamma Films", "contact_name": "Gina Gamma",
         "contact_email": "gina@gamma.example", "category": category,
         "received_on": timezone.localdate() - dt.timedelta(days=10)},
    )  # fmt: skip


@pytest.fixture
def win(buyer, supplier_a):
    return services.record_win(
        buyer, supplier_a,
        {"title": "Saved the spring launch", "story": "They reworked the tooling in a weekend.",
         "happened_on": timezone.localdate() - dt.timedelta(days=3)},
    )  # fmt: skip
