from django.urls import path

from . import views

app_name = "relationship"
urlpatterns = [
    path("suppliers/<int:pk>/", views.supplier_relationship, name="supplier"),
    path(
        "suppliers/<int:pk>/interactions/new", views.interaction_create, name="interaction_create"
    ),
    path(
        "suppliers/<int:pk>/interactions/<int:interaction_id>/edit",
        views.interaction_edit,
        name="interaction_edit",
    ),
    path("suppliers/<int:pk>/trust/new", views.trust_entry_create, name="trust_create"),
    path("suppliers/<int:pk>/recompute", views.recompute_supplier, name="recompute_supplier"),
    path("health/", views.portfolio_health, name="health"),
    path("health/recompute", views.recompute_all, name="recompute_all"),
    path("settings/", views.relationship_settings, name="settings"),
]
