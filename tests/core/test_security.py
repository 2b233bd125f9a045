"""Sign-in throttling, password rules, security headers and the production settings."""

from __future__ import annotations

import json
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from axes.utils import reset
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from partnerbook.accounts.backends import client_ip_address
from partnerbook.accounts.services import create_api_token

from ..conftest import PASSWORD

LOGIN = "/login/"
WRONG = "not-the-password"
LOCK_OUT_MESSAGE = "Too many failed sign-in attempts"
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'"
)
TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "partnerbook"


def sign_in(client: Client, username: str, password: str, address: str = "127.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client: Client, username: str, times: int, address: str = "127.0.0.1") -> None:
    for _ in range(times):
        response = sign_in(client, username, WRONG, address)
        assert response.status_code in (200, 429)


def is_signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


# --- sign-in throttling ------------------------------------------------------------------


def test_the_sixth_attempt_is_refused_even_with_the_right_password(buyer):
    client = Client()
    fail(client, buyer.username, 5)

    response = sign_in(client, buyer.username, PASSWORD)

    assert response.status_code == 429
    assert LOCK_OUT_MESSAGE in response.content.decode()
    assert not is_signed_in(client)


def test_the_login_form_says_why_and_for_how_long(buyer):
    client = Client()
    fail(client, buyer.username, 5)

    response = sign_in(client, buyer.username, PASSWORD)

    page = response.content.decode()
    assert 'role="alert"' in page and "blocked for 30 minutes" in page
    assert "ask an administrator to unlock" in page
    assert f'value="{buyer.username}"' in page  # the form is there to try again later
    assert response["Retry-After"] == "1800"


def test_the_fifth_failure_already_answers_with_the_lock_out(buyer):
    client = Client()
    fail(client, buyer.username, 4)

    response = sign_in(client, buyer.username, WRONG)

    assert response.status_code == 429
    assert LOCK_OUT_MESSAGE in response.content.decode()


def test_the_right_password_before_the_limit_works(buyer):
    client = Client()
    fail(client, buyer.username, 4)

    response = sign_in(client, buyer.username, PASSWORD)

    assert response.status_code == 302
    assert is_signed_in(client)


def test_a_successful_sign_in_starts_the_count_again(buyer):
    fail(Client(), buyer.username, 4)
    assert sign_in(Client(), buyer.username, PASSWORD).status_code == 302
    fail(Client(), buyer.username, 4)

    assert sign_in(Client(), buyer.username, PASSWORD).status_code == 302


def test_a_different_user_is_not_locked(buyer, viewer):
    client = Client()
    fail(client, buyer.username, 5)

    response = sign_in(client, viewer.username, PASSWORD)

    assert response.status_code == 302
    assert is_signed_in(client)


def test_the_same_user_from_another_address_is_not_locked(buyer):
    fail(Client(), buyer.username, 5, address="203.0.113.9")

    assert sign_in(Client(), buyer.username, PASSWORD, address="198.51.100.7").status_code == 302


def test_the_lock_out_ends_after_the_cool_off(buyer):
    with time_machine.travel("2026-03-02 09:00 +0000", tick=False) as clock:
        fail(Client(), buyer.username, 5)
        clock.shift(31 * 60)

        assert sign_in(Client(), buyer.username, PASSWORD).status_code == 302


def test_an_administrator_reset_unlocks(buyer):
    fail(Client(), buyer.username, 5)

    reset(username=buyer.username)

    assert sign_in(Client(), buyer.username, PASSWORD).status_code == 302


def test_an_administrator_unlocks_from_the_user_list_in_the_admin(admin_user, buyer, login):
    fail(Client(), buyer.username, 5)

    response = login(admin_user).post(
        reverse("admin:accounts_user_changelist"),
        {"action": "unlock_sign_in", "_selected_action": [buyer.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert "Sign-in unlocked for 1 user(s)" in response.content.decode()
    assert sign_in(Client(), buyer.username, PASSWORD).status_code == 302


def test_the_admin_lists_locked_out_attempts(admin_user, buyer, login):
    fail(Client(), buyer.username, 5)

    response = login(admin_user).get(reverse("admin:axes_accessattempt_changelist"))

    assert response.status_code == 200
    assert buyer.username in response.content.decode()


def test_api_tokens_still_work_for_a_locked_out_user(buyer):
    _, plaintext = create_api_token(buyer, "ERP feed")
    fail(Client(), buyer.username, 5)

    response = Client(headers={"Authorization": f"Bearer {plaintext}"}).get("/api/v1/suppliers")

    assert response.status_code == 200


def test_signing_in_from_the_shell_without_a_request_still_works(buyer):
    from django.contrib.auth import authenticate

    assert authenticate(username=buyer.username, password=PASSWORD) == buyer


@override_settings(BEHIND_PROXY=True)
def test_behind_the_proxy_the_address_is_the_one_the_proxy_appended():
    request = RequestFactory().post(
        LOGIN, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7"
    )

    assert client_ip_address(request) == "198.51.100.7"


def test_without_a_proxy_a_forwarded_header_is_ignored():
    request = RequestFactory().post(
        LOGIN, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="6.6.6.6"
    )

    assert client_ip_address(request) == "198.51.100.7"


# --- passwords ---------------------------------------------------------------------------


def test_password_validation_refuses_an_8_character_password():
    with pytest.raises(ValidationError, match="at least 12 characters"):
        validate_password("x7#kq!2m")


def test_password_validation_accepts_a_long_uncommon_password():
    validate_password("bright-copper-ladder-41")


# --- headers and content-security policy -------------------------------------------------


def test_a_normal_page_sends_the_csp_and_the_other_security_headers(viewer, login):
    response = login(viewer).get(reverse("suppliers:list"))

    assert response.status_code == 200
    assert response["Content-Security-Policy"] == CSP
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_the_sign_in_page_sends_the_csp(db):
    assert Client().get(LOGIN)["Content-Security-Policy"] == CSP


def test_htmx_is_told_not_to_inject_its_indicator_style(viewer, login):
    page = login(viewer).get(reverse("suppliers:list")).content.decode()

    assert '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false}\'>' in page


def test_the_api_docs_page_renders_and_loads_only_its_own_files(viewer, login):
    response = login(viewer).get("/api/v1/docs")

    assert response.status_code == 200
    assert response["Content-Security-Policy"] == CSP
    page = response.content.decode()
    scripts = re.findall(r"<script([^>]*)>", page)
    assert scripts, "Swagger UI is loaded by script tags"
    for attributes in scripts:
        # a same-origin file, or a JSON data block: both allowed by script-src 'self'
        assert 'src="/static/' in attributes or 'type="application/json"' in attributes
    for href in re.findall(r'<link[^>]*href="([^"]+)"', page):
        assert href.startswith("/static/")


def test_no_template_has_inline_script_or_style(db):
    offenders = []
    for template in TEMPLATES.rglob("templates/**/*.html"):
        text = template.read_text()
        inline_scripts = [
            tag
            for tag in re.findall(r"<script\b[^>]*>", text)
            if "src=" not in tag and "application/json" not in tag
        ]
        if inline_scripts or re.search(r"\sstyle=|<style\b|\shx-on|\son[a-z]+=", text):
            offenders.append(str(template.relative_to(TEMPLATES)))

    assert offenders == []


# --- production settings and `check --deploy` --------------------------------------------


def _env(tmp_path: Path, **values: str) -> dict[str, str]:
    return {"PARTNERBOOK_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin", **values}


def _production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    """The environment docs/production.md tells an operator to set."""
    return _env(
        tmp_path,
        PARTNERBOOK_SECRET_KEY=secrets.token_urlsafe(50),
        PARTNERBOOK_HTTPS="1",
        PARTNERBOOK_BEHIND_PROXY="1",
        ALLOWED_HOSTS="partnerbook.example.com",
        CSRF_TRUSTED_ORIGINS="https://partnerbook.example.com",
        **overrides,
    )


def _check_deploy(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-m", "partnerbook.cli", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def _settings_under(env: dict[str, str], *names: str) -> dict[str, object]:
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {list(names)!r}}}))"
    )
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**env, "DJANGO_SETTINGS_MODULE": "partnerbook.settings"},
        check=True,
    )
    return json.loads(result.stdout)


