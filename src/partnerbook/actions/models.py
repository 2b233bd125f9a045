"""Action items: the one table for "someone does something by a date"."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ActionItemQuerySet(models.QuerySet["ActionItem"]):
    def visible_to(self, user: object) -> ActionItemQuerySet:
        """Action items of the suppliers `user` may see. A portal user sees only the items
        owned by the supplier-side contact they are, of their own supplier; the rest is the
        buying side's own working list."""
        if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
            return self.none()
        if getattr(user, "role", None) == "supplier_contact":
            contact_id = getattr(user, "contact_id", None)
            if contact_id is None or getattr(user, "supplier_id", None) is None:
                return self.none()
            return self.filter(
                supplier_id=user.supplier_id,  # type: ignore[attr-defined]
                owner_contact_id=contact_id,
                owner_contact__side="supplier",
                owner_contact__supplier_id=user.supplier_id,  # type: ignore[attr-defined]
            )
        if not getattr(user, "is_internal", False):
            return self.none()
        from partnerbook.suppliers.models import Supplier

        return self.filter(supplier__in=Supplier.objects.visible_to(user))

    def for_list(self) -> ActionItemQuerySet:
        """Everything a list row shows, in one query."""
        return self.select_related("supplier", "owner", "owner_contact")


class ActionItem(models.Model):
    """One task with an owner and a due date, raised by some record about a supplier.

    This is the shared action-item model: relationship-plan objectives, recovery-plan steps
    and, later, review, playbook and supplier-issue actions are all rows of this table.
    `source` says which kind of record raised the item (a short key such as
    "plan.objective" or "plan.recovery"; an app picks its own, prefixed with its name) and
    `source_id` the primary key of that record (None when the item stands on its own).
    The owner is one of our users (`owner`) or a person on the supplier's side
    (`owner_contact`), or nobody yet. Write through `actions.services` only.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="action_items"
    )
    title = models.CharField(max_length=200)
    detail = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        help_text=_("The colleague who does it."),
    )
    owner_contact = models.ForeignKey(
        "suppliers.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        help_text=_("Or the person on the supplier's side who does it."),
    )
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    done_on = models.DateField(null=True, blank=True, help_text=_("The day it was done."))
    progress_note = models.TextField(
        blank=True,
        max_length=2000,
        help_text=_(
            "The latest word on progress from the supplier-side owner (through the "
            "portal); earlier notes are in the history."
        ),
    )
    progress_noted_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(
        max_length=40, blank=True, help_text=_('What raised it, e.g. "plan.objective".')
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text=_("Counts the edits; an edit based on an older version is refused."),
    )
    history = HistoricalRecords()

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                name="action_item_status_valid",
                condition=models.Q(status__in=["open", "done", "dropped"]),
            ),
            models.CheckConstraint(
                name="action_item_done_has_day",
                condition=models.Q(status="done", done_on__isnull=False)
                | (~models.Q(status="done") & models.Q(done_on__isnull=True)),
                violation_error_message="A done action item has the day it was done; "
                "others have none.",
            ),
        ]
        indexes = [
            models.Index(fields=["owner", "status", "due_on"], name="action_item_owner_idx"),
            models.Index(fields=["supplier", "status"], name="action_item_supplier_idx"),
            models.Index(fields=["source", "source_id"], name="action_item_source_idx"),
        ]

    def __str__(self) -> str:
        return self.title
