"""The supplier's voice in Django's admin. Concerns are read-only there and their list never
names a person for an anonymous one (nothing is stored to name); the author field is not
even shown for them."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from .models import Concern, SupplierMessage


@admin.register(SupplierMessage)
class SupplierMessageAdmin(SimpleHistoryAdmin):
    list_display = ("title", "kind", "supplier", "author", "created_at", "status")
    list_filter = ("kind", "status")
    search_fields = ("title", "supplier__name")
    raw_id_fields = ("supplier", "author", "replied_by")


@admin.register(Concern)
class ConcernAdmin(admin.ModelAdmin):
    list_display = ("raised_on", "supplier", "topic", "raised_by", "acknowledged_on")
    list_filter = ("topic", "anonymous")
    search_fields = ("supplier__name",)
    list_select_related = ("supplier", "author")
    ordering = ("-raised_on", "id")

    @admin.display(description="Raised by")
    def raised_by(self, concern: Concern) -> str:
        return concern.sender(concern.supplier.name)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = ["supplier", "topic", "text", "anonymous", "raised_on", "acknowledged_on"]
        if obj is not None and not obj.anonymous:
            fields.insert(4, "author")
        return fields

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.get_fields(request, obj)

    # Concerns arrive through the portal only, and stay as they were raised.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
