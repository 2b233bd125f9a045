"""The 30-day plan ticks itself from the data and names its evidence."""

from __future__ import annotations

import pytest

from partnerbook.portfolio import services


def _items(weeks):
    return {item.key: item for week in weeks for item in week.items}


@pytest.mark.django_db
def test_an_empty_installation_shows_every_step_open_with_where_to_begin(login, viewer):
    weeks = services.getting_started(viewer)
    items = _items(weeks)
    assert set(items) == {
        "criteria", "alignment", "matrix", "playbook", "cadence", "dashboard", "quarterly_review",
    }  # fmt: skip
    assert not any(item.ok for item in items.values())
    assert "No partnership criteria yet" in items["criteria"].evidence
    assert items["cadence"].evidence == "Pick the partner of week 3 first."
    page = login(viewer).get("/portfolio/getting-started/")
    assert page.status_code == 200
    assert b"0 of 4 weeks done" in page.content and b"Next:" in page.content


@pytest.mark.django_db
def test_the_steps_tick_from_alignment_segmentation_and_a_closed_round(
    manager, segmented, supplier_a, supplier_b
):
    from partnerbook.segmentation import services as segmentation

    segmentation.record_alignment(
        manager, supplier_a,
        {"our_goals": 4, "our_values": 4, "our_capabilities": 3,
         "their_goals": 4, "their_values": 3, "their_capabilities": 4},
    )  # fmt: skip
    items = _items(services.getting_started(manager))
    assert items["alignment"].ok and "Alpha Packaging" in items["alignment"].evidence
    assert items["matrix"].ok and "2 of 2 current suppliers placed" in items["matrix"].evidence


@pytest.mark.django_db
def test_a_partner_with_playbook_ticks_is_the_one_week_four_looks_at(manager, supplier_b):
    from partnerbook.gate import services as gate

    gate.tick(manager, supplier_b, "fit", "Samples passed the drop test.")
    items = _items(services.getting_started(manager))
    assert items["playbook"].ok and "Beta Boxes" in items["playbook"].evidence
    assert not items["cadence"].ok and "Beta Boxes has no cadence yet" in items["cadence"].evidence
    assert not items["quarterly_review"].ok


@pytest.mark.django_db
def test_the_plan_is_refused_to_portal_users(login, portal_user_a):
    assert login(portal_user_a).get("/portfolio/getting-started/").status_code == 403
    assert login(portal_user_a).get("/api/v1/portfolio/getting-started").status_code == 403


@pytest.mark.django_db
def test_the_plan_stays_bounded(login, manager, django_assert_max_num_queries):
    from tests.factories import bulk_suppliers

    bulk_suppliers(300)
    client = login(manager)
    with django_assert_max_num_queries(30):
        assert client.get("/portfolio/getting-started/").status_code == 200
