"""The portal's "Talk to us" pages (supplier portal users only)."""

from django.urls import path

from . import voice_views

app_name = "portal_voice"
urlpatterns = [
    path("", voice_views.talk, name="talk"),
    path("suggestions/", voice_views.send_suggestion, name="suggest"),
    path("early-warnings/", voice_views.send_warning, name="warn"),
    path("concerns/", voice_views.raise_concern, name="concern"),
    path("messages/<int:pk>/", voice_views.message, name="message"),
]
