from django.urls import path

from . import notification_views, views

app_name = "accounts"
urlpatterns = [
    path("tokens/", views.tokens, name="tokens"),
    path("notifications/", notification_views.notification_settings, name="notifications"),
    path("tokens/<int:token_id>/revoke/", views.revoke_token, name="revoke_token"),
    path("invitations/contact/<int:contact_id>/", views.invite, name="invite"),
    path(
        "invitations/<int:invitation_id>/revoke/",
        views.revoke_invitation,
        name="revoke_invitation",
    ),
    path("invitation/<str:token>/", views.accept_invitation, name="invitation"),
    path("register/", views.register, name="register"),
    path("register/thanks/", views.register_thanks, name="register_thanks"),
]
