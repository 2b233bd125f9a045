from django.urls import path

from . import views

app_name = "reviews"
urlpatterns = [
    path("suppliers/<int:pk>/", views.supplier_reviews, name="supplier"),
    path("suppliers/<int:pk>/new", views.record, name="create"),
    path("suppliers/<int:pk>/export.<str:fmt>", views.export, name="export"),
    path("<int:review_id>/", views.detail, name="detail"),
    path("<int:review_id>/edit", views.edit, name="edit"),
    path("<int:review_id>/pack", views.pack, name="pack"),
    path("<int:review_id>/archive", views.archive, name="archive"),
    path("<int:review_id>/restore", views.restore, name="restore"),
]
