from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import ApiToken, User


def _admins_only(request: HttpRequest) -> bool:
    """The Django admin is for Partnerbook administrators only, whatever is_staff says."""
    user = request.user
    return bool(user.is_active and user.is_staff and getattr(user, "role", None) == "admin")


admin.site.has_permission = _admins_only  # type: ignore[method-assign]
admin.site.site_header = "Partnerbook administration"


@admin.register(User)
class UserAdmin(BaseUserAdmin, SimpleHistoryAdmin):
    list_display = ("username", "email", "first_name", "last_name", "role", "supplier", "is_active")
    list_filter = ("role", "is_active")
    fieldsets = (  # type: ignore[misc]
        *BaseUserAdmin.fieldsets,  # type: ignore[misc]
        ("Partnerbook", {"fields": ("role", "supplier", "contact")}),
    )
    autocomplete_fields = ("supplier",)
    raw_id_fields = ("contact",)
    actions = ("unlock_sign_in",)

    @admin.action(description="Unlock sign-in (forget failed attempts) for selected users")
    def unlock_sign_in(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        erased = services.unlock_sign_in(queryset)
        self.message_user(
            request,
            f"Sign-in unlocked for {queryset.count()} user(s); failed attempts from "
            f"{erased} address(es) forgotten.",
            messages.SUCCESS,
        )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "key_hash", "created_at", "last_used_at")
