"""Forms of quarterly business reviews: the review itself, and rows of action items (the
follow-up actions and, when risk rose, the mitigation plan)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partnerbook.actions.forms import DateInput, colleagues
from partnerbook.core.concurrency import version_field
from partnerbook.suppliers.models import Contact

from . import domain
from .models import BusinessReview

POINTS_HELP = _("One per line.")


def _text(label: Any, help_text: Any = "", rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, max_length=5000, help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )  # fmt: skip


def _points(label: Any) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, max_length=20_000, help_text=POINTS_HELP,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip


def quarter_choices(today: dt.date) -> list[tuple[str, str]]:
    """The current quarter and the seven before it, newest first."""
    return [
        (domain.quarter_key(start), domain.quarter_label(start))
        for start in domain.recent_quarters(today)
    ]


class ReviewForm(forms.Form):
    """A quarterly review: when, both sides' comments, decisions, successes and who took
    part. The quarter is chosen when the review is recorded and never changes after."""

    quarter = forms.ChoiceField(label=_("Quarter reviewed"))
    held_on = forms.DateField(label=_("Held on"), widget=DateInput)
    our_comments = _text(_("Our comments"))
    supplier_comments = _text(
        _("The supplier's comments"), _("What their side said in the review, in their words.")
    )
    decisions = _points(_("Decisions"))
    successes = _points(_("Successes to celebrate"))
    contacts: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Who took part"), queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    version = version_field()

    def __init__(self, *args: Any, supplier: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["quarter"].choices = quarter_choices(timezone.localdate())  # type: ignore[attr-defined]
        if editing:
            del self.fields["quarter"]
        else:
            del self.fields["version"]
        self.fields["contacts"].queryset = Contact.objects.filter(  # type: ignore[attr-defined]
            supplier=supplier, archived=False
        ).order_by("side", "name")

    @classmethod
    def initial_for(cls, review: BusinessReview, contacts: list[Contact]) -> dict[str, Any]:
        return {
            "held_on": review.held_on,
            "our_comments": review.our_comments,
            "supplier_comments": review.supplier_comments,
            "decisions": "\n".join(review.decisions),
            "successes": "\n".join(review.successes),
            "contacts": [c.pk for c in contacts],
            "version": review.version,
        }

    def data_for_service(self) -> dict[str, Any]:
        c = self.cleaned_data
        data: dict[str, Any] = {
            "held_on": c["held_on"],
            "our_comments": c["our_comments"],
            "supplier_comments": c["supplier_comments"],
            "decisions": domain.parse_points(c["decisions"]),
            "successes": domain.parse_points(c["successes"]),
            "contacts": list(c["contacts"]),
        }
        if "quarter" in c:
            data["quarter"] = c["quarter"]
        return data


class ActionRowForm(forms.Form):
    """One action item of the review: what, who (ours or theirs) and by when."""

    # Rows sit in a table without <label>s: each widget names its column for screen readers.
    title = forms.CharField(
        max_length=200, label=_("Action"), error_messages={"required": _("Say what needs doing.")},
        widget=forms.TextInput(attrs={"aria-label": _("Action")}),
    )  # fmt: skip
    owner: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Owner (our side)"),
        widget=forms.Select(attrs={"aria-label": _("Owner (our side)")}),
    )  # fmt: skip
    owner_contact: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Or owner (their side)"),
        widget=forms.Select(attrs={"aria-label": _("Or owner (their side)")}),
    )  # fmt: skip
    due_on = forms.DateField(
        label=_("Due"), required=False, widget=DateInput(attrs={"aria-label": _("Due")})
    )

    def __init__(self, *args: Any, supplier: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = colleagues()  # type: ignore[attr-defined]
        self.fields["owner_contact"].queryset = Contact.objects.filter(  # type: ignore[attr-defined]
            supplier=supplier, side=Contact.Side.SUPPLIER, archived=False
        ).order_by("name")
        # Every choice is on their side already: the name says enough.
        self.fields["owner_contact"].label_from_instance = lambda contact: contact.name  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("owner") and cleaned.get("owner_contact"):
            self.add_error("owner_contact", gettext("Choose one owner: on our side or on theirs."))
        return cleaned


ActionFormSet = forms.formset_factory(
    ActionRowForm, extra=3, max_num=domain.MAX_ACTIONS, validate_max=True
)


def action_rows(formset: Any) -> list[dict[str, Any]]:
    """The filled-in rows of an action formset, as the service takes them."""
    rows = []
    for form in formset.forms:
        c = getattr(form, "cleaned_data", None)
        if not c or not c.get("title"):
            continue
        rows.append(
            {"title": c["title"], "owner": c.get("owner"), "owner_contact": c.get("owner_contact"),
             "due_on": c.get("due_on")}
        )  # fmt: skip
    return rows
