"""The "Your agreement" card and `GET /portal/agreement`: the agreement's own terms, dates,
escalation path and the meeting rhythm; never our internal note or legal review."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from partnerbook.cadence import services as cadence_services
from partnerbook.practices import services

from ..api import API, token_client

pytestmark = pytest.mark.django_db

NOTE = "Internal: push for 90-day terms at renewal, they have no alternative"
REVIEWER = "Maître Lex Interne"


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


@pytest.fixture
def agreement(manager, supplier_a):
    return services.record_agreement(
        manager,
        supplier_a,
        {
            "kind": "framework",
            "signed_on": days(-100),
            "expires_on": days(265),
            "renewal_notice_days": 90,
            "reference": "FA-2026-07",
            "note": NOTE,
            "payment_terms": "60 days after invoice.",
            "legal_reviewed_on": days(-101),
            "legal_reviewer": REVIEWER,
            "escalation_path": [
                {"level": 1, "who": "Buyer and key account manager", "time_box_days": 5},
                {"level": 2, "who": "Category manager and sales director", "time_box_days": 10},
            ],
        },
    )


@pytest.fixture
def rhythm(manager, buyer, supplier_a):
    return cadence_services.add_item(
        manager,
        supplier_a,
        {
            "kind": "quarterly_strategic",
            "interval_days": 91,
            "channels": ["meeting"],
            "owner": buyer,
            "attendees": "Internal: bring the cost model",
        },
    )


def test_home_card_summarises_the_agreement(login, portal_user_a, agreement, rhythm):
    html = login(portal_user_a).get("/portal/").content.decode()
    card = html.split('id="card-portalagreement"')[1].split("</article>")[0]

    assert "Your agreement" in html
    assert "FA-2026-07" in card and "on record" in card
    assert "Category manager and sales director — 10 days" in card
    assert days(265).strftime("%-d %b %Y") in card  # runs until
    assert days(175).strftime("%-d %b %Y") in card  # notice date: 90 days before the end
    assert "Quarterly strategic review — every 91 days" in card
    assert "60 days after invoice." in card  # its own terms
    for secret in (NOTE, REVIEWER, "bring the cost model"):
        assert secret not in html


def test_api_gives_the_portal_schema_only(portal_user_a, agreement, rhythm):
    response = token_client(portal_user_a).get(f"{API}/portal/agreement")

    assert response.status_code == 200
    body = response.json()
    [shown] = body["agreements"]
    assert shown["title"] == "Framework agreement FA-2026-07"
    assert shown["status"] == "on record"
    assert shown["notice_on"] == days(175).isoformat()
    assert [lv["time_box_days"] for lv in shown["escalation_path"]] == [5, 10]
    assert body["review_rhythm"] == [{"meeting": "Quarterly strategic review", "every_days": 91}]
    assert "note" not in shown and "legal_reviewer" not in shown
    text = response.content.decode()
    for secret in (NOTE, REVIEWER, "cost model"):
        assert secret not in text


def test_archived_and_other_suppliers_agreements_are_left_out(
    login, manager, portal_user_a, portal_user_b, supplier_b, agreement
):
    services.archive_agreement(manager, agreement)
    services.record_agreement(
        manager, supplier_b, {"kind": "mutual_nda", "signed_on": days(-3), "reference": "NDA-B"}
    )

    mine = token_client(portal_user_a).get(f"{API}/portal/agreement").json()
    theirs = token_client(portal_user_b).get(f"{API}/portal/agreement").json()

    assert mine["agreements"] == []
    assert [a["title"] for a in theirs["agreements"]] == ["Mutual NDA NDA-B"]
    assert "No agreement is on record" in login(portal_user_a).get("/portal/").content.decode()


@pytest.mark.parametrize("who", ["manager", "buyer", "viewer", "admin_user"])
def test_our_people_get_403(request, who, agreement):
    response = token_client(request.getfixturevalue(who)).get(f"{API}/portal/agreement")

    assert response.status_code == 403


def test_agreement_reads_use_a_fixed_number_of_queries(
    manager, supplier_a, portal_user_a, django_assert_max_num_queries
):
    for i in range(8):
        services.record_agreement(
            manager,
            supplier_a,
            {"kind": "mutual_nda", "signed_on": days(-10 - i), "reference": f"NDA-{i}"},
        )

    with django_assert_max_num_queries(8):
        assert (
            len(token_client(portal_user_a).get(f"{API}/portal/agreement").json()["agreements"])
            == 8
        )
