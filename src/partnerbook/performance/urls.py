from django.urls import path

from . import rating_urls, views

app_name = "performance"
urlpatterns = [
    path("", views.portfolio, name="portfolio"),
    path("suppliers/<int:pk>/", views.supplier_performance, name="supplier"),
    path(
        "suppliers/<int:pk>/measurements/new", views.measurement_create, name="measurement_create"
    ),
    path("suppliers/<int:pk>/standard-kpis", views.install_defaults, name="install_defaults"),
    path("suppliers/<int:pk>/export.<str:fmt>", views.export, name="export"),
    path("kpis/", views.kpi_list, name="kpis"),
    path("kpis/new", views.kpi_create, name="kpi_create"),
    path("kpis/export.<str:fmt>", views.kpi_export, name="kpi_export"),
    path(
        "suppliers/<int:pk>/<str:what>.<str:fmt>",
        views.supplier_data_export,
        name="supplier_data_export",
    ),
    path("kpis/<int:kpi_id>/edit", views.kpi_edit, name="kpi_edit"),
    path("suppliers/<int:pk>/kpis/new", views.supplier_kpi_create, name="supplier_kpi_create"),
    *rating_urls.urlpatterns,
]
