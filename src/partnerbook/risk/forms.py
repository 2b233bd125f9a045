"""Forms of the risk pages: field checks here, business rules in `risk.services`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from partnerbook.core import currencies
from partnerbook.core.concurrency import version_field
from partnerbook.suppliers.models import Category, Supplier

from . import domain
from .models import RiskSettings

MONTH_INPUT = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CURRENCY_CHOICES = [(c, f"{c} – {currencies.NAMES[c]}") for c in currencies.CODES]


class MonthField(forms.DateField):
    """A month as YYYY-MM (or a full date, read as its month)."""

    input_formats = ["%Y-%m", "%Y-%m-%d"]
    widget = MONTH_INPUT

    def to_python(self, value: Any) -> dt.date | None:
        day = super().to_python(value)
        return domain.month_start(day) if day else None


def _no_nul(value: str) -> None:
    if "\x00" in value:
        raise forms.ValidationError(_("The text contains a NUL character."))


def _statuses() -> list[tuple[str, Any]]:
    return [(key, _(label)) for key, label in domain.BACKUP_STATUSES.items()]


class WindowForm(forms.Form):
    """Which window the concentration page shows (GET)."""

    end = MonthField(required=False, label=_("Window ends with"))
    months = forms.TypedChoiceField(
        label=_("Months"),
        choices=[(12, _("12 months")), (24, _("24 months"))],
        coerce=int,
        required=False,
        initial=12,
    )


class SettingsForm(forms.ModelForm):
    version = version_field()

    class Meta:
        model = RiskSettings
        fields = [
            "category_cap", "total_cap", "rating_drop", "rating_floor", "our_annual_revenue",
            "our_revenue_currency", "small_customer_share", "dominant_size_ratio",
            "dependence_share", "plan_review_days",
        ]  # fmt: skip
        widgets = {"our_revenue_currency": forms.Select(choices=CURRENCY_CHOICES)}
        labels = {
            "category_cap": _("Category cap"),
            "total_cap": _("Total cap"),
            "rating_drop": _("Rating drop"),
            "rating_floor": _("Rating floor"),
            "our_annual_revenue": _("Our annual revenue"),
            "our_revenue_currency": _("Our revenue currency"),
            "small_customer_share": _("Small customer share"),
            "dominant_size_ratio": _("Dominant size ratio"),
            "dependence_share": _("Dependence share"),
            "plan_review_days": _("Plan review days"),
        }


class SpendLineForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.all(),
        required=False,
        help_text=_("Empty: the supplier's own."),
    )
    period = MonthField(label=_("Month"))
    amount = forms.DecimalField(
        label=_("Amount"),
        max_digits=16,
        decimal_places=2,
        help_text=_("Negative for a credit note."),
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES)


class SupplierSelect(forms.Select):
    """A select of every current supplier that renders its options in one pass over
    (pk, name) rows: Django's per-option templates and model instances take seconds for
    10,000 suppliers. Same markup as `forms.Select`."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final = {"name": name, **self.build_attrs(self.attrs, attrs)}
        chosen = "" if value in (None, "") else str(getattr(value, "pk", value))
        choices = self.choices
        parts = [f"<select{flatatt(final)}>"]
        empty = getattr(choices, "field", None)
        if empty is not None and empty.empty_label is not None:
            selected = " selected" if not chosen else ""
            parts.append(f'<option value=""{selected}>{escape(empty.empty_label)}</option>')
        queryset = getattr(choices, "queryset", None)
        rows = (
            queryset.values_list("pk", "name")
            if queryset is not None
            else ((k, v) for k, v in choices if k not in (None, ""))
        )
        for pk, label in rows:
            key = str(pk)
            selected = " selected" if key == chosen else ""
            parts.append(f'<option value="{escape(key)}"{selected}>{escape(label)}</option>')
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 (every value escaped above)


class BackupForm(forms.Form):
    backup_supplier = forms.ModelChoiceField(
        queryset=Supplier.objects.filter(archived=False).order_by("name"),
        label=_("Backup supplier"),
        widget=SupplierSelect,
    )
    status = forms.ChoiceField(label=_("Status"), choices=_statuses(), initial="proposed")
    qualified_on = forms.DateField(label=_("Qualified on"), required=False, widget=DATE_INPUT)
    evidence = forms.CharField(
        label=_("Evidence"),
        required=False,
        max_length=domain.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[_no_nul],
        help_text=_("How it was vetted, when the playbook has no record of it."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=domain.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[_no_nul],
    )


class CategoryBackupForm(BackupForm):
    category = forms.ModelChoiceField(queryset=Category.objects.all(), label=_("For the category"))

    field_order = ["category", "backup_supplier", "status", "qualified_on", "evidence", "note"]


class BackupChangeForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=_statuses())
    qualified_on = forms.DateField(label=_("Qualified on"), required=False, widget=DATE_INPUT)
    evidence = forms.CharField(
        label=_("Evidence"),
        required=False,
        max_length=domain.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[_no_nul],
    )
    version = version_field()


class PlanForm(forms.Form):
    knowledge_transfer = forms.CharField(
        label=_("Knowledge transfer"),
        required=False,
        max_length=domain.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[_no_nul],
        help_text=_("What they know that we must learn or get documented."),
    )
    alternate_sourcing = forms.CharField(
        label=_("Alternate sourcing"),
        required=False,
        max_length=domain.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[_no_nul],
        help_text=_("Who else could supply, and how fast."),
    )
    exit_steps = forms.CharField(
        label=_("Exit steps"),
        required=False,
        max_length=domain.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[_no_nul],
        help_text=_("The steps, in order, to move away if we must."),
    )
    last_reviewed_on = forms.DateField(
        label=_("Last reviewed on"), required=False, widget=DATE_INPUT
    )
    review_interval_days = forms.IntegerField(
        label=_("Review interval days"), min_value=1, max_value=3650, initial=180
    )
    version = version_field()

    def clean_last_reviewed_on(self) -> dt.date | None:
        day = self.cleaned_data.get("last_reviewed_on")
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("The review date cannot be in the future."))
        return day


class RatingForm(forms.Form):
    rated_on = forms.DateField(widget=DATE_INPUT, label=_("Date"))
    score = forms.DecimalField(
        label=_("Score"),
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        max_digits=5,
        decimal_places=2,
        help_text=_("0–100, higher is healthier."),
    )
    provider = forms.CharField(label=_("Provider"), max_length=80, validators=[_no_nul])
    note = forms.CharField(label=_("Note"),
        required=False, max_length=domain.MAX_TEXT, widget=forms.Textarea(attrs={"rows": 2}),
        validators=[_no_nul],
    )  # fmt: skip


class RevenueForm(forms.Form):
    annual_revenue = forms.DecimalField(
        min_value=Decimal("0.01"), max_digits=20, decimal_places=2, label=_("Their annual revenue")
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES)
    fiscal_year = forms.IntegerField(
        label=_("Fiscal year"), required=False, min_value=1900, max_value=2200
    )
    source = forms.CharField(
        label=_("Source"), required=False, max_length=200, validators=[_no_nul]
    )
    version = version_field()
