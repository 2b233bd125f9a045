from django.urls import path

from . import views

app_name = "segmentation"
urlpatterns = [
    path("settings/", views.scoring_settings, name="settings"),
    path("suppliers/<int:pk>/", views.supplier_segmentation, name="supplier"),
    path("suppliers/<int:pk>/factors", views.update_factors, name="factors"),
    path("suppliers/<int:pk>/override", views.override_quadrant, name="override"),
    path("suppliers/<int:pk>/override/remove", views.clear_override, name="clear_override"),
    path("suppliers/<int:pk>/model", views.choose_model, name="model"),
    path("suppliers/<int:pk>/expectations", views.set_expectations, name="expectations"),
    path("suppliers/<int:pk>/maturity", views.record_maturity_move, name="maturity"),
    path("suppliers/<int:pk>/alignment", views.record_alignment, name="alignment"),
]
