"""URL map of the whole site."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from partnerbook.accounts.views import RateLimitedPasswordResetView, SignInView
from partnerbook.api import api
from partnerbook.core import views as core_views

handler403 = "partnerbook.core.views.permission_denied"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    # The JavaScript's own texts in the page's language (gettext() in static/*.js).
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    # Django's sign-in, with the code step after the password for two-factor users.
    path("login/", SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Django's own password reset, under the names its views and e-mail expect.
    path(
        "account/password-reset/",
        RateLimitedPasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "account/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "account/password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "account/password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("account/", include("partnerbook.accounts.urls")),
    path("suppliers/", include("partnerbook.suppliers.urls")),
    path("segmentation/", include("partnerbook.segmentation.urls")),
    path("portfolio/", include("partnerbook.portfolio.urls")),
    path("relationship/", include("partnerbook.relationship.urls")),
    path("alerts/", include("partnerbook.alerts.urls")),
    path("actions/", include("partnerbook.actions.urls")),
    path("coverage/", include("partnerbook.coverage.urls")),
    path("plans/", include("partnerbook.plans.urls")),
    path("cadence/", include("partnerbook.cadence.urls")),
    path("practices/", include("partnerbook.practices.urls")),
    path("performance/", include("partnerbook.performance.urls")),
    path("reviews/", include("partnerbook.reviews.urls")),
    path("documents/", include("partnerbook.documents.urls")),
    path("sourcing/", include("partnerbook.sourcing.urls")),
    path("onboarding/", include("partnerbook.onboarding.urls")),
    path("playbook/", include("partnerbook.gate.urls")),
    path("issues/", include("partnerbook.conflicts.urls")),
    path("risk/", include("partnerbook.risk.urls")),
    path("economics/", include("partnerbook.economics.urls")),
    path("recognition/", include("partnerbook.recognition.urls")),
    path("tickets/", include("partnerbook.tickets.urls")),
    path("webhooks/", include("partnerbook.webhooks.urls")),
    path("portal/", include("partnerbook.portal.urls")),
    path("portal/documents/", include("partnerbook.documents.portal_urls")),
    path("portal/questions/", include("partnerbook.tickets.portal_urls")),
    path("portal/onboarding/", include("partnerbook.onboarding.portal_urls")),
    path("portal/", include("partnerbook.performance.portal_urls")),
    path("portal/meetings/", include("partnerbook.cadence.portal_urls")),
    path("portal/issues/", include("partnerbook.conflicts.portal_urls")),
    path("portal/actions/", include("partnerbook.actions.portal_urls")),
    path("portal/voice/", include("partnerbook.portal.voice_urls")),
    path("voice/", include("partnerbook.portal.supplier_urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
