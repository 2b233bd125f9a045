from django.urls import path

from . import portal_views

app_name = "portal_onboarding"
urlpatterns = [
    path("", portal_views.space, name="space"),
    path("tasks/<int:task_id>/", portal_views.tick, name="tick"),
]
