"""The Relationship tab, interaction editing, the trust ledger, recomputing health, the
portfolio health list and the signal settings, as people meet them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from partnerbook.relationship import services
from partnerbook.relationship.forms import RelationshipSettingsForm
from partnerbook.relationship.models import (
    HealthSnapshot,
    Interaction,
    InteractionSignal,
    RelationshipSettings,
    TrustEntry,
)
from partnerbook.suppliers import services as supplier_services
from tests.factories import bulk_suppliers


def tab(pk: int) -> str:
    return f"/relationship/suppliers/{pk}/"


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def log_post(**changes: object) -> dict[str, object]:
    """What the quick-log form sends, with input that is accepted from someone allowed."""
    data: dict[str, object] = {
        "occurred_on": timezone.localdate().isoformat(),
        "channel": "call",
        "initiated_by": "supplier",
        "subject": "Weekly call",
        "tags": ["early_warning"],
        "notes": "They warned us early about a resin shortage.",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def log(actor, supplier, days: int = 0, **data: object) -> Interaction:
    """Record an interaction through the service (as the pages and imports do)."""
    values: dict[str, object] = {
        "occurred_on": days_ago(days),
        "channel": "call",
        "initiated_by": "ours",
        "tags": [],
        "notes": "",
    }
    values.update(data)
    return services.record_interaction(actor, supplier, values)


def html_of(response, status: int = 200) -> str:
    assert response.status_code == status, response.status_code
    return response.content.decode()


def balance_in(html: str) -> str:
    match = re.search(r'id="trust-balance">([^<]*)<', html)
    assert match, "no trust balance on the page"
    return match.group(1)


def nothing_logged() -> bool:
    return not (Interaction.objects.exists() or InteractionSignal.objects.exists())


def supplier(manager, buyer, name: str, status: str = "active"):
    return supplier_services.create_supplier(
        manager, {"name": name, "status": status, "relationship_owner": buyer, "currency": "EUR"}
    )


# --- the tab and its permissions ----------------------------------------------------------


@pytest.mark.django_db
def test_tab_renders_for_viewer_buyer_and_manager(login, viewer, buyer, manager, supplier_a):
    log(buyer, supplier_a, 3, tags=["unsolicited_suggestion"], subject="Packaging idea")
    for user in (viewer, buyer, manager):
        html = html_of(login(user).get(tab(supplier_a.pk)))
        assert "Relationship health" in html and "Packaging idea" in html
        assert 'id="health-none"' in html  # not recomputed yet
        assert balance_in(html) == "+3"
    assert 'id="quick-log"' not in html_of(login(viewer).get(tab(supplier_a.pk)))
    assert 'id="quick-log"' in html_of(login(buyer).get(tab(supplier_a.pk)))


@pytest.mark.django_db
def test_supplier_page_links_to_the_relationship_tab(login, viewer, supplier_a):
    html = html_of(login(viewer).get(f"/suppliers/{supplier_a.pk}/"))
    assert f'href="{tab(supplier_a.pk)}"' in html


@pytest.mark.django_db
def test_owning_buyer_logs_an_interaction_with_tags_and_the_balance_moves(login, buyer, supplier_a):
    client = login(buyer)
    response = client.post(
        tab(supplier_a.pk) + "interactions/new",
        log_post(tags=["early_warning", "information_shared"]),
    )
    assert response.status_code == 302
    assert response["Location"] == tab(supplier_a.pk) + "#log"
    interaction = Interaction.objects.get(supplier=supplier_a)
    assert interaction.created_by == buyer and interaction.subject == "Weekly call"
    assert sorted(s.tag for s in interaction.signals.all()) == [
        "early_warning",
        "information_shared",
    ]
    html = html_of(client.get(tab(supplier_a.pk)))
    assert balance_in(html) == "+6"  # early warning +4, information shared +2
    assert "Early warning shared" in html and "Interaction logged." in html
    # logging refreshes today's health
    assert HealthSnapshot.objects.filter(supplier=supplier_a, as_of=timezone.localdate()).exists()


@pytest.mark.django_db
def test_quick_log_over_htmx_returns_the_partial_with_the_new_balance(login, buyer, supplier_a):
    response = login(buyer).post(
        tab(supplier_a.pk) + "interactions/new", log_post(), HTTP_HX_REQUEST="true"
    )
    html = html_of(response)
    assert "<html" not in html and 'id="quick-log"' in html
    assert balance_in(html) == "+4"
    assert "Interaction logged." in html
    assert Interaction.objects.filter(supplier=supplier_a).count() == 1


@pytest.mark.django_db
def test_another_buyer_cannot_log_for_a_supplier_they_do_not_own(login, other_buyer, supplier_a):
    client = login(other_buyer)
    assert 'id="quick-log"' not in html_of(client.get(tab(supplier_a.pk)))
    assert client.post(tab(supplier_a.pk) + "interactions/new", log_post()).status_code == 403
    response = client.post(
        tab(supplier_a.pk) + "interactions/new", log_post(), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 403
    assert nothing_logged()


@pytest.mark.django_db
def test_viewer_cannot_write_anything_on_the_tab(login, viewer, buyer, supplier_a):
    interaction = log(buyer, supplier_a, 2, tags=["early_warning"])
    client = login(viewer)
    base = tab(supplier_a.pk)
    edit = f"{base}interactions/{interaction.pk}/edit"
    assert client.post(base + "interactions/new", log_post()).status_code == 403
    assert client.post(edit, log_post(notes="viewer edit")).status_code == 403
    assert client.post(edit, {"archived": "1"}).status_code == 403
    assert client.post(base + "trust/new", {"points": "5", "reason": "x"}).status_code == 403
    assert client.post(base + "recompute").status_code == 403
    assert Interaction.objects.count() == 1 and not TrustEntry.objects.exists()
    interaction.refresh_from_db()
    assert interaction.notes == "" and not interaction.archived
    assert not HealthSnapshot.objects.exists()


@pytest.mark.django_db
def test_portal_users_are_refused_the_tab_and_every_write(login, portal_user_a, buyer, supplier_a):
    interaction = log(buyer, supplier_a, 2)
    client = login(portal_user_a)
    base = tab(supplier_a.pk)
    assert client.get(base).status_code == 403
    assert client.post(base + "interactions/new", log_post()).status_code == 403
    edit = f"{base}interactions/{interaction.pk}/edit"
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"archived": "1"}).status_code == 403
    assert client.post(base + "trust/new", {"points": "5", "reason": "x"}).status_code == 403
    for url in ("/relationship/health/", "/relationship/settings/"):
        assert client.get(url).status_code == 403
    assert Interaction.objects.count() == 1 and not TrustEntry.objects.exists()


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_login(client, supplier_a):
    response = client.get(tab(supplier_a.pk))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.django_db
def test_unknown_supplier_is_not_found(login, manager):
    client = login(manager)
    assert client.get(tab(999999)).status_code == 404
    assert client.post(tab(999999) + "interactions/new", log_post()).status_code == 404


@pytest.mark.django_db
def test_get_on_the_log_url_goes_back_to_the_form(login, buyer, supplier_a):
    response = login(buyer).get(tab(supplier_a.pk) + "interactions/new")
    assert response.status_code == 302 and response["Location"].endswith("#log")


# --- bad input on the quick log -----------------------------------------------------------


def _future() -> str:
    return (timezone.localdate() + dt.timedelta(days=1)).isoformat()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"occurred_on": "future"}, "occurred_on"),
        ({"occurred_on": "not a date"}, "occurred_on"),
        ({"channel": "carrier pigeon"}, "channel"),
        ({"tags": ["early_warning", "bribe"]}, "tags"),  # forged: not a choice on the form
        (
            {"request_side": "ours", "asked_at": "2025-03-02T10:00",
             "answered_at": "2025-03-01T10:00"},
            "answered_at",
        ),
        ({"asked_at": "2025-03-02T10:00"}, "request_side"),  # asked, but by whom?
        ({"answered_at": "2025-03-02T10:00"}, "asked_at"),  # answered, never asked
        ({"tags": ["request"]}, "request_side"),  # a request tag needs its side
    ],
)  # fmt: skip
def test_bad_interaction_input_is_a_field_error_and_writes_nothing(
    login, buyer, supplier_a, changes, field
):
    if changes.get("occurred_on") == "future":
        changes = {**changes, "occurred_on": _future()}
    response = login(buyer).post(tab(supplier_a.pk) + "interactions/new", log_post(**changes))
    html = html_of(response, 400)
    assert f'id="error-{field}"' in html, field
    assert nothing_logged()
    assert not HealthSnapshot.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["initiated_by", "contacts", "participants"])
def test_forged_people_or_side_are_field_errors_and_write_nothing(
    login, buyer, portal_user_b, supplier_a, supplier_b, field
):
    theirs = supplier_b.contacts.create(side="supplier", name="Not Their Contact")
    forged = {
        "initiated_by": {"initiated_by": "nobody"},
        "contacts": {"contacts": [str(theirs.pk)]},  # another supplier's contact
        "participants": {"participants": [str(portal_user_b.pk)]},  # not a colleague
    }[field]
    url = tab(supplier_a.pk) + "interactions/new"
    html = html_of(login(buyer).post(url, log_post(**forged)), 400)
    assert f'id="error-{field}"' in html
    assert nothing_logged()


@pytest.mark.django_db
def test_notes_with_a_nul_character_are_refused(login, buyer, supplier_a):
    response = login(buyer).post(
        tab(supplier_a.pk) + "interactions/new", log_post(notes="bad\x00note")
    )
    html = html_of(response, 400)
    assert 'id="error-notes"' in html
    assert nothing_logged()


@pytest.mark.django_db
def test_bad_input_over_htmx_returns_the_partial_with_the_errors(login, buyer, supplier_a):
    response = login(buyer).post(
        tab(supplier_a.pk) + "interactions/new",
        log_post(occurred_on=_future()),
        HTTP_HX_REQUEST="true",
    )
    html = html_of(response)
    assert "<html" not in html and 'id="error-occurred_on"' in html
    assert nothing_logged()


@pytest.mark.django_db
def test_a_request_with_its_answer_shows_in_the_response_times(login, buyer, supplier_a):
    asked = timezone.localtime() - dt.timedelta(hours=30)
    answered = asked + dt.timedelta(hours=6)
    response = login(buyer).post(
        tab(supplier_a.pk) + "interactions/new",
        log_post(
            tags=[], request_side="ours", request_kind="data",
            asked_at=asked.strftime("%Y-%m-%dT%H:%M"),
            answered_at=answered.strftime("%Y-%m-%dT%H:%M"),
        ),
    )  # fmt: skip
    assert response.status_code == 302
    interaction = Interaction.objects.get()
    assert interaction.response_hours == pytest.approx(6)
    assert [s.tag for s in interaction.signals.all()] == ["request"]
    html = html_of(login(buyer).get(tab(supplier_a.pk)))
    assert ">6 h<" in html


# --- editing and archiving ----------------------------------------------------------------


@pytest.mark.django_db
def test_editing_changes_tags_and_notes(login, buyer, supplier_a):
    interaction = log(buyer, supplier_a, 5, tags=["early_warning"], notes="first notes")
    client = login(buyer)
    url = f"{tab(supplier_a.pk)}interactions/{interaction.pk}/edit"
    html = html_of(client.get(url))
    assert "first notes" in html and 'value="early_warning"' in html
    response = client.post(
        url,
        log_post(occurred_on=days_ago(5).isoformat(), tags=["blame", "minor_dispute"],
                 notes="second notes"),
    )  # fmt: skip
    assert response.status_code == 302 and response["Location"] == tab(supplier_a.pk)
    interaction.refresh_from_db()
    assert interaction.notes == "second notes"
    assert sorted(s.tag for s in interaction.signals.all()) == ["blame", "minor_dispute"]
    assert balance_in(html_of(client.get(tab(supplier_a.pk)))) == "-5"


@pytest.mark.django_db
def test_bad_edit_is_a_field_error_and_changes_nothing(login, buyer, supplier_a):
    interaction = log(buyer, supplier_a, 5, tags=["early_warning"], notes="kept")
    url = f"{tab(supplier_a.pk)}interactions/{interaction.pk}/edit"
    html = html_of(login(buyer).post(url, log_post(occurred_on=_future(), notes="lost")), 400)
    assert 'id="error-occurred_on"' in html
    interaction.refresh_from_db()
    assert interaction.notes == "kept" and interaction.occurred_on == days_ago(5)
    assert [s.tag for s in interaction.signals.all()] == ["early_warning"]


@pytest.mark.django_db
def test_edit_with_a_forged_participant_is_a_field_error(login, buyer, portal_user_a, supplier_a):
    interaction = log(buyer, supplier_a, 5, notes="kept")
    url = f"{tab(supplier_a.pk)}interactions/{interaction.pk}/edit"
    forged = log_post(notes="lost", participants=[str(portal_user_a.pk)], initiated_by="x")
    html = html_of(login(buyer).post(url, forged), 400)
    assert 'id="error-participants"' in html and 'id="error-initiated_by"' in html
    interaction.refresh_from_db()
    assert interaction.notes == "kept" and not interaction.participants.exists()


@pytest.mark.django_db
def test_archiving_removes_an_interaction_from_the_ledger_and_counts(login, buyer, supplier_a):
    keep = log(buyer, supplier_a, 4, tags=["unsolicited_suggestion"], subject="Kept one")
    gone = log(buyer, supplier_a, 3, tags=["early_warning"], subject="Archived one")
    client = login(buyer)
    assert balance_in(html_of(client.get(tab(supplier_a.pk)))) == "+7"
    url = f"{tab(supplier_a.pk)}interactions/{gone.pk}/edit"
    assert client.post(url, {"archived": "1"}).status_code == 302
    gone.refresh_from_db()
    assert gone.archived and not gone.signals.filter(archived=False).exists()
    html = html_of(client.get(tab(supplier_a.pk)))
    assert balance_in(html) == "+3"
    snapshot = services.health_of(supplier_a)
    assert snapshot is not None and snapshot.metrics["recent_interactions"] == 1
    timeline = html_of(client.get(f"/suppliers/{supplier_a.pk}/timeline/"))
    assert "Kept one" in timeline and "Archived one" not in timeline
    # and it can be restored
    client.post(url, {"archived": "0"})
    assert balance_in(html_of(client.get(tab(supplier_a.pk)))) == "+7"
    assert keep.signals.get().archived is False


@pytest.mark.django_db
def test_edit_page_permissions(login, buyer, other_buyer, viewer, manager, supplier_a, supplier_b):
    interaction = log(buyer, supplier_a, 2, notes="original")
    url = f"{tab(supplier_a.pk)}interactions/{interaction.pk}/edit"
    # readers see it without a form
    html = html_of(login(viewer).get(url))
    assert "original" in html and '<form method="post" novalidate>' not in html
    # another buyer may read but not write
    client = login(other_buyer)
    assert client.get(url).status_code == 200
    assert client.post(url, log_post(notes="hijacked")).status_code == 403
    # a manager may edit any supplier's interaction
    assert login(manager).post(url, log_post(notes="by the manager")).status_code == 302
    interaction.refresh_from_db()
    assert interaction.notes == "by the manager"
    # the interaction belongs to supplier A: not reachable under supplier B
    wrong = f"{tab(supplier_b.pk)}interactions/{interaction.pk}/edit"
    assert login(manager).get(wrong).status_code == 404


# --- manual trust entries -----------------------------------------------------------------


@pytest.mark.django_db
def test_manual_trust_entry_adds_to_the_balance(login, buyer, supplier_a):
    client = login(buyer)
    response = client.post(
        tab(supplier_a.pk) + "trust/new",
        {"occurred_on": days_ago(1).isoformat(), "points": "-7", "reason": "Hid a delay"},
    )
    assert response.status_code == 302 and response["Location"].endswith("#trust")
    html = html_of(client.get(tab(supplier_a.pk)))
    assert balance_in(html) == "-7" and "Hid a delay" in html
    entry = TrustEntry.objects.get()
    assert entry.created_by == buyer and entry.points == -7


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"points": "0", "reason": "Nothing"}, "points"),
        ({"points": "51", "reason": "Too much"}, "points"),
        ({"points": "-51", "reason": "Too little"}, "points"),
        ({"points": "five", "reason": "Not a number"}, "points"),
        ({"points": "5", "reason": ""}, "reason"),
        ({"points": "5", "reason": "   "}, "reason"),
        ({"points": "5", "reason": "x", "occurred_on": "future"}, "occurred_on"),
    ],
)
def test_bad_trust_entry_is_a_field_error_and_writes_nothing(login, buyer, supplier_a, data, field):
    data = {"occurred_on": days_ago(1).isoformat(), **data}
    if data["occurred_on"] == "future":
        data["occurred_on"] = _future()
    html = html_of(login(buyer).post(tab(supplier_a.pk) + "trust/new", data), 400)
    assert f'id="error-trust-{field}"' in html
    assert not TrustEntry.objects.exists()


@pytest.mark.django_db
def test_trust_entry_permissions(login, other_buyer, viewer, manager, supplier_a):
    data = {"occurred_on": days_ago(1).isoformat(), "points": "5", "reason": "Helped"}
    assert login(other_buyer).post(tab(supplier_a.pk) + "trust/new", data).status_code == 403
    assert login(viewer).post(tab(supplier_a.pk) + "trust/new", data).status_code == 403
    assert login(manager).get(tab(supplier_a.pk) + "trust/new").status_code == 405
    assert not TrustEntry.objects.exists()
    assert login(manager).post(tab(supplier_a.pk) + "trust/new", data).status_code == 302


# --- recompute, score, breakdown and findings ---------------------------------------------


def build_drift(actor, supplier) -> None:
    """Unsolicited suggestions every five days for a year (100-450 days ago, so evenly that
    no season was quiet), then none in the last 90 days."""
    for days in range(100, 451, 5):
        log(actor, supplier, days, tags=["unsolicited_suggestion"], initiated_by="supplier")
    log(actor, supplier, 20, notes="Routine call about the forecast.")


@pytest.mark.django_db
def test_manager_recomputes_one_supplier_and_sees_score_breakdown_and_finding(
    login, manager, buyer, supplier_a
):
    build_drift(buyer, supplier_a)
    client = login(manager)
    html = html_of(client.get(tab(supplier_a.pk)))
    assert 'id="health-none"' in html and "Recompute health" in html
    response = client.post(tab(supplier_a.pk) + "recompute")
    assert response.status_code == 302 and response["Location"] == tab(supplier_a.pk)
    snapshot = HealthSnapshot.objects.get(supplier=supplier_a)
    assert snapshot.score is not None
    html = html_of(client.get(tab(supplier_a.pk)))
    assert f'id="health-score">{snapshot.score}<' in html
    table = html[html.index('id="health-breakdown"') :]
    table = table[: table.index("</table>")]
    assert "Collaboration signals against baseline" in table and "Trust ledger" in table
    assert 'data-signal="suggestions"' in html and "Fewer unsolicited suggestions" in html
    assert [f["signal"] for f in snapshot.findings] == ["suggestions"]
    overview = html_of(client.get(f"/suppliers/{supplier_a.pk}/"))
    card = overview[overview.index('id="health-card"') :]
    assert f">{snapshot.score}</span>" in card and "Fewer unsolicited suggestions" in card


@pytest.mark.django_db
def test_recompute_all_raises_a_drift_alert_once(login, manager, buyer, supplier_a, supplier_b):
    from partnerbook.alerts.models import Alert

    build_drift(buyer, supplier_a)
    client = login(manager)
    assert client.get("/relationship/health/recompute").status_code == 302  # GET does nothing
    assert not HealthSnapshot.objects.exists()
    response = client.post("/relationship/health/recompute", follow=True)
    html = html_of(response)
    assert "Recomputed 2 suppliers" in html and "1 new alerts" in html
    client.post("/relationship/health/recompute")
    alert = Alert.objects.get()
    assert alert.supplier == supplier_a and alert.kind == "relationship.drift"
    assert alert.subject == "suggestions"


@pytest.mark.django_db
def test_only_managers_and_administrators_recompute(login, buyer, viewer, admin_user, supplier_a):
    for user in (buyer, viewer):
        client = login(user)
        assert client.post(tab(supplier_a.pk) + "recompute").status_code == 403
        assert client.post("/relationship/health/recompute").status_code == 403
        assert "Recompute health" not in html_of(client.get(tab(supplier_a.pk)))
    assert not HealthSnapshot.objects.exists()
    assert login(admin_user).post(tab(supplier_a.pk) + "recompute").status_code == 302
    assert HealthSnapshot.objects.filter(supplier=supplier_a).exists()


@pytest.mark.django_db
def test_recompute_only_accepts_post(login, manager, supplier_a):
    assert login(manager).get(tab(supplier_a.pk) + "recompute").status_code == 405
    assert not HealthSnapshot.objects.exists()


# --- the portfolio health list ------------------------------------------------------------


@pytest.fixture
def three_healths(manager, buyer, supplier_a, supplier_b):
    """Three suppliers with different health a month ago and today."""
    gamma = supplier(manager, buyer, "Gamma Glass")
    for s in (supplier_a, supplier_b, gamma):
        for i in range(4):
            log(manager, s, 150 + i * 20, notes="Regular call, fine.")
    log(manager, supplier_a, 10, tags=["early_warning", "unsolicited_suggestion"],
        initiated_by="supplier", notes="Great help, thanks a lot!")  # fmt: skip
    log(manager, supplier_b, 10, tags=["major_dispute", "blame", "escalation"],
        notes="Angry escalation, terrible failure.")  # fmt: skip
    services.recompute(as_of=days_ago(35))
    services.recompute()
    latest = {s.supplier.name: s for s in services.latest_snapshots().select_related("supplier")}
    assert len({s.score for s in latest.values()}) == 3, latest
    return latest


def names_in_order(html: str, names) -> list[str]:
    table = html[html.index('id="health-table"') :]
    found = [(table.index(n), n) for n in names if n in table]
    return [n for _, n in sorted(found)]


@pytest.mark.django_db
def test_health_list_is_sorted_by_score_ascending_by_default(login, viewer, three_healths):
    client = login(viewer)
    by_score = sorted(three_healths, key=lambda n: three_healths[n].score)
    assert names_in_order(html_of(client.get("/relationship/health/")), by_score) == by_score
    html = html_of(client.get("/relationship/health/?sort=-score"))
    assert names_in_order(html, by_score) == by_score[::-1]
    html = html_of(client.get("/relationship/health/?sort=name"))
    assert names_in_order(html, by_score) == sorted(by_score)


@pytest.mark.django_db
def test_health_list_sorts_by_change(login, viewer, three_healths):
    by_change = sorted(three_healths, key=lambda n: three_healths[n].change)
    assert all(s.change is not None for s in three_healths.values())
    html = html_of(login(viewer).get("/relationship/health/?sort=change"))
    assert names_in_order(html, by_change) == by_change
    html = html_of(login(viewer).get("/relationship/health/?sort=-change"))
    assert names_in_order(html, by_change) == by_change[::-1]


@pytest.mark.django_db
def test_health_list_filters_by_light(login, viewer, three_healths):
    red = {n for n, s in three_healths.items() if s.light == "red"}
    assert red == {"Beta Boxes"}
    html = html_of(login(viewer).get("/relationship/health/?light=red"))
    assert names_in_order(html, three_healths) == ["Beta Boxes"]
    assert 'class="badge light-red">red 1<' in html
    # an unknown light shows everything
    html = html_of(login(viewer).get("/relationship/health/?light=purple"))
    assert len(names_in_order(html, three_healths)) == 3


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["sort=evil", "sort=", "sort=-name", "page=abc", "page=999"])
def test_bad_health_list_parameters_fall_back_without_error(login, viewer, three_healths, query):
    html = html_of(login(viewer).get(f"/relationship/health/?{query}"))
    assert len(names_in_order(html, three_healths)) == 3


@pytest.mark.django_db
def test_health_list_leaves_out_suppliers_without_a_relationship(login, manager, buyer):
    prospect = supplier(manager, buyer, "Prospect Paper", status="prospect")
    log(manager, prospect, 5, tags=["early_warning"])
    services.recompute()
    assert not HealthSnapshot.objects.filter(supplier=prospect).exists()
    assert "Prospect Paper" not in html_of(login(manager).get("/relationship/health/"))


@pytest.mark.django_db
def test_health_list_runs_bounded_queries_with_300_suppliers(
    login, viewer, buyer, django_assert_max_num_queries
):
    suppliers = bulk_suppliers(300, owner=buyer)
    today = timezone.localdate()
    HealthSnapshot.objects.bulk_create(
        HealthSnapshot(
            supplier=s, as_of=today - dt.timedelta(days=7 * d), score=(i * 7 + d) % 101,
            light=["red", "yellow", "green"][i % 3], change=(i % 21) - 10 if d == 0 else None,
            findings=[{"signal": "trust", "label": "Trust balance falling",
                       "baseline": "+3", "recent": "-9"}] if i % 5 == 0 else [],
        )
        for i, s in enumerate(suppliers)
        for d in range(6)
    )  # fmt: skip
    client = login(viewer)
    for query in ("", "?sort=-score", "?sort=change&page=3", "?light=red", "?sort=name"):
        with django_assert_max_num_queries(8):
            html = html_of(client.get(f"/relationship/health/{query}"))
        assert len(re.findall(r'<td><a href="/relationship/suppliers/\d+/">', html)) >= 20
    html = html_of(client.get("/relationship/health/"))
    assert "Page 1 of" in html


# --- the supplier list's Health column ----------------------------------------------------


@pytest.mark.django_db
def test_supplier_list_shows_health_from_the_latest_snapshot(
    login, viewer, manager, buyer, supplier_a, supplier_b
):
    for i in range(4):
        log(manager, supplier_a, 150 + i * 20, notes="Regular call.")
    services.recompute(as_of=days_ago(40))
    old = HealthSnapshot.objects.get(supplier=supplier_a).score
    log(manager, supplier_a, 5, tags=["major_dispute", "escalation"], notes="Awful escalation.")
    services.recompute()
    latest = services.health_of(supplier_a)
    assert latest is not None and latest.score != old
    html = html_of(login(viewer).get("/suppliers/", HTTP_HX_REQUEST="true"))
    assert "Health" in html
    row_a = html[html.index("Alpha Packaging") :][:1200]
    assert f'title="Relationship health {latest.score}' in row_a
    assert f">{latest.score}" in row_a
    row_b = html[html.index("Beta Boxes") :][:1200]
    assert "Relationship health" not in row_b  # no interactions: nothing to judge


# --- settings -----------------------------------------------------------------------------


def settings_post(**changes: str) -> dict[str, str]:
    form = RelationshipSettingsForm(instance=RelationshipSettings(pk=1))
    data = {name: form[name].value() for name in form.fields}
    return {k: str(v) for k, v in {**data, **changes}.items()}


@pytest.mark.django_db
def test_only_administrators_open_the_signal_settings(login, manager, buyer, viewer, admin_user):
    for user in (manager, buyer, viewer):
        client = login(user)
        assert client.get("/relationship/settings/").status_code == 403
        assert client.post("/relationship/settings/", settings_post()).status_code == 403
    assert not RelationshipSettings.objects.exists()
    html = html_of(login(admin_user).get("/relationship/settings/"))
    assert "Trust weights per signal tag" in html and "Early warning shared" in html


@pytest.mark.django_db
def test_administrator_changes_weights_and_thresholds(login, admin_user, buyer, supplier_a):
    client = login(admin_user)
    response = client.post(
        "/relationship/settings/",
        settings_post(weight_early_warning="10", significance="0.01", green_from="80"),
    )
    assert response.status_code == 302
    saved = RelationshipSettings.objects.get(pk=1)
    assert saved.tag_weights["early_warning"] == 10
    assert saved.significance == 0.01 and saved.green_from == 80
    log(buyer, supplier_a, 1, tags=["early_warning"])
    assert balance_in(html_of(client.get(tab(supplier_a.pk)))) == "+10"
    html = html_of(client.get("/relationship/settings/"))
    assert 'name="weight_early_warning" value="10"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"significance": "0.9"}, "significance"),
        ({"significance": "lots"}, "significance"),
        ({"red_below": "80", "green_from": "60"}, "red_below"),
        ({"weight_early_warning": "99"}, "weight_early_warning"),
        ({"rate_ratio": "1.5"}, "rate_ratio"),
        ({"response_ratio": "1"}, "response_ratio"),
        ({"recent_days": "5"}, "baseline_days"),
        ({"recent_days": "-1"}, "recent_days"),
    ],
)
def test_bad_settings_are_field_errors_and_change_nothing(login, admin_user, changes, field):
    html = html_of(login(admin_user).post("/relationship/settings/", settings_post(**changes)), 400)
    assert f'id="error-{field}"' in html, html[html.find('class="error"') - 300 :][:800]
    assert not RelationshipSettings.objects.exists()


def test_settings_form_shows_every_setting_once():
    form = RelationshipSettingsForm(instance=RelationshipSettings(pk=1))
    shown = [f.name for f in form.weight_fields()] + [f.name for f in form.threshold_fields()]
    assert sorted([*shown, "version"]) == sorted(form.fields)  # the version is a hidden field


# --- bounded queries ----------------------------------------------------------------------


@pytest.mark.django_db
def test_tab_runs_a_fixed_number_of_queries(
    login, manager, buyer, supplier_a, django_assert_max_num_queries
):
    contact = supplier_a.contacts.create(side="supplier", name="Sam Seller")
    for i in range(40):
        interaction = log(
            buyer, supplier_a, i * 9, tags=["early_warning", "request"][: 1 + i % 2],
            request_side="ours" if i % 2 else "", notes=f"note number {i}",
        )  # fmt: skip
        interaction.contacts.add(contact)
        interaction.participants.add(buyer)
        if i % 4 == 0:
            services.add_trust_entry(buyer, supplier_a, {"points": 2, "reason": f"help {i}"})
    for days in (60, 30, 0):
        services.recompute(as_of=days_ago(days))
    client = login(manager)
    # One query per registered signal feed (supplier issues, the supplier portal) included.
    with django_assert_max_num_queries(22):
        html = html_of(client.get(tab(supplier_a.pk)))
    listed = html[html.index('id="interaction-list"') :]
    listed = listed[: listed.index("</table>")]
    assert listed.count("note number") == 25 and "Page 1 of 2" in html


@pytest.mark.django_db
def test_recomputing_a_supplier_without_a_relationship_leaves_the_others_alone(
    login, manager, buyer, supplier_a
):
    prospect = supplier(manager, buyer, "Prospect Paper", status="prospect")
    log(manager, supplier_a, 5, tags=["early_warning"])
    services.recompute()
    assert HealthSnapshot.objects.filter(supplier=supplier_a).count() == 1
    client = login(manager)
    response = client.post(tab(prospect.pk) + "recompute", follow=True)
    assert "only for suppliers with a live relationship" in html_of(response)
    assert HealthSnapshot.objects.filter(supplier=supplier_a).count() == 1
    assert not HealthSnapshot.objects.filter(supplier=prospect).exists()
    assert "Alpha Packaging" in html_of(client.get("/relationship/health/"))


@pytest.mark.django_db
def test_recomputing_a_supplier_that_is_not_watched_keeps_everyone_elses_snapshots(
    manager, supplier_a, supplier_b
):
    from partnerbook.relationship import services as relationship_services
    from partnerbook.relationship.models import HealthSnapshot
    from partnerbook.suppliers import services as supplier_services

    relationship_services.recompute()
    kept = HealthSnapshot.objects.count()
    prospect = supplier_services.create_supplier(manager, {"name": "Not yet", "status": "prospect"})

    relationship_services.recompute(supplier_ids=[prospect.pk])

    assert HealthSnapshot.objects.count() == kept > 0
