from django.urls import path

from . import views

app_name = "sourcing"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("new", views.project_create, name="project_create"),
    path("lessons/", views.lessons, name="lessons"),
    path("<int:pk>/", views.project_detail, name="project"),
    path("<int:pk>/edit", views.project_edit, name="project_edit"),
    path("<int:pk>/archive", views.project_archive, name="project_archive"),
    path("<int:pk>/criteria/new", views.criterion_add, name="criterion_create"),
    path("<int:pk>/criteria.csv", views.criteria_export, name="criteria_export"),
    path("<int:pk>/template", views.save_template, name="save_template"),
    path("<int:pk>/lessons/new", views.lesson_add, name="lesson_create"),
    path("criteria/<int:pk>/edit", views.criterion_edit, name="criterion_edit"),
    path("criteria/<int:pk>/remove", views.criterion_remove, name="criterion_remove"),
]
