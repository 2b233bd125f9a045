"""Partnership economics: the standard hours and hourly cost, time logged directly, benefits
and extra costs per supplier, and gain-share agreements with their verified savings and
payouts. Write through `economics.services` only."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partnerbook.core.currencies import validate_currency

from . import domain

_TEXT = [MaxLengthValidator(domain.MAX_TEXT)]
_HOURS: dict[str, Any] = {
    "max_digits": 6,
    "decimal_places": 2,
    "validators": [MinValueValidator(Decimal(0))],
}
_MONEY: dict[str, Any] = {"max_digits": 14, "decimal_places": 2}
_PCT: dict[str, Any] = {
    "max_digits": 5,
    "decimal_places": 2,
    "validators": [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
}


def _std(key: str) -> Decimal:
    return domain.EFFORT_SOURCES[key][2]


def _choices(table: dict[str, str]) -> list[tuple[str, Any]]:
    """The choices of a domain table, their labels translated where they are shown."""
    return [(key, _(label)) for key, label in table.items()]


class EconomicsSettings(models.Model):
    """The one set of standard hours per kind of recorded work and the hourly cost of our
    time, in the reporting currency (edited by an administrator)."""

    hourly_cost = models.DecimalField(
        default=domain.DEFAULT_HOURLY_COST,
        help_text=_("What one hour of our people's time costs, in the reporting currency."),
        validators=[MinValueValidator(Decimal(0))],
        **_MONEY,
    )
    hours_meeting = models.DecimalField(default=_std("meeting"), **_HOURS)
    hours_call = models.DecimalField(default=_std("call"), **_HOURS)
    hours_email = models.DecimalField(default=_std("email"), **_HOURS)
    hours_site_visit = models.DecimalField(default=_std("site_visit"), **_HOURS)
    hours_informal_checkin = models.DecimalField(default=_std("informal_checkin"), **_HOURS)
    hours_business_review_meeting = models.DecimalField(
        default=_std("business_review_meeting"), **_HOURS
    )
    hours_workshop = models.DecimalField(default=_std("workshop"), **_HOURS)
    hours_business_review = models.DecimalField(default=_std("business_review"), **_HOURS)
    hours_vetting_call = models.DecimalField(default=_std("vetting_call"), **_HOURS)
    hours_validation = models.DecimalField(default=_std("validation"), **_HOURS)
    hours_checklist_tick = models.DecimalField(default=_std("checklist_tick"), **_HOURS)
    hours_onboarding_task = models.DecimalField(default=_std("onboarding_task"), **_HOURS)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("economics settings")
        verbose_name_plural = _("economics settings")
        constraints = [
            models.CheckConstraint(name="economics_settings_singleton", condition=models.Q(pk=1)),
            models.CheckConstraint(
                name="economics_settings_hourly_cost_positive",
                condition=models.Q(hourly_cost__gte=0),
            ),
        ]

    def __str__(self) -> str:
        return "Economics settings"

    def standard_hours(self) -> dict[str, Decimal]:
        return {key: getattr(self, f"hours_{key}") for key in domain.EFFORT_SOURCES}


class TimeLog(models.Model):
    """Hours someone spent on partnership work with a supplier, logged directly."""

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="time_logs"
    )
    day = models.DateField()
    hours = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(24))],
    )
    activity = models.CharField(max_length=30, choices=_choices(domain.TIME_ACTIVITIES))
    who = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", help_text=_("Whose time it was."),
    )  # fmt: skip
    note = models.TextField(blank=True, validators=_TEXT)
    reference = models.CharField(
        max_length=100, blank=True, help_text=_("An id from another system, for re-imports.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-day", "-pk"]
        indexes = [models.Index(fields=["supplier", "day"], name="economics_timelog_idx")]
        constraints = [
            models.CheckConstraint(
                name="economics_timelog_hours_range",
                condition=models.Q(hours__gt=0, hours__lte=24),
            ),
            models.CheckConstraint(
                name="economics_timelog_activity_valid",
                condition=models.Q(activity__in=list(domain.TIME_ACTIVITIES)),
            ),
            models.UniqueConstraint(
                fields=["supplier", "reference"], condition=~models.Q(reference=""),
                name="economics_timelog_reference_unique",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.hours} h on {self.day}"


class Benefit(models.Model):
    """A benefit a partnership brought us (expediting avoided, a volume discount, rework
    avoided, revenue enabled, ...), with its amount and evidence."""

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="benefits"
    )
    kind = models.CharField(max_length=30, choices=_choices(domain.BENEFIT_KINDS))
    amount = models.DecimalField(validators=[MinValueValidator(Decimal("0.01"))], **_MONEY)
    currency = models.CharField(max_length=3, default="EUR", validators=[validate_currency])
    realised_on = models.DateField()
    note = models.TextField(blank=True, validators=_TEXT, help_text=_("Evidence: how we know."))
    reference = models.CharField(max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-realised_on", "-pk"]
        indexes = [models.Index(fields=["supplier", "realised_on"], name="economics_benefit_idx")]
        constraints = [
            models.CheckConstraint(
                name="economics_benefit_amount_positive", condition=models.Q(amount__gt=0)
            ),
            models.CheckConstraint(
                name="economics_benefit_kind_valid",
                condition=models.Q(kind__in=list(domain.BENEFIT_KINDS)),
            ),
            models.UniqueConstraint(
                fields=["supplier", "reference"], condition=~models.Q(reference=""),
                name="economics_benefit_reference_unique",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} {self.currency}"


class CostEntry(models.Model):
    """A cost of doing business with a supplier beyond the purchase price (logistics,
    quality and rework, inventory, administration, switching, ...), for one year."""

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="cost_entries"
    )
    kind = models.CharField(max_length=30, choices=_choices(domain.COST_KINDS))
    amount = models.DecimalField(validators=[MinValueValidator(Decimal("0.01"))], **_MONEY)
    currency = models.CharField(max_length=3, default="EUR", validators=[validate_currency])
    year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1990), MaxValueValidator(2200)]
    )
    note = models.TextField(blank=True, validators=_TEXT)
    reference = models.CharField(max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "kind", "-pk"]
        verbose_name_plural = _("cost entries")
        indexes = [models.Index(fields=["supplier", "year"], name="economics_cost_idx")]
        constraints = [
            models.CheckConstraint(
                name="economics_cost_amount_positive", condition=models.Q(amount__gt=0)
            ),
            models.CheckConstraint(
                name="economics_cost_kind_valid",
                condition=models.Q(kind__in=list(domain.COST_KINDS)),
            ),
            models.UniqueConstraint(
                fields=["supplier", "reference"], condition=~models.Q(reference=""),
                name="economics_cost_reference_unique",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}: {self.amount} {self.currency}"


class GainShareAgreement(models.Model):
    """An agreement to share verified savings against a baseline with a supplier (and to
    share overruns by agreed percentages), kept in a ledger."""

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.PROTECT, related_name="gainshare_agreements"
    )
    title = models.CharField(max_length=domain.MAX_TITLE)
    baseline = models.TextField(
        validators=_TEXT, help_text=_("What the savings are measured against.")
    )
    baseline_amount = models.DecimalField(
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("The baseline's amount per period."),
        **_MONEY,
    )
    currency = models.CharField(max_length=3, default="EUR", validators=[validate_currency])
    period_kind = models.CharField(
        max_length=10, choices=_choices(domain.PERIOD_KINDS), default="quarter"
    )
    supplier_saving_pct = models.DecimalField(
        help_text=_("The supplier's share of verified savings, in percent."), **_PCT
    )
    supplier_overrun_pct = models.DecimalField(
        help_text=_("The share of an overrun the supplier absorbs, in percent."), **_PCT
    )
    our_overrun_pct = models.DecimalField(
        help_text=_("The share of an overrun we absorb, in percent."), **_PCT
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    requires_third_party = models.BooleanField(
        default=False, help_text=_("Savings must be verified by a neutral third party.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["supplier", "-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                name="gainshare_overrun_shares_sum_100",
                condition=models.Q(
                    supplier_overrun_pct=100 - models.F("our_overrun_pct")
                ),
                violation_error_message="The two shares of an overrun must add up to 100 %.",
            ),
            models.CheckConstraint(
                name="gainshare_pcts_in_range",
                condition=models.Q(
                    supplier_saving_pct__gte=0, supplier_saving_pct__lte=100,
                    supplier_overrun_pct__gte=0, supplier_overrun_pct__lte=100,
                ),
            ),
            models.CheckConstraint(
                name="gainshare_ends_after_start",
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                violation_error_message="The agreement cannot end before it starts.",
            ),
            models.CheckConstraint(
                name="gainshare_period_kind_valid",
                condition=models.Q(period_kind__in=list(domain.PERIOD_KINDS)),
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.title

    @property
    def terms(self) -> domain.Terms:
        return domain.Terms(self.supplier_saving_pct, self.supplier_overrun_pct)


class SavingsEntry(models.Model):
    """The saving (positive) or overrun (negative) against the baseline in one period of a
    gain-share agreement, with its evidence. Only verified entries count."""

    agreement = models.ForeignKey(
        GainShareAgreement, on_delete=models.CASCADE, related_name="savings"
    )
    period = models.DateField(help_text=_("The first day of the period."))
    amount = models.DecimalField(**_MONEY)
    evidence = models.TextField(validators=_TEXT)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    verified_at = models.DateTimeField(null=True, blank=True)
    third_party = models.CharField(
        max_length=200, blank=True, help_text=_("The neutral third party that verified it.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "period"]
        verbose_name_plural = _("savings entries")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "period"], name="gainshare_saving_one_per_period",
                violation_error_message="This period already has a saving or overrun recorded.",
            ),
            models.CheckConstraint(
                name="gainshare_saving_not_zero", condition=~models.Q(amount=0)
            ),
            models.CheckConstraint(
                name="gainshare_saving_has_evidence", condition=~models.Q(evidence="")
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.amount} for {self.period}"

    @property
    def verified(self) -> bool:
        return self.verified_at is not None


class Payout(models.Model):
    """A payment of the supplier's share of savings, for a period of an agreement."""

    agreement = models.ForeignKey(
        GainShareAgreement, on_delete=models.CASCADE, related_name="payouts"
    )
    period = models.DateField(help_text=_("The first day of the period it settles."))
    amount = models.DecimalField(validators=[MinValueValidator(Decimal("0.01"))], **_MONEY)
    paid_on = models.DateField()
    reference = models.CharField(max_length=100, help_text=_("The payment's reference."))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "period", "paid_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "reference"], name="gainshare_payout_reference_unique",
                violation_error_message="A payout with this reference is already recorded.",
            ),
            models.CheckConstraint(
                name="gainshare_payout_positive", condition=models.Q(amount__gt=0)
            ),
            models.CheckConstraint(
                name="gainshare_payout_has_reference", condition=~models.Q(reference="")
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"Payout {self.reference}"
