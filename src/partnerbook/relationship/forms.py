"""Forms of relationship signals: quick and full interaction entry, trust entries, settings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partnerbook.accounts.models import INTERNAL_ROLES, User
from partnerbook.core.concurrency import version_field

from . import domain
from .models import CHANNEL_CHOICES, REQUEST_KIND_CHOICES, SIDES, TAG_CHOICES, RelationshipSettings
from .services import SETTINGS_FIELDS

SIDE_CHOICES = [("", "—"), *SIDES]


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def format_value(self, value: Any) -> Any:
        if hasattr(value, "strftime"):
            return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")
        return value


class InteractionForm(forms.Form):
    """Quick entry needs only date, channel, who started it, tags and notes; the rest is
    optional (participants, a request and its answer)."""

    occurred_on = forms.DateField(label=_("Date"), widget=DateInput, initial=timezone.localdate)
    channel = forms.ChoiceField(label=_("Channel"), choices=CHANNEL_CHOICES, initial="call")
    initiated_by = forms.ChoiceField(
        label=_("Started by"), choices=SIDES, initial="ours", widget=forms.RadioSelect
    )
    subject = forms.CharField(label=_("Subject"), max_length=200, required=False)
    tags = forms.MultipleChoiceField(
        label=_("Signals"), choices=TAG_CHOICES, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("What happened, in a few words")}),
        label=_("Notes"), required=False, max_length=20_000,
    )  # fmt: skip
    contacts: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Contacts who took part (either side)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    participants: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Colleagues who took part"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    request_side = forms.ChoiceField(
        label=_("A request was made by"), choices=SIDE_CHOICES, required=False
    )
    request_kind = forms.ChoiceField(
        label=_("Request for"), choices=[("", "—"), *REQUEST_KIND_CHOICES], required=False
    )
    asked_at = forms.DateTimeField(label=_("Asked at"), widget=DateTimeInput, required=False)
    answered_at = forms.DateTimeField(label=_("Answered at"), widget=DateTimeInput, required=False)
    version = version_field()

    def __init__(self, *args: Any, supplier: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The supplier's people first, then ours: both count on the contact-coverage grid.
        contacts = supplier.contacts.filter(archived=False).order_by("-side", "name", "pk")
        self.fields["contacts"].queryset = contacts  # type: ignore[attr-defined]
        self.fields["participants"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            role__in=INTERNAL_ROLES, is_active=True
        ).order_by("first_name", "username")

    def clean_notes(self) -> str:
        notes: str = self.cleaned_data["notes"]
        if "\x00" in notes:
            raise forms.ValidationError(gettext("The notes contain a NUL character."))
        return notes

    @classmethod
    def initial_for(cls, interaction: Any) -> dict[str, Any]:
        data = {
            key: getattr(interaction, key)
            for key in ("occurred_on", "channel", "initiated_by", "subject", "notes",
                        "request_side", "request_kind", "asked_at", "answered_at")
        }  # fmt: skip
        data["tags"] = [s.tag for s in interaction.signals.all()]
        data["contacts"] = list(interaction.contacts.all())
        data["participants"] = list(interaction.participants.all())
        data["version"] = interaction.version
        return data


class TrustEntryForm(forms.Form):
    occurred_on = forms.DateField(label=_("Date"), widget=DateInput, initial=timezone.localdate)
    points = forms.IntegerField(
        label=_("Points"),
        min_value=-50,
        max_value=50,
        help_text=_("Positive for a deposit, negative for a withdrawal."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=500)


class RelationshipSettingsForm(forms.ModelForm):
    version = version_field()

    class Meta:
        model = RelationshipSettings
        fields = list(SETTINGS_FIELDS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("version", self.instance.version)
        weights = dict(domain.DEFAULT_WEIGHTS)
        weights.update(self.instance.tag_weights or {})
        for tag in domain.TAGS.values():
            self.fields[f"weight_{tag.key}"] = forms.IntegerField(
                label=gettext(tag.label), min_value=-20, max_value=20, initial=weights[tag.key]
            )

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        red, green = cleaned.get("red_below"), cleaned.get("green_from")
        if red is not None and green is not None and red > green:
            # Beside the field, and before the model's check constraint would report it as
            # an unexplained form-wide error ("Constraint ... is violated").
            self.add_error("red_below", gettext("Red must start below where green starts."))
        return cleaned

    def weight_fields(self) -> list[Any]:
        return [self[f"weight_{key}"] for key in domain.TAGS]

    def threshold_fields(self) -> list[Any]:
        return [self[name] for name in SETTINGS_FIELDS]

    def data_for_service(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in SETTINGS_FIELDS}
        data["tag_weights"] = {key: self.cleaned_data[f"weight_{key}"] for key in domain.TAGS}
        return data
