"""Forms of the Performance tab."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class MeasurementForm(forms.Form):
    """A value of an entered KPI for one month."""

    kpi = forms.ChoiceField(label="KPI")
    period = forms.CharField(
        label="Month",
        max_length=7,
        help_text="YYYY-MM",
        widget=forms.TextInput(attrs={"placeholder": "YYYY-MM"}),
    )
    value = forms.FloatField(label="Value")

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kpi"].choices = choices  # type: ignore[attr-defined]

    def clean_period(self) -> dt.date:
        text = self.cleaned_data["period"].strip()
        found = _MONTH.match(text)
        if not found or not 1 <= int(found.group(2)) <= 12 or int(found.group(1)) < 1900:
            raise forms.ValidationError("Give the month as YYYY-MM, e.g. 2026-03.")
        return dt.date(int(found.group(1)), int(found.group(2)), 1)

    def clean_value(self) -> float:
        value = self.cleaned_data["value"]
        if abs(value) > 1e12:
            raise forms.ValidationError("This value is too large.")
        return float(value)
