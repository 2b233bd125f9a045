"""Supplier performance: KPI definitions (default, per category, per supplier), the raw
delivery lines the delivery KPIs are computed from, and the entered measurements."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import domain

KIND_CHOICES = [(key, _(label)) for key, label in domain.KINDS.items()]  # noqa: INT001
DIRECTION_CHOICES = [(key, _(label)) for key, label in domain.DIRECTIONS.items()]  # noqa: INT001
CRITERION_CHOICES = [(key, _(name)) for key, name in domain.CUSTOMER_CRITERIA.items()]  # noqa: INT001
KEY_VALIDATOR = RegexValidator(
    r"^[a-z][a-z0-9_]*$",
    _("Use lower-case letters, digits and underscores, starting with a letter."),
)
QUANTITY = {"max_digits": 14, "decimal_places": 3, "validators": [MinValueValidator(0)]}


class KpiDefinition(models.Model):
    """A KPI with its direction, unit, target, thresholds and weight: the default for every
    supplier (no category, no supplier), for a category and its sub-categories, or one
    supplier's override."""

    key = models.CharField(max_length=40, validators=[KEY_VALIDATOR])
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=20, choices=KIND_CHOICES)
    direction = models.CharField(max_length=10, choices=DIRECTION_CHOICES)
    unit = models.CharField(max_length=20, blank=True)
    target = models.FloatField()
    yellow_threshold = models.FloatField(help_text=_("Worse than this: yellow."))
    red_threshold = models.FloatField(help_text=_("Worse than this: red."))
    weight = models.FloatField(default=1, validators=[MinValueValidator(0)])
    core = models.BooleanField(default=True, help_text=_("Counts towards the KPI-count guard."))
    category = models.ForeignKey(
        "suppliers.Category",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="kpi_definitions",
    )
    supplier = models.ForeignKey(
        "suppliers.Supplier",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="kpi_overrides",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["key", "pk"]
        constraints = [
            models.CheckConstraint(
                name="kpi_one_scope",
                condition=models.Q(category__isnull=True) | models.Q(supplier__isnull=True),
            ),
            models.CheckConstraint(
                name="kpi_kind_valid", condition=models.Q(kind__in=list(domain.KINDS))
            ),
            models.CheckConstraint(
                name="kpi_direction_valid",
                condition=models.Q(direction__in=list(domain.DIRECTIONS)),
            ),
            models.CheckConstraint(
                name="kpi_weight_not_negative", condition=models.Q(weight__gte=0)
            ),
            models.UniqueConstraint(
                fields=["key"],
                condition=models.Q(category__isnull=True, supplier__isnull=True),
                name="kpi_default_key_unique",
            ),
            models.UniqueConstraint(
                fields=["key", "category"],
                condition=models.Q(category__isnull=False),
                name="kpi_category_key_unique",
            ),
            models.UniqueConstraint(
                fields=["key", "supplier"],
                condition=models.Q(supplier__isnull=False),
                name="kpi_supplier_key_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.scope_label})"

    @property
    def scope_label(self) -> str:
        if self.supplier_id:
            return "supplier override"
        if self.category_id:
            return "category"
        return "default"

    def as_kpi(self) -> domain.Kpi:
        return domain.Kpi(
            key=self.key, name=self.name, kind=self.kind, direction=self.direction,
            unit=self.unit, target=self.target, yellow=self.yellow_threshold,
            red=self.red_threshold, weight=self.weight, core=self.core,
        )  # fmt: skip


class DeliveryLine(models.Model):
    """One purchase-order line: what was promised for when, and what arrived when (the
    delivery KPIs are computed from these)."""

    po_line_id = models.CharField(max_length=100, unique=True)
    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="delivery_lines"
    )
    ordered_on = models.DateField()
    promised_on = models.DateField()
    promised_qty = models.DecimalField(**QUANTITY)  # type: ignore[arg-type]
    received_on = models.DateField(null=True, blank=True)
    received_qty = models.DecimalField(default=0, **QUANTITY)  # type: ignore[arg-type]
    rejected_qty = models.DecimalField(default=0, **QUANTITY)  # type: ignore[arg-type]
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-promised_on", "po_line_id"]
        constraints = [
            models.CheckConstraint(
                name="delivery_quantities_not_negative",
                condition=models.Q(promised_qty__gte=0, received_qty__gte=0, rejected_qty__gte=0),
            ),
            models.CheckConstraint(
                name="delivery_rejected_within_received",
                condition=models.Q(rejected_qty__lte=models.F("received_qty")),
            ),
            models.CheckConstraint(
                name="delivery_received_after_ordered",
                condition=models.Q(received_on__isnull=True)
                | models.Q(received_on__gte=models.F("ordered_on")),
            ),
        ]
        indexes = [
            models.Index(fields=["supplier", "received_on"], name="delivery_supplier_received"),
        ]

    def __str__(self) -> str:
        return self.po_line_id


class Measurement(models.Model):
    """The value of an entered KPI (cost variance, responsiveness, innovation, custom) for
    one supplier and month."""

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="measurements"
    )
    kpi_key = models.CharField(max_length=40, validators=[KEY_VALIDATOR])
    period = models.DateField(help_text=_("The first day of the month measured."))
    value = models.FloatField()
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["supplier", "kpi_key", "-period"]
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "kpi_key", "period"], name="one_measurement_per_month"
            ),
            # "period is the 1st of a month" is kept by the services, not as a CHECK: on
            # SQLite it would need Django's date functions inside the schema, which a plain
            # sqlite3 connection (backup and restore) cannot evaluate.
        ]

    def __str__(self) -> str:
        return f"{self.kpi_key} {self.period:%Y-%m} = {self.value}"


