"""Forms of the cadence pages: a meeting of the cadence, and our side's health check."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partnerbook.accounts.models import INTERNAL_ROLES, User
from partnerbook.core.concurrency import version_field
from partnerbook.suppliers.models import Contact, Supplier

from . import domain
from .models import KIND_CHOICES, LEVEL_CHOICES, MAX_INTERVAL, CadenceItem

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class OwnerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class CadenceItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Meeting"), choices=KIND_CHOICES)
    interval_days = forms.IntegerField(
        label=_("Every (days)"), min_value=1, max_value=MAX_INTERVAL, required=False,
        help_text=_("Leave empty for the usual interval of this meeting."),
    )  # fmt: skip
    channels = forms.MultipleChoiceField(
        label=_("Counts as held when logged as"),
        choices=[(key, _(label)) for key, label in domain.CHANNEL_CHOICES],
        widget=forms.CheckboxSelectMultiple,
    )
    our_level = forms.ChoiceField(label=_("Our level"), choices=LEVEL_CHOICES, required=False)
    their_level = forms.ChoiceField(label=_("Their level"), choices=LEVEL_CHOICES, required=False)
    attendees = forms.CharField(label=_("Who is expected"), max_length=300, required=False)
    contacts = forms.ModelMultipleChoiceField(
        label=_("People"), queryset=Contact.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    owner = OwnerChoice(label=_("Owner"), queryset=User.objects.none())
    planned_start = forms.DateTimeField(
        label=_("Next planned start"), required=False, widget=DATETIME,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )  # fmt: skip
    planned_end = forms.DateTimeField(
        label=_("Planned end"), required=False, widget=DATETIME,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )  # fmt: skip
    location = forms.CharField(label=_("Location or link"), max_length=200, required=False)
    version = version_field()

    def __init__(self, *args: Any, supplier: Supplier, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contacts"].queryset = Contact.objects.filter(  # type: ignore[attr-defined]
            supplier=supplier, archived=False
        ).order_by("side", "name")
        self.fields["owner"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            is_active=True, role__in=INTERNAL_ROLES
        ).order_by("first_name", "last_name", "username")
        self.fields["owner"].error_messages["invalid_choice"] = _("Choose an active colleague.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("planned_start"), data.get("planned_end")
        if start and end and end <= start:
            self.add_error("planned_end", gettext("The end must be after the start."))
        if end and not start and "planned_start" not in self.errors:
            self.add_error("planned_start", gettext("Give the start as well as the end."))
        if not data.get("interval_days") and data.get("kind") in domain.DEFAULT_INTERVALS:
            data["interval_days"] = domain.DEFAULT_INTERVALS[data["kind"]]
        return data

    @staticmethod
    def initial_for(item: CadenceItem) -> dict[str, Any]:
        def local(value: Any) -> Any:
            return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M") if value else None

        return {
            "kind": item.kind,
            "interval_days": item.interval_days,
            "channels": item.channels,
            "our_level": item.our_level,
            "their_level": item.their_level,
            "attendees": item.attendees,
            "contacts": list(item.contacts.all()),
            "owner": item.owner_id,
            "planned_start": local(item.planned_start),
            "planned_end": local(item.planned_end),
            "location": item.location,
            "version": item.version,
        }

    def data_for_service(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


SCORE_CHOICES = [(str(n), str(n)) for n in range(1, 6)]


class HealthCheckForm(forms.Form):
    """Our side's answers: each question scored 1 (poor) to 5 (excellent), with a comment."""

    held_on = forms.DateField(label=_("Held on"), widget=forms.DateInput(attrs={"type": "date"}))
    notes = forms.CharField(
        label=_("Notes"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, text in domain.QUESTIONS.items():
            self.fields[key] = forms.TypedChoiceField(
                label=gettext(text), choices=SCORE_CHOICES, coerce=int, widget=forms.RadioSelect
            )
            self.fields[f"{key}_comment"] = forms.CharField(
                label=_("Comment"), max_length=1000, required=False
            )
        if not self.is_bound:
            self.initial.setdefault("held_on", timezone.localdate())

    def question_rows(self) -> list[tuple[Any, Any]]:
        return [(self[key], self[f"{key}_comment"]) for key in domain.QUESTIONS]

    def clean_held_on(self) -> Any:
        day = self.cleaned_data["held_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(gettext("A health check cannot be held in the future."))
        return day

    def answers(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("held_on", "notes")}
