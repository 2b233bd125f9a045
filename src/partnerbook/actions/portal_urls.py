from django.urls import path

from . import portal_views

app_name = "portal_actions"
urlpatterns = [
    path("", portal_views.your_actions, name="list"),
    path("<int:item_id>/", portal_views.update_action, name="update"),
]
