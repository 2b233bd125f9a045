"""Forms of documents: uploading a file and changing its title and dates."""

from __future__ import annotations

from typing import Any

from django import forms

from partnerbook.core.concurrency import version_field

from . import domain
from .models import KIND_CHOICES, Document

ACCEPT = ".pdf,.png,.jpg,.jpeg,.xlsx,.docx,.csv,.txt"


class DateInput(forms.DateInput):
    input_type = "date"


class UploadForm(forms.Form):
    file = forms.FileField(
        help_text=f"{domain.ALLOWED}; at most 10 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    kind = forms.ChoiceField(choices=KIND_CHOICES)
    title = forms.CharField(
        max_length=200, required=False, help_text="Left empty: the kind of document."
    )
    issued_on = forms.DateField(required=False, widget=DateInput, label="Issued on")
    expires_on = forms.DateField(
        required=False, widget=DateInput, label="Expires on", help_text="Required for certificates."
    )

    def data_for_service(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "file"}


class DocumentForm(forms.Form):
    title = forms.CharField(max_length=200)
    issued_on = forms.DateField(required=False, widget=DateInput, label="Issued on")
    expires_on = forms.DateField(required=False, widget=DateInput, label="Expires on")
    version = version_field()

    @staticmethod
    def initial_for(document: Document) -> dict[str, Any]:
        return {
            "title": document.title,
            "issued_on": document.issued_on,
            "expires_on": document.expires_on,
            "version": document.version,
        }

    def data_for_service(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}
