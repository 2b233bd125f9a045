"""Single sign-on with OpenID Connect, end to end against a provider the tests start
themselves on 127.0.0.1 (tests/accounts/oidc_provider.py): the Django test client follows
the real flow (start page → provider's authorisation → callback → token, keys and userinfo
fetched over HTTP), with no outside network."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.test import Client

from partnerbook.accounts.domain import parse_role_map, role_from_claim
from partnerbook.accounts.models import Role, User
from partnerbook.accounts.policy import SSO_SESSION
from tests.factories import UserFactory

from .oidc_provider import RunningProvider, configure

PASSWORD = "pw-for-tests-1"


@pytest.fixture(scope="module")
def running_provider():
    with RunningProvider() as provider:
        yield provider


@pytest.fixture
def provider(running_provider, settings, db):
    """The local provider, Partnerbook configured for it, and Erin Engel as the person it
    signs in (a buyer at the provider)."""
    running_provider.tamper.clear()
    running_provider.claims = {
        "sub": "erin-0001",
        "email": "erin@example.com",
        "email_verified": True,
        "preferred_username": "erin",
        "given_name": "Erin",
        "family_name": "Engel",
        "groups": ["everyone", "pb-buyers"],
    }
    configure(settings, running_provider)
    return running_provider


def sso_sign_in(client: Client, next_url: str = "", *, tamper_state: bool = False):
    """Click "Sign in with …", let the provider answer, and return the callback's response."""
    start = client.get("/account/sso/start/" + (f"?next={next_url}" if next_url else ""))
    assert start.status_code == 302, start.status_code
    answer = requests.get(start["Location"], allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    back = urlsplit(answer.headers["Location"])
    assert back.netloc == "testserver" and back.path == "/account/sso/callback/"
    query = back.query
    if tamper_state:
        code = parse_qs(query)["code"][0]
        query = f"code={code}&state=someone-elses-state"
    return client.get(f"{back.path}?{query}")


# --- off unless configured --------------------------------------------------------------


@pytest.mark.django_db
def test_without_configuration_there_is_no_button_and_the_pages_answer_404(client):
    page = client.get("/login/")
    assert page.status_code == 200
    assert b"sso-sign-in" not in page.content
    assert client.get("/account/sso/start/").status_code == 404
    assert client.get("/account/sso/callback/?code=x&state=y").status_code == 404


def test_the_sign_in_page_offers_the_provider_when_configured(client, provider):
    page = client.get("/login/?next=/suppliers/")
    assert b'id="sso-sign-in"' in page.content
    assert b"Sign in with Test Identity" in page.content
    assert b"/account/sso/start/?next=/suppliers/" in page.content


# --- who gets in, with which role ---------------------------------------------------------


def test_a_new_colleague_signs_in_with_the_mapped_role(client, provider):
    response = sso_sign_in(client)
    assert response.status_code == 302 and response["Location"] == "/"
    erin = User.objects.get(oidc_subject="erin-0001")
    assert (erin.username, erin.email, erin.role) == ("erin", "erin@example.com", Role.BUYER)
    assert (erin.first_name, erin.last_name) == ("Erin", "Engel")
    assert not erin.has_usable_password()
    assert client.session[SSO_SESSION] is True
    assert client.get("/", follow=True).redirect_chain[-1][0] == "/suppliers/"
    sent = provider.authorize_requests[-1]
    assert sent["code_challenge_method"] == "S256" and sent["nonce"] and sent["state"]
    assert "Account opened by single sign-on" in erin.history.last().history_change_reason


def test_the_strongest_mapped_group_wins(client, provider):
    provider.claims["groups"] = ["pb-buyers", "pb-managers"]
    sso_sign_in(client)
    assert User.objects.get(oidc_subject="erin-0001").role == Role.MANAGER


def test_someone_without_the_claim_gets_the_default_role(client, provider):
    del provider.claims["groups"]
    assert sso_sign_in(client).status_code == 302
    assert User.objects.get(oidc_subject="erin-0001").role == Role.VIEWER


def test_the_default_role_is_a_setting(client, provider, settings):
    settings.PARTNERBOOK_OIDC_DEFAULT_ROLE = "buyer"
    provider.claims["groups"] = ["everyone"]
    sso_sign_in(client)
    assert User.objects.get(oidc_subject="erin-0001").role == Role.BUYER


def test_without_a_default_role_an_unmapped_person_is_refused_with_a_reason(
    client, provider, settings
):
    settings.PARTNERBOOK_OIDC_DEFAULT_ROLE = ""
    provider.claims["groups"] = ["everyone"]
    response = sso_sign_in(client)
    assert response.status_code == 403
    assert b"has no role in Partnerbook" in response.content
    assert not User.objects.filter(oidc_subject="erin-0001").exists()
    assert "_auth_user_id" not in client.session


def test_the_role_follows_the_claim_at_the_next_sign_in_and_the_change_is_recorded(
    client, provider
):
    erin = UserFactory(username="erin.engel", email="Erin@Example.com", role=Role.VIEWER)
    sso_sign_in(client)
    erin.refresh_from_db()
    assert (erin.role, erin.oidc_subject) == (Role.BUYER, "erin-0001")  # matched by e-mail
    provider.claims["groups"] = ["pb-admins"]
    provider.claims["email"] = "erin.engel@new-domain.example"  # still her, by subject
    sso_sign_in(Client())
    erin.refresh_from_db()
    assert erin.role == Role.ADMIN and erin.email.lower() == "erin@example.com"
    reasons = [r for r in erin.history.values_list("history_change_reason", flat=True) if r]
    assert "role changed from buyer to admin" in reasons[0]
    assert "role changed from viewer to buyer" in reasons[1]
    assert User.objects.filter(email__icontains="erin").count() == 1


def test_an_unverified_address_links_no_account(client, provider):
    erin = UserFactory(username="erin.engel", email="erin@example.com", role=Role.MANAGER)
    provider.claims["email_verified"] = False
    response = sso_sign_in(client)
    assert response.status_code == 403
    assert b"verified e-mail address" in response.content
    erin.refresh_from_db()
    assert erin.oidc_subject == "" and erin.role == Role.MANAGER


def test_a_trusted_provider_may_leave_out_email_verified(client, provider, settings):
    settings.PARTNERBOOK_OIDC_TRUST_EMAIL = True
    erin = UserFactory(username="erin.engel", email="erin@example.com", role=Role.MANAGER)
    del provider.claims["email_verified"]
    sso_sign_in(client)
    erin.refresh_from_db()
    assert erin.oidc_subject == "erin-0001"


def test_a_switched_off_account_is_refused(client, provider):
    UserFactory(username="erin.engel", email="erin@example.com", is_active=False)
    response = sso_sign_in(client)
    assert response.status_code == 403 and b"switched off" in response.content


def test_a_portal_user_signs_in_through_the_provider_and_keeps_the_portal_role(
    client, provider, portal_user_a
):
    provider.claims.update(sub="pat-at-alpha", email=portal_user_a.email, groups=["pb-admins"])
    response = sso_sign_in(client)
    assert response.status_code == 302
    portal_user_a.refresh_from_db()
    assert portal_user_a.role == Role.SUPPLIER_CONTACT
    assert portal_user_a.oidc_subject == "pat-at-alpha"
    assert client.get("/", follow=True).redirect_chain[-1][0] == "/portal/"


def test_the_next_page_is_kept_through_the_provider(client, provider, viewer):
    sso_sign_in(client, next_url="/portfolio/")
    assert client.get("/portfolio/").status_code == 200
    response = sso_sign_in(Client(), next_url="/portfolio/")
    assert response["Location"] == "/portfolio/"


def test_explicit_endpoints_need_no_discovery(client, provider, settings):
    settings.PARTNERBOOK_OIDC_AUTHORIZATION_ENDPOINT = provider.endpoint("authorize")
    settings.PARTNERBOOK_OIDC_TOKEN_ENDPOINT = provider.endpoint("token")
    settings.PARTNERBOOK_OIDC_USERINFO_ENDPOINT = provider.endpoint("userinfo")
    settings.PARTNERBOOK_OIDC_JWKS_ENDPOINT = provider.endpoint("jwks")
    settings.PARTNERBOOK_OIDC_ISSUER = provider.issuer + "/"  # a trailing slash is tolerated
    assert sso_sign_in(client).status_code == 302


def test_an_administrator_signed_in_by_the_provider_skips_our_own_second_factor(
    client, provider, settings
):
    settings.PARTNERBOOK_REQUIRE_2FA_FOR_ADMINS = True
    provider.claims["groups"] = ["pb-admins"]
    sso_sign_in(client)
    assert client.get("/suppliers/").status_code == 200
    assert client.get("/api/v1/suppliers").status_code == 200
    # The same administrator signed in with a password (no second factor) is held back.
    admin = User.objects.get(oidc_subject="erin-0001")
    admin.set_password(PASSWORD)
    admin.save()
    by_password = Client()
    by_password.post("/login/", {"username": admin.username, "password": PASSWORD})
    assert by_password.get("/suppliers/")["Location"] == "/account/two-factor/"


# --- forged or broken answers are refused -------------------------------------------------


def test_a_callback_with_a_foreign_state_is_refused(client, provider):
    response = sso_sign_in(client, tamper_state=True)
    assert response.status_code == 400
    assert b"could not be checked" in response.content
    assert not User.objects.filter(oidc_subject="erin-0001").exists()


@pytest.mark.parametrize(
    "tamper",
    [{"nonce": "replayed-nonce"}, {"aud": "another-app"}, {"iss": "http://evil.example"},
     {"lifetime": -120}],
    ids=["nonce", "audience", "issuer", "expired"],
)  # fmt: skip
def test_an_id_token_that_does_not_check_out_is_refused(client, provider, tamper):
    provider.tamper.update(tamper)
    response = sso_sign_in(client)
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(oidc_subject="erin-0001").exists()


def test_a_callback_nobody_started_is_refused(client, provider):
    response = client.get("/account/sso/callback/?code=abc&state=def")
    assert response.status_code == 403
    assert b"Back to the sign-in page" in response.content


def test_the_provider_saying_no_is_shown(client, provider):
    response = client.get("/account/sso/callback/?error=access_denied&state=x")
    assert response.status_code == 403 and b"did not sign you in" in response.content


def test_an_unreachable_provider_is_a_page_not_an_error(client, provider, settings):
    settings.PARTNERBOOK_OIDC_ISSUER = "http://127.0.0.1:9/nowhere"
    response = client.get("/account/sso/start/")
    assert response.status_code == 503
    assert b"cannot be reached" in response.content


def test_a_malformed_role_map_stops_sign_in_with_a_reason(client, provider, settings):
    settings.PARTNERBOOK_OIDC_ROLE_MAP = "pb-admins=superhero"
    response = sso_sign_in(client)
    assert response.status_code == 503 and b"not set up correctly" in response.content


# --- passwords switched off -----------------------------------------------------------------


def test_with_local_login_off_our_people_are_sent_to_the_provider(
    client, provider, settings, buyer
):
    settings.PARTNERBOOK_LOCAL_LOGIN = False
    page = client.get("/login/")
    assert b"password form below is for suppliers" in page.content
    response = client.post("/login/", {"username": buyer.username, "password": PASSWORD})
    assert response.status_code == 200
    assert b"Passwords are switched off for your account: sign in with Test Identity" in (
        response.content
    )
    assert "_auth_user_id" not in client.session
    wrong = client.post("/login/", {"username": buyer.username, "password": "wrong-one"})
    assert b"Passwords are switched off" not in wrong.content  # says nothing without it


def test_with_local_login_off_portal_passwords_still_work(client, provider, settings,
                                                          portal_user_a):  # fmt: skip
    settings.PARTNERBOOK_LOCAL_LOGIN = False
    response = client.post("/login/", {"username": portal_user_a.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(portal_user_a.pk)


def test_portal_passwords_can_be_switched_off_too(client, provider, settings, portal_user_a):
    settings.PARTNERBOOK_LOCAL_LOGIN = False
    settings.PARTNERBOOK_PORTAL_PASSWORDS = False
    page = client.get("/login/")
    assert b'name="password"' not in page.content and b"sso-sign-in" in page.content
    response = client.post("/login/", {"username": portal_user_a.username, "password": PASSWORD})
    assert response.status_code == 200 and b"sign in with Test Identity" in response.content


@pytest.mark.django_db
def test_local_login_off_without_a_provider_says_to_ask_an_administrator(client, settings,
                                                                         buyer):  # fmt: skip
    settings.PARTNERBOOK_LOCAL_LOGIN = False
    response = client.post("/login/", {"username": buyer.username, "password": PASSWORD})
    assert b"Ask an administrator" in response.content


# --- configuration --------------------------------------------------------------------------


def test_role_map_parsing_and_the_strongest_role():
    assert parse_role_map("a=admin; b = buyer ,, c=d=viewer") == {
        "a": "admin", "b": "buyer", "c=d": "viewer"
    }  # fmt: skip
    for bad in ("pb-portal=supplier_contact", "no-equals-sign", "=viewer"):
        with pytest.raises(ValueError, match="claim-value=role"):
            parse_role_map(bad)
    mapping = {"a": "admin", "b": "buyer"}
    assert role_from_claim(["b", "a"], mapping, "viewer") == "admin"
    assert role_from_claim("b", mapping, "viewer") == "buyer"
    assert role_from_claim(None, mapping, "viewer") == "viewer"
    assert role_from_claim({"a": 1}, mapping, "") is None
    assert role_from_claim(["x"], mapping, "supplier_contact") is None


def _settings_from(env: dict[str, str]) -> dict[str, object]:
    code = (
        "import json, partnerbook.settings as s; print(json.dumps({k: getattr(s, k) for k in "
        "dir(s) if k.startswith(('PARTNERBOOK_OIDC', 'PARTNERBOOK_LOCAL', 'PARTNERBOOK_PORTAL_P'"
        ", 'AUTHENTICATION_BACKENDS'))}))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PARTNERBOOK_OIDC")}
    clean.pop("PARTNERBOOK_LOCAL_LOGIN", None)
    clean.pop("PARTNERBOOK_PORTAL_PASSWORDS", None)
    done = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], env={**clean, **env}, capture_output=True, text=True,
        check=True, timeout=60,
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_settings_come_from_the_environment():
    off = _settings_from({})
    assert off["PARTNERBOOK_OIDC_ENABLED"] is False
    assert not any("oidc" in b for b in off["AUTHENTICATION_BACKENDS"])
    assert off["PARTNERBOOK_LOCAL_LOGIN"] is True and off["PARTNERBOOK_PORTAL_PASSWORDS"] is True
    assert off["PARTNERBOOK_OIDC_DEFAULT_ROLE"] == "viewer"
    on = _settings_from({
        "PARTNERBOOK_OIDC_ISSUER": "https://id.example.com/realms/acme/",
        "PARTNERBOOK_OIDC_CLIENT_ID": "partnerbook",
        "PARTNERBOOK_OIDC_CLIENT_SECRET": "s3cret",
        "PARTNERBOOK_OIDC_NAME": "Acme ID",
        "PARTNERBOOK_OIDC_ROLE_CLAIM": "groups",
        "PARTNERBOOK_OIDC_DEFAULT_ROLE": "",
        "PARTNERBOOK_LOCAL_LOGIN": "0",
        "PARTNERBOOK_PORTAL_PASSWORDS": "off",
    })  # fmt: skip
    assert on["PARTNERBOOK_OIDC_ENABLED"] is True
    assert on["PARTNERBOOK_OIDC_ISSUER"] == "https://id.example.com/realms/acme"
    assert on["AUTHENTICATION_BACKENDS"][-1] == "partnerbook.accounts.oidc.SingleSignOnBackend"
    assert (on["PARTNERBOOK_OIDC_NAME"], on["PARTNERBOOK_OIDC_ROLE_CLAIM"]) == ("Acme ID", "groups")
    assert on["PARTNERBOOK_OIDC_DEFAULT_ROLE"] == ""
    assert on["PARTNERBOOK_LOCAL_LOGIN"] is False and on["PARTNERBOOK_PORTAL_PASSWORDS"] is False
