"""The alerts inbox as people meet it: evidence, filters, acknowledging and dismissing with a
note, no repeats for the same evidence, and the daily e-mail digest."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from partnerbook.alerts import services
from partnerbook.alerts.models import Alert, AlertPreference
from partnerbook.alerts.services import AlertCandidate, sync_alerts
from tests.factories import bulk_suppliers

DRIFT = "relationship.drift"
KINDS = {DRIFT, "relationship.tone", "relationship.trust"}


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def candidate(supplier, subject: str = "suggestions", kind: str = DRIFT, **kw) -> AlertCandidate:
    pk = getattr(supplier, "pk", supplier)
    values = {
        "title": f"{getattr(supplier, 'name', pk)}: fewer unsolicited suggestions",
        "summary": "About 5.1 were expected in the last 90 days; there were 0.",
        "confidence": 0.99,
        "evidence": {"finding": {"signal": subject, "label": "Fewer unsolicited suggestions",
                                 "baseline": "21 in 365 days (1.8 a month)",
                                 "recent": "0 in 90 days (0.0 a month)",
                                 "confidence": 0.99, "explanation": "Exact Poisson rate test."},
                     "as_of": timezone.localdate().isoformat()},
    }  # fmt: skip
    values.update(kw)
    return AlertCandidate(supplier_id=pk, kind=kind, subject=subject, **values)


def raise_alert(supplier, days: int = 0, **kw) -> Alert:
    c = candidate(supplier, **kw)
    assert sync_alerts(days_ago(days), [c], scope_kinds=KINDS) == 1
    return Alert.objects.get(supplier_id=c.supplier_id, kind=c.kind, subject=c.subject)


def html_of(response, status: int = 200) -> str:
    assert response.status_code == status, response.status_code
    return response.content.decode()


def handle_url(alert: Alert) -> str:
    return f"/alerts/{alert.pk}/handle"


# --- the inbox ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_inbox_lists_open_alerts_newest_first_with_their_evidence(
    login, viewer, manager, supplier_a, supplier_b
):
    older = raise_alert(supplier_a, days=5, title="Alpha drifts")
    newer = raise_alert(supplier_b, days=1, title="Beta drifts")
    handled = raise_alert(supplier_a, days=0, subject="tone", kind="relationship.tone",
                          title="Alpha tone dropped")  # fmt: skip
    services.acknowledge(manager, handled, "Talking to them on Monday")
    html = html_of(login(viewer).get("/alerts/"))
    assert html.index("Beta drifts") < html.index("Alpha drifts")
    assert "Alpha tone dropped" not in html  # handled: not in the open list
    assert "2 alerts" in html
    item = html[html.index(f'id="alert-{older.pk}"') :]
    assert "21 in 365 days (1.8 a month)" in item and "0 in 90 days (0.0 a month)" in item
    assert "confidence 99 %" in item and f"raised {days_ago(5).isoformat()}" in item
    assert f'href="/alerts/{newer.pk}/"' in html


@pytest.mark.django_db
def test_inbox_filters_by_status_kind_supplier_and_mine(
    login, buyer, manager, supplier_a, supplier_b
):
    raise_alert(supplier_a, title="Alpha drifts")
    raise_alert(supplier_b, title="Beta drifts")
    trust = raise_alert(supplier_b, subject="trust", kind="relationship.trust",
                        title="Beta trust falling")  # fmt: skip
    services.dismiss(manager, trust, "Known: a one-off penalty")
    client = login(buyer)

    def titles(query: str) -> set[str]:
        html = html_of(client.get(f"/alerts/{query}"))
        return {t for t in ("Alpha drifts", "Beta drifts", "Beta trust falling") if t in html}

    assert titles("") == {"Alpha drifts", "Beta drifts"}
    assert titles("?status=handled") == {"Beta trust falling"}
    assert titles("?status=all") == {"Alpha drifts", "Beta drifts", "Beta trust falling"}
    assert titles("?status=all&kind=relationship.trust") == {"Beta trust falling"}
    assert titles("?kind=relationship.tone") == set()
    assert titles("?mine=1") == {"Alpha drifts"}  # the buyer owns supplier A only
    assert titles(f"?supplier={supplier_b.pk}&status=all") == {"Beta drifts", "Beta trust falling"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    ["status=evil", "kind=nonsense", "supplier=abc", "supplier=99999999999999999999",
     "supplier=-1", "mine=yes", "page=abc", "page=999", "q=a%00b"],
)  # fmt: skip
def test_bad_inbox_filters_fall_back_without_error(login, viewer, supplier_a, query):
    raise_alert(supplier_a, title="Alpha drifts")
    assert "Alpha drifts" in html_of(login(viewer).get(f"/alerts/?{query}"))


@pytest.mark.django_db
def test_supplier_page_links_to_its_alerts(login, viewer, supplier_a):
    html = html_of(login(viewer).get(f"/relationship/suppliers/{supplier_a.pk}/"))
    assert f"/alerts/?supplier={supplier_a.pk}&amp;status=all" in html


# --- handling -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_owner_acknowledges_with_a_note_kept_in_history_and_on_the_timeline(
    login, buyer, supplier_a
):
    alert = raise_alert(supplier_a, days=2, title="Alpha drifts")
    client = login(buyer)
    response = client.post(
        handle_url(alert), {"action": "acknowledge", "note": "Booked a review with their CEO"}
    )
    assert response.status_code == 302 and response["Location"] == f"/alerts/{alert.pk}/"
    alert.refresh_from_db()
    assert alert.status == "acknowledged" and alert.note == "Booked a review with their CEO"
    assert alert.handled_by == buyer and alert.handled_at is not None
    html = html_of(client.get(f"/alerts/{alert.pk}/"))
    history = html[html.index('id="alert-history"') :]
    assert "Acknowledged: Booked a review with their CEO" in history
    assert buyer.display_name in history
    assert "Alpha drifts" not in html_of(client.get("/alerts/"))  # left the open list
    assert "Alpha drifts" in html_of(client.get("/alerts/?status=handled"))
    timeline = html_of(client.get(f"/suppliers/{supplier_a.pk}/timeline/"))
    assert "Alert acknowledged: Alpha drifts" in timeline
    assert "Booked a review with their CEO" in timeline


@pytest.mark.django_db
def test_handling_from_the_inbox_returns_to_the_same_inbox_view(login, buyer, supplier_a):
    alert = raise_alert(supplier_a)
    client = login(buyer)
    assert 'name="next" value="/alerts/?mine=1"' in html_of(client.get("/alerts/?mine=1"))
    response = client.post(handle_url(alert), {"action": "acknowledge", "next": "/alerts/?mine=1"})
    assert response["Location"] == "/alerts/?mine=1"
    for target in ("https://evil.example/", "//evil.example/alerts/", "/alerts//evil"):
        response = client.post(handle_url(alert), {"action": "reopen", "next": target})
        assert response["Location"] == f"/alerts/{alert.pk}/", target


@pytest.mark.django_db
def test_dismissing_needs_a_note_and_changes_nothing_without_one(login, buyer, supplier_a):
    alert = raise_alert(supplier_a, title="Alpha drifts")
    client = login(buyer)
    response = client.post(handle_url(alert), {"action": "dismiss", "note": "   "}, follow=True)
    assert "Say why the alert does not need action." in html_of(response)
    alert.refresh_from_db()
    assert alert.status == "open" and alert.handled_by is None and alert.note == ""
    assert alert.history.count() == 1
    client.post(handle_url(alert), {"action": "dismiss", "note": "Seasonal: plant closed"})
    alert.refresh_from_db()
    assert alert.status == "dismissed" and alert.note == "Seasonal: plant closed"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "delete"}, "Choose acknowledge, dismiss or reopen."),
        ({}, "Choose acknowledge, dismiss or reopen."),
        ({"action": "acknowledge", "note": "x" * 2001}, "Keep the note under 2000 characters."),
        ({"action": "acknowledge", "note": "bad\x00note"}, "NUL character"),
    ],
)
def test_bad_handling_input_is_reported_and_changes_nothing(
    login, buyer, supplier_a, data, message
):
    alert = raise_alert(supplier_a)
    response = login(buyer).post(handle_url(alert), data, follow=True)
    assert message in html_of(response)
    alert.refresh_from_db()
    assert alert.status == "open" and alert.note == "" and alert.history.count() == 1


@pytest.mark.django_db
def test_acknowledged_alert_can_be_reopened(login, manager, supplier_a):
    alert = raise_alert(supplier_a)
    services.acknowledge(manager, alert, "on it")
    assert login(manager).post(handle_url(alert), {"action": "reopen"}).status_code == 302
    alert.refresh_from_db()
    assert alert.status == "open" and alert.handled_by is None


@pytest.mark.django_db
def test_another_buyer_cannot_handle_an_alert_about_a_supplier_they_do_not_own(
    login, other_buyer, supplier_a, supplier_b
):
    alert = raise_alert(supplier_a, title="Alpha drifts")
    own = raise_alert(supplier_b, title="Beta drifts")
    client = login(other_buyer)
    html = html_of(client.get("/alerts/"))
    assert f'action="/alerts/{alert.pk}/handle"' not in html
    assert f'action="/alerts/{own.pk}/handle"' in html
    for action in ("acknowledge", "dismiss", "reopen"):
        response = client.post(handle_url(alert), {"action": action, "note": "not mine"})
        assert response.status_code == 403
    alert.refresh_from_db()
    assert alert.status == "open" and alert.history.count() == 1


@pytest.mark.django_db
def test_viewer_reads_alerts_but_cannot_handle_them(login, viewer, supplier_a):
    alert = raise_alert(supplier_a, title="Alpha drifts")
    client = login(viewer)
    assert "Alpha drifts" in html_of(client.get("/alerts/"))
    detail = html_of(client.get(f"/alerts/{alert.pk}/"))
    assert "Alpha drifts" in detail and "Exact Poisson rate test." in detail
    assert 'action="/alerts/' not in detail
    response = client.post(handle_url(alert), {"action": "acknowledge", "note": "x"})
    assert response.status_code == 403
    alert.refresh_from_db()
    assert alert.status == "open"


@pytest.mark.django_db
def test_portal_users_are_refused_the_inbox(login, portal_user_a, supplier_a):
    alert = raise_alert(supplier_a)
    client = login(portal_user_a)
    assert client.get("/alerts/").status_code == 403
    assert client.get(f"/alerts/{alert.pk}/").status_code == 403
    assert client.post(handle_url(alert), {"action": "acknowledge"}).status_code == 403
    assert client.post("/alerts/digest", {"daily_digest": "1"}).status_code == 403
    alert.refresh_from_db()
    assert alert.status == "open" and not AlertPreference.objects.exists()


@pytest.mark.django_db
def test_unknown_alert_is_not_found_and_handle_only_accepts_post(login, manager, supplier_a):
    alert = raise_alert(supplier_a)
    client = login(manager)
    assert client.get("/alerts/999999/").status_code == 404
    assert client.post("/alerts/999999/handle", {"action": "acknowledge"}).status_code == 404
    assert client.get(handle_url(alert)).status_code == 405


# --- no repeats ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_same_evidence_does_not_raise_a_second_alert(manager, supplier_a):
    c = candidate(supplier_a)
    assert sync_alerts(days_ago(3), [c], scope_kinds=KINDS) == 1
    assert sync_alerts(days_ago(3), [c], scope_kinds=KINDS) == 0  # same day again
    assert sync_alerts(days_ago(2), [c], scope_kinds=KINDS) == 0  # the next day
    alert = Alert.objects.get()
    assert alert.raised_on == days_ago(3) and alert.last_seen_on == days_ago(2)
    services.acknowledge(manager, alert, "Handled with their account manager")
    changed = candidate(supplier_a, summary="Now even fewer.")
    assert sync_alerts(days_ago(1), [changed], scope_kinds=KINDS) == 0  # also once handled
    alert.refresh_from_db()
    assert Alert.objects.count() == 1
    assert alert.status == "acknowledged" and alert.note == "Handled with their account manager"
    assert alert.summary != "Now even fewer." and alert.last_seen_on == days_ago(1)


@pytest.mark.django_db
def test_a_different_signal_or_supplier_is_a_new_alert(supplier_a, supplier_b):
    assert sync_alerts(days_ago(1), [candidate(supplier_a)], scope_kinds=KINDS) == 1
    more = [candidate(supplier_a, subject="response_time"), candidate(supplier_b)]
    assert sync_alerts(days_ago(0), more, scope_kinds=KINDS) == 2
    assert Alert.objects.count() == 3


@pytest.mark.django_db
def test_a_condition_back_after_a_long_quiet_spell_is_a_new_alert(supplier_a):
    c = candidate(supplier_a)
    sync_alerts(days_ago(60), [c], scope_kinds=KINDS)
    assert sync_alerts(days_ago(0), [c], scope_kinds=KINDS) == 1
    assert Alert.objects.count() == 2


def test_an_unregistered_kind_is_a_programming_error():
    with pytest.raises(ValueError, match="unregistered alert kind"):
        sync_alerts(days_ago(0), [candidate(1, kind="made.up")], scope_kinds={"made.up"})


# --- daily digest -------------------------------------------------------------------------


@pytest.mark.django_db
def test_digest_toggle_turns_the_daily_e_mail_on_and_off(login, buyer):
    client = login(buyer)
    assert "Send me a daily e-mail digest" in html_of(client.get("/alerts/"))
    response = client.post("/alerts/digest", {"daily_digest": "1"})
    assert response.status_code == 302 and response["Location"] == "/alerts/"
    pref = AlertPreference.objects.get(user=buyer)
    assert pref.daily_digest and pref.last_digest_at is not None
    html = html_of(client.get("/alerts/"))
    assert "Stop the daily e-mail digest" in html and "Daily e-mail digest on." in html
    client.post("/alerts/digest", {"daily_digest": "0"})
    assert not AlertPreference.objects.get(user=buyer).daily_digest
    assert client.get("/alerts/digest").status_code == 405


@pytest.mark.django_db
def test_digest_without_an_e_mail_address_warns(login, viewer):
    viewer.email = ""
    viewer.save()
    response = login(viewer).post("/alerts/digest", {"daily_digest": "1"}, follow=True)
    assert "no e-mail address yet" in html_of(response)


@pytest.mark.django_db
def test_digest_e_mails_new_alerts_to_subscribers_once(login, buyer, viewer, supplier_a):
    login(buyer).post("/alerts/digest", {"daily_digest": "1"})
    raise_alert(supplier_a, title="Alpha drifts")
    assert services.send_digests() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [buyer.email] and "1 new alert" in message.subject
    assert "Alpha Packaging: Alpha drifts" in message.body
    assert services.send_digests() == 0  # nothing new: not sent twice
    assert len(mail.outbox) == 1
    raise_alert(supplier_a, subject="tone", kind="relationship.tone", title="Alpha tone")
    assert services.send_digests() == 1
    assert "Alpha tone" in mail.outbox[1].body and "Alpha drifts" not in mail.outbox[1].body


@pytest.mark.django_db
def test_no_digest_without_subscribers_or_without_news(login, buyer, supplier_a):
    raise_alert(supplier_a)
    assert services.send_digests() == 0  # nobody subscribed
    login(buyer).post("/alerts/digest", {"daily_digest": "1"})
    assert services.send_digests() == 0  # subscribed after the alert: nothing new
    assert mail.outbox == []


# --- bounded queries ----------------------------------------------------------------------


@pytest.mark.django_db
def test_inbox_runs_bounded_queries_with_200_alerts_across_50_suppliers(
    login, buyer, manager, django_assert_max_num_queries
):
    suppliers = bulk_suppliers(50, owner=buyer)
    subjects = ("suggestions", "response_time", "minor_disputes", "informal_contacts")
    for day, subject in enumerate(subjects):
        sync_alerts(days_ago(day), [candidate(s, subject) for s in suppliers], scope_kinds=KINDS)
    assert Alert.objects.count() == 200
    for alert in Alert.objects.order_by("pk")[:60]:
        services.acknowledge(manager, alert, f"note {alert.pk}")
    client = login(buyer)
    for query in ("", "?status=all", "?status=handled&page=2", "?mine=1", f"?kind={DRIFT}"):
        with django_assert_max_num_queries(8):
            html = html_of(client.get(f"/alerts/{query}"))
        assert html.count('class="alert-item') == 25
