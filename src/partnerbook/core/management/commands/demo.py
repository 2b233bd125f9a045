"""Load the demo portfolio: `partnerbook demo [--reset | --if-empty]`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from partnerbook.demo import loader
from partnerbook.demo.data import DEMO_PASSWORD


class Command(BaseCommand):
    help = (
        "Load the demo portfolio (about 45 invented suppliers with contacts, years of status "
        "and owner history, segmentation factors and decisions, interactions with signal "
        "tags, trust entries, a year of relationship health with its alerts, and one login "
        "per role) into an empty database. "
        "--if-empty loads only when there are no users and no suppliers and otherwise does "
        "nothing, so it is safe on every start. --reset first DELETES ALL suppliers, "
        "contacts, categories, segmentation records, scoring settings, interactions, trust "
        "entries, health snapshots, alerts, users and their history, without asking."
    )

    def add_arguments(self, parser: Any) -> None:
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--reset",
            action="store_true",
            help="Delete all business data and all users first (no confirmation), then load.",
        )
        mode.add_argument(
            "--if-empty",
            action="store_true",
            help="Load only into a database without users and suppliers; otherwise do nothing.",
        )

    def handle(self, *args: Any, reset: bool, if_empty: bool, **options: Any) -> None:
        users, suppliers = loader.existing_data()
        has_data = bool(users or suppliers)
        if has_data and if_empty:
            self.stdout.write(
                f"Demo data not loaded: the database already has {users} user(s) and "
                f"{suppliers} supplier(s)."
            )
            return
        if has_data and not reset:
            raise CommandError(
                f"The database already has {users} user(s) and {suppliers} supplier(s); the "
                "demo only loads into an empty database. Run `partnerbook demo --reset` to "
                "delete everything and load the demo instead."
            )
        # The stories write through the services, which e-mail people when they commit: the
        # invented people get nothing (and the terminal is not flooded with mail).
        quiet = override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
        with quiet, transaction.atomic():
            if reset:
                loader.wipe()
            summary = loader.load()
        self.stdout.write(self.style.SUCCESS(summary.line()))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, description in loader.logins():
            self.stdout.write(f"  {username:<10} {description}")
