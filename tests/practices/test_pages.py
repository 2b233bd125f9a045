"""The Practices tab, practice editing and ending, agreements and the export, as people
meet them."""

from __future__ import annotations

import datetime as dt

import pytest

from partnerbook.practices import services
from partnerbook.practices.models import Agreement, Practice
from partnerbook.suppliers.models import Contact

from .conftest import days_ago

pytestmark = pytest.mark.django_db


def tab(pk: int) -> str:
    return f"/practices/suppliers/{pk}/"


def html_of(response, status: int = 200) -> str:
    assert response.status_code == status, response.content[:2000]
    return response.content.decode()


def practice_post(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": "roadmap_sharing",
        "started_on": days_ago(1).isoformat(),
        "notes": "Share the 2027 platform roadmap.",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_supplier_page_shows_a_practices_tab(login, viewer, supplier_a):
    html = html_of(login(viewer).get(f"/suppliers/{supplier_a.pk}/"))
    assert f'href="{tab(supplier_a.pk)}"' in html


def test_the_tab_lists_practices_with_their_warnings_and_agreements(
    login, buyer, viewer, supplier_a, nda, safe_factors, people
):
    services.start_practice(
        buyer, supplier_a,
        {"kind": "joint_problem_solving", "started_on": days_ago(9),
         "attendees": [people["ours", "operational"], people["supplier", "executive"]]},
    )  # fmt: skip
    ended = services.start_practice(
        buyer, supplier_a, {"kind": "site_visits", "started_on": days_ago(90)}
    )
    services.end_practice(buyer, ended, days_ago(30))
    html = html_of(login(viewer).get(tab(supplier_a.pk)))
    active = html.split('id="active-practices"')[1].split('id="start"')[0]
    rest = html.split('id="ended-practices"')[1]
    assert "Joint problem-solving sessions" in active
    assert "No decision-maker attends from our side" in active
    assert "Rotating site visits" not in active and "Rotating site visits" in rest
    assert "NDA-2026-01" in html and "on record" in html
    # A viewer reads, and gets no forms.
    assert 'id="practice-form"' not in html and 'id="agreement-form"' not in html


def test_the_owner_starts_a_roadmap_sharing_practice_under_an_nda(
    login, buyer, supplier_a, nda, safe_factors
):
    response = login(buyer).post(f"/practices/suppliers/{supplier_a.pk}/new", practice_post())
    assert response.status_code == 302
    practice = Practice.objects.get()
    assert practice.kind == "roadmap_sharing" and practice.owner == buyer


def test_a_refused_practice_shows_the_reason_on_kind_and_keeps_the_input(
    login, buyer, supplier_a, safe_factors
):
    response = login(buyer).post(
        f"/practices/suppliers/{supplier_a.pk}/new", practice_post(notes="Keep this text")
    )
    html = html_of(response, 400)
    assert 'id="error-kind"' in html and "mutual NDA" in html
    assert "Keep this text" in html
    assert not Practice.objects.exists()


def test_an_agreement_expiring_before_signing_is_refused_beside_the_field(login, buyer, supplier_a):
    response = login(buyer).post(
        f"/practices/suppliers/{supplier_a.pk}/agreements/new",
        {"kind": "mutual_nda", "signed_on": days_ago(5).isoformat(),
         "expires_on": days_ago(6).isoformat(), "reference": "NDA-KEEP"},
    )  # fmt: skip
    html = html_of(response, 400)
    assert 'id="error-agreement-expires_on"' in html and "NDA-KEEP" in html
    assert not Agreement.objects.exists()


def test_an_agreement_is_recorded_then_archived(login, buyer, supplier_a):
    client = login(buyer)
    response = client.post(
        f"/practices/suppliers/{supplier_a.pk}/agreements/new",
        {"kind": "mutual_nda", "signed_on": days_ago(5).isoformat(), "reference": "N-1"},
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get()
    response = client.post(
        f"/practices/suppliers/{supplier_a.pk}/agreements/{agreement.pk}/archive"
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.archived


@pytest.mark.parametrize("who", ["viewer", "other_buyer"])
def test_people_who_may_not_edit_are_refused(request, login, who, buyer, supplier_a, nda):
    practice = services.start_practice(
        buyer, supplier_a, {"kind": "site_visits", "started_on": days_ago(3)}
    )
    client = login(request.getfixturevalue(who))
    base = f"/practices/suppliers/{supplier_a.pk}"
    assert client.get(f"{base}/").status_code == 200
    assert client.post(f"{base}/new", practice_post(kind="site_visits")).status_code == 403
    edit = {**practice_post(kind="site_visits"), "owner": buyer.pk, "version": 1}
    assert client.post(f"{base}/{practice.pk}/edit", edit).status_code == 403
    end = {"ended_on": days_ago(0).isoformat()}
    assert client.post(f"{base}/{practice.pk}/end", end).status_code == 403
    agreement = {"kind": "other", "signed_on": days_ago(1).isoformat()}
    assert client.post(f"{base}/agreements/new", agreement).status_code == 403
    assert client.post(f"{base}/agreements/{nda.pk}/archive").status_code == 403
    practice.refresh_from_db()
    nda.refresh_from_db()
    assert practice.status == "active" and not nda.archived
    assert Practice.objects.count() == 1 and Agreement.objects.count() == 1


def test_a_portal_user_cannot_open_the_tab(login, portal_user_a, supplier_a):
    assert login(portal_user_a).get(tab(supplier_a.pk)).status_code == 403


def test_edit_saves_and_a_stale_edit_shows_the_current_values(
    login, buyer, manager, supplier_a, people
):
    practice = services.start_practice(
        buyer, supplier_a, {"kind": "joint_problem_solving", "started_on": days_ago(3)}
    )
    client = login(buyer)
    url = f"/practices/suppliers/{supplier_a.pk}/{practice.pk}/edit"
    html = html_of(client.get(url))
    assert 'name="version" value="1"' in html
    services.update_practice(manager, practice, {"notes": "Managers changed this"}, 1)
    stale = {**practice_post(kind="joint_problem_solving", notes="Mine"), "owner": buyer.pk,
             "version": 1}  # fmt: skip
    html = html_of(client.post(url, stale), 409)
    assert "Managers changed this" in html and 'name="version" value="2"' in html
    fresh = {**stale, "version": 2, "attendees": [people["supplier", "executive"].pk]}
    assert client.post(url, fresh).status_code == 302
    practice.refresh_from_db()
    assert practice.notes == "Mine" and practice.version == 3
    assert list(practice.attendees.all()) == [people["supplier", "executive"]]


def test_an_unknown_attendee_is_a_field_error(login, buyer, manager, supplier_a, supplier_b):
    stranger = Contact.objects.create(supplier=supplier_b, side="supplier", name="Stranger")
    response = login(buyer).post(
        f"/practices/suppliers/{supplier_a.pk}/new",
        practice_post(kind="joint_problem_solving", attendees=[stranger.pk], notes="kept"),
    )
    html = html_of(response, 400)
    assert 'id="error-attendees"' in html and "kept" in html


def test_ending_before_the_start_is_refused_beside_the_field(login, buyer, supplier_a):
    practice = services.start_practice(
        buyer, supplier_a, {"kind": "site_visits", "started_on": days_ago(3)}
    )
    url = f"/practices/suppliers/{supplier_a.pk}/{practice.pk}/end"
    html = html_of(login(buyer).post(url, {"ended_on": days_ago(4).isoformat()}), 400)
    assert 'id="error-ended_on"' in html
    assert login(buyer).post(url, {"ended_on": days_ago(0).isoformat()}).status_code == 302
    practice.refresh_from_db()
    assert practice.status == "ended"


def test_the_export_lists_practices_with_their_warnings(login, viewer, buyer, supplier_a):
    services.start_practice(
        buyer, supplier_a, {"kind": "embedded_engineer", "started_on": days_ago(3)}
    )
    client = login(viewer)
    response = client.get(f"/practices/suppliers/{supplier_a.pk}/export.csv")
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("id,practice,status")
    assert "Embedded or co-located engineer" in text and "complexity" in text
    xlsx = client.get(f"/practices/suppliers/{supplier_a.pk}/export.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client.get(f"/practices/suppliers/{supplier_a.pk}/export.pdf").status_code == 404


def test_the_tab_runs_a_fixed_number_of_queries(
    login, buyer, manager, supplier_a, people, nda, safe_factors, django_assert_max_num_queries
):
    def add(n: int) -> None:
        kinds = ["joint_problem_solving", "site_visits", "informal_checkins", "shared_risk_reward"]
        made = Practice.objects.bulk_create(
            Practice(supplier=supplier_a, kind=kinds[i % 4], owner=buyer,
                     started_on=dt.date(2025, 1, 1) + dt.timedelta(days=i % 300),
                     status="ended" if i % 3 == 0 else "active",
                     ended_on=dt.date(2025, 12, 31) if i % 3 == 0 else None)
            for i in range(n)
        )  # fmt: skip
        Practice.attendees.through.objects.bulk_create(
            Practice.attendees.through(practice_id=p.pk, contact_id=c.pk)
            for p in made
            for c in people.values()
        )
        Agreement.objects.bulk_create(
            Agreement(supplier=supplier_a, kind="other", signed_on=dt.date(2024, 1, 1))
            for _ in range(n // 10)
        )

    client = login(manager)
    add(5)
    with django_assert_max_num_queries(30) as small:
        html_of(client.get(tab(supplier_a.pk)))
    add(400)
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = html_of(client.get(tab(supplier_a.pk)))
    assert html.count('class="practice"') == 405
