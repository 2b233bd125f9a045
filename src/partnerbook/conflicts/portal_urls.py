from django.urls import path

from . import portal_views

app_name = "portal_conflicts"
urlpatterns = [
    path("", portal_views.issue_list, name="list"),
    path("new/", portal_views.raise_issue, name="new"),
    path("<int:issue_id>/", portal_views.issue_page, name="issue"),
    path("<int:issue_id>/steps/<str:step>/", portal_views.answer_step, name="step"),
    path(
        "<int:issue_id>/disciplines/<str:key>/",
        portal_views.answer_discipline,
        name="discipline",
    ),
]
