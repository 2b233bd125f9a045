"""Forms of supplier questions: asking one (portal) and writing in the thread (both sides)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import BODY_LIMIT, SUBJECT_LIMIT


class TicketForm(forms.Form):
    subject = forms.CharField(max_length=SUBJECT_LIMIT, label=_("Subject"))
    message = forms.CharField(
        max_length=BODY_LIMIT, widget=forms.Textarea(attrs={"rows": 5}), label=_("Your question")
    )


class MessageForm(forms.Form):
    message = forms.CharField(
        max_length=BODY_LIMIT, widget=forms.Textarea(attrs={"rows": 4}), label=_("Message")
    )
