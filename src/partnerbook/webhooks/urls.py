from django.urls import path

from . import views

app_name = "webhooks"
urlpatterns = [
    path("", views.webhook_list, name="list"),
    path("new", views.create, name="create"),
    path("<int:webhook_id>/", views.detail, name="detail"),
    path("<int:webhook_id>/edit", views.edit, name="edit"),
    path("<int:webhook_id>/secret", views.secret, name="secret"),
    path("<int:webhook_id>/secret/rotate", views.rotate, name="rotate"),
    path("<int:webhook_id>/active", views.switch, name="switch"),
    path("<int:webhook_id>/test", views.test, name="test"),
    path("<int:webhook_id>/remove", views.remove, name="remove"),
]
