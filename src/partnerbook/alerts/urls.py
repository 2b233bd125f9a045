from django.urls import path

from . import views

app_name = "alerts"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("digest", views.digest, name="digest"),
    path("<int:alert_id>/", views.alert_detail, name="detail"),
    path("<int:alert_id>/handle", views.handle, name="handle"),
]
