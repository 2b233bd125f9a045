"""Referrals from our suppliers, recorded wins (recognition) and the ideal-supplier profile we
share with partners. Write through `recognition.services` only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partnerbook.core.currencies import validate_currency

from . import domain

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

_TEXT = [MaxLengthValidator(domain.MAX_TEXT)]


def _choices(table: dict[str, str]) -> list[tuple[str, StrOrPromise]]:
    """The domain's labels (marked with gettext_noop), translated where they are shown."""
    return [(key, _(label)) for key, label in table.items()]


class ReferralQuerySet(models.QuerySet["Referral"]):
    def visible_to(self, user: object) -> ReferralQuerySet:
        """Referrals given by suppliers `user` may see; internal users only."""
        if not getattr(user, "is_authenticated", False) or not getattr(user, "is_internal", False):
            return self.none()
        from partnerbook.suppliers.models import Supplier

        return self.filter(referring_supplier__in=Supplier.objects.visible_to(user))

    def for_list(self) -> ReferralQuerySet:
        """Everything a list row shows, in one query."""
        return self.select_related("referring_supplier", "referred_supplier", "category")


class Referral(models.Model):
    """A company one of our suppliers pointed us to: the referred company (a registered
    supplier, or a name and contact details), how far it got, and the reward we owe for it."""

    referring_supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.PROTECT, related_name="referrals_given"
    )
    referred_supplier = models.ForeignKey(
        "suppliers.Supplier",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals_received",
    )
    company_name = models.CharField(max_length=domain.MAX_NAME, blank=True)
    contact_name = models.CharField(max_length=domain.MAX_NAME, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=50, blank=True)
    category = models.ForeignKey(
        "suppliers.Category", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    received_on = models.DateField()
    status = models.CharField(
        max_length=10, choices=_choices(domain.REFERRAL_STATUSES), default="received"
    )
    status_changed_on = models.DateField()
    reward_text = models.CharField(max_length=300, blank=True)
    reward_amount = models.DecimalField(
        max_digits=16, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    reward_currency = models.CharField(max_length=3, blank=True, validators=[validate_currency])
    reward_status = models.CharField(
        max_length=10, choices=_choices(domain.REWARD_STATUSES), default="none"
    )
    paid_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True, validators=_TEXT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text=_("Counts the edits; an edit based on an older version is refused."),
    )
    history = HistoricalRecords()

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["-received_on", "-id"], name="referral_received_idx"),
            models.Index(fields=["status"], name="referral_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="referral_status_valid",
                condition=models.Q(status__in=list(domain.REFERRAL_STATUSES)),
            ),
            models.CheckConstraint(
                name="referral_reward_status_valid",
                condition=models.Q(reward_status__in=list(domain.REWARD_STATUSES)),
            ),
            models.CheckConstraint(
                name="referral_names_a_company",
                condition=models.Q(referred_supplier__isnull=False) | ~models.Q(company_name=""),
                violation_error_message="Name the referred company or link its supplier record.",
            ),
            models.CheckConstraint(
                name="referral_not_self",
                condition=~models.Q(referring_supplier=models.F("referred_supplier")),
                violation_error_message="A supplier cannot refer itself.",
            ),
            models.CheckConstraint(
                name="referral_paid_has_date",
                condition=models.Q(reward_status="paid", paid_on__isnull=False)
                | (~models.Q(reward_status="paid") & models.Q(paid_on__isnull=True)),
                violation_error_message="A paid reward has a payment date; no other has one.",
            ),
            models.CheckConstraint(
                name="referral_reward_not_negative",
                condition=models.Q(reward_amount__isnull=True) | models.Q(reward_amount__gte=0),
            ),
            models.CheckConstraint(
                name="referral_reward_has_currency",
                condition=models.Q(reward_amount__isnull=True) | ~models.Q(reward_currency=""),
                violation_error_message="Give the reward's currency.",
            ),
        ]

    def __str__(self) -> str:
        return f"Referral of {self.referred_name} by {self.referring_supplier}"

    @property
    def referred_name(self) -> str:
        if self.referred_supplier_id is not None and self.referred_supplier is not None:
            return self.referred_supplier.name
        return self.company_name

    @property
    def is_open(self) -> bool:
        return self.status in domain.OPEN_STATUSES


