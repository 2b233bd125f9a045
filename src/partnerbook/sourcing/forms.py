"""Forms of sourcing projects, criteria and lessons."""

from __future__ import annotations

from typing import Any

from django import forms

from partnerbook.actions.forms import DateInput, colleagues
from partnerbook.core.concurrency import version_field
from partnerbook.suppliers.models import Category, Supplier

from . import domain
from .models import PILLAR_CHOICES, Criterion, SourcingProject


class ProjectForm(forms.Form):
    """A sourcing project's need."""

    title = forms.CharField(max_length=200)
    category = forms.ModelChoiceField(queryset=Category.objects.all())
    owner = forms.ModelChoiceField(
        queryset=colleagues(),
        help_text="Who runs the project on our side.",
    )
    target_date = forms.DateField(label="Target date", widget=DateInput)
    need = forms.CharField(
        label="What we need", max_length=5000, required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )  # fmt: skip
    status = forms.ChoiceField(choices=SourcingProject.Status.choices, initial="open")
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

    pillar = forms.ChoiceField(label="Side of the triangle", choices=PILLAR_CHOICES)
    name = forms.CharField(max_length=domain.MAX_NAME)
    description = forms.CharField(
        max_length=domain.MAX_DESCRIPTION, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
    must_have = forms.BooleanField(label="Must-have (pass or fail)", required=False)
    weight = forms.IntegerField(
        min_value=1, max_value=domain.MAX_WEIGHT, required=False,
        help_text="1 to 100; leave empty for a must-have.",
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
        label="What we learned", max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    supplier = forms.ModelChoiceField(
        queryset=Supplier.objects.none(), required=False,
        help_text="If the lesson is about one supplier.",
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["supplier"]
        field.queryset = Supplier.objects.filter(archived=False).order_by("name")
