from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("suppliers/<int:pk>/", views.supplier_plan, name="supplier"),
    path("suppliers/<int:pk>/edit", views.edit_plan, name="edit"),
    path("suppliers/<int:pk>/objectives/new", views.add_objective, name="objective_create"),
    path("suppliers/<int:pk>/revisions/", views.revisions, name="revisions"),
    path("suppliers/<int:pk>/revisions/<int:number>/", views.revision, name="revision"),
    path("suppliers/<int:pk>/print", views.print_plan, name="print"),
    path("suppliers/<int:pk>/recovery/new", views.new_recovery, name="recovery_create"),
]
