from django.urls import path

from . import views

app_name = "onboarding"
urlpatterns = [
    path("faqs/", views.faqs, name="faqs"),
    path("faqs/<int:faq_id>/edit", views.faq_edit, name="faq_edit"),
    path("suppliers/<int:pk>/plan/new", views.plan_new, name="plan_new"),
    path("plans/<int:plan_id>/edit", views.plan_edit, name="plan_edit"),
    path("plans/<int:plan_id>/complete", views.plan_complete, name="plan_complete"),
    path("plans/<int:plan_id>/tasks/new", views.task_new, name="task_new"),
    path("plans/<int:plan_id>/tasks.<str:fmt>", views.export_tasks, name="export_tasks"),
    path("suppliers/<int:pk>/opportunities/new", views.opportunity_new, name="opportunity_new"),
    path(
        "opportunities/<int:opportunity_id>/edit",
        views.opportunity_edit,
        name="opportunity_edit",
    ),
]
