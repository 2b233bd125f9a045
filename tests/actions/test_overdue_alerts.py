"""Overdue action items go to the alerts inbox, once per item, and informing only."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partnerbook.actions import services
from partnerbook.actions.models import ActionItem
from partnerbook.alerts.models import Alert
from partnerbook.core import registry
from tests.factories import bulk_suppliers

DAY = dt.timedelta(days=1)


def test_an_overdue_item_raises_one_alert_with_its_evidence(buyer, supplier_a):
    today = timezone.localdate()
    item = services.create_action_item(
        buyer, supplier_a, {"title": "Send the forecast", "owner": buyer, "due_on": today - 3 * DAY}
    )
    services.create_action_item(buyer, supplier_a, {"title": "Later", "due_on": today + DAY})

    first = services.check_overdue()
    again = services.check_overdue()

    assert (first.overdue, first.alerts_raised, again.alerts_raised) == (1, 1, 0)
    alert = Alert.objects.get(kind=services.ALERT_KIND)
    assert alert.supplier == supplier_a and "Send the forecast" in alert.title
    assert alert.evidence["days_overdue"] == 3 and alert.evidence["item"] == item.pk
    item.refresh_from_db()
    assert item.status == ActionItem.Status.OPEN  # an alert never changes anything


def test_done_items_and_archived_suppliers_raise_nothing(buyer, manager, supplier_a, supplier_b):
    today = timezone.localdate()
    done = services.create_action_item(
        buyer, supplier_a, {"title": "Done already", "due_on": today - 5 * DAY}
    )
    services.complete_action_item(buyer, done)
    services.create_action_item(manager, supplier_b, {"title": "Old", "due_on": today - 5 * DAY})
    supplier_b.archived = True
    supplier_b.save(update_fields=["archived"])

    assert services.check_overdue().overdue == 0
    assert not Alert.objects.exists()


def test_the_check_reads_in_a_fixed_number_of_queries(manager):
    """Two reads whatever the number of items (the items, the alerts already raised); the
    new alerts are written in batches."""
    today = timezone.localdate()
    suppliers = bulk_suppliers(300)
    ActionItem.objects.bulk_create(
        ActionItem(supplier=s, title=f"Step {s.pk}", due_on=today - 2 * DAY) for s in suppliers
    )
    with CaptureQueriesContext(connection) as queries:
        summary = services.check_overdue()
    live = [s for s in suppliers if not s.archived and s.status != "exited"]
    assert summary.alerts_raised == summary.overdue == len(live) > 100
    reads = [q for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
    assert len(reads) == 2


def test_it_is_a_daily_job_and_a_registered_alert_kind():
    assert services.ALERT_KIND in registry.alert_kinds()
    assert "actions.overdue_check" in {job.key for job in registry.scheduled_jobs()}
