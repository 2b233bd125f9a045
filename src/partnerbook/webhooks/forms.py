"""The form for registering or changing a webhook (the service checks it again)."""

from __future__ import annotations

from django import forms

from . import domain
from .models import DESCRIPTION_LIMIT, URL_LIMIT


class WebhookForm(forms.Form):
    url = forms.CharField(
        max_length=URL_LIMIT,
        label="Address (URL)",
        help_text="Where Partnerbook sends each event, as an HTTP POST with a JSON body. "
        "Use an http:// or https:// address.",
    )
    events = forms.MultipleChoiceField(
        choices=[(kind.key, kind.label) for kind in domain.EVENTS],
        widget=forms.CheckboxSelectMultiple,
        label="Events",
        help_text="The webhook hears of these events only.",
        error_messages={"required": "Choose at least one event."},
    )
    description = forms.CharField(
        max_length=DESCRIPTION_LIMIT,
        required=False,
        label="Description",
        help_text="What receives the events, e.g. “ERP supplier sync”.",
    )
