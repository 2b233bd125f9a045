from django.urls import path

from . import views

app_name = "practices"
urlpatterns = [
    path("suppliers/<int:pk>/", views.supplier_practices, name="supplier"),
    path("suppliers/<int:pk>/new", views.practice_create, name="practice_create"),
    path("suppliers/<int:pk>/<int:practice_id>/edit", views.practice_edit, name="practice_edit"),
    path("suppliers/<int:pk>/<int:practice_id>/end", views.practice_end, name="practice_end"),
    path("suppliers/<int:pk>/agreements/new", views.agreement_create, name="agreement_create"),
    path(
        "suppliers/<int:pk>/agreements/<int:agreement_id>/archive",
        views.agreement_archive,
        name="agreement_archive",
    ),
    path("suppliers/<int:pk>/export.<str:fmt>", views.export, name="export"),
    path(
        "suppliers/<int:pk>/agreements.<str:fmt>",
        views.agreement_export,
        name="agreement_export",
    ),
    path("agreements/<int:agreement_id>/", views.agreement_detail, name="agreement"),
    path("agreements/export.<str:fmt>", views.agreements_export_all, name="agreements_export"),
]
