"""People who use Partnerbook, their role, and their personal API tokens."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    ADMIN = "admin", "Administrator"
    MANAGER = "manager", "Category manager"
    BUYER = "buyer", "Buyer (relationship owner)"
    VIEWER = "viewer", "Viewer"
    SUPPLIER_CONTACT = "supplier_contact", "Supplier contact (portal)"


INTERNAL_ROLES = frozenset({Role.ADMIN, Role.MANAGER, Role.BUYER, Role.VIEWER})


class User(AbstractUser):
    """A person who signs in: someone on our side, or a supplier's contact using the portal."""

    role = models.CharField(max_length=20, choices=Role.choices, default=Role.VIEWER)
    supplier = models.ForeignKey(
        "suppliers.Supplier",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="portal_users",
        help_text="Only for supplier contacts: the one supplier whose portal they use.",
    )
    contact = models.ForeignKey(
        "suppliers.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="portal_users",
        help_text="Only for supplier contacts: who they are among the supplier's own people "
        "(the action items they own are theirs to see).",
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                name="user_supplier_iff_supplier_contact",
                condition=(
                    models.Q(role="supplier_contact", supplier__isnull=False)
                    | (~models.Q(role="supplier_contact") & models.Q(supplier__isnull=True))
                ),
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    def clean(self) -> None:
        """A portal user's contact is one of their own supplier's people."""
        super().clean()
        contact = self.contact
        if contact is not None and (
            self.role != Role.SUPPLIER_CONTACT
            or contact.supplier_id != self.supplier_id
            or contact.side != "supplier"
        ):
            from django.core.exceptions import ValidationError

            raise ValidationError(
                {"contact": "Choose a person on the supplier's side of this user's supplier."}
            )

    @property
    def is_internal(self) -> bool:
        return self.is_active and self.role in INTERNAL_ROLES

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class ApiToken(models.Model):
    """A personal token an integration uses to call the API as its owner. Only a hash is kept."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, help_text="First characters, to recognise a token.")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
