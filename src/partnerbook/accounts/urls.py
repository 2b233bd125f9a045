from django.urls import path

from . import notification_views, oidc, views

app_name = "accounts"
urlpatterns = [
    path("tokens/", views.tokens, name="tokens"),
    path("notifications/", notification_views.notification_settings, name="notifications"),
    path("language/", notification_views.language, name="language"),
    path("tokens/<int:token_id>/revoke/", views.revoke_token, name="revoke_token"),
    path("two-factor/", views.two_factor, name="two_factor"),
    path("two-factor/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/confirm/", views.two_factor_confirm, name="two_factor_confirm"),
    path(
        "two-factor/recovery-codes/",
        views.two_factor_recovery_codes,
        name="two_factor_recovery_codes",
    ),
    path("two-factor/disable/", views.two_factor_disable, name="two_factor_disable"),
    path("two-factor/verify/", views.two_factor_verify, name="two_factor_verify"),
    path("invitations/contact/<int:contact_id>/", views.invite, name="invite"),
    path(
        "invitations/<int:invitation_id>/revoke/",
        views.revoke_invitation,
        name="revoke_invitation",
    ),
    path("invitation/<str:token>/", views.accept_invitation, name="invitation"),
    path("register/", views.register, name="register"),
    path("register/thanks/", views.register_thanks, name="register_thanks"),
    # Single sign-on (OpenID Connect): 404 unless PARTNERBOOK_OIDC_* are set.
    path("sso/start/", oidc.SingleSignOnStartView.as_view(), name="sso_start"),
    path("sso/callback/", oidc.SingleSignOnCallbackView.as_view(), name="sso_callback"),
]