class WinQuerySet(models.QuerySet["Win"]):
    def visible_to(self, user: object) -> WinQuerySet:
        """Wins of the suppliers `user` may see; internal users only for now (the portal may
        show a supplier its own published wins later)."""
        if not getattr(user, "is_authenticated", False) or not getattr(user, "is_internal", False):
            return self.none()
        from partnerbook.suppliers.models import Supplier

        return self.filter(supplier__in=Supplier.objects.visible_to(user))

    def for_list(self) -> WinQuerySet:
        return self.select_related("supplier", "recorded_by")


class Win(models.Model):
    """A success achieved with a supplier, recorded as recognition: what happened and what
    it brought. Recording it makes a deposit in the supplier's trust ledger; a published
    win appears on the supplier's success-story page."""

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="wins"
    )
    title = models.CharField(max_length=domain.MAX_TITLE)
    story = models.TextField(validators=_TEXT, help_text=_("What happened, in a few sentences."))
    happened_on = models.DateField()
    impact = models.TextField(blank=True, validators=_TEXT)
    impact_amount = models.DecimalField(
        max_digits=16, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    impact_currency = models.CharField(max_length=3, blank=True, validators=[validate_currency])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    published = models.BooleanField(default=False)
    trust_points = models.PositiveSmallIntegerField(
        default=domain.DEFAULT_WIN_POINTS,
        help_text=_("The deposit made in the trust ledger when the win was recorded."),
    )
    trust_entry = models.ForeignKey(
        "relationship.TrustEntry", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text=_("Counts the edits; an edit based on an older version is refused."),
    )
    history = HistoricalRecords()

    objects = WinQuerySet.as_manager()

    class Meta:
        ordering = ["-happened_on", "-pk"]
        indexes = [
            models.Index(fields=["supplier", "-happened_on"], name="win_supplier_idx"),
            models.Index(fields=["-happened_on", "-id"], name="win_happened_idx"),
        ]
        constraints = [
            models.CheckConstraint(name="win_has_title", condition=~models.Q(title="")),
            models.CheckConstraint(
                name="win_impact_not_negative",
                condition=models.Q(impact_amount__isnull=True) | models.Q(impact_amount__gte=0),
            ),
            models.CheckConstraint(
                name="win_impact_has_currency",
                condition=models.Q(impact_amount__isnull=True) | ~models.Q(impact_currency=""),
                violation_error_message="Give the currency of the amount.",
            ),
            models.CheckConstraint(
                name="win_points_in_range",
                condition=models.Q(
                    trust_points__gte=domain.MIN_WIN_POINTS, trust_points__lte=domain.MAX_WIN_POINTS
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class IdealSupplierProfile(models.Model):
    """What we look for in a supplier, what partners get from us and how to start: the one
    page we share with suppliers and prospects (no internal data on it)."""

    title = models.CharField(max_length=domain.MAX_TITLE, default="Partnering with us")
    introduction = models.TextField(blank=True, validators=_TEXT)
    what_we_look_for = models.TextField(blank=True, validators=_TEXT)
    what_partners_get = models.TextField(blank=True, validators=_TEXT)
    how_to_start = models.TextField(blank=True, validators=_TEXT)
    contact = models.CharField(
        max_length=300, blank=True, help_text=_("Who to write to, e.g. a shared mailbox.")
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text=_("Counts the edits; an edit based on an older version is refused."),
    )
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(name="ideal_profile_singleton", condition=models.Q(id=1)),
        ]

    def __str__(self) -> str:
        return self.title
