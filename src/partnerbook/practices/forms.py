"""Forms of the Practices tab: start or edit a practice, end it, record an agreement."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partnerbook.core.concurrency import version_field

from . import domain, services

# The domain's labels, in the person's language.
_PRACTICE_CHOICES = [(key, _(label)) for key, label in domain.PRACTICE_CHOICES]
_AGREEMENT_CHOICES = [(key, _(label)) for key, label in domain.AGREEMENT_CHOICES]
_TEMPLATE_CHOICES = [(key, _(label)) for key, label in domain.TEMPLATE_CHOICES]


class DateInput(forms.DateInput):
    input_type = "date"


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise forms.ValidationError(gettext("The text contains a NUL character."))
    return value


class PracticeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Practice"), choices=_PRACTICE_CHOICES)
    started_on = forms.DateField(
        label=_("Started on"), widget=DateInput, initial=timezone.localdate
    )
    owner: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Owner (our side)"),
        queryset=None,
        required=False,
        empty_label="—",
        help_text=_("Left empty: you, for a new practice; unchanged when editing."),
    )
    attendees: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Who attends (both sides)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For joint problem-solving: the people in the sessions."),
    )
    notes = forms.CharField(
        label=_("Notes"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=10_000,
    )
    version = version_field()

    def __init__(self, *args: Any, supplier: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = services.colleagues()  # type: ignore[attr-defined]
        contacts = supplier.contacts.filter(archived=False).order_by("side", "name")
        self.fields["attendees"].queryset = contacts  # type: ignore[attr-defined]

    def clean_notes(self) -> str:
        return _no_nul(self.cleaned_data["notes"])

    def data_for_service(self) -> dict[str, Any]:
        """The cleaned values without the version, and without an empty owner."""
        data = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        if data.get("owner") is None:
            data.pop("owner", None)
        return data

    @classmethod
    def initial_for(cls, practice: Any) -> dict[str, Any]:
        return {
            "kind": practice.kind,
            "started_on": practice.started_on,
            "owner": practice.owner_id,
            "attendees": [c.pk for c in practice.attendees.all()],
            "notes": practice.notes,
            "version": practice.version,
        }


class EndPracticeForm(forms.Form):
    ended_on = forms.DateField(label=_("Ended on"), widget=DateInput, initial=timezone.localdate)
    version = version_field()


def _section_field(key: str, label: str, help_text: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=5000,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AgreementForm(forms.Form):
    """Record or edit an agreement. The sections a template does not require stay optional
    (the page marks them so; the service checks the required ones)."""

    kind = forms.ChoiceField(label=_("Agreement"), choices=_AGREEMENT_CHOICES)
    template = forms.ChoiceField(
        label=_("Template"),
        choices=[("", _("— none (NDA) —")), *_TEMPLATE_CHOICES],
        required=False,
        help_text=_("Which sections the contract must fill. Not used for NDAs."),
    )
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput)
    starts_on = forms.DateField(
        label=_("Starts on"), widget=DateInput, required=False, help_text=_("Empty: when signed.")
    )
    expires_on = forms.DateField(
        label=_("Expires on"), widget=DateInput, required=False, help_text=_("Empty: no end date.")
    )
    renewal_notice_days = forms.IntegerField(
        label=_("Renewal notice (days)"),
        required=False,
        min_value=0,
        max_value=domain.MAX_NOTICE_DAYS,
        help_text=_("Days before the end date by which to renew or give notice."),
    )
    reference = forms.CharField(label=_("Reference"), max_length=100, required=False)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000
    )
    legal_reviewed_on = forms.DateField(
        label=_("Reviewed by legal on"), widget=DateInput, required=False
    )
    legal_reviewer = forms.CharField(label=_("Reviewed by"), max_length=200, required=False)
    version = version_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label, help_text in domain.SECTIONS:
            if key == "escalation_path":
                self.fields[key] = forms.CharField(
                    label=gettext(label),
                    required=False,
                    max_length=2000,
                    help_text=gettext(
                        "One level per line or separated by ';' as level:who:days, "
                        "e.g. 1:Buyer:5; 2:Category manager:10 (at most five levels)."
                    ),
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
            else:
                self.fields[key] = _section_field(key, gettext(label), gettext(help_text))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for key, value in list(cleaned.items()):
            if isinstance(value, str) and "\x00" in value:
                self.add_error(key, gettext("The text contains a NUL character."))
        text = cleaned.get("escalation_path")
        if isinstance(text, str):
            levels, problem = domain.parse_escalation_text(text)
            if problem is None:
                _levels, problem = domain.check_escalation_path(levels)
            if problem:
                self.add_error("escalation_path", problem)
            else:
                cleaned["escalation_path"] = levels
        return cleaned

    def data_for_service(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}

    def groups(self) -> list[tuple[str, list[Any]]]:
        """The section fields in their groups, for the page."""
        return [
            (gettext(title), [self[key] for key in keys]) for title, keys in domain.SECTION_GROUPS
        ]

    @classmethod
    def initial_for(cls, agreement: Any) -> dict[str, Any]:
        initial = {
            key: getattr(agreement, key)
            for key in (
                "kind", "template", "signed_on", "starts_on", "expires_on",
                "renewal_notice_days", "reference", "note", *domain.TEXT_SECTIONS,
                "legal_reviewed_on", "legal_reviewer", "version",
            )
        }  # fmt: skip
        initial["escalation_path"] = agreement.escalation_text
        return initial
