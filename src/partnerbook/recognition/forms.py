"""Forms of the referral and recognition pages. They check the shape of the input; the rules
(no date in the future, a reward that holds together) live in the services, whose errors the
views put back beside the field they name."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partnerbook.core.concurrency import version_field
from partnerbook.core.currencies import CODES
from partnerbook.suppliers.models import Category, Supplier

from . import domain

TEXT = domain.MAX_TEXT
MAX_ID = 10**15 - 1  # beyond any record's id; larger numbers overflow the database
CURRENCIES = [("", "—"), *((c, c) for c in CODES)]


class DateInput(forms.DateInput):
    input_type = "date"


def _area(label: Any, rows: int = 3, required: bool = False, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=TEXT,
        widget=forms.Textarea(attrs={"rows": rows}), **kwargs,
    )  # fmt: skip


class RecordField(forms.ModelChoiceField):
    """A record choice that refuses numbers too large to be any record's id."""

    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and len(str(value)) > len(str(MAX_ID)):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class CleanTextMixin(forms.Form):
    """Refuses text with NUL characters, which the database cannot store."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for key, value in cleaned.items():
            if isinstance(value, str) and "\x00" in value:
                self.add_error(key, gettext("The text contains a NUL character."))
        return cleaned


class ReferralForm(CleanTextMixin):
    """Record a referral, or change one."""

    referring_supplier = RecordField(
        queryset=Supplier.objects.none(), label=_("Referred by"),
        help_text=_("The supplier that pointed us to the company."),
    )  # fmt: skip
    referred_supplier = RecordField(
        queryset=Supplier.objects.none(), required=False, label=_("Referred company (registered)"),
        help_text=_("If the company is registered already; otherwise give its name below."),
    )  # fmt: skip
    company_name = forms.CharField(
        label=_("Referred company (name)"), max_length=domain.MAX_NAME, required=False
    )
    contact_name = forms.CharField(
        label=_("Contact person"), max_length=domain.MAX_NAME, required=False
    )
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=50, required=False)
    category = RecordField(queryset=Category.objects.none(), required=False, label=_("Category"))
    received_on = forms.DateField(label=_("Received on"), required=False, widget=DateInput)
    reward_text = forms.CharField(
        label=_("Reward"), max_length=300, required=False,
        help_text=_("What we offered for it, e.g. a thank-you letter or a fee."),
    )  # fmt: skip
    reward_amount = forms.DecimalField(
        label=_("Reward amount"), required=False, min_value=0, max_digits=16, decimal_places=2
    )
    reward_currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCIES, required=False)
    reward_status = forms.ChoiceField(
        label=_("Reward status"),
        choices=[(k, _(v)) for k, v in domain.REWARD_STATUSES.items()],
        initial="none",
    )
    paid_on = forms.DateField(label=_("Paid on"), required=False, widget=DateInput)
    note = _area(_("Note"), rows=2)
    version = version_field()

    def __init__(self, *args: Any, suppliers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["referring_supplier"].queryset = suppliers  # type: ignore[attr-defined]
        self.fields["referred_supplier"].queryset = suppliers  # type: ignore[attr-defined]
        self.fields["category"].queryset = Category.objects.order_by("name")  # type: ignore[attr-defined]

    def data_for_service(self) -> dict[str, Any]:
        return {
            k: v for k, v in self.cleaned_data.items() if k not in ("version", "referring_supplier")
        }


class MoveForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Move to"), choices=[(k, _(v)) for k, v in domain.REFERRAL_STATUSES.items()]
    )
    on = forms.DateField(label=_("On"), required=False, widget=DateInput)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    version = version_field()


class WinForm(CleanTextMixin):
    """Record a win, or change one."""

    title = forms.CharField(label=_("Title"), max_length=domain.MAX_TITLE, required=False)
    story = _area(_("What happened"), rows=4)
    happened_on = forms.DateField(label=_("Happened on"), required=False, widget=DateInput)
    impact = _area(_("Impact"), rows=2, help_text=_("What it brought, in words."))
    impact_amount = forms.DecimalField(
        label=_("Impact amount"), required=False, min_value=0, max_digits=16, decimal_places=2
    )
    impact_currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCIES, required=False)
    published = forms.BooleanField(
        label=_("Publish on the supplier's success-story page"), required=False
    )
    version = version_field()

    def data_for_service(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class NewWinForm(WinForm):
    trust_points = forms.IntegerField(
        label=_("Trust deposit (points)"), required=False,
        min_value=domain.MIN_WIN_POINTS, max_value=domain.MAX_WIN_POINTS,
        help_text=_("Added to the trust ledger once, when the win is recorded."),
    )  # fmt: skip


class ProfileForm(CleanTextMixin):
    title = forms.CharField(label=_("Title"), max_length=domain.MAX_TITLE, required=False)
    introduction = _area(_("Introduction"), rows=3)
    what_we_look_for = _area(_("What we look for"), rows=6)
    what_partners_get = _area(_("What our partners get from us"), rows=6)
    how_to_start = _area(_("How to start"), rows=4)
    contact = forms.CharField(label=_("Contact"), max_length=300, required=False)
    version = version_field()

    def data_for_service(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}
