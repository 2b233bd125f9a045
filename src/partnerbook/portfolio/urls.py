from django.urls import path

from . import views

app_name = "portfolio"
urlpatterns = [
    path("", views.matrix, name="matrix"),
    path("export.<str:fmt>", views.export, name="export"),
]
