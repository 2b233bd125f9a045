"""Portfolio risk: spend lines (what we spent with whom, per month), the risk settings,
backup suppliers and transition plans for critical supply, financial ratings and the
suppliers' own revenue (for the power balance). Write through `risk.services` only."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partnerbook.core.currencies import validate_currency

from . import domain

_TEXT = [MaxLengthValidator(domain.MAX_TEXT)]
_PERCENT = [MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))]


def _version() -> models.PositiveIntegerField:
    return models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text=_("Counts the edits; an edit based on an older version is refused."),
    )


class RiskSettings(models.Model):
    """The one set of risk thresholds (edited by an administrator)."""

    category_cap = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("30"),
        validators=_PERCENT,
        help_text=_("Share of a category's spend (%) above which one supplier is flagged."),
    )
    total_cap = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("30"),
        validators=_PERCENT,
        help_text=_(
            "Share of the whole portfolio's spend (%) above which one supplier is flagged."
        ),
    )
    rating_drop = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("10"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
        help_text=_(
            "A fall of at least this many points since the provider's previous rating "
            "is a deterioration."
        ),
    )
    rating_floor = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("40"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("A rating that falls below this score is a deterioration."),
    )
    our_annual_revenue = models.DecimalField(
        max_digits=20,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("Our own organisation's annual revenue, to compare sizes."),
    )
    our_revenue_currency = models.CharField(
        max_length=3, default="EUR", validators=[validate_currency]
    )
    small_customer_share = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("2"),
        validators=_PERCENT,
        help_text=_("Below this share of the supplier's revenue (%) we are a small customer."),
    )
    dominant_size_ratio = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        default=Decimal("5"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("1000000"))],
        help_text=_("A supplier at least this many times our size is dominant."),
    )
    dependence_share = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("25"),
        validators=_PERCENT,
        help_text=_("From this share of the supplier's revenue (%) on, they depend on us."),
    )
    plan_review_days = models.PositiveSmallIntegerField(
        default=180,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=_("Default review interval of a new transition plan, in days."),
    )
    version = _version()
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = _("risk settings")
        constraints = [
            models.CheckConstraint(name="risk_settings_singleton", condition=models.Q(pk=1))
        ]

    def __str__(self) -> str:
        return "Risk settings"


class SpendLine(models.Model):
    """What we spent with one supplier in one category in one month, in one currency (a
    credit note makes it negative). One line per supplier, category, month and currency:
    a re-import updates it."""

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="spend_lines"
    )
    category = models.ForeignKey(
        "suppliers.Category", on_delete=models.PROTECT, related_name="spend_lines"
    )
    period = models.DateField(help_text=_("The first day of the month the spend belongs to."))
    amount = models.DecimalField(max_digits=16, decimal_places=2)
    currency = models.CharField(max_length=3, validators=[validate_currency])
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["supplier", "period", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "category", "period", "currency"],
                name="spend_line_unique_per_month",
                violation_error_message="This supplier already has a spend line for this "
                "category, month and currency.",
            ),
        ]
        indexes = [
            models.Index(fields=["period", "category"], name="spend_period_category_idx"),
            models.Index(fields=["supplier", "period"], name="spend_supplier_period_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.supplier_id} {self.period:%Y-%m} {self.amount} {self.currency}"


class Backup(models.Model):
    """A backup supplier on the reserve list: it can take over from one critical supplier,
    or stand ready for a whole category. Qualified once vetted (by the playbook or by a
    person's recorded evidence)."""

    supplier = models.ForeignKey(
        "suppliers.Supplier",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="backups",
        help_text=_("The critical supplier this one backs up (or give a category)."),
    )
    category = models.ForeignKey(
        "suppliers.Category",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="backups",
        help_text=_("The category this one backs up (or give a supplier)."),
    )
    backup_supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.PROTECT, related_name="backup_for"
    )
    status = models.CharField(
        max_length=10,
        choices=[(k, _(v)) for k, v in domain.BACKUP_STATUSES.items()],
        default="proposed",
    )
    qualified_on = models.DateField(null=True, blank=True)
    evidence = models.TextField(blank=True, validators=_TEXT)
    note = models.TextField(blank=True, validators=_TEXT)
    created_at = models.DateTimeField(auto_now_add=True)
    version = _version()
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                name="backup_for_supplier_or_category",
                condition=models.Q(supplier__isnull=False, category__isnull=True)
                | models.Q(supplier__isnull=True, category__isnull=False),
                violation_error_message="A backup is for one supplier or for one category.",
            ),
            models.CheckConstraint(
                name="backup_not_itself",
                condition=~models.Q(supplier=models.F("backup_supplier")),
                violation_error_message="A supplier cannot be its own backup.",
            ),
            models.CheckConstraint(
                name="backup_status_valid",
                condition=models.Q(status__in=list(domain.BACKUP_STATUSES)),
            ),
            models.CheckConstraint(
                name="backup_qualified_has_date",
                condition=~models.Q(status="qualified") | models.Q(qualified_on__isnull=False),
                violation_error_message="A qualified backup has the date it qualified.",
            ),
            models.UniqueConstraint(
                fields=["supplier", "backup_supplier"],
                condition=models.Q(supplier__isnull=False),
                name="backup_unique_per_supplier",
                violation_error_message="This backup is already listed for this supplier.",
            ),
            models.UniqueConstraint(
                fields=["category", "backup_supplier"],
                condition=models.Q(category__isnull=False),
                name="backup_unique_per_category",
                violation_error_message="This backup is already listed for this category.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.backup_supplier_id} backs up {self.supplier_id or self.category_id}"


class TransitionPlan(models.Model):
    """How we would move away from a critical supplier if we had to: knowledge transfer,
    alternate sourcing and exit steps, reviewed at an interval."""

    supplier = models.OneToOneField(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="transition_plan"
    )
    knowledge_transfer = models.TextField(blank=True, validators=_TEXT)
    alternate_sourcing = models.TextField(blank=True, validators=_TEXT)
    exit_steps = models.TextField(blank=True, validators=_TEXT)
    last_reviewed_on = models.DateField(null=True, blank=True)
    review_interval_days = models.PositiveSmallIntegerField(
        default=180, validators=[MinValueValidator(1), MaxValueValidator(3650)]
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = _version()
    history = HistoricalRecords()

    class Meta:
        ordering = ["supplier"]
        constraints = [
            models.CheckConstraint(
                name="transition_plan_interval_positive",
                condition=models.Q(review_interval_days__gte=1),
            )
        ]

    def __str__(self) -> str:
        return f"Transition plan for {self.supplier_id}"


class FinancialRating(models.Model):
    """One financial-health rating of a supplier from a provider (a credit or risk score,
    0–100, higher is healthier), entered by a person or imported from the provider's file."""

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="financial_ratings"
    )
    rated_on = models.DateField()
    score = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    provider = models.CharField(max_length=80)
    note = models.TextField(blank=True, validators=_TEXT)
    source = models.CharField(
        max_length=10,
        choices=[(k, _(v)) for k, v in domain.RATING_SOURCES.items()],
        default="entered",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["supplier", "-rated_on", "provider"]
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "provider", "rated_on"],
                name="financial_rating_unique_per_day",
                violation_error_message="This provider already rated this supplier that day.",
            ),
            models.CheckConstraint(
                name="financial_rating_score_range",
                condition=models.Q(score__gte=0, score__lte=100),
            ),
            models.CheckConstraint(
                name="financial_rating_source_valid",
                condition=models.Q(source__in=list(domain.RATING_SOURCES)),
            ),
        ]
        indexes = [
            models.Index(fields=["supplier", "provider", "rated_on"], name="rating_supplier_idx")
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.rated_on}: {self.score}"


class SupplierRevenue(models.Model):
    """A supplier's own annual revenue (all customers), to see how much of it we are."""

    supplier = models.OneToOneField(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="revenue"
    )
    annual_revenue = models.DecimalField(
        max_digits=20, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    currency = models.CharField(max_length=3, validators=[validate_currency])
    fiscal_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1900), MaxValueValidator(2200)]
    )
    source = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = _version()
    history = HistoricalRecords()

    class Meta:
        ordering = ["supplier"]
        constraints = [
            models.CheckConstraint(
                name="supplier_revenue_positive", condition=models.Q(annual_revenue__gt=0)
            )
        ]

    def __str__(self) -> str:
        return f"{self.supplier_id}: {self.annual_revenue} {self.currency}"
