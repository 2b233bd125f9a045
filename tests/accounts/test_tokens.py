"""Personal API tokens: created and revoked in the UI and the CLI, stored hashed, shown once."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from partnerbook.accounts import services
from partnerbook.accounts.models import ApiToken


@pytest.mark.django_db
def test_token_is_stored_hashed_and_shown_once(login, buyer):
    client = login(buyer)
    response = client.post("/account/tokens/", {"name": "ERP feed"})
    html = response.content.decode()
    token = ApiToken.objects.get(user=buyer)
    start = html.index('data-testid="new-token">') + len('data-testid="new-token">')
    plaintext = html[start : html.index("<", start)]
    assert plaintext.startswith("pbk_") and plaintext not in token.key_hash
    assert token.key_hash == services.hash_token(plaintext)
    assert plaintext not in client.get("/account/tokens/").content.decode()


@pytest.mark.django_db
def test_token_without_a_name_gets_a_field_error(login, buyer):
    response = login(buyer).post("/account/tokens/", {"name": "   "})
    assert "This field is required." in response.content.decode()
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_revoked_token_no_longer_authenticates(login, buyer):
    token, plaintext = services.create_api_token(buyer, "script")
    assert services.user_for_token(plaintext) == buyer
    login(buyer).post(f"/account/tokens/{token.pk}/revoke/")
    assert services.user_for_token(plaintext) is None


@pytest.mark.django_db
def test_nobody_can_revoke_someone_elses_token(login, buyer, other_buyer):
    token, plaintext = services.create_api_token(buyer, "script")
    assert login(other_buyer).post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    assert services.user_for_token(plaintext) == buyer


@pytest.mark.django_db
def test_token_of_a_deactivated_user_is_refused(buyer):
    _, plaintext = services.create_api_token(buyer, "script")
    buyer.is_active = False
    buyer.save()
    assert services.user_for_token(plaintext) is None


@pytest.mark.django_db
def test_cli_creates_lists_and_revokes_tokens(buyer, capsys):
    call_command("apitokens", "create", buyer.username, "nightly")
    plaintext = capsys.readouterr().out.strip().splitlines()[-1]
    assert services.user_for_token(plaintext) == buyer
    token = ApiToken.objects.get(user=buyer)
    call_command("apitokens", "list", buyer.username)
    assert "nightly" in capsys.readouterr().out
    call_command("apitokens", "revoke", buyer.username, str(token.pk))
    assert services.user_for_token(plaintext) is None


@pytest.mark.django_db
def test_cli_refuses_tokens_for_portal_users(portal_user_a):
    with pytest.raises(CommandError, match="our side"):
        call_command("apitokens", "create", portal_user_a.username, "x")


@pytest.mark.django_db
def test_createadmin_makes_an_administrator(django_user_model):
    call_command("createadmin", "--username", "root2", "--password", "long-enough-pw")
    user = django_user_model.objects.get(username="root2")
    assert user.role == "admin" and user.is_superuser and user.check_password("long-enough-pw")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "reason"),
    [("eleven-char", "at least 12 characters"), ("password1234", "too common"),
     ("root2-admin-x", "too similar")],
)  # fmt: skip
def test_createadmin_applies_the_password_rules(django_user_model, password, reason):
    with pytest.raises(CommandError, match=reason):
        call_command("createadmin", "--username", "root2-admin", "--password", password)
    assert not django_user_model.objects.filter(username="root2-admin").exists()
