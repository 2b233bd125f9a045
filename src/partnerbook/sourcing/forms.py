"""Forms of sourcing projects, criteria and lessons."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partnerbook.accounts.models import MAX_DECISION_NOTE
from partnerbook.actions.forms import DateInput, colleagues
from partnerbook.core.concurrency import version_field
from partnerbook.suppliers.models import Category, Supplier

from . import domain
from .models import (
    MAX_NOTE,
    PILLAR_CHOICES,
    Candidate,
    CandidateCall,
    Criterion,
    Pilot,
    RampStage,
    SourcingProject,
    Validation,
)


class ProjectForm(forms.Form):
    """A sourcing project's need."""

    title = forms.CharField(label=_("Title"), max_length=200)
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.all())
    owner = forms.ModelChoiceField(
        label=_("Owner"),
        queryset=colleagues(),
        help_text=_("Who runs the project on our side."),
    )
    target_date = forms.DateField(label=_("Target date"), widget=DateInput)
    need = forms.CharField(
        label=_("What we need"), max_length=5000, required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )  # fmt: skip
    status = forms.ChoiceField(
        label=_("Status"), choices=SourcingProject.Status.choices, initial="open"
    )
    version = version_field()

    @classmethod
    def initial_for(cls, project: SourcingProject) -> dict[str, Any]:
        return {
            "title": project.title, "category": project.category_id,
            "owner": project.owner_id, "target_date": project.target_date,
            "need": project.need, "status": project.status, "version": project.version,
        }  # fmt: skip


