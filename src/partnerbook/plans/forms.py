"""Forms of relationship and recovery plans."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerbook.actions.forms import DateInput, colleagues
from partnerbook.core.concurrency import version_field
from partnerbook.relationship.domain import CHANNEL_CHOICES
from partnerbook.suppliers.models import Contact

from . import domain
from .models import MAX_HOURS, RecoveryPlan, RelationshipPlan
from .services import SWOT

POINTS_HELP = _("One point per line.")


def _hours(label: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=1, max_value=MAX_HOURS, required=False)


def _points(label: Any) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, max_length=10_000, help_text=POINTS_HELP,
        widget=forms.Textarea(attrs={"rows": 4}),
    )  # fmt: skip


class PlanForm(forms.Form):
    """The plan itself (the contact map comes in `ContactMapFormSet`)."""

    contributors: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Written with (their side)"), queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    contributors_note = forms.CharField(
        label=_("Others who contributed"), max_length=300, required=False
    )
    strengths = _points(_("Strengths of the partnership"))
    weaknesses = _points(_("Weaknesses"))
    opportunities = _points(_("Opportunities"))
    threats = _points(_("Threats"))
    preferred_channels = forms.MultipleChoiceField(
        label=_("Preferred channels"),
        choices=[(key, _(label)) for key, label in CHANNEL_CHOICES],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    response_urgent_hours = _hours(_("Urgent: answer within (hours)"))
    response_normal_hours = _hours(_("Normal: answer within (hours)"))
    response_low_hours = _hours(_("Low priority: answer within (hours)"))
    languages = forms.CharField(
        label=_("Languages"),
        max_length=500,
        required=False,
        help_text=_("Separate with commas, e.g. English, German."),
    )
    time_zones = forms.CharField(
        label=_("Time zones"), max_length=500, required=False,
        help_text=_("Separate with commas, e.g. Europe/Amsterdam, Asia/Shanghai."),
    )  # fmt: skip
    meeting_etiquette = forms.CharField(
        label=_("Meeting etiquette"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    uses_intermediary = forms.BooleanField(label=_("A local intermediary is used"), required=False)
    intermediary = forms.CharField(label=_("Intermediary"), max_length=200, required=False)
    change_note = forms.CharField(
        label=_("What changed and why"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
    version = version_field()

    def __init__(self, *args: Any, supplier: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contributors"].queryset = Contact.objects.filter(  # type: ignore[attr-defined]
            supplier=supplier, side=Contact.Side.SUPPLIER, archived=False
        )

    @classmethod
    def initial_for(cls, plan: RelationshipPlan | None) -> dict[str, Any]:
        if plan is None:
            return {"version": 1}
        data: dict[str, Any] = {key: "\n".join(getattr(plan, key)) for key in SWOT}
        data.update(
            contributors=list(plan.contributor_ids),
            contributors_note=plan.contributors_note,
            preferred_channels=list(plan.preferred_channels),
            response_urgent_hours=plan.response_urgent_hours,
            response_normal_hours=plan.response_normal_hours,
            response_low_hours=plan.response_low_hours,
            languages=", ".join(plan.languages),
            time_zones=", ".join(plan.time_zones),
            meeting_etiquette=plan.meeting_etiquette,
            uses_intermediary=plan.uses_intermediary,
            intermediary=plan.intermediary,
            version=plan.version,
        )
        return data

    def data_for_service(self) -> dict[str, Any]:
        c = self.cleaned_data
        data: dict[str, Any] = {key: domain.parse_points(c[key]) for key in SWOT}
        data.update(
            contributor_ids=[contact.pk for contact in c["contributors"]],
            contributors_note=c["contributors_note"],
            preferred_channels=list(c["preferred_channels"]),
            response_urgent_hours=c["response_urgent_hours"],
            response_normal_hours=c["response_normal_hours"],
            response_low_hours=c["response_low_hours"],
            languages=domain.parse_list(c["languages"]),
            time_zones=domain.parse_list(c["time_zones"]),
            meeting_etiquette=c["meeting_etiquette"],
            uses_intermediary=c["uses_intermediary"],
            intermediary=c["intermediary"],
        )
        return data


class ContactRowForm(forms.Form):
    """One row of the target contact map: our contact ↔ their contact, level, purpose."""

    # The table shows no <label>s: each widget carries its column's name for screen readers.
    our_contact: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None,
        label=_("Our contact"),
        widget=forms.Select(attrs={"aria-label": _("Our contact")}),
    )
    their_contact: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, label=_("Their contact"),
        widget=forms.Select(attrs={"aria-label": _("Their contact")}),
    )  # fmt: skip
    # A blank first choice: an untouched extra row must post as unchanged (a preselected
    # level made every empty row "changed", so the plan could not be saved without a map).
    level = forms.ChoiceField(
        label=_("Level"),
        choices=[("", "—"), *Contact.Level.choices],
        widget=forms.Select(attrs={"aria-label": _("Level")}),
    )
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"aria-label": _("Purpose")}),
    )

    def __init__(self, *args: Any, supplier: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        contacts = Contact.objects.filter(supplier=supplier, archived=False)
        self.fields["our_contact"].queryset = contacts.filter(side=Contact.Side.OURS)  # type: ignore[attr-defined]
        self.fields["their_contact"].queryset = contacts.filter(side=Contact.Side.SUPPLIER)  # type: ignore[attr-defined]


ContactMapFormSet = forms.formset_factory(
    ContactRowForm, extra=2, can_delete=True, max_num=50, validate_max=True
)


def contact_map_initial(plan: RelationshipPlan | None) -> list[dict[str, Any]]:
    if plan is None:
        return []
    return [dict(row) for row in plan.contact_map]


def contact_map_data(formset: Any) -> list[dict[str, Any]]:
    rows = []
    for form in formset.forms:
        c = getattr(form, "cleaned_data", None)
        if not c or c.get("DELETE"):
            continue
        rows.append(
            {"our_contact": c["our_contact"].pk, "their_contact": c["their_contact"].pk,
             "level": c["level"], "purpose": c.get("purpose", "")}
        )  # fmt: skip
    return rows


class ObjectiveForm(forms.Form):
    title = forms.CharField(max_length=200, label=_("Objective"))
    owner: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Owner")
    )
    due_on = forms.DateField(label=_("Due"), widget=DateInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = colleagues()  # type: ignore[attr-defined]


class RecoveryPlanForm(forms.Form):
    trigger = forms.ChoiceField(
        label=_("What set this off"), choices=RecoveryPlan.Trigger.choices, widget=forms.RadioSelect
    )
    alert: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Linked alert (optional)")
    )
    acknowledgement = forms.CharField(
        label=_("The problem, named openly and without blame"), max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
    levels = forms.MultipleChoiceField(
        label=_("Levels to engage"),
        choices=[(key, _(label)) for key, label in domain.ENGAGEMENT_LEVELS.items()],
        required=False, widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    people: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("People to involve"), queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    cadence = forms.ChoiceField(
        label=_("Meeting cadence"), choices=RecoveryPlan.Cadence.choices, required=False
    )
    facilitator = forms.CharField(
        label=_("Neutral facilitator (optional)"), max_length=200, required=False
    )
    review_on = forms.DateField(label=_("Review on"), widget=DateInput)
    steps = forms.CharField(
        label=_("Small, low-risk steps"), required=False, max_length=10_000,
        help_text=_("One step per line; each becomes an action item due by the review."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )  # fmt: skip
    step_owner: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Owner of the steps")
    )

    def __init__(self, *args: Any, supplier: Any, alerts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["alert"].queryset = alerts  # type: ignore[attr-defined]
        self.fields["people"].queryset = Contact.objects.filter(  # type: ignore[attr-defined]
            supplier=supplier, archived=False
        ).order_by("side", "name")
        self.fields["step_owner"].queryset = colleagues()  # type: ignore[attr-defined]

    def data_for_service(self) -> dict[str, Any]:
        c = self.cleaned_data
        owner = c.get("step_owner")
        return {
            "trigger": c["trigger"], "alert": c.get("alert"),
            "acknowledgement": c["acknowledgement"], "levels": list(c["levels"]),
            "people": [p.pk for p in c["people"]], "cadence": c.get("cadence") or "",
            "facilitator": c.get("facilitator", ""), "review_on": c["review_on"],
            "steps": [{"title": t, "owner": owner} for t in domain.parse_points(c["steps"])],
        }  # fmt: skip
