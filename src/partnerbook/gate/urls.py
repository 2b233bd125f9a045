from django.urls import path

from . import views

app_name = "gate"
urlpatterns = [
    path("suppliers/<int:pk>/", views.supplier_playbook, name="supplier"),
]
