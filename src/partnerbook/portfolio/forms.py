"""Forms of the portfolio review: starting a round, deciding one supplier, closing a round,
and the strategic-partner limits."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partnerbook.accounts.models import INTERNAL_ROLES, User
from partnerbook.suppliers.models import Category, Supplier

from . import domain


class StartRoundForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=domain.MAX_TITLE)
    scope_kind = forms.ChoiceField(
        label=_("Scope"), choices=[(k, _(v)) for k, v in domain.SCOPES.items()],
        widget=forms.RadioSelect,
        initial=domain.SCOPE_ALL,
    )  # fmt: skip
    scope_category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.none(), required=False
    )
    scope_owner = forms.ModelChoiceField(
        label=_("Relationship owner"), queryset=User.objects.none(), required=False
    )
    suppliers = forms.ModelMultipleChoiceField(
        queryset=Supplier.objects.none(), required=False, label=_("Suppliers"),
        help_text=_("Hold Ctrl (or ⌘) to pick several."),
    )  # fmt: skip
    note = forms.CharField(
        required=False, max_length=domain.MAX_NOTE, widget=forms.Textarea(attrs={"rows": 2}),
        label=_("Note"),
    )  # fmt: skip

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["scope_category"].queryset = Category.objects.order_by("name")
        fields["scope_owner"].queryset = User.objects.filter(
            role__in=INTERNAL_ROLES, is_active=True
        ).order_by("first_name", "last_name", "username")
        fields["scope_owner"].label_from_instance = lambda u: u.display_name
        current = Supplier.objects.visible_to(user).filter(archived=False).exclude(status="exited")
        fields["suppliers"].queryset = current.order_by("name")
        fields["suppliers"].widget.attrs["size"] = 8

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if len(data.get("suppliers") or []) > domain.MAX_PICKED:
            self.add_error(
                "suppliers",
                gettext("At most %(count)s suppliers.") % {"count": domain.MAX_PICKED},
            )
        return data


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("", "—"), *((k, _(v)) for k, v in domain.DECISIONS.items())]
    )
    reason = forms.CharField(
        max_length=domain.MAX_REASON, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required: why this decision."),
        error_messages={"required": _("Give the reason for this decision.")},
    )  # fmt: skip

    def clean_reason(self) -> str:
        text = str(self.cleaned_data.get("reason") or "").strip()
        if not text:
            raise forms.ValidationError(gettext("Give the reason for this decision."))
        return text


class CloseRoundForm(forms.Form):
    note = forms.CharField(
        required=False, max_length=domain.MAX_NOTE, widget=forms.Textarea(attrs={"rows": 2}),
        label=_("Note"), help_text=_("What the round concluded (optional)."),
    )  # fmt: skip


class SettingsForm(forms.Form):
    owner_limit = forms.IntegerField(
        label=_("Strategic partners per relationship owner"),
        min_value=domain.MIN_LIMIT, max_value=domain.MAX_LIMIT,
    )  # fmt: skip
    team_limit = forms.IntegerField(
        label=_("Strategic partners for the whole team"),
        min_value=domain.MIN_LIMIT, max_value=domain.MAX_LIMIT,
    )  # fmt: skip
