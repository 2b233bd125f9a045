from django.urls import path

from . import review_views, views

app_name = "portfolio"
urlpatterns = [
    path("", views.matrix, name="matrix"),
    path("export.<str:fmt>", views.export, name="export"),
    path("getting-started/", review_views.getting_started, name="getting_started"),
    path("review/", review_views.rounds, name="rounds"),
    path("review/settings/", review_views.review_settings, name="settings"),
    path("review/<int:round_id>/", review_views.round_detail, name="round"),
    path(
        "review/<int:round_id>/suppliers/<int:supplier_id>/decide",
        review_views.decide,
        name="decide",
    ),
    path("review/<int:round_id>/close", review_views.close, name="close"),
    path("review/<int:round_id>/report", review_views.report, name="report"),
    path("review/<int:round_id>/export.<str:fmt>", review_views.round_export, name="round_export"),
]
