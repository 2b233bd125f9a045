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
    shared = forms.BooleanField(
        required=False,
        label="Share with the supplier",
        help_text="They can then see and download it on their portal. Left off: our side only.",
    )

    def data_for_service(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("file", "shared")}
        data["internal"] = not self.cleaned_data.get("shared")
        return data


class DocumentForm(forms.Form):
    title = forms.CharField(max_length=200)
    issued_on = forms.DateField(required=False, widget=DateInput, label="Issued on")
    expires_on = forms.DateField(required=False, widget=DateInput, label="Expires on")
    shared = forms.BooleanField(
        required=False,
        label="Share with the supplier",
        help_text="They can then see and download it on their portal.",
    )
    version = version_field()

    @staticmethod
    def initial_for(document: Document) -> dict[str, Any]:
        return {
            "title": document.title,
            "issued_on": document.issued_on,
            "expires_on": document.expires_on,
            "shared": not document.internal,
            "version": document.version,
        }

    def data_for_service(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("version", "shared")}
        data["internal"] = not self.cleaned_data.get("shared")
        return data


class RequestForm(forms.Form):
    """Ask the supplier for a document or certificate."""

    kind = forms.ChoiceField(choices=KIND_CHOICES, label="Kind of document")
    title = forms.CharField(max_length=200, label="What we need")
    reason = forms.CharField(
        max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}),
        label="Why we need it",
    )  # fmt: skip
    due_on = forms.DateField(required=False, widget=DateInput, label="Needed by")


class SupplierUploadForm(forms.Form):
    """The supplier's answer to a request, on the portal."""

    file = forms.FileField(
        help_text=f"{domain.ALLOWED}; at most 10 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    issued_on = forms.DateField(required=False, widget=DateInput, label="Issued on")
    expires_on = forms.DateField(
        required=False, widget=DateInput, label="Valid until",
        help_text="Needed for certificates.",
    )  # fmt: skip

    def data_for_service(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "file"}
