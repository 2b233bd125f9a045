"""URLs of reviewers' scores and the mutual scorecard (included by urls.py)."""

from django.urls import path

from . import rating_views

urlpatterns = [
    path("suppliers/<int:pk>/scores/give", rating_views.rating_give, name="rating_give"),
    path(
        "suppliers/<int:pk>/scores/export.<str:fmt>",
        rating_views.ratings_export,
        name="ratings_export",
    ),
    path("suppliers/<int:pk>/mutual-scorecard", rating_views.mutual_edit, name="mutual_edit"),
    path(
        "suppliers/<int:pk>/mutual-scorecard/export.<str:fmt>",
        rating_views.mutual_export,
        name="mutual_export",
    ),
]
