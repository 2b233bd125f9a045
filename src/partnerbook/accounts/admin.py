from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.views import redirect_to_login
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import ApiToken, User


def _admins_only(request: HttpRequest) -> bool:
    """The Django admin is for Partnerbook administrators only, whatever is_staff says."""
    user = request.user
    return bool(user.is_active and user.is_staff and getattr(user, "role", None) == "admin")


_admin_login = admin.site.login


def _sign_in_on_the_sign_in_page(
    request: HttpRequest, extra_context: dict[str, Any] | None = None
) -> HttpResponse:
    """Signing in happens on Partnerbook's own page, whose second step (two-factor sign-in)
    the admin's password-only form would skip."""
    if request.method == "POST" or not request.user.is_authenticated:
        return redirect_to_login(request.GET.get("next") or reverse("admin:index"))
    return _admin_login(request, extra_context)


admin.site.has_permission = _admins_only  # type: ignore[method-assign]
admin.site.login = _sign_in_on_the_sign_in_page  # type: ignore[method-assign]
admin.site.site_header = "Partnerbook administration"

# django-otp's own admin pages show the secrets (and a QR code to copy someone's app); here an
# administrator only sees who has two-factor sign-in and can turn it off for them.
for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


@admin.register(User)
class UserAdmin(BaseUserAdmin, SimpleHistoryAdmin):
    list_display = ("username", "email", "first_name", "last_name", "role", "supplier", "is_active")
    list_filter = ("role", "is_active")
    fieldsets = (  # type: ignore[misc]
        *BaseUserAdmin.fieldsets,  # type: ignore[misc]
        ("Partnerbook", {"fields": ("role", "supplier", "contact", "oidc_subject")}),
    )
    autocomplete_fields = ("supplier",)
    raw_id_fields = ("contact",)
    actions = ("unlock_sign_in", "turn_off_two_factor")

    @admin.action(description="Unlock sign-in (forget failed attempts) for selected users")
    def unlock_sign_in(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        erased = services.unlock_sign_in(queryset)
        self.message_user(
            request,
            f"Sign-in unlocked for {queryset.count()} user(s); failed attempts from "
            f"{erased} address(es) forgotten.",
            messages.SUCCESS,
        )

    @admin.action(description="Turn off two-factor sign-in (lost phone) for selected users")
    def turn_off_two_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        actor: User = request.user  # type: ignore[assignment]
        users = [user for user in queryset if services.has_two_factor(user)]
        for user in users:
            services.remove_two_factor(actor, user)
        self.message_user(
            request,
            f"Two-factor sign-in turned off for {len(users)} user(s); they sign in with their "
            "password alone until they set it up again.",
            messages.SUCCESS,
        )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "key_hash", "created_at", "last_used_at")
