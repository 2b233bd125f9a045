"""Two people saving for the same supplier at the same moment (found by the load test).

Each save refreshes the supplier's health for today, and the first segmentation save creates
the profile: both used to race (a unique-constraint error, a 500 after the change was saved).
The thread tests need PostgreSQL: SQLite's IMMEDIATE transactions serialise every writer, so
the race cannot happen there.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import DatabaseError, close_old_connections, connection

from partnerbook.relationship import services as relationship
from partnerbook.relationship.models import HealthSnapshot, Interaction
from partnerbook.segmentation import services as segmentation
from partnerbook.segmentation.models import SegmentationProfile
from tests.api import API, token_client

JSON = "application/json"
QUICK = {"occurred_on": "2025-06-10", "channel": "call", "initiated_by": "ours"}


def at_once(count: int, work) -> list[BaseException]:
    """Run `work(i)` in `count` threads released together; the errors they raised."""
    barrier, errors = threading.Barrier(count), []

    def run(i: int) -> None:
        try:
            barrier.wait()
            work(i)
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return errors


def needs_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL's row-level writes")


@pytest.mark.django_db(transaction=True)
def test_simultaneous_interactions_each_save_and_leave_one_snapshot_a_day(manager, supplier_a):
    needs_postgresql()

    def save(i: int) -> None:
        data = {**QUICK, "occurred_on": dt.date(2025, 6, 10 + i), "notes": f"n{i}"}
        relationship.record_interaction(manager, supplier_a, data)
        relationship.recompute(supplier_ids=[supplier_a.pk])  # what refresh runs, unguarded

    errors = at_once(6, save)
    assert errors == []
    assert Interaction.objects.filter(supplier=supplier_a).count() == 6
    days = list(HealthSnapshot.objects.filter(supplier=supplier_a).values_list("as_of", flat=True))
    assert len(days) == len(set(days)) == 1


@pytest.mark.django_db(transaction=True)
def test_simultaneous_first_segmentations_create_one_profile(manager, supplier_a):
    needs_postgresql()
    errors = at_once(
        6,
        lambda i: segmentation.update_factors(manager, supplier_a, {"criticality": 1 + i % 5}),
    )
    assert errors == []
    assert SegmentationProfile.objects.filter(supplier=supplier_a).count() == 1


@pytest.mark.django_db
def test_a_failed_health_refresh_does_not_fail_the_saved_change(
    manager, supplier_a, monkeypatch, caplog
):
    def broken(**kwargs):
        raise DatabaseError("deadlock detected")

    monkeypatch.setattr(relationship, "recompute", broken)
    response = token_client(manager).post(
        f"{API}/suppliers/{supplier_a.pk}/interactions", QUICK, content_type=JSON
    )
    assert response.status_code == 201, response.content
    assert Interaction.objects.filter(supplier=supplier_a).count() == 1
    assert "Refreshing the health" in caplog.text
