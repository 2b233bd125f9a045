"""Create, list and revoke personal API tokens from the command line."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from partnerbook.accounts import services
from partnerbook.accounts.models import ApiToken, User


class Command(BaseCommand):
    help = "Manage personal API tokens: create USER NAME | list USER | revoke USER TOKEN_ID."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create")
        create.add_argument("username")
        create.add_argument("name")
        listing = sub.add_parser("list")
        listing.add_argument("username")
        revoke = sub.add_parser("revoke")
        revoke.add_argument("username")
        revoke.add_argument("token_id", type=int)

    def handle(self, *args: Any, action: str, username: str, **opts: Any) -> None:
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist as exc:
            raise CommandError(f"No user called '{username}'.") from exc
        if action == "create":
            if not user.is_internal:
                raise CommandError("Only users on our side can hold API tokens.")
            try:
                token, plaintext = services.create_api_token(user, opts["name"])
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
            self.stdout.write(f"Token {token.pk} created. Copy it now, it is not shown again:")
            self.stdout.write(plaintext)
        elif action == "list":
            for t in ApiToken.objects.filter(user=user):
                state = "active" if t.is_active else f"revoked {t.revoked_at:%Y-%m-%d}"
                self.stdout.write(f"{t.pk}\t{t.prefix}…\t{t.name}\t{state}")
        else:
            try:
                services.revoke_api_token(user, opts["token_id"])
            except ApiToken.DoesNotExist as exc:
                raise CommandError("No such token for this user.") from exc
            self.stdout.write(f"Token {opts['token_id']} revoked.")