class KpiBaseline(models.Model):
    """Where a KPI stood for a supplier when the KPI was first defined for it: its value over
    the months before (None: no data then). Kept once; later changes to the definition do
    not move it."""

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="kpi_baselines"
    )
    kpi_key = models.CharField(max_length=40, validators=[KEY_VALIDATOR])
    value = models.FloatField(null=True, blank=True, help_text=_("Empty: no data before."))
    window_start = models.DateField(help_text=_("First month measured."))
    window_end = models.DateField(help_text=_("The month after the last one measured."))
    basis = models.CharField(max_length=200, blank=True, help_text=_("What the value came from."))
    measured_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["supplier", "kpi_key"]
        constraints = [
            models.UniqueConstraint(fields=["supplier", "kpi_key"], name="one_baseline_per_kpi"),
        ]

    def __str__(self) -> str:
        return f"{self.kpi_key} baseline {self.value}"


class KpiRating(models.Model):
    """One internal reviewer's score (0-100) of a judgement KPI for one supplier and month;
    the scorecard takes the median of the reviewers' scores and shows their spread."""

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="kpi_ratings"
    )
    kpi_key = models.CharField(max_length=40, validators=[KEY_VALIDATOR])
    period = models.DateField(help_text=_("The first day of the month rated."))
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kpi_ratings"
    )
    score = models.FloatField(validators=[MinValueValidator(0)])
    comment = models.CharField(max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["supplier", "kpi_key", "-period", "rater"]
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "kpi_key", "period", "rater"], name="one_rating_per_rater"
            ),
            models.CheckConstraint(
                name="kpi_rating_score_range", condition=models.Q(score__gte=0, score__lte=100)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kpi_key} {self.period:%Y-%m} by {self.rater_id}: {self.score}"


class PartnerRating(models.Model):
    """The mutual scorecard: how the supplier rates us as a customer on one criterion for one
    quarter (1 = poor ... 5 = excellent). Entered by the relationship owner for now; the
    supplier portal will let the supplier enter it (`source`)."""

    class Source(models.TextChoices):
        OWNER = "owner", "Entered by us"
        PORTAL = "portal", "Entered by the supplier"

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="partner_ratings"
    )
    criterion = models.CharField(max_length=40, choices=CRITERION_CHOICES)
    period = models.DateField(help_text=_("The first day of the quarter rated."))
    score = models.PositiveSmallIntegerField()
    comment = models.CharField(max_length=500, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.OWNER)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entered_by_contact = models.ForeignKey(
        "suppliers.Contact", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["supplier", "-period", "criterion"]
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "criterion", "period"], name="one_partner_rating_per_quarter"
            ),
            models.CheckConstraint(
                name="partner_rating_score_range", condition=models.Q(score__gte=1, score__lte=5)
            ),
            models.CheckConstraint(
                name="partner_rating_criterion_valid",
                condition=models.Q(criterion__in=list(domain.CUSTOMER_CRITERIA)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion} {self.period:%Y-%m}: {self.score}"


class StoredScore(models.Model):
    """One supplier's scored period (its overall score, standing, lights and the line saying
    why for each KPI) exactly as `services.portfolio` computes it, kept so that the list
    pages need not score every supplier on every request. Derived data: the services that
    change its inputs (deliveries, measurements, ratings, KPI definitions, the relationship
    log, the supplier's category) remove it, and it is computed again when next asked for."""

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="stored_scores"
    )
    name = models.CharField(max_length=200)  # the supplier's, to list in its order
    granularity = models.CharField(max_length=10)
    start = models.DateField()
    has_kpis = models.BooleanField(default=True)  # False: no KPI applies, nothing scored
    overall = models.FloatField(null=True, blank=True)
    standing = models.CharField(max_length=10, blank=True)
    core_count = models.PositiveIntegerField(default=0)
    score = models.JSONField(default=dict)  # domain.period_as_data; {} without KPIs
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "granularity", "start"], name="one_stored_score_per_period"
            ),
        ]
        indexes = [
            models.Index(
                fields=["granularity", "start", "name", "supplier"], name="stored_score_by_name"
            ),
            models.Index(
                fields=["granularity", "start", "standing", "name", "supplier"],
                name="stored_score_standing",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supplier_id} {self.granularity} {self.start}: {self.overall}"
