from django.urls import path

from . import views

app_name = "cadence"
urlpatterns = [
    path("suppliers/<int:pk>/", views.supplier_cadence, name="supplier"),
    path("suppliers/<int:pk>/apply-proposal", views.apply_proposal, name="apply_proposal"),
    path("suppliers/<int:pk>/meetings/new", views.item_create, name="item_create"),
    path("suppliers/<int:pk>/meetings/<int:item_id>/edit", views.item_edit, name="item_edit"),
    path("suppliers/<int:pk>/meetings/<int:item_id>/next.ics", views.item_ics, name="item_ics"),
    path(
        "suppliers/<int:pk>/health-checks/new",
        views.health_check_create,
        name="health_check_create",
    ),
    path(
        "suppliers/<int:pk>/health-checks/<int:check_id>/",
        views.health_check_detail,
        name="health_check",
    ),
    path("overdue/", views.overdue, name="overdue"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("calendar/new-link", views.calendar_rotate, name="calendar_rotate"),
    path("calendar/upcoming.ics", views.upcoming_ics, name="upcoming_ics"),
    path("export.<str:fmt>", views.export, name="export"),
]
