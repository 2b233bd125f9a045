"""The supplier's onboarding space in the portal: their 30-60-90 plan, their own tasks to
tick, our tasks read-only, the documents we shared and the FAQs our side edits."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from partnerbook.actions.models import ActionItem
from partnerbook.onboarding import domain, portal, services
from partnerbook.onboarding.models import OnboardingFaq, OnboardingTask
from partnerbook.suppliers import services as supplier_services

from ..api import API, token_client

pytestmark = pytest.mark.django_db

OUR_NOTE = "Internal: their bank data looked odd last time"


@pytest.fixture
def plan(buyer, supplier_a):
    supplier_services.create_contact(
        buyer, supplier_a,
        {"side": "supplier", "name": "Zoe Sales", "function": "sales", "email": "z@a.example"},
    )  # fmt: skip
    plan = services.create_plan(
        buyer, supplier_a,
        {"point_of_contact": buyer, "starts_on": timezone.localdate() - dt.timedelta(days=10)},
    )  # fmt: skip
    services.add_task(
        buyer, plan, {"milestone": 30, "side": "ours", "title": "Check the bank data",
                      "detail": OUR_NOTE},
    )  # fmt: skip
    return plan


def task(plan, side: str, title: str | None = None) -> OnboardingTask:
    tasks = OnboardingTask.objects.filter(plan=plan, side=side).select_related("item")
    if title:
        tasks = tasks.filter(item__title=title)
    return tasks.order_by("pk").first()


@pytest.fixture
def faq(manager):
    return services.create_faq(
        manager, {"question": "When do you pay?", "answer": "Thirty days after the invoice."}
    )


# --- what the supplier sees -------------------------------------------------------------


def test_space_shows_plan_milestones_tasks_and_faqs(login, portal_user_a, plan, faq, buyer):
    html = login(portal_user_a).get("/portal/onboarding/").content.decode()

    assert "First 30 days" in html and "Days 61 to 90" in html
    assert "Introduce the supplier&#x27;s stakeholders" in html  # their task
    assert "Introduce our stakeholders" in html  # ours, read-only
    assert buyer.display_name in html  # the point of contact
    assert "When do you pay?" in html


def test_our_task_details_never_reach_the_portal(login, portal_user_a, plan):
    html = login(portal_user_a).get("/portal/onboarding/").content.decode()
    body = token_client(portal_user_a).get(f"{API}/portal/onboarding").json()

    assert "Check the bank data" in html
    assert OUR_NOTE not in html and OUR_NOTE not in str(body)
    ours = [t for m in body["plan"]["milestones"] for t in m["tasks"] if t["side"] == "ours"]
    assert ours and all(t["detail"] == "" and not t["can_tick"] for t in ours)
    assert "owner_id" not in ours[0] and "version" not in ours[0]


def test_without_a_plan_the_page_says_so(login, portal_user_a, faq):
    html = login(portal_user_a).get("/portal/onboarding/").content.decode()

    assert 'id="no-plan"' in html and "When do you pay?" in html
    assert token_client(portal_user_a).get(f"{API}/portal/onboarding").json()["plan"] is None


def test_unpublished_faqs_are_hidden(login, portal_user_a, manager, faq):
    services.update_faq(manager, faq, {"published": False})

    assert (
        "When do you pay?" not in login(portal_user_a).get("/portal/onboarding/").content.decode()
    )


def test_home_card_shows_while_the_plan_is_active(login, portal_user_a, plan):
    html = login(portal_user_a).get("/portal/").content.decode()

    assert "Your onboarding" in html and "/portal/onboarding/" in html


def test_shared_documents_of_ours_are_listed(login, portal_user_a, manager, supplier_a, plan):
    import io

    from partnerbook.documents import domain as documents_domain
    from partnerbook.documents import services as documents

    pdf = documents_domain.minimal_pdf(["Guide"])
    for title, internal in (("Supplier guide", False), ("Internal scorecard notes", True)):
        documents.upload_document(
            manager, supplier_a, documents.Upload("g.pdf", len(pdf), io.BytesIO(pdf)),
            {"kind": "other", "title": title, "internal": internal},
        )  # fmt: skip

    html = login(portal_user_a).get("/portal/onboarding/").content.decode()

    assert "Supplier guide" in html and "Internal scorecard notes" not in html


# --- ticking tasks ------------------------------------------------------------------------


def test_supplier_ticks_their_task_and_our_page_shows_it(login, portal_user_a, buyer, plan):
    theirs = task(plan, domain.SUPPLIER)

    response = login(portal_user_a).post(
        f"/portal/onboarding/tasks/{theirs.item_id}/", {"done": "1"}
    )

    assert response.status_code == 302
    theirs.refresh_from_db()
    theirs.item.refresh_from_db()
    assert theirs.item.status == ActionItem.Status.DONE
    assert theirs.item.done_on == timezone.localdate()
    assert theirs.ticked_by == portal_user_a
    latest = theirs.item.history.latest()
    assert latest.history_user == portal_user_a
    assert latest.history_change_reason == "Ticked done by the supplier."
    ours = login(buyer).get(f"/playbook/suppliers/{plan.supplier_id}/").content.decode()
    assert f'id="ticked-by-{theirs.item_id}"' in ours and "(supplier)" in ours
    api = token_client(buyer).get(f"{API}/suppliers/{plan.supplier_id}/onboarding").json()
    ticked = [t for t in api["tasks"] if t["id"] == theirs.item_id][0]
    assert ticked["ticked_by_supplier"] == portal_user_a.display_name


def test_supplier_opens_a_task_again(portal_user_a, plan):
    theirs = task(plan, domain.SUPPLIER)
    client = token_client(portal_user_a)
    url = f"{API}/portal/onboarding/tasks/{theirs.item_id}"
    done = client.patch(url, {"done": True}, content_type="application/json")
    assert done.status_code == 200 and done.json()["status"] == "done"

    again = client.patch(url, {"done": False}, content_type="application/json")

    assert again.json()["status"] == "open" and again.json()["done_on"] is None
    theirs.refresh_from_db()
    assert theirs.ticked_by is None


def test_portal_user_cannot_tick_our_sides_task(login, portal_user_a, plan):
    ours = task(plan, domain.OURS)

    page = login(portal_user_a).post(f"/portal/onboarding/tasks/{ours.item_id}/", {"done": "1"})
    api = token_client(portal_user_a).patch(
        f"{API}/portal/onboarding/tasks/{ours.item_id}", {"done": True},
        content_type="application/json",
    )  # fmt: skip

    assert page.status_code == 403 and api.status_code == 403
    ours.item.refresh_from_db()
    assert ours.item.status == ActionItem.Status.OPEN


def test_portal_user_b_gets_404_on_a_task(login, portal_user_b, plan):
    theirs = task(plan, domain.SUPPLIER)

    page = login(portal_user_b).post(f"/portal/onboarding/tasks/{theirs.item_id}/", {"done": "1"})
    api = token_client(portal_user_b).patch(
        f"{API}/portal/onboarding/tasks/{theirs.item_id}", {"done": True},
        content_type="application/json",
    )  # fmt: skip

    assert page.status_code == 404 and api.status_code == 404
    assert token_client(portal_user_b).get(f"{API}/portal/onboarding").json()["plan"] is None
    theirs.item.refresh_from_db()
    assert theirs.item.status == ActionItem.Status.OPEN


def test_ticking_a_dropped_task_is_refused(portal_user_a, buyer, plan):
    from partnerbook.actions import services as actions

    theirs = task(plan, domain.SUPPLIER)
    actions.set_status(buyer, theirs.item, "dropped")

    response = token_client(portal_user_a).patch(
        f"{API}/portal/onboarding/tasks/{theirs.item_id}", {"done": True},
        content_type="application/json",
    )  # fmt: skip

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "done"


def test_tick_api_rejects_bad_input(portal_user_a, plan):
    theirs = task(plan, domain.SUPPLIER)

    response = token_client(portal_user_a).patch(
        f"{API}/portal/onboarding/tasks/{theirs.item_id}", {"done": "maybe"},
        content_type="application/json",
    )  # fmt: skip

    assert response.status_code in (400, 422)


@pytest.mark.parametrize("who", ["manager", "buyer", "viewer"])
def test_our_people_get_403_on_the_onboarding_space(request, login, who, plan):
    user = request.getfixturevalue(who)
    theirs = task(plan, domain.SUPPLIER)

    assert login(user).get("/portal/onboarding/").status_code == 403
    tick = login(user).post(f"/portal/onboarding/tasks/{theirs.item_id}/", {"done": "1"})
    assert tick.status_code == 403
    assert token_client(user).get(f"{API}/portal/onboarding").status_code == 403


# --- FAQs on our side -----------------------------------------------------------------------


def test_managers_add_and_change_faqs_on_the_internal_page(login, manager):
    client = login(manager)
    added = client.post(
        "/onboarding/faqs/",
        {"question": "Who do I call?", "answer": "Your point of contact.", "position": 5,
         "published": "on"},
    )  # fmt: skip
    assert added.status_code == 302
    faq = OnboardingFaq.objects.get(question="Who do I call?")

    changed = client.post(
        f"/onboarding/faqs/{faq.pk}/edit",
        {"question": "Who do I call?", "answer": "Your point of contact.", "position": 5},
    )

    assert changed.status_code == 302
    faq.refresh_from_db()
    assert faq.published is False
    bad = client.post("/onboarding/faqs/", {"question": "", "answer": "", "position": 1})
    assert bad.status_code == 400


def test_buyers_and_viewers_read_faqs_but_cannot_change_them(login, buyer, viewer, faq):
    for person in (buyer, viewer):
        client = login(person)
        page = client.get("/onboarding/faqs/").content.decode()
        assert "When do you pay?" in page and "faq-form" not in page
        assert client.post("/onboarding/faqs/", {"question": "x", "answer": "y"}).status_code == 403
        assert client.get(f"/onboarding/faqs/{faq.pk}/edit").status_code == 403


def test_faq_api(manager, buyer, faq):
    created = token_client(manager).post(
        f"{API}/onboarding/faqs", {"question": "Where do deliveries go?", "answer": "Dock 3."},
        content_type="application/json",
    )  # fmt: skip
    assert created.status_code == 201
    listed = token_client(buyer).get(f"{API}/onboarding/faqs").json()
    assert [f["question"] for f in listed][-1] == "Where do deliveries go?"
    refused = token_client(buyer).post(
        f"{API}/onboarding/faqs", {"question": "q", "answer": "a"}, content_type="application/json"
    )
    assert refused.status_code == 403


# --- bounded queries ----------------------------------------------------------------------


def test_onboarding_space_makes_a_bounded_number_of_queries(
    login, portal_user_a, buyer, plan, manager, django_assert_max_num_queries
):
    for n in range(10):
        services.add_task(buyer, plan, {"milestone": 60, "side": "supplier", "title": f"T{n}"})
        services.create_faq(manager, {"question": f"Q{n}?", "answer": "A."})
    client = login(portal_user_a)
    client.get("/portal/onboarding/")
    with django_assert_max_num_queries(12):
        assert client.get("/portal/onboarding/").status_code == 200
    with django_assert_max_num_queries(10):
        assert token_client(portal_user_a).get(f"{API}/portal/onboarding").status_code == 200
    assert len(portal.space(portal_user_a).faqs) == 10
