"""Forms of action items."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerbook.accounts.models import INTERNAL_ROLES, User
from partnerbook.core.concurrency import version_field
from partnerbook.suppliers.models import Contact

from .models import ActionItem


class DateInput(forms.DateInput):
    input_type = "date"


def colleagues() -> Any:
    return User.objects.filter(role__in=INTERNAL_ROLES, is_active=True).order_by(
        "first_name", "username"
    )


class ActionItemForm(forms.Form):
    """One action item: what, who (ours or theirs), by when, and where it stands."""

    title = forms.CharField(max_length=200, label=_("Title"))
    detail = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000, label=_("Detail")
    )
    owner: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Owner (our side)")
    )
    owner_contact: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Or owner on their side")
    )
    due_on = forms.DateField(label=_("Due"), widget=DateInput, required=False)
    status = forms.ChoiceField(choices=ActionItem.Status.choices, initial="open", label=_("Status"))
    version = version_field()

    def __init__(self, *args: Any, supplier: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = colleagues()  # type: ignore[attr-defined]
        self.fields["owner_contact"].queryset = Contact.objects.filter(  # type: ignore[attr-defined]
            supplier=supplier, side=Contact.Side.SUPPLIER, archived=False
        )

    @classmethod
    def initial_for(cls, item: ActionItem) -> dict[str, Any]:
        return {
            "title": item.title,
            "detail": item.detail,
            "owner": item.owner,
            "owner_contact": item.owner_contact,
            "due_on": item.due_on,
            "status": item.status,
            "version": item.version,
        }


class PortalActionForm(forms.Form):
    """The supplier-side owner's change to their action item in the portal."""

    status = forms.ChoiceField(
        choices=[("open", _("Still open")), ("done", _("Done"))], label=_("Status")
    )
    progress_note = forms.CharField(
        required=False,
        max_length=2000,
        label=_("Progress note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Where it stands, what you need from us, or what was done."),
    )
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
