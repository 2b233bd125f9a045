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
    *rating_urls.urlpatterns,
]
