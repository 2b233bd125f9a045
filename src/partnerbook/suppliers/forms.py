"""Web forms of the supplier registry. They only parse input; services do the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partnerbook.accounts.models import INTERNAL_ROLES, User
from partnerbook.core.concurrency import version_field

from .domain import STATUS_LABELS, allowed_next
from .models import Category, Contact, Supplier
from .services import normalise_tags


class VersionedModelForm(forms.ModelForm):
    """A model form that carries the version of the record it edits, so that the service can
    refuse the save when someone else saved the record after the form was loaded."""

    version = version_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("version", self.instance.version)
        else:
            del self.fields["version"]


class SupplierForm(VersionedModelForm):
    annual_spend = forms.DecimalField(
        required=False, min_value=0, max_digits=16, decimal_places=2, label=_("Annual spend"),
        help_text=_("What we spend with this supplier in a year."),
    )  # fmt: skip
    website = forms.URLField(
        required=False, max_length=300, assume_scheme="https", label=_("Website")
    )
    tags = forms.CharField(
        required=False,
        max_length=500,
        label=_("Tags"),
        help_text=_("Comma-separated, e.g. sole-source, eu"),
    )

    class Meta:
        model = Supplier
        fields = [
            "name", "legal_name", "category", "country", "website", "status",
            "annual_spend", "currency", "relationship_owner", "external_id", "notes",
        ]  # fmt: skip
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "name": _("Name"), "legal_name": _("Legal name"), "category": _("Category"),
            "country": _("Country"), "status": _("Status"), "currency": _("Currency"),
            "relationship_owner": _("Relationship owner"), "external_id": _("External id"),
            "notes": _("Notes"),
        }  # fmt: skip
        help_texts = {
            "external_id": _("The supplier's number in the ERP, used to match imports."),
        }

    def __init__(self, *args: Any, can_assign_owner: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner_field = self.fields["relationship_owner"]
        owner_field.queryset = User.objects.filter(  # type: ignore[attr-defined]
            role__in=INTERNAL_ROLES, is_active=True
        ).order_by("first_name", "last_name", "username")
        owner_field.disabled = not can_assign_owner
        if self.instance.pk:
            # Status moves have their own action, with transition rules.
            del self.fields["status"]
            self.initial["tags"] = ", ".join(t.name for t in self.instance.tags.all())
        category_field: Any = self.fields["category"]
        category_field.queryset = Category.objects.order_by("name")
        category_field.empty_label = gettext("— no category —")
        owner_field.empty_label = gettext("— nobody yet —")  # type: ignore[attr-defined]
        country_field: Any = self.fields["country"]
        country_field.choices = [("", gettext("— not set —")), *list(country_field.choices)[1:]]

    def clean_tags(self) -> list[str]:
        raw = self.cleaned_data.get("tags") or ""
        try:
            return normalise_tags(raw.split(","))
        except forms.ValidationError as exc:
            raise forms.ValidationError(exc.messages) from exc

    def clean_currency(self) -> str:
        return (self.cleaned_data.get("currency") or "").strip().upper()

    def clean_external_id(self) -> str:
        return (self.cleaned_data.get("external_id") or "").strip()

    def _post_clean(self) -> None:
        # The service validates the model (including constraints) once, on save.
        pass


class StatusChangeForm(forms.Form):
    status = forms.ChoiceField(choices=[])
    note = forms.CharField(required=False, max_length=500, widget=forms.TextInput)
    override_reason = forms.CharField(required=False, max_length=2000)

    def __init__(self, *args: Any, supplier: Supplier, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Every status is accepted here so that an illegal move gets the service's explanation.
        status_field: Any = self.fields["status"]
        status_field.choices = [(s.value, gettext(STATUS_LABELS[s])) for s in STATUS_LABELS]
        self.allowed = [(s.value, gettext(STATUS_LABELS[s])) for s in allowed_next(supplier.status)]


class ContactForm(VersionedModelForm):
    class Meta:
        model = Contact
        fields = ["side", "name", "job_title", "function", "level", "email", "phone"]
        labels = {
            "side": _("Side"), "name": _("Name"), "job_title": _("Job title"),
            "function": _("Function"), "level": _("Level"), "email": _("Email"),
            "phone": _("Phone"),
        }  # fmt: skip

    def _post_clean(self) -> None:
        pass


class CategoryForm(VersionedModelForm):
    class Meta:
        model = Category
        fields = ["name", "parent", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        labels = {"name": _("Name"), "parent": _("Parent"), "description": _("Description")}

    def _post_clean(self) -> None:
        pass