class CriterionForm(forms.Form):
    """One criterion: must-have (leave the weight empty) or weighted (1 to 100)."""

    pillar = forms.ChoiceField(label=_("Side of the triangle"), choices=PILLAR_CHOICES)
    name = forms.CharField(label=_("Name"), max_length=domain.MAX_NAME)
    description = forms.CharField(
        label=_("Description"), max_length=domain.MAX_DESCRIPTION, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
    must_have = forms.BooleanField(label=_("Must-have (pass or fail)"), required=False)
    weight = forms.IntegerField(
        label=_("Weight"), min_value=1, max_value=domain.MAX_WEIGHT, required=False,
        help_text=_("1 to 100; leave empty for a must-have."),
    )  # fmt: skip
    version = version_field()

    @classmethod
    def initial_for(cls, criterion: Criterion) -> dict[str, Any]:
        return {
            "pillar": criterion.pillar, "name": criterion.name,
            "description": criterion.description, "must_have": criterion.must_have,
            "weight": criterion.weight, "version": criterion.version,
        }  # fmt: skip

    def data_for_service(self) -> dict[str, Any]:
        return {key: self.cleaned_data[key] for key in domain.CriterionSpec.__dataclass_fields__}


class LessonForm(forms.Form):
    text = forms.CharField(
        label=_("What we learned"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    supplier = forms.ModelChoiceField(
        label=_("Supplier"), queryset=Supplier.objects.none(), required=False,
        help_text=_("If the lesson is about one supplier."),
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["supplier"]
        field.queryset = Supplier.objects.filter(archived=False).order_by("name")


def _notes(label: Any, required: bool = True, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label, max_length=MAX_NOTE, required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
    )  # fmt: skip


class CandidateForm(forms.Form):
    """Add a candidate: an existing supplier, or a new prospect by name."""

    supplier = forms.ModelChoiceField(
        queryset=Supplier.objects.none(), required=False, label=_("Existing supplier")
    )
    prospect_name = forms.CharField(
        label=_("Or a new prospect"), max_length=200, required=False,
        help_text=_("Registered as a prospect in the project's category."),
    )  # fmt: skip
    source = forms.ChoiceField(label=_("Where we found it"), choices=Candidate.Source.choices)
    note = _notes(_("Note"), required=False, rows=2)

    def __init__(self, *args: Any, project: SourcingProject | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["supplier"]
        suppliers = Supplier.objects.filter(archived=False).order_by("name", "pk")
        if project is not None:  # those already on the project's lists are not offered again
            suppliers = suppliers.exclude(candidacies__project=project)
        field.queryset = suppliers


class CallForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CandidateCall.Kind.choices)
    held_on = forms.DateField(label=_("Held on"), widget=DateInput)
    person = forms.CharField(label=_("Who we spoke to"), max_length=120)
    organisation = forms.CharField(label=_("Their organisation"), max_length=200, required=False)
    notes = _notes(_("Notes"))


class ValidationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Validation.Kind.choices)
    done_on = forms.DateField(label=_("Done on"), widget=DateInput)
    result = forms.ChoiceField(label=_("Result"), choices=Validation.Result.choices)
    notes = _notes(_("Notes"))


MET_CHOICES = [("", _("Not marked")), ("yes", _("Met")), ("no", _("Not met"))]
SCORE_CHOICES: list[tuple[str, Any]] = [("", _("Not scored"))] + [
    (str(n), str(n)) for n in range(6)
]


class EvaluationForm(forms.Form):
    """The acting user's scorecard: every criterion of the project, must-haves met or not,
    weighted ones 0 to 5."""

    comment = _notes(_("Comment"), required=False, rows=2)
    version = version_field()

    def __init__(self, *args: Any, criteria: list[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for c in criteria:
            name = f"criterion_{c.pk}"
            if c.must_have:
                self.fields[name] = forms.ChoiceField(
                    label=gettext("%(name)s (must-have)") % {"name": c.name},
                    choices=MET_CHOICES,
                    required=False,
                )
            else:
                self.fields[name] = forms.TypedChoiceField(
                    label=gettext("%(name)s (weight %(weight)s)")
                    % {"name": c.name, "weight": c.weight},
                    choices=SCORE_CHOICES,
                    coerce=int, empty_value=None, required=False,
                )  # fmt: skip

    @property
    def criterion_fields(self) -> list[Any]:
        return [self[f"criterion_{c.pk}"] for c in self.criteria]

    @classmethod
    def initial_for(cls, evaluation: Any) -> dict[str, Any]:
        initial: dict[str, Any] = {"comment": evaluation.comment, "version": evaluation.version}
        for row in evaluation.scores.all():
            if row.met is not None:
                initial[f"criterion_{row.criterion_id}"] = "yes" if row.met else "no"
            elif row.score is not None:
                initial[f"criterion_{row.criterion_id}"] = str(row.score)
        return initial

    def scores_and_met(self) -> tuple[dict[int, int | None], dict[int, bool | None]]:
        scores: dict[int, int | None] = {}
        met: dict[int, bool | None] = {}
        for c in self.criteria:
            value = self.cleaned_data.get(f"criterion_{c.pk}")
            if c.must_have:
                met[c.pk] = {"yes": True, "no": False}.get(value or "")
            else:
                scores[c.pk] = value
        return scores, met


class PilotForm(forms.Form):
    """A pilot of a supplier, and later its outcome."""

    candidate = forms.ModelChoiceField(
        queryset=Candidate.objects.none(), required=False, label=_("For the candidacy"),
    )  # fmt: skip
    scope = _notes(_("Scope"), rows=2)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput)
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput)
    success_criteria = _notes(_("Success criteria"), rows=2)
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Pilot.Outcome.choices, initial="pending"
    )
    evidence = _notes(_("Evidence"), required=False, rows=2)
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput, required=False)
    version = version_field()

    def __init__(self, *args: Any, supplier: Supplier, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["candidate"]
        field.queryset = Candidate.objects.filter(supplier=supplier).select_related("project")
        field.label_from_instance = lambda c: c.project.title

    @classmethod
    def initial_for(cls, pilot: Pilot) -> dict[str, Any]:
        return {
            "candidate": pilot.candidate_id, "scope": pilot.scope,
            "starts_on": pilot.starts_on, "ends_on": pilot.ends_on,
            "success_criteria": pilot.success_criteria, "outcome": pilot.outcome,
            "evidence": pilot.evidence, "decided_on": pilot.decided_on,
            "version": pilot.version,
        }  # fmt: skip

    def data_for_service(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class RampStageForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=RampStage.Stage.choices)
    volume_allowed = forms.DecimalField(
        label=_("Volume allowed"), max_digits=14, decimal_places=2, min_value=0, required=False
    )
    volume_unit = forms.CharField(
        label=_("Counted in"), max_length=40, required=False, help_text=_("e.g. pallets a month")
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput)
    note = _notes(_("Note"), required=False, rows=2)


class DeclineForm(forms.Form):
    """Why a prospect's registration is declined; e-mailed to the registrant."""

    note = forms.CharField(
        label=_("Why (the registrant reads this)"), max_length=MAX_DECISION_NOTE, strip=True
    )
