"""Services: editing the cadence, due dates from interactions, overdue alerts, health checks."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from partnerbook.alerts.models import Alert
from partnerbook.cadence import services
from partnerbook.cadence.models import CadenceItem, HealthCheckAnswers
from partnerbook.segmentation import services as segmentation_services

from .conftest import ANSWERS, TODAY, add_item, log

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


# --- editing ------------------------------------------------------------------------------


def test_owner_buyer_adds_a_meeting_with_the_kind_usual_interval(buyer, supplier_a):
    item = services.add_item(
        buyer, supplier_a, {"kind": "quarterly_strategic", "channels": ["meeting"], "owner": buyer}
    )
    assert item.interval_days == 91
    assert item.history.count() == 1
    assert item.history.first().history_user == buyer


def test_other_buyer_and_viewer_may_not_change_the_cadence(other_buyer, viewer, supplier_a):
    for user in (other_buyer, viewer):
        with pytest.raises(PermissionDenied):
            add_item(user, supplier_a)
    assert not CadenceItem.objects.exists()


def test_end_before_start_is_refused(buyer, supplier_a):
    start = dt.datetime(2026, 7, 1, 10, tzinfo=dt.UTC)
    with pytest.raises(ValidationError) as exc:
        add_item(buyer, supplier_a, planned_start=start, planned_end=start - DAY)
    assert "planned_end" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        add_item(buyer, supplier_a, planned_end=start)
    assert "planned_start" in exc.value.message_dict


def test_unknown_or_inactive_owner_is_refused(buyer, viewer, portal_user_a, supplier_a):
    with pytest.raises(ValidationError) as exc:
        services.owner_by_id(999_999)
    assert "owner" in exc.value.message_dict
    viewer.is_active = False
    viewer.save()
    for owner in (viewer, portal_user_a):
        with pytest.raises(ValidationError) as exc:
            add_item(buyer, supplier_a, owner=owner)
        assert "owner" in exc.value.message_dict


def test_unknown_channel_and_contact_of_another_supplier_are_refused(buyer, supplier_a, supplier_b):
    with pytest.raises(ValidationError) as exc:
        add_item(buyer, supplier_a, channels=["fax"])
    assert "channels" in exc.value.message_dict
    other = supplier_b.contacts.create(side="supplier", name="Not theirs")
    with pytest.raises(ValidationError) as exc:
        services.contacts_by_id(supplier_a, [other.pk])
    assert "contacts" in exc.value.message_dict
    with pytest.raises(ValidationError):
        add_item(buyer, supplier_a, contacts=[other])
    assert not CadenceItem.objects.exists()  # rolled back


def test_stale_edit_is_refused(buyer, manager, supplier_a):
    item = add_item(buyer, supplier_a)
    services.update_item(manager, item, {"interval_days": 20}, expected_version=1)
    with pytest.raises(ValidationError) as exc:
        services.update_item(buyer, CadenceItem.objects.get(pk=item.pk), {"interval_days": 5}, 1)
    assert "version" in exc.value.message_dict


def test_remove_keeps_the_audit_history(buyer, supplier_a):
    item = add_item(buyer, supplier_a)
    pk = item.pk
    services.remove_item(buyer, item)
    assert not CadenceItem.objects.filter(pk=pk).exists()
    assert CadenceItem.history.filter(id=pk, history_type="-").get().history_user == buyer


def test_replace_items_adds_changes_and_removes(buyer, supplier_a):
    keep = add_item(buyer, supplier_a)
    drop = add_item(buyer, supplier_a, kind="informal_checkin", channels=["informal_checkin"])
    result = services.replace_items(
        buyer,
        supplier_a,
        [
            {"id": keep.pk, "interval_days": 14},
            {"kind": "weekly_operational", "channels": ["call"], "owner": buyer},
        ],
    )
    assert {i.kind for i in result} == {"monthly_performance", "weekly_operational"}
    assert not CadenceItem.objects.filter(pk=drop.pk).exists()
    assert CadenceItem.objects.get(pk=keep.pk).interval_days == 14


def test_replace_items_with_a_bad_row_changes_nothing(buyer, supplier_a):
    first = add_item(buyer, supplier_a)
    second = add_item(buyer, supplier_a, kind="informal_checkin", channels=["call"])
    with pytest.raises(ValidationError) as exc:
        services.replace_items(
            buyer, supplier_a, [{"kind": "monthly_performance", "channels": [], "owner": buyer}]
        )
    assert "items.0.channels" in exc.value.message_dict
    assert set(CadenceItem.objects.values_list("pk", flat=True)) == {first.pk, second.pk}


# --- the proposal -------------------------------------------------------------------------


def test_proposal_reads_the_segmentation_and_the_time_active(buyer, manager, supplier_a):
    segmentation_services.choose_engagement_model(manager, supplier_a, "partnership", "Key")
    inputs = services.proposal_inputs(supplier_a)
    assert inputs.model == "partnership" and inputs.model_source == "chosen"
    assert inputs.months_active is not None and inputs.months_active < 1
    kinds = {i.kind for i in services.proposal_for(supplier_a).items}
    assert "weekly_operational" in kinds  # new relationship


def test_apply_proposal_once_only(buyer, supplier_a):
    created = services.apply_proposal(buyer, supplier_a)
    assert created and all(i.owner == buyer for i in created)  # the relationship owner
    assert all(i.reason for i in created)
    with pytest.raises(ValidationError):
        services.apply_proposal(buyer, supplier_a)


# --- due dates ----------------------------------------------------------------------------


def test_next_due_follows_the_latest_matching_non_archived_interaction(buyer, supplier_a):
    item = add_item(buyer, supplier_a, created=TODAY - 200 * DAY, interval_days=30)
    log(buyer, supplier_a, TODAY - 40 * DAY, "meeting")
    log(buyer, supplier_a, TODAY - 5 * DAY, "email")  # not a channel of the item
    log(buyer, supplier_a, TODAY - 2 * DAY, "business_review", archived=True)
    row = services.cadence_of(supplier_a)[0]
    assert row.item == item
    assert row.status.last_held == TODAY - 40 * DAY
    assert row.status.next_due == TODAY - 10 * DAY
    assert row.status.days_overdue == 10
    log(buyer, supplier_a, TODAY - 1 * DAY, "business_review")
    row = services.cadence_of(supplier_a)[0]
    assert row.status.last_held == TODAY - DAY and not row.status.overdue


def test_never_held_counts_from_creation(buyer, supplier_a):
    add_item(buyer, supplier_a, created=TODAY - 35 * DAY, interval_days=30)
    status = services.cadence_of(supplier_a)[0].status
    assert status.last_held is None and status.next_due == TODAY - 5 * DAY


def test_annual_health_check_is_held_by_a_health_check_not_by_a_meeting(buyer, supplier_a):
    add_item(buyer, supplier_a, kind="annual_health_check", created=TODAY - 400 * DAY,
             interval_days=365)  # fmt: skip
    log(buyer, supplier_a, TODAY - DAY, "meeting")
    assert services.health_check_due(supplier_a).days_overdue == 35
    services.record_health_check(buyer, supplier_a, TODAY - 3 * DAY, ANSWERS)
    due = services.health_check_due(supplier_a)
    assert due.last_held == TODAY - 3 * DAY and due.next_due == TODAY + 362 * DAY


def test_overdue_items_respect_owner_filter(buyer, manager, supplier_a, supplier_b):
    mine = add_item(buyer, supplier_a, created=TODAY - 60 * DAY)
    add_item(manager, supplier_b, created=TODAY - 60 * DAY, owner=manager)
    add_item(buyer, supplier_a, kind="informal_checkin", channels=["call"])  # not yet due
    assert [r.item for r in services.overdue_items(buyer, buyer.pk)] == [mine]
    assert len(services.overdue_items(manager, None)) == 2


# --- overdue alerts -----------------------------------------------------------------------


def test_overdue_alert_is_raised_once_with_its_evidence(buyer, supplier_a):
    item = add_item(buyer, supplier_a, created=TODAY - 50 * DAY, interval_days=30)
    log(buyer, supplier_a, TODAY - 45 * DAY)
    first = services.check_overdue(TODAY)
    assert (first.overdue, first.alerts_raised) == (1, 1)
    again = services.check_overdue(TODAY + DAY)
    assert (again.overdue, again.alerts_raised) == (1, 0)
    alert = Alert.objects.get(kind="cadence.overdue")
    assert alert.evidence["item_id"] == item.pk
    assert alert.evidence["last_held"] == (TODAY - 45 * DAY).isoformat()
    assert alert.evidence["due"] == (TODAY - 15 * DAY).isoformat()
    assert alert.evidence["days_overdue"] == 15
    assert alert.last_seen_on == TODAY + DAY
    assert alert.severity in Alert.Severity.values
    assert "Monthly performance review" in alert.title and "15 day(s) overdue" in alert.summary


def test_holding_the_meeting_clears_it_and_a_later_miss_is_a_new_alert(buyer, supplier_a):
    add_item(buyer, supplier_a, created=TODAY - 50 * DAY, interval_days=30)
    assert services.check_overdue(TODAY).alerts_raised == 1
    log(buyer, supplier_a, TODAY - 20 * DAY)  # held late, 20 days ago: due again in 10 days
    assert services.check_overdue(TODAY).overdue == 0
    later = services.check_overdue(TODAY + 12 * DAY)
    assert (later.overdue, later.alerts_raised) == (1, 1)
    dues = sorted(a.evidence["due"] for a in Alert.objects.filter(kind="cadence.overdue"))
    assert dues == [(TODAY - 20 * DAY).isoformat(), (TODAY + 10 * DAY).isoformat()]


def test_archived_and_exited_suppliers_raise_nothing(buyer, manager, supplier_a):
    add_item(buyer, supplier_a, created=TODAY - 50 * DAY)
    supplier_a.archived = True
    supplier_a.save()
    assert services.check_overdue(TODAY).overdue == 0


def test_command_and_task_run_the_check(buyer, supplier_a):
    add_item(buyer, supplier_a, created=TODAY - 50 * DAY)
    out = StringIO()
    call_command("cadence_check", "--as-of", TODAY.isoformat(), stdout=out)
    assert "1 overdue, 1 new alert(s)" in out.getvalue()
    from partnerbook.cadence.tasks import daily_overdue_check

    result = daily_overdue_check.call(TODAY.isoformat())
    assert result["alerts_raised"] == 0 and result["overdue"] == 1


def test_command_refuses_a_bad_day(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not a date"):
        call_command("cadence_check", "--as-of", "tomorrow")


# --- health checks ------------------------------------------------------------------------


def test_health_check_keeps_both_sides_and_flags_gaps(buyer, supplier_a, portal_user_a):
    check = services.record_health_check(buyer, supplier_a, TODAY, ANSWERS, "First one")
    theirs = {**ANSWERS, "trust": 2, "joint_problem_solving": 4}
    services.record_answers(portal_user_a, check, "supplier", theirs)
    view = services.health_checks_of(supplier_a)[0]
    assert view.ours.side == "ours" and view.theirs.side == "supplier"
    assert view.comparison.flagged == ("trust", "joint_problem_solving")
    with pytest.raises(ValidationError):
        services.record_answers(portal_user_a, check, "supplier", theirs)


def test_portal_user_of_another_supplier_cannot_answer(
    buyer, supplier_a, portal_user_b, other_buyer
):
    check = services.record_health_check(buyer, supplier_a, TODAY, ANSWERS)
    for user in (portal_user_b, other_buyer):
        with pytest.raises(PermissionDenied):
            services.record_answers(user, check, "supplier", ANSWERS)
    assert HealthCheckAnswers.objects.count() == 1


def test_health_check_bad_input(buyer, viewer, supplier_a):
    with pytest.raises(ValidationError) as exc:
        services.record_health_check(buyer, supplier_a, TODAY + DAY, ANSWERS)
    assert "held_on" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.record_health_check(buyer, supplier_a, TODAY, {**ANSWERS, "trust": 6})
    assert "trust" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        services.record_health_check(viewer, supplier_a, TODAY, ANSWERS)
