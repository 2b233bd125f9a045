from django.urls import path

from . import views

app_name = "sourcing"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("new", views.project_create, name="project_create"),
    path("lessons/", views.lessons, name="lessons"),
    path("registrations/", views.registration_list, name="registrations"),
    path(
        "registrations/<int:registration_id>/approve",
        views.approve_registration,
        name="approve_registration",
    ),
    path(
        "registrations/<int:registration_id>/decline",
        views.decline_registration,
        name="decline_registration",
    ),
    path("<int:pk>/", views.project_detail, name="project"),
    path("<int:pk>/edit", views.project_edit, name="project_edit"),
    path("<int:pk>/archive", views.project_archive, name="project_archive"),
    path("<int:pk>/criteria/new", views.criterion_add, name="criterion_create"),
    path("<int:pk>/criteria.csv", views.criteria_export, name="criteria_export"),
    path("<int:pk>/template", views.save_template, name="save_template"),
    path("<int:pk>/lessons/new", views.lesson_add, name="lesson_create"),
    path("<int:pk>/candidates/new", views.candidate_add, name="candidate_create"),
    path("<int:pk>/candidates.<str:fmt>", views.candidates_export, name="candidates_export"),
    path("candidates/<int:pk>/", views.candidate_detail, name="candidate"),
    path("candidates/<int:pk>/move", views.candidate_move, name="candidate_move"),
    path("candidates/<int:pk>/calls/new", views.call_add, name="call_create"),
    path("candidates/<int:pk>/validations/new", views.validation_add, name="validation_create"),
    path("candidates/<int:pk>/evaluation", views.evaluation_submit, name="evaluation"),
    path("suppliers/<int:pk>/pilots/new", views.pilot_create, name="pilot_create"),
    path("pilots/<int:pilot_id>/edit", views.pilot_edit, name="pilot_edit"),
    path("suppliers/<int:pk>/ramp/new", views.ramp_create, name="ramp_create"),
    path("criteria/<int:pk>/edit", views.criterion_edit, name="criterion_edit"),
    path("criteria/<int:pk>/remove", views.criterion_remove, name="criterion_remove"),
]
