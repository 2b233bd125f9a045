"""Forms of the supplier's voice: the portal's "Talk to us" page and our answers. They check
the shape of the input; the rules live in `services`, whose errors the views put back beside
the field they name."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_PROPOSAL, MAX_TEXT, MAX_TITLE, Concern


class DateInput(forms.DateInput):
    input_type = "date"


class _OnePageForm(forms.Form):
    """The three forms share one page: each gets its own element ids."""

    id_prefix = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class SuggestionForm(_OnePageForm):
    id_prefix = "suggestion"
    title = forms.CharField(label=_("In a few words"), max_length=MAX_TITLE)
    text = forms.CharField(
        label=_("Your idea"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 4})
    )
    proposal = forms.CharField(
        label=_("What we could do (optional)"),
        required=False,
        max_length=MAX_PROPOSAL,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("A first step on our side, a saving you expect, who should be involved."),
    )

    def data_for_service(self) -> dict[str, Any]:
        return {"kind": "suggestion", **self.cleaned_data}


class EarlyWarningForm(_OnePageForm):
    id_prefix = "warning"
    title = forms.CharField(label=_("What is coming"), max_length=MAX_TITLE)
    text = forms.CharField(
        label=_("What you know so far"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    proposal = forms.CharField(
        label=_("Likely impact on us (optional)"),
        required=False,
        max_length=MAX_PROPOSAL,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    due_by = forms.DateField(
        label=_("It matters by (optional)"), required=False, widget=DateInput()
    )

    def data_for_service(self) -> dict[str, Any]:
        return {"kind": "early_warning", **self.cleaned_data}


class ConcernForm(_OnePageForm):
    id_prefix = "concern"
    topic = forms.ChoiceField(label=_("What it is about"), choices=Concern.Topic.choices)
    text = forms.CharField(
        label=_("Your concern"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 4})
    )
    anonymous = forms.BooleanField(label=_("Send anonymously"), required=False)


class ReplyForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Answer"),
        choices=[
            ("acknowledged", _("Acknowledged: we are looking at it")),
            ("taken_up", _("Taken up")),
            ("declined", _("Not taken up (say why)")),
        ],
    )
    reply = forms.CharField(
        label=_("Your reply to the supplier"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The supplier's people read this in their portal."),
    )
