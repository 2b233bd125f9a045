"""Forms of the economics pages. They check the shape of the input; the rules (hours in
range, shares adding up to 100, a third party where the agreement needs one) live in the
services, whose errors the views put back beside the field they name."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partnerbook.core.concurrency import version_field
from partnerbook.core.currencies import CODES

from . import domain

TEXT = domain.MAX_TEXT
CURRENCIES = [(c, c) for c in CODES]
MONEY: dict[str, Any] = {"max_digits": 14, "decimal_places": 2}


class DateInput(forms.DateInput):
    input_type = "date"


def _choices(table: dict[str, str]) -> list[tuple[str, Any]]:
    return [(key, _(label)) for key, label in table.items()]


def _area(label: Any, required: bool = False, rows: int = 2) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=TEXT,
        widget=forms.Textarea(attrs={"rows": rows}),
    )  # fmt: skip


def _pct(label: Any, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=required, min_value=0, max_value=100, max_digits=5,
        decimal_places=2,
    )  # fmt: skip


class CleanTextMixin(forms.Form):
    """Refuses text with NUL characters, which the database cannot store."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for key, value in cleaned.items():
            if isinstance(value, str) and "\x00" in value:
                self.add_error(key, _("The text contains a NUL character."))
        return cleaned


class TimeLogForm(CleanTextMixin):
    """Log hours spent on partnership work."""

    prefix = "time"
    day = forms.DateField(label=_("Day"), widget=DateInput)
    hours = forms.DecimalField(label=_("Hours"), min_value=Decimal("0.01"), max_value=24,
                               max_digits=5, decimal_places=2)  # fmt: skip
    activity = forms.ChoiceField(label=_("Activity"), choices=_choices(domain.TIME_ACTIVITIES))
    note = _area(_("Note"))


class BenefitForm(CleanTextMixin):
    """Record a benefit the partnership brought."""

    prefix = "benefit"
    kind = forms.ChoiceField(label=_("Kind"), choices=_choices(domain.BENEFIT_KINDS))
    amount = forms.DecimalField(label=_("Amount"), min_value=Decimal("0.01"), **MONEY)
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCIES, initial="EUR")
    realised_on = forms.DateField(label=_("Realised on"), widget=DateInput)
    note = _area(_("Evidence"))


class CostForm(CleanTextMixin):
    """Record a cost of doing business beyond the purchase price."""

    prefix = "cost"
    kind = forms.ChoiceField(label=_("Kind"), choices=_choices(domain.COST_KINDS))
    amount = forms.DecimalField(label=_("Amount"), min_value=Decimal("0.01"), **MONEY)
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCIES, initial="EUR")
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2200)
    note = _area(_("Note"))


class AgreementForm(CleanTextMixin):
    """Record or change a gain-share agreement."""

    prefix = "agreement"
    title = forms.CharField(label=_("Title"), max_length=domain.MAX_TITLE)
    baseline = _area(_("Baseline (what savings are measured against)"), required=True)
    baseline_amount = forms.DecimalField(label=_("Baseline per period"), min_value=0, **MONEY)
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCIES, initial="EUR")
    period_kind = forms.ChoiceField(label=_("Period"), choices=_choices(domain.PERIOD_KINDS),
                                    initial="quarter")  # fmt: skip
    supplier_saving_pct = _pct(_("Supplier's share of savings (%)"))
    supplier_overrun_pct = _pct(_("Share of overruns the supplier absorbs (%)"))
    our_overrun_pct = _pct(_("Share of overruns we absorb (%)"))
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput)
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput, required=False)
    requires_third_party = forms.BooleanField(
        label=_("A neutral third party must verify every saving"), required=False
    )
    version = version_field()


class SavingForm(CleanTextMixin):
    """Record the saving (or, negative, the overrun) of one period."""

    prefix = "saving"
    period = forms.DateField(
        label=_("Period"), widget=DateInput, help_text=_("Any day of the period.")
    )
    amount = forms.DecimalField(
        label=_("Amount"),
        help_text=_("Positive: a saving against the baseline; negative: an overrun."),
        **MONEY,
    )
    evidence = _area(_("Evidence"), required=True)


class VerifyForm(CleanTextMixin):
    """Verify a saving or overrun."""

    prefix = "verify"
    third_party = forms.CharField(
        label=_("Neutral third party"), max_length=200, required=False,
        help_text=_("Who verified it independently (required when the agreement says so)."),
    )  # fmt: skip


class PayoutForm(CleanTextMixin):
    """Record a payment of the supplier's share."""

    prefix = "payout"
    period = forms.DateField(
        label=_("Period"), widget=DateInput, help_text=_("Any day of the period it settles.")
    )
    amount = forms.DecimalField(label=_("Amount"), min_value=Decimal("0.01"), **MONEY)
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput)
    reference = forms.CharField(label=_("Reference"), max_length=100)


class SettingsForm(forms.Form):
    """The hourly cost and the standard hours per kind of work."""

    hourly_cost = forms.DecimalField(label=_("Hourly cost"), min_value=0, **MONEY)
    version = version_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, (label, unit, default) in domain.EFFORT_SOURCES.items():
            self.fields[f"hours_{key}"] = forms.DecimalField(
                label=_("%(label)s (hours each)") % {"label": gettext(label)},
                min_value=0, max_digits=6, decimal_places=2,
                help_text=f"Per {unit.rstrip('s')}; default {domain.hours_text(default)}.",
            )  # fmt: skip


class WindowForm(forms.Form):
    """Which window an ROI covers: the last 12 months, or a calendar year."""

    year = forms.IntegerField(required=False, min_value=1990, max_value=2200)
    sort = forms.ChoiceField(
        required=False,
        choices=[(s, s) for key in ("name", "hours", "cost", "benefits", "net", "roi")
                 for s in (key, f"-{key}")],
    )  # fmt: skip


class TcoForm(forms.Form):
    category = forms.IntegerField(required=False, min_value=1, max_value=10**15 - 1)
    year = forms.IntegerField(required=False, min_value=1990, max_value=2200)


class StatementForm(forms.Form):
    start = forms.DateField(required=False, widget=DateInput, label=_("From"))
    end = forms.DateField(required=False, widget=DateInput, label=_("To"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", _("The end comes before the start."))
        return cleaned
