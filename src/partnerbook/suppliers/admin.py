from typing import Any, cast

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from partnerbook.accounts.models import User

from . import services
from .models import Category, Contact, Supplier, Tag


class SupplierAdminForm(forms.ModelForm):
    """The admin's supplier form: a status change passes the same rules as on every other
    path (the lifecycle and the status guards, e.g. the decision checklist before active)."""

    override_reason = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Only to make a supplier active without the complete decision checklist "
        "(managers and administrators): why. Kept and shown on the supplier's page.",
    )
    actor: Any = None

    class Meta:
        model = Supplier
        fields = "__all__"  # noqa: DJ007 (the admin edits every field, as by default)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.status_before = self.instance.status if self.instance.pk else None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        target = cleaned.get("status")
        if self.status_before is None or not target or target == self.status_before:
            return cleaned
        current = Supplier.objects.get(pk=self.instance.pk)
        refusal = services.status_refusal(
            self.actor, current, target, cleaned.get("override_reason", "")
        )
        if refusal is not None:
            for name, messages in refusal.message_dict.items():
                self.add_error(
                    "override_reason" if name == "override_reason" else "status", messages
                )
        return cleaned


@admin.register(Supplier)
class SupplierAdmin(SimpleHistoryAdmin):
    form = SupplierAdminForm
    list_display = ("name", "status", "category", "country", "relationship_owner", "archived")
    list_filter = ("status", "archived", "category")
    search_fields = ("name", "legal_name", "external_id")

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        form.actor = request.user
        return form

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """Other fields are saved as they are; a status change goes through the service."""
        target = obj.status
        moving = change and form.status_before is not None and target != form.status_before
        if moving:
            obj.status = form.status_before
        super().save_model(request, obj, form, change)
        if moving:
            services.change_status(
                cast(User, request.user), obj, target, "Changed in the admin.",
                form.cleaned_data.get("override_reason", ""),
            )  # fmt: skip


@admin.register(Category)
class CategoryAdmin(SimpleHistoryAdmin):
    list_display = ("name", "parent")
    search_fields = ("name",)


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    list_display = ("name", "supplier", "side", "function", "level")
    list_filter = ("side", "function", "level")


admin.site.register(Tag)
