from django.urls import path

from . import portal_views

app_name = "portal_performance"
urlpatterns = [
    path("surveys/", portal_views.surveys, name="surveys"),
    path("surveys/rating", portal_views.rate_us, name="rate_us"),
    path("surveys/expectation", portal_views.expectation, name="expectation"),
    path("surveys/alignment", portal_views.alignment, name="alignment"),
    path("surveys/health-checks/<int:check_id>", portal_views.health_check, name="health_check"),
    path("scorecard/", portal_views.scorecard, name="scorecard"),
]
