"""Fixtures and helpers shared by the tests of reviewers' scores and the mutual scorecard
(no tests here)."""

from __future__ import annotations

import pytest

from partnerbook.accounts.models import Role
from partnerbook.performance import services
from partnerbook.performance.models import KpiRating, PartnerRating
from tests.factories import UserFactory

JUDGEMENT = {
    "key": "collaboration", "name": "Collaboration", "kind": "judgement", "direction": "higher",
    "unit": "points", "target": 80, "yellow_threshold": 70, "red_threshold": 50, "weight": 10,
}  # fmt: skip


@pytest.fixture
def judgement_kpi(manager):
    """Collaboration, a judgement KPI for every supplier (weight 10, target 80)."""
    return services.define_kpi(manager, JUDGEMENT)


@pytest.fixture
def reviewer(db):
    """A second buyer who reviews suppliers she does not own."""
    return UserFactory(username="rita", first_name="Rita", last_name="Reviewer", role=Role.BUYER)


def rating_rows():
    """Everything the scores could change, to prove that nothing did."""
    return [*KpiRating.objects.order_by("pk").values_list(), KpiRating.history.count()]


def partner_rows():
    return [*PartnerRating.objects.order_by("pk").values_list(), PartnerRating.history.count()]
