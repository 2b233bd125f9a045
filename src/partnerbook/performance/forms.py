"""Forms of the Performance tab."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partnerbook.core.concurrency import version_field
from partnerbook.suppliers.models import Category

from .models import DIRECTION_CHOICES, KIND_CHOICES, KpiDefinition
from .services import KPI_FIELDS

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class MeasurementForm(forms.Form):
    """A value of an entered KPI for one month."""

    kpi = forms.ChoiceField(label="KPI")
    period = forms.CharField(
        label=_("Month"),
        max_length=7,
        help_text="YYYY-MM",
        widget=forms.TextInput(attrs={"placeholder": "YYYY-MM"}),
    )
    value = forms.FloatField(label=_("Value"))

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kpi"].choices = choices  # type: ignore[attr-defined]

    def clean_period(self) -> dt.date:
        text = self.cleaned_data["period"].strip()
        found = _MONTH.match(text)
        if not found or not 1 <= int(found.group(2)) <= 12 or int(found.group(1)) < 1900:
            raise forms.ValidationError(gettext("Give the month as YYYY-MM, e.g. 2026-03."))
        return dt.date(int(found.group(1)), int(found.group(2)), 1)

    def clean_value(self) -> float:
        value = self.cleaned_data["value"]
        if abs(value) > 1e12:
            raise forms.ValidationError(gettext("This value is too large."))
        return float(value)


class KpiForm(forms.Form):
    """A KPI definition: what it measures, which way is better, its target, thresholds and
    weight. The key cannot change once defined."""

    key = forms.RegexField(
        regex=r"^[a-z][a-z0-9_]*$",
        max_length=40,
        label=_("Key"),
        help_text=_("A short name for files and the API, e.g. on_time."),
        error_messages={
            "invalid": _("Use lower-case letters, digits and _, starting with a letter.")
        },
    )
    name = forms.CharField(max_length=100, label=_("Name"))
    kind = forms.ChoiceField(choices=KIND_CHOICES, label=_("Kind"))
    direction = forms.ChoiceField(choices=DIRECTION_CHOICES, label=_("Direction"))
    unit = forms.CharField(
        max_length=20, required=False, label=_("Unit"), help_text=_("e.g. %, ppm, hours")
    )
    target = forms.FloatField(min_value=-1e12, max_value=1e12, label=_("Target"))
    yellow_threshold = forms.FloatField(
        min_value=-1e12,
        max_value=1e12,
        label=_("Yellow threshold"),
        help_text=_("Worse than this: yellow."),
    )
    red_threshold = forms.FloatField(
        min_value=-1e12,
        max_value=1e12,
        label=_("Red threshold"),
        help_text=_("Worse than this: red."),
    )
    weight = forms.FloatField(
        min_value=0,
        max_value=1000,
        label=_("Weight"),
        help_text=_("Its share of the overall score; 0 to only show it."),
    )
    core = forms.BooleanField(
        required=False,
        label=_("Core"),
        help_text=_("Counts towards the limit of core KPIs per scorecard."),
    )
    category = forms.ModelChoiceField(
        queryset=Category.objects.order_by("name"),
        required=False,
        label=_("Category"),
        empty_label=_("Every supplier (default)"),
        help_text=_("Applies to this category and its sub-categories; empty for every supplier."),
    )
    version = version_field()

    def __init__(self, *args: Any, editing: bool = False, scoped: bool = True, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["key"].disabled = True
            self.fields["category"].disabled = True
        if not scoped:
            del self.fields["category"]

    @staticmethod
    def initial_for(definition: KpiDefinition) -> dict[str, Any]:
        initial = {name: getattr(definition, name) for name in KPI_FIELDS}
        initial.update(category=definition.category_id, version=definition.version)
        return initial

    def data_for_service(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in KPI_FIELDS if name in self.fields}
