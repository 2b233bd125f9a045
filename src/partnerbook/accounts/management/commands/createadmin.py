"""Create (or promote) an administrator account."""

from __future__ import annotations

import getpass
import os
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from partnerbook.accounts.models import Role, User


class Command(BaseCommand):
    help = (
        "Create an administrator. The password comes from --password, "
        "PARTNERBOOK_ADMIN_PASSWORD or a prompt."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--username", default="admin")
        parser.add_argument("--email", default="")
        parser.add_argument("--password", default=None)

    def handle(
        self, *args: Any, username: str, email: str, password: str | None, **opts: Any
    ) -> None:
        password = password or os.environ.get("PARTNERBOOK_ADMIN_PASSWORD")
        if not password:
            if not os.isatty(0):
                raise CommandError(
                    "No password: pass --password or set PARTNERBOOK_ADMIN_PASSWORD."
                )
            password = getpass.getpass("Password: ")
        try:  # the same rules as every other new password
            validate_password(password, user=User(username=username, email=email))
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        user, created = User.objects.get_or_create(username=username, defaults={"email": email})
        user.role = Role.ADMIN
        user.supplier = None
        user.is_staff = user.is_superuser = True
        user.is_active = True
        if email:
            user.email = email
        user.set_password(password)
        user.save()
        self.stdout.write(
            self.style.SUCCESS(f"Administrator '{username}' {'created' if created else 'updated'}.")
        )
