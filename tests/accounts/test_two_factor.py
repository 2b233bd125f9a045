"""Two-factor sign-in (TOTP with django-otp): set-up, the code step after the password,
recovery codes, turning it off, throttling of wrong codes, and the setting that requires it
of administrators (web pages and session API refused, API tokens unaffected)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnerbook.accounts import services
from partnerbook.accounts.models import Role
from tests.api import API, token_client
from tests.factories import UserFactory

from ..conftest import PASSWORD

PAGE = "/account/two-factor/"
VERIFY = "/account/two-factor/verify/"
LOGIN = "/login/"
START = dt.datetime(2026, 3, 2, 9, 0, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock():
    """A frozen clock: codes are computed for the same moment the server checks them."""
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def code_now(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def wrong_code(device: TOTPDevice) -> str:
    return f"{(int(code_now(device)) + 1) % 1_000_000:06d}"


def enable(user, clock) -> list[str]:
    """Turn two-factor sign-in on for `user` through the services; the clock then moves on
    by a time step, as a code is good only once."""
    device = services.start_two_factor(user)
    codes = services.confirm_two_factor(user, code_now(device))
    clock.shift(30)
    return codes


def app_device(user) -> TOTPDevice:
    return TOTPDevice.objects.get(user=user, confirmed=True)


def password_step(client: Client, user, next_url: str = "") -> object:
    data = {"username": user.username, "password": PASSWORD}
    return client.post(LOGIN + (f"?next={next_url}" if next_url else ""), data)


def is_signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def reasons(user) -> list[str]:
    return list(user.history.values_list("history_change_reason", flat=True))


# --- set-up ------------------------------------------------------------------------------


def test_set_up_confirms_the_app_only_with_a_right_code(buyer, login, clock):
    client = login(buyer)
    assert client.post(f"{PAGE}setup/")["Location"] == PAGE
    device = TOTPDevice.objects.get(user=buyer)
    page = client.get(PAGE).content.decode()
    assert 'id="two-factor-secret"' in page and services.base32_secret(device) in page
    assert 'src="data:image/svg+xml' in page and "otpauth://totp/Partnerbook" in page

    wrong = client.post(f"{PAGE}confirm/", {"code": wrong_code(device)})
    assert wrong.status_code == 400 and "This code is not right" in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed and not services.has_two_factor(buyer)

    clock.shift(5)  # past the short pause after a wrong code
    right = client.post(f"{PAGE}confirm/", {"code": code_now(device)})

    assert right.status_code == 200
    shown = right.content.decode()
    codes = list(StaticToken.objects.filter(device__user=buyer).values_list("token", flat=True))
    assert len(codes) == 10 and all(code in shown for code in codes)
    assert services.has_two_factor(buyer)
    # The session that set it up counts as signed in with the second factor.
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert "Two-factor sign-in turned on." in reasons(buyer)
    # The recovery codes are shown once only.
    assert not any(code in client.get(PAGE).content.decode() for code in codes)


def test_the_audit_history_never_holds_the_secret(buyer, clock):
    enable(buyer, clock)
    key = app_device(buyer).key
    for row in buyer.history.values():
        assert all(key not in str(value) for value in row.values())


def test_set_up_cannot_start_twice_once_on(buyer, login, clock):
    enable(buyer, clock)
    client = login(buyer)
    response = client.post(f"{PAGE}setup/", follow=True)
    assert "already on" in response.content.decode()
    assert TOTPDevice.objects.filter(user=buyer).count() == 1


# --- sign-in -----------------------------------------------------------------------------


def test_a_user_without_the_app_signs_in_with_the_password_alone(buyer):
    client = Client()
    response = password_step(client, buyer)
    assert response.status_code == 302 and response["Location"] == "/"
    assert is_signed_in(client)


def test_with_the_app_on_the_password_is_not_enough(buyer, clock):
    enable(buyer, clock)
    client = Client()

    response = password_step(client, buyer, next_url="/suppliers/")

    assert response.status_code == 302 and response["Location"] == VERIFY
    assert not is_signed_in(client)
    assert client.get("/suppliers/")["Location"].startswith(LOGIN)
    page = client.get(VERIFY)
    assert page.status_code == 200 and 'name="code"' in page.content.decode()

    done = client.post(VERIFY, {"code": code_now(app_device(buyer))})

    assert done.status_code == 302 and done["Location"] == "/suppliers/"
    assert is_signed_in(client) and client.session[DEVICE_ID_SESSION_KEY]
    assert client.get("/suppliers/").status_code == 200


def test_a_wrong_code_is_a_field_error_and_signs_nobody_in(buyer, clock):
    enable(buyer, clock)
    client = Client()
    password_step(client, buyer)

    response = client.post(VERIFY, {"code": wrong_code(app_device(buyer))})

    page = response.content.decode()
    assert response.status_code == 200
    assert 'aria-invalid="true"' in page and "This code is not right" in page
    assert not is_signed_in(client)


def test_a_code_is_good_once(buyer, clock):
    enable(buyer, clock)
    code = code_now(app_device(buyer))
    first = Client()
    password_step(first, buyer)
    assert first.post(VERIFY, {"code": code}).status_code == 302

    second = Client()
    password_step(second, buyer)
    clock.shift(5)
    assert second.post(VERIFY, {"code": code}).status_code == 200
    assert not is_signed_in(second)


def test_a_recovery_code_signs_in_once(buyer, clock):
    codes = enable(buyer, clock)
    client = Client()
    password_step(client, buyer)

    response = client.post(VERIFY, {"code": codes[0].upper()}, follow=True)

    assert is_signed_in(client)
    assert "recovery code; 9 left" in response.content.decode()
    assert services.two_factor_state(buyer) == services.TwoFactorState(True, 9)
    client.post("/logout/")

    again = Client()
    password_step(again, buyer)
    assert "This code is not right" in again.post(VERIFY, {"code": codes[0]}).content.decode()
    assert not is_signed_in(again)


def test_the_code_page_without_a_password_first_sends_to_sign_in(client, db):
    response = client.get(VERIFY)
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert client.post(VERIFY, {"code": "123456"})["Location"] == LOGIN


def test_the_password_step_expires_after_five_minutes(buyer, clock):
    enable(buyer, clock)
    client = Client()
    password_step(client, buyer)
    clock.shift(301)

    response = client.post(VERIFY, {"code": code_now(app_device(buyer))})

    assert response["Location"] == LOGIN and not is_signed_in(client)


def test_the_next_address_must_be_on_this_site(buyer, clock):
    enable(buyer, clock)
    client = Client()
    password_step(client, buyer, next_url="https://evil.example/")
    assert client.post(VERIFY, {"code": code_now(app_device(buyer))})["Location"] == "/"


def test_the_admin_sign_in_form_sends_to_the_two_step_sign_in(client, admin_user, clock):
    enable(admin_user, clock)
    assert client.get("/admin/login/?next=/admin/")["Location"] == "/login/?next=/admin/"
    posted = client.post("/admin/login/", {"username": admin_user.username, "password": PASSWORD})
    assert posted["Location"].startswith(LOGIN) and not is_signed_in(client)


# --- throttling --------------------------------------------------------------------------


def test_right_after_a_wrong_code_the_app_asks_to_wait(buyer, clock):
    enable(buyer, clock)
    client = Client()
    password_step(client, buyer)
    client.post(VERIFY, {"code": wrong_code(app_device(buyer))})
    clock.shift(1)
    client.post(VERIFY, {"code": wrong_code(app_device(buyer))})

    response = client.post(VERIFY, {"code": code_now(app_device(buyer))})

    assert "wait 2 seconds" in response.content.decode() and not is_signed_in(client)
    clock.shift(2)
    assert client.post(VERIFY, {"code": code_now(app_device(buyer))}).status_code == 302


def test_wrong_codes_lock_the_sign_in_out_like_wrong_passwords(buyer, clock):
    enable(buyer, clock)
    client = Client()
    password_step(client, buyer)
    statuses, guesses = [], []
    for _ in range(5):
        clock.shift(20)  # past the app's own pause, so each try is a real guess
        guesses.append(wrong_code(app_device(buyer)))
        statuses.append(client.post(VERIFY, {"code": guesses[-1]}).status_code)

    assert statuses == [200, 200, 200, 200, 429]
    attempt = AccessAttempt.objects.get(username=buyer.username)
    assert attempt.failures_since_start == 5
    assert not any(guess in attempt.post_data for guess in guesses)  # codes are not kept
    # The second step is gone, and the password step is locked out too.
    assert client.post(VERIFY, {"code": code_now(app_device(buyer))})["Location"] == LOGIN
    locked = password_step(client, buyer)
    assert locked.status_code == 429 and not is_signed_in(client)


def test_a_right_code_clears_the_failed_attempts(buyer, clock):
    enable(buyer, clock)
    client = Client()
    password_step(client, buyer)
    client.post(VERIFY, {"code": wrong_code(app_device(buyer))})
    clock.shift(5)
    client.post(VERIFY, {"code": code_now(app_device(buyer))})
    assert is_signed_in(client) and not AccessAttempt.objects.exists()


# --- recovery codes and turning it off ---------------------------------------------------


def test_new_recovery_codes_replace_the_old_ones(buyer, login, clock):
    old = enable(buyer, clock)
    client = login(buyer)

    response = client.post(f"{PAGE}recovery-codes/", {"password": PASSWORD})

    new = list(StaticToken.objects.filter(device__user=buyer).values_list("token", flat=True))
    assert response.status_code == 200 and all(code in response.content.decode() for code in new)
    assert not set(old) & set(new) and len(new) == 10
    assert "Two-factor recovery codes replaced." in reasons(buyer)


def test_new_recovery_codes_need_a_code_or_the_password(buyer, login, clock):
    old = enable(buyer, clock)
    response = login(buyer).post(f"{PAGE}recovery-codes/", {"password": "nope"})
    assert response.status_code == 400 and "your password" in response.content.decode()
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(old)


def test_turning_it_off_with_the_password(buyer, login, clock):
    enable(buyer, clock)
    client = login(buyer)

    response = client.post(f"{PAGE}disable/", {"password": PASSWORD}, follow=True)

    assert "Two-factor sign-in is off" in response.content.decode()
    assert not TOTPDevice.objects.exists() and not StaticDevice.objects.exists()
    assert "Two-factor sign-in turned off." in reasons(buyer)
    fresh = Client()
    password_step(fresh, buyer)
    assert is_signed_in(fresh)


def test_turning_it_off_with_a_current_code(buyer, login, clock):
    enable(buyer, clock)
    login(buyer).post(f"{PAGE}disable/", {"code": code_now(app_device(buyer))})
    assert not services.has_two_factor(buyer)


def test_turning_it_off_refuses_a_wrong_answer_and_then_every_answer(buyer, login, clock):
    enable(buyer, clock)
    client = login(buyer)
    for _ in range(5):
        response = client.post(f"{PAGE}disable/", {"password": "not-it"})
        assert response.status_code == 400 and 'aria-invalid="true"' in response.content.decode()
    assert client.post(f"{PAGE}disable/", {"code": ""}).status_code == 400

    blocked = client.post(f"{PAGE}disable/", {"password": PASSWORD})

    assert "Too many wrong answers" in blocked.content.decode()
    assert services.has_two_factor(buyer)


def test_an_administrator_turns_it_off_for_someone_who_lost_their_phone(
    admin_user, buyer, login, clock
):
    enable(buyer, clock)
    response = login(admin_user).post(
        "/admin/accounts/user/",
        {"action": "turn_off_two_factor", "_selected_action": [buyer.pk]},
    )
    assert response.status_code == 302 and not services.has_two_factor(buyer)
    assert f"Two-factor sign-in turned off by {admin_user.display_name}." in reasons(buyer)


def test_the_admin_does_not_show_the_secrets(admin_user, login):
    client = login(admin_user)
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 404
    assert client.get("/admin/otp_static/staticdevice/").status_code == 404


# --- permissions -------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    assert client.get(PAGE)["Location"] == f"{LOGIN}?next={PAGE}"
    for action in ("setup/", "confirm/", "recovery-codes/", "disable/"):
        assert client.post(f"{PAGE}{action}")["Location"].startswith(LOGIN)
    assert not TOTPDevice.objects.exists()


def test_the_pages_refuse_other_methods(buyer, login):
    client = login(buyer)
    assert client.post(PAGE).status_code == 405
    assert client.get(f"{PAGE}setup/").status_code == 405
    assert client.get(f"{PAGE}disable/").status_code == 405


def test_a_portal_user_sets_it_up_from_the_account_menu(portal_user_a, login, clock):
    client = login(portal_user_a)
    assert f'href="{PAGE}"' in client.get("/", follow=True).content.decode()
    client.post(f"{PAGE}setup/")
    client.post(f"{PAGE}confirm/", {"code": code_now(TOTPDevice.objects.get())})
    assert services.has_two_factor(portal_user_a)


def test_a_confirm_without_a_set_up_is_a_field_error(buyer, login):
    response = login(buyer).post(f"{PAGE}confirm/", {"code": "123456"})
    assert response.status_code == 400 and "Start the set-up again" in response.content.decode()


def test_a_code_that_is_too_long_is_refused(buyer, login):
    client = login(buyer)
    client.post(f"{PAGE}setup/")
    response = client.post(f"{PAGE}confirm/", {"code": "1" * 500})
    assert response.status_code == 400 and 'aria-invalid="true"' in response.content.decode()


# --- the API -----------------------------------------------------------------------------


def test_the_api_tells_the_caller_their_state(buyer, viewer, clock):
    enable(buyer, clock)
    on = token_client(buyer).get(f"{API}/account/two-factor")
    off = token_client(viewer).get(f"{API}/account/two-factor")
    assert on.json() == {"enabled": True, "recovery_codes_left": 10}
    assert off.json() == {"enabled": False, "recovery_codes_left": 0}


def test_the_api_state_is_for_portal_users_too_and_not_for_strangers(portal_user_a, client):
    assert token_client(portal_user_a).get(f"{API}/account/two-factor").status_code == 200
    assert client.get(f"{API}/account/two-factor").status_code == 401


# --- required for administrators -----------------------------------------------------------


@pytest.fixture
def required(settings):
    settings.PARTNERBOOK_REQUIRE_2FA_FOR_ADMINS = True


def test_an_administrator_without_the_app_is_kept_on_the_set_up(required, admin_user):
    client = Client()
    password_step(client, admin_user)

    landing = client.get("/", follow=True)

    assert landing.redirect_chain[-1][0] == PAGE
    assert "Your role requires two-factor sign-in" in landing.content.decode()
    for blocked in ("/suppliers/", "/account/tokens/", "/portfolio/"):
        assert client.get(blocked)["Location"] == PAGE, blocked
    assert client.get(PAGE).status_code == 200
    assert client.get("/healthz").status_code == 200


def test_the_session_api_refuses_such_an_administrator_but_tokens_work(required, admin_user):
    client = Client()
    password_step(client, admin_user)

    refused = client.get(f"{API}/suppliers")
    junk_token = client.get(f"{API}/suppliers", headers={"Authorization": "Bearer pbk_junk"})

    assert refused.status_code == 403 and junk_token.status_code == 403
    assert "Two-factor sign-in is required" in refused.json()["detail"]
    assert token_client(admin_user).get(f"{API}/suppliers").status_code == 200


def test_after_set_up_the_administrator_goes_everywhere(required, admin_user, clock):
    client = Client()
    password_step(client, admin_user)
    client.post(f"{PAGE}setup/")
    client.post(f"{PAGE}confirm/", {"code": code_now(TOTPDevice.objects.get())})

    assert client.get("/suppliers/").status_code == 200
    assert client.get(f"{API}/suppliers").status_code == 200


def test_the_rule_covers_the_admin_role_and_superusers_only(required, manager, login):
    superuser = UserFactory(username="root", role=Role.MANAGER, is_superuser=True)
    assert login(superuser).get("/suppliers/")["Location"] == PAGE
    assert login(manager).get("/suppliers/").status_code == 200
    role_admin = UserFactory(username="adele", role=Role.ADMIN)
    assert login(role_admin).get("/suppliers/")["Location"] == PAGE


def test_an_administrator_session_begun_without_a_code_must_sign_in_again(
    required, admin_user, login, clock
):
    enable(admin_user, clock)
    client = login(admin_user)  # a session that never gave a code
    assert client.get("/suppliers/")["Location"] == PAGE
    assert "this session began without a code" in client.get(PAGE).content.decode()


def test_without_the_setting_nothing_changes_for_administrators(admin_user):
    client = Client()
    password_step(client, admin_user)
    assert client.get("/suppliers/").status_code == 200
    assert client.get(f"{API}/suppliers").status_code == 200
