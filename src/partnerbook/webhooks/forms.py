"""The form for registering or changing a webhook (the service checks it again)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from . import domain
from .models import DESCRIPTION_LIMIT, URL_LIMIT


class WebhookForm(forms.Form):
    url = forms.CharField(
        max_length=URL_LIMIT,
        label=_("Address (URL)"),
        help_text=_(
            "Where Partnerbook sends each event, as an HTTP POST with a JSON body. "
            "Use an http:// or https:// address."
        ),
    )
    events = forms.MultipleChoiceField(
        choices=[(kind.key, _(kind.label)) for kind in domain.EVENTS],
        widget=forms.CheckboxSelectMultiple,
        label=_("Events"),
        help_text=_("The webhook hears of these events only."),
        error_messages={"required": _("Choose at least one event.")},
    )
    description = forms.CharField(
        max_length=DESCRIPTION_LIMIT,
        required=False,
        label=_("Description"),
        help_text=_("What receives the events, e.g. “ERP supplier sync”."),
    )
