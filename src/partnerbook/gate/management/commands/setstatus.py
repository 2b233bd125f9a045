"""`partnerbook status SUPPLIER STATUS`: move a supplier along its lifecycle from the
command line, through the same rules as the web and the API (a move to active needs the
decision checklist, or a manager's --override-reason)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from partnerbook.accounts.models import Role, User
from partnerbook.gate import services as gate
from partnerbook.suppliers import services
from partnerbook.suppliers.domain import STATUS_LABELS
from partnerbook.suppliers.models import Supplier


def find_supplier(text: str) -> Supplier:
    """A supplier by id, external id or exact name (ignoring case)."""
    found = Supplier.objects.filter(external_id=text) if text else Supplier.objects.none()
    if text.isdigit():
        found = found | Supplier.objects.filter(pk=int(text))
    matches = list(found) or list(Supplier.objects.filter(name__iexact=text))
    if not matches:
        raise CommandError(f"No supplier has the id, external id or name '{text}'.")
    if len(matches) > 1:
        raise CommandError(f"{len(matches)} suppliers match '{text}'; use the id.")
    return matches[0]


def actor_named(username: str | None) -> User:
    if username:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user '{username}'.")
        return user
    user = User.objects.filter(role=Role.ADMIN, is_active=True).order_by("pk").first()
    if user is None:
        raise CommandError("No active administrator; name one with --user.")
    return user


class Command(BaseCommand):
    help = (
        "Move a supplier to another status. A move to active is refused with the list of "
        "what the decision checklist misses, unless a manager gives --override-reason."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("supplier", help="The supplier's id, external id or exact name.")
        parser.add_argument("status", choices=[s.value for s in STATUS_LABELS])
        parser.add_argument("--note", default="", help="Why (kept in the history).")
        parser.add_argument(
            "--override-reason",
            default="",
            help="Make it active without the complete checklist (managers and administrators).",
        )
        parser.add_argument(
            "--user", help="Who the change is recorded under. Default: the first administrator."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actor = actor_named(options["user"])
        supplier = find_supplier(options["supplier"])
        try:
            services.change_status(
                actor, supplier, options["status"], options["note"], options["override_reason"]
            )
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        except ValidationError as exc:
            for message in exc.messages[1:]:
                self.stderr.write(f"  - {message}")
            raise CommandError(exc.messages[0]) from exc
        decision = gate.latest_activations([supplier.pk]).get(supplier.pk)
        line = f"{supplier.name} is now {supplier.get_status_display().lower()}."
        if (
            decision is not None
            and decision.how == decision.How.OVERRIDE
            and supplier.status == "active"
        ):
            line += " Activated by override; the reason is kept on the supplier's page."
        self.stdout.write(self.style.SUCCESS(line))
