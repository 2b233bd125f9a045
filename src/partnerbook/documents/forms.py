"""Forms of documents: uploading a file and changing its title and dates."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from partnerbook.core.concurrency import version_field

from . import domain
from .models import KIND_CHOICES, Document

ACCEPT = ".pdf,.png,.jpg,.jpeg,.xlsx,.docx,.csv,.txt"


class DateInput(forms.DateInput):
    input_type = "date"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=format_lazy(_("{types}; at most 10 MB."), types=domain.ALLOWED),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    kind = forms.ChoiceField(choices=KIND_CHOICES, label=_("Kind"))
    title = forms.CharField(
        max_length=200,
        required=False,
        label=_("Title"),
        help_text=_("Left empty: the kind of document."),
    )
    issued_on = forms.DateField(required=False, widget=DateInput, label=_("Issued on"))
    expires_on = forms.DateField(
        required=False,
        widget=DateInput,
        label=_("Expires on"),
        help_text=_("Required for certificates."),
    )
    shared = forms.BooleanField(
        required=False,
        label=_("Share with the supplier"),
        help_text=_("They can then see and download it on their portal. Left off: our side only."),
    )

    def data_for_service(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("file", "shared")}
        data["internal"] = not self.cleaned_data.get("shared")
        return data


class DocumentForm(forms.Form):
    title = forms.CharField(max_length=200, label=_("Title"))
    issued_on = forms.DateField(required=False, widget=DateInput, label=_("Issued on"))
    expires_on = forms.DateField(required=False, widget=DateInput, label=_("Expires on"))
    shared = forms.BooleanField(
        required=False,
        label=_("Share with the supplier"),
        help_text=_("They can then see and download it on their portal."),
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

    kind = forms.ChoiceField(choices=KIND_CHOICES, label=_("Kind of document"))
    title = forms.CharField(max_length=200, label=_("What we need"))
    reason = forms.CharField(
        max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}),
        label=_("Why we need it"),
    )  # fmt: skip
    due_on = forms.DateField(required=False, widget=DateInput, label=_("Needed by"))


class SupplierUploadForm(forms.Form):
    """The supplier's answer to a request, on the portal."""

    file = forms.FileField(
        label=_("File"),
        help_text=format_lazy(_("{types}; at most 10 MB."), types=domain.ALLOWED),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    issued_on = forms.DateField(required=False, widget=DateInput, label=_("Issued on"))
    expires_on = forms.DateField(
        required=False, widget=DateInput, label=_("Valid until"),
        help_text=_("Needed for certificates."),
    )  # fmt: skip

    def data_for_service(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "file"}
