"""Suppliers, their categories, tags, contacts and who owns each relationship."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from partnerbook.core.currencies import validate_currency

from .domain import STATUS_LABELS, Status
from .queries import ContactQuerySet, SupplierQuerySet


class SupplierStatus(models.TextChoices):
    """Lifecycle statuses; the allowed moves between them live in `domain.py`."""

    PROSPECT = Status.PROSPECT.value, _(STATUS_LABELS[Status.PROSPECT])
    VETTING = Status.VETTING.value, _(STATUS_LABELS[Status.VETTING])
    PILOT = Status.PILOT.value, _(STATUS_LABELS[Status.PILOT])
    ACTIVE = Status.ACTIVE.value, _(STATUS_LABELS[Status.ACTIVE])
    RESERVE = Status.RESERVE.value, _(STATUS_LABELS[Status.RESERVE])
    PHASING_OUT = Status.PHASING_OUT.value, _(STATUS_LABELS[Status.PHASING_OUT])
    EXITED = Status.EXITED.value, _(STATUS_LABELS[Status.EXITED])


class Category(models.Model):
    """A spend category (e.g. packaging, logistics); categories may nest under a parent."""

    name = models.CharField(max_length=120, unique=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    description = models.TextField(blank=True)
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Counts the edits; an edit based on an older version is refused.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"
        constraints = [
            models.CheckConstraint(
                name="category_not_own_parent", condition=~models.Q(parent=models.F("pk"))
            )
        ]

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    """A free label used to group suppliers (e.g. 'sole-source', 'eu-ets')."""

    name = models.CharField(max_length=50, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Supplier(models.Model):
    """An external organisation we buy from, at some stage of its lifecycle with us."""

    name = models.CharField(max_length=200)
    legal_name = models.CharField(max_length=200, blank=True)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, null=True, blank=True, related_name="suppliers"
    )
    country = CountryField(blank=True)
    website = models.URLField(max_length=300, blank=True)
    status = models.CharField(
        max_length=20, choices=SupplierStatus.choices, default=SupplierStatus.PROSPECT
    )
    annual_spend = models.DecimalField(
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="What we spend with this supplier in a year.",
    )
    currency = models.CharField(max_length=3, default="EUR", validators=[validate_currency])
    relationship_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_suppliers",
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="suppliers")
    external_id = models.CharField(
        max_length=64,
        blank=True,
        help_text="The supplier's number in the ERP, used to match imports.",
    )
    notes = models.TextField(blank=True)
    archived = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Counts the edits; an edit based on an older version is refused.",
    )
    history = HistoricalRecords(m2m_fields=[tags])

    objects = SupplierQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~models.Q(external_id=""),
                name="supplier_external_id_unique",
                violation_error_message="Another supplier already has this external id.",
            ),
            models.CheckConstraint(
                name="supplier_spend_not_negative",
                condition=models.Q(annual_spend__isnull=True) | models.Q(annual_spend__gte=0),
            ),
            models.CheckConstraint(
                name="supplier_status_valid",
                condition=models.Q(status__in=[s.value for s in Status]),
            ),
        ]
        indexes = [
            models.Index(fields=["status"], name="supplier_status_idx"),
            models.Index(fields=["archived", "name"], name="supplier_archived_name_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("suppliers:detail", args=[self.pk])

    def clean(self) -> None:
        # The partial unique constraint would report a duplicate as a non-field error;
        # checking here puts the message beside the field.
        if (
            self.external_id
            and Supplier.objects.filter(external_id=self.external_id).exclude(pk=self.pk).exists()
        ):
            raise ValidationError(
                {"external_id": gettext("Another supplier already has this external id.")}
            )


class OwnerAssignment(models.Model):
    """One spell of a person owning a supplier relationship; the sequence shows turnover."""

    supplier = models.ForeignKey(
        Supplier, on_delete=models.CASCADE, related_name="owner_assignments"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owner_assignments",
    )
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["supplier", "started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["supplier"],
                condition=models.Q(ended_at__isnull=True),
                name="one_open_owner_assignment_per_supplier",
            )
        ]

    def __str__(self) -> str:
        return f"{self.owner} owns {self.supplier} since {self.started_at:%Y-%m-%d}"


class Contact(models.Model):
    """A person in the relationship, on our side or the supplier's."""

    class Side(models.TextChoices):
        OURS = "ours", _("Our side")
        SUPPLIER = "supplier", _("Supplier side")

    class Function(models.TextChoices):
        SALES = "sales", _("Sales / account management")
        PROCUREMENT = "procurement", _("Procurement")
        QUALITY = "quality", _("Quality")
        LOGISTICS = "logistics", _("Logistics")
        FINANCE = "finance", _("Finance")
        ENGINEERING = "engineering", _("Engineering")
        EXECUTIVE = "executive", _("Executive")
        LEGAL = "legal", _("Legal")
        OTHER = "other", _("Other")

    class Level(models.TextChoices):
        EXECUTIVE = "executive", _("Executive")
        MANAGEMENT = "management", _("Management")
        OPERATIONAL = "operational", _("Operational")

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="contacts")
    side = models.CharField(max_length=10, choices=Side.choices)
    name = models.CharField(max_length=150)
    job_title = models.CharField(max_length=150, blank=True)
    function = models.CharField(max_length=20, choices=Function.choices, default=Function.OTHER)
    level = models.CharField(max_length=20, choices=Level.choices, default=Level.OPERATIONAL)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    archived = models.BooleanField(default=False)
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Counts the edits; an edit based on an older version is refused.",
    )
    history = HistoricalRecords()

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["supplier", "side", "name"]
        constraints = [
            models.CheckConstraint(
                name="contact_side_valid", condition=models.Q(side__in=["ours", "supplier"])
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_side_display()})"


class DateOrder(models.TextChoices):
    DAY_FIRST = "day_first", _("Day first (31/12/2025)")
    MONTH_FIRST = "month_first", _("Month first (12/31/2025)")


class ImportMapping(models.Model):
    """A saved column mapping (profile) for one import kind: which column of another
    system's file is which Partnerbook column, which columns to leave out, and how the file
    writes dates and decimals. Reused by name from the import page, the CLI and the API."""

    name = models.CharField(max_length=80, unique=True)
    kind = models.CharField(max_length=40, help_text="The import kind's key, e.g. 'suppliers'.")
    columns = models.JSONField(default=dict, blank=True)  # the file's header -> our column
    ignored = models.JSONField(default=list, blank=True)  # headers left out on purpose
    date_order = models.CharField(
        max_length=12, choices=DateOrder.choices, default=DateOrder.DAY_FIRST
    )
    decimal_comma = models.BooleanField(
        default=False, help_text="Numbers are written like 1.234,56."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_mappings",
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
