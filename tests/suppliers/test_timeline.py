"""The supplier's relationship timeline: one stream of status moves, interactions, trust
entries, alerts and maturity moves, newest first, filtered by source and period."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from partnerbook.alerts import services as alert_services
from partnerbook.alerts.services import AlertCandidate, sync_alerts
from partnerbook.relationship import services as relationship
from partnerbook.relationship.models import Interaction, InteractionSignal
from partnerbook.segmentation.services import record_maturity_move
from partnerbook.suppliers import services as supplier_services


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def timeline_url(pk: int, query: str = "") -> str:
    return f"/suppliers/{pk}/timeline/{query}"


def entries_of(response) -> str:
    """The timeline list only (not the filter form, which names every source)."""
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    start = html.index('id="timeline"')
    return html[start : html.index("</ol>", start)]


def log(actor, supplier, days: int, subject: str, **data: object) -> Interaction:
    values: dict[str, object] = {
        "occurred_on": days_ago(days), "channel": "meeting", "initiated_by": "ours",
        "subject": subject, "tags": [], "notes": "",
    }  # fmt: skip
    values.update(data)
    return relationship.record_interaction(actor, supplier, values)


def raise_alert(supplier, days: int, title: str):
    candidate = AlertCandidate(
        supplier_id=supplier.pk, kind="relationship.drift", subject="suggestions", title=title,
        summary="Fewer suggestions than the baseline.",
    )  # fmt: skip
    sync_alerts(days_ago(days), [candidate], scope_kinds={"relationship.drift"})
    return supplier.alerts.get(subject="suggestions")


@pytest.fixture
def history(manager, buyer, supplier_a):
    """One of everything on supplier A, each on its own day."""
    alert = raise_alert(supplier_a, 7, "Alpha drifts")
    alert_services.acknowledge(buyer, alert, "Asked their engineers why")
    log(buyer, supplier_a, 3, "Quarterly review", tags=["early_warning"],
        notes="They told us about the plant move.")  # fmt: skip
    relationship.add_trust_entry(
        buyer, supplier_a, {"occurred_on": days_ago(5), "points": 5, "reason": "Shared costs"}
    )
    record_maturity_move(buyer, supplier_a, "cooperative", "Forecasts shared", days_ago(10))
    log(buyer, supplier_a, 60, "Old site visit")
    log(buyer, supplier_a, 400, "Very old workshop")
    supplier_services.change_status(manager, supplier_a, "reserve", "Volume moved to Beta")
    return supplier_a


def in_order(html: str, *texts: str) -> bool:
    positions = [html.index(t) for t in texts]
    return positions == sorted(positions)


@pytest.mark.django_db
def test_timeline_shows_every_kind_of_event_newest_first(login, viewer, history):
    html = entries_of(login(viewer).get(timeline_url(history.pk)))
    assert in_order(
        html,
        "Status moved to Reserve",  # now
        "Alert acknowledged: Alpha drifts",  # earlier today
        "Registered as Active",  # when the fixture created it
        "Meeting: Quarterly review",  # 3 days ago
        "Trust deposit of 5",  # 5 days ago
        "Alert: Alpha drifts",  # raised 7 days ago
        "Maturity moved from Transactional to Cooperative",  # 10 days ago
        "Meeting: Old site visit",  # 60 days ago
    )
    assert "Volume moved to Beta" in html and "Asked their engineers why" in html
    assert "They told us about the plant move." in html and "Shared costs" in html
    assert "Forecasts shared" in html and "started by us" in html
    assert "Very old workshop" not in html  # older than the default 12 months
    for kind in ("status", "interactions", "trust", "alerts", "maturity"):
        assert f"kind-{kind}" in html, kind


@pytest.mark.django_db
def test_timeline_filters_by_source(login, viewer, history):
    client = login(viewer)
    response = client.get(timeline_url(history.pk, "?kind=interactions"))
    html = entries_of(response)
    assert "Quarterly review" in html and "Old site visit" in html
    for other in ("kind-status", "kind-trust", "kind-alerts", "kind-maturity"):
        assert other not in html, other
    form = response.content.decode()
    assert 'value="interactions" checked' in form and 'value="trust" checked' not in form
    html = entries_of(client.get(timeline_url(history.pk, "?kind=trust&kind=maturity")))
    assert "kind-trust" in html and "kind-maturity" in html
    assert "kind-interactions" not in html and "kind-status" not in html
    # an unknown source is ignored: everything shows
    html = entries_of(client.get(timeline_url(history.pk, "?kind=secrets")))
    assert "kind-status" in html and "kind-interactions" in html


@pytest.mark.django_db
def test_timeline_filters_by_period(login, viewer, history):
    client = login(viewer)
    html = entries_of(client.get(timeline_url(history.pk, "?period=30")))
    assert "Quarterly review" in html and "Maturity moved" in html
    assert "Old site visit" not in html and "Very old workshop" not in html
    html = entries_of(client.get(timeline_url(history.pk, "?period=90")))
    assert "Old site visit" in html and "Very old workshop" not in html
    html = entries_of(client.get(timeline_url(history.pk, "?period=all")))
    assert "Very old workshop" in html
    # a bad period falls back to the default (12 months)
    html = entries_of(client.get(timeline_url(history.pk, "?period=forever")))
    assert "Old site visit" in html and "Very old workshop" not in html


@pytest.mark.django_db
def test_an_old_alert_handled_today_shows_only_its_handling_in_a_short_period(
    login, buyer, supplier_a
):
    alert = raise_alert(supplier_a, 60, "Alpha drifted long ago")
    alert_services.acknowledge(buyer, alert, "Finally looked at it")
    html = entries_of(login(buyer).get(timeline_url(supplier_a.pk, "?period=30&kind=alerts")))
    assert "Alert acknowledged: Alpha drifted long ago" in html
    assert "Alert: Alpha drifted long ago" not in html  # raised before the period
    html = entries_of(login(buyer).get(timeline_url(supplier_a.pk, "?period=90&kind=alerts")))
    assert "Alert: Alpha drifted long ago" in html


@pytest.mark.django_db
def test_archived_interactions_leave_the_timeline(login, buyer, supplier_a):
    gone = log(buyer, supplier_a, 2, "Cancelled visit")
    relationship.set_interaction_archived(buyer, gone, True)
    assert "Cancelled visit" not in entries_of(login(buyer).get(timeline_url(supplier_a.pk)))


@pytest.mark.django_db
def test_timeline_entries_link_to_their_records(login, manager, history):
    html = entries_of(login(manager).get(timeline_url(history.pk)))
    interaction = Interaction.objects.get(subject="Quarterly review")
    alert = history.alerts.get()
    assert f'href="/relationship/suppliers/{history.pk}/interactions/{interaction.pk}/edit"' in html
    assert f'href="/alerts/{alert.pk}/"' in html


@pytest.mark.django_db
def test_empty_timeline_says_so(login, viewer, supplier_b):
    html = entries_of(login(viewer).get(timeline_url(supplier_b.pk, "?kind=trust")))
    assert "Nothing happened in this period" in html


@pytest.mark.django_db
def test_portal_users_cannot_see_the_timeline(login, portal_user_a, history):
    assert login(portal_user_a).get(timeline_url(history.pk)).status_code == 403


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_login(client, supplier_a):
    response = client.get(timeline_url(supplier_a.pk))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


# --- bounded queries with a very long relationship ----------------------------------------


INTERACTIONS = 200_000


def bulk_interactions(supplier, actor, count: int) -> None:
    """`count` interactions over three years, half of them with a signal tag, in seconds:
    one interaction a day is bulk-created, then copied over in SQL until there are enough."""
    today = timezone.localdate()
    channels = ("call", "meeting", "email", "informal_checkin")
    Interaction.objects.bulk_create(
        Interaction(
            supplier_id=supplier.pk, occurred_on=today - dt.timedelta(days=1 + i),
            channel=channels[i % 4], initiated_by="ours" if i % 3 else "supplier",
            subject=f"Bulk {i}", created_by_id=actor.pk,
        )
        for i in range(1100)
    )  # fmt: skip
    qn = connection.ops.quote_name
    table = qn(Interaction._meta.db_table)
    columns = ", ".join(
        qn(f.column) for f in Interaction._meta.concrete_fields if not f.primary_key
    )
    with connection.cursor() as cursor:
        total = 1100
        while total < count:
            batch = min(total, count - total)
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {table} "  # noqa: S608
                "WHERE supplier_id = %s ORDER BY id LIMIT %s",
                [supplier.pk, batch],
            )
            total += batch
        cursor.execute(
            f"INSERT INTO {qn(InteractionSignal._meta.db_table)} "  # noqa: S608
            "(interaction_id, supplier_id, tag, side, occurred_on, archived) "
            "SELECT id, supplier_id, CASE WHEN id %% 4 = 0 THEN %s ELSE %s END, %s, "
            f"occurred_on, %s FROM {table} WHERE supplier_id = %s AND id %% 2 = 0",
            ["unsolicited_suggestion", "minor_dispute", "supplier", False, supplier.pk],
        )


@pytest.mark.django_db
def test_timeline_and_relationship_tab_stay_bounded_with_200000_interactions(
    login, manager, buyer, supplier_a, django_assert_max_num_queries
):
    bulk_interactions(supplier_a, buyer, INTERACTIONS)
    log(buyer, supplier_a, 0, "Today's call", tags=["early_warning"])
    relationship.add_trust_entry(buyer, supplier_a, {"points": 3, "reason": "Helped out"})
    relationship.recompute(supplier_ids=[supplier_a.pk])
    assert Interaction.objects.filter(supplier=supplier_a).count() == INTERACTIONS + 1
    client = login(manager)
    # The supplier's voice adds two (portal messages, visible concerns).
    with django_assert_max_num_queries(28):
        response = client.get(timeline_url(supplier_a.pk))
    html = entries_of(response)
    assert html.count('class="timeline-entry') == 200
    assert in_order(html, "Today&#x27;s call", "Trust deposit of 3", "Meeting: Bulk 1<")
    assert "Showing the 200 most recent entries" in response.content.decode()
    with django_assert_max_num_queries(22):
        response = client.get(f"/relationship/suppliers/{supplier_a.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="health-breakdown"' in page and f"Page 1 of {(INTERACTIONS + 25) // 25}" in page
