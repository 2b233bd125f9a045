"""The recompute uses the registry: health factors from other apps take points off with a
visible line and raise their alerts; registered response targets replace the global one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from partnerbook.alerts.models import Alert
from partnerbook.core import registry
from partnerbook.relationship import services
from partnerbook.relationship.models import HealthSnapshot
from partnerbook.segmentation import services as segmentation
from partnerbook.suppliers import services as supplier_services

pytestmark = pytest.mark.django_db


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def snapshot(supplier) -> HealthSnapshot:
    return HealthSnapshot.objects.get(supplier=supplier, as_of=timezone.localdate())


def _bow_tie(manager, buyer, supplier):
    theirs = supplier_services.create_contact(
        manager, supplier, {"side": "supplier", "name": "Otto Ops", "level": "operational"}
    )
    for n in range(8):
        services.record_interaction(
            buyer, supplier,
            {"occurred_on": days_ago(5 + 20 * n), "channel": "meeting", "initiated_by": "ours",
             "tags": ["joint_improvement"] if n % 2 else [], "contacts": [theirs],
             "participants": [buyer]},
        )  # fmt: skip


def test_a_partnership_bow_tie_loses_15_points_with_a_line_and_an_alert(manager, buyer, supplier_a):
    _bow_tie(manager, buyer, supplier_a)
    services.recompute()
    plain = snapshot(supplier_a)
    assert plain.score is not None
    assert not any(c.get("deduction") for c in plain.breakdown)
    assert not Alert.objects.filter(kind="coverage.bowtie").exists()  # transactional: fine

    segmentation.choose_engagement_model(manager, supplier_a, "partnership", "Key account")
    services.recompute()

    snap = snapshot(supplier_a)
    assert snap.score == max(0, plain.score - 15)
    line = next(c for c in snap.breakdown if c.get("deduction"))
    assert line["key"] == "coverage.bowtie" and line["points"] == -15.0
    assert line["label"] == "Coverage: bow-tie"
    assert "Bow-tie" in line["value"] and "partnership" in line["value"]
    alert = Alert.objects.get(kind="coverage.bowtie", supplier=supplier_a)
    assert alert.evidence["pair"]["theirs"] == "Otto Ops"
    assert alert.evidence["missing_links"]

    services.recompute()  # the same evidence again raises nothing new
    assert Alert.objects.filter(kind="coverage.bowtie").count() == 1


def test_the_health_page_shows_the_deduction(login, manager, buyer, supplier_a):
    _bow_tie(manager, buyer, supplier_a)
    segmentation.choose_engagement_model(manager, supplier_a, "partnership", "Key account")
    services.recompute()

    html = login(manager).get(f"/relationship/suppliers/{supplier_a.pk}/").content.decode()

    breakdown = html[html.index('id="health-breakdown"') :]
    breakdown = breakdown[: breakdown.index("</table>")]
    assert 'class="is-deduction"' in breakdown
    assert "Coverage: bow-tie" in breakdown and "−15" in breakdown


def test_a_deduction_never_takes_the_score_below_zero(manager, buyer, supplier_a):
    _bow_tie(manager, buyer, supplier_a)
    factor = registry.HealthFactor(
        key="test.huge",
        label="Test: huge",
        assess=lambda ids, as_of: {pk: registry.HealthDeduction(100, "Everything is wrong.")
                                   for pk in ids},
    )  # fmt: skip
    registry.register_health_factor(factor)
    try:
        services.recompute()
    finally:
        del registry._registry.health_factors["test.huge"]

    snap = snapshot(supplier_a)
    assert snap.score == 0 and snap.light == "red"
    assert any(c["label"] == "Test: huge" and c["points"] == -100.0 for c in snap.breakdown)


def _answers(buyer, supplier, hours: float, count: int = 4):
    now = timezone.now()
    for n in range(count):
        asked = now - dt.timedelta(days=10 + 5 * n)
        services.record_interaction(
            buyer, supplier,
            {"occurred_on": timezone.localtime(asked).date(), "channel": "email",
             "initiated_by": "ours", "request_side": "ours", "request_kind": "data",
             "asked_at": asked, "answered_at": asked + dt.timedelta(hours=hours)},
        )  # fmt: skip


def _responsiveness(supplier) -> dict:
    return next(c for c in snapshot(supplier).breakdown if c["key"] == "responsiveness")


def test_response_time_uses_a_registered_target_for_its_supplier(buyer, other_buyer, supplier_a,
                                                                 supplier_b):  # fmt: skip
    _answers(buyer, supplier_a, hours=30)
    _answers(other_buyer, supplier_b, hours=30)
    source = registry.ResponseTargets(
        key="test.targets",
        targets=lambda ids: {supplier_a.pk: 10.0} if supplier_a.pk in ids else {},
    )
    registry.register_response_targets(source)
    try:
        services.recompute()
    finally:
        del registry._registry.response_targets["test.targets"]

    # 30 hours against 10: (1 - 20/40) = 50; against the global 48 hours: full marks
    assert _responsiveness(supplier_a)["subscore"] == 50.0
    assert "10 hours target" in _responsiveness(supplier_a)["value"]
    assert _responsiveness(supplier_b)["subscore"] == 100.0
    assert "2.0 days target" in _responsiveness(supplier_b)["value"]


def test_without_a_registered_target_the_global_setting_applies(buyer, supplier_a):
    _answers(buyer, supplier_a, hours=30)
    services.recompute()
    assert _responsiveness(supplier_a)["subscore"] == 100.0
    assert services.response_targets([supplier_a.pk]) == {}
