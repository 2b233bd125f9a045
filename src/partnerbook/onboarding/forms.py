"""Forms of onboarding plans, their tasks and growth opportunities."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partnerbook.actions.forms import colleagues
from partnerbook.core.concurrency import version_field
from partnerbook.reviews.models import BusinessReview
from partnerbook.suppliers.models import Contact

from . import domain
from .models import MILESTONE_CHOICES, SIDE_CHOICES, OnboardingPlan, Opportunity


class DateInput(forms.DateInput):
    input_type = "date"


def _text(label: Any, rows: int = 2, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class PlanForm(forms.Form):
    """Start a plan from the 30-60-90 template."""

    point_of_contact: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, label=_("Our point of contact")
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput, required=False,
                                help_text=_("Left empty: today."))  # fmt: skip
    success_30 = _text(_("Success after 30 days"))
    success_60 = _text(_("Success after 60 days"))
    success_90 = _text(_("Success after 90 days"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial", {f"success_{m}": domain.SUCCESS_CRITERIA[m] for m in domain.MILESTONES}
        )
        super().__init__(*args, **kwargs)
        self.fields["point_of_contact"].queryset = colleagues()  # type: ignore[attr-defined]

    def data_for_service(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if v not in (None,)}


class PlanEditForm(PlanForm):
    version = version_field()

    @staticmethod
    def initial_for(plan: OnboardingPlan) -> dict[str, Any]:
        return {
            "point_of_contact": plan.point_of_contact,
            "starts_on": plan.starts_on,
            **{f: getattr(plan, f) for f in ("success_30", "success_60", "success_90")},
            "version": plan.version,
        }

    def data_for_service(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class TaskForm(forms.Form):
    """A task added to a plan; without an owner, the plan's defaults apply."""

    milestone = forms.TypedChoiceField(label=_("Milestone"), choices=MILESTONE_CHOICES, coerce=int)
    side = forms.ChoiceField(label=_("Side"), choices=SIDE_CHOICES)
    title = forms.CharField(label=_("Title"), max_length=200)
    detail = forms.CharField(
        label=_("Detail"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000
    )
    owner: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Owner (our side)")
    )
    owner_contact: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Or owner on their side")
    )
    due_on = forms.DateField(label=_("Due"), widget=DateInput, required=False,
                             help_text=_("Left empty: the end of the milestone."))  # fmt: skip

    def __init__(self, *args: Any, supplier: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = colleagues()  # type: ignore[attr-defined]
        self.fields["owner_contact"].queryset = Contact.objects.filter(  # type: ignore[attr-defined]
            supplier=supplier, side=Contact.Side.SUPPLIER, archived=False
        )

    def data_for_service(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class OpportunityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Opportunity.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=5000,
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=Opportunity.Status.choices, initial="idea"
    )
    outcome = forms.CharField(
        label=_("Outcome"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=5000,
        help_text=_("Required once it is won or dropped."),
    )
    review: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Discussed at the business review")
    )

    def __init__(self, *args: Any, supplier: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["review"].queryset = BusinessReview.objects.filter(  # type: ignore[attr-defined]
            supplier=supplier, archived=False
        ).order_by("-period")

    def data_for_service(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class OpportunityEditForm(OpportunityForm):
    version = version_field()

    @staticmethod
    def initial_for(opportunity: Opportunity) -> dict[str, Any]:
        return {
            "kind": opportunity.kind,
            "title": opportunity.title,
            "description": opportunity.description,
            "status": opportunity.status,
            "outcome": opportunity.outcome,
            "review": opportunity.review,
            "version": opportunity.version,
        }


class FaqForm(forms.Form):
    """A question new suppliers often ask, shown in their portal's onboarding space."""

    question = forms.CharField(label=_("Question"), max_length=300)
    answer = forms.CharField(
        label=_("Answer"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    position = forms.IntegerField(
        label=_("Position"),
        min_value=0,
        max_value=32767,
        initial=100,
        help_text=_("Lower comes first."),
    )
    published = forms.BooleanField(
        label=pgettext_lazy("FAQ", "Published"),
        required=False,
        initial=True,
        help_text=_("Shown to suppliers in their portal."),
    )

    @staticmethod
    def initial_for(faq: Any) -> dict[str, Any]:
        return {
            "question": faq.question, "answer": faq.answer, "position": faq.position,
            "published": faq.published,
        }  # fmt: skip
