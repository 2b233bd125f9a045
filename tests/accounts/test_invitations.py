"""Portal invitations: a supplier's own people are invited by e-mail, the link opens a portal
account once, and only the people allowed can send or withdraw invitations."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from partnerbook.accounts import services
from partnerbook.accounts.models import Invitation, Role, User
from partnerbook.accounts.policy import can
from partnerbook.suppliers import services as supplier_services
from tests.api import API, error_fields, token_client

from .conftest import link_in, path_of

BASE = "http://testserver"
GOOD = {"username": "sam.reyes", "password1": "long enough sentence 42", "password2": ""}
GOOD["password2"] = GOOD["password1"]


def _invite(actor, contact):
    return services.invite(actor, contact, base_url=BASE)


# --- sending ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_email_carries_the_link_and_only_a_hash_is_stored(manager, contact_a, mailoutbox):
    invitation = _invite(manager, contact_a)

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["sam@alpha.test"]
    assert "Alpha Packaging" in message.subject and "Alpha Packaging" in message.body
    assert manager.display_name in message.body
    link = link_in(message)
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert invitation.token_hash == services.hash_token(token)
    assert token not in invitation.token_hash
    assert not Invitation.objects.filter(token_hash=token).exists()
    assert invitation.email == contact_a.email and invitation.supplier == contact_a.supplier
    assert invitation.expires_at - invitation.created_at == dt.timedelta(days=7)
    # The expiry reads as people write it: "4 December 2026", no leading zero.
    expires = timezone.localtime(invitation.expires_at)
    assert f"until {expires.day} {expires:%B %Y}." in message.body


@pytest.mark.django_db
def test_the_base_url_setting_overrides_the_request(manager, contact_a, mailoutbox, settings):
    settings.PARTNERBOOK_BASE_URL = "https://partnerbook.example.com"
    _invite(manager, contact_a)
    assert link_in(mailoutbox[0]).startswith("https://partnerbook.example.com/account/invitation/")


@pytest.mark.django_db
def test_reinviting_revokes_the_older_link(client, manager, contact_a, mailoutbox):
    first = _invite(manager, contact_a)
    second = _invite(manager, contact_a)

    first.refresh_from_db()
    assert first.revoked_at is not None and second.revoked_at is None
    old_link, new_link = link_in(mailoutbox[0]), link_in(mailoutbox[1])
    assert client.get(path_of(old_link)).status_code == 410
    assert client.get(path_of(new_link)).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"side": "ours"}, "contact"),
        ({"email": ""}, "contact"),
        ({"archived": True}, "contact"),
        ("supplier_archived", "supplier"),
        ("supplier_exited", "supplier"),
    ],
)
def test_people_who_cannot_be_invited_are_refused_with_the_field(
    change, field, manager, supplier_a, contact_a, mailoutbox
):
    if change == "supplier_archived":
        supplier_a.archived = True
        supplier_a.save()
    elif change == "supplier_exited":
        supplier_a.status = "exited"
        supplier_a.save()
    else:
        for key, value in change.items():
            setattr(contact_a, key, value)
        contact_a.save()
    contact_a.refresh_from_db()

    with pytest.raises(ValidationError) as caught:
        _invite(manager, contact_a)

    assert field in caught.value.message_dict
    assert not Invitation.objects.exists() and not mailoutbox


@pytest.mark.django_db
def test_a_person_who_already_uses_the_portal_is_not_invited_again(
    manager, supplier_a, contact_a, mailoutbox
):
    User.objects.create_user(
        "sam", role=Role.SUPPLIER_CONTACT, supplier=supplier_a, contact=contact_a
    )
    with pytest.raises(ValidationError) as caught:
        _invite(manager, contact_a)
    assert "already has portal access" in caught.value.message_dict["contact"][0]
    assert not Invitation.objects.exists()


# --- accepting ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_link_works_once_and_makes_a_portal_user_of_that_supplier_and_contact(
    client, manager, supplier_a, contact_a, mailoutbox
):
    _invite(manager, contact_a)
    path = path_of(link_in(mailoutbox[0]))

    page = client.get(path)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Alpha Packaging" in html and manager.display_name in html
    assert 'value="sam"' in html  # the user name is prefilled from the e-mail address

    response = client.post(path, GOOD)
    assert response.status_code == 302 and response["Location"] == "/"
    user = User.objects.get(username="sam.reyes")
    assert user.role == Role.SUPPLIER_CONTACT
    assert user.supplier == supplier_a and user.contact == contact_a
    assert user.email == "sam@alpha.test" and user.check_password(GOOD["password1"])
    invitation = Invitation.objects.get()
    assert invitation.user == user and invitation.accepted_at is not None
    # Signed in, on the portal's home page.
    home = client.get("/", follow=True)
    assert "Welcome, Sam Reyes" in home.content.decode()

    client.logout()
    again = client.get(path)
    assert again.status_code == 410 and "already been used" in again.content.decode()
    retry = client.post(path, {**GOOD, "username": "someone.else"})
    assert retry.status_code == 410
    assert User.objects.filter(role=Role.SUPPLIER_CONTACT).count() == 1


def _deactivated_portal_user(client, manager, contact_a, mailoutbox):
    """Sam accepted an invitation, used the portal, then was deactivated (they left)."""
    _invite(manager, contact_a)
    client.post(path_of(link_in(mailoutbox[-1])), GOOD)
    client.logout()
    user = User.objects.get(username="sam.reyes")
    user.is_active, user.is_staff = False, True  # staff: granted by hand, must not come back
    user.save()
    return user


NEW_PASSWORD = "another long sentence 43"


@pytest.mark.django_db
def test_a_deactivated_portal_user_reinvited_gets_the_same_account_back(
    client, login, manager, supplier_a, contact_a, mailoutbox
):
    old = _deactivated_portal_user(client, manager, contact_a, mailoutbox)
    _invite(manager, contact_a)  # allowed: nobody uses the portal for Sam now
    path = path_of(link_in(mailoutbox[-1]))

    html = client.get(path).content.decode()
    assert 'id="returning-account"' in html and "Reopen my account" in html
    assert 'value="sam.reyes"' in html  # the old user name, kept unless Sam changes it
    response = client.post(
        path, {"username": "sam.reyes", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert response.status_code == 302
    assert User.objects.filter(contact=contact_a).count() == 1
    user = User.objects.get(contact=contact_a)
    assert user.pk == old.pk and user.username == "sam.reyes"
    assert user.is_active and not user.is_staff and not user.is_superuser
    assert (user.role, user.supplier) == (Role.SUPPLIER_CONTACT, supplier_a)
    assert user.check_password(NEW_PASSWORD) and not user.check_password(GOOD["password1"])
    latest = Invitation.objects.latest("created_at")
    assert latest.user == user and latest.accepted_at is not None
    assert "Welcome, Sam Reyes" in client.get("/", follow=True).content.decode()
    # Audited: the reactivation is in the user's history and the supplier's trail.
    reason = f"Portal account reactivated through the invitation from {manager.display_name}."
    assert user.history.filter(history_change_reason=reason).exists()
    trail = login(manager).get(f"/suppliers/{supplier_a.pk}/history/").content.decode()
    assert "Portal invitation accepted by sam.reyes." in trail


@pytest.mark.django_db
def test_a_reactivated_account_takes_the_user_name_chosen_on_the_page(
    client, manager, contact_a, mailoutbox
):
    old = _deactivated_portal_user(client, manager, contact_a, mailoutbox)
    _invite(manager, contact_a)
    path = path_of(link_in(mailoutbox[-1]))
    client.post(path, {**GOOD, "username": "sam.again"})

    user = User.objects.get(contact=contact_a)
    assert user.pk == old.pk and user.username == "sam.again" and user.is_active
    reasons = user.history.values_list("history_change_reason", flat=True)
    assert any("reactivated (formerly sam.reyes)" in (reason or "") for reason in reasons)


@pytest.mark.django_db
def test_a_reactivation_refuses_a_user_name_taken_by_someone_else(
    client, manager, contact_a, mailoutbox
):
    old = _deactivated_portal_user(client, manager, contact_a, mailoutbox)
    _invite(manager, contact_a)
    response = client.post(path_of(link_in(mailoutbox[-1])), {**GOOD, "username": "MARA"})

    assert "This user name is taken" in response.content.decode()
    old.refresh_from_db()
    assert not old.is_active and old.username == "sam.reyes"
    assert User.objects.filter(contact=contact_a).count() == 1
    assert Invitation.objects.latest("created_at").accepted_at is None


@pytest.mark.django_db
def test_a_session_of_the_deactivated_account_does_not_come_back_with_it(
    client, login, manager, contact_a, mailoutbox
):
    _invite(manager, contact_a)
    client.post(path_of(link_in(mailoutbox[-1])), GOOD)  # Sam, signed in on this browser
    user = User.objects.get(username="sam.reyes")
    user.is_active = False
    user.save()
    _invite(manager, contact_a)
    services.accept(services_token(mailoutbox[-1]), "sam.reyes", NEW_PASSWORD)

    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def services_token(message) -> str:
    """The token of the link an invitation e-mail carries."""
    return link_in(message).rstrip("/").rsplit("/", 1)[-1]


@pytest.mark.django_db
def test_the_new_portal_user_reaches_none_of_another_suppliers_pages(
    client, manager, supplier_a, supplier_b, contact_a, mailoutbox
):
    _invite(manager, contact_a)
    client.post(path_of(link_in(mailoutbox[0])), GOOD)

    for page in (f"/suppliers/{supplier_b.pk}/", f"/suppliers/{supplier_b.pk}/contacts/"):
        assert client.get(page).status_code in (403, 404)
    assert client.get(f"{API}/suppliers/{supplier_b.pk}").status_code in (403, 404)
    assert client.get(f"{API}/suppliers/{supplier_b.pk}/invitations").status_code in (403, 404)


@pytest.mark.django_db
def test_an_expired_link_is_refused_and_creates_nothing(client, manager, contact_a, mailoutbox):
    with time_machine.travel(timezone.now() - dt.timedelta(days=8), tick=False):
        _invite(manager, contact_a)
    path = path_of(link_in(mailoutbox[0]))

    assert client.get(path).status_code == 410
    response = client.post(path, GOOD)
    assert response.status_code == 410 and "expired" in response.content.decode()
    assert not User.objects.filter(role=Role.SUPPLIER_CONTACT).exists()


@pytest.mark.django_db
def test_the_link_still_works_on_its_last_day(client, manager, contact_a, mailoutbox):
    _invite(manager, contact_a)
    path = path_of(link_in(mailoutbox[0]))
    with time_machine.travel(timezone.now() + dt.timedelta(days=6, hours=23), tick=False):
        assert client.post(path, GOOD).status_code == 302
    assert User.objects.filter(username="sam.reyes").exists()


@pytest.mark.django_db
def test_a_revoked_link_is_refused(client, manager, contact_a, mailoutbox):
    invitation = _invite(manager, contact_a)
    services.revoke(manager, invitation)
    path = path_of(link_in(mailoutbox[0]))

    response = client.post(path, GOOD)
    assert response.status_code == 410 and "withdrawn" in response.content.decode()
    assert not User.objects.filter(username="sam.reyes").exists()


@pytest.mark.django_db
def test_an_unknown_link_answers_404(client, contact_a):
    response = client.get("/account/invitation/not-a-real-token/")
    assert response.status_code == 404
    assert "do not know this link" in response.content.decode()
    assert client.post("/account/invitation/not-a-real-token/", GOOD).status_code == 404


@pytest.mark.django_db
def test_a_signed_in_user_is_told_to_sign_out_first(login, buyer, manager, contact_a, mailoutbox):
    _invite(manager, contact_a)
    path = path_of(link_in(mailoutbox[0]))
    client = login(buyer)

    page = client.get(path)
    assert page.status_code == 200 and "sign out first" in page.content.decode()
    assert client.post(path, GOOD).status_code == 403
    assert not User.objects.filter(username="sam.reyes").exists()
    assert Invitation.objects.get().accepted_at is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"password1": "short", "password2": "short"}, "password1", "too short"),
        ({"password1": "password1234", "password2": "password1234"}, "password1", "too common"),
        ({"password2": "something else entirely"}, "password2", "differ"),
        ({"username": "mara"}, "username", "taken"),
        ({"username": "MARA"}, "username", "taken"),
        ({"username": "no spaces allowed"}, "username", "valid username"),
        ({"username": ""}, "username", "required"),
    ],
)
def test_bad_input_shows_field_errors_and_creates_nothing(
    data, field, message, client, manager, contact_a, mailoutbox
):
    _invite(manager, contact_a)
    path = path_of(link_in(mailoutbox[0]))
    users_before = User.objects.count()

    response = client.post(path, {**GOOD, **data})

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert f'name="{field}"' in html and 'aria-invalid="true"' in html
    assert User.objects.count() == users_before
    assert Invitation.objects.get().accepted_at is None
    # The link still works after a mistake.
    assert client.post(path, GOOD).status_code == 302


# --- who may invite -----------------------------------------------------------------------


@pytest.mark.django_db
def test_policy_lets_managers_admins_and_the_owning_buyer_invite(
    admin_user, manager, buyer, other_buyer, viewer, portal_user_a, supplier_a
):
    assert can(admin_user, "portal.invite", supplier_a)
    assert can(manager, "portal.invite", supplier_a)
    assert can(buyer, "portal.invite", supplier_a)
    assert not can(other_buyer, "portal.invite", supplier_a)
    assert not can(viewer, "portal.invite", supplier_a)
    assert not can(portal_user_a, "portal.invite", supplier_a)


@pytest.mark.django_db
def test_the_owning_buyer_invites_from_the_supplier_page(login, buyer, contact_a, mailoutbox):
    client = login(buyer)
    page = client.get(f"/suppliers/{contact_a.supplier_id}/contacts/").content.decode()
    assert f'id="invite-{contact_a.pk}"' in page and "Invite to the portal" in page

    response = client.post(f"/account/invitations/contact/{contact_a.pk}/", follow=True)

    assert response.redirect_chain[0][0] == f"/suppliers/{contact_a.supplier_id}/contacts/"
    html = response.content.decode()
    assert "Invitation sent to sam@alpha.test" in html
    assert "pending-invitation" in html and "Revoke" in html
    assert len(mailoutbox) == 1 and Invitation.objects.get().invited_by == buyer


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["viewer", "other_buyer", "portal_user_a"])
def test_others_cannot_invite_or_revoke_from_the_pages(
    who, request, login, manager, contact_a, mailoutbox
):
    invitation = _invite(manager, contact_a)
    client = login(request.getfixturevalue(who))

    page = client.get(f"/suppliers/{contact_a.supplier_id}/contacts/")
    assert page.status_code == 403 or "Invite to the portal" not in page.content.decode()
    assert client.post(f"/account/invitations/contact/{contact_a.pk}/").status_code in (403, 404)
    revoke = client.post(f"/account/invitations/{invitation.pk}/revoke/")
    assert revoke.status_code in (403, 404)
    invitation.refresh_from_db()
    assert invitation.revoked_at is None and Invitation.objects.count() == 1


@pytest.mark.django_db
def test_the_page_explains_a_contact_without_email(login, manager, supplier_a, mailoutbox):
    contact = supplier_services.create_contact(
        manager, supplier_a, {"side": "supplier", "name": "No Mail"}
    )
    client = login(manager)
    assert (
        f'id="invite-{contact.pk}"'
        not in client.get(f"/suppliers/{supplier_a.pk}/contacts/").content.decode()
    )
    response = client.post(f"/account/invitations/contact/{contact.pk}/", follow=True)
    assert "has no e-mail address" in response.content.decode()
    assert not Invitation.objects.exists() and not mailoutbox


@pytest.mark.django_db
def test_the_supplier_page_lists_portal_access_and_revokes(
    login, manager, supplier_a, contact_a, mailoutbox
):
    invitation = _invite(manager, contact_a)
    other = supplier_services.create_contact(
        manager, supplier_a, {"side": "supplier", "name": "Lee Linked", "email": "lee@alpha.test"}
    )
    User.objects.create_user("lee", role=Role.SUPPLIER_CONTACT, supplier=supplier_a, contact=other)
    client = login(manager)
    html = client.get(f"/suppliers/{supplier_a.pk}/contacts/").content.decode()
    assert f'id="invitation-{invitation.pk}"' in html
    assert "Uses the portal as <code>lee</code>" in html
    assert f'id="invite-{other.pk}"' not in html  # already has portal access

    client.post(f"/account/invitations/{invitation.pk}/revoke/")
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    html = client.get(f"/suppliers/{supplier_a.pk}/contacts/").content.decode()
    assert f'id="invitation-{invitation.pk}"' not in html


@pytest.mark.django_db
def test_invitations_appear_in_the_suppliers_audit_trail(
    client, login, manager, contact_a, mailoutbox
):
    first = _invite(manager, contact_a)
    services.revoke(manager, first)
    _invite(manager, contact_a)
    client.post(path_of(link_in(mailoutbox[1])), GOOD)

    html = login(manager).get(f"/suppliers/{contact_a.supplier_id}/history/").content.decode()
    # Two invitations: each created, then one revoked and the other accepted.
    assert html.count("<strong>Portal invitation for sam@alpha.test</strong>") == 4
    assert "Portal invitation sent to sam@alpha.test." in html
    assert "Portal invitation for sam@alpha.test revoked." in html
    assert "Portal invitation accepted by sam.reyes." in html


# --- API ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_api_invites_lists_and_revokes_without_showing_the_token(
    manager, supplier_a, contact_a, mailoutbox
):
    api = token_client(manager)
    created = api.post(f"{API}/contacts/{contact_a.pk}/invitations")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "pending" and body["email"] == "sam@alpha.test"
    assert body["contact"]["id"] == contact_a.pk and body["supplier"]["id"] == supplier_a.pk
    token = link_in(mailoutbox[0]).rstrip("/").rsplit("/", 1)[1]
    assert token not in created.content.decode() and "token" not in body

    listed = api.get(f"{API}/suppliers/{supplier_a.pk}/invitations").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == body["id"]

    revoked = api.post(f"{API}/invitations/{body['id']}/revoke")
    assert revoked.status_code == 200 and revoked.json()["status"] == "revoked"


@pytest.mark.django_db
def test_api_names_the_field_for_people_who_cannot_be_invited(
    manager, supplier_a, supplier_b, mailoutbox
):
    ours = supplier_services.create_contact(
        manager, supplier_a, {"side": "ours", "name": "Our Olly", "email": "olly@us.test"}
    )
    no_mail = supplier_services.create_contact(
        manager, supplier_a, {"side": "supplier", "name": "No Mail"}
    )
    api = token_client(manager)
    for contact in (ours, no_mail):
        response = api.post(f"{API}/contacts/{contact.pk}/invitations")
        assert response.status_code == 400
        assert error_fields(response) == {"contact"}
    assert api.post(f"{API}/contacts/999999/invitations").status_code == 404
    assert api.post(f"{API}/contacts/abc/invitations").status_code == 422
    assert not Invitation.objects.exists() and not mailoutbox


@pytest.mark.django_db
def test_api_refuses_revoking_an_accepted_invitation(client, manager, contact_a, mailoutbox):
    invitation = _invite(manager, contact_a)
    client.post(path_of(link_in(mailoutbox[0])), GOOD)
    response = token_client(manager).post(f"{API}/invitations/{invitation.pk}/revoke")
    assert response.status_code == 400 and error_fields(response) == {"invitation"}


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["viewer", "other_buyer", "portal_user_a", "portal_user_b"])
def test_api_refuses_people_not_allowed(who, request, manager, supplier_a, contact_a, mailoutbox):
    invitation = _invite(manager, contact_a)
    api = token_client(request.getfixturevalue(who))

    assert api.post(f"{API}/contacts/{contact_a.pk}/invitations").status_code in (403, 404)
    assert api.post(f"{API}/invitations/{invitation.pk}/revoke").status_code in (403, 404)
    listed = api.get(f"{API}/suppliers/{supplier_a.pk}/invitations").status_code
    assert listed == 200 if who in ("viewer", "other_buyer") else listed in (403, 404)
    invitation.refresh_from_db()
    assert invitation.revoked_at is None and Invitation.objects.count() == 1
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_api_refuses_anonymous_callers(client, supplier_a, contact_a):
    assert client.post(f"{API}/contacts/{contact_a.pk}/invitations").status_code == 401
    assert client.get(f"{API}/suppliers/{supplier_a.pk}/invitations").status_code == 401


@pytest.mark.django_db
def test_invitation_list_runs_bounded_queries(
    manager, supplier_a, mailoutbox, django_assert_max_num_queries
):
    for i in range(60):
        contact = supplier_services.create_contact(
            manager, supplier_a,
            {"side": "supplier", "name": f"Person {i}", "email": f"p{i}@alpha.test"},
        )  # fmt: skip
        invitation = _invite(manager, contact)
        if i % 3 == 0:
            services.revoke(manager, invitation)
    api = token_client(manager)
    # Token look-up and its last-used stamp, the supplier, the count and one page of rows.
    with django_assert_max_num_queries(6):
        response = api.get(f"{API}/suppliers/{supplier_a.pk}/invitations?limit=200")
    body = response.json()
    assert body["count"] == 60 and len(body["items"]) == 60
    assert sum(item["status"] == "revoked" for item in body["items"]) == 20


@pytest.mark.django_db
def test_portal_access_on_the_supplier_page_costs_the_same_for_many_people(
    login, manager, supplier_a, mailoutbox
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(manager)
    counts = []
    for batch in (1, 30):
        for i in range(batch):
            contact = supplier_services.create_contact(
                manager, supplier_a,
                {"side": "supplier", "name": f"P{batch}-{i}", "email": f"p{batch}.{i}@a.test"},
            )  # fmt: skip
            if i % 2:
                User.objects.create_user(
                    f"u{batch}-{i}", role=Role.SUPPLIER_CONTACT, supplier=supplier_a,
                    contact=contact,
                )  # fmt: skip
            else:
                _invite(manager, contact)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/suppliers/{supplier_a.pk}/contacts/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_an_empty_form_shows_what_is_missing(client, manager, contact_a, mailoutbox):
    _invite(manager, contact_a)
    response = client.post(path_of(link_in(mailoutbox[0])), {})
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    assert Invitation.objects.get().accepted_at is None


@pytest.mark.django_db
def test_a_line_break_in_a_name_keeps_the_subject_on_one_line(
    manager, supplier_a, contact_a, mailoutbox
):
    supplier_a.name = "Alpha\nPackaging"
    supplier_a.save()
    contact_a.refresh_from_db()
    _invite(manager, contact_a)
    expected = f"{manager.display_name} invites you to the Alpha Packaging supplier portal"
    assert mailoutbox[0].subject == expected


@pytest.mark.django_db
def test_an_email_that_cannot_be_sent_keeps_nothing(manager, contact_a, monkeypatch):
    import smtplib

    older = _invite(manager, contact_a)

    def refuse(*args, **kwargs):
        raise smtplib.SMTPException("relay refused")

    monkeypatch.setattr(services, "send_mail", refuse)
    with pytest.raises(ValidationError) as caught:
        _invite(manager, contact_a)
    assert "could not be sent" in caught.value.message_dict["email"][0]
    older.refresh_from_db()
    assert older.revoked_at is None and Invitation.objects.count() == 1
