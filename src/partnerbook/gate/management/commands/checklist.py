"""`partnerbook checklist SUPPLIER`: print a supplier's decision checklist with the
evidence for each item."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from partnerbook.gate import services

from .setstatus import find_supplier


class Command(BaseCommand):
    help = "Show a supplier's decision checklist: each item, whether it holds and why."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("supplier", help="The supplier's id, external id or exact name.")

    def handle(self, *args: Any, **options: Any) -> None:
        supplier = find_supplier(options["supplier"])
        checklist = services.checklist_for(supplier)
        self.stdout.write(f"{supplier.name} ({supplier.get_status_display().lower()})")
        for item in checklist.items:
            mark = "[x]" if item.ok else "[ ]"
            self.stdout.write(f"{mark} {item.label}: {item.evidence}")
        self.stdout.write(checklist.summary)
