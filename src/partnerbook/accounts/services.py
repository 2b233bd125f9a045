"""Writes for users and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable

from axes.utils import reset as reset_sign_in_failures
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .models import ApiToken, User

TOKEN_PREFIX = "pbk_"  # noqa: S105 - a public marker, not a secret


def hash_token(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode()).hexdigest()


@transaction.atomic
def unlock_sign_in(users: Iterable[User]) -> int:
    """Forget the failed sign-ins of `users`, from every address; returns how many were erased."""
    return sum(reset_sign_in_failures(username=user.username) for user in users)


@transaction.atomic
def create_api_token(user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token for `user`; returns the record and the plaintext, shown only once."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Give the token a name, such as the integration using it."})
    plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=plaintext[:12], key_hash=hash_token(plaintext)
    )
    return token, plaintext


@transaction.atomic
def revoke_api_token(user: User, token_id: int) -> ApiToken:
    """Revoke one of `user`'s own tokens. Raises ApiToken.DoesNotExist for anyone else's."""
    token = ApiToken.objects.select_for_update().get(pk=token_id, user=user)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def user_for_token(plaintext: str) -> User | None:
    """The active user a live token belongs to, or None. Records when it was last used."""
    if not plaintext.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(plaintext), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
