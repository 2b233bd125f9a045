"""People who use Partnerbook, their role, their personal API tokens, portal invitations and
the registrations of prospect suppliers who signed up on their own."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from .domain import (
    REGISTRATION_STATUS_LABELS,
    STATUS_LABELS,
    InvitationStatus,
    RegistrationStatus,
    invitation_status,
)


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    MANAGER = "manager", _("Category manager")
    BUYER = "buyer", _("Buyer (relationship owner)")
    VIEWER = "viewer", _("Viewer")
    SUPPLIER_CONTACT = "supplier_contact", _("Supplier contact (portal)")


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
    oidc_subject = models.CharField(
        "single sign-on subject",
        max_length=255,
        blank=True,
        default="",
        help_text="Who this person is at the single sign-on provider (its 'sub'), set at their "
        "first sign-in there. Empty: not linked yet. Clear it to link the account anew.",
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        default="",
        choices=[(code, name) for code, name in settings.LANGUAGES],
        help_text=_("The language of the pages. Empty: the browser's preference."),
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        ordering = ["username"]
        constraints = [
            models.UniqueConstraint(
                fields=["oidc_subject"],
                condition=~models.Q(oidc_subject=""),
                name="user_oidc_subject_unique",
            ),
            models.CheckConstraint(
                name="user_supplier_iff_supplier_contact",
                condition=(
                    models.Q(role="supplier_contact", supplier__isnull=False)
                    | (~models.Q(role="supplier_contact") & models.Q(supplier__isnull=True))
                ),
            ),
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


class Invitation(models.Model):
    """An invitation for one of a supplier's own people to open a portal account.

    Only a SHA-256 hash of the link's token is kept; the token itself is only in the e-mail.
    """

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="portal_invitations"
    )
    contact = models.ForeignKey(
        "suppliers.Contact", on_delete=models.CASCADE, related_name="portal_invitations"
    )
    email = models.EmailField(help_text="Copied from the contact when the invitation was sent.")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="invitations_sent")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    # Not one-to-one: a deactivated person invited again gets their earlier account back.
    user = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="portal_invitations",
        help_text="The portal user who accepted it: a new one, or their earlier account "
        "reactivated.",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["token_hash"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="invitation_expires_after_creation",
                condition=models.Q(expires_at__gt=models.F("created_at")),
            ),
            models.CheckConstraint(
                name="invitation_not_accepted_and_revoked",
                condition=models.Q(accepted_at__isnull=True) | models.Q(revoked_at__isnull=True),
            ),
            # Re-inviting revokes the older link first, so a person has one open link at most.
            models.UniqueConstraint(
                fields=["contact"],
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_open_per_contact",
            ),
        ]

    def __str__(self) -> str:
        return f"Portal invitation for {self.email}"

    @property
    def status(self) -> InvitationStatus:
        return invitation_status(
            accepted_at=self.accepted_at,
            revoked_at=self.revoked_at,
            expires_at=self.expires_at,
            now=timezone.now(),
        )

    @property
    def status_label(self) -> str:
        return gettext(STATUS_LABELS[self.status])


MAX_OFFER = 5000
MAX_DECISION_NOTE = 2000


class Registration(models.Model):
    """A company that signed up on the public page to be considered as a supplier.

    Nothing is created for it until a manager approves it: then a new prospect supplier,
    its contact, a portal user (with the password chosen here, kept only as a hash) and a
    candidacy on a sourcing project. The client's address is kept only as a SHA-256 hash.
    """

    class Status(models.TextChoices):
        PENDING = (
            RegistrationStatus.PENDING.value,
            _(REGISTRATION_STATUS_LABELS[RegistrationStatus.PENDING]),
        )
        APPROVED = (
            RegistrationStatus.APPROVED.value,
            _(REGISTRATION_STATUS_LABELS[RegistrationStatus.APPROVED]),
        )
        DECLINED = (
            RegistrationStatus.DECLINED.value,
            _(REGISTRATION_STATUS_LABELS[RegistrationStatus.DECLINED]),
        )

    company_name = models.CharField(max_length=200)
    country = CountryField()
    category = models.ForeignKey(
        "suppliers.Category",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations",
    )
    website = models.URLField(max_length=300, blank=True)
    offer = models.TextField(
        validators=[MaxLengthValidator(MAX_OFFER)], help_text="What the company offers."
    )
    contact_name = models.CharField(max_length=150)
    email = models.EmailField()
    username = models.CharField(max_length=150)
    password_hash = models.CharField(max_length=128, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    client_address_hash = models.CharField(max_length=64, blank=True, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations_decided",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True, validators=[MaxLengthValidator(MAX_DECISION_NOTE)])
    supplier = models.ForeignKey(
        "suppliers.Supplier",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
        help_text="The prospect supplier created on approval.",
    )
    contact = models.ForeignKey(
        "suppliers.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
    )
    user = models.OneToOneField(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registration",
        help_text="The portal user created on approval.",
    )
    history = HistoricalRecords(excluded_fields=["password_hash"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="registration_status_valid",
                condition=models.Q(status__in=["pending", "approved", "declined"]),
            ),
            models.CheckConstraint(
                name="registration_decided_iff_not_pending",
                condition=(
                    models.Q(status="pending", decided_at__isnull=True)
                    | (~models.Q(status="pending") & models.Q(decided_at__isnull=False))
                ),
            ),
            # One waiting registration per user name and per e-mail address.
            models.UniqueConstraint(
                Lower("username"),
                condition=models.Q(status="pending"),
                name="registration_one_pending_per_username",
                violation_error_message="A registration with this user name is waiting for review.",
            ),
            models.UniqueConstraint(
                Lower("email"),
                condition=models.Q(status="pending"),
                name="registration_one_pending_per_email",
                violation_error_message="A registration with this e-mail address is waiting "
                "for review.",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="registration_status_idx")]

    def __str__(self) -> str:
        return f"Registration of {self.company_name}"


class EmailOptOut(models.Model):
    """A kind of e-mail (`core.registry.EmailKind`) a person asked not to receive. Every kind
    is on until switched off, so a new kind reaches people without a migration of choices."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="email_opt_outs")
    kind = models.CharField(max_length=60)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="email_opt_out_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} does not want {self.kind}"