def test_check_deploy_is_clean_with_the_documented_production_environment(tmp_path):
    result = _check_deploy(_production_env(tmp_path))

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_with_debug_on(tmp_path):
    result = _check_deploy(_production_env(tmp_path, PARTNERBOOK_DEBUG="1"))

    assert result.returncode != 0
    assert "security.W018" in result.stderr


def test_a_local_run_over_plain_http_neither_redirects_nor_needs_secure_cookies(tmp_path):
    values = _settings_under(
        _env(tmp_path),
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_PROXY_SSL_HEADER",
    )

    assert values == {
        "SECURE_SSL_REDIRECT": False,
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
        "SECURE_HSTS_SECONDS": 0,
        "SECURE_PROXY_SSL_HEADER": None,
    }


def test_production_settings_follow_the_environment(tmp_path):
    values = _settings_under(
        _production_env(
            tmp_path,
            PARTNERBOOK_HSTS_SECONDS="600",
            PARTNERBOOK_LOGIN_FAILURE_LIMIT="3",
            PARTNERBOOK_LOGIN_LOCKOUT_MINUTES="10",
        ),
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_PROXY_SSL_HEADER",
        "AXES_FAILURE_LIMIT",
    )

    assert values == {
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 600,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "AXES_FAILURE_LIMIT": 3,
    }


def test_the_older_secure_cookies_variable_still_secures_the_cookies(tmp_path):
    values = _settings_under(
        _env(tmp_path, PARTNERBOOK_SECURE_COOKIES="1"),
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_SSL_REDIRECT",
    )

    assert values == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": False,
    }
