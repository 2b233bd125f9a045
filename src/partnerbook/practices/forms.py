"""Forms of the Practices tab: start or edit a practice, end it, record an agreement."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from partnerbook.core.concurrency import version_field

from . import domain, services


class DateInput(forms.DateInput):
    input_type = "date"


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise forms.ValidationError("The text contains a NUL character.")
    return value


class PracticeForm(forms.Form):
    kind = forms.ChoiceField(label="Practice", choices=domain.PRACTICE_CHOICES)
    started_on = forms.DateField(label="Started on", widget=DateInput, initial=timezone.localdate)
    owner: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Owner (our side)",
        queryset=None,
        required=False,
        empty_label="—",
        help_text="Left empty: you, for a new practice; unchanged when editing.",
    )
    attendees: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label="Who attends (both sides)",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="For joint problem-solving: the people in the sessions.",
    )
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=10_000
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
    ended_on = forms.DateField(label="Ended on", widget=DateInput, initial=timezone.localdate)
    version = version_field()


class AgreementForm(forms.Form):
    kind = forms.ChoiceField(label="Agreement", choices=domain.AGREEMENT_CHOICES)
    signed_on = forms.DateField(label="Signed on", widget=DateInput)
    expires_on = forms.DateField(
        label="Expires on", widget=DateInput, required=False, help_text="Empty: no end date."
    )
    reference = forms.CharField(max_length=100, required=False)
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000
    )

    def clean_reference(self) -> str:
        return _no_nul(self.cleaned_data["reference"])

    def clean_note(self) -> str:
        return _no_nul(self.cleaned_data["note"])
