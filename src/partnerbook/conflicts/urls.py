from django.urls import path

from . import export_views, views

app_name = "conflicts"
urlpatterns = [
    path("", views.issue_list, name="list"),
    path("export/", export_views.export, name="export"),
    path("audit/", views.audit, name="audit"),
    path("statistics/", views.statistics, name="statistics"),
    path("supplier/<int:supplier_id>/", views.supplier_tab, name="supplier"),
    path("supplier/<int:supplier_id>/raise/", views.raise_issue, name="raise"),
    path("supplier/<int:supplier_id>/retrospectives/", views.retrospective, name="retrospective"),
    path("supplier/<int:supplier_id>/breaches/", views.breach, name="breach"),
    path("breaches/<int:breach_id>/recovery-plan/", views.breach_link, name="breach_link"),
    path("<int:issue_id>/", views.issue_detail, name="issue"),
    path("<int:issue_id>/edit/", views.edit, name="edit"),
    path("<int:issue_id>/steps/<str:step>/", views.step, name="step"),
    path("<int:issue_id>/actions/", views.action, name="action"),
    path("<int:issue_id>/move/", views.move, name="move"),
    path("<int:issue_id>/resolve/", views.resolve, name="resolve"),
    path("<int:issue_id>/reopen/", views.reopen, name="reopen"),
    path("<int:issue_id>/corrective-action/", views.car_open, name="car_open"),
    path("corrective-actions/<int:car_id>/", views.car, name="car"),
    path(
        "corrective-actions/<int:car_id>/disciplines/<str:key>/",
        views.discipline,
        name="discipline",
    ),
    path("corrective-actions/<int:car_id>/close/", views.car_close, name="car_close"),
]
