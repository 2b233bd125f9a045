"""URLs of reviewers' scores and the mutual scorecard (included by urls.py)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
