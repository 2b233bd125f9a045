"""The portal's shell: who may enter, the home page's cards, the portal API's own door,
and the e-mail choices every person makes."""

from __future__ import annotations

import pytest
from django.core import mail

from partnerbook.accounts import notifications
from partnerbook.accounts.models import EmailOptOut
from partnerbook.accounts.policy import can
from partnerbook.portal.apps import SUPPLIER_WROTE, WE_REPLIED

from ..api import API, token_client

pytestmark = pytest.mark.django_db


def test_portal_user_lands_on_their_portal_home(login, portal_user_a, supplier_a, buyer):
    client = login(portal_user_a)

    assert client.get("/").url == "/portal/"
    page = client.get("/portal/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Alpha Packaging" in html
    assert buyer.email in html  # who to talk to on our side
    assert 'href="/portal/"' in html  # the portal's own navigation


@pytest.mark.parametrize("who", ["manager", "buyer", "viewer", "admin_user"])
def test_our_people_get_403_on_the_portal(request, login, who):
    client = login(request.getfixturevalue(who))

    assert client.get("/portal/").status_code == 403


def test_anonymous_visitor_is_sent_to_sign_in():
    from django.test import Client

    response = Client().get("/portal/")

    assert response.status_code == 302
    assert response.url.startswith("/login/")


def test_portal_user_without_supplier_link_cannot_use_the_portal(portal_user_a):
    portal_user_a.is_active = False
    assert not can(portal_user_a, "portal.use")


def test_portal_rule_checks_the_record_belongs_to_their_supplier(
    portal_user_a, supplier_a, supplier_b
):
    assert can(portal_user_a, "portal.use")
    assert can(portal_user_a, "portal.use", supplier_a)
    assert not can(portal_user_a, "portal.use", supplier_b)


def test_internal_navigation_is_not_offered_to_portal_users(login, portal_user_a):
    html = login(portal_user_a).get("/portal/").content.decode()

    assert "/suppliers/" not in html
    assert "/alerts/" not in html
    assert "/portfolio/" not in html


def test_portal_home_api_answers_portal_users_and_refuses_our_people(
    portal_user_a, manager, supplier_a
):
    body = token_client(portal_user_a).get(f"{API}/portal/home").json()

    assert body["supplier"]["name"] == "Alpha Packaging"
    assert set(body["supplier"]) == {"id", "name", "legal_name", "country", "website", "status"}
    assert body["owner"]["name"]
    refused = token_client(manager).get(f"{API}/portal/home")
    assert refused.status_code == 403
    assert refused.json()["detail"]


def test_portal_home_makes_a_bounded_number_of_queries(
    login, portal_user_a, django_assert_max_num_queries
):
    client = login(portal_user_a)
    client.get("/portal/")
    with django_assert_max_num_queries(40):
        assert client.get("/portal/").status_code == 200


# --- e-mail choices ------------------------------------------------------------------------


def test_each_side_is_offered_its_own_kinds_of_email(portal_user_a, buyer):
    portal_kinds = {k.key for k in notifications.kinds_for(portal_user_a)}
    our_kinds = {k.key for k in notifications.kinds_for(buyer)}

    assert WE_REPLIED in portal_kinds and SUPPLIER_WROTE not in portal_kinds
    assert SUPPLIER_WROTE in our_kinds and WE_REPLIED not in our_kinds


def test_notify_skips_people_who_switched_the_kind_off(
    django_capture_on_commit_callbacks, buyer, other_buyer
):
    EmailOptOut.objects.create(user=other_buyer, kind=SUPPLIER_WROTE)
    with django_capture_on_commit_callbacks(execute=True):
        sent = notifications.notify(SUPPLIER_WROTE, [buyer, other_buyer], "Hello", "Body")

    assert sent == [buyer.email]
    assert [m.to for m in mail.outbox] == [[buyer.email]]


def test_notify_never_sends_a_portal_kind_to_our_people(
    django_capture_on_commit_callbacks, buyer, portal_user_a
):
    with django_capture_on_commit_callbacks(execute=True):
        sent = notifications.notify(WE_REPLIED, [buyer, portal_user_a], "Answer", "Body")

    assert sent == [portal_user_a.email]


def test_notify_sends_nothing_when_the_transaction_rolls_back(buyer):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        notifications.notify(SUPPLIER_WROTE, [buyer], "Hello", "Body")
        raise RuntimeError("the write failed")

    assert mail.outbox == []


def test_unknown_kind_is_a_programming_error(buyer):
    with pytest.raises(ValueError, match="unknown e-mail kind"):
        notifications.notify("no.such.kind", [buyer], "x", "y")


def test_settings_page_saves_the_choices(login, buyer):
    client = login(buyer)
    page = client.get("/account/notifications/").content.decode()
    assert "A supplier wrote through the portal" in page

    response = client.post("/account/notifications/", {"wanted": []})

    assert response.status_code == 302
    assert EmailOptOut.objects.filter(user=buyer, kind=SUPPLIER_WROTE).exists()
    client.post("/account/notifications/", {"wanted": [SUPPLIER_WROTE]})
    assert not EmailOptOut.objects.filter(user=buyer, kind=SUPPLIER_WROTE).exists()


def test_settings_page_needs_sign_in():
    from django.test import Client

    assert Client().get("/account/notifications/").status_code == 302


def test_settings_api_reads_and_writes_the_choices(portal_user_a):
    client = token_client(portal_user_a)
    before = {c["kind"]: c["wanted"] for c in client.get(f"{API}/account/notifications").json()}
    assert before[WE_REPLIED] is True

    after = client.put(
        f"{API}/account/notifications", {"wanted": []}, content_type="application/json"
    ).json()

    assert {c["kind"]: c["wanted"] for c in after}[WE_REPLIED] is False
    assert EmailOptOut.objects.filter(user=portal_user_a, kind=WE_REPLIED).exists()


def test_settings_api_refuses_a_kind_of_the_other_side(portal_user_a):
    response = token_client(portal_user_a).put(
        f"{API}/account/notifications", {"wanted": [SUPPLIER_WROTE]},
        content_type="application/json",
    )  # fmt: skip

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "wanted"


@pytest.mark.parametrize("change", ["archive", "exit"])
def test_the_portal_closes_when_the_supplier_is_archived_or_exits(
    login, manager, portal_user_a, supplier_a, change
):
    from partnerbook.accounts.models import User
    from partnerbook.suppliers.models import Supplier

    if change == "archive":
        Supplier.objects.filter(pk=supplier_a.pk).update(archived=True)
    else:
        Supplier.objects.filter(pk=supplier_a.pk).update(status="exited")
    user = User.objects.get(pk=portal_user_a.pk)

    assert not can(user, "portal.use")
    assert login(user).get("/portal/").status_code == 403
    assert token_client(user).get(f"{API}/portal/home").status_code == 403
