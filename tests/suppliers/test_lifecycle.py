"""The supplier lifecycle: which status moves are allowed, and how refusals read."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from partnerbook.suppliers import services
from partnerbook.suppliers.domain import ALLOWED_TRANSITIONS, Status, allowed_next, transition_error

statuses = st.sampled_from([s.value for s in Status])


@given(statuses, statuses)
def test_transition_error_agrees_with_the_transition_table(current, target):
    error = transition_error(current, target)
    assert (error is None) == (Status(target) in ALLOWED_TRANSITIONS[Status(current)])


@given(statuses)
def test_every_status_can_eventually_reach_exited(start):
    seen, frontier = {Status(start)}, [Status(start)]
    while frontier:
        for nxt in ALLOWED_TRANSITIONS[frontier.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                frontier.append(nxt)
    assert Status.EXITED in seen or Status(start) == Status.EXITED


def test_an_active_supplier_cannot_jump_straight_to_exited():
    message = transition_error("active", "exited")
    assert message is not None
    assert "reserve" in message and "phasing out" in message


def test_unknown_status_is_named_in_the_message():
    assert transition_error("active", "bankrupt") == "'bankrupt' is not a supplier status."


def test_allowed_next_is_in_lifecycle_order():
    assert allowed_next("pilot") == [Status.VETTING, Status.ACTIVE, Status.EXITED]


@pytest.mark.django_db
def test_status_change_is_audited_with_reason_and_user(manager, supplier_b):
    services.change_status(manager, supplier_b, "vetting", "Back to vetting: new drawings")
    record = supplier_b.history.latest()
    assert record.status == "vetting"
    assert record.history_user == manager
    assert record.history_change_reason == "Status: Pilot → Vetting. Back to vetting: new drawings"


@pytest.mark.django_db
def test_illegal_move_is_refused_and_nothing_changes(manager, supplier_a):
    with pytest.raises(ValidationError) as exc:
        services.change_status(manager, supplier_a, "exited")
    assert "status" in exc.value.message_dict
    supplier_a.refresh_from_db()
    assert supplier_a.status == "active"


@pytest.mark.django_db
def test_archived_supplier_must_be_restored_before_moving(manager, supplier_a):
    services.set_archived(manager, supplier_a, True)
    with pytest.raises(ValidationError):
        services.change_status(manager, supplier_a, "reserve")
