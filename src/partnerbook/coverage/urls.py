from django.urls import path

from . import views

app_name = "coverage"

urlpatterns = [
    path("suppliers/<int:pk>/", views.supplier_coverage, name="supplier"),
]
